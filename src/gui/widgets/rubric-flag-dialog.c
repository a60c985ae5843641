/* rubric-flag-dialog.c
 *
 * Select, Ctrl+Shift+F, type the comment, Enter: the comment has the
 * focus, and Enter flags.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-flag-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-flag-dialog.h"

static const char *severity_ids[] = { "minor", "major", "critical" };

struct _RubricFlagDialog
{
  AdwMessageDialog  parent_instance;

  GtkDropDown      *category;
  GtkStringList    *categories;
  GtkDropDown      *severity;
  GtkEditable      *comment;
  GtkEditable      *correction;

  RubricSetConfig  *config;
  RubricSpan       *span;
  int               index;
};

G_DEFINE_FINAL_TYPE (RubricFlagDialog, rubric_flag_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
rubric_flag_dialog_dispose (GObject *object)
{
  RubricFlagDialog *self = (RubricFlagDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_FLAG_DIALOG);
  g_clear_pointer (&self->config, rubric_set_config_unref);
  g_clear_pointer (&self->span, rubric_span_free);

  G_OBJECT_CLASS (rubric_flag_dialog_parent_class)->dispose (object);
}

static void
rubric_flag_dialog_class_init (RubricFlagDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_flag_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-flag-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricFlagDialog, category);
  gtk_widget_class_bind_template_child (widget_class, RubricFlagDialog, categories);
  gtk_widget_class_bind_template_child (widget_class, RubricFlagDialog, severity);
  gtk_widget_class_bind_template_child (widget_class, RubricFlagDialog, comment);
  gtk_widget_class_bind_template_child (widget_class, RubricFlagDialog, correction);
}

static void
rubric_flag_dialog_init (RubricFlagDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_a11y_name_drop_down_button (self->category);
  rubric_a11y_name_drop_down_button (self->severity);
}

/**
 * rubric_flag_dialog_new:
 * @span: (transfer full): the passage; a flag being edited carries its
 *   values, which the dialog starts with
 * @index: the flag's place when it is edited, -1 for a new one
 */
RubricFlagDialog *
rubric_flag_dialog_new (GtkWindow       *parent,
                        RubricSetConfig *config,
                        RubricSpan      *span,
                        int              index)
{
  RubricFlagDialog *self = g_object_new (RUBRIC_TYPE_FLAG_DIALOG, "transient-for", parent, "modal", TRUE,
                                         "body", span->quote, NULL);

  self->config = rubric_set_config_ref (config);
  self->span = span;
  self->index = index;
  for (guint i = 0; i < config->flags->len; i++)
    gtk_string_list_append (self->categories, ((RubricFlag *) g_ptr_array_index (config->flags, i))->name);
  if (index >= 0)
    {
      adw_message_dialog_set_heading (ADW_MESSAGE_DIALOG (self), _("Edit Flag"));
      adw_message_dialog_set_response_label (ADW_MESSAGE_DIALOG (self), "flag", _("_Save"));
      for (guint i = 0; i < config->flags->len; i++)
        {
          if (g_strcmp0 (((RubricFlag *) g_ptr_array_index (config->flags, i))->id, span->flag) == 0)
            gtk_drop_down_set_selected (self->category, i);
        }
      for (guint i = 0; i < G_N_ELEMENTS (severity_ids); i++)
        {
          if (g_strcmp0 (severity_ids[i], span->severity) == 0)
            gtk_drop_down_set_selected (self->severity, i);
        }
      gtk_editable_set_text (self->comment, span->comment ? span->comment : "");
      gtk_editable_set_text (self->correction, span->correction ? span->correction : "");
    }
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "flag", config->flags->len > 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->comment));
  return self;
}

/**
 * rubric_flag_dialog_dup_span:
 *
 * Returns: (transfer full): the passage with what the person chose
 */
RubricSpan *
rubric_flag_dialog_dup_span (RubricFlagDialog *self)
{
  RubricSpan *span;
  guint category;
  const char *correction;

  g_return_val_if_fail (RUBRIC_IS_FLAG_DIALOG (self), NULL);

  span = rubric_span_copy (self->span);
  category = gtk_drop_down_get_selected (self->category);
  correction = gtk_editable_get_text (self->correction);
  if (category < self->config->flags->len)
    rubric_annotation_set_text (&span->flag, ((RubricFlag *) g_ptr_array_index (self->config->flags, category))->id);
  rubric_annotation_set_text (&span->severity, severity_ids[MIN (gtk_drop_down_get_selected (self->severity), 2)]);
  rubric_annotation_set_text (&span->comment, gtk_editable_get_text (self->comment));
  rubric_annotation_set_text (&span->correction, *correction != '\0' ? correction : NULL);
  return span;
}

int
rubric_flag_dialog_get_index (RubricFlagDialog *self)
{
  g_return_val_if_fail (RUBRIC_IS_FLAG_DIALOG (self), -1);
  return self->index;
}
