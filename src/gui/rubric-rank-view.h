/* rubric-rank-view.h — ranking several responses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_RANK_VIEW (rubric_rank_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricRankView, rubric_rank_view, RUBRIC, RANK_VIEW, GtkWidget)

GtkWidget *rubric_rank_view_new        (void);
void       rubric_rank_view_set_order  (RubricRankView *self,
                                        const char     *order);
void       rubric_rank_view_move       (RubricRankView *self,
                                        int             delta);
void       rubric_rank_view_select     (RubricRankView *self,
                                        guint           response);
void       rubric_rank_view_toggle_tie (RubricRankView *self);
void       rubric_rank_view_press_digit (RubricRankView *self,
                                         guint           digit);
gboolean   rubric_rank_view_has_selection (RubricRankView *self);

G_END_DECLS
