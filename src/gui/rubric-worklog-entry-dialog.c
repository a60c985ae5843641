/* rubric-worklog-entry-dialog.c
 *
 * A manual entry of the work log, new or changed: the day, a start and
 * an end or a duration, the platform, a note and how it is paid. What
 * is typed is read as rubric-cli log add reads its options and checked
 * by the core; a mistake is said above the fields, the field is marked
 * and nothing is written. The dialog stays open until the entry is
 * saved, and says so with "saved".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog-entry-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-error.h"
#include "rubric-worklog-entry-dialog.h"
#include "rubric-worklog.h"

enum
{
  TIME_START_END,
  TIME_DURATION,
};

/* The order of the "Paid" choices. */
static const RubricRateKind rate_kinds[] = { RUBRIC_RATE_NONE, RUBRIC_RATE_HOURLY, RUBRIC_RATE_AMOUNT };

struct _RubricWorklogEntryDialog
{
  AdwWindow       parent_instance;

  RubricStore    *store;
  RubricLogEntry *original;       /* the entry edited; NULL for a new one */
  char           *shown_start;    /* the original's times as shown, HH:MM */
  char           *shown_end;
  GtkWidget      *wrong_row;      /* marked as the one to correct */

  GtkWidget      *save_button;
  GtkLabel       *error_label;
  AdwEntryRow    *date_row;
  GtkPopover     *calendar_popover;
  GtkCalendar    *calendar;
  AdwComboRow    *time_kind_row;
  AdwEntryRow    *start_row;
  AdwEntryRow    *end_row;
  GtkWidget      *hours_row;
  GtkWidget      *minutes_row;
  GtkSpinButton  *hours;
  GtkSpinButton  *minutes;
  AdwEntryRow    *platform_row;
  AdwEntryRow    *note_row;
  AdwComboRow    *rate_kind_row;
  AdwEntryRow    *amount_row;
  AdwEntryRow    *currency_row;
};

G_DEFINE_FINAL_TYPE (RubricWorklogEntryDialog, rubric_worklog_entry_dialog, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

/* The day's clock time of @time; 24:00 for the midnight that ends @day. */
static char *
clock_of (gint64      time,
          const char *day)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (time / 1000);
  g_autofree char *local_day = g_date_time_format (local, "%Y-%m-%d");

  if (g_strcmp0 (local_day, day) != 0 && g_date_time_get_hour (local) == 0 && g_date_time_get_minute (local) == 0)
    return g_strdup ("24:00");
  return g_date_time_format (local, "%H:%M");
}

static void
clear_mistake (RubricWorklogEntryDialog *self)
{
  if (self->wrong_row != NULL)
    gtk_widget_remove_css_class (self->wrong_row, "error");
  self->wrong_row = NULL;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* Says what is wrong, above the fields, and marks the field. */
static gboolean
show_mistake (RubricWorklogEntryDialog *self,
              GtkWidget                *row,
              const GError             *error)
{
  g_autofree char *message = g_strdup (error->message);

  message[0] = g_ascii_toupper (message[0]);
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_widget_grab_focus (row);
    }
  self->wrong_row = row;
  return FALSE;
}

/* The original's times, unless the person changed them: an entry over
 * midnight, or longer than a day, keeps its times when only its
 * platform or rate is edited. */
static gboolean
times_unchanged (RubricWorklogEntryDialog *self,
                 const char               *day)
{
  RubricLogEntry *original = self->original;

  if (original == NULL || g_strcmp0 (day, original->day) != 0)
    return FALSE;
  if (original->started_at != 0)
    return adw_combo_row_get_selected (self->time_kind_row) == TIME_START_END &&
           g_strcmp0 (text_of (self->start_row), self->shown_start) == 0 &&
           g_strcmp0 (text_of (self->end_row), self->shown_end) == 0;
  return adw_combo_row_get_selected (self->time_kind_row) == TIME_DURATION &&
         gtk_spin_button_get_value_as_int (self->hours) == original->duration_ms / 3600000 &&
         gtk_spin_button_get_value_as_int (self->minutes) == original->duration_ms / 60000 % 60;
}

static gboolean
read_start_end (RubricWorklogEntryDialog  *self,
                const GDate               *day,
                RubricLogEntry            *entry,
                GError                   **error)
{
  if (!rubric_worklog_local_time (day, text_of (self->start_row), &entry->started_at, error))
    return show_mistake (self, GTK_WIDGET (self->start_row), *error);
  if (!rubric_worklog_local_time (day, text_of (self->end_row), &entry->ended_at, error))
    return show_mistake (self, GTK_WIDGET (self->end_row), *error);
  if (entry->ended_at <= entry->started_at)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("The end (%s) is not after the start (%s)"),
                   text_of (self->end_row), text_of (self->start_row));
      return show_mistake (self, GTK_WIDGET (self->end_row), *error);
    }
  entry->duration_ms = entry->ended_at - entry->started_at;
  return TRUE;
}

static gboolean
read_duration (RubricWorklogEntryDialog  *self,
               RubricLogEntry            *entry,
               GError                   **error)
{
  gint64 minutes = gtk_spin_button_get_value_as_int (self->hours) * 60 + gtk_spin_button_get_value_as_int (self->minutes);

  if (minutes <= 0 || minutes > 24 * 60)
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                           _("The time worked must be more than nothing and at most 24 hours"));
      return show_mistake (self, self->hours_row, *error);
    }
  entry->started_at = entry->ended_at = 0;
  entry->duration_ms = minutes * 60 * 1000;
  return TRUE;
}

static gboolean
read_when (RubricWorklogEntryDialog  *self,
           RubricLogEntry            *entry,
           GError                   **error)
{
  g_autofree char *typed = g_strstrip (g_strdup (text_of (self->date_row)));
  GDate day;

  if (!rubric_worklog_parse_day (typed, &day, error))
    return show_mistake (self, GTK_WIDGET (self->date_row), *error);
  rubric_worklog_format_day (&day, entry->day);
  if (times_unchanged (self, entry->day))
    {
      entry->started_at = self->original->started_at;
      entry->ended_at = self->original->ended_at;
      entry->duration_ms = self->original->duration_ms;
      return TRUE;
    }
  if (adw_combo_row_get_selected (self->time_kind_row) == TIME_DURATION)
    return read_duration (self, entry, error);
  return read_start_end (self, &day, entry, error);
}

static gboolean
read_rate (RubricWorklogEntryDialog  *self,
           RubricLogEntry            *entry,
           GError                   **error)
{
  RubricRateKind kind = rate_kinds[MIN (adw_combo_row_get_selected (self->rate_kind_row), G_N_ELEMENTS (rate_kinds) - 1)];
  g_autofree char *amount = g_strstrip (g_strdup (text_of (self->amount_row)));
  g_autofree char *currency = g_strstrip (g_strdup (text_of (self->currency_row)));
  char code[RUBRIC_CURRENCY_LEN];

  if (kind == RUBRIC_RATE_NONE)
    return rubric_rate_init (&entry->rate, kind, NULL, NULL, error);
  if (!rubric_currency_normalize (currency, code, error))
    return show_mistake (self, GTK_WIDGET (self->currency_row), *error);
  if (!rubric_rate_init (&entry->rate, kind, amount, code, error))
    return show_mistake (self, GTK_WIDGET (self->amount_row), *error);
  return TRUE;
}

/* The entry as typed, checked as the core checks it. */
static gboolean
read_entry (RubricWorklogEntryDialog  *self,
            RubricLogEntry            *entry,
            GError                   **error)
{
  entry->id = self->original != NULL ? self->original->id : 0;
  entry->platform = g_strstrip (g_strdup (text_of (self->platform_row)));
  entry->note = g_strstrip (g_strdup (text_of (self->note_row)));
  if (!read_when (self, entry, error) || !read_rate (self, entry, error))
    return FALSE;
  if (!rubric_log_entry_check (entry, error))
    return show_mistake (self, NULL, *error);
  return TRUE;
}

static void
kind_changed_cb (RubricWorklogEntryDialog *self)
{
  gboolean timed = adw_combo_row_get_selected (self->time_kind_row) == TIME_START_END;
  RubricRateKind kind = rate_kinds[MIN (adw_combo_row_get_selected (self->rate_kind_row), G_N_ELEMENTS (rate_kinds) - 1)];

  gtk_widget_set_visible (GTK_WIDGET (self->start_row), timed);
  gtk_widget_set_visible (GTK_WIDGET (self->end_row), timed);
  gtk_widget_set_visible (self->hours_row, !timed);
  gtk_widget_set_visible (self->minutes_row, !timed);
  gtk_widget_set_visible (GTK_WIDGET (self->amount_row), kind != RUBRIC_RATE_NONE);
  gtk_widget_set_visible (GTK_WIDGET (self->currency_row), kind != RUBRIC_RATE_NONE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->amount_row),
                                 kind == RUBRIC_RATE_AMOUNT ? _("Amount") : _("Rate per Hour"));
}

static void
day_selected_cb (RubricWorklogEntryDialog *self)
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
  RubricWorklogEntryDialog *self = RUBRIC_WORKLOG_ENTRY_DIALOG (widget);
  g_auto(RubricLogEntry) entry = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 id;

  clear_mistake (self);
  if (!read_entry (self, &entry, &error))
    return;
  if (self->original != NULL)
    id = rubric_worklog_update_entry (self->store, &entry, &error) ? entry.id : 0;
  else
    id = rubric_worklog_add_entry (self->store, &entry, &error);
  if (id == 0)
    {
      show_mistake (self, NULL, error);
      return;
    }
  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
rubric_worklog_entry_dialog_dispose (GObject *object)
{
  RubricWorklogEntryDialog *self = RUBRIC_WORKLOG_ENTRY_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_WORKLOG_ENTRY_DIALOG);
  g_clear_object (&self->store);
  g_clear_pointer (&self->original, rubric_log_entry_free);
  g_clear_pointer (&self->shown_start, g_free);
  g_clear_pointer (&self->shown_end, g_free);
  G_OBJECT_CLASS (rubric_worklog_entry_dialog_parent_class)->dispose (object);
}

static void
rubric_worklog_entry_dialog_class_init (RubricWorklogEntryDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_worklog_entry_dialog_dispose;

  /**
   * RubricWorklogEntryDialog::saved:
   * @id: the entry's id
   *
   * The entry was written to the workspace; the dialog closes.
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-worklog-entry-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, calendar_popover);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, time_kind_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, end_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, hours_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, minutes_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, hours);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, minutes);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, platform_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, rate_kind_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogEntryDialog, currency_row);
  gtk_widget_class_bind_template_callback (widget_class, kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);

  gtk_widget_class_install_action (widget_class, "entry.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
rubric_worklog_entry_dialog_init (RubricWorklogEntryDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_a11y_name_combo_row_items (self->time_kind_row);
  rubric_a11y_name_combo_row_items (self->rate_kind_row);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  kind_changed_cb (self);
}

/* The calendar opens on the entry's day. */
static void
show_day (RubricWorklogEntryDialog *self,
          const char               *day)
{
  g_autoptr(GDateTime) date = NULL;
  GDate parsed;

  if (!rubric_worklog_parse_day (day, &parsed, NULL))
    return;
  date = g_date_time_new_local (g_date_get_year (&parsed), g_date_get_month (&parsed), g_date_get_day (&parsed), 12, 0, 0);
  gtk_calendar_select_day (self->calendar, date);
}

static void
show_times (RubricWorklogEntryDialog *self,
            const RubricLogEntry     *entry)
{
  if (entry->started_at != 0)
    {
      self->shown_start = clock_of (entry->started_at, entry->day);
      self->shown_end = clock_of (entry->ended_at, entry->day);
      gtk_editable_set_text (GTK_EDITABLE (self->start_row), self->shown_start);
      gtk_editable_set_text (GTK_EDITABLE (self->end_row), self->shown_end);
      return;
    }
  adw_combo_row_set_selected (self->time_kind_row, TIME_DURATION);
  gtk_spin_button_set_value (self->hours, (double) (entry->duration_ms / 3600000));
  gtk_spin_button_set_value (self->minutes, (double) (entry->duration_ms / 60000 % 60));
}

static void
show_entry (RubricWorklogEntryDialog *self,
            const RubricLogEntry     *entry)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Entry"));
  gtk_button_set_label (GTK_BUTTON (self->save_button), _("_Save"));
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), entry->day);
  show_day (self, entry->day);
  show_times (self, entry);
  gtk_editable_set_text (GTK_EDITABLE (self->platform_row), entry->platform);
  gtk_editable_set_text (GTK_EDITABLE (self->note_row), entry->note);
  for (guint i = 0; i < G_N_ELEMENTS (rate_kinds); i++)
    if (rate_kinds[i] == entry->rate.kind)
      adw_combo_row_set_selected (self->rate_kind_row, i);
  if (entry->rate.kind != RUBRIC_RATE_NONE)
    {
      g_autofree char *amount = rubric_money_localize (rubric_money_format (entry->rate.amount, entry->rate.currency));

      gtk_editable_set_text (GTK_EDITABLE (self->amount_row), amount);
      gtk_editable_set_text (GTK_EDITABLE (self->currency_row), entry->rate.currency);
    }
}

/**
 * rubric_worklog_entry_dialog_new:
 * @id: the manual entry to edit, 0 for a new one
 *
 * Returns: (transfer none) (nullable): the dialog, to be presented; %NULL
 *   with @error set when the entry cannot be read
 */
RubricWorklogEntryDialog *
rubric_worklog_entry_dialog_new (GtkWindow    *parent,
                                 RubricStore  *store,
                                 gint64        id,
                                 GError      **error)
{
  g_autoptr(RubricLogEntry) original = NULL;
  RubricWorklogEntryDialog *self;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  if (id != 0 && !(original = rubric_worklog_get_entry (store, id, error)))
    return NULL;
  self = g_object_new (RUBRIC_TYPE_WORKLOG_ENTRY_DIALOG, "transient-for", parent, NULL);
  self->store = g_object_ref (store);
  if (original != NULL)
    show_entry (self, original);
  self->original = g_steal_pointer (&original);
  if (parent != NULL)
    gtk_window_set_application (GTK_WINDOW (self), gtk_window_get_application (parent));
  return self;
}

/* The entry edited, 0 for a new one. */
gint64
rubric_worklog_entry_dialog_get_id (RubricWorklogEntryDialog *self)
{
  g_return_val_if_fail (RUBRIC_IS_WORKLOG_ENTRY_DIALOG (self), 0);
  return self->original != NULL ? self->original->id : 0;
}
