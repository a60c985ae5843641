/* rubric-reason-dialog.c
 *
 * The answer that goes on is enabled only once there is a reason;
 * Enter in the reason answers it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-reason-dialog"

#include "config.h"

#include "rubric-reason-dialog.h"

struct _RubricReasonDialog
{
  AdwMessageDialog  parent_instance;

  GtkEditable      *entry;

  char             *accept_id;
  GPtrArray        *checks;
};

G_DEFINE_FINAL_TYPE (RubricReasonDialog, rubric_reason_dialog, ADW_TYPE_MESSAGE_DIALOG)

static void
entry_changed_cb (RubricReasonDialog *self)
{
  g_autofree char *reason = rubric_reason_dialog_dup_reason (self);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), self->accept_id, *reason != '\0');
}

static void
rubric_reason_dialog_dispose (GObject *object)
{
  RubricReasonDialog *self = (RubricReasonDialog *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_REASON_DIALOG);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->accept_id, g_free);

  G_OBJECT_CLASS (rubric_reason_dialog_parent_class)->dispose (object);
}

static void
rubric_reason_dialog_class_init (RubricReasonDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_reason_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-reason-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricReasonDialog, entry);
  gtk_widget_class_bind_template_callback (widget_class, entry_changed_cb);
}

static void
rubric_reason_dialog_init (RubricReasonDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RubricReasonDialog *
rubric_reason_dialog_new (GtkWindow  *parent,
                          const char *heading,
                          const char *body,
                          const char *cancel_label,
                          const char *accept_id,
                          const char *accept_label)
{
  RubricReasonDialog *self = g_object_new (RUBRIC_TYPE_REASON_DIALOG, "transient-for", parent, "heading", heading,
                                           "body", body, NULL);

  self->accept_id = g_strdup (accept_id);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", cancel_label, accept_id, accept_label, NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), accept_id, ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), accept_id, FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), accept_id);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  return self;
}

/* The reason, without the spaces around it. */
char *
rubric_reason_dialog_dup_reason (RubricReasonDialog *self)
{
  g_return_val_if_fail (RUBRIC_IS_REASON_DIALOG (self), NULL);
  return g_strstrip (g_strdup (gtk_editable_get_text (self->entry)));
}

/* The warnings a submission overrules, kept until the answer. */
void
rubric_reason_dialog_set_checks (RubricReasonDialog *self,
                                 GPtrArray          *checks)
{
  g_return_if_fail (RUBRIC_IS_REASON_DIALOG (self));
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  self->checks = checks ? g_ptr_array_ref (checks) : NULL;
}

GPtrArray *
rubric_reason_dialog_get_checks (RubricReasonDialog *self)
{
  g_return_val_if_fail (RUBRIC_IS_REASON_DIALOG (self), NULL);
  return self->checks;
}
