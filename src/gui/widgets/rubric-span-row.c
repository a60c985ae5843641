/* rubric-span-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-span-row"

#include "config.h"

#include "rubric-span-row.h"

struct _RubricSpanRow
{
  GtkListBoxRow  parent_instance;

  GtkLabel      *label;
};

G_DEFINE_FINAL_TYPE (RubricSpanRow, rubric_span_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  EDIT,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
edit_clicked_cb (RubricSpanRow *self)
{
  g_signal_emit (self, signals[EDIT], 0);
}

static void
remove_clicked_cb (RubricSpanRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static void
rubric_span_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_SPAN_ROW);

  G_OBJECT_CLASS (rubric_span_row_parent_class)->dispose (object);
}

static void
rubric_span_row_class_init (RubricSpanRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_span_row_dispose;

  signals[EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-span-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricSpanRow, label);
  gtk_widget_class_bind_template_callback (widget_class, edit_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
}

static void
rubric_span_row_init (RubricSpanRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
rubric_span_row_new (const char *text,
                     const char *comment)
{
  RubricSpanRow *self = g_object_new (RUBRIC_TYPE_SPAN_ROW, NULL);

  gtk_label_set_label (self->label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->label), comment);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, comment ? comment : "", -1);
  return GTK_WIDGET (self);
}
