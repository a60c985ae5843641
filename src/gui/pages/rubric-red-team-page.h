/* rubric-red-team-page.h — the page of a red-team task: attacks on a
 * model, its replies, and how far the attempt got
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-page.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_RED_TEAM_PAGE (rubric_red_team_page_get_type ())

G_DECLARE_FINAL_TYPE (RubricRedTeamPage, rubric_red_team_page, RUBRIC, RED_TEAM_PAGE, RubricPage)

void         rubric_red_team_page_add_turn    (RubricRedTeamPage *self);
guint        rubric_red_team_page_get_n_turns (RubricRedTeamPage *self);
void         rubric_red_team_page_set_success (RubricRedTeamPage *self,
                                               int                success);
GtkTextView *rubric_red_team_page_get_attack  (RubricRedTeamPage *self,
                                               guint              turn);

G_END_DECLS
