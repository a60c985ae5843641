/* rubric-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-message"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-message.h"

struct _RubricMessage
{
  GtkWidget           parent_instance;

  GtkLabel           *role;
  RubricMarkdownView *body;
};

G_DEFINE_FINAL_TYPE (RubricMessage, rubric_message, GTK_TYPE_WIDGET)

static void
rubric_message_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_MESSAGE);

  G_OBJECT_CLASS (rubric_message_parent_class)->dispose (object);
}

static void
rubric_message_class_init (RubricMessageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_message_dispose;

  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-message.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricMessage, role);
  gtk_widget_class_bind_template_child (widget_class, RubricMessage, body);
  gtk_widget_class_set_css_name (widget_class, "message");
}

static void
rubric_message_init (RubricMessage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rubric_message_new:
 * @css_class: the role as a style class: system, user, assistant,
 *   tool or prompt
 */
GtkWidget *
rubric_message_new (const char *role_label,
                    const char *text,
                    const char *css_class)
{
  RubricMessage *self = g_object_new (RUBRIC_TYPE_MESSAGE, NULL);

  gtk_label_set_label (self->role, role_label);
  rubric_markdown_view_set_text (self->body, text ? text : "");
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
  return GTK_WIDGET (self);
}

/* The role beside the text, in a column of its own, or above it. */
void
rubric_message_set_inline_role (RubricMessage *self,
                                gboolean       inline_role)
{
  GtkBoxLayout *layout;

  g_return_if_fail (RUBRIC_IS_MESSAGE (self));

  layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), inline_role ? GTK_ORIENTATION_HORIZONTAL
                                                                       : GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (layout, inline_role ? 12 : 4);
  gtk_label_set_width_chars (self->role, inline_role ? 10 : -1);
  gtk_label_set_max_width_chars (self->role, inline_role ? 10 : -1);
  gtk_label_set_ellipsize (self->role, inline_role ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_valign (GTK_WIDGET (self->role), inline_role ? GTK_ALIGN_START : GTK_ALIGN_FILL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->body), TRUE);
  if (inline_role)
    gtk_widget_add_css_class (GTK_WIDGET (self), "inline");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "inline");
}

RubricMarkdownView *
rubric_message_get_body (RubricMessage *self)
{
  g_return_val_if_fail (RUBRIC_IS_MESSAGE (self), NULL);
  return self->body;
}

/* The label a turn's role is shown with; a role a task file invents is
 * shown as it is written. */
const char *
rubric_message_role_label (const char *role)
{
  if (g_strcmp0 (role, "system") == 0)
    return _("System");
  if (g_strcmp0 (role, "assistant") == 0)
    return _("Assistant");
  if (g_strcmp0 (role, "tool") == 0)
    return _("Tool");
  if (g_strcmp0 (role, "user") == 0 || role == NULL)
    return _("User");
  return role;
}
