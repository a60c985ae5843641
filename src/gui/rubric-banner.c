/* rubric-banner.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-banner"

#include "config.h"

#include "rubric-banner.h"

#define N_BUTTONS 2

struct _RubricBanner
{
  GtkWidget    parent_instance;

  GtkRevealer *revealer;
  GtkLabel    *label;
  GtkButton   *buttons[N_BUTTONS];
};

G_DEFINE_FINAL_TYPE (RubricBanner, rubric_banner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_REVEALED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Once hidden, the banner leaves the layout altogether. */
static void
child_revealed_cb (RubricBanner *self)
{
  if (!gtk_revealer_get_reveal_child (self->revealer) && !gtk_revealer_get_child_revealed (self->revealer))
    gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

static void
rubric_banner_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_BANNER);

  G_OBJECT_CLASS (rubric_banner_parent_class)->dispose (object);
}

static void
rubric_banner_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RubricBanner *self = RUBRIC_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, rubric_banner_get_title (self));
      break;
    case PROP_REVEALED:
      g_value_set_boolean (value, rubric_banner_get_revealed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_banner_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RubricBanner *self = RUBRIC_BANNER (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      rubric_banner_set_title (self, g_value_get_string (value));
      break;
    case PROP_REVEALED:
      rubric_banner_set_revealed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_banner_class_init (RubricBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_banner_dispose;
  object_class->get_property = rubric_banner_get_property;
  object_class->set_property = rubric_banner_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVEALED] =
    g_param_spec_boolean ("revealed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-banner.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricBanner, revealer);
  gtk_widget_class_bind_template_child (widget_class, RubricBanner, label);
  gtk_widget_class_bind_template_child_full (widget_class, "button0", FALSE,
                                             G_STRUCT_OFFSET (RubricBanner, buttons[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "button1", FALSE,
                                             G_STRUCT_OFFSET (RubricBanner, buttons[1]));
  gtk_widget_class_bind_template_callback (widget_class, child_revealed_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "rubricbanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rubric_banner_init (RubricBanner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
rubric_banner_set_title (RubricBanner *self,
                         const char   *title)
{
  g_return_if_fail (RUBRIC_IS_BANNER (self));

  if (g_strcmp0 (title, gtk_label_get_label (self->label)) == 0)
    return;
  gtk_label_set_label (self->label, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
rubric_banner_get_title (RubricBanner *self)
{
  g_return_val_if_fail (RUBRIC_IS_BANNER (self), NULL);
  return gtk_label_get_label (self->label);
}

/* A hidden banner takes no room: it is not even a child to lay out. */
void
rubric_banner_set_revealed (RubricBanner *self,
                            gboolean      revealed)
{
  g_return_if_fail (RUBRIC_IS_BANNER (self));

  revealed = !!revealed;
  if (revealed == rubric_banner_get_revealed (self))
    return;
  if (revealed)
    gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_revealer_set_reveal_child (self->revealer, revealed);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVEALED]);
}

gboolean
rubric_banner_get_revealed (RubricBanner *self)
{
  g_return_val_if_fail (RUBRIC_IS_BANNER (self), FALSE);
  return gtk_revealer_get_reveal_child (self->revealer);
}

/**
 * rubric_banner_set_button:
 * @index: 0 for the main button (at the end), 1 for the one before it
 * @label: (nullable): the button's label with a mnemonic; %NULL hides it
 */
void
rubric_banner_set_button (RubricBanner *self,
                          guint         index,
                          const char   *label,
                          const char   *action_name,
                          GVariant     *target)
{
  GtkButton *button;

  g_return_if_fail (RUBRIC_IS_BANNER (self));
  g_return_if_fail (index < N_BUTTONS);

  button = self->buttons[index];
  gtk_widget_set_visible (GTK_WIDGET (button), label != NULL);
  if (label == NULL)
    return;
  gtk_button_set_label (button, label);
  /* The target first: a parameterised action refuses a button without. */
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
}
