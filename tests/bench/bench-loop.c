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
