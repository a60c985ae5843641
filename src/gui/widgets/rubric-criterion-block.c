/* rubric-criterion-block.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-criterion-block"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-criterion-block.h"

struct _RubricCriterionBlock
{
  GtkWidget  parent_instance;

  GtkLabel  *name;
  GtkWidget *cite_button;
  GtkLabel  *description;
  GtkBox    *rows;

  guint      index;
};

G_DEFINE_FINAL_TYPE (RubricCriterionBlock, rubric_criterion_block, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  CITE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cite_clicked_cb (RubricCriterionBlock *self)
{
  g_signal_emit (self, signals[CITE], 0, self->index);
}

static void
row_changed_cb (RubricCriterionBlock *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
rubric_criterion_block_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_CRITERION_BLOCK);
  /* Children the template does not bind are ours to unparent. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rubric_criterion_block_parent_class)->dispose (object);
}

static void
rubric_criterion_block_class_init (RubricCriterionBlockClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_criterion_block_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * RubricCriterionBlock::cite:
   * @index: the criterion's place in the rubric
   */
  signals[CITE] = g_signal_new ("cite", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-criterion-block.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricCriterionBlock, name);
  gtk_widget_class_bind_template_child (widget_class, RubricCriterionBlock, cite_button);
  gtk_widget_class_bind_template_child (widget_class, RubricCriterionBlock, description);
  gtk_widget_class_bind_template_child (widget_class, RubricCriterionBlock, rows);
  gtk_widget_class_bind_template_callback (widget_class, cite_clicked_cb);
  gtk_widget_class_set_css_name (widget_class, "criterion");
}

static void
rubric_criterion_block_init (RubricCriterionBlock *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rubric_criterion_block_new (const RubricCriterion *criterion,
                            guint                  index,
                            const char * const    *response_ids,
                            guint                  n_responses)
{
  RubricCriterionBlock *self = g_object_new (RUBRIC_TYPE_CRITERION_BLOCK, NULL);
  g_autofree char *tooltip = NULL;

  self->index = index;
  if (criterion->weight != 1.0)
    {
      g_autofree char *weighted = g_strdup_printf (_("%s  ×%g"), criterion->name, criterion->weight);

      gtk_label_set_label (self->name, weighted);
    }
  else
    gtk_label_set_label (self->name, criterion->name);
  tooltip = index < 9 ? g_strdup_printf (_("Cite “%s” in the justification (Ctrl+%u)"), criterion->name, index + 1)
                      : g_strdup_printf (_("Cite “%s” in the justification"), criterion->name);
  gtk_widget_set_tooltip_text (self->cite_button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cite_button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_label_set_label (self->description, criterion->description);
  gtk_widget_set_visible (GTK_WIDGET (self->description), *criterion->description != '\0');
  for (guint r = 0; r < n_responses; r++)
    {
      GtkWidget *row = rubric_score_row_new (criterion, r, response_ids[r]);

      g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->rows, row);
    }
  return GTK_WIDGET (self);
}

RubricScoreRow *
rubric_criterion_block_get_row (RubricCriterionBlock *self,
                                guint                 response)
{
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->rows));

  for (guint i = 0; row != NULL && i < response; i++)
    row = gtk_widget_get_next_sibling (row);
  return row ? RUBRIC_SCORE_ROW (row) : NULL;
}

/* A page with no justification to cite into shows no Cite button. */
void
rubric_criterion_block_set_citable (RubricCriterionBlock *self,
                                    gboolean              citable)
{
  gtk_widget_set_visible (self->cite_button, citable);
}
