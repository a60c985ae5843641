/* rubric-criteria-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-criteria-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-criteria-panel.h"
#include "rubric-criterion-block.h"
#include "rubric-flags-block.h"

struct _RubricCriteriaPanel
{
  GtkWidget        parent_instance;

  GtkWidget       *content;

  GtkLabel        *criteria_title;
  GtkWidget       *no_rubric;
  GtkBox          *criteria_box;
  GtkLabel        *flags_title;
  GtkBox          *flags_box;

  RubricSetConfig *config;
  guint            n_responses;
  gboolean         citable;
};

G_DEFINE_FINAL_TYPE (RubricCriteriaPanel, rubric_criteria_panel, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  CITE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
block_changed_cb (RubricCriteriaPanel *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
block_cite_cb (RubricCriteriaPanel *self,
               guint                index)
{
  g_signal_emit (self, signals[CITE], 0, index);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
rubric_criteria_panel_dispose (GObject *object)
{
  RubricCriteriaPanel *self = (RubricCriteriaPanel *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_CRITERIA_PANEL);
  /* Children the template does not bind are ours to unparent. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->config, rubric_set_config_unref);

  G_OBJECT_CLASS (rubric_criteria_panel_parent_class)->dispose (object);
}

static void
rubric_criteria_panel_class_init (RubricCriteriaPanelClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_criteria_panel_dispose;

  /**
   * RubricCriteriaPanel::changed:
   *
   * A score or a flag changed in the annotation shown.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * RubricCriteriaPanel::cite:
   * @index: the criterion to cite in the justification
   */
  signals[CITE] = g_signal_new ("cite", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-criteria-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricCriteriaPanel, content);
  gtk_widget_class_bind_template_child (widget_class, RubricCriteriaPanel, criteria_title);
  gtk_widget_class_bind_template_child (widget_class, RubricCriteriaPanel, no_rubric);
  gtk_widget_class_bind_template_child (widget_class, RubricCriteriaPanel, criteria_box);
  gtk_widget_class_bind_template_child (widget_class, RubricCriteriaPanel, flags_title);
  gtk_widget_class_bind_template_child (widget_class, RubricCriteriaPanel, flags_box);
  gtk_widget_class_set_css_name (widget_class, "criteriapanel");
}

static void
rubric_criteria_panel_init (RubricCriteriaPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
rebuild (RubricCriteriaPanel *self,
         const char * const  *response_ids,
         guint                n)
{
  clear_box (self->criteria_box);
  clear_box (self->flags_box);
  gtk_label_set_label (self->criteria_title, self->config->criteria->len > 0 ? _("Rubric") : _("No Rubric"));
  gtk_widget_set_visible (self->no_rubric, self->config->criteria->len == 0);
  for (guint i = 0; i < self->config->criteria->len; i++)
    {
      GtkWidget *block = rubric_criterion_block_new (g_ptr_array_index (self->config->criteria, i), i, response_ids, n);

      rubric_criterion_block_set_citable (RUBRIC_CRITERION_BLOCK (block), self->citable);
      g_signal_connect_object (block, "changed", G_CALLBACK (block_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (block, "cite", G_CALLBACK (block_cite_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->criteria_box, block);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->flags_title), self->config->flags->len > 0 && n > 0);
  for (guint r = 0; self->config->flags->len > 0 && r < n; r++)
    {
      GtkWidget *block = rubric_flags_block_new (self->config->flags, r);

      g_signal_connect_object (block, "changed", G_CALLBACK (block_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->flags_box, block);
    }
  self->n_responses = n;
}

/**
 * rubric_criteria_panel_show:
 * @response_ids: the responses' ids in screen order
 * @annotation: the work whose scores and flags the panel shows and sets
 *
 * Same rubric, same number of responses: only the values change.
 */
void
rubric_criteria_panel_show (RubricCriteriaPanel *self,
                            RubricSetConfig     *config,
                            const char * const  *response_ids,
                            guint                n,
                            RubricAnnotation    *annotation)
{
  GtkWidget *child;
  guint r = 0;

  g_return_if_fail (RUBRIC_IS_CRITERIA_PANEL (self));

  if (config != self->config || n != self->n_responses)
    {
      rubric_set_config_ref (config);
      g_clear_pointer (&self->config, rubric_set_config_unref);
      self->config = config;
      rebuild (self, response_ids, n);
    }
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->criteria_box)); child; child = gtk_widget_get_next_sibling (child))
    for (guint i = 0; i < n; i++)
      rubric_score_row_bind (rubric_criterion_block_get_row (RUBRIC_CRITERION_BLOCK (child), i), annotation, response_ids[i]);
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->flags_box)); child; child = gtk_widget_get_next_sibling (child))
    rubric_flags_block_bind (RUBRIC_FLAGS_BLOCK (child), annotation, response_ids[r++]);
}

void
rubric_criteria_panel_set_citable (RubricCriteriaPanel *self,
                                   gboolean             citable)
{
  g_return_if_fail (RUBRIC_IS_CRITERIA_PANEL (self));

  self->citable = citable;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->criteria_box)); child;
       child = gtk_widget_get_next_sibling (child))
    rubric_criterion_block_set_citable (RUBRIC_CRITERION_BLOCK (child), citable);
}

/**
 * rubric_criteria_panel_set_editable:
 *
 * A judged task's scores and flags are shown, not changed. What is
 * made insensitive is what the panel scrolls, not the panel: a long
 * rubric still scrolls, and its scrollbars keep their state, so
 * moving between open and judged tasks starts no fade of theirs (each
 * one a 200 ms animation that held the frame clock after the task was
 * drawn).
 */
void
rubric_criteria_panel_set_editable (RubricCriteriaPanel *self,
                                    gboolean             editable)
{
  g_return_if_fail (RUBRIC_IS_CRITERIA_PANEL (self));

  gtk_widget_set_sensitive (self->content, editable);
}

static RubricCriterionBlock *
block_at (RubricCriteriaPanel *self,
          guint                criterion)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->criteria_box));

  for (guint i = 0; child != NULL && i < criterion; i++)
    child = gtk_widget_get_next_sibling (child);
  return child ? RUBRIC_CRITERION_BLOCK (child) : NULL;
}

gboolean
rubric_criteria_panel_focus_first (RubricCriteriaPanel *self)
{
  RubricCriterionBlock *block = block_at (self, 0);
  RubricScoreRow *row = block ? rubric_criterion_block_get_row (block, 0) : NULL;

  return row != NULL && rubric_score_row_focus (row);
}

/* As the person's keys or clicks set it: @response counts on screen. */
void
rubric_criteria_panel_set_score (RubricCriteriaPanel *self,
                                 guint                criterion,
                                 guint                response,
                                 int                  score)
{
  RubricCriterionBlock *block = block_at (self, criterion);
  RubricScoreRow *row = block ? rubric_criterion_block_get_row (block, response) : NULL;

  g_return_if_fail (row != NULL);
  rubric_score_row_set_score (row, score);
}

void
rubric_criteria_panel_set_flag (RubricCriteriaPanel *self,
                                const char          *flag_id,
                                guint                response,
                                gboolean             set)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->flags_box));

  for (guint i = 0; child != NULL && i < response; i++)
    child = gtk_widget_get_next_sibling (child);
  if (child != NULL)
    rubric_flags_block_set_flag (RUBRIC_FLAGS_BLOCK (child), flag_id, set);
}
