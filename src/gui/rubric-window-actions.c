/* rubric-window-actions.c — every command of the window is an action
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rubric-authoring.h"
#include "rubric-columns-dialog.h"
#include "rubric-criteria-panel.h"
#include "rubric-export.h"
#include "rubric-judgement.h"
#include "rubric-reason-dialog.h"
#include "rubric-review-window.h"
#include "rubric-store-task.h"
#include "rubric-window-private.h"

typedef struct
{
  char              *db_path;
  char              *path;
  RubricImportFlags  flags;
  GStrv              map;        /* FIELD=COLUMN, for a table */
  RubricImportResult *result;
  RubricTable       *table;      /* a table refused for want of a map */
  GStrv              last_map;   /* the map of the file's last import */
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
  gboolean            margin;
  RubricTiePolicy     ties;
  guint               n_written;
} ExportData;

static void
import_data_free (ImportData *data)
{
  g_free (data->db_path);
  g_free (data->path);
  g_strfreev (data->map);
  g_clear_pointer (&data->result, rubric_import_result_free);
  g_clear_pointer (&data->table, rubric_table_free);
  g_strfreev (data->last_map);
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
  static const char *judging[] = {
    "win.submit", "win.skip", "win.focus-justification", "win.focus-rubric", "win.cite", "win.score", "win.flag",
  };
  gboolean has_set = self->model != NULL && !self->busy && !self->show_library;
  gboolean editable = has_set && _rubric_window_can_edit (self);
  gboolean judgeable = has_set && self->task != NULL && self->annotation != NULL &&
                       (editable || self->annotation->state == RUBRIC_ANNOTATION_SUBMITTED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-file", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-to", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-task", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-task", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.select-task", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.filter", has_set);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reopen", judgeable && !editable);
  for (guint i = 0; i < G_N_ELEMENTS (judging); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), judging[i], editable);
  _rubric_window_practice_update_actions (self);
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

static gboolean
import_work (RubricStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  ImportData *data = task_data;
  RubricReadOptions options = { .map = (const char * const *) data->map };

  if (rubric_import_file_full (store, data->path, &options, data->flags, cancellable, import_progress_cb, data,
                               &data->result, error))
    return TRUE;
  /* A table whose columns no format names: the person names them
   * (a table that cannot even be read keeps the import's own error, as
   * does one with no rows: there is nothing to import by any map). */
  if (data->map == NULL)
    {
      data->table = rubric_table_peek (data->path, cancellable, NULL);
      if (data->table != NULL && (!data->table->needs_map || data->table->first_row == NULL))
        g_clear_pointer (&data->table, rubric_table_free);
      if (data->table != NULL)
        data->last_map = rubric_store_dup_column_map (store, data->path, NULL);
    }
  return FALSE;
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

      _rubric_window_import_mapped (self, file, RUBRIC_IMPORT_SKIP_INVALID, g_object_get_data (G_OBJECT (dialog), "map"));
    }
}

/* The person sees every rejected line and decides: nothing was
 * imported yet, or the valid tasks only. */
static void
show_import_report (RubricWindow        *self,
                    RubricImportResult  *result,
                    const char * const  *map,
                    const char          *message)
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
  g_object_set_data_full (G_OBJECT (dialog), "map", g_strdupv ((char **) map), (GDestroyNotify) g_strfreev);
  g_signal_connect_object (dialog, "response", G_CALLBACK (import_report_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A file reopened by its stamp is read whole in the background; the
 * person hears of it only when it has changed. */
typedef struct
{
  char     *path;
  char     *content_hash;
  gboolean  same;
} VerifyData;

static void
verify_data_free (VerifyData *data)
{
  g_free (data->path);
  g_free (data->content_hash);
  g_free (data);
}

/* On a thread of its own at the lowest priority: a hash of a file of
 * gigabytes must not take the processor from the window's first frames
 * (nor, on two processors, from the X server drawing them). A thread of
 * the shared pool would keep that priority for whatever it ran next. */
static gpointer
verify_thread (gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  VerifyData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (setpriority (PRIO_PROCESS, (id_t) syscall (SYS_gettid), 19) != 0)
    g_debug ("Could not lower the priority of the check of %s: %s", data->path, g_strerror (errno));
  if (!rubric_import_verify (data->path, data->content_hash, g_task_get_cancellable (task), &data->same, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  return NULL;
}

static void
verify_done_cb (GObject      *object,
                GAsyncResult *res,
                gpointer      user_data)
{
  RubricWindow *self = RUBRIC_WINDOW (object);
  VerifyData *data = g_task_get_task_data (G_TASK (res));
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *message = NULL;
  AdwToast *toast;

  /* Cancelled or unreadable: the set shown is still the one it was. */
  if (!g_task_propagate_boolean (G_TASK (res), &error) || data->same)
    return;
  basename = g_path_get_basename (data->path);
  message = g_strdup_printf (_("“%s” has changed since it was imported; this is the earlier version"), basename);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Import Again"));
  adw_toast_set_action_name (toast, "win.import-again");
  adw_toast_set_action_target_value (toast, g_variant_new_string (data->path));
  _rubric_window_dismiss_changed_toast (self);
  self->changed_toast = toast;
  g_object_add_weak_pointer (G_OBJECT (toast), (gpointer *) &self->changed_toast);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
verify_in_background (RubricWindow       *self,
                      RubricImportResult *result)
{
  g_autoptr(GTask) task = NULL;
  VerifyData *data = g_new0 (VerifyData, 1);

  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  self->verify_cancellable = g_cancellable_new ();
  data->path = g_strdup (result->path);
  data->content_hash = g_strdup (result->content_hash);
  task = g_task_new (self, self->verify_cancellable, verify_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) verify_data_free);
  g_thread_unref (g_thread_new ("rubric-verify", verify_thread, g_steal_pointer (&task)));
}

/* The file read whole this time: changed, it becomes a set of its own. */
static void
import_again_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (param, NULL));

  _rubric_window_import (RUBRIC_WINDOW (widget), file, RUBRIC_IMPORT_NONE);
}

static void
columns_response_cb (RubricColumnsDialog *dialog,
                     const char          *response,
                     RubricWindow        *self)
{
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) map = NULL;

  if (g_strcmp0 (response, "import") != 0)
    return;
  file = g_file_new_for_path (rubric_columns_dialog_get_path (dialog));
  map = rubric_columns_dialog_dup_map (dialog);
  _rubric_window_import_mapped (self, file, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "flags")),
                                (const char * const *) map);
}

/* The file is a table whose columns are no format: which holds what. */
static void
ask_for_columns (RubricWindow *self,
                 ImportData   *data)
{
  RubricColumnsDialog *dialog = rubric_columns_dialog_new (GTK_WINDOW (self), data->path, data->table,
                                                          (const char * const *) data->last_map);

  g_object_set_data (G_OBJECT (dialog), "flags", GUINT_TO_POINTER (data->flags));
  g_signal_connect_object (dialog, "response", G_CALLBACK (columns_response_cb), self, 0);
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
      if (data->table != NULL)
        ask_for_columns (self, data);
      else if (result != NULL && result->problems->len > 0)
        show_import_report (self, result, (const char * const *) data->map, error->message);
      else
        _rubric_window_error (self, _("Could Not Open the Task File"), error->message);
      return;
    }

  if (!rubric_window_load_task_set (self, result->set_id))
    return;
  if (result->unverified)
    verify_in_background (self, result);
  if (result->reused)
    message = g_strdup_printf (_("Back to “%s”, with the work done so far"), result->name);
  else if (result->n_problems > 0)
    message = g_strdup_printf (_("Imported %u tasks; %u invalid lines were left out"), result->n_tasks, result->n_problems);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Imported %u task", "Imported %u tasks", result->n_tasks),
                               result->n_tasks);
  _rubric_window_toast (self, message);
}

void
_rubric_window_import (RubricWindow      *self,
                       GFile             *file,
                       RubricImportFlags  flags)
{
  _rubric_window_import_mapped (self, file, flags, NULL);
}

/* @map: (nullable): FIELD=COLUMN for a table, as rubric-cli's --map */
void
_rubric_window_import_mapped (RubricWindow       *self,
                              GFile              *file,
                              RubricImportFlags   flags,
                              const char * const *map)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = g_file_get_path (file);
  ImportData *data;

  if (self->busy)
    return;
  if (path == NULL)
    {
      _rubric_window_error (self, _("Could Not Open the Task File"), _("Rubric opens task files on this computer only."));
      return;
    }
  rubric_window_save_now (self);

  data = g_new0 (ImportData, 1);
  data->db_path = g_strdup (rubric_store_get_path (self->store));
  data->path = g_steal_pointer (&path);
  data->flags = flags;
  data->map = g_strdupv ((char **) map);

  task = g_task_new (self, NULL, import_done_cb, NULL);
  g_task_set_source_tag (task, _rubric_window_import);
  g_task_set_task_data (task, data, (GDestroyNotify) import_data_free);
  _rubric_window_set_busy (self, TRUE);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 100, import_progress_tick_cb, g_object_ref (task), g_object_unref);
  rubric_store_task_run (task, data->db_path, import_work);
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
  static const char *task_patterns[] = {
    "*.jsonl", "*.json", "*.ndjson", "*.csv", "*.tsv",
    "*.jsonl.gz", "*.json.gz", "*.csv.gz", "*.tsv.gz", "*.jsonl.zst", "*.json.zst", "*.csv.zst", "*.tsv.zst", NULL
  };
  static const char *all_patterns[] = { "*", NULL };
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (_("Open a Task File"), GTK_WINDOW (widget),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  add_filter (GTK_FILE_CHOOSER (dialog), _("Task files and datasets (JSONL, JSON, CSV, TSV; gzip or zstd)"), task_patterns);
  add_filter (GTK_FILE_CHOOSER (dialog), _("All files"), all_patterns);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Leads: several records exports, or a folder of them, as one review. */
static void
open_review_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         RubricWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GListModel) files = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (dialog));
      g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (list, g_list_model_get_item (files, i));
      rubric_review_window_open (self->app, GTK_WINDOW (self), (GFile **) list->pdata, list->len);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

static void
open_review_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  static const char *records_patterns[] = { "*.jsonl", "*.ndjson", "*.jsonl.gz", "*.jsonl.zst", NULL };
  gboolean folder = g_str_equal (action_name, "win.open-review-folder");
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (folder ? _("Open a Folder of Records Exports") : _("Open Records Exports"),
                                        GTK_WINDOW (widget),
                                        folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                                        _("_Review"), _("_Cancel"));
  if (!folder)
    {
      gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (dialog), TRUE);
      add_filter (GTK_FILE_CHOOSER (dialog), _("Records exports (JSONL; gzip or zstd)"), records_patterns);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_review_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* The same, from paths: for the command line and for tests. */
static void
open_review_paths_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  g_autofree const char **paths = g_variant_get_strv (param, NULL);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; paths[i] != NULL; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (paths[i]));
  rubric_review_window_open (self->app, GTK_WINDOW (self), (GFile **) files->pdata, files->len);
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

static gboolean
export_work (RubricStore   *store,
             gpointer       task_data,
             GCancellable  *cancellable,
             GError       **error)
{
  ExportData *data = task_data;
  RubricExportOptions options = { data->set_id, data->annotator, data->margin, data->ties };

  return rubric_export (store, data->format, &options, data->path, cancellable, &data->n_written, error);
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
                       gboolean      margin,
                       gboolean      ties_unpaired,
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
  data->margin = margin;
  data->ties = ties_unpaired ? RUBRIC_TIES_UNPAIRED : RUBRIC_TIES_DROP;

  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_source_tag (task, _rubric_window_export);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);
  rubric_store_task_run (task, data->db_path, export_work);
}

static void
export_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    RubricWindow    *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);

      _rubric_window_export (self, gtk_file_chooser_get_choice (chooser, "format"),
                             g_strcmp0 (gtk_file_chooser_get_choice (chooser, "margin"), "true") == 0,
                             g_strcmp0 (gtk_file_chooser_get_choice (chooser, "ties"), "unpaired") == 0,
                             file);
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
  static const char *tie_ids[] = { "drop", "unpaired", NULL };
  const char *tie_labels[] = { _("Drop ties"), _("Ties to the unpaired export"), NULL };
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
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "margin", _("Preference strength as margin"), NULL, NULL);
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "ties", _("Ties"), tie_ids, tie_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "ties", "drop");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* (format, path, margin, ties unpaired): for scripts and tests. */
static void
export_to_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  const char *format;
  const char *path;
  gboolean margin, unpaired;
  g_autoptr(GFile) file = NULL;

  g_variant_get (param, "(&s&sbb)", &format, &path, &margin, &unpaired);
  file = g_file_new_for_commandline_arg (path);
  _rubric_window_export (RUBRIC_WINDOW (widget), format, margin, unpaired, file);
}

/* Submitting ------------------------------------------------------------- */

static void
finish_submit (RubricWindow *self)
{
  if (!_rubric_window_save (self, RUBRIC_ANNOTATION_SUBMITTED))
    return;
  _rubric_window_update_actions (self);
  /* Practice shows the feedback first; an exam may end here. */
  if (_rubric_window_practice_after_submit (self))
    return;
  _rubric_window_next_open (self);
}

static void
override_response_cb (RubricWindow       *self,
                      const char         *response,
                      RubricReasonDialog *dialog)
{
  g_autofree char *reason = rubric_reason_dialog_dup_reason (dialog);

  if (g_strcmp0 (response, "submit") != 0 || *reason == '\0' || self->task == NULL || self->annotation == NULL)
    return;
  rubric_annotation_set_overrides (self->annotation, rubric_reason_dialog_get_checks (dialog), reason);
  finish_submit (self);
}

/* Warnings a careful person may overrule, saying why. */
static void
ask_override (RubricWindow *self,
              GPtrArray    *checks)
{
  g_autoptr(GString) body = g_string_new (NULL);
  RubricReasonDialog *dialog;

  for (guint i = 0; i < checks->len; i++)
    g_string_append_printf (body, "• %s\n", ((RubricCheck *) g_ptr_array_index (checks, i))->message);
  g_string_append (body, _("\nSubmit anyway? Say why; the reason is kept with the judgement."));
  dialog = rubric_reason_dialog_new (GTK_WINDOW (self), _("Submit Despite Warnings?"), body->str, _("_Review Again"),
                                     "submit", _("_Submit Anyway"));
  rubric_reason_dialog_set_checks (dialog, checks);
  g_signal_connect_object (dialog, "response", G_CALLBACK (override_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_rubric_window_submit (RubricWindow *self)
{
  g_autoptr(GPtrArray) checks = NULL;

  if (!_rubric_window_can_edit (self))
    return;

  /* Bring the clock up to now before the reading-time check. */
  rubric_window_save_now (self);
  _rubric_window_account_time (self);
  checks = rubric_page_check (self->page);
  if (!rubric_checks_have_errors (checks))
    {
      g_autoptr(GError) error = NULL;

      /* A check that cannot read the set must not stop the work. */
      if (!rubric_set_check (self->store, self->task, self->annotation, checks, &error))
        g_warning ("Could not compare with the set's other work: %s", error->message);
    }
  rubric_page_show_checks (self->page, checks);
  if (rubric_checks_have_errors (checks))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (checks->len > 0)
    {
      ask_override (self, checks);
      return;
    }
  finish_submit (self);
}

static void
skip_response_cb (RubricWindow       *self,
                  const char         *response,
                  RubricReasonDialog *dialog)
{
  g_autofree char *reason = rubric_reason_dialog_dup_reason (dialog);

  if (g_strcmp0 (response, "skip") == 0 && *reason != '\0')
    _rubric_window_skip (self, reason);
}

void
_rubric_window_skip (RubricWindow *self,
                     const char   *reason)
{
  if (self->task == NULL || self->annotation == NULL)
    return;
  rubric_annotation_set_text (&self->annotation->skip_reason, reason);
  if (!_rubric_window_save (self, RUBRIC_ANNOTATION_SKIPPED))
    return;
  _rubric_window_update_actions (self);
  _rubric_window_next_open (self);
}

void
_rubric_window_reopen (RubricWindow *self)
{
  if (self->task == NULL || self->annotation == NULL || self->annotation->state != RUBRIC_ANNOTATION_SUBMITTED)
    return;
  /* The store keeps the submission being reopened in its history. */
  if (!_rubric_window_write_state (self, RUBRIC_ANNOTATION_DRAFT))
    return;
  rubric_page_show_state (self->page, TRUE);
  /* From practice feedback, reopening is trying again. */
  self->panel = RUBRIC_PANEL_NONE;
  _rubric_window_show_current_page (self);
  rubric_page_focus_default (self->page);
  _rubric_window_update_actions (self);
  _rubric_window_toast (self, _("Reopened: your submitted judgement is kept in the history"));
}

/* Actions ----------------------------------------------------------------- */

static void
step_task (RubricWindow *self,
           int           delta)
{
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  guint position = self->task_position;

  if (n == 0)
    return;
  if (position >= n)
    position = delta > 0 ? (guint) -1 : n;
  if ((delta < 0 && position == 0) || (delta > 0 && position + 1 >= n && position != (guint) -1))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  _rubric_window_select (self, position + delta);
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
cite_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);

  if (self->page == NULL || !rubric_page_cite (self->page, g_variant_get_uint32 (param)))
    gtk_widget_error_bell (widget);
}

/* The rubric panel of the page that shows the task, whatever its kind. */
static RubricCriteriaPanel *
page_panel (RubricWindow *self)
{
  return self->page ? rubric_page_get_criteria_panel (self->page) : NULL;
}

/* (criterion index, response on screen: 0 first / left, score; a score
 * outside the criterion's scale clears it) */
static void
score_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  RubricCriteriaPanel *panel = page_panel (RUBRIC_WINDOW (widget));
  guint criterion, side;
  int score;

  g_variant_get (param, "(uui)", &criterion, &side, &score);
  if (panel != NULL)
    rubric_criteria_panel_set_score (panel, criterion, side, score);
}

/* (flag id, side, set) */
static void
flag_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *flag;
  guint side;
  gboolean set;

  RubricCriteriaPanel *panel = page_panel (RUBRIC_WINDOW (widget));

  g_variant_get (param, "(&sub)", &flag, &side, &set);
  if (panel != NULL)
    rubric_criteria_panel_set_flag (panel, flag, side, set);
}

static void
submit_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _rubric_window_submit (RUBRIC_WINDOW (widget));
}

static void
skip_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RubricReasonDialog *dialog;

  dialog = rubric_reason_dialog_new (GTK_WINDOW (widget), _("Skip This Task?"),
                                     _("Say why, so that whoever reviews the set knows: unclear prompt, "
                                       "outside your expertise, broken responses…"),
                                     _("_Cancel"), "skip", _("_Skip"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (skip_response_cb), widget, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
retry_save_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  _rubric_window_retry_save (RUBRIC_WINDOW (widget));
}

static void
retry_load_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  _rubric_window_retry_load (RUBRIC_WINDOW (widget));
}

/* "mine" saves this window's version over the other; "theirs" shows
 * the other's. Neither loses a version: the history keeps it. */
static void
resolve_conflict_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  _rubric_window_resolve_conflict (RUBRIC_WINDOW (widget), g_str_equal (g_variant_get_string (param, NULL), "mine"));
}

static void
reopen_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  _rubric_window_reopen (RUBRIC_WINDOW (widget));
}

static void
focus_justification_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);

  if (self->page == NULL || !rubric_page_focus_text (self->page))
    gtk_widget_error_bell (widget);
}

static void
focus_panel_once_cb (RubricCriteriaPanel *panel)
{
  g_signal_handlers_disconnect_by_func (panel, focus_panel_once_cb, NULL);
  rubric_criteria_panel_focus_first (panel);
}

static void
focus_rubric_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  RubricCriteriaPanel *panel = page_panel (self);

  if (panel == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  if (!rubric_page_get_side_panel (self->page))
    {
      if (rubric_page_get_side_panel_folded (self->page))
        rubric_page_toggle_side_panel_over (self->page);
      else
        g_object_set (self, "show-rubric", TRUE, NULL);
    }
  /* A panel just asked for shows from the next frame on. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (panel)))
    g_signal_connect (panel, "map", G_CALLBACK (focus_panel_once_cb), NULL);
  else
    rubric_criteria_panel_focus_first (panel);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
filter_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  static const char *names[] = { "all", "todo", "draft", "submitted", "skipped", "flagged" };
  RubricWindow *self = RUBRIC_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (g_str_equal (name, names[i]))
        {
          _rubric_window_set_filter (self, (RubricFilter) i, self->search);
          return;
        }
    }
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  adw_leaflet_navigate (RUBRIC_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_library_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  rubric_window_show_library (RUBRIC_WINDOW (widget));
}

static void
undelete_set_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  _rubric_window_undelete_set (RUBRIC_WINDOW (widget), g_variant_get_int64 (param));
}

static void
add_cite_keys (GtkWidgetClass *widget_class)
{
  static const guint digits[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5,
                                  GDK_KEY_6, GDK_KEY_7, GDK_KEY_8, GDK_KEY_9 };

  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    gtk_widget_class_add_binding_action (widget_class, digits[i], GDK_CONTROL_MASK, "win.cite", "u", i);
}

void
_rubric_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", "s", open_file_action);
  gtk_widget_class_install_action (widget_class, "win.import-again", "s", import_again_action);
  gtk_widget_class_install_action (widget_class, "win.open-review", NULL, open_review_action);
  gtk_widget_class_install_action (widget_class, "win.open-review-folder", NULL, open_review_action);
  gtk_widget_class_install_action (widget_class, "win.open-review-paths", "as", open_review_paths_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-to", "(ssbb)", export_to_action);
  gtk_widget_class_install_action (widget_class, "win.next-task", NULL, next_task_action);
  gtk_widget_class_install_action (widget_class, "win.previous-task", NULL, previous_task_action);
  gtk_widget_class_install_action (widget_class, "win.select-task", "u", select_task_action);
  gtk_widget_class_install_action (widget_class, "win.cite", "u", cite_action);
  gtk_widget_class_install_action (widget_class, "win.score", "(uui)", score_action);
  gtk_widget_class_install_action (widget_class, "win.flag", "(sub)", flag_action);
  gtk_widget_class_install_action (widget_class, "win.submit", NULL, submit_action);
  gtk_widget_class_install_action (widget_class, "win.skip", NULL, skip_action);
  gtk_widget_class_install_action (widget_class, "win.reopen", NULL, reopen_action);
  gtk_widget_class_install_action (widget_class, "win.retry-save", NULL, retry_save_action);
  gtk_widget_class_install_action (widget_class, "win.retry-load", NULL, retry_load_action);
  gtk_widget_class_install_action (widget_class, "win.resolve-conflict", "s", resolve_conflict_action);
  gtk_widget_class_install_action (widget_class, "win.focus-justification", NULL, focus_justification_action);
  gtk_widget_class_install_action (widget_class, "win.focus-rubric", NULL, focus_rubric_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.filter", "s", filter_action);
  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "win.show-library", NULL, show_library_action);
  gtk_widget_class_install_action (widget_class, "win.undelete-set", "x", undelete_set_action);
  gtk_widget_class_install_property_action (widget_class, "win.show-rubric", "show-rubric");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.next-task", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.previous-task", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-task", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-task", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.submit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.skip", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.reopen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "win.focus-justification", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.focus-rubric", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-rubric", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_O, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.show-library", NULL);
  add_cite_keys (widget_class);
  _rubric_window_practice_actions_init (widget_class);
}
