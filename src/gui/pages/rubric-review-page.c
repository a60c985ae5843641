/* rubric-review-page.c
 *
 * One response, reviewed as an expert or red-teamer: passages flagged
 * with a category, a severity, a comment and a correction; rubric scores,
 * a verdict and a justification.
 *
 * A flag marks a span of the response as written: start and end in code
 * points of the original text, and the quote they cut out, so that
 * content[start:end] == quote however the selection was made. A
 * selection in the rendered text is mapped back to the source by
 * rubric_markdown_align(), and takes both markers of an emphasis it
 * crosses or neither (rubric_markdown_balance_span()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-review-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-criteria-panel.h"
#include "rubric-flag-dialog.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-justification.h"
#include "rubric-markdown.h"
#include "rubric-markdown-view.h"
#include "rubric-review-page.h"
#include "rubric-span-row.h"

static const char *verdict_ids[] = { "accept", "revise", "reject" };

struct _RubricReviewPage
{
  RubricPage           parent_instance;

  AdwFlap             *side_panel;
  RubricConversation  *conversation;
  GtkDropDown         *verdict;
  GtkWidget           *flag_hint;
  RubricMarkdownView  *response;
  RubricChecksView    *checks;
  RubricJustification *justification;
  RubricDecisionBar   *decision_bar;
  GtkWidget           *flags_empty;
  GtkScrolledWindow   *span_scroller;
  GtkListBox          *span_list;
  RubricCriteriaPanel *criteria_panel;

  gboolean             loading;
};

G_DEFINE_FINAL_TYPE (RubricReviewPage, rubric_review_page, RUBRIC_TYPE_PAGE)

static RubricAnnotation *
annotation (RubricReviewPage *self)
{
  return rubric_page_get_annotation (RUBRIC_PAGE (self));
}

static RubricSetConfig *
config (RubricReviewPage *self)
{
  return rubric_page_get_config (RUBRIC_PAGE (self));
}

static const char *
content (RubricReviewPage *self)
{
  return rubric_json_get_string (rubric_task_get_response (rubric_page_get_task (RUBRIC_PAGE (self)), 0), "content");
}

static char *
rendered_text (RubricReviewPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Source span → rendered range, for the highlight. */
static gboolean
rendered_range (GArray *map,
                glong   start,
                glong   end,
                int    *from,
                int    *to)
{
  *from = *to = -1;
  for (guint i = 0; i < map->len; i++)
    {
      glong s = g_array_index (map, glong, i);

      if (*from < 0 && s >= start && s < end)
        *from = i;
      if (s >= start && s < end)
        *to = i + 1;
    }
  return *from >= 0;
}

/* Marks the flagged passages in the response; again once a long one is
 * all there (RubricMarkdownView::shown). */
static void
highlight (RubricReviewPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "flagged");
  g_autofree char *rendered = NULL;
  g_autoptr(GArray) map = NULL;
  GPtrArray *spans;
  GtkTextIter start, end;

  if (annotation (self) == NULL)
    return;
  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, "flagged", "background", "rgba(246,97,81,0.25)",
                                      "underline", PANGO_UNDERLINE_ERROR, NULL);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
  spans = annotation (self)->spans;
  if (spans->len == 0)
    return;
  rendered = rendered_text (self);
  map = rubric_markdown_align (content (self), rendered);
  for (guint i = 0; i < spans->len; i++)
    {
      RubricSpan *span = g_ptr_array_index (spans, i);
      int from, to;

      if (!rendered_range (map, span->start, span->end, &from, &to))
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
}

static const char *
flag_name (RubricReviewPage *self,
           const char       *id)
{
  for (guint i = 0; i < config (self)->flags->len; i++)
    {
      RubricFlag *flag = g_ptr_array_index (config (self)->flags, i);

      if (g_strcmp0 (flag->id, id) == 0)
        return flag->name;
    }
  return id;
}

static void edit_span (RubricReviewPage *self,
                       guint             index);

static void
span_edit_cb (RubricReviewPage *self,
              GtkListBoxRow    *row)
{
  edit_span (self, gtk_list_box_row_get_index (row));
}

static void
span_remove_cb (RubricReviewPage *self,
                GtkListBoxRow    *row)
{
  rubric_review_page_remove_span (self, gtk_list_box_row_get_index (row));
}

static void
span_activated_cb (RubricReviewPage *self,
                   GtkListBoxRow    *row)
{
  rubric_review_page_focus_span (self, gtk_list_box_row_get_index (row));
}

static void
rebuild_spans (RubricReviewPage *self)
{
  GPtrArray *spans = annotation (self)->spans;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->span_list))) != NULL)
    gtk_list_box_remove (self->span_list, child);
  for (guint i = 0; i < spans->len; i++)
    {
      RubricSpan *span = g_ptr_array_index (spans, i);
      g_autofree char *text = g_strdup_printf ("%s · %s — “%s”", flag_name (self, span->flag), span->severity,
                                               span->quote);
      GtkWidget *row = rubric_span_row_new (text, span->comment);

      g_signal_connect_object (row, "edit", G_CALLBACK (span_edit_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (row, "remove", G_CALLBACK (span_remove_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_append (self->span_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->span_list), spans->len > 0);
  gtk_widget_set_visible (self->flags_empty, spans->len == 0);
  /* Room for the flags beside the rubric: up to four, then it scrolls. */
  gtk_scrolled_window_set_min_content_height (self->span_scroller, 56 * MIN (spans->len, 4));
  highlight (self);
}

#define BALANCE_WAIT_US (200 * 1000)

/* The selection in the rendered response, as a span of the source. */
static RubricSpan *
selected_span (RubricReviewPage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  g_autofree char *rendered = NULL;
  g_autoptr(GArray) map = NULL;
  RubricSpan *span;
  GtkTextIter start, end;
  glong from, to;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end) || gtk_text_iter_equal (&start, &end))
    return NULL;
  rendered = rendered_text (self);
  map = rubric_markdown_align (content (self), rendered);
  if ((guint) gtk_text_iter_get_offset (&end) > map->len)
    return NULL;
  from = g_array_index (map, glong, gtk_text_iter_get_offset (&start));
  to = g_array_index (map, glong, gtk_text_iter_get_offset (&end) - 1) + 1;
  /* Another thread may be parsing megabytes (a long answer laid out,
   * the next task read ahead): past the freeze budget, the selection
   * is flagged as it is, which quotes the source all the same. */
  rubric_markdown_balance_span_within (content (self), &from, &to, BALANCE_WAIT_US);
  if (to <= from)
    return NULL;

  span = rubric_span_new ();
  span->start = from;
  span->end = to;
  span->quote = g_utf8_substring (content (self), from, to);
  return span;
}

/**
 * rubric_review_page_flag_selection:
 *
 * Flags the passage selected in the rendered response.
 *
 * Returns: whether there was a selection to flag
 */
gboolean
rubric_review_page_flag_selection (RubricReviewPage *self,
                                   const char       *flag,
                                   const char       *severity,
                                   const char       *comment,
                                   const char       *correction)
{
  RubricSpan *span;

  g_return_val_if_fail (RUBRIC_IS_REVIEW_PAGE (self), FALSE);

  if (rubric_page_get_read_only (RUBRIC_PAGE (self)) || (span = selected_span (self)) == NULL)
    return FALSE;
  span->flag = g_strdup (flag);
  span->severity = g_strdup (severity);
  span->comment = g_strdup (comment ? comment : "");
  span->correction = correction && *correction ? g_strdup (correction) : NULL;
  rubric_annotation_add_span (annotation (self), span);
  rebuild_spans (self);
  rubric_page_changed (RUBRIC_PAGE (self));
  return TRUE;
}

static void
flag_response_cb (RubricReviewPage *self,
                  const char       *response,
                  RubricFlagDialog *dialog)
{
  int index = rubric_flag_dialog_get_index (dialog);
  GPtrArray *spans = annotation (self)->spans;

  if (g_strcmp0 (response, "flag") != 0 || rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return;
  if (index < 0)
    rubric_annotation_add_span (annotation (self), rubric_flag_dialog_dup_span (dialog));
  else if ((guint) index < spans->len)
    {
      rubric_span_free (g_ptr_array_index (spans, index));
      g_ptr_array_index (spans, index) = rubric_flag_dialog_dup_span (dialog);
    }
  rebuild_spans (self);
  rubric_page_changed (RUBRIC_PAGE (self));
}

/* @span: (transfer full): the passage, a new one or a copy of the flag
 * at @index to edit. */
static void
open_flag_dialog (RubricReviewPage *self,
                  RubricSpan       *span,
                  int               index)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  RubricFlagDialog *dialog = rubric_flag_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, config (self),
                                                     span, index);

  g_signal_connect_object (dialog, "response", G_CALLBACK (flag_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
edit_span (RubricReviewPage *self,
           guint             index)
{
  if (index < annotation (self)->spans->len && !rubric_page_get_read_only (RUBRIC_PAGE (self)))
    open_flag_dialog (self, rubric_span_copy (g_ptr_array_index (annotation (self)->spans, index)), index);
}

static void
flag_selection_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  RubricReviewPage *self = RUBRIC_REVIEW_PAGE (widget);
  RubricSpan *span = selected_span (self);

  if (span == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  open_flag_dialog (self, span, -1);
}

/* (flag, severity, comment, correction) for the current selection. */
static void
flag_span_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  const char *flag, *severity, *comment, *correction;

  g_variant_get (param, "(&s&s&s&s)", &flag, &severity, &comment, &correction);
  if (!rubric_review_page_flag_selection (RUBRIC_REVIEW_PAGE (widget), flag, severity, comment, correction))
    gtk_widget_error_bell (widget);
}

static void
verdict_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  rubric_review_page_set_verdict (RUBRIC_REVIEW_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
verdict_changed_cb (RubricReviewPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->verdict);

  if (self->loading || annotation (self) == NULL)
    return;
  rubric_annotation_set_text (&annotation (self)->verdict, selected == 0 ? NULL : verdict_ids[selected - 1]);
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
changed_cb (RubricReviewPage *self)
{
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
panel_cite_cb (RubricReviewPage *self,
               guint             criterion)
{
  rubric_page_cite (RUBRIC_PAGE (self), criterion);
}

/* On a phone the buttons keep the line; how to flag is in the help and
 * the buttons' tooltips. */
static void
rubric_review_page_set_narrow (RubricPage *page,
                               gboolean    narrow)
{
  gtk_widget_set_visible (RUBRIC_REVIEW_PAGE (page)->flag_hint, !narrow);
}

/* RubricPage ---------------------------------------------------------------- */

static void
rubric_review_page_load (RubricPage *page)
{
  RubricReviewPage *self = RUBRIC_REVIEW_PAGE (page);
  RubricTask *task = rubric_page_get_task (page);
  const char *ids[1] = { rubric_json_get_string (rubric_task_get_response (task, 0), "id") };

  self->loading = TRUE;
  rubric_markdown_view_set_text (self->response, content (self));
  rubric_criteria_panel_show (self->criteria_panel, config (self), ids, 1, annotation (self));
  gtk_drop_down_set_selected (self->verdict, 0);
  rubric_review_page_set_verdict (self, annotation (self)->verdict);
  rubric_justification_set_config (self->justification, config (self));
  rubric_justification_set_text (self->justification, annotation (self)->justification);
  rebuild_spans (self);
  self->loading = FALSE;
}

static void
rubric_review_page_update_state (RubricPage *page)
{
  RubricReviewPage *self = RUBRIC_REVIEW_PAGE (page);
  gboolean editable = !rubric_page_get_read_only (page);

  rubric_criteria_panel_set_editable (self->criteria_panel, editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->verdict), editable);
  rubric_justification_set_editable (self->justification, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.flag-selection", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.flag-span", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.verdict", editable);
}

static void
rubric_review_page_collect (RubricPage *page)
{
  RubricReviewPage *self = RUBRIC_REVIEW_PAGE (page);

  g_free (annotation (self)->justification);
  annotation (self)->justification = rubric_justification_dup_text (self->justification);
}

static GPtrArray *
rubric_review_page_check (RubricPage *page)
{
  return rubric_review_check (rubric_page_get_config (page), rubric_page_get_task (page),
                              rubric_page_get_annotation (page));
}

static GtkTextView *
rubric_review_page_get_justification (RubricPage *page)
{
  return rubric_justification_get_view (RUBRIC_REVIEW_PAGE (page)->justification);
}

/* The response, where passages are selected to be flagged. */
static void
rubric_review_page_focus_default (RubricPage *page)
{
  gtk_widget_grab_focus (GTK_WIDGET (RUBRIC_REVIEW_PAGE (page)->response));
}

static RubricCriteriaPanel *
rubric_review_page_get_criteria_panel_vfunc (RubricPage *page)
{
  return RUBRIC_REVIEW_PAGE (page)->criteria_panel;
}

/* GObject ------------------------------------------------------------------ */

static void
rubric_review_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (rubric_review_page_parent_class)->dispose (object);
}

static void
rubric_review_page_class_init (RubricReviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RubricPageClass *page_class = RUBRIC_PAGE_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_review_page_dispose;
  page_class->load = rubric_review_page_load;
  page_class->set_narrow = rubric_review_page_set_narrow;
  page_class->get_criteria_panel = rubric_review_page_get_criteria_panel_vfunc;
  page_class->update_state = rubric_review_page_update_state;
  page_class->collect = rubric_review_page_collect;
  page_class->check = rubric_review_page_check;
  page_class->get_justification = rubric_review_page_get_justification;
  page_class->focus_default = rubric_review_page_focus_default;

  g_type_ensure (RUBRIC_TYPE_CONVERSATION);
  g_type_ensure (RUBRIC_TYPE_CHECKS_VIEW);
  g_type_ensure (RUBRIC_TYPE_DECISION_BAR);
  g_type_ensure (RUBRIC_TYPE_JUSTIFICATION);
  g_type_ensure (RUBRIC_TYPE_CRITERIA_PANEL);
  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-review-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, side_panel);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, conversation);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, verdict);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, flag_hint);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, response);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, checks);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, justification);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, flags_empty);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, span_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, span_list);
  gtk_widget_class_bind_template_child (widget_class, RubricReviewPage, criteria_panel);
  gtk_widget_class_set_css_name (widget_class, "reviewpage");

  gtk_widget_class_install_action (widget_class, "review.flag-selection", NULL, flag_selection_action);
  gtk_widget_class_install_action (widget_class, "review.flag-span", "(ssss)", flag_span_action);
  gtk_widget_class_install_action (widget_class, "review.verdict", "s", verdict_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "review.flag-selection", NULL);
}

static void
rubric_review_page_init (RubricReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_a11y_name_drop_down_button (self->verdict);
  rubric_page_set_parts (RUBRIC_PAGE (self), self->conversation, self->decision_bar, self->checks, self->side_panel);
  rubric_criteria_panel_set_citable (self->criteria_panel, TRUE);
  g_signal_connect_object (self->verdict, "notify::selected", G_CALLBACK (verdict_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->justification, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->criteria_panel, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->criteria_panel, "cite", G_CALLBACK (panel_cite_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->span_list, "row-activated", G_CALLBACK (span_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->response, "shown", G_CALLBACK (highlight), self, G_CONNECT_SWAPPED);
}

/* Public -------------------------------------------------------------------- */

void
rubric_review_page_set_verdict (RubricReviewPage *self,
                                const char       *verdict)
{
  g_return_if_fail (RUBRIC_IS_REVIEW_PAGE (self));

  for (guint i = 0; i < G_N_ELEMENTS (verdict_ids); i++)
    {
      if (g_strcmp0 (verdict_ids[i], verdict) == 0)
        gtk_drop_down_set_selected (self->verdict, i + 1);
    }
}

void
rubric_review_page_remove_span (RubricReviewPage *self,
                                guint             index)
{
  g_return_if_fail (RUBRIC_IS_REVIEW_PAGE (self));

  if (rubric_page_get_read_only (RUBRIC_PAGE (self)) || index >= annotation (self)->spans->len)
    return;
  rubric_annotation_remove_span (annotation (self), index);
  rebuild_spans (self);
  rubric_page_changed (RUBRIC_PAGE (self));
}

/* Scrolls to a flag's passage and selects it. */
void
rubric_review_page_focus_span (RubricReviewPage *self,
                               guint             index)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  g_autofree char *rendered = rendered_text (self);
  g_autoptr(GArray) map = rubric_markdown_align (content (self), rendered);
  RubricSpan *span;
  GtkTextIter start, end;
  int from, to;

  g_return_if_fail (RUBRIC_IS_REVIEW_PAGE (self));

  if (index >= annotation (self)->spans->len)
    return;
  span = g_ptr_array_index (annotation (self)->spans, index);
  if (!rendered_range (map, span->start, span->end, &from, &to))
    return;
  gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->response), &start, 0.1, TRUE, 0.0, 0.3);
}

GtkTextView *
rubric_review_page_get_response (RubricReviewPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_REVIEW_PAGE (self), NULL);
  return GTK_TEXT_VIEW (self->response);
}

RubricCriteriaPanel *
rubric_review_page_get_criteria_panel (RubricReviewPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_REVIEW_PAGE (self), NULL);
  return self->criteria_panel;
}
