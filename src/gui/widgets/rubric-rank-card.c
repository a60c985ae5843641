/* rubric-rank-card.c
 *
 * A card can be dragged onto another: it then takes that card's place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-rank-card"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-json.h"
#include "rubric-markdown-view.h"
#include "rubric-rank-card.h"

struct _RubricRankCard
{
  GtkWidget           parent_instance;

  GtkLabel           *badge;
  GtkLabel           *title;
  GtkLabel           *model;
  GtkLabel           *tie;
  RubricMarkdownView *body;

  char               *id;
};

G_DEFINE_FINAL_TYPE (RubricRankCard, rubric_rank_card, GTK_TYPE_WIDGET)

enum {
  DROPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GdkContentProvider *
drag_prepare_cb (RubricRankCard *self)
{
  return gdk_content_provider_new_typed (G_TYPE_STRING, self->id);
}

static gboolean
drop_cb (RubricRankCard *self,
         const GValue   *value)
{
  g_signal_emit (self, signals[DROPPED], 0, g_value_get_string (value));
  return TRUE;
}

/* A card is as high as it asks to be: its response up to the height of
 * its scrolled window (which scrolls the rest). A list box gives each
 * row its minimum height, and a scrolled window's minimum is its
 * min-content-height: each card was 40 pixels of text, and a response
 * of a page looked like its first three lines. */
static void
rubric_rank_card_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child == NULL || !gtk_widget_should_layout (child))
    return;
  gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural;
}

static void
rubric_rank_card_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_allocate (child, width, height, baseline, NULL);
}

static void
rubric_rank_card_dispose (GObject *object)
{
  RubricRankCard *self = (RubricRankCard *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_RANK_CARD);
  /* Children the template does not bind are ours to unparent. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->id, g_free);

  G_OBJECT_CLASS (rubric_rank_card_parent_class)->dispose (object);
}

static void
rubric_rank_card_class_init (RubricRankCardClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_rank_card_dispose;
  widget_class->measure = rubric_rank_card_measure;
  widget_class->size_allocate = rubric_rank_card_size_allocate;

  /**
   * RubricRankCard::dropped:
   * @id: the response dragged onto this one
   */
  signals[DROPPED] = g_signal_new ("dropped", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-rank-card.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricRankCard, badge);
  gtk_widget_class_bind_template_child (widget_class, RubricRankCard, title);
  gtk_widget_class_bind_template_child (widget_class, RubricRankCard, model);
  gtk_widget_class_bind_template_child (widget_class, RubricRankCard, tie);
  gtk_widget_class_bind_template_child (widget_class, RubricRankCard, body);
  gtk_widget_class_set_css_name (widget_class, "rankcard");
}

static void
rubric_rank_card_init (RubricRankCard *self)
{
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);

  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (drag, "prepare", G_CALLBACK (drag_prepare_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));
}

/**
 * rubric_rank_card_new:
 * @index: the response's place in the task file
 * @rank: its rank, or 0 before there is a ranking
 */
GtkWidget *
rubric_rank_card_new (json_object *response,
                      guint        index,
                      int          rank,
                      gboolean     tied,
                      gboolean     selected)
{
  RubricRankCard *self = g_object_new (RUBRIC_TYPE_RANK_CARD, NULL);
  g_autofree char *rank_text = rank > 0 ? g_strdup_printf ("%d", rank) : g_strdup ("–");
  g_autofree char *title = g_strdup_printf (_("Response %c  (%u)"), 'A' + index, index + 1);
  const char *model = rubric_json_get_string (response, "model");

  self->id = g_strdup (rubric_json_get_string (response, "id"));
  gtk_label_set_label (self->badge, rank_text);
  gtk_label_set_label (self->title, title);
  if (rank > 0)
    {
      g_autofree char *name = g_strjoin (", ", rank_text, title, NULL);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  else
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_label_set_label (self->model, model ? model : "");
  gtk_widget_set_visible (GTK_WIDGET (self->model), model != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->tie), tied);
  rubric_markdown_view_set_text (self->body, rubric_json_get_string (response, "content"));
  if (selected)
    gtk_widget_add_css_class (GTK_WIDGET (self), "chosen");
  return GTK_WIDGET (self);
}

const char *
rubric_rank_card_get_id (RubricRankCard *self)
{
  g_return_val_if_fail (RUBRIC_IS_RANK_CARD (self), NULL);
  return self->id;
}
