/* rubric-justification.h — why the person judged so: a text with its
 * word count and the rubric criteria it cites
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-set-config.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_JUSTIFICATION (rubric_justification_get_type ())

G_DECLARE_FINAL_TYPE (RubricJustification, rubric_justification, RUBRIC, JUSTIFICATION, GtkWidget)

void         rubric_justification_set_config   (RubricJustification *self,
                                                RubricSetConfig     *config);
char        *rubric_justification_dup_text     (RubricJustification *self);
void         rubric_justification_set_text     (RubricJustification *self,
                                                const char          *text);
void         rubric_justification_set_editable (RubricJustification *self,
                                                gboolean             editable);
GtkTextView *rubric_justification_get_view     (RubricJustification *self);

G_END_DECLS
