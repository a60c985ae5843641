/* rubric-compare-page.c
 *
 * Two responses side by side, a preference on the set's scale, rubric
 * scores and flags for each, and a justification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-compare-page"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rubric-compare-page.h"
#include "rubric-criteria-panel.h"
#include "rubric-diff.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-justification.h"
#include "rubric-markdown-view.h"

#define SCHEMA_ID "io.github.rubricapp.Rubric"

typedef struct
{
  GtkWidget       *card;
  GtkWidget       *title;        /* "Response A": what its views read as */
  GtkWidget       *model;        /* the model's name, where the file has it */
  GtkWidget       *markdown;
  GtkStack        *stack;
  GtkWidget       *rendered;     /* scrolled window around the markdown view */
  GtkWidget       *source;       /* scrolled window around the source view */
  GtkSourceBuffer *buffer;
  const char      *text;
} Pane;

struct _RubricComparePage
{
  RubricPage           parent_instance;

  AdwFlap             *side_panel;
  RubricConversation  *conversation;
  GtkBox              *responses_box;
  GtkWidget           *judgement_box;
  GtkWidget           *scale_row;
  GtkWidget           *judge_row;
  GtkBox              *scale_box;
  GtkToggleButton     *both_bad_button;
  GtkLabel            *scale_caption;
  RubricChecksView    *checks;
  RubricJustification *justification;
  RubricDecisionBar   *decision_bar;
  GtkLabel            *unsupported_label;
  RubricCriteriaPanel *criteria_panel;

  GSettings           *settings;
  RubricSetConfig     *scale_config;  /* the set the scale was built for */
  Pane                 panes[2];
  guint                n_panes;
  gboolean             updating;
  gboolean             show_raw;
  gboolean             show_diff;
  gboolean             diff_applied;
  gboolean             sync_scroll;
  gboolean             syncing;
};

G_DEFINE_FINAL_TYPE (RubricComparePage, rubric_compare_page, RUBRIC_TYPE_PAGE)

enum {
  PROP_0,
  PROP_SHOW_RAW,
  PROP_SHOW_DIFF,
  PROP_SYNC_SCROLL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static RubricAnnotation *
annotation (RubricComparePage *self)
{
  return rubric_page_get_annotation (RUBRIC_PAGE (self));
}

static RubricSetConfig *
config (RubricComparePage *self)
{
  return rubric_page_get_config (RUBRIC_PAGE (self));
}

static gboolean
swapped (RubricComparePage *self)
{
  return annotation (self) != NULL && annotation (self)->swapped;
}

/* The screen shows response @side; with a swap, the file's other one. */
static guint
file_index (RubricComparePage *self,
            guint              side)
{
  return swapped (self) ? 1 - side : side;
}

/* Responses --------------------------------------------------------------- */

static void
sync_adjustment_cb (RubricComparePage *self,
                    GtkAdjustment     *adjustment)
{
  double range = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  double fraction = range > 0 ? gtk_adjustment_get_value (adjustment) / range : 0;

  if (!self->sync_scroll || self->syncing)
    return;
  self->syncing = TRUE;
  for (guint i = 0; i < self->n_panes; i++)
    {
      GtkWidget *scrollers[] = { self->panes[i].rendered, self->panes[i].source };

      for (guint s = 0; s < G_N_ELEMENTS (scrollers); s++)
        {
          GtkAdjustment *other;

          if (scrollers[s] == NULL)
            continue;
          other = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrollers[s]));
          if (other != adjustment)
            gtk_adjustment_set_value (other, fraction * (gtk_adjustment_get_upper (other) - gtk_adjustment_get_page_size (other)));
        }
    }
  self->syncing = FALSE;
}

static GtkWidget *
scroller_for (RubricComparePage *self,
              GtkWidget         *child)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), child);
  gtk_widget_set_vexpand (scroller, TRUE);
  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)), "value-changed",
                           G_CALLBACK (sync_adjustment_cb), self, G_CONNECT_SWAPPED);
  return scroller;
}

static void
update_source_scheme (GtkSourceBuffer *buffer)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

/* A view of a response, rendered or source: its margins and name. */
static GtkWidget *
pane_view (Pane      *pane,
           GtkWidget *view)
{
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 16);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 16);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 16);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, pane->title, NULL, -1);
  return view;
}

static GtkWidget *
source_view_for (Pane *pane)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkWidget *view;

  pane->buffer = gtk_source_buffer_new_with_language (gtk_source_language_manager_get_language (languages, "markdown"));
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (pane->buffer), pane->text, -1);
  gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (pane->buffer), "diff", "background", "#f6d32d59", NULL);
  update_source_scheme (pane->buffer);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_source_scheme), pane->buffer, G_CONNECT_SWAPPED);
  view = gtk_source_view_new_with_buffer (pane->buffer);
  g_object_unref (pane->buffer);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  return pane_view (pane, view);
}

static GtkWidget *
new_markdown (Pane *pane)
{
  return pane_view (pane, rubric_markdown_view_new ());
}

/* The text of a response and its model's name into a built pane. */
static void
fill_pane (Pane        *pane,
           json_object *response)
{
  const char *model = rubric_json_get_string (response, "model");

  pane->text = rubric_json_get_string (response, "content");
  gtk_label_set_label (GTK_LABEL (pane->model), model ? model : "");
  gtk_widget_set_visible (pane->model, model != NULL);
  if (g_strcmp0 (pane->text ? pane->text : "", rubric_markdown_view_get_text (RUBRIC_MARKDOWN_VIEW (pane->markdown))) == 0)
    return;
  /* A short text goes into the view there is, from the top; a long
   * one into a new view (see rubric_markdown_view_can_show_in_place()). */
  if (rubric_markdown_view_can_show_in_place (RUBRIC_MARKDOWN_VIEW (pane->markdown), pane->text ? pane->text : ""))
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (pane->rendered)), 0);
  else
    {
      pane->markdown = new_markdown (pane);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (pane->rendered), pane->markdown);
    }
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (pane->markdown), pane->text ? pane->text : "");
}

static void
build_pane (RubricComparePage *self,
            guint              side)
{
  Pane *pane = &self->panes[side];
  g_autofree char *title_text = g_strdup_printf (_("Response %c"), 'A' + side);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);

  pane->title = gtk_label_new (title_text);
  pane->model = gtk_label_new (NULL);
  pane->card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (pane->card, "card");
  gtk_widget_add_css_class (pane->card, "response-pane");
  gtk_widget_add_css_class (header, "response-header");
  gtk_widget_add_css_class (pane->title, "heading");
  gtk_box_append (GTK_BOX (header), pane->title);
  gtk_widget_add_css_class (pane->model, "dim-label");
  gtk_widget_add_css_class (pane->model, "caption");
  gtk_label_set_ellipsize (GTK_LABEL (pane->model), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (header), pane->model);
  pane->markdown = new_markdown (pane);

  /* The text view scrolls itself, so it lays out what is visible first. */
  pane->stack = GTK_STACK (gtk_stack_new ());
  pane->rendered = scroller_for (self, pane->markdown);
  gtk_stack_add_named (pane->stack, pane->rendered, "rendered");

  gtk_box_append (GTK_BOX (pane->card), header);
  gtk_box_append (GTK_BOX (pane->card), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (pane->card), GTK_WIDGET (pane->stack));
  gtk_box_append (self->responses_box, pane->card);
}

/* The markdown source, for the raw and diff views, only when asked for. */
static void
ensure_source (RubricComparePage *self,
               Pane              *pane)
{
  if (pane->source != NULL)
    return;
  pane->source = scroller_for (self, source_view_for (pane));
  gtk_stack_add_named (pane->stack, pane->source, "source");
}

static void
show_responses (RubricComparePage *self)
{
  RubricTask *task = rubric_page_get_task (RUBRIC_PAGE (self));
  GtkWidget *child;

  guint n = MIN (rubric_task_get_n_responses (task), G_N_ELEMENTS (self->panes));

  /* Panes are kept from task to task and only their text changes:
   * building them again took a fifth of a frame. The source views are
   * made again when asked for, from the new text, and each pane starts
   * at its top. */
  if (n != self->n_panes)
    {
      while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->responses_box))) != NULL)
        gtk_box_remove (self->responses_box, child);
      memset (self->panes, 0, sizeof self->panes);
      self->n_panes = n;
      for (guint side = 0; side < n; side++)
        build_pane (self, side);
    }
  self->diff_applied = FALSE;
  for (guint side = 0; side < n; side++)
    {
      Pane *pane = &self->panes[side];

      if (pane->source != NULL)
        {
          gtk_stack_set_visible_child (pane->stack, pane->rendered);
          gtk_stack_remove (pane->stack, pane->source);
          pane->source = NULL;
          pane->buffer = NULL;
        }
      fill_pane (pane, rubric_task_get_response (task, file_index (self, side)));
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (pane->rendered)), 0);
    }
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
update_panes (RubricComparePage *self)
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
scale_size (RubricComparePage *self)
{
  return config (self) ? config (self)->preference_scale : 7;
}

/* Scale positions count from the left of the screen; choices are kept
 * in the file's terms. */
static guint
display_position (RubricComparePage *self)
{
  RubricAnnotation *a = annotation (self);
  guint position = a ? rubric_choice_to_scale (scale_size (self), a->choice, a->strength) : 0;

  if (position != 0 && swapped (self))
    position = scale_size (self) + 1 - position;
  return position;
}

static void
update_decision (RubricComparePage *self)
{
  RubricAnnotation *a = annotation (self);
  guint position = display_position (self);
  gboolean both_bad = a != NULL && g_strcmp0 (a->choice, RUBRIC_CHOICE_BOTH_BAD) == 0;
  const char *caption = NULL;
  guint i = 1;

  self->updating = TRUE;
  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->scale_box)); b; b = gtk_widget_get_next_sibling (b), i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (b), i == position);
  gtk_toggle_button_set_active (self->both_bad_button, both_bad);
  self->updating = FALSE;

  if (position != 0)
    caption = rubric_scale_label (scale_size (self), position);
  else if (both_bad)
    caption = _("Both responses are bad");
  gtk_label_set_label (self->scale_caption, caption ? caption : _("Which response is better?"));
  if (caption != NULL)
    gtk_widget_remove_css_class (GTK_WIDGET (self->scale_caption), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->scale_caption), "dim-label");

  for (guint side = 0; side < self->n_panes; side++)
    {
      const char *chosen = file_index (self, side) == 0 ? RUBRIC_CHOICE_A : RUBRIC_CHOICE_B;

      if (a != NULL && g_strcmp0 (a->choice, chosen) == 0)
        gtk_widget_add_css_class (self->panes[side].card, "chosen");
      else
        gtk_widget_remove_css_class (self->panes[side].card, "chosen");
    }
}

static void
set_choice (RubricComparePage *self,
            const char        *choice,
            int                strength)
{
  RubricAnnotation *a = annotation (self);

  if (a == NULL || rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return;
  if (g_strcmp0 (a->choice, choice) != 0 || a->strength != strength)
    {
      rubric_annotation_set_text (&a->choice, choice);
      a->strength = strength;
      rubric_page_changed (RUBRIC_PAGE (self));
    }
  update_decision (self);
}

/**
 * rubric_compare_page_prefer:
 * @position: 1 (left much better) to the scale's size (right much better)
 */
void
rubric_compare_page_prefer (RubricComparePage *self,
                            guint              position)
{
  guint n = scale_size (self);
  const char *choice;
  int strength;

  g_return_if_fail (RUBRIC_IS_COMPARE_PAGE (self));

  if (!rubric_scale_to_choice (n, swapped (self) ? n + 1 - position : position, &choice, &strength))
    return;
  if (g_str_equal (choice, RUBRIC_CHOICE_TIE) && !config (self)->allow_tie)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      update_decision (self);
      return;
    }
  set_choice (self, choice, strength);
}

static guint
button_position (RubricComparePage *self,
                 GtkWidget         *button)
{
  guint position = 1;

  for (GtkWidget *b = gtk_widget_get_first_child (GTK_WIDGET (self->scale_box)); b != button; b = gtk_widget_get_next_sibling (b))
    position++;
  return position;
}

static void
scale_toggled_cb (RubricComparePage *self,
                  GtkToggleButton   *button)
{
  guint position = button_position (self, GTK_WIDGET (button));

  if (self->updating)
    return;
  if (gtk_toggle_button_get_active (button))
    rubric_compare_page_prefer (self, position);
  else if (display_position (self) == position)
    set_choice (self, NULL, 0);
}

/* The same task set keeps its scale. */
static void
build_scale (RubricComparePage *self)
{
  guint n = scale_size (self);
  GtkWidget *child;

  if (self->scale_config == config (self))
    return;
  self->scale_config = config (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->scale_box))) != NULL)
    gtk_box_remove (self->scale_box, child);
  for (guint i = 1; i <= n; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      g_autofree char *tooltip = g_strdup_printf ("%s (%u)", rubric_scale_label (n, i), i);
      GtkWidget *button = gtk_toggle_button_new_with_label (number);
      const char *choice;
      int strength;

      rubric_scale_to_choice (n, i, &choice, &strength);
      if (g_str_equal (choice, RUBRIC_CHOICE_TIE) && !config (self)->allow_tie)
        gtk_widget_set_sensitive (button, FALSE);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      g_signal_connect_object (button, "toggled", G_CALLBACK (scale_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->scale_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->both_bad_button), config (self)->allow_both_bad);
}

/* Actions ------------------------------------------------------------------ */

static void
prefer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  rubric_compare_page_prefer (RUBRIC_COMPARE_PAGE (widget), g_variant_get_uint32 (param));
}

/* "A" or "B": a slight preference, as on the scale's inner positions. */
static void
prefer_slightly_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  RubricComparePage *self = RUBRIC_COMPARE_PAGE (widget);
  guint n = scale_size (self);
  gboolean right = g_str_equal (g_variant_get_string (param, NULL), "B");

  rubric_compare_page_prefer (self, right ? n - n / 2 + 1 : n / 2);
}

static void
both_bad_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  RubricComparePage *self = RUBRIC_COMPARE_PAGE (widget);
  RubricAnnotation *a = annotation (self);

  if (a == NULL || !config (self)->allow_both_bad)
    {
      gtk_widget_error_bell (widget);
      update_decision (self);
      return;
    }
  if (g_strcmp0 (a->choice, RUBRIC_CHOICE_BOTH_BAD) == 0)
    set_choice (self, NULL, 0);
  else
    set_choice (self, RUBRIC_CHOICE_BOTH_BAD, 0);
}

/* Signal handlers --------------------------------------------------------- */

static void
justification_changed_cb (RubricComparePage *self)
{
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
panel_changed_cb (RubricComparePage *self)
{
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
panel_cite_cb (RubricComparePage *self,
               guint              criterion)
{
  rubric_page_cite (RUBRIC_PAGE (self), criterion);
}

/* RubricPage ---------------------------------------------------------------- */

static gboolean
rubric_compare_page_can_judge (RubricPage *page)
{
  RubricTask *task = rubric_page_get_task (page);

  return task != NULL && rubric_task_get_n_responses (task) == 2;
}

static void
rubric_compare_page_load (RubricPage *page)
{
  RubricComparePage *self = RUBRIC_COMPARE_PAGE (page);
  RubricTask *task = rubric_page_get_task (page);
  gboolean judgeable = rubric_compare_page_can_judge (page);
  const char *ids[2] = { NULL, NULL };

  show_responses (self);
  update_panes (self);
  build_scale (self);
  update_decision (self);
  for (guint side = 0; side < self->n_panes; side++)
    ids[side] = rubric_json_get_string (rubric_task_get_response (task, file_index (self, side)), "id");
  rubric_criteria_panel_show (self->criteria_panel, config (self), ids, judgeable ? self->n_panes : 0,
                              annotation (self));
  rubric_justification_set_config (self->justification, config (self));
  rubric_justification_set_text (self->justification, annotation (self)->justification);

  gtk_widget_set_visible (self->judgement_box, judgeable);
  gtk_widget_set_visible (GTK_WIDGET (self->unsupported_label), !judgeable);
  if (!judgeable)
    {
      g_autofree char *text = g_strdup_printf (_("This comparison has %u responses: Rubric compares two."),
                                               rubric_task_get_n_responses (task));

      gtk_label_set_label (self->unsupported_label, text);
    }
}

/* On a phone the responses are one above the other, and the scale has
 * a line of its own. */
static void
rubric_compare_page_set_narrow (RubricPage *page,
                                gboolean    narrow)
{
  RubricComparePage *self = RUBRIC_COMPARE_PAGE (page);
  GtkOrientation orientation = narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->responses_box), orientation);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->judge_row), orientation);
}

static void
rubric_compare_page_update_state (RubricPage *page)
{
  RubricComparePage *self = RUBRIC_COMPARE_PAGE (page);
  gboolean editable = !rubric_page_get_read_only (page);

  gtk_widget_set_sensitive (self->scale_row, editable);
  rubric_justification_set_editable (self->justification, editable);
  rubric_criteria_panel_set_editable (self->criteria_panel, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.prefer", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.prefer-slightly", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compare.both-bad", editable);
}

static void
rubric_compare_page_collect (RubricPage *page)
{
  RubricComparePage *self = RUBRIC_COMPARE_PAGE (page);

  g_free (annotation (self)->justification);
  annotation (self)->justification = rubric_justification_dup_text (self->justification);
}

static GPtrArray *
rubric_compare_page_check (RubricPage *page)
{
  RubricJudgement judgement = { rubric_page_get_config (page), rubric_page_get_task (page),
                                rubric_page_get_annotation (page) };

  return rubric_judgement_check (&judgement);
}

static GtkTextView *
rubric_compare_page_get_justification (RubricPage *page)
{
  return rubric_justification_get_view (RUBRIC_COMPARE_PAGE (page)->justification);
}

static RubricCriteriaPanel *
rubric_compare_page_get_criteria_panel_vfunc (RubricPage *page)
{
  return RUBRIC_COMPARE_PAGE (page)->criteria_panel;
}

/* GObject ------------------------------------------------------------------ */

static void
rubric_compare_page_dispose (GObject *object)
{
  RubricComparePage *self = (RubricComparePage *) object;

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_COMPARE_PAGE);

  G_OBJECT_CLASS (rubric_compare_page_parent_class)->dispose (object);
}

static void
rubric_compare_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RubricComparePage *self = RUBRIC_COMPARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_RAW:
      g_value_set_boolean (value, self->show_raw);
      break;
    case PROP_SHOW_DIFF:
      g_value_set_boolean (value, self->show_diff);
      break;
    case PROP_SYNC_SCROLL:
      g_value_set_boolean (value, self->sync_scroll);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_view_toggle (RubricComparePage *self,
                 gboolean          *field,
                 gboolean           value,
                 guint              prop_id)
{
  if (*field == value)
    return;
  *field = value;
  update_panes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
rubric_compare_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RubricComparePage *self = RUBRIC_COMPARE_PAGE (object);

  switch (prop_id)
    {
    case PROP_SHOW_RAW:
      set_view_toggle (self, &self->show_raw, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SHOW_DIFF:
      set_view_toggle (self, &self->show_diff, g_value_get_boolean (value), prop_id);
      break;
    case PROP_SYNC_SCROLL:
      self->sync_scroll = g_value_get_boolean (value);
      g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
toggle_property (const char *name,
                 gboolean    fallback)
{
  return g_param_spec_boolean (name, NULL, NULL, fallback,
                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
}

static void
add_number_keys (GtkWidgetClass *widget_class)
{
  static const guint digits[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5,
                                  GDK_KEY_6, GDK_KEY_7, GDK_KEY_8, GDK_KEY_9 };
  static const guint keypad[] = { GDK_KEY_KP_1, GDK_KEY_KP_2, GDK_KEY_KP_3, GDK_KEY_KP_4, GDK_KEY_KP_5,
                                  GDK_KEY_KP_6, GDK_KEY_KP_7, GDK_KEY_KP_8, GDK_KEY_KP_9 };

  /* Plain keys reach the page only when no text field takes them. */
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, digits[i], 0, "compare.prefer", "u", i + 1);
      gtk_widget_class_add_binding_action (widget_class, keypad[i], 0, "compare.prefer", "u", i + 1);
    }
}

static void
rubric_compare_page_class_init (RubricComparePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RubricPageClass *page_class = RUBRIC_PAGE_CLASS (klass);

  object_class->dispose = rubric_compare_page_dispose;
  object_class->get_property = rubric_compare_page_get_property;
  object_class->set_property = rubric_compare_page_set_property;
  page_class->load = rubric_compare_page_load;
  page_class->set_narrow = rubric_compare_page_set_narrow;
  page_class->get_criteria_panel = rubric_compare_page_get_criteria_panel_vfunc;
  page_class->update_state = rubric_compare_page_update_state;
  page_class->collect = rubric_compare_page_collect;
  page_class->check = rubric_compare_page_check;
  page_class->get_justification = rubric_compare_page_get_justification;
  page_class->can_judge = rubric_compare_page_can_judge;

  properties[PROP_SHOW_RAW] = toggle_property ("show-raw", FALSE);
  properties[PROP_SHOW_DIFF] = toggle_property ("show-diff", FALSE);
  properties[PROP_SYNC_SCROLL] = toggle_property ("sync-scroll", TRUE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RUBRIC_TYPE_CONVERSATION);
  g_type_ensure (RUBRIC_TYPE_CHECKS_VIEW);
  g_type_ensure (RUBRIC_TYPE_DECISION_BAR);
  g_type_ensure (RUBRIC_TYPE_JUSTIFICATION);
  g_type_ensure (RUBRIC_TYPE_CRITERIA_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-compare-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, side_panel);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, conversation);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, responses_box);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, judgement_box);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, scale_row);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, judge_row);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, scale_box);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, both_bad_button);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, scale_caption);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, checks);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, justification);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, unsupported_label);
  gtk_widget_class_bind_template_child (widget_class, RubricComparePage, criteria_panel);
  gtk_widget_class_set_css_name (widget_class, "comparepage");

  gtk_widget_class_install_action (widget_class, "compare.prefer", "u", prefer_action);
  gtk_widget_class_install_action (widget_class, "compare.prefer-slightly", "s", prefer_slightly_action);
  gtk_widget_class_install_action (widget_class, "compare.both-bad", NULL, both_bad_action);
  gtk_widget_class_install_property_action (widget_class, "compare.show-raw", "show-raw");
  gtk_widget_class_install_property_action (widget_class, "compare.show-diff", "show-diff");
  gtk_widget_class_install_property_action (widget_class, "compare.sync-scroll", "sync-scroll");

  add_number_keys (widget_class);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, 0, "compare.prefer-slightly", "s", "A");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, 0, "compare.prefer-slightly", "s", "B");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_a, GDK_ALT_MASK, "compare.prefer-slightly", "s", "A");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_b, GDK_ALT_MASK, "compare.prefer-slightly", "s", "B");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, 0, "compare.both-bad", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, 0, "compare.both-bad", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "compare.show-diff", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, GDK_CONTROL_MASK, "compare.show-raw", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "compare.sync-scroll", NULL);
}

static void
rubric_compare_page_init (RubricComparePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_page_set_parts (RUBRIC_PAGE (self), self->conversation, self->decision_bar, self->checks, self->side_panel);
  rubric_criteria_panel_set_citable (self->criteria_panel, TRUE);
  g_signal_connect_object (self->justification, "changed", G_CALLBACK (justification_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->criteria_panel, "changed", G_CALLBACK (panel_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->criteria_panel, "cite", G_CALLBACK (panel_cite_cb), self, G_CONNECT_SWAPPED);

  /* What the person last chose to see stays. */
  self->sync_scroll = TRUE;
  self->settings = g_settings_new (SCHEMA_ID);
  g_settings_bind (self->settings, "show-diff", self, "show-diff", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "sync-scroll", self, "sync-scroll", G_SETTINGS_BIND_DEFAULT);
}

/**
 * rubric_compare_page_get_pane_adjustment:
 *
 * Returns: (transfer none): how far the response on @side is scrolled
 */
GtkAdjustment *
rubric_compare_page_get_pane_adjustment (RubricComparePage *self,
                                         guint              side)
{
  Pane *pane;

  g_return_val_if_fail (side < self->n_panes, NULL);
  pane = &self->panes[side];
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->show_raw || self->show_diff ? pane->source
                                                                                                    : pane->rendered));
}

RubricCriteriaPanel *
rubric_compare_page_get_criteria_panel (RubricComparePage *self)
{
  g_return_val_if_fail (RUBRIC_IS_COMPARE_PAGE (self), NULL);
  return self->criteria_panel;
}
