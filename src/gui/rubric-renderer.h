/* rubric-renderer.h — GTK's cairo renderer when OpenGL would be drawn
 * on the CPU
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

gboolean rubric_renderer_is_software     (const char *renderer);
char    *rubric_renderer_get_gl_renderer (GdkDisplay *display);
gboolean rubric_renderer_choose          (GdkDisplay *display);

G_END_DECLS
