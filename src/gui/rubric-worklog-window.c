/* rubric-worklog-window.c
 *
 * The Work Log: a year of the contractor's log in four pages — the Log
 * by day, week or month, Charts, Payments and Taxes — with a timer for
 * work done elsewhere, manual entries and payments, and the exports.
 * The rules, the totals and the files are the core's
 * (src/core/worklog/), as for rubric-cli log; this window shows them
 * and calls them.
 *
 * The workspace may change under the window: the main window records
 * activity while this one waits, and rubric-cli may add to it. The
 * window reads it again when it is shown, after each change it makes
 * and whenever it is focused, and rebuilds its pages only when what
 * they show changed.
 *
 * Every command is an action of the window ("worklog.*"), for the
 * buttons, the keys and the tests alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-store-task.h"
#include "rubric-worklog-entry-dialog.h"
#include "rubric-worklog-export.h"
#include "rubric-worklog-payment-dialog.h"
#include "rubric-worklog-window-private.h"
#include "rubric-worklog-window.h"

/* Years the chooser offers back from this one. */
#define YEARS_BACK 9

static const char *ranges[] = { "day", "week", "month", NULL };
static const char *pages[] = { "log", "charts", "payments", "taxes", NULL };

struct _RubricWorklogWindow
{
  AdwWindow             parent_instance;

  RubricStore          *store;
  RubricWorklogData    *data;
  char                 *fingerprint;      /* of what the pages show */
  char                 *range;            /* day, week or month */
  int                   year;
  int                   newest_year;      /* the chooser's first */
  gboolean              filling_years;    /* the chooser's changes are not the person's */
  gint64                timer_started;    /* 0 when no timer runs */
  guint                 tick_source;
  RubricLogEntry       *deleted_entry;    /* for Undo */
  RubricPayment        *deleted_payment;
  char                 *export_format;    /* of the file chooser shown */

  AdwToastOverlay      *toasts;
  GtkStack             *timer_stack;
  GtkPopover           *timer_popover;
  GtkEditable          *timer_platform;
  GtkEditable          *timer_note;
  GtkWidget            *timer_stop_button;
  AdwButtonContent     *timer_content;
  GtkDropDown          *year_dropdown;
  GtkStringList        *years;
  GtkDropDown          *range_dropdown;
  AdwViewStack         *stack;
  GtkStack             *log_stack;
  GtkBox               *log_box;
  GtkStack             *charts_stack;
  AdwStatusPage        *charts_empty;
  GtkBox               *charts_box;
  GtkStack             *payments_stack;
  GtkBox               *payments_box;
  GtkBox               *taxes_box;
  GtkLabel             *disclaimer;
};

G_DEFINE_FINAL_TYPE (RubricWorklogWindow, rubric_worklog_window, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_RANGE,
  PROP_YEAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void refresh (RubricWorklogWindow *self,
                     gboolean             force);

static int
this_year (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_get_year (now);
}

static void
show_error (RubricWorklogWindow *self,
            const char          *heading,
            const GError        *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toast (RubricWorklogWindow *self,
       const char          *title,
       const char          *button,
       const char          *action,
       GVariant            *target)
{
  AdwToast *toast = adw_toast_new (title);

  if (button != NULL)
    {
      adw_toast_set_button_label (toast, button);
      adw_toast_set_action_name (toast, action);
      if (target != NULL)
        adw_toast_set_action_target_value (toast, target);
    }
  adw_toast_overlay_add_toast (self->toasts, toast);
}

/* Pages ------------------------------------------------------------------ */

static void
fill_log (RubricWorklogWindow *self)
{
  gboolean any = _rubric_worklog_fill_log (self->log_box, self->data, self->range);

  gtk_stack_set_visible_child_name (self->log_stack, any ? "list" : "empty");
}

static void
fill_pages (RubricWorklogWindow *self)
{
  g_autofree char *nothing = g_strdup_printf (_("No work is logged in %d."), self->year);
  gboolean charts = _rubric_worklog_fill_charts (self->charts_box, self->data);
  gboolean payments = _rubric_worklog_fill_payments (self->payments_box, self->data);

  fill_log (self);
  adw_status_page_set_description (self->charts_empty, nothing);
  gtk_stack_set_visible_child_name (self->charts_stack, charts ? "list" : "empty");
  gtk_stack_set_visible_child_name (self->payments_stack, payments ? "list" : "empty");
  _rubric_worklog_fill_taxes (self->taxes_box, self->data);
}

/* The timer ---------------------------------------------------------------- */

static void
show_elapsed (RubricWorklogWindow *self)
{
  gint64 seconds = MAX (0, (g_get_real_time () / 1000 - self->timer_started) / 1000);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ":%02d:%02d", seconds / 3600,
                                           (int) (seconds / 60 % 60), (int) (seconds % 60));

  adw_button_content_set_label (self->timer_content, text);
}

static gboolean
tick_cb (gpointer user_data)
{
  show_elapsed (user_data);
  return G_SOURCE_CONTINUE;
}

static void
show_timer (RubricWorklogWindow  *self,
            const RubricLogTimer *timer)
{
  g_autofree char *tooltip = NULL;

  self->timer_started = timer != NULL ? timer->started_at : 0;
  gtk_stack_set_visible_child_name (self->timer_stack, timer != NULL ? "running" : "stopped");
  if (timer == NULL)
    {
      g_clear_handle_id (&self->tick_source, g_source_remove);
      return;
    }
  tooltip = g_strdup_printf (_("Stop the Timer for %s"), _rubric_worklog_platform_label (timer->platform));
  gtk_widget_set_tooltip_text (self->timer_stop_button, tooltip);
  show_elapsed (self);
  if (self->tick_source == 0)
    self->tick_source = g_timeout_add_seconds (1, tick_cb, self);
}

/* The timer may have been started or stopped by rubric-cli meanwhile. */
static void
read_timer (RubricWorklogWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricLogTimer) timer = rubric_worklog_timer_get (self->store, &error);

  if (error != NULL)
    g_warning ("The timer could not be read: %s", error->message);
  show_timer (self, timer);
}

/* Where the last manual entry was done, to time the next the same. */
static void
suggest_platform (RubricWorklogWindow *self)
{
  if (*gtk_editable_get_text (self->timer_platform) != '\0')
    return;
  for (guint i = self->data->items->len; i-- > 0;)
    {
      const RubricLogItem *item = g_ptr_array_index (self->data->items, i);

      if (item->source == RUBRIC_LOG_SOURCE_MANUAL)
        {
          gtk_editable_set_text (self->timer_platform, item->platform);
          return;
        }
    }
}

/* Reading ------------------------------------------------------------------ */

static void
refresh (RubricWorklogWindow *self,
         gboolean             force)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricWorklogData) data = _rubric_worklog_data_load (self->store, self->year, &error);
  g_autofree char *fingerprint = NULL;

  read_timer (self);
  if (data == NULL)
    {
      g_warning ("The work log could not be read: %s", error->message);
      show_error (self, _("Could Not Read the Work Log"), error);
      return;
    }
  fingerprint = _rubric_worklog_data_fingerprint (data);
  if (!force && g_strcmp0 (fingerprint, self->fingerprint) == 0)
    return;
  g_clear_pointer (&self->data, _rubric_worklog_data_free);
  self->data = g_steal_pointer (&data);
  g_free (self->fingerprint);
  self->fingerprint = g_steal_pointer (&fingerprint);
  fill_pages (self);
  suggest_platform (self);
}

static void
fill_years (RubricWorklogWindow *self)
{
  int newest = MAX (this_year (), self->year);
  int oldest = MIN (this_year () - YEARS_BACK, self->year);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (int year = newest; year >= oldest; year--)
    g_ptr_array_add (labels, g_strdup_printf ("%d", year));
  g_ptr_array_add (labels, NULL);
  self->newest_year = newest;
  self->filling_years = TRUE;
  gtk_string_list_splice (self->years, 0, g_list_model_get_n_items (G_LIST_MODEL (self->years)),
                          (const char * const *) labels->pdata);
  gtk_drop_down_set_selected (self->year_dropdown, newest - self->year);
  self->filling_years = FALSE;
}

/* Properties ----------------------------------------------------------------- */

static void
set_range (RubricWorklogWindow *self,
           const char          *range)
{
  if (!g_strv_contains (ranges, range) || g_strcmp0 (self->range, range) == 0)
    return;
  g_free (self->range);
  self->range = g_strdup (range);
  for (guint i = 0; ranges[i] != NULL; i++)
    if (g_str_equal (ranges[i], range))
      gtk_drop_down_set_selected (self->range_dropdown, i);
  if (self->data != NULL)
    fill_log (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANGE]);
}

static void
set_year (RubricWorklogWindow *self,
          int                  year)
{
  if (year == self->year)
    return;
  self->year = year;
  fill_years (self);
  if (self->store != NULL)
    refresh (self, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_YEAR]);
}

/* Signal callbacks ----------------------------------------------------------- */

static void
range_selected_cb (RubricWorklogWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->range_dropdown);

  if (selected < g_strv_length ((char **) ranges))
    set_range (self, ranges[selected]);
}

static void
year_selected_cb (RubricWorklogWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->year_dropdown);

  if (!self->filling_years && selected != GTK_INVALID_LIST_POSITION)
    set_year (self, self->newest_year - (int) selected);
}

static void
page_changed_cb (RubricWorklogWindow *self)
{
  const char *page = adw_view_stack_get_visible_child_name (self->stack);

  gtk_widget_set_visible (GTK_WIDGET (self->range_dropdown), g_strcmp0 (page, "log") == 0);
}

/* The main window records activity while this one waits. */
static void
active_changed_cb (RubricWorklogWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)) && self->store != NULL)
    refresh (self, FALSE);
}

static void
saved_cb (RubricWorklogWindow *self,
          gint64               id)
{
  refresh (self, TRUE);
}

/* Actions: entries and payments ---------------------------------------------- */

static void
present_entry_dialog (RubricWorklogWindow *self,
                      gint64               id)
{
  g_autoptr(GError) error = NULL;
  RubricWorklogEntryDialog *dialog = rubric_worklog_entry_dialog_new (GTK_WINDOW (self), self->store, id, &error);

  if (dialog == NULL)
    {
      show_error (self, _("Could Not Open the Entry"), error);
      refresh (self, TRUE);
      return;
    }
  g_signal_connect_object (dialog, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_entry_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  present_entry_dialog (RUBRIC_WORKLOG_WINDOW (widget), 0);
}

static void
edit_entry_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  present_entry_dialog (RUBRIC_WORKLOG_WINDOW (widget), g_variant_get_int64 (param));
}

static void
forget_deleted (RubricWorklogWindow *self)
{
  g_clear_pointer (&self->deleted_entry, rubric_log_entry_free);
  g_clear_pointer (&self->deleted_payment, rubric_payment_free);
}

/* Deleted at once; Undo adds it back, as it was, under a new number. */
static void
delete_entry_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricLogEntry) entry = rubric_worklog_get_entry (self->store, id, &error);

  if (entry == NULL || !rubric_worklog_delete_entry (self->store, id, &error))
    {
      show_error (self, _("Could Not Delete the Entry"), error);
      return;
    }
  forget_deleted (self);
  self->deleted_entry = g_steal_pointer (&entry);
  toast (self, _("Entry deleted"), _("_Undo"), "worklog.undo-delete", NULL);
  refresh (self, TRUE);
}

static void
add_payment_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (widget);
  RubricWorklogPaymentDialog *dialog = rubric_worklog_payment_dialog_new (GTK_WINDOW (self), self->store);

  g_signal_connect_object (dialog, "saved", G_CALLBACK (saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static RubricPayment *
find_payment (RubricWorklogWindow *self,
              gint64               id)
{
  for (guint i = 0; self->data != NULL && i < self->data->payments->len; i++)
    {
      RubricPayment *payment = g_ptr_array_index (self->data->payments, i);

      if (payment->id == id)
        return payment;
    }
  return NULL;
}

static RubricPayment *
copy_payment (const RubricPayment *payment)
{
  RubricPayment *copy = g_memdup2 (payment, sizeof *payment);

  copy->payer = g_strdup (payment->payer);
  copy->processor = g_strdup (payment->processor);
  copy->note = g_strdup (payment->note);
  return copy;
}

static void
delete_payment_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (widget);
  gint64 id = g_variant_get_int64 (param);
  RubricPayment *shown = find_payment (self, id);
  g_autoptr(RubricPayment) payment = shown != NULL ? copy_payment (shown) : NULL;
  g_autoptr(GError) error = NULL;

  if (!rubric_worklog_delete_payment (self->store, id, &error))
    {
      show_error (self, _("Could Not Delete the Payment"), error);
      refresh (self, TRUE);
      return;
    }
  forget_deleted (self);
  self->deleted_payment = g_steal_pointer (&payment);
  toast (self, _("Payment deleted"), self->deleted_payment != NULL ? _("_Undo") : NULL, "worklog.undo-delete", NULL);
  refresh (self, TRUE);
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean done = TRUE;

  if (self->deleted_entry != NULL)
    done = rubric_worklog_add_entry (self->store, self->deleted_entry, &error) != 0;
  else if (self->deleted_payment != NULL)
    done = rubric_worklog_add_payment (self->store, self->deleted_payment, &error) != 0;
  if (!done)
    show_error (self, _("Could Not Undo"), error);
  forget_deleted (self);
  refresh (self, TRUE);
}

/* Actions: the timer ------------------------------------------------------------- */

static void
start_timer (RubricWorklogWindow *self)
{
  g_autofree char *platform = g_strstrip (g_strdup (gtk_editable_get_text (self->timer_platform)));
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (self->timer_note)));
  g_autoptr(GError) error = NULL;

  gtk_popover_popdown (self->timer_popover);
  if (!rubric_worklog_timer_start (self->store, platform, note, g_get_real_time () / 1000, &error))
    {
      show_error (self, _("Could Not Start the Timer"), error);
      return;
    }
  gtk_editable_set_text (self->timer_note, "");
}

/* The time becomes a manual entry with no rate; the toast offers to
 * give it one. */
static void
stop_timer (RubricWorklogWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricLogEntry) entry = NULL;
  g_autofree char *hours = NULL;
  g_autofree char *title = NULL;
  gint64 id = rubric_worklog_timer_stop (self->store, g_get_real_time () / 1000, NULL, &error);

  if (id == 0 || !(entry = rubric_worklog_get_entry (self->store, id, &error)))
    {
      show_error (self, _("Could Not Stop the Timer"), error);
      return;
    }
  hours = _rubric_worklog_hours_text (entry->duration_ms);
  title = g_strdup_printf (_("Logged %s from the timer"), hours);
  toast (self, title, _("_Edit"), "worklog.edit-entry", g_variant_new_int64 (id));
}

static void
timer_toggle_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(RubricLogTimer) timer = rubric_worklog_timer_get (self->store, &error);

  if (error != NULL)
    show_error (self, _("Could Not Read the Timer"), error);
  else if (timer != NULL)
    stop_timer (self);
  else
    start_timer (self);
  refresh (self, TRUE);
}

/* Actions: export ----------------------------------------------------------------- */

typedef struct
{
  RubricLogFormat format;
  char           *path;
  char           *from;    /* NULL for every year */
  char           *to;
  guint           n_items;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_free (job->path);
  g_free (job->from);
  g_free (job->to);
  g_free (job);
}

static gboolean
export_work (RubricStore   *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  ExportJob *job = data;
  RubricLogQuery query = { job->from, job->to, NULL };

  return rubric_worklog_export (store, &query, job->format, job->path, &job->n_items, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *title = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, _("Export Failed"), error);
      return;
    }
  name = g_path_get_basename (job->path);
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Wrote %u log item to %s", "Wrote %u log items to %s",
                                        job->n_items), job->n_items, name);
  toast (self, title, NULL, NULL, NULL);
}

/* In a thread, on a connection of its own: the file is written and
 * synced there, never while a frame waits. */
static void
export_to (RubricWorklogWindow *self,
           const char          *format_name,
           const char          *path,
           gboolean             whole_log)
{
  g_autoptr(GTask) task = NULL;
  RubricLogFormat format;
  ExportJob *job;

  if (!rubric_log_format_from_string (format_name, &format))
    {
      g_warning ("No work log format “%s”", format_name);
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->format = format;
  job->path = g_strdup (path);
  if (!whole_log)
    {
      job->from = g_strdup_printf ("%04d-01-01", self->year);
      job->to = g_strdup_printf ("%04d-12-31", self->year);
    }
  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, export_to);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  rubric_store_task_run (task, rubric_store_get_path (self->store), export_work);
}

static void
export_response_cb (GtkNativeDialog     *dialog,
                    int                  response,
                    RubricWorklogWindow *self)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
  g_autoptr(GFile) file = response == GTK_RESPONSE_ACCEPT ? gtk_file_chooser_get_file (chooser) : NULL;
  g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

  if (path != NULL)
    export_to (self, self->export_format, path, g_strcmp0 (gtk_file_chooser_get_choice (chooser, "range"), "all") == 0);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static const char *
suffix_of (const char *format)
{
  if (g_strcmp0 (format, "timeclock") == 0)
    return "timeclock";
  return g_strcmp0 (format, "timewarrior") == 0 ? "json" : "csv";
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (widget);
  const char *format = g_variant_get_string (param, NULL);
  static const char *choice_ids[] = { "year", "all", NULL };
  g_autofree char *only_year = g_strdup_printf (_("Only %d"), self->year);
  const char *choice_labels[] = { only_year, _("Every year"), NULL };
  g_autofree char *name = g_strdup_printf ("work-log-%d.%s", self->year, suffix_of (format));
  GtkFileChooserNative *dialog;
  RubricLogFormat known;

  if (!rubric_log_format_from_string (format, &known))
    return;
  dialog = gtk_file_chooser_native_new (_("Export the Work Log"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "range", _("Work of"), choice_ids, choice_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "range", "year");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_free (self->export_format);
  self->export_format = g_strdup (format);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* (format, path): the year shown, without a dialog; for scripts and tests. */
static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  const char *format;
  const char *path;

  g_variant_get (param, "(&s&s)", &format, &path);
  export_to (RUBRIC_WORKLOG_WINDOW (widget), format, path, FALSE);
}

/* Actions: moving around -------------------------------------------------------- */

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *page = g_variant_get_string (param, NULL);

  if (g_strv_contains (pages, page))
    adw_view_stack_set_visible_child_name (RUBRIC_WORKLOG_WINDOW (widget)->stack, page);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  refresh (RUBRIC_WORKLOG_WINDOW (widget), TRUE);
}

/* Overrides ------------------------------------------------------------------- */

static void
rubric_worklog_window_map (GtkWidget *widget)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (widget);

  GTK_WIDGET_CLASS (rubric_worklog_window_parent_class)->map (widget);
  if (self->store != NULL)
    refresh (self, FALSE);
}

static void
rubric_worklog_window_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      g_value_set_string (value, self->range);
      break;
    case PROP_YEAR:
      g_value_set_int (value, self->year);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_worklog_window_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (object);

  switch (prop_id)
    {
    case PROP_RANGE:
      set_range (self, g_value_get_string (value));
      break;
    case PROP_YEAR:
      set_year (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_worklog_window_dispose (GObject *object)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (object);

  g_clear_handle_id (&self->tick_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_WORKLOG_WINDOW);
  g_clear_object (&self->store);
  g_clear_pointer (&self->data, _rubric_worklog_data_free);
  forget_deleted (self);
  G_OBJECT_CLASS (rubric_worklog_window_parent_class)->dispose (object);
}

static void
rubric_worklog_window_finalize (GObject *object)
{
  RubricWorklogWindow *self = RUBRIC_WORKLOG_WINDOW (object);

  g_free (self->fingerprint);
  g_free (self->range);
  g_free (self->export_format);
  G_OBJECT_CLASS (rubric_worklog_window_parent_class)->finalize (object);
}

static void
install_properties (GObjectClass *object_class)
{
  properties[PROP_RANGE] = g_param_spec_string ("range", NULL, NULL, "day",
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_YEAR] = g_param_spec_int ("year", NULL, NULL, 1970, 9998, 1970,
                                            G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-worklog-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, timer_stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, timer_popover);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, timer_platform);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, timer_note);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, timer_stop_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, timer_content);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, year_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, years);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, log_stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, log_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, charts_stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, charts_empty);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, charts_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, payments_stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, payments_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, taxes_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWorklogWindow, disclaimer);
  gtk_widget_class_bind_template_callback (widget_class, page_changed_cb);
}

static void
install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "worklog.add-entry", NULL, add_entry_action);
  gtk_widget_class_install_action (widget_class, "worklog.edit-entry", "x", edit_entry_action);
  gtk_widget_class_install_action (widget_class, "worklog.delete-entry", "x", delete_entry_action);
  gtk_widget_class_install_action (widget_class, "worklog.add-payment", NULL, add_payment_action);
  gtk_widget_class_install_action (widget_class, "worklog.delete-payment", "x", delete_payment_action);
  gtk_widget_class_install_action (widget_class, "worklog.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_install_action (widget_class, "worklog.timer-toggle", NULL, timer_toggle_action);
  gtk_widget_class_install_action (widget_class, "worklog.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "worklog.export-to", "(ss)", export_to_action);
  gtk_widget_class_install_action (widget_class, "worklog.show", "s", show_action);
  gtk_widget_class_install_action (widget_class, "worklog.refresh", NULL, refresh_action);
  gtk_widget_class_install_property_action (widget_class, "worklog.range", "range");
  gtk_widget_class_install_property_action (widget_class, "worklog.year", "year");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "worklog.add-entry", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t, GDK_CONTROL_MASK, "worklog.timer-toggle", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "worklog.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  for (guint i = 0; pages[i] != NULL; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK, "worklog.show", "s", pages[i]);
}

static void
rubric_worklog_window_class_init (RubricWorklogWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_worklog_window_dispose;
  object_class->finalize = rubric_worklog_window_finalize;
  object_class->get_property = rubric_worklog_window_get_property;
  object_class->set_property = rubric_worklog_window_set_property;
  widget_class->map = rubric_worklog_window_map;
  install_properties (object_class);
  bind_template (widget_class);
  install_actions (widget_class);
}

static void
rubric_worklog_window_init (RubricWorklogWindow *self)
{
  g_autofree char *disclaimer = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_a11y_name_drop_down_button (self->year_dropdown);
  rubric_a11y_name_drop_down_button (self->range_dropdown);
  self->range = g_strdup ("day");
  self->year = this_year ();
  fill_years (self);
  disclaimer = g_strdup_printf ("%s %s", rubric_worklog_disclaimer (),
                                _("Amounts in different currencies are never added together. Ask a tax professional "
                                  "what you owe."));
  gtk_label_set_text (self->disclaimer, disclaimer);
  g_signal_connect_object (self->range_dropdown, "notify::selected", G_CALLBACK (range_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->year_dropdown, "notify::selected", G_CALLBACK (year_selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);
  page_changed_cb (self);
}

/**
 * rubric_worklog_window_new:
 *
 * The Work Log of @app's workspace, read through the app's store.
 *
 * Returns: (transfer none): the window, to be presented
 */
RubricWorklogWindow *
rubric_worklog_window_new (RubricApplication *app)
{
  RubricWorklogWindow *self;

  g_return_val_if_fail (RUBRIC_IS_APPLICATION (app), NULL);

  self = g_object_new (RUBRIC_TYPE_WORKLOG_WINDOW, "application", app, NULL);
  self->store = g_object_ref (rubric_application_get_store (app));
  refresh (self, TRUE);
  return self;
}

/**
 * rubric_worklog_window_refresh:
 *
 * Reads the workspace again and rebuilds what changed.
 */
void
rubric_worklog_window_refresh (RubricWorklogWindow *self)
{
  g_return_if_fail (RUBRIC_IS_WORKLOG_WINDOW (self));
  refresh (self, FALSE);
}
