/* rubric-span-row.h — one flagged passage in the review's list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_SPAN_ROW (rubric_span_row_get_type ())

G_DECLARE_FINAL_TYPE (RubricSpanRow, rubric_span_row, RUBRIC, SPAN_ROW, GtkListBoxRow)

GtkWidget *rubric_span_row_new (const char *text,
                                const char *comment);

G_END_DECLS
