/* rubric-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-application.h"
#include "rubric-library.h"
#include "rubric-backup.h"
#include "rubric-error.h"
#include "rubric-help.h"
#include "rubric-import.h"
#include "rubric-preferences-window.h"
#include "rubric-review-window.h"
#include "rubric-window.h"
#include "rubric-worklog-window.h"

#define SCHEMA_ID "io.github.rubricapp.Rubric"

/* Backups are looked at once a minute and made while nobody types. */
#define BACKUP_CHECK_S 60
#define BACKUP_IDLE_US (30 * G_USEC_PER_SEC)

struct _RubricApplication
{
  AdwApplication  parent_instance;
  RubricStore    *store;
  GSettings      *settings;
  char           *db_path;
  GPtrArray      *pending_files;   /* to open once the workspace can be used */

  guint           backup_source;
  gboolean        backup_running;
  gboolean        changed_since_backup;
  gint64          backup_data_version;
  gint64          last_input;
  gboolean        damage_reported;
  gboolean        review;          /* --review: the files are records exports, one review */
};

G_DEFINE_FINAL_TYPE (RubricApplication, rubric_application, ADW_TYPE_APPLICATION)

static void show_damaged_dialog (RubricApplication *self,
                                 const char        *reason,
                                 gboolean           can_open);
static gboolean backup_tick_cb (gpointer user_data);

static char *
workspace_path (RubricApplication *self)
{
  return self->db_path ? g_strdup (self->db_path) : rubric_store_default_path ();
}

static void
annotation_saved_cb (RubricApplication *self)
{
  self->changed_since_backup = TRUE;
}

static void
present_error (RubricApplication *self,
               const char        *heading,
               const char        *body)
{
  GtkWidget *dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                              heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Sets deleted more than a day ago go for good, with their work, in a
 * thread of its own on a connection of its own: on a large set it
 * takes seconds. Within the day Undo, or importing the file again,
 * brings a set back. So do the tasks of imports whose process died. */
static void
purge_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 before = g_get_real_time () / 1000 - RUBRIC_LIBRARY_KEEP_DELETED_MS;
  guint n = 0;

  if (!(store = rubric_store_new (task_data, &error)))
    {
      g_warning ("Deleted task sets are kept for now: %s", error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!rubric_library_purge (store, before, &n, &error))
    g_warning ("Deleted task sets are kept for now: %s", error->message);
  else if (n > 0)
    g_debug ("Removed %u task sets deleted over a day ago", n);
  g_clear_error (&error);
  if (!rubric_import_remove_abandoned (store, &n, &error))
    g_warning ("What imports that never finished left is kept for now: %s", error->message);
  else if (n > 0)
    g_debug ("Removed %u task sets whose import never finished", n);
  g_task_return_boolean (task, TRUE);
}

static void
purge_deleted_sets (const char *path)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_set_task_data (task, g_strdup (path), g_free);
  g_task_run_in_thread (task, purge_thread);
}

static gboolean
ensure_store (RubricApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *damage = NULL;

  if (self->store != NULL)
    return TRUE;
  path = workspace_path (self);
  /* Damage found while the workspace was open last time. */
  if ((damage = rubric_workspace_get_damage (path)) != NULL)
    {
      show_damaged_dialog (self, damage, TRUE);
      return FALSE;
    }
  self->store = rubric_store_new (path, &error);
  if (self->store == NULL)
    {
      /* Nothing can be shown without a workspace; say so where the
       * person looks, not only on a console. */
      if (g_error_matches (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED))
        show_damaged_dialog (self, error->message, FALSE);
      else
        present_error (self, _("Could Not Open the Workspace"), error->message);
      return FALSE;
    }
  /* No save of the window's waits for the log to be copied into the
   * workspace. */
  rubric_store_checkpoint_in_background (self->store, TRUE);
  g_signal_connect_object (self->store, "annotation-saved", G_CALLBACK (annotation_saved_cb), self,
                           G_CONNECT_SWAPPED);
  purge_deleted_sets (path);
  self->changed_since_backup = TRUE;
  self->backup_data_version = rubric_store_get_data_version (self->store);
  if (self->backup_source == 0)
    self->backup_source = g_timeout_add_seconds (BACKUP_CHECK_S, backup_tick_cb, self);
  return TRUE;
}

static RubricWindow *get_window (RubricApplication *self);

/* What was asked of the app before the workspace could be opened. */
static void
resume_start (RubricApplication *self,
              const char        *message)
{
  g_autoptr(GPtrArray) files = g_steal_pointer (&self->pending_files);
  RubricWindow *window;

  self->pending_files = g_ptr_array_new_with_free_func (g_object_unref);
  if (!ensure_store (self))
    return;
  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));
  if (self->review && files->len > 0)
    rubric_review_window_open (self, GTK_WINDOW (window), (GFile **) files->pdata, files->len);
  for (guint i = 0; !self->review && i < files->len; i++)
    rubric_window_open_file (window, g_ptr_array_index (files, i));
  if (message != NULL)
    rubric_window_show_message (window, message);
}

/* Another instance may have restored the workspace while this one's
 * dialog waited: a workspace that opens, with no damage noted, is used
 * as it is and never moved aside. */
static gboolean
repaired_meanwhile (const char *path)
{
  g_autofree char *damage = rubric_workspace_get_damage (path);
  g_autoptr(RubricStore) store = NULL;

  return damage == NULL && (store = rubric_store_new (path, NULL)) != NULL;
}

static void
damaged_response_cb (AdwMessageDialog  *dialog,
                     const char        *response,
                     RubricApplication *self)
{
  g_autofree char *path = workspace_path (self);
  g_autoptr(GPtrArray) backups = rubric_backup_list (path, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *message = NULL;
  gint64 now = g_get_real_time ();

  if (g_strcmp0 (response, "quit") == 0)
    return;
  if (g_strcmp0 (response, "open") == 0)
    rubric_workspace_clear_damage (path);
  else if (repaired_meanwhile (path))
    message = g_strdup (_("The workspace was repaired in another window"));
  else if (g_strcmp0 (response, "restore") == 0)
    {
      RubricBackup *newest = backups != NULL && backups->len > 0 ? g_ptr_array_index (backups, 0) : NULL;

      if (newest == NULL || !rubric_workspace_restore (path, newest->path, now, &aside, &error))
        {
          present_error (self, _("Could Not Restore the Backup"),
                         error ? error->message : _("The backup is no longer there."));
          return;
        }
      message = g_strdup_printf (_("Restored the backup. The damaged workspace is kept as %s"), aside);
    }
  else if (g_strcmp0 (response, "empty") == 0)
    {
      if (!rubric_workspace_move_aside (path, now, &aside, &error))
        {
          present_error (self, _("Could Not Move the Workspace Aside"), error->message);
          return;
        }
      message = g_strdup_printf (_("Started a new workspace. The damaged one is kept as %s"), aside);
    }
  resume_start (self, message);
}

/* A damaged workspace is never written over: it is moved aside, and
 * the newest backup, which was checked when it was made, takes its
 * place. */
static void
show_damaged_dialog (RubricApplication *self,
                     const char        *reason,
                     gboolean           can_open)
{
  g_autofree char *path = workspace_path (self);
  g_autoptr(GPtrArray) backups = rubric_backup_list (path, NULL);
  g_autoptr(GString) body = g_string_new (NULL);
  GtkWidget *dialog;

  g_string_append_printf (body, _("Rubric cannot use its workspace. %s"), reason);
  g_string_append (body, "\n\n");
  if (backups != NULL && backups->len > 0)
    {
      RubricBackup *newest = g_ptr_array_index (backups, 0);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (newest->time / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%c");

      g_string_append_printf (body, _("Restore the backup of %s? Work done since then is not in it. "
                                      "The damaged workspace is kept beside it, under a new name."), when);
    }
  else
    g_string_append (body, _("There is no backup. Start a new workspace? The damaged one is kept beside it, "
                             "under a new name."));

  dialog = adw_message_dialog_new (NULL, _("The Workspace Is Damaged"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  if (can_open)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "open", _("_Open Anyway"));
  if (backups != NULL && backups->len > 0)
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "restore", _("_Restore Backup"));
  else
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "empty", _("_Start a New Workspace"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog),
                                           backups != NULL && backups->len > 0 ? "restore" : "empty");
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog),
                                              backups != NULL && backups->len > 0 ? "restore" : "empty",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  gtk_widget_add_css_class (dialog, "damaged-workspace");
  g_signal_connect_object (dialog, "response", G_CALLBACK (damaged_response_cb), self, 0);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Backups ------------------------------------------------------------ */

static void
backup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  const char *path = task_data;
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time ();

  if (!(backup = rubric_backup_make (path, now, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  rubric_backup_prune (path, now);
  g_task_return_boolean (task, TRUE);
}

static void
backup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RubricApplication *self = RUBRIC_APPLICATION (object);
  g_autoptr(GError) error = NULL;

  self->backup_running = FALSE;
  if (g_task_propagate_boolean (G_TASK (result), &error))
    return;
  if (g_error_matches (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED))
    rubric_application_report_damage (self, error->message);
  else
    g_warning ("Could not back the workspace up: %s", error->message);
  self->changed_since_backup = TRUE;
}

/**
 * rubric_application_backup_if_due:
 * @now: the time, µs since the epoch
 *
 * Backs the workspace up, off the main thread, when it changed and the
 * newest backup is an hour old; a changed workspace is checked too.
 *
 * Returns: whether a backup was started
 */
gboolean
rubric_application_backup_if_due (RubricApplication *self,
                                  gint64             now)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GTask) task = NULL;
  gint64 version;

  g_return_val_if_fail (RUBRIC_IS_APPLICATION (self), FALSE);

  if (self->store == NULL || self->backup_running)
    return FALSE;
  version = rubric_store_get_data_version (self->store);
  if (version != self->backup_data_version)
    self->changed_since_backup = TRUE;
  path = workspace_path (self);
  backups = rubric_backup_list (path, NULL);
  if (!rubric_backup_is_due (backups != NULL && backups->len > 0 ? ((RubricBackup *) backups->pdata[0])->time : 0,
                             now, self->changed_since_backup))
    return FALSE;

  self->backup_running = TRUE;
  self->changed_since_backup = FALSE;
  self->backup_data_version = version;
  task = g_task_new (self, NULL, backup_done_cb, NULL);
  g_task_set_source_tag (task, rubric_application_backup_if_due);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, backup_thread);
  return TRUE;
}

static gboolean
backup_tick_cb (gpointer user_data)
{
  RubricApplication *self = user_data;

  if (g_get_monotonic_time () - self->last_input >= BACKUP_IDLE_US)
    rubric_application_backup_if_due (self, g_get_real_time ());
  return G_SOURCE_CONTINUE;
}

/**
 * rubric_application_note_input:
 *
 * A key or a pointer move in any window: no backup is made while the
 * person works.
 */
void
rubric_application_note_input (RubricApplication *self)
{
  g_return_if_fail (RUBRIC_IS_APPLICATION (self));
  self->last_input = g_get_monotonic_time ();
}

static void
damage_response_cb (AdwMessageDialog  *dialog,
                    const char        *response,
                    RubricApplication *self)
{
  if (g_strcmp0 (response, "quit") == 0)
    g_action_group_activate_action (G_ACTION_GROUP (self), "quit", NULL);
}

/**
 * rubric_application_report_damage:
 *
 * Damage found while the workspace is open: it is noted beside the
 * workspace, so that the next start offers to restore a backup, and the
 * person is told once.
 */
void
rubric_application_report_damage (RubricApplication *self,
                                  const char        *reason)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  g_return_if_fail (RUBRIC_IS_APPLICATION (self));

  path = workspace_path (self);
  if (!rubric_workspace_mark_damaged (path, reason, &error))
    g_warning ("%s", error->message);
  if (self->damage_reported)
    return;
  self->damage_reported = TRUE;
  dialog = adw_message_dialog_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                   _("The Workspace Is Damaged"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Rubric found damage in its workspace: %s\n\nYour backups are good. Quit "
                                    "Rubric and start it again to restore the newest one; the damaged "
                                    "workspace will be kept."), reason);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "keep", _("_Keep Working"),
                                    "quit", _("_Quit Rubric"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "quit", ADW_RESPONSE_SUGGESTED);
  g_signal_connect_object (dialog, "response", G_CALLBACK (damage_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static RubricWindow *
get_window (RubricApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (RUBRIC_IS_WINDOW (window))
    return RUBRIC_WINDOW (window);
  return rubric_window_new (self);
}

static void
rubric_application_activate (GApplication *app)
{
  RubricApplication *self = RUBRIC_APPLICATION (app);

  if (!ensure_store (self))
    return;
  gtk_window_present (GTK_WINDOW (get_window (self)));
}

static void
rubric_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  RubricApplication *self = RUBRIC_APPLICATION (app);
  RubricWindow *window;

  if (!ensure_store (self))
    {
      for (int i = 0; i < n_files; i++)
        g_ptr_array_add (self->pending_files, g_object_ref (files[i]));
      return;
    }
  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));
  if (self->review)
    {
      rubric_review_window_open (self, GTK_WINDOW (window), files, n_files);
      return;
    }
  for (int i = 0; i < n_files; i++)
    rubric_window_open_file (window, files[i]);
}

static int
rubric_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  RubricApplication *self = RUBRIC_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (db);
      self->db_path = g_file_get_path (file);
    }
  self->review = g_variant_dict_contains (options, "review");
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("rubric %s\n", PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  RubricApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Closing each window lets it save what was typed. */
  for (GList *l = g_list_copy (windows); l; l = g_list_delete_link (l, l))
    gtk_window_close (l->data);
}

/* Another window on the same workspace, for a second task set or a
 * second pair of eyes; it may show the same task set. */
static void
new_window_action (GSimpleAction *action,
                   GVariant      *param,
                   gpointer       user_data)
{
  RubricApplication *self = user_data;

  if (!ensure_store (self))
    return;
  gtk_window_present (GTK_WINDOW (rubric_window_new (self)));
}

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  static const char *developers[] = { "Rubric contributors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (parent,
                         "application-name", _("Rubric"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Judge, rank and write model responses for training data"),
                         "developers", developers,
                         "copyright", "© 2026 Rubric contributors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://github.com/rubricapp/rubric",
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  RubricApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (rubric_preferences_window_new (self));

  gtk_window_set_transient_for (prefs, parent);
  gtk_window_present (prefs);
}

/* One Work Log per application, on the workspace every window shares;
 * asked for again, it comes to the front. */
static void
work_log_action (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  RubricApplication *self = user_data;

  if (!ensure_store (self))
    return;
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (RUBRIC_IS_WORKLOG_WINDOW (l->data))
        {
          gtk_window_present (l->data);
          return;
        }
    }
  gtk_window_present (GTK_WINDOW (rubric_worklog_window_new (self)));
}

static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  rubric_help_show (gtk_application_get_active_window (GTK_APPLICATION (user_data)), NULL);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "new-window", new_window_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "work-log", work_log_action },
  { "help", help_action },
};

static void
style_variant_changed_cb (RubricApplication *self)
{
  g_autofree char *variant = g_settings_get_string (self->settings, "style-variant");
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_strcmp0 (variant, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (variant, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

/* The keyboard shortcuts window that GTK gives each application window. */
static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  GtkShortcutsWindow *overlay;

  if (GTK_IS_APPLICATION_WINDOW (window) &&
      (overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window))) != NULL)
    rubric_a11y_name_shortcuts_window (overlay, _("Search Shortcuts"), _("Keyboard Shortcuts"));
}

static void
rubric_application_startup (GApplication *app)
{
  RubricApplication *self = RUBRIC_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };
  static const char *new_window_accels[] = { "<Control><Shift>n", NULL };
  static const char *work_log_accels[] = { "<Control><Shift>l", NULL };
  static const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (rubric_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  g_signal_connect (self, "window-added", G_CALLBACK (window_added_cb), NULL);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.new-window", new_window_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.work-log", work_log_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);

  /* Preferences that the window's controls switch directly. */
  {
    g_autoptr(GAction) monospace = g_settings_create_action (self->settings, "editor-monospace");
    g_autoptr(GAction) spell = g_settings_create_action (self->settings, "spell-check");

    g_action_map_add_action (G_ACTION_MAP (self), monospace);
    g_action_map_add_action (G_ACTION_MAP (self), spell);
  }

  g_signal_connect_object (self->settings, "changed::style-variant",
                           G_CALLBACK (style_variant_changed_cb), self, G_CONNECT_SWAPPED);
  style_variant_changed_cb (self);
}

static void
rubric_application_finalize (GObject *object)
{
  RubricApplication *self = (RubricApplication *) object;

  g_clear_handle_id (&self->backup_source, g_source_remove);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_files, g_ptr_array_unref);
  g_free (self->db_path);

  G_OBJECT_CLASS (rubric_application_parent_class)->finalize (object);
}

static void
rubric_application_class_init (RubricApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = rubric_application_finalize;
  app_class->activate = rubric_application_activate;
  app_class->open = rubric_application_open;
  app_class->startup = rubric_application_startup;
  app_class->handle_local_options = rubric_application_handle_local_options;
}

static void
rubric_application_init (RubricApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Use this workspace database"), N_("PATH") },
    { "review", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Open the records exports (files or folders) as one review"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  self->settings = g_settings_new (SCHEMA_ID);
  self->pending_files = g_ptr_array_new_with_free_func (g_object_unref);
  self->last_input = g_get_monotonic_time ();
}

RubricApplication *
rubric_application_new (GApplicationFlags flags)
{
  return g_object_new (RUBRIC_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/rubricapp/Rubric",
                       NULL);
}

RubricStore *
rubric_application_get_store (RubricApplication *self)
{
  g_return_val_if_fail (RUBRIC_IS_APPLICATION (self), NULL);
  ensure_store (self);
  return self->store;
}

const char *
rubric_application_get_db_path (RubricApplication *self)
{
  g_return_val_if_fail (RUBRIC_IS_APPLICATION (self), NULL);
  return self->store ? rubric_store_get_path (self->store) : self->db_path;
}

/* For tests and embedders: must be called before the first window. */
void
rubric_application_set_db_path (RubricApplication *self,
                                const char        *path)
{
  g_return_if_fail (RUBRIC_IS_APPLICATION (self));
  g_return_if_fail (self->store == NULL);

  g_free (self->db_path);
  self->db_path = g_strdup (path);
}

GSettings *
rubric_application_get_settings (RubricApplication *self)
{
  g_return_val_if_fail (RUBRIC_IS_APPLICATION (self), NULL);
  return self->settings;
}

/**
 * rubric_application_dup_annotator:
 *
 * Returns: the name recorded with annotations: the preference, or the
 *   account's real name when that is empty
 */
char *
rubric_application_dup_annotator (RubricApplication *self)
{
  g_autofree char *name = g_settings_get_string (self->settings, "annotator-name");
  const char *real = g_get_real_name ();

  g_strstrip (name);
  if (*name != '\0')
    return g_steal_pointer (&name);
  if (real != NULL && *real != '\0' && g_strcmp0 (real, "Unknown") != 0)
    return g_strdup (real);
  return g_strdup (g_get_user_name ());
}
