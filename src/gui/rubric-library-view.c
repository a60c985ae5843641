/* rubric-library-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-library-view"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-library.h"
#include "rubric-library-view.h"
#include "rubric-worklog.h"

struct _RubricLibraryView
{
  GtkWidget         parent_instance;

  AdwToastOverlay  *toast_overlay;
  GtkStack         *stack;
  AdwStatusPage    *error_page;
  GtkListBox       *list_box;
  AdwMessageDialog *rename_dialog;
  GtkEditable      *rename_entry;
  AdwMessageDialog *delete_dialog;
  AdwMessageDialog *pay_dialog;
  GtkEditable      *pay_payer;
  AdwComboRow      *pay_kind;     /* none, hourly, per task */
  GtkEditable      *pay_amount;
  GtkEditable      *pay_currency;

  RubricStore      *store;
  char             *annotator;
  GPtrArray        *entries;      /* RubricLibraryEntry, as shown */
  gint64            pending_id;   /* the set the open dialog is about */
};

G_DEFINE_FINAL_TYPE (RubricLibraryView, rubric_library_view, GTK_TYPE_WIDGET)

enum {
  OPEN_SET,
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static RubricLibraryEntry *
find_entry (RubricLibraryView *self,
            gint64             set_id)
{
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      RubricLibraryEntry *entry = g_ptr_array_index (self->entries, i);

      if (entry->set_id == set_id)
        return entry;
    }
  return NULL;
}

static void
show_error (RubricLibraryView *self,
            const char        *what,
            const GError      *error)
{
  /* Toast titles are markup; the message may hold a path with "&". */
  g_autofree char *message = g_strdup_printf ("%s: %s", what, error->message);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* Translators: between the parts of a line such as "Compare · Write" */
#define SEPARATOR _(" · ")

static char *
kinds_label (const RubricLibraryEntry *entry)
{
  GString *label = g_string_new (NULL);

  for (RubricTaskKind kind = 0; kind < RUBRIC_N_TASK_KINDS; kind++)
    {
      if (!rubric_library_entry_has_kind (entry, kind))
        continue;
      if (label->len > 0)
        g_string_append (label, SEPARATOR);
      g_string_append (label, rubric_task_kind_get_label (kind));
    }
  return g_string_free (label, FALSE);
}

static char *
progress_label (const RubricLibraryEntry *entry)
{
  g_autofree char *done = NULL;
  g_autofree char *drafts = NULL;

  /* Translators: "12 of 30 done"; the plural follows the second number */
  done = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u done", "%u of %u done", entry->n_tasks),
                          entry->n_done, entry->n_tasks);
  if (entry->n_draft == 0)
    return g_steal_pointer (&done);
  drafts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u draft", "%u drafts", entry->n_draft), entry->n_draft);
  return g_strconcat (done, SEPARATOR, drafts, NULL);
}

/* When the set was opened last, as near as it matters: a time today,
 * the day before, else the date. */
static char *
opened_label (gint64     opened_at,
              GDateTime *now)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) yesterday = NULL;

  if (opened_at <= 0)
    return g_strdup (_("Not opened yet"));
  then = g_date_time_new_from_unix_local (opened_at / 1000);
  today = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now), 0, 0, 0);
  yesterday = g_date_time_add_days (today, -1);
  if (g_date_time_compare (then, today) >= 0 && g_date_time_compare (then, now) <= 0)
    /* Translators: a time today, as strftime() writes it */
    return g_date_time_format (then, _("Today %H:%M"));
  if (g_date_time_compare (then, yesterday) >= 0 && g_date_time_compare (then, today) < 0)
    return g_strdup (_("Yesterday"));
  if (g_date_time_get_year (then) == g_date_time_get_year (now))
    /* Translators: a date this year, as strftime() writes it */
    return g_date_time_format (then, _("%-d %B"));
  /* Translators: a date of another year, as strftime() writes it */
  return g_date_time_format (then, _("%-d %B %Y"));
}

static GMenuModel *
row_menu (gint64 set_id)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenuItem) rename = g_menu_item_new (_("_Rename…"), NULL);
  g_autoptr(GMenuItem) pay = g_menu_item_new (_("_Payer and Rate…"), NULL);
  g_autoptr(GMenuItem) delete = g_menu_item_new (_("_Delete…"), NULL);

  g_menu_item_set_action_and_target_value (rename, "library.rename", g_variant_new_int64 (set_id));
  g_menu_item_set_action_and_target_value (pay, "library.pay", g_variant_new_int64 (set_id));
  g_menu_item_set_action_and_target_value (delete, "library.delete", g_variant_new_int64 (set_id));
  g_menu_append_item (menu, rename);
  g_menu_append_item (menu, pay);
  g_menu_append_item (menu, delete);
  return G_MENU_MODEL (menu);
}

static GtkWidget *
suffix_label (const char *text,
              const char *tooltip)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_tooltip_text (label, tooltip);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

static GtkWidget *
menu_button (const RubricLibraryEntry *entry)
{
  g_autoptr(GMenuModel) menu = row_menu (entry->set_id);
  g_autofree char *tooltip = g_strdup_printf (_("Options for “%s”"), entry->name);
  GtkWidget *button = gtk_menu_button_new ();

  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
  gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (button), FALSE);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

/* A row opens its set through the action, as the keyboard and the
 * tests do: the set's id is the row's action target. */
/* "Platform X · 1.50 USD/task", or %NULL if the set has no payer or
 * rate: what the work log prices its sessions at. */
static char *
pay_label (RubricStore *store,
           gint64       set_id,
           gint64       now_ms)
{
  g_autoptr(RubricSetRate) rate = rubric_worklog_get_rate_at (store, set_id, now_ms, NULL);
  g_autofree char *amount = NULL;

  if (rate == NULL)
    return NULL;
  amount = rubric_money_localize (rubric_rate_to_text (&rate->rate));
  if (rate->payer == NULL || rate->payer[0] == '\0')
    return g_steal_pointer (&amount);
  return g_strconcat (rate->payer, SEPARATOR, amount, NULL);
}

static GtkWidget *
create_row (const RubricLibraryEntry *entry,
            GDateTime                *now,
            const char               *pay)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *kinds = kinds_label (entry);
  g_autofree char *progress = progress_label (entry);
  g_autofree char *subtitle = g_strconcat (kinds, "\n", progress, pay ? "\n" : NULL, pay, NULL);
  g_autofree char *opened = opened_label (entry->opened_at, now);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), entry->name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_label (opened, _("Last opened")));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), menu_button (entry));
  gtk_widget_set_tooltip_text (row, entry->source_path);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_int64 (entry->set_id));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "library.open");
  return row;
}

static GtkWidget *
row_at (RubricLibraryView *self,
        guint              index)
{
  return GTK_WIDGET (gtk_list_box_get_row_at_index (self->list_box, MIN (index, self->entries->len - 1)));
}

static guint
index_of (RubricLibraryView *self,
          gint64             set_id)
{
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      if (((RubricLibraryEntry *) g_ptr_array_index (self->entries, i))->set_id == set_id)
        return i;
    }
  return 0;
}

/* After a dialog, the keyboard goes back to where it was. */
static void
focus_row (RubricLibraryView *self,
           guint              index)
{
  if (self->entries != NULL && self->entries->len > 0)
    gtk_widget_grab_focus (row_at (self, index));
}

static void
present_dialog (RubricLibraryView *self,
                AdwMessageDialog  *dialog)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
name_is_blank (const char *name)
{
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        return FALSE;
    }
  return TRUE;
}

static void
rename_entry_changed_cb (RubricLibraryView *self)
{
  adw_message_dialog_set_response_enabled (self->rename_dialog, "rename",
                                           !name_is_blank (gtk_editable_get_text (self->rename_entry)));
}

static void
rename_response_cb (RubricLibraryView *self,
                    const char        *response)
{
  g_autoptr(GError) error = NULL;
  gint64 set_id = self->pending_id;

  if (g_strcmp0 (response, "rename") != 0 || self->store == NULL)
    return;
  if (!rubric_library_rename (self->store, set_id, gtk_editable_get_text (self->rename_entry), &error))
    show_error (self, _("The task set could not be renamed"), error);
  rubric_library_view_reload (self);
  focus_row (self, index_of (self, set_id));
}

static const RubricRateKind pay_kinds[] = { RUBRIC_RATE_NONE, RUBRIC_RATE_HOURLY, RUBRIC_RATE_PER_TASK };

static void
pay_kind_changed_cb (RubricLibraryView *self)
{
  gboolean priced = adw_combo_row_get_selected (self->pay_kind) != 0;

  gtk_widget_set_sensitive (GTK_WIDGET (self->pay_amount), priced);
  gtk_widget_set_sensitive (GTK_WIDGET (self->pay_currency), priced);
}

static void
pay_response_cb (RubricLibraryView *self,
                 const char        *response)
{
  g_autoptr(GError) error = NULL;
  guint selected = adw_combo_row_get_selected (self->pay_kind);
  RubricRate rate;

  if (g_strcmp0 (response, "save") != 0 || self->store == NULL)
    return;
  if (!rubric_rate_init (&rate, pay_kinds[MIN (selected, G_N_ELEMENTS (pay_kinds) - 1)],
                         gtk_editable_get_text (self->pay_amount), gtk_editable_get_text (self->pay_currency), &error) ||
      !rubric_worklog_set_rate (self->store, self->pending_id, gtk_editable_get_text (self->pay_payer), &rate,
                                g_get_real_time () / 1000, &error))
    {
      show_error (self, _("The rate was not saved"), error);
      return;
    }
  rubric_library_view_reload (self);
  focus_row (self, index_of (self, self->pending_id));
}

static void
delete_response_cb (RubricLibraryView *self,
                    const char        *response)
{
  g_autoptr(GError) error = NULL;
  RubricLibraryEntry *entry = find_entry (self, self->pending_id);
  g_autofree char *name = NULL;
  guint index;

  if (g_strcmp0 (response, "delete") != 0 || self->store == NULL || entry == NULL)
    return;
  name = g_strdup (entry->name);
  index = index_of (self, entry->set_id);
  if (!rubric_library_delete (self->store, entry->set_id, g_get_real_time () / 1000, &error))
    {
      show_error (self, _("The task set could not be deleted"), error);
      return;
    }
  rubric_library_view_reload (self);
  focus_row (self, index);
  g_signal_emit (self, signals[DELETED], 0, self->pending_id, name);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RubricLibraryView *self = RUBRIC_LIBRARY_VIEW (widget);
  gint64 set_id = g_variant_get_int64 (param);

  if (find_entry (self, set_id) == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  g_signal_emit (self, signals[OPEN_SET], 0, set_id);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricLibraryView *self = RUBRIC_LIBRARY_VIEW (widget);
  RubricLibraryEntry *entry = find_entry (self, g_variant_get_int64 (param));

  if (entry == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  self->pending_id = entry->set_id;
  adw_message_dialog_format_body (self->rename_dialog, _("A new name for “%s”"), entry->name);
  gtk_editable_set_text (self->rename_entry, entry->name);
  present_dialog (self, self->rename_dialog);
  gtk_widget_grab_focus (GTK_WIDGET (self->rename_entry));
  gtk_editable_select_region (self->rename_entry, 0, -1);
}

/* The set's payer and rate as they are now, to change from now on. */
static void
pay_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  RubricLibraryView *self = RUBRIC_LIBRARY_VIEW (widget);
  RubricLibraryEntry *entry = find_entry (self, g_variant_get_int64 (param));
  g_autoptr(RubricSetRate) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *amount = NULL;

  if (entry == NULL || self->store == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  now = rubric_worklog_get_rate_at (self->store, entry->set_id, g_get_real_time () / 1000, &error);
  if (error != NULL)
    {
      show_error (self, _("The rate could not be read"), error);
      return;
    }
  self->pending_id = entry->set_id;
  adw_message_dialog_format_body (self->pay_dialog, _("What the work on “%s” earns"), entry->name);
  gtk_editable_set_text (self->pay_payer, now && now->payer ? now->payer : "");
  adw_combo_row_set_selected (self->pay_kind, now == NULL ? 0 : now->rate.kind == RUBRIC_RATE_HOURLY ? 1
                                                          : now->rate.kind == RUBRIC_RATE_PER_TASK ? 2 : 0);
  if (now != NULL && now->rate.kind != RUBRIC_RATE_NONE)
    amount = rubric_money_localize (rubric_money_format (now->rate.amount, now->rate.currency));
  gtk_editable_set_text (self->pay_amount, amount ? amount : "");
  gtk_editable_set_text (self->pay_currency, now && now->rate.currency[0] ? now->rate.currency : "USD");
  pay_kind_changed_cb (self);
  present_dialog (self, self->pay_dialog);
  gtk_widget_grab_focus (GTK_WIDGET (self->pay_payer));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricLibraryView *self = RUBRIC_LIBRARY_VIEW (widget);
  RubricLibraryEntry *entry = find_entry (self, g_variant_get_int64 (param));

  if (entry == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  self->pending_id = entry->set_id;
  adw_message_dialog_format_heading (self->delete_dialog, _("Delete “%s”?"), entry->name);
  adw_message_dialog_format_body (self->delete_dialog,
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "Its %u task and all the work on it go with it.",
                                               "Its %u tasks and all the work on them go with it.",
                                               entry->n_tasks),
                                  entry->n_tasks);
  present_dialog (self, self->delete_dialog);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  rubric_library_view_reload (RUBRIC_LIBRARY_VIEW (widget));
}

static void
rubric_library_view_dispose (GObject *object)
{
  RubricLibraryView *self = RUBRIC_LIBRARY_VIEW (object);

  /* The dialogs are windows: GTK keeps them until they are destroyed. */
  if (self->rename_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->rename_dialog));
  if (self->delete_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->delete_dialog));
  if (self->pay_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (self->pay_dialog));
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_LIBRARY_VIEW);
  g_clear_object (&self->store);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->annotator, g_free);

  G_OBJECT_CLASS (rubric_library_view_parent_class)->dispose (object);
}

static void
rubric_library_view_class_init (RubricLibraryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_library_view_dispose;

  /**
   * RubricLibraryView::open-set:
   * @set_id: the task set to open
   *
   * Emitted when the person picks a set.
   */
  signals[OPEN_SET] =
    g_signal_new ("open-set", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * RubricLibraryView::deleted:
   * @set_id: the set deleted
   * @name: its name, to say so
   *
   * Emitted after a set was deleted, so that the window can offer to
   * undo it with rubric_library_undelete().
   */
  signals[DELETED] =
    g_signal_new ("deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-library-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, stack);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, error_page);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, list_box);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, rename_dialog);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, pay_dialog);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, pay_payer);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, pay_kind);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, pay_amount);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, pay_currency);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, rename_entry);
  gtk_widget_class_bind_template_child (widget_class, RubricLibraryView, delete_dialog);
  gtk_widget_class_bind_template_callback (widget_class, rename_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, rename_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, pay_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, pay_kind_changed_cb);

  gtk_widget_class_install_action (widget_class, "library.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "library.rename", "x", rename_action);
  gtk_widget_class_install_action (widget_class, "library.pay", "x", pay_action);
  gtk_widget_class_install_action (widget_class, "library.delete", "x", delete_action);
  gtk_widget_class_install_action (widget_class, "library.reload", NULL, reload_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rubriclibraryview");
}

static void
rubric_library_view_init (RubricLibraryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_a11y_name_combo_row_items (self->pay_kind);
}

GtkWidget *
rubric_library_view_new (void)
{
  return g_object_new (RUBRIC_TYPE_LIBRARY_VIEW, NULL);
}

/**
 * rubric_library_view_set_store:
 * @store: (nullable): the workspace
 * @annotator: whose progress to show
 *
 * Shows the task sets of @store, as @annotator sees them.
 */
void
rubric_library_view_set_store (RubricLibraryView *self,
                               RubricStore       *store,
                               const char        *annotator)
{
  g_return_if_fail (RUBRIC_IS_LIBRARY_VIEW (self));
  g_return_if_fail (store == NULL || RUBRIC_IS_STORE (store));
  g_return_if_fail (store == NULL || annotator != NULL);

  g_set_object (&self->store, store);
  g_free (self->annotator);
  self->annotator = g_strdup (annotator);
  rubric_library_view_reload (self);
}

/**
 * rubric_library_view_reload:
 *
 * Reads the sets again: after a set was opened, imported, or brought
 * back.
 */
void
rubric_library_view_reload (RubricLibraryView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GtkWidget *child;

  g_return_if_fail (RUBRIC_IS_LIBRARY_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list_box))) != NULL)
    gtk_list_box_remove (self->list_box, child);
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  if (self->store != NULL && !(self->entries = rubric_library_list (self->store, self->annotator, &error)))
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  for (guint i = 0; self->entries != NULL && i < self->entries->len; i++)
    {
      RubricLibraryEntry *entry = g_ptr_array_index (self->entries, i);
      g_autofree char *pay = pay_label (self->store, entry->set_id, g_date_time_to_unix (now) * 1000);

      gtk_list_box_append (self->list_box, create_row (entry, now, pay));
    }
  gtk_stack_set_visible_child_name (self->stack, self->entries != NULL && self->entries->len > 0 ? "list" : "empty");
}
