/* rubric-worklog-payment-dialog.c
 *
 * A payment received: the day, the payer, through whom, the gross, the
 * fees or the net (the other follows, as in rubric-cli log pay), the
 * currency and the tax form to expect. A mistake is said above the
 * fields, the field is marked and nothing is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog-payment-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-error.h"
#include "rubric-worklog-payment-dialog.h"
#include "rubric-worklog.h"

/* The order of the form choices. */
static const RubricTaxForm forms[] = { RUBRIC_TAX_FORM_NONE, RUBRIC_TAX_FORM_1099_NEC, RUBRIC_TAX_FORM_1099_K };

struct _RubricWorklogPaymentDialog
{
  AdwWindow     parent_instance;

  RubricStore  *store;
  GtkWidget    *wrong_row;   /* marked as the one to correct */

  GtkLabel     *error_label;
  AdwEntryRow  *date_row;
  GtkPopover   *calendar_popover;
  GtkCalendar  *calendar;
  AdwEntryRow  *payer_row;
  AdwEntryRow  *processor_row;
  AdwComboRow  *form_row;
  AdwEntryRow  *gross_row;
  AdwEntryRow  *fees_row;
  AdwEntryRow  *net_row;
  AdwEntryRow  *currency_row;
  AdwEntryRow  *note_row;
};

G_DEFINE_FINAL_TYPE (RubricWorklogPaymentDialog, rubric_worklog_payment_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What was typed, without the spaces around it. */
static char *
typed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static void
clear_mistake (RubricWorklogPaymentDialog *self)
{
  if (self->wrong_row != NULL)
    gtk_widget_remove_css_class (self->wrong_row, "error");
  self->wrong_row = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

static gboolean
show_mistake (RubricWorklogPaymentDialog *self,
              AdwEntryRow                *row,
              const GError               *error)
{
  g_autofree char *message = g_strdup (error->message);

  message[0] = g_ascii_toupper (message[0]);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  self->wrong_row = GTK_WIDGET (row);
  return FALSE;
}

/* An amount of the payment's currency, if one was typed. */
static gboolean
read_amount (RubricWorklogPaymentDialog  *self,
             AdwEntryRow                 *row,
             const char                  *currency,
             gint64                      *minor,
             gboolean                    *given,
             GError                     **error)
{
  g_autofree char *text = typed (row);

  *given = *text != '\0' || row == self->gross_row;
  if (*given && !rubric_money_parse (text, currency, minor, error))
    return show_mistake (self, row, *error);
  return TRUE;
}

/* Net is gross minus fees: either may be left out. */
static gboolean
read_amounts (RubricWorklogPaymentDialog  *self,
              RubricPayment               *payment,
              GError                     **error)
{
  g_autofree char *currency = typed (self->currency_row);
  gboolean has_gross, has_fees, has_net;

  if (!rubric_currency_normalize (currency, payment->currency, error))
    return show_mistake (self, self->currency_row, *error);
  if (!read_amount (self, self->gross_row, payment->currency, &payment->gross, &has_gross, error) ||
      !read_amount (self, self->fees_row, payment->currency, &payment->fees, &has_fees, error) ||
      !read_amount (self, self->net_row, payment->currency, &payment->net, &has_net, error))
    return FALSE;
  /* Said of the field typed wrong, before the net it makes is. */
  if (payment->fees > payment->gross)
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("The fees are more than the gross amount"));
      return show_mistake (self, self->fees_row, *error);
    }
  if (has_net && payment->net > payment->gross)
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("The net amount is more than the gross"));
      return show_mistake (self, self->net_row, *error);
    }
  if (!has_net)
    payment->net = payment->gross - payment->fees;
  else if (!has_fees)
    payment->fees = payment->gross - payment->net;
  return TRUE;
}

static gboolean
read_payment (RubricWorklogPaymentDialog  *self,
              RubricPayment               *payment,
              GError                     **error)
{
  g_autofree char *day_text = typed (self->date_row);
  GDate day;

  if (!rubric_worklog_parse_day (day_text, &day, error))
    return show_mistake (self, self->date_row, *error);
  rubric_worklog_format_day (&day, payment->day);
  payment->payer = typed (self->payer_row);
  payment->processor = typed (self->processor_row);
  payment->note = typed (self->note_row);
  payment->form = forms[MIN (adw_combo_row_get_selected (self->form_row), G_N_ELEMENTS (forms) - 1)];
  if (*payment->payer == '\0')
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("Say who paid"));
      return show_mistake (self, self->payer_row, *error);
    }
  if (!read_amounts (self, payment, error))
    return FALSE;
  if (!rubric_payment_check (payment, error))
    return show_mistake (self, NULL, *error);
  return TRUE;
}

static void
day_selected_cb (RubricWorklogPaymentDialog *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->date_row), text);
  gtk_popover_popdown (self->calendar_popover);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RubricWorklogPaymentDialog *self = RUBRIC_WORKLOG_PAYMENT_DIALOG (widget);
  g_auto(RubricPayment) payment = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  clear_mistake (self);
  if (!read_payment (self, &payment, &error))
    return;
  if ((id = rubric_worklog_add_payment (self->store, &payment, &error)) == 0)
    {
      show_mistake (self, NULL, error);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
rubric_worklog_payment_dialog_dispose (GObject *object)
{
  RubricWorklogPaymentDialog *self = RUBRIC_WORKLOG_PAYMENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_WORKLOG_PAYMENT_DIALOG);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (rubric_worklog_payment_dialog_parent_class)->dispose (object);
}

static void
rubric_worklog_payment_dialog_class_init (RubricWorklogPaymentDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_worklog_payment_dialog_dispose;

  /**
   * RubricWorklogPaymentDialog::saved:
   * @id: the payment's id
   *
   * The payment was written to the workspace; the dialog closes.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-worklog-payment-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, payer_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, processor_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, form_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, gross_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, fees_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, net_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, currency_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogPaymentDialog, note_row);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);

  gtk_widget_class_install_action (widget_class, "payment.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rubric_worklog_payment_dialog_init (RubricWorklogPaymentDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_a11y_name_combo_row_items (self->form_row);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
}

/**
 * rubric_worklog_payment_dialog_new:
 *
 * Returns: (transfer none): the dialog, to be presented
 */
RubricWorklogPaymentDialog *
rubric_worklog_payment_dialog_new (GtkWindow   *parent,
                                   RubricStore *store)
{
  RubricWorklogPaymentDialog *self;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  self = g_object_new (RUBRIC_TYPE_WORKLOG_PAYMENT_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  return self;
}
