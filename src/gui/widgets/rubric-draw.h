/* rubric-draw.h — small drawing helpers the custom-drawn widgets share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rubric_draw_layout (GtkSnapshot   *snapshot,
                         PangoLayout   *layout,
                         double         x,
                         double         y,
                         const GdkRGBA *color);

G_END_DECLS
