/* rubric-page-parts.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-page-parts"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-judgement.h"
#include "rubric-markdown-view.h"
#include "rubric-page-parts.h"

void
rubric_clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/**
 * rubric_page_data_new:
 *
 * Returns: (transfer full): the saved annotation's data as an object,
 *   or an empty object for new or unreadable data
 */
json_object *
rubric_page_data_new (const RubricAnnotation *annotation)
{
  json_object *data = NULL;

  if (annotation != NULL && annotation->id != 0 && annotation->data != NULL)
    data = json_tokener_parse (annotation->data);
  if (!json_object_is_type (data, json_type_object))
    {
      g_clear_pointer (&data, json_object_put);
      data = json_object_new_object ();
    }
  return data;
}

/* Holds a reference to @config in @slot; returns whether it changed. */
gboolean
rubric_page_take_config (RubricSetConfig **slot,
                         RubricSetConfig  *config)
{
  if (*slot == config)
    return FALSE;
  rubric_set_config_ref (config);
  g_clear_pointer (slot, rubric_set_config_unref);
  *slot = config;
  return TRUE;
}

/* A turn of the conversation: its role over its rendered text. */
GtkWidget *
rubric_message_block (const char *role_label,
                      const char *content,
                      const char *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *role = gtk_label_new (role_label);
  GtkWidget *body = rubric_markdown_view_new ();

  gtk_label_set_xalign (GTK_LABEL (role), 0.0f);
  gtk_widget_add_css_class (role, "caption-heading");
  gtk_widget_add_css_class (role, "dim-label");
  gtk_widget_add_css_class (box, "message");
  gtk_widget_add_css_class (box, css_class);
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (body), content);
  gtk_box_append (GTK_BOX (box), role);
  gtk_box_append (GTK_BOX (box), body);
  return box;
}

/**
 * rubric_show_checks:
 * @checks: (nullable) (element-type RubricCheck): failed checks, or
 *   %NULL to hide them
 */
void
rubric_show_checks (GtkBox      *box,
                    GtkRevealer *revealer,
                    GPtrArray   *checks)
{
  rubric_clear_box (box);
  for (guint i = 0; checks != NULL && i < checks->len; i++)
    {
      RubricCheck *check = g_ptr_array_index (checks, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *icon = gtk_image_new_from_icon_name (check->level == RUBRIC_CHECK_ERROR ? "dialog-error-symbolic"
                                                                                        : "dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (check->message);

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (row, check->level == RUBRIC_CHECK_ERROR ? "error" : "warning");
      gtk_box_append (GTK_BOX (row), icon);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (box, row);
    }
  gtk_revealer_set_reveal_child (revealer, checks != NULL && checks->len > 0);
}

const char *
rubric_state_text (const RubricAnnotation *annotation)
{
  if (annotation == NULL || annotation->id == 0)
    return "";
  switch (annotation->state)
    {
    case RUBRIC_ANNOTATION_SUBMITTED: return _("Submitted");
    case RUBRIC_ANNOTATION_SKIPPED: return _("Skipped");
    case RUBRIC_ANNOTATION_DRAFT: return _("Draft saved");
    case RUBRIC_ANNOTATION_NONE:
    default: return "";
    }
}

static GtkWidget *
action_button (const char *label,
               const char *action,
               const char *css_class)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (css_class != NULL)
    gtk_widget_add_css_class (button, css_class);
  return button;
}

/* State, Reopen, Skip and Submit, at the foot of a page. */
void
rubric_decision_bar_init (RubricDecisionBar *bar)
{
  bar->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  bar->state_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_hexpand (GTK_WIDGET (bar->state_label), TRUE);
  gtk_label_set_xalign (bar->state_label, 1.0f);
  gtk_widget_add_css_class (GTK_WIDGET (bar->state_label), "dim-label");
  bar->reopen_button = action_button (_("Reopen"), "win.reopen", NULL);
  bar->skip_button = action_button (_("Skip…"), "win.skip", "flat");
  bar->submit_button = action_button (_("Submit"), "win.submit", "suggested-action");
  gtk_widget_add_css_class (bar->box, "decision-bar");
  gtk_box_append (GTK_BOX (bar->box), GTK_WIDGET (bar->state_label));
  gtk_box_append (GTK_BOX (bar->box), bar->reopen_button);
  gtk_box_append (GTK_BOX (bar->box), bar->skip_button);
  gtk_box_append (GTK_BOX (bar->box), bar->submit_button);
}

/**
 * rubric_decision_bar_show:
 *
 * Returns: whether the work is submitted, and so read-only until reopened
 */
gboolean
rubric_decision_bar_show (RubricDecisionBar      *bar,
                          const RubricAnnotation *annotation)
{
  gboolean submitted = annotation != NULL && annotation->id != 0 && annotation->state == RUBRIC_ANNOTATION_SUBMITTED;

  gtk_label_set_label (bar->state_label, rubric_state_text (annotation));
  gtk_widget_set_visible (bar->reopen_button, submitted);
  gtk_widget_set_visible (bar->submit_button, !submitted);
  gtk_widget_set_visible (bar->skip_button, !submitted);
  return submitted;
}

/**
 * rubric_cite_criterion:
 * @criterion: index of the criterion in @config's rubric
 *
 * Cites a criterion by its name in brackets at the cursor of @justification,
 * with a space before it where the cursor touches a word, and moves focus
 * there.
 *
 * Returns: %FALSE when there is nothing to cite into: no such criterion, or
 *   the justification is read-only
 */
gboolean
rubric_cite_criterion (GtkTextView     *justification,
                       RubricSetConfig *config,
                       guint            criterion)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (justification);
  g_autofree char *reference = NULL;
  GtkTextIter cursor;

  if (config == NULL || criterion >= config->criteria->len || !gtk_text_view_get_editable (justification))
    return FALSE;
  reference = g_strdup_printf ("[%s] ", ((RubricCriterion *) g_ptr_array_index (config->criteria, criterion))->name);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (!gtk_text_iter_starts_line (&cursor) && !g_unichar_isspace (gtk_text_iter_get_char (&cursor)))
    {
      GtkTextIter before = cursor;

      if (gtk_text_iter_backward_char (&before) && !g_unichar_isspace (gtk_text_iter_get_char (&before)))
        gtk_text_buffer_insert (buffer, &cursor, " ", 1);
    }
  gtk_text_buffer_insert (buffer, &cursor, reference, -1);
  gtk_text_buffer_place_cursor (buffer, &cursor);
  gtk_widget_grab_focus (GTK_WIDGET (justification));
  return TRUE;
}
