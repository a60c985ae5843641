/* rubric-task-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-task-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rubric-criteria-panel.h"
#include "rubric-diff.h"
#include "rubric-json.h"
#include "rubric-markdown-view.h"
#include "rubric-page.h"
#include "rubric-page-parts.h"
#include "rubric-task-view.h"

typedef struct
{
  GtkWidget       *card;
  GtkStack        *stack;
  GtkWidget       *rendered;     /* scrolled window around the markdown view */
  GtkWidget       *source;       /* scrolled window around the source view */
  GtkSourceBuffer *buffer;
  const char      *text;
} Pane;

struct _RubricTaskView
{
  GtkWidget        parent_instance;

  AdwFlap         *flap;
  GtkBox          *conversation_box;
  GtkBox          *responses_box;
  GtkWidget       *decision_bar;
  GtkWidget       *scale_row;
  GtkBox          *scale_box;
  GtkToggleButton *both_bad_button;
  GtkLabel        *scale_caption;
  GtkLabel        *state_label;
  GtkWidget       *reopen_button;
  GtkWidget       *skip_button;
  GtkWidget       *submit_button;
  GtkRevealer     *checks_revealer;
  GtkBox          *checks_box;
  GtkTextView     *justification;
  GtkWidget       *justification_placeholder;
  GtkLabel        *word_count;
  GtkLabel        *citations_label;
  GtkLabel        *unsupported_label;
  RubricCriteriaPanel *criteria_panel;

  RubricTask      *task;
  RubricSetConfig *config;
  Pane             panes[RUBRIC_MAX_RESPONSES];
  guint            n_panes;
  gboolean         swapped;
  char            *choice;
  int              strength;
  json_object     *data;
  gboolean         judgeable;
  gboolean         read_only;
  gboolean         loading;
  gboolean         show_raw;
  gboolean         show_diff;
  gboolean         diff_applied;
  gboolean         sync_scroll;
  gboolean         syncing;
};

static void page_iface_init (RubricPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RubricTaskView, rubric_task_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (RUBRIC_TYPE_PAGE, page_iface_init))


static void
emit_changed (RubricTaskView *self)
{
  if (!self->loading)
    g_signal_emit_by_name (self, "changed");
}

/* Conversation ------------------------------------------------------------ */


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
show_conversation (RubricTaskView *self)
{
  const char *system = rubric_task_get_system (self->task);

  rubric_clear_box (self->conversation_box);
  if (system != NULL)
    gtk_box_append (self->conversation_box, rubric_message_block (_("System"), system, "system"));
  for (guint i = 0; i < rubric_task_get_n_context (self->task); i++)
    {
      json_object *message = rubric_task_get_context (self->task, i);
      const char *role = rubric_json_get_string (message, "role");

      gtk_box_append (self->conversation_box,
                      rubric_message_block (role_label (role), rubric_json_get_string (message, "content"), role));
    }
  gtk_box_append (self->conversation_box, rubric_message_block (_("Prompt"), rubric_task_get_prompt (self->task), "prompt"));
}

/* Responses ---------------------------------------------------------------- */

/* The screen shows response @side; with a swap, the file's other one. */
static guint
file_index (RubricTaskView *self,
            guint           side)
{
  return self->swapped && self->n_panes == 2 ? 1 - side : side;
}

static void
sync_adjustment_cb (GtkAdjustment  *adjustment,
                    RubricTaskView *self)
{
  double range = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  double fraction = range > 0 ? gtk_adjustment_get_value (adjustment) / range : 0;
  gboolean source = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (adjustment), "source"));

  if (!self->sync_scroll || self->syncing)
    return;
  self->syncing = TRUE;
  for (guint i = 0; i < self->n_panes; i++)
    {
      GtkWidget *scroller = source ? self->panes[i].source : self->panes[i].rendered;
      GtkAdjustment *other;

      if (scroller == NULL)
        continue;
      other = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      if (other != adjustment)
        gtk_adjustment_set_value (other, fraction * (gtk_adjustment_get_upper (other) - gtk_adjustment_get_page_size (other)));
    }
  self->syncing = FALSE;
}

static GtkWidget *
scroller_for (RubricTaskView *self,
              GtkWidget      *child,
              gboolean        source)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  gtk_widget_set_vexpand (scroller, TRUE);
  g_object_set_data (G_OBJECT (adjustment), "source", GINT_TO_POINTER (source));
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (sync_adjustment_cb), self, 0);
  return scroller;
}

static void
update_source_scheme (GtkSourceBuffer *buffer)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static GtkWidget *
source_view_for (Pane       *pane,
                 const char *text)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkWidget *view;

  pane->buffer = gtk_source_buffer_new_with_language (gtk_source_language_manager_get_language (languages, "markdown"));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (pane->buffer), text, -1);
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (pane->buffer), "diff", "background", "#f6d32d59", NULL);
  update_source_scheme (pane->buffer);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_source_scheme), pane->buffer, G_CONNECT_SWAPPED);
  view = gtk_source_view_new_with_buffer (pane->buffer);
  g_object_unref (pane->buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 16);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 16);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 16);
  return view;
}

static void
build_pane (RubricTaskView *self,
            guint           side,
            json_object    *response,
            const char     *title_text)
{
  Pane *pane = &self->panes[side];
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_label_new (title_text);
  GtkWidget *markdown = rubric_markdown_view_new ();
  const char *model = rubric_json_get_string (response, "model");

  pane->text = rubric_json_get_string (response, "content");
  pane->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (pane->card, "card");
  gtk_widget_add_css_class (pane->card, "response-pane");
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

  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (markdown), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (markdown), 16);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (markdown), 16);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (markdown), 16);
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (markdown), pane->text);

  /* The text view scrolls itself, so it lays out what is visible first. */
  pane->stack = GTK_STACK (gtk_stack_new ());
  pane->rendered = scroller_for (self, markdown, FALSE);
  gtk_stack_add_named (pane->stack, pane->rendered, "rendered");

  gtk_box_append (GTK_BOX (pane->card), header);
  gtk_box_append (GTK_BOX (pane->card), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (pane->card), GTK_WIDGET (pane->stack));
  gtk_box_append (self->responses_box, pane->card);
}

/* The markdown source, for the raw and diff views, only when asked for. */
static void
ensure_source (RubricTaskView *self,
               Pane           *pane)
{
  if (pane->source != NULL)
    return;
  pane->source = scroller_for (self, source_view_for (pane, pane->text), TRUE);
  gtk_stack_add_named (pane->stack, pane->source, "source");
}

static void
show_responses (RubricTaskView *self)
{
  guint n = MIN (rubric_task_get_n_responses (self->task), RUBRIC_MAX_RESPONSES);

  rubric_clear_box (self->responses_box);
  memset (self->panes, 0, sizeof self->panes);
  self->n_panes = n;
  self->diff_applied = FALSE;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->responses_box),
                                  n > 3 ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  for (guint side = 0; side < n; side++)
    {
      g_autofree char *title = g_strdup_printf (_("Response %c"), 'A' + side);

      build_pane (self, side, rubric_task_get_response (self->task, file_index (self, side)), title);
    }
  if (n == 0 && rubric_task_get_draft (self->task) != NULL)
    {
      g_autoptr(json_object) draft = json_object_new_object ();

      json_object_object_add (draft, "content", json_object_new_string (rubric_task_get_draft (self->task)));
      json_object_object_add (draft, "model", json_object_new_string (_("model draft")));
      build_pane (self, 0, draft, _("Draft"));
      self->panes[0].text = rubric_task_get_draft (self->task);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->responses_box),
                          gtk_widget_get_first_child (GTK_WIDGET (self->responses_box)) != NULL);
}

/* Byte offsets into @text, ascending, to character offsets. */
static void
apply_ranges (Pane   *pane,
              GArray *ranges)
{
  const char *p = pane->text;
  gsize byte = 0;
  glong chars = 0;

  for (guint i = 0; i < ranges->len; i++)
    {
      RubricDiffRange *range = &g_array_index (ranges, RubricDiffRange, i);
      GtkTextIter start, end;
      glong start_chars;

      chars += g_utf8_pointer_to_offset (p + byte, p + range->start);
      start_chars = chars;
      chars += g_utf8_pointer_to_offset (p + range->start, p + range->end);
      byte = range->end;
      gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (pane->buffer), &start, start_chars);
      gtk_text_buffer_get_iter_at_offset (GTK_TEXT_BUFFER (pane->buffer), &end, chars);
      gtk_text_buffer_apply_tag_by_name (GTK_TEXT_BUFFER (pane->buffer), "diff", &start, &end);
    }
}

static void
update_panes (RubricTaskView *self)
{
  gboolean source = self->show_raw || self->show_diff;

  for (guint i = 0; i < self->n_panes; i++)
    {
      Pane *pane = &self->panes[i];
      GtkTextIter start, end;

      if (source)
        ensure_source (self, pane);
      gtk_stack_set_visible_child_name (pane->stack, source ? "source" : "rendered");
      if (pane->buffer == NULL || self->show_diff)
        continue;
      gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (pane->buffer), &start, &end);
      gtk_text_buffer_remove_tag_by_name (GTK_TEXT_BUFFER (pane->buffer), "diff", &start, &end);
    }
  if (!self->show_diff)
    self->diff_applied = FALSE;

  /* The word diff is computed when first asked for, not on every task. */
  if (self->show_diff && !self->diff_applied && self->n_panes == 2)
    {
      g_autoptr(RubricDiff) diff = rubric_diff_words (self->panes[0].text, self->panes[1].text);

      apply_ranges (&self->panes[0], diff->removed);
      apply_ranges (&self->panes[1], diff->added);
      self->diff_applied = TRUE;
    }
}

/* Decision ----------------------------------------------------------------- */

static guint
scale_size (RubricTaskView *self)
{
  return self->config ? self->config->preference_scale : 7;
}

/* Scale positions count from the left of the screen; choices are kept
 * in the file's terms. */
static guint
display_position (RubricTaskView *self)
{
  guint position = rubric_choice_to_scale (scale_size (self), self->choice, self->strength);

  if (position != 0 && self->swapped)
    position = scale_size (self) + 1 - position;
  return position;
}

static void
update_decision (RubricTaskView *self)
{
  guint position = display_position (self);
  guint i = 1;
  const char *caption = NULL;

  self->loading = TRUE;
  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->scale_box)); b; b = gtk_widget_get_next_sibling (b), i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (b), i == position);
  gtk_toggle_button_set_active (self->both_bad_button, g_strcmp0 (self->choice, RUBRIC_CHOICE_BOTH_BAD) == 0);
  self->loading = FALSE;

  if (position != 0)
    caption = rubric_scale_label (scale_size (self), position);
  else if (g_strcmp0 (self->choice, RUBRIC_CHOICE_BOTH_BAD) == 0)
    caption = _("Both responses are bad");
  gtk_label_set_label (self->scale_caption, caption ? caption : _("Which response is better?"));
  if (caption != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->scale_caption), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->scale_caption), "dim-label");

  for (guint side = 0; side < self->n_panes && self->n_panes == 2; side++)
    {
      const char *chosen = self->swapped ? (side == 0 ? RUBRIC_CHOICE_B : RUBRIC_CHOICE_A)
                                         : (side == 0 ? RUBRIC_CHOICE_A : RUBRIC_CHOICE_B);

      if (g_strcmp0 (self->choice, chosen) == 0)
        gtk_widget_add_css_class (self->panes[side].card, "chosen");
      else
        gtk_widget_remove_css_class (self->panes[side].card, "chosen");
    }
}

static void
set_choice (RubricTaskView *self,
            const char     *choice,
            int             strength)
{
  if (self->read_only || !self->judgeable)
    return;
  if (g_strcmp0 (self->choice, choice) != 0 || self->strength != strength)
    {
      g_free (self->choice);
      self->choice = g_strdup (choice);
      self->strength = strength;
      emit_changed (self);
    }
  update_decision (self);
}

static void
scale_toggled_cb (GtkToggleButton *button,
                  RubricTaskView  *self)
{
  guint position = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "position"));

  if (self->loading)
    return;
  if (gtk_toggle_button_get_active (button))
    rubric_task_view_prefer (self, position);
  else if (display_position (self) == position)
    set_choice (self, NULL, 0);
}

static void
build_scale (RubricTaskView *self)
{
  guint n = scale_size (self);

  /* The same task set keeps its scale. */
  if (g_object_get_data (G_OBJECT (self->scale_box), "config") == self->config)
    return;
  g_object_set_data (G_OBJECT (self->scale_box), "config", self->config);
  rubric_clear_box (self->scale_box);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autofree char *tooltip = g_strdup_printf ("%s (%u)", rubric_scale_label (n, i), i);
      GtkWidget *button = gtk_toggle_button_new_with_label (number);
      const char *choice;
      int strength;

      rubric_scale_to_choice (n, i, &choice, &strength);
      if (g_str_equal (choice, RUBRIC_CHOICE_TIE) && !self->config->allow_tie)
        gtk_widget_set_sensitive (button, FALSE);
      gtk_widget_set_tooltip_text (button, tooltip);
      g_object_set_data (G_OBJECT (button), "position", GUINT_TO_POINTER (i));
      g_signal_connect_object (button, "toggled", G_CALLBACK (scale_toggled_cb), self, 0);
      gtk_box_append (self->scale_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->both_bad_button), self->config->allow_both_bad);
}

/* Justification ------------------------------------------------------------ */

static void
update_justification_state (RubricTaskView *self)
{
  g_autofree char *text = rubric_task_view_dup_justification (self);
  guint words = rubric_count_words (text);
  guint min = self->config ? self->config->min_justification_words : 0;
  g_autofree char *count = NULL;
  g_autoptr(GString) cites = g_string_new (NULL);
  g_autoptr(GPtrArray) cited = NULL;

  if (min > 0)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of at least %u word", "%u of at least %u words", min),
                             words, min);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", words), words);
  gtk_label_set_label (self->word_count, count);
  if (words < min)
    gtk_widget_add_css_class (GTK_WIDGET (self->word_count), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->word_count), "warning");
  gtk_widget_set_visible (self->justification_placeholder, *text == '\0');

  if (self->config == NULL || self->config->criteria->len == 0)
    {
      gtk_label_set_label (self->citations_label, "");
      return;
    }
  cited = rubric_cited_criteria (self->config, text);
  for (guint i = 0; i < cited->len; i++)
    g_string_append_printf (cites, "%s%s", i ? ", " : "", ((RubricCriterion *) g_ptr_array_index (cited, i))->name);
  if (cited->len > 0)
    {
      g_autofree char *label = g_strdup_printf (_("Cites %s"), cites->str);
      gtk_label_set_label (self->citations_label, label);
      gtk_widget_remove_css_class (GTK_WIDGET (self->citations_label), "dim-label");
    }
  else
    {
      gtk_label_set_label (self->citations_label, self->config->require_citation
                                                    ? _("Cites no criterion yet: Ctrl+1… inserts one")
                                                    : _("Cites no criterion"));
      gtk_widget_add_css_class (GTK_WIDGET (self->citations_label), "dim-label");
    }
}

static void
justification_changed_cb (RubricTaskView *self,
                          GtkTextBuffer  *buffer)
{
  update_justification_state (self);
  emit_changed (self);
}

static void
panel_changed_cb (RubricTaskView *self)
{
  emit_changed (self);
}

static void
panel_cite_cb (RubricTaskView *self,
               guint           criterion)
{
  rubric_cite_criterion (self->justification, self->config, criterion);
}

/* Overrides --------------------------------------------------------------- */

static void
rubric_task_view_dispose (GObject *object)
{
  RubricTaskView *self = (RubricTaskView *) object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_TASK_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->choice, g_free);
  g_clear_pointer (&self->data, json_object_put);
  g_clear_pointer (&self->config, rubric_set_config_unref);

  G_OBJECT_CLASS (rubric_task_view_parent_class)->dispose (object);
}

static void
rubric_task_view_class_init (RubricTaskViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_task_view_dispose;

  g_type_ensure (RUBRIC_TYPE_CRITERIA_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-task-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, flap);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, conversation_box);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, responses_box);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, scale_row);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, scale_box);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, both_bad_button);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, scale_caption);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, state_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, skip_button);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, submit_button);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, checks_revealer);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, checks_box);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, justification);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, justification_placeholder);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, word_count);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, citations_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, unsupported_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTaskView, criteria_panel);
  gtk_widget_class_set_css_name (widget_class, "taskview");
}

static void
rubric_task_view_init (RubricTaskView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->justification), "changed",
                           G_CALLBACK (justification_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->criteria_panel, "changed", G_CALLBACK (panel_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->criteria_panel, "cite", G_CALLBACK (panel_cite_cb), self, G_CONNECT_SWAPPED);
  self->data = json_object_new_object ();
  self->sync_scroll = TRUE;
}

/* Public ------------------------------------------------------------------- */

static void
set_read_only (RubricTaskView *self,
               gboolean        read_only)
{
  self->read_only = read_only;
  gtk_widget_set_sensitive (self->scale_row, !read_only);
  gtk_text_view_set_editable (self->justification, !read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->criteria_panel), !read_only);
  gtk_widget_set_visible (self->reopen_button, read_only);
  gtk_widget_set_visible (self->submit_button, !read_only);
  gtk_widget_set_visible (self->skip_button, !read_only);
}

/**
 * rubric_task_view_show:
 * @annotation: (nullable): the work done on @task so far
 * @swapped: show the two responses of a comparison the other way round
 */
void
rubric_task_view_show (RubricTaskView         *self,
                       RubricTask             *task,
                       RubricSetConfig        *config,
                       const RubricAnnotation *annotation,
                       gboolean                swapped)
{
  const char *ids[RUBRIC_MAX_RESPONSES];

  g_return_if_fail (RUBRIC_IS_TASK_VIEW (self));
  g_return_if_fail (task != NULL && config != NULL);

  self->loading = TRUE;
  self->task = task;
  rubric_page_take_config (&self->config, config);
  self->judgeable = task->kind == RUBRIC_TASK_KIND_COMPARE && rubric_task_get_n_responses (task) == 2;
  self->swapped = swapped && self->judgeable;

  g_free (self->choice);
  self->choice = g_strdup (annotation ? annotation->choice : NULL);
  self->strength = annotation ? annotation->strength : 0;
  g_clear_pointer (&self->data, json_object_put);
  self->data = rubric_page_data_new (annotation);

  show_conversation (self);
  show_responses (self);
  update_panes (self);
  build_scale (self);
  update_decision (self);

  for (guint side = 0; side < self->n_panes; side++)
    ids[side] = rubric_json_get_string (rubric_task_get_response (task, file_index (self, side)), "id");
  rubric_criteria_panel_show (self->criteria_panel, config, ids, self->judgeable ? self->n_panes : 0, self->data);

  gtk_widget_set_visible (self->decision_bar, self->judgeable);
  gtk_widget_set_visible (GTK_WIDGET (self->unsupported_label), !self->judgeable);
  if (!self->judgeable)
    {
      g_autofree char *text = g_strdup_printf (_("This is a %s task. This version of Rubric shows it, "
                                                 "but judges only comparisons."),
                                               rubric_task_kind_get_label (task->kind));
      gtk_label_set_label (self->unsupported_label, text);
    }

  rubric_task_view_set_justification (self, annotation ? annotation->justification : "");
  rubric_task_view_show_checks (self, NULL);
  rubric_task_view_show_state (self, annotation);
  self->loading = FALSE;
}

/**
 * rubric_task_view_show_state:
 *
 * Says whether the work is a saved draft, submitted or skipped; a
 * submitted judgement is read-only until reopened.
 */
void
rubric_task_view_show_state (RubricTaskView         *self,
                             const RubricAnnotation *annotation)
{
  g_return_if_fail (RUBRIC_IS_TASK_VIEW (self));

  gtk_label_set_label (self->state_label, rubric_state_text (annotation));
  set_read_only (self, annotation != NULL && annotation->id != 0 && annotation->state == RUBRIC_ANNOTATION_SUBMITTED);
}

/**
 * rubric_task_view_show_checks:
 * @checks: (nullable) (element-type RubricCheck): failed checks, or
 *   %NULL to hide them
 */
void
rubric_task_view_show_checks (RubricTaskView *self,
                              GPtrArray      *checks)
{
  rubric_show_checks (self->checks_box, self->checks_revealer, checks);
}

/**
 * rubric_task_view_get_data:
 *
 * Returns: (transfer none): scores and flags, keyed by response id
 */
json_object *
rubric_task_view_get_data (RubricTaskView *self)
{
  g_return_val_if_fail (RUBRIC_IS_TASK_VIEW (self), NULL);
  return self->data;
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

/**
 * rubric_task_view_prefer:
 * @position: 1 (left much better) to the scale's size (right much better)
 */
void
rubric_task_view_prefer (RubricTaskView *self,
                         guint           position)
{
  guint n = scale_size (self);
  const char *choice;
  int strength;

  g_return_if_fail (RUBRIC_IS_TASK_VIEW (self));

  if (!rubric_scale_to_choice (n, self->swapped ? n + 1 - position : position, &choice, &strength))
    return;
  if (g_str_equal (choice, RUBRIC_CHOICE_TIE) && !self->config->allow_tie)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_decision (self);
      return;
    }
  set_choice (self, choice, strength);
}

void
rubric_task_view_prefer_slightly (RubricTaskView *self,
                                  gboolean        right)
{
  guint n = scale_size (self);

  rubric_task_view_prefer (self, right ? n - n / 2 + 1 : n / 2);
}

void
rubric_task_view_toggle_both_bad (RubricTaskView *self)
{
  if (!self->config->allow_both_bad)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_decision (self);
      return;
    }
  if (g_strcmp0 (self->choice, RUBRIC_CHOICE_BOTH_BAD) == 0)
    set_choice (self, NULL, 0);
  else
    set_choice (self, RUBRIC_CHOICE_BOTH_BAD, 0);
}

guint
rubric_task_view_get_scale_size (RubricTaskView *self)
{
  return scale_size (self);
}

void
rubric_task_view_set_show_raw (RubricTaskView *self,
                               gboolean        show_raw)
{
  self->show_raw = show_raw;
  update_panes (self);
}

void
rubric_task_view_set_show_diff (RubricTaskView *self,
                                gboolean        show_diff)
{
  self->show_diff = show_diff;
  update_panes (self);
}

void
rubric_task_view_set_sync_scroll (RubricTaskView *self,
                                  gboolean        sync_scroll)
{
  self->sync_scroll = sync_scroll;
}

void
rubric_task_view_set_show_rubric (RubricTaskView *self,
                                  gboolean        show_rubric)
{
  adw_flap_set_reveal_flap (self->flap, show_rubric);
}

/**
 * rubric_task_view_get_pane_adjustment:
 *
 * Returns: (transfer none): how far the response on @side is scrolled
 */
GtkAdjustment *
rubric_task_view_get_pane_adjustment (RubricTaskView *self,
                                      guint           side)
{
  Pane *pane;

  g_return_val_if_fail (side < self->n_panes, NULL);
  pane = &self->panes[side];
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->show_raw || self->show_diff ? pane->source
                                                                                                    : pane->rendered));
}

/* RubricPage ---------------------------------------------------------------- */

static void
page_show (RubricPage             *page,
           RubricTask             *task,
           RubricSetConfig        *config,
           const RubricAnnotation *annotation)
{
  rubric_task_view_show (RUBRIC_TASK_VIEW (page), task, config, annotation, annotation->swapped);
}

static void
page_show_state (RubricPage             *page,
                 const RubricAnnotation *annotation)
{
  rubric_task_view_show_state (RUBRIC_TASK_VIEW (page), annotation);
}

static void
page_show_checks (RubricPage *page,
                  GPtrArray  *checks)
{
  rubric_task_view_show_checks (RUBRIC_TASK_VIEW (page), checks);
}

static gboolean
page_get_read_only (RubricPage *page)
{
  RubricTaskView *self = RUBRIC_TASK_VIEW (page);

  return self->read_only || !self->judgeable;
}

static json_object *
page_get_data (RubricPage *page)
{
  return RUBRIC_TASK_VIEW (page)->data;
}

static void
page_collect (RubricPage       *page,
              RubricAnnotation *annotation)
{
  RubricTaskView *self = RUBRIC_TASK_VIEW (page);

  g_free (annotation->choice);
  annotation->choice = g_strdup (self->choice);
  annotation->strength = self->strength;
  g_free (annotation->justification);
  annotation->justification = rubric_task_view_dup_justification (self);
}

static GPtrArray *
page_check (RubricPage *page,
            gint64      active_ms)
{
  RubricTaskView *self = RUBRIC_TASK_VIEW (page);
  g_autofree char *justification = rubric_task_view_dup_justification (self);
  RubricJudgement judgement = { self->config, self->task, self->choice, self->strength, justification,
                                self->data, active_ms };

  return rubric_judgement_check (&judgement);
}

static void
page_set_side_panel (RubricPage *page,
                     gboolean    shown)
{
  rubric_task_view_set_show_rubric (RUBRIC_TASK_VIEW (page), shown);
}

static GtkTextView *
page_get_justification (RubricPage *page)
{
  return RUBRIC_TASK_VIEW (page)->justification;
}

static void
page_iface_init (RubricPageInterface *iface)
{
  iface->show = page_show;
  iface->show_state = page_show_state;
  iface->show_checks = page_show_checks;
  iface->get_read_only = page_get_read_only;
  iface->get_data = page_get_data;
  iface->collect = page_collect;
  iface->check = page_check;
  iface->set_side_panel = page_set_side_panel;
  iface->get_justification = page_get_justification;
}
