/* rubric-checks-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-checks-view"

#include "config.h"

#include "rubric-checks-view.h"
#include "rubric-judgement.h"

struct _RubricChecksView
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkBox      *box;
};

G_DEFINE_FINAL_TYPE (RubricChecksView, rubric_checks_view, GTK_TYPE_WIDGET)

static void
rubric_checks_view_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_CHECKS_VIEW);

  G_OBJECT_CLASS (rubric_checks_view_parent_class)->dispose (object);
}

static void
rubric_checks_view_class_init (RubricChecksViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_checks_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-checks-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricChecksView, revealer);
  gtk_widget_class_bind_template_child (widget_class, RubricChecksView, box);
  gtk_widget_class_set_css_name (widget_class, "checks");
}

static void
rubric_checks_view_init (RubricChecksView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static GtkWidget *
check_row (const RubricCheck *check)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name (check->level == RUBRIC_CHECK_ERROR ? "dialog-error-symbolic"
                                                                                    : "dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (check->message);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (row, check->level == RUBRIC_CHECK_ERROR ? "error" : "warning");
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), label);
  return row;
}

/**
 * rubric_checks_view_show:
 * @checks: (nullable) (element-type RubricCheck): failed checks, or
 *   %NULL to hide them
 */
void
rubric_checks_view_show (RubricChecksView *self,
                         GPtrArray        *checks)
{
  GtkWidget *child;

  g_return_if_fail (RUBRIC_IS_CHECKS_VIEW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->box))) != NULL)
    gtk_box_remove (self->box, child);
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    gtk_box_append (self->box, check_row (g_ptr_array_index (checks, i)));
  gtk_revealer_set_reveal_child (self->revealer, checks != NULL && checks->len > 0);
}
