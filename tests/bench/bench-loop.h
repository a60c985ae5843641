/* bench-loop.h — the main loop of the window's benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean    bench_set_flag_cb     (gpointer   flag);
void        bench_iterate_for     (guint      ms);
void        bench_draw_as_release (GtkWidget *window);
const char *bench_drawing         (void);

G_END_DECLS
