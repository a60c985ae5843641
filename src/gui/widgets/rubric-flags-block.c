/* rubric-flags-block.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-flags-block"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-flags-block.h"

struct _RubricFlagsBlock
{
  GtkWidget         parent_instance;

  GtkLabel         *title;
  GtkBox           *checks;

  GPtrArray        *flags;        /* RubricFlag, in the order of the check buttons */
  RubricAnnotation *annotation;
  char             *response_id;
  gboolean          updating;
};

G_DEFINE_FINAL_TYPE (RubricFlagsBlock, rubric_flags_block, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static RubricFlag *
flag_of (RubricFlagsBlock *self,
         GtkWidget        *check)
{
  guint i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->checks)); c != check; c = gtk_widget_get_next_sibling (c))
    i++;
  return g_ptr_array_index (self->flags, i);
}

static void
toggled_cb (RubricFlagsBlock *self,
            GtkCheckButton   *check)
{
  if (self->updating || self->annotation == NULL)
    return;
  rubric_annotation_set_flag (self->annotation, self->response_id, flag_of (self, GTK_WIDGET (check))->id,
                              gtk_check_button_get_active (check));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
sync_checks (RubricFlagsBlock *self)
{
  self->updating = TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->checks)); c; c = gtk_widget_get_next_sibling (c))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (c),
                                 self->annotation != NULL &&
                                 rubric_annotation_has_flag (self->annotation, self->response_id, flag_of (self, c)->id));
  self->updating = FALSE;
}

static void
rubric_flags_block_dispose (GObject *object)
{
  RubricFlagsBlock *self = (RubricFlagsBlock *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_FLAGS_BLOCK);
  g_clear_pointer (&self->annotation, rubric_annotation_unref);
  g_clear_pointer (&self->flags, g_ptr_array_unref);
  g_clear_pointer (&self->response_id, g_free);

  G_OBJECT_CLASS (rubric_flags_block_parent_class)->dispose (object);
}

static void
rubric_flags_block_class_init (RubricFlagsBlockClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_flags_block_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-flags-block.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricFlagsBlock, title);
  gtk_widget_class_bind_template_child (widget_class, RubricFlagsBlock, checks);
  gtk_widget_class_set_css_name (widget_class, "flags");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rubric_flags_block_init (RubricFlagsBlock *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rubric_flags_block_new:
 * @flags: (element-type RubricFlag): the rubric's flags
 */
GtkWidget *
rubric_flags_block_new (GPtrArray *flags,
                        guint      response)
{
  RubricFlagsBlock *self = g_object_new (RUBRIC_TYPE_FLAGS_BLOCK, NULL);
  g_autofree char *title = g_strdup_printf (_("Flags for %c"), 'A' + response);

  self->flags = g_ptr_array_ref (flags);
  gtk_label_set_label (self->title, title);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->title, NULL, -1);
  for (guint i = 0; i < flags->len; i++)
    {
      RubricFlag *flag = g_ptr_array_index (flags, i);
      GtkWidget *check = gtk_check_button_new_with_label (flag->name);

      gtk_widget_set_tooltip_text (check, flag->description);
      g_signal_connect_object (check, "toggled", G_CALLBACK (toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->checks, check);
    }
  return GTK_WIDGET (self);
}

void
rubric_flags_block_bind (RubricFlagsBlock *self,
                         RubricAnnotation *annotation,
                         const char       *response_id)
{
  g_return_if_fail (RUBRIC_IS_FLAGS_BLOCK (self));

  if (annotation != self->annotation)
    {
      g_clear_pointer (&self->annotation, rubric_annotation_unref);
      self->annotation = annotation ? rubric_annotation_ref (annotation) : NULL;
    }
  g_free (self->response_id);
  self->response_id = g_strdup (response_id);
  sync_checks (self);
}

/* As a click on its check button does. */
void
rubric_flags_block_set_flag (RubricFlagsBlock *self,
                             const char       *flag_id,
                             gboolean          set)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->checks)); c; c = gtk_widget_get_next_sibling (c))
    {
      if (g_strcmp0 (flag_of (self, c)->id, flag_id) == 0)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (c), set);
    }
}
