/* rubric-rank-card.h — one response of a ranking, with its rank
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-c/json.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_RANK_CARD (rubric_rank_card_get_type ())

G_DECLARE_FINAL_TYPE (RubricRankCard, rubric_rank_card, RUBRIC, RANK_CARD, GtkWidget)

GtkWidget  *rubric_rank_card_new    (json_object    *response,
                                     guint           index,
                                     int             rank,
                                     gboolean        tied,
                                     gboolean        selected);
const char *rubric_rank_card_get_id (RubricRankCard *self);

G_END_DECLS
