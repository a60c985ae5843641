/* rubric-help.h — open the user help in the help viewer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void rubric_help_show (GtkWindow  *parent,
                       const char *page);

G_END_DECLS
