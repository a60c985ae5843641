/* bench-loop.c — the main loop of the window's benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "bench-loop.h"

/* A source's callback: sets the gboolean at @flag, once. */
gboolean
bench_set_flag_cb (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms, asleep while it has nothing to do, as the
 * app is between key presses. Spinning instead took a whole core from
 * the X server and the app's own threads, on a machine of two. */
void
bench_iterate_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, bench_set_flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* A development build's window has the "devel" style: a striped header
 * bar, drawn with a pattern (a repeat node) that GSK 4.8 cannot compare
 * from one frame to the next, so that whatever changes in the header
 * bar, the title of a new task too, has the whole of it painted again
 * (in a release build, the title alone). The benchmarks time the window
 * as a release build draws it. */
void
bench_draw_as_release (GtkWidget *window)
{
  gtk_widget_remove_css_class (window, "devel");
}

/* For a benchmark's first line: that it draws as a release build,
 * when it was built for development. */
const char *
bench_drawing (void)
{
  return DEVELOPMENT_BUILD ? ", drawn as a release build draws it" : "";
}
