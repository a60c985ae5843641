/* rubric-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-application"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-application.h"
#include "rubric-preferences-window.h"
#include "rubric-window.h"

#define SCHEMA_ID "io.github.rubricapp.Rubric"

struct _RubricApplication
{
  AdwApplication  parent_instance;
  RubricStore    *store;
  GSettings      *settings;
  char           *db_path;
};

G_DEFINE_FINAL_TYPE (RubricApplication, rubric_application, ADW_TYPE_APPLICATION)

static gboolean
ensure_store (RubricApplication *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (self->store != NULL)
    return TRUE;
  path = self->db_path ? g_strdup (self->db_path) : rubric_store_default_path ();
  self->store = rubric_store_new (path, &error);
  if (self->store == NULL)
    {
      /* Nothing can be shown without a workspace; say so where the
       * person looks, not only on a console. */
      GtkWidget *dialog = adw_message_dialog_new (NULL, _("Could Not Open the Workspace"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
      gtk_window_present (GTK_WINDOW (dialog));
      return FALSE;
    }
  return TRUE;
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
    return;
  window = get_window (self);
  gtk_window_present (GTK_WINDOW (window));
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

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
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

static void
rubric_application_startup (GApplication *app)
{
  RubricApplication *self = RUBRIC_APPLICATION (app);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *prefs_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (rubric_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", prefs_accels);

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

  g_clear_object (&self->store);
  g_clear_object (&self->settings);
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
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  self->settings = g_settings_new (SCHEMA_ID);
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
