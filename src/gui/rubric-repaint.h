/* rubric-repaint.h — windows laid out and drawn whole again after GTK
 * left a widget out of a frame
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

GLogWriterOutput rubric_repaint_log_writer (GLogLevelFlags   log_level,
                                            const GLogField *fields,
                                            gsize            n_fields,
                                            gpointer         user_data);

G_END_DECLS
