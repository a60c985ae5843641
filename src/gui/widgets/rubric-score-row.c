/* rubric-score-row.c
 *
 * A row of toggle buttons, one per point of the criterion's scale, that
 * is one stop in the Tab order: the chosen score, or the first. With
 * the row focused, a number sets the score, 0 or Backspace clears it,
 * and the arrows move it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-score-row"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-score-row.h"

struct _RubricScoreRow
{
  GtkWidget              parent_instance;

  GtkLabel              *letter;
  GtkBox                *buttons;
  GtkLabel              *caption;

  const RubricCriterion *criterion;   /* owned by the set's config, which outlives the row */
  char                  *response_id;
  RubricAnnotation      *annotation;
  gboolean               updating;
};

G_DEFINE_FINAL_TYPE (RubricScoreRow, rubric_score_row, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
current_score (RubricScoreRow *self)
{
  return self->annotation ? rubric_annotation_get_score (self->annotation, self->response_id, self->criterion->id)
                          : RUBRIC_SCORE_NONE;
}

static int
button_score (RubricScoreRow *self,
              GtkWidget      *button)
{
  int value = self->criterion->min;

  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->buttons)); b != button;
       b = gtk_widget_get_next_sibling (b))
    value++;
  return value;
}

static void
sync_buttons (RubricScoreRow *self)
{
  int score = current_score (self);
  gboolean scored = score != RUBRIC_SCORE_NONE;
  const char *label = scored ? rubric_criterion_get_label (self->criterion, score) : NULL;
  gboolean had_focus = gtk_widget_get_focus_child (GTK_WIDGET (self->buttons)) != NULL;
  g_autofree char *text = NULL;
  int value = self->criterion->min;

  self->updating = TRUE;
  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->buttons)); b; b = gtk_widget_get_next_sibling (b))
    {
      gboolean stop = value == (scored ? score : self->criterion->min);

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (b), value == score);
      gtk_widget_set_focusable (b, stop);
      if (stop && had_focus)
        gtk_widget_grab_focus (b);
      value++;
    }
  self->updating = FALSE;

  if (!scored)
    text = g_strdup (_("Not scored"));
  else
    text = label ? g_strdup (label) : g_strdup_printf ("%d / %d", score, self->criterion->max);
  gtk_label_set_label (self->caption, text);
}

static void
toggled_cb (RubricScoreRow  *self,
            GtkToggleButton *button)
{
  if (self->updating)
    return;
  rubric_score_row_set_score (self, gtk_toggle_button_get_active (button) ? button_score (self, GTK_WIDGET (button)) : RUBRIC_SCORE_NONE);
}

static gboolean
key_pressed_cb (RubricScoreRow  *self,
                guint            keyval,
                guint            keycode,
                GdkModifierType  state)
{
  guint32 c = gdk_keyval_to_unicode (keyval);
  int score;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_BackSpace || keyval == GDK_KEY_Delete || (c == '0' && self->criterion->min > 0))
    {
      rubric_score_row_set_score (self, RUBRIC_SCORE_NONE);
      return TRUE;
    }
  if (c >= '0' && c <= '9' && (int) (c - '0') >= self->criterion->min && (int) (c - '0') <= self->criterion->max)
    {
      rubric_score_row_set_score (self, c - '0');
      return TRUE;
    }
  if (keyval != GDK_KEY_Left && keyval != GDK_KEY_Right)
    return FALSE;
  score = current_score (self);
  score = score == RUBRIC_SCORE_NONE ? self->criterion->min : score + (keyval == GDK_KEY_Right ? 1 : -1);
  rubric_score_row_set_score (self, CLAMP (score, self->criterion->min, self->criterion->max));
  return TRUE;
}

static void
rubric_score_row_dispose (GObject *object)
{
  RubricScoreRow *self = (RubricScoreRow *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_SCORE_ROW);
  g_clear_pointer (&self->annotation, rubric_annotation_unref);
  g_clear_pointer (&self->response_id, g_free);

  G_OBJECT_CLASS (rubric_score_row_parent_class)->dispose (object);
}

static void
rubric_score_row_class_init (RubricScoreRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_score_row_dispose;

  /**
   * RubricScoreRow::changed:
   *
   * The person set or cleared the score.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-score-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricScoreRow, letter);
  gtk_widget_class_bind_template_child (widget_class, RubricScoreRow, buttons);
  gtk_widget_class_bind_template_child (widget_class, RubricScoreRow, caption);
  gtk_widget_class_bind_template_callback (widget_class, key_pressed_cb);
  gtk_widget_class_set_css_name (widget_class, "scorerow");
}

static void
rubric_score_row_init (RubricScoreRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rubric_score_row_new (const RubricCriterion *criterion,
                      guint                  response,
                      const char            *response_id)
{
  RubricScoreRow *self = g_object_new (RUBRIC_TYPE_SCORE_ROW, NULL);
  g_autofree char *letter = g_strdup_printf ("%c", 'A' + response);
  g_autofree char *accessible = g_strdup_printf (_("%s, response %c"), criterion->name, 'A' + response);

  self->criterion = criterion;
  self->response_id = g_strdup (response_id);
  gtk_label_set_label (self->letter, letter);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->buttons), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  for (int s = criterion->min; s <= criterion->max; s++)
    {
      g_autofree char *number = g_strdup_printf ("%d", s);
      GtkWidget *button = gtk_toggle_button_new_with_label (number);
      const char *label = rubric_criterion_get_label (criterion, s);
      g_autofree char *name = g_strdup_printf (_("%s, response %c, %d of %d"), criterion->name, 'A' + response, s,
                                               criterion->max);

      if (label != NULL)
        gtk_widget_set_tooltip_text (button, label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      g_signal_connect_object (button, "toggled", G_CALLBACK (toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->buttons, button);
    }
  sync_buttons (self);
  return GTK_WIDGET (self);
}

/* Shows, and from now on sets, the score @annotation has for @response_id. */
void
rubric_score_row_bind (RubricScoreRow   *self,
                       RubricAnnotation *annotation,
                       const char       *response_id)
{
  g_return_if_fail (RUBRIC_IS_SCORE_ROW (self));

  if (annotation != self->annotation)
    {
      g_clear_pointer (&self->annotation, rubric_annotation_unref);
      self->annotation = annotation ? rubric_annotation_ref (annotation) : NULL;
    }
  if (g_strcmp0 (self->response_id, response_id) != 0)
    {
      g_free (self->response_id);
      self->response_id = g_strdup (response_id);
    }
  sync_buttons (self);
}

/* A score outside the criterion's scale, such as RUBRIC_SCORE_NONE,
 * clears it. */
void
rubric_score_row_set_score (RubricScoreRow *self,
                            int             score)
{
  g_return_if_fail (RUBRIC_IS_SCORE_ROW (self));

  if (score < self->criterion->min || score > self->criterion->max)
    score = RUBRIC_SCORE_NONE;
  if (self->annotation == NULL || score == current_score (self))
    {
      sync_buttons (self);
      return;
    }
  rubric_annotation_set_score (self->annotation, self->response_id, self->criterion->id, score);
  sync_buttons (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Into the row's one Tab stop: the chosen score, not always the first. */
gboolean
rubric_score_row_focus (RubricScoreRow *self)
{
  g_return_val_if_fail (RUBRIC_IS_SCORE_ROW (self), FALSE);
  return gtk_widget_child_focus (GTK_WIDGET (self->buttons), GTK_DIR_TAB_FORWARD);
}
