/* rubric-shadows.h — AdwFlap's and AdwLeaflet's shadows kept out of
 * the frames that do not draw them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void rubric_shadows_hide_when_unfolded (GtkWidget *folding);

G_END_DECLS
