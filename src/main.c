/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "rubric-application.h"
#include "rubric-renderer.h"
#include "rubric-repaint.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr(RubricApplication) app = NULL;

  /* Before anything logs: GTK says only there when it left a part of a
   * window out of a frame (rubric-repaint.c). */
  g_log_set_writer_func (rubric_repaint_log_writer, NULL, NULL);
  setlocale (LC_ALL, "");
  /* The tests run the app from the build tree, with its .mo files. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RUBRIC_LOCALEDIR") ? g_getenv ("RUBRIC_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Before the first window is made, and before any thread starts
   * (rubric-renderer.c); without a display there is nothing to choose. */
  if (gtk_init_check ())
    rubric_renderer_choose (gdk_display_get_default ());

  app = rubric_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
