/* rubric-attack-turn.h — one attack of a red-team attempt, the target
 * model's reply and what the model did
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_ATTACK_TURN (rubric_attack_turn_get_type ())

G_DECLARE_FINAL_TYPE (RubricAttackTurn, rubric_attack_turn, RUBRIC, ATTACK_TURN, GtkWidget)

GtkWidget   *rubric_attack_turn_new          (guint             number);
void         rubric_attack_turn_set_number   (RubricAttackTurn *self,
                                              guint             number);
void         rubric_attack_turn_set_turn     (RubricAttackTurn *self,
                                              const char       *attack,
                                              const char       *reply,
                                              const char       *outcome);
char        *rubric_attack_turn_dup_attack   (RubricAttackTurn *self);
char        *rubric_attack_turn_dup_reply    (RubricAttackTurn *self);
const char  *rubric_attack_turn_get_outcome  (RubricAttackTurn *self);
void         rubric_attack_turn_set_outcome  (RubricAttackTurn *self,
                                              const char       *outcome);
void         rubric_attack_turn_set_editable (RubricAttackTurn *self,
                                              gboolean          editable);
void         rubric_attack_turn_set_removable (RubricAttackTurn *self,
                                               gboolean          removable);
gboolean     rubric_attack_turn_is_empty     (RubricAttackTurn *self);
GtkTextView *rubric_attack_turn_get_attack_view (RubricAttackTurn *self);
GtkTextView *rubric_attack_turn_get_reply_view  (RubricAttackTurn *self);

G_END_DECLS
