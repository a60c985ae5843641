/* rubric-attack-turn.c
 *
 * One turn of a red-team attempt: the attack as the red-teamer sent
 * it, the target model's reply as it came back (pasted in: Rubric
 * calls no model), and whether the model complied, partly complied or
 * refused.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-attack-turn"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rubric-annotation.h"
#include "rubric-attack-turn.h"
#include "rubric-editing.h"

static const char *outcome_ids[] = { "complied", "partial", "refused" };

struct _RubricAttackTurn
{
  GtkWidget        parent_instance;

  GtkLabel        *title;
  GtkWidget       *remove_button;
  GtkSourceView   *attack;
  GtkSourceView   *reply;
  GtkWidget       *outcome_box;
  GtkToggleButton *outcome_buttons[3];
  GtkToggleButton *complied;
  GtkToggleButton *partial;
  GtkToggleButton *refused;

  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (RubricAttackTurn, rubric_attack_turn, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkTextBuffer *
buffer_of (GtkSourceView *view)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
}

static char *
dup_text (GtkSourceView *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer_of (view), &start, &end);
  return gtk_text_buffer_get_text (buffer_of (view), &start, &end, TRUE);
}

static void
set_text (GtkSourceView *view,
          const char    *text)
{
  GtkTextBuffer *buffer = buffer_of (view);
  GtkTextIter start;

  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
}

static void
changed_cb (RubricAttackTurn *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
outcome_toggled_cb (RubricAttackTurn *self,
                    GtkToggleButton  *button)
{
  if (gtk_toggle_button_get_active (button))
    changed_cb (self);
}

static void
remove_clicked_cb (RubricAttackTurn *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
prepare_editor (RubricAttackTurn *self,
                GtkSourceView    *view)
{
  rubric_editing_prepare (view);
  g_signal_connect_object (buffer_of (view), "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
}

static void
rubric_attack_turn_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_ATTACK_TURN);
  /* The headings have no name in the template, and stay otherwise. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rubric_attack_turn_parent_class)->dispose (object);
}

static void
rubric_attack_turn_class_init (RubricAttackTurnClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_attack_turn_dispose;

  /**
   * RubricAttackTurn::changed:
   *
   * The attack, the reply or the outcome changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * RubricAttackTurn::remove:
   *
   * The person asked to remove the turn.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-attack-turn.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricAttackTurn, title);
  gtk_widget_class_bind_template_child (widget_class, RubricAttackTurn, remove_button);
  gtk_widget_class_bind_template_child (widget_class, RubricAttackTurn, attack);
  gtk_widget_class_bind_template_child (widget_class, RubricAttackTurn, reply);
  gtk_widget_class_bind_template_child (widget_class, RubricAttackTurn, outcome_box);
  gtk_widget_class_bind_template_child (widget_class, RubricAttackTurn, complied);
  gtk_widget_class_bind_template_child (widget_class, RubricAttackTurn, partial);
  gtk_widget_class_bind_template_child (widget_class, RubricAttackTurn, refused);
  gtk_widget_class_bind_template_callback (widget_class, outcome_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "attackturn");
}

static void
rubric_attack_turn_init (RubricAttackTurn *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->outcome_buttons[0] = self->complied;
  self->outcome_buttons[1] = self->partial;
  self->outcome_buttons[2] = self->refused;
  /* The labels are the core's, as the exports and the report name them. */
  for (guint i = 0; i < G_N_ELEMENTS (outcome_ids); i++)
    {
      /* A phone's width shortens the labels rather than widen the page. */
      GtkWidget *label = gtk_label_new (rubric_turn_outcome_get_label (outcome_ids[i]));

      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_button_set_child (GTK_BUTTON (self->outcome_buttons[i]), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->outcome_buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      rubric_turn_outcome_get_label (outcome_ids[i]), -1);
    }
  prepare_editor (self, self->attack);
  prepare_editor (self, self->reply);
}

/* Public -------------------------------------------------------------------- */

GtkWidget *
rubric_attack_turn_new (guint number)
{
  RubricAttackTurn *self = g_object_new (RUBRIC_TYPE_ATTACK_TURN, NULL);

  rubric_attack_turn_set_number (self, number);
  return GTK_WIDGET (self);
}

/* @number: counted from 1, as the person reads it */
void
rubric_attack_turn_set_number (RubricAttackTurn *self,
                               guint             number)
{
  g_autofree char *title = NULL;
  g_autofree char *attack = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *outcome = NULL;
  g_autofree char *remove = NULL;

  g_return_if_fail (RUBRIC_IS_ATTACK_TURN (self));

  /* TRANSLATORS: the heading of one turn of a red-team attempt */
  title = g_strdup_printf (_("Turn %u"), number);
  /* TRANSLATORS: what a screen reader says of the editor of turn %u's attack */
  attack = g_strdup_printf (_("Attack, turn %u"), number);
  /* TRANSLATORS: what a screen reader says of the editor of turn %u's model reply */
  reply = g_strdup_printf (_("Model reply, turn %u"), number);
  /* TRANSLATORS: what a screen reader says of the Complied / Partly Complied / Refused buttons of turn %u */
  outcome = g_strdup_printf (_("What the model did, turn %u"), number);
  /* TRANSLATORS: the tooltip of the button that removes turn %u of a red-team attempt */
  remove = g_strdup_printf (_("Remove Turn %u"), number);
  gtk_label_set_label (self->title, title);
  gtk_widget_set_tooltip_text (self->remove_button, remove);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->remove_button), GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->outcome_box), GTK_ACCESSIBLE_PROPERTY_LABEL, outcome, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->attack), GTK_ACCESSIBLE_PROPERTY_LABEL, attack, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reply), GTK_ACCESSIBLE_PROPERTY_LABEL, reply, -1);
}

/* Shows a stored turn; says nothing of a change. */
void
rubric_attack_turn_set_turn (RubricAttackTurn *self,
                             const char       *attack,
                             const char       *reply,
                             const char       *outcome)
{
  g_return_if_fail (RUBRIC_IS_ATTACK_TURN (self));

  self->loading = TRUE;
  set_text (self->attack, attack);
  set_text (self->reply, reply);
  rubric_attack_turn_set_outcome (self, outcome);
  self->loading = FALSE;
}

char *
rubric_attack_turn_dup_attack (RubricAttackTurn *self)
{
  g_return_val_if_fail (RUBRIC_IS_ATTACK_TURN (self), NULL);
  return dup_text (self->attack);
}

char *
rubric_attack_turn_dup_reply (RubricAttackTurn *self)
{
  g_return_val_if_fail (RUBRIC_IS_ATTACK_TURN (self), NULL);
  return dup_text (self->reply);
}

/* Returns: (nullable): "complied", "partial" or "refused" */
const char *
rubric_attack_turn_get_outcome (RubricAttackTurn *self)
{
  g_return_val_if_fail (RUBRIC_IS_ATTACK_TURN (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (outcome_ids); i++)
    {
      if (gtk_toggle_button_get_active (self->outcome_buttons[i]))
        return outcome_ids[i];
    }
  return NULL;
}

/* @outcome: (nullable): none marked for %NULL or an unknown outcome */
void
rubric_attack_turn_set_outcome (RubricAttackTurn *self,
                                const char       *outcome)
{
  g_return_if_fail (RUBRIC_IS_ATTACK_TURN (self));

  for (guint i = 0; i < G_N_ELEMENTS (outcome_ids); i++)
    {
      if (g_strcmp0 (outcome, outcome_ids[i]) == 0)
        {
          gtk_toggle_button_set_active (self->outcome_buttons[i], TRUE);
          return;
        }
    }
  /* A group keeps one button down; none is down only when each is
   * let go. */
  for (guint i = 0; i < G_N_ELEMENTS (outcome_ids); i++)
    gtk_toggle_button_set_active (self->outcome_buttons[i], FALSE);
}

void
rubric_attack_turn_set_editable (RubricAttackTurn *self,
                                 gboolean          editable)
{
  g_return_if_fail (RUBRIC_IS_ATTACK_TURN (self));

  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->attack), editable);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->reply), editable);
  for (guint i = 0; i < G_N_ELEMENTS (outcome_ids); i++)
    gtk_widget_set_sensitive (GTK_WIDGET (self->outcome_buttons[i]), editable);
  gtk_widget_set_sensitive (self->remove_button, editable);
}

void
rubric_attack_turn_set_removable (RubricAttackTurn *self,
                                  gboolean          removable)
{
  g_return_if_fail (RUBRIC_IS_ATTACK_TURN (self));
  gtk_widget_set_visible (self->remove_button, removable);
}

/* Whether nothing is written nor marked in the turn. */
gboolean
rubric_attack_turn_is_empty (RubricAttackTurn *self)
{
  g_return_val_if_fail (RUBRIC_IS_ATTACK_TURN (self), TRUE);
  return gtk_text_buffer_get_char_count (buffer_of (self->attack)) == 0 &&
         gtk_text_buffer_get_char_count (buffer_of (self->reply)) == 0 &&
         rubric_attack_turn_get_outcome (self) == NULL;
}

GtkTextView *
rubric_attack_turn_get_attack_view (RubricAttackTurn *self)
{
  g_return_val_if_fail (RUBRIC_IS_ATTACK_TURN (self), NULL);
  return GTK_TEXT_VIEW (self->attack);
}

GtkTextView *
rubric_attack_turn_get_reply_view (RubricAttackTurn *self)
{
  g_return_val_if_fail (RUBRIC_IS_ATTACK_TURN (self), NULL);
  return GTK_TEXT_VIEW (self->reply);
}
