/* rubric-a11y.h — what GTK 4.8 leaves unnamed for a screen reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rubric_a11y_name_drop_down_button (GtkDropDown *drop_down);

G_END_DECLS
