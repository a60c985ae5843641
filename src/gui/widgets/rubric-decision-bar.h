/* rubric-decision-bar.h — the foot of every page: what is saved, and
 * Reopen, Skip and Submit; a page may put its own controls at the start
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-annotation.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_DECISION_BAR (rubric_decision_bar_get_type ())

G_DECLARE_FINAL_TYPE (RubricDecisionBar, rubric_decision_bar, RUBRIC, DECISION_BAR, GtkWidget)

void rubric_decision_bar_show_state (RubricDecisionBar      *self,
                                     const RubricAnnotation *annotation,
                                     gboolean                saved);

G_END_DECLS
