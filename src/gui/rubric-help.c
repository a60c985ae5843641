/* rubric-help.c
 *
 * The help is Mallard pages (help/C/) installed for a help viewer such
 * as Yelp, under one name for the stable and the development build.
 * Without a viewer the URI cannot be opened, and the person is told how
 * to get one and where the pages are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-help"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rubric-help.h"

static char *
help_uri (const char *page)
{
  if (page == NULL || *page == '\0')
    return g_strdup ("help:" HELP_ID);
  return g_strconcat ("help:" HELP_ID "/", page, NULL);
}

/* The untranslated pages; translations sit beside them under their
 * language's code. */
static char *
pages_dir (void)
{
  return g_build_filename (HELPDIR, "C", HELP_ID, NULL);
}

static void
no_viewer_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       gpointer          user_data)
{
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;

  if (!g_str_equal (response, "open-folder"))
    return;
  dir = pages_dir ();
  uri = g_filename_to_uri (dir, NULL, NULL);
  if (uri != NULL)
    gtk_show_uri (gtk_window_get_transient_for (GTK_WINDOW (dialog)), uri, GDK_CURRENT_TIME);
}

static void
show_no_viewer (GtkWindow    *parent,
                const GError *error)
{
  g_autofree char *dir = pages_dir ();
  g_autofree char *advice = NULL;
  g_autoptr(GString) body = g_string_new (_("Rubric’s help is read in a help viewer, and none could be started."));
  GtkWidget *dialog;

  /* "Not supported" only says that no viewer is installed. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    g_string_append_printf (body, " (%s)", error->message);
  advice = g_strdup_printf (_("Install a help viewer such as Yelp (on Debian and Ubuntu, the “yelp” package) and "
                              "open the help again, or read the help pages themselves, which are installed in %s."),
                            dir);
  g_string_append_printf (body, "\n\n%s", advice);
  dialog = adw_message_dialog_new (parent, _("The Help Could Not Be Opened"), body->str);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  if (g_file_test (dir, G_FILE_TEST_IS_DIR))
    adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "open-folder", _("_Open Folder"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_signal_connect (dialog, "response", G_CALLBACK (no_viewer_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_uri_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GtkWindow *parent = source != NULL ? GTK_WINDOW (source) : NULL;
  g_autoptr(GError) error = NULL;

  if (gtk_show_uri_full_finish (parent, result, &error))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_debug ("Could not open the help: %s", error->message);
  show_no_viewer (parent, error);
}

/**
 * rubric_help_show:
 * @parent: (nullable): the window the help is asked from
 * @page: (nullable): a page id of help/C/ ("work-log"), optionally with
 *   a section ("work-log#taxes"); %NULL for the index
 *
 * Opens help:io.github.rubricapp.Rubric[/@page] in the help viewer.
 * When no viewer can be started, a dialog over @parent says how to get
 * one and where the installed pages are.
 */
void
rubric_help_show (GtkWindow  *parent,
                  const char *page)
{
  g_autofree char *uri = NULL;

  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

  uri = help_uri (page);
  gtk_show_uri_full (parent, uri, GDK_CURRENT_TIME, NULL, show_uri_cb, NULL);
}
