/* rubric-window-actions.c — every command of the window is an action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-export.h"
#include "rubric-window-private.h"

typedef struct
{
  char              *db_path;
  char              *path;
  RubricImportFlags  flags;
  RubricImportResult *result;
  guint64            done;
  guint64            total;
} ImportData;

typedef struct
{
  char               *db_path;
  char               *path;
  RubricExportFormat  format;
  gint64              set_id;
  char               *annotator;
  guint               n_written;
} ExportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->db_path);
  g_free (data->path);
  g_clear_pointer (&data->result, rubric_import_result_free);
  g_free (data);
}

static void
export_data_free (ExportData *data)
{
  g_free (data->db_path);
  g_free (data->path);
  g_free (data->annotator);
  g_free (data);
}

void
_rubric_window_update_actions (RubricWindow *self)
{
  gboolean has_set = self->model != NULL && !self->busy;
  gboolean judgeable = has_set && self->task != NULL && rubric_task_view_can_judge (self->task_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-file", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-to", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-task", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-task", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-task", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.choose", judgeable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.submit", judgeable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.focus-justification", judgeable);
}

/* Import ---------------------------------------------------------------- */

static void
import_progress_cb (guint64  done,
                    guint64  total,
                    gpointer user_data)
{
  ImportData *data = user_data;

  g_atomic_pointer_set (&data->total, total);
  g_atomic_pointer_set (&data->done, done);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportData *data = task_data;
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* The worker has its own connection; WAL lets the window keep
   * reading while the import writes. */
  if (!(store = rubric_store_new (data->db_path, &error)) ||
      !rubric_import_file (store, data->path, data->flags, cancellable,
                           import_progress_cb, data, &data->result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static gboolean
import_progress_tick_cb (gpointer user_data)
{
  GTask *task = user_data;
  RubricWindow *self = g_task_get_source_object (task);
  ImportData *data = g_task_get_task_data (task);
  guint64 total = (guint64) g_atomic_pointer_get (&data->total);

  if (g_task_get_completed (task))
    return G_SOURCE_REMOVE;
  if (total > 0)
    gtk_progress_bar_set_fraction (self->import_progress, (double) (guint64) g_atomic_pointer_get (&data->done) / total);
  else
    gtk_progress_bar_pulse (self->import_progress);
  return G_SOURCE_CONTINUE;
}

static char *
problems_text (RubricImportResult *result)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < result->problems->len; i++)
    g_string_append_printf (text, "%s\n", (const char *) g_ptr_array_index (result->problems, i));
  if (result->n_problems > result->problems->len)
    g_string_append_printf (text, _("… and %u more\n"), result->n_problems - result->problems->len);
  return g_string_free (text, FALSE);
}

static void
import_report_response_cb (AdwMessageDialog *dialog,
                           const char       *response,
                           RubricWindow     *self)
{
  if (g_strcmp0 (response, "import-valid") == 0)
    {
      g_autoptr(GFile) file = g_file_new_for_path (g_object_get_data (G_OBJECT (dialog), "path"));

      _rubric_window_import (self, file, RUBRIC_IMPORT_SKIP_INVALID);
    }
}

/* The person sees every rejected line and decides: nothing was
 * imported yet, or the valid tasks only. */
static void
show_import_report (RubricWindow       *self,
                    RubricImportResult *result,
                    const char         *message)
{
  g_autofree char *basename = g_path_get_basename (result->path);
  g_autofree char *heading = g_strdup_printf (_("“%s” Has Problems"), basename);
  g_autofree char *body = NULL;
  g_autofree char *text = problems_text (result);
  GtkWidget *dialog;
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *label = gtk_label_new (text);

  if (result->n_tasks > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "Nothing was imported yet. These lines were rejected; the other task is valid.",
                                         "Nothing was imported yet. These lines were rejected; the other %u tasks are valid.",
                                         result->n_tasks),
                            result->n_tasks);
  else
    body = g_strdup_printf (_("Nothing was imported. %s"), message);

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "monospace");
  gtk_widget_add_css_class (label, "problem-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 240);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  if (result->problems->len > 0)
    adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  if (result->n_tasks > 0)
    {
      g_autofree char *import_label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "_Import %u Valid Task",
                                                                     "_Import %u Valid Tasks", result->n_tasks),
                                                        result->n_tasks);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "import-valid", import_label);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import-valid", ADW_RESPONSE_SUGGESTED);
    }
  g_object_set_data_full (G_OBJECT (dialog), "path", g_strdup (result->path), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_report_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  RubricWindow *self = RUBRIC_WINDOW (object);
  ImportData *data = g_task_get_task_data (G_TASK (res));
  RubricImportResult *result = data->result;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  _rubric_window_set_busy (self, FALSE);
  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      if (result != NULL && result->problems->len > 0)
        show_import_report (self, result, error->message);
      else
        _rubric_window_error (self, _("Could Not Open the Task File"), error->message);
      return;
    }

  if (!rubric_window_load_task_set (self, result->set_id))
    return;
  if (result->reused)
    message = g_strdup_printf (_("Back to “%s”, with the work done so far"), result->name);
  else if (result->n_problems > 0)
    message = g_strdup_printf (_("Imported %u tasks; %u invalid lines were left out"), result->n_tasks, result->n_problems);
  else
    message = g_strdup_printf (_("Imported %u tasks"), result->n_tasks);
  _rubric_window_toast (self, message);
}

void
_rubric_window_import (RubricWindow      *self,
                       GFile             *file,
                       RubricImportFlags  flags)
{
  g_autoptr(GTask) task = NULL;
  ImportData *data;

  if (self->busy)
    return;
  if (g_file_get_path (file) == NULL)
    {
      _rubric_window_error (self, _("Could Not Open the Task File"), _("Rubric opens task files on this computer only."));
      return;
    }
  rubric_window_save_now (self);

  data = g_new0 (ImportData, 1);
  data->db_path = g_strdup (rubric_store_get_path (self->store));
  data->path = g_file_get_path (file);
  data->flags = flags;

  task = g_task_new (self, NULL, import_done_cb, NULL);
  g_task_set_source_tag (task, _rubric_window_import);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  _rubric_window_set_busy (self, TRUE);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, import_progress_tick_cb, g_object_ref (task), g_object_unref);
  g_task_run_in_thread (task, import_thread);
}

static void
open_response_cb (GtkNativeDialog *dialog,
                  int              response,
                  RubricWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      rubric_window_open_file (self, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
add_filter (GtkFileChooser *chooser,
            const char     *name,
            const char     *patterns[])
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  static const char *task_patterns[] = { "*.jsonl", "*.json", "*.ndjson", NULL };
  static const char *all_patterns[] = { "*", NULL };
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open a Task File"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (dialog), _("Task files (JSONL, JSON)"), task_patterns);
  add_filter (GTK_FILE_CHOOSER (dialog), _("All files"), all_patterns);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (param, NULL));

  rubric_window_open_file (RUBRIC_WINDOW (widget), file);
}

/* Export ---------------------------------------------------------------- */

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *data = task_data;
  RubricExportOptions options = { data->set_id, data->annotator };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = rubric_store_new (data->db_path, &error)) ||
      !rubric_export (store, data->format, &options, data->path, cancellable, &data->n_written, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  RubricWindow *self = RUBRIC_WINDOW (object);
  ExportData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = g_path_get_basename (data->path);
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      _rubric_window_error (self, _("Export Failed"), error->message);
      return;
    }
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u line to “%s”",
                                          "Exported %u lines to “%s”", data->n_written),
                             data->n_written, basename);
  _rubric_window_toast (self, message);
}

void
_rubric_window_export (RubricWindow *self,
                       const char   *format_name,
                       GFile        *file)
{
  g_autoptr(GTask) task = NULL;
  RubricExportFormat format;
  ExportData *data;

  if (!rubric_export_format_from_string (format_name, &format) || g_file_get_path (file) == NULL)
    {
      _rubric_window_error (self, _("Export Failed"), _("Choose a format and a file on this computer."));
      return;
    }
  rubric_window_save_now (self);
  g_settings_set_string (rubric_application_get_settings (self->app), "export-format", format_name);

  data = g_new0 (ExportData, 1);
  data->db_path = g_strdup (rubric_store_get_path (self->store));
  data->path = g_file_get_path (file);
  data->format = format;
  data->set_id = self->set_id;
  data->annotator = g_strdup (self->annotator);

  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, _rubric_window_export);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  g_task_run_in_thread (task, export_thread);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    RubricWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format");

      _rubric_window_export (self, format, file);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  const char *ids[RUBRIC_EXPORT_N_FORMATS + 1] = { NULL };
  const char *labels[RUBRIC_EXPORT_N_FORMATS + 1] = { NULL };
  g_autofree char *format = g_settings_get_string (rubric_application_get_settings (self->app), "export-format");
  g_autofree char *suggested = g_strdup_printf ("%s-%s.jsonl", adw_window_title_get_title (self->set_title), format);
  GtkFileChooserNative *dialog;

  for (guint i = 0; i < RUBRIC_EXPORT_N_FORMATS; i++)
    {
      ids[i] = rubric_export_format_to_string (i);
      labels[i] = rubric_export_format_get_label (i);
    }
  g_strdelimit (suggested, "/\\:", '-');

  dialog = gtk_file_chooser_native_new (_("Export Annotations"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "format", _("Format"), ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "format", format);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  const char *format;
  const char *path;
  g_autoptr(GFile) file = NULL;

  g_variant_get (param, "(&s&s)", &format, &path);
  file = g_file_new_for_commandline_arg (path);
  _rubric_window_export (RUBRIC_WINDOW (widget), format, file);
}

/* Moving and judging ----------------------------------------------------- */

static void
step_task (RubricWindow *self,
           int           delta)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;

  if (n == 0 || self->task == NULL)
    return;
  if ((delta < 0 && self->task_position == 0) || (delta > 0 && self->task_position + 1 >= n))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  _rubric_window_select (self, self->task_position + delta);
}

static void
next_task_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  step_task (RUBRIC_WINDOW (widget), 1);
}

static void
previous_task_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  step_task (RUBRIC_WINDOW (widget), -1);
}

static void
select_task_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _rubric_window_select (RUBRIC_WINDOW (widget), g_variant_get_uint32 (param));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  const char *choice = g_variant_get_string (param, NULL);

  if (g_strcmp0 (choice, "A") != 0 && g_strcmp0 (choice, "B") != 0)
    return;
  rubric_task_view_set_choice (self->task_view, choice);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _rubric_window_submit (RUBRIC_WINDOW (widget));
}

static void
focus_justification_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  rubric_task_view_focus_justification (RUBRIC_WINDOW (widget)->task_view);
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  adw_leaflet_navigate (RUBRIC_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

void
_rubric_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-to", "(ss)", export_to_action);
  gtk_widget_class_install_action (widget_class, "win.next-task", NULL, next_task_action);
  gtk_widget_class_install_action (widget_class, "win.previous-task", NULL, previous_task_action);
  gtk_widget_class_install_action (widget_class, "win.select-task", "u", select_task_action);
  gtk_widget_class_install_action (widget_class, "win.choose", "s", choose_action);
  gtk_widget_class_install_action (widget_class, "win.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "win.focus-justification", NULL, focus_justification_action);
  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, show_list_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.next-task", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.previous-task", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-task", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-task", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_ALT_MASK, "win.choose", "s", "A");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_ALT_MASK, "win.choose", "s", "B");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "win.focus-justification", NULL);
}
