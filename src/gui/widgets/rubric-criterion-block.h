/* rubric-criterion-block.h — one rubric criterion: its name, weight and
 * description, a Cite button, and a score row per response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-annotation.h"
#include "rubric-score-row.h"
#include "rubric-set-config.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_CRITERION_BLOCK (rubric_criterion_block_get_type ())

G_DECLARE_FINAL_TYPE (RubricCriterionBlock, rubric_criterion_block, RUBRIC, CRITERION_BLOCK, GtkWidget)

GtkWidget      *rubric_criterion_block_new         (const RubricCriterion *criterion,
                                                    guint                  index,
                                                    const char * const    *response_ids,
                                                    guint                  n_responses);
RubricScoreRow *rubric_criterion_block_get_row     (RubricCriterionBlock  *self,
                                                    guint                  response);
void            rubric_criterion_block_set_citable (RubricCriterionBlock  *self,
                                                    gboolean               citable);

G_END_DECLS
