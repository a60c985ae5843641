/* rubric-task-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-task-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rubric-json.h"
#include "rubric-markdown-view.h"
#include "rubric-task-view.h"

struct _RubricTaskView
{
  GtkWidget       parent_instance;

  GtkBox         *conversation_box;
  GtkBox         *responses_box;
  GtkWidget      *decision_bar;
  GtkToggleButton *choice_a;
  GtkToggleButton *choice_b;
  GtkLabel       *state_label;
  GtkTextView    *justification;
  GtkWidget      *justification_placeholder;
  GtkLabel       *word_count;
  GtkLabel       *unsupported_label;

  GtkWidget      *panes[RUBRIC_MAX_RESPONSES];
  char           *choice;
  gboolean        loading;
  gboolean        judgeable;
};

G_DEFINE_FINAL_TYPE (RubricTaskView, rubric_task_view, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static GtkWidget *
message_block (const char *role_label,
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

static const char *
role_label (const char *role)
{
  if (g_strcmp0 (role, "assistant") == 0)
    return _("Assistant");
  if (g_strcmp0 (role, "system") == 0)
    return _("System");
  return _("User");
}

static void
show_conversation (RubricTaskView *self,
                   RubricTask     *task)
{
  const char *system = rubric_task_get_system (task);

  clear_box (self->conversation_box);
  if (system != NULL)
    gtk_box_append (self->conversation_box, message_block (_("System"), system, "system"));
  for (guint i = 0; i < rubric_task_get_n_context (task); i++)
    {
      json_object *message = rubric_task_get_context (task, i);
      const char *role = rubric_json_get_string (message, "role");

      gtk_box_append (self->conversation_box,
                      message_block (role_label (role), rubric_json_get_string (message, "content"), role));
    }
  gtk_box_append (self->conversation_box, message_block (_("Prompt"), rubric_task_get_prompt (task), "prompt"));
}

static GtkWidget *
response_pane (json_object *response,
               guint        index)
{
  GtkWidget *pane = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *title_text = g_strdup_printf (_("Response %c"), 'A' + index);
  GtkWidget *title = gtk_label_new (title_text);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *body = rubric_markdown_view_new ();
  const char *model = rubric_json_get_string (response, "model");

  gtk_widget_add_css_class (pane, "card");
  gtk_widget_add_css_class (pane, "response-pane");
  gtk_widget_add_css_class (header, "response-header");
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), title);
  if (model != NULL)
    {
      GtkWidget *model_label = gtk_label_new (model);

      gtk_widget_add_css_class (model_label, "dim-label");
      gtk_widget_add_css_class (model_label, "caption");
      gtk_label_set_ellipsize (GTK_LABEL (model_label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (header), model_label);
    }

  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 16);
  gtk_widget_set_margin_start (body, 16);
  gtk_widget_set_margin_end (body, 16);
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (body), rubric_json_get_string (response, "content"));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), body);
  gtk_widget_set_vexpand (scroller, TRUE);

  gtk_box_append (GTK_BOX (pane), header);
  gtk_box_append (GTK_BOX (pane), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (pane), scroller);
  return pane;
}

static void
show_responses (RubricTaskView *self,
                RubricTask     *task)
{
  guint n = MIN (rubric_task_get_n_responses (task), RUBRIC_MAX_RESPONSES);

  clear_box (self->responses_box);
  memset (self->panes, 0, sizeof self->panes);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->responses_box),
                                  n > 3 ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  for (guint i = 0; i < n; i++)
    {
      self->panes[i] = response_pane (rubric_task_get_response (task, i), i);
      gtk_box_append (self->responses_box, self->panes[i]);
    }
  if (n == 0 && rubric_task_get_draft (task) != NULL)
    {
      g_autoptr(json_object) draft = json_object_new_object ();

      json_object_object_add (draft, "content", json_object_new_string (rubric_task_get_draft (task)));
      json_object_object_add (draft, "model", json_object_new_string (_("model draft")));
      gtk_box_append (self->responses_box, response_pane (draft, 0));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->responses_box), gtk_widget_get_first_child (GTK_WIDGET (self->responses_box)) != NULL);
}

static guint
count_words (const char *text)
{
  gboolean in_word = FALSE;
  guint n = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gboolean space = g_unichar_isspace (g_utf8_get_char (p));

      if (!space && !in_word)
        n++;
      in_word = !space;
    }
  return n;
}

static void
update_justification_state (RubricTaskView *self)
{
  g_autofree char *text = rubric_task_view_dup_justification (self);
  guint words = count_words (text);
  g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", words), words);

  gtk_label_set_label (self->word_count, label);
  gtk_widget_set_visible (self->justification_placeholder, *text == '\0');
}

static void
justification_changed_cb (RubricTaskView *self,
                          GtkTextBuffer  *buffer)
{
  update_justification_state (self);
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_choice (RubricTaskView *self)
{
  gboolean a = g_strcmp0 (self->choice, "A") == 0;
  gboolean b = g_strcmp0 (self->choice, "B") == 0;

  gtk_toggle_button_set_active (self->choice_a, a);
  gtk_toggle_button_set_active (self->choice_b, b);
  for (guint i = 0; i < 2; i++)
    {
      if (self->panes[i] == NULL)
        continue;
      if ((i == 0 && a) || (i == 1 && b))
        gtk_widget_add_css_class (self->panes[i], "chosen");
      else
        gtk_widget_remove_css_class (self->panes[i], "chosen");
    }
}

static void
rubric_task_view_dispose (GObject *object)
{
  RubricTaskView *self = (RubricTaskView *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_TASK_VIEW);
  /* The template's unnamed children (separator, scroller) too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->choice, g_free);

  G_OBJECT_CLASS (rubric_task_view_parent_class)->dispose (object);
}

static void
rubric_task_view_class_init (RubricTaskViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_task_view_dispose;

  /**
   * RubricTaskView::changed:
   *
   * The person changed the choice or the justification.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-task-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, conversation_box);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, responses_box);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, choice_a);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, choice_b);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, state_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, justification);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, justification_placeholder);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, word_count);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, unsupported_label);
  gtk_widget_class_set_css_name (widget_class, "taskview");
}

static void
rubric_task_view_init (RubricTaskView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->justification), "changed",
                           G_CALLBACK (justification_changed_cb), self, G_CONNECT_SWAPPED);
  update_justification_state (self);
}

static const char *
state_text (const RubricAnnotation *annotation)
{
  if (annotation == NULL)
    return "";
  switch (annotation->state)
    {
    case RUBRIC_ANNOTATION_SUBMITTED: return _("Submitted");
    case RUBRIC_ANNOTATION_DRAFT: return _("Draft saved");
    case RUBRIC_ANNOTATION_SKIPPED: return _("Skipped");
    case RUBRIC_ANNOTATION_NONE:
    default: return "";
    }
}

/**
 * rubric_task_view_show:
 * @annotation: (nullable): the work done on @task so far
 */
void
rubric_task_view_show (RubricTaskView         *self,
                       RubricTask             *task,
                       const RubricAnnotation *annotation)
{
  g_return_if_fail (RUBRIC_IS_TASK_VIEW (self));
  g_return_if_fail (task != NULL);

  self->loading = TRUE;
  show_conversation (self, task);
  show_responses (self, task);

  self->judgeable = task->kind == RUBRIC_TASK_KIND_COMPARE;
  gtk_widget_set_visible (self->decision_bar, self->judgeable);
  gtk_widget_set_visible (GTK_WIDGET (self->unsupported_label), !self->judgeable);
  if (!self->judgeable)
    {
      g_autofree char *text = g_strdup_printf (_("This is a %s task. This version of Rubric shows it, "
                                                 "but judges only comparisons."),
                                               rubric_task_kind_get_label (task->kind));
      gtk_label_set_label (self->unsupported_label, text);
    }

  g_free (self->choice);
  self->choice = g_strdup (annotation ? annotation->choice : NULL);
  update_choice (self);
  rubric_task_view_set_justification (self, annotation ? annotation->justification : "");
  rubric_task_view_show_state (self, annotation);
  self->loading = FALSE;
}

/**
 * rubric_task_view_show_state:
 *
 * Says whether the work on the task is a saved draft, submitted or
 * skipped.
 */
void
rubric_task_view_show_state (RubricTaskView         *self,
                             const RubricAnnotation *annotation)
{
  g_return_if_fail (RUBRIC_IS_TASK_VIEW (self));

  gtk_label_set_label (self->state_label, state_text (annotation));
}

const char *
rubric_task_view_get_choice (RubricTaskView *self)
{
  g_return_val_if_fail (RUBRIC_IS_TASK_VIEW (self), NULL);
  return self->choice;
}

void
rubric_task_view_set_choice (RubricTaskView *self,
                             const char     *choice)
{
  g_return_if_fail (RUBRIC_IS_TASK_VIEW (self));

  if (g_strcmp0 (self->choice, choice) == 0)
    {
      update_choice (self);
      return;
    }
  g_free (self->choice);
  self->choice = g_strdup (choice);
  update_choice (self);
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

char *
rubric_task_view_dup_justification (RubricTaskView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->justification);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

void
rubric_task_view_set_justification (RubricTaskView *self,
                                    const char     *text)
{
  gboolean was_loading = self->loading;

  self->loading = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->justification), text ? text : "", -1);
  self->loading = was_loading;
}

void
rubric_task_view_focus_justification (RubricTaskView *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->justification));
}

gboolean
rubric_task_view_can_judge (RubricTaskView *self)
{
  return self->judgeable;
}
