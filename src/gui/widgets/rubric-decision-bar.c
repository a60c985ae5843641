/* rubric-decision-bar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-decision-bar"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-decision-bar.h"

struct _RubricDecisionBar
{
  GtkWidget  parent_instance;

  GtkBox    *start_box;
  GtkLabel  *state_label;
  GtkWidget *reopen_button;
  GtkWidget *skip_button;
  GtkWidget *submit_button;
};

static void buildable_iface_init (GtkBuildableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RubricDecisionBar, rubric_decision_bar, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, buildable_iface_init))

static GtkBuildableIface *parent_buildable;

/* <child type="start"> puts a page's own controls before the state. */
static void
rubric_decision_bar_add_child (GtkBuildable *buildable,
                               GtkBuilder   *builder,
                               GObject      *child,
                               const char   *type)
{
  RubricDecisionBar *self = RUBRIC_DECISION_BAR (buildable);

  if (g_strcmp0 (type, "start") == 0 && GTK_IS_WIDGET (child))
    gtk_box_append (self->start_box, GTK_WIDGET (child));
  else
    parent_buildable->add_child (buildable, builder, child, type);
}

static void
buildable_iface_init (GtkBuildableIface *iface)
{
  parent_buildable = g_type_interface_peek_parent (iface);
  iface->add_child = rubric_decision_bar_add_child;
}

static void
rubric_decision_bar_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_DECISION_BAR);

  G_OBJECT_CLASS (rubric_decision_bar_parent_class)->dispose (object);
}

static void
rubric_decision_bar_class_init (RubricDecisionBarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_decision_bar_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-decision-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricDecisionBar, start_box);
  gtk_widget_class_bind_template_child (widget_class, RubricDecisionBar, state_label);
  gtk_widget_class_bind_template_child (widget_class, RubricDecisionBar, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, RubricDecisionBar, skip_button);
  gtk_widget_class_bind_template_child (widget_class, RubricDecisionBar, submit_button);
  gtk_widget_class_set_css_name (widget_class, "decisionbar");
}

static void
rubric_decision_bar_init (RubricDecisionBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static const char *
state_text (const RubricAnnotation *annotation,
            gboolean                saved)
{
  if (annotation == NULL || annotation->id == 0)
    return "";
  switch (annotation->state)
    {
    case RUBRIC_ANNOTATION_SUBMITTED: return _("Submitted");
    case RUBRIC_ANNOTATION_SKIPPED: return _("Skipped");
    case RUBRIC_ANNOTATION_DRAFT: return saved ? _("Draft saved") : _("Not saved");
    case RUBRIC_ANNOTATION_NONE:
    default: return "";
    }
}

/**
 * rubric_decision_bar_show_state:
 * @saved: whether the workspace holds what the page shows
 *
 * A submitted judgement offers Reopen; any other offers Skip and Submit.
 */
void
rubric_decision_bar_show_state (RubricDecisionBar      *self,
                                const RubricAnnotation *annotation,
                                gboolean                saved)
{
  gboolean submitted;

  g_return_if_fail (RUBRIC_IS_DECISION_BAR (self));

  submitted = annotation != NULL && annotation->id != 0 && annotation->state == RUBRIC_ANNOTATION_SUBMITTED;
  gtk_label_set_label (self->state_label, state_text (annotation, saved));
  gtk_widget_set_visible (self->reopen_button, submitted);
  gtk_widget_set_visible (self->skip_button, !submitted);
  gtk_widget_set_visible (self->submit_button, !submitted);
}
