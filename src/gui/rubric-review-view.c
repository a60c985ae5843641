/* rubric-review-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-review-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rubric-criteria-panel.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-markdown.h"
#include "rubric-markdown-view.h"
#include "rubric-page.h"
#include "rubric-page-parts.h"
#include "rubric-review-view.h"

/*
 * A flag marks a span of the response as written: start and end in
 * code points of the original text, and the quote they cut out, so
 * content[start:end] == quote however the selection was made. A
 * selection in the rendered text is mapped back to the source by
 * rubric_markdown_align().
 */

static const char *verdict_ids[] = { "accept", "revise", "reject" };
static const char *severity_ids[] = { "minor", "major", "critical" };

struct _RubricReviewView
{
  GtkWidget            parent_instance;
  AdwFlap             *flap;
  GtkBox              *conversation;
  RubricMarkdownView  *response;
  GtkListBox          *span_list;
  GtkDropDown         *verdict;
  GtkTextView         *justification;
  GtkRevealer         *checks_revealer;
  GtkBox              *checks_box;
  RubricDecisionBar    bar;
  RubricCriteriaPanel *panel;
  GtkWidget           *flags_empty;

  RubricTask          *task;
  RubricSetConfig     *config;
  json_object         *data;
  int                  editing;    /* span being edited in the dialog, -1 */
  gboolean             read_only;
  gboolean             loading;
};

static void page_iface_init (RubricPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RubricReviewView, rubric_review_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (RUBRIC_TYPE_PAGE, page_iface_init))

static const char *
content (RubricReviewView *self)
{
  return rubric_json_get_string (rubric_task_get_response (self->task, 0), "content");
}

static json_object *
spans (RubricReviewView *self,
       gboolean          create)
{
  json_object *list = rubric_json_get_typed (self->data, "spans", json_type_array);

  if (list == NULL && create)
    {
      list = json_object_new_array ();
      json_object_object_add (self->data, "spans", list);
    }
  return list;
}

static void
changed (RubricReviewView *self)
{
  if (!self->loading)
    g_signal_emit_by_name (self, "changed");
}

static char *
rendered_text (RubricReviewView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Source span → rendered range, for the highlight. */
static gboolean
rendered_range (RubricReviewView *self,
                GArray           *map,
                glong             start,
                glong             end,
                int              *from,
                int              *to)
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

static void
highlight (RubricReviewView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, "flagged");
  g_autofree char *rendered = rendered_text (self);
  g_autoptr(GArray) map = rubric_markdown_align (content (self), rendered);
  json_object *list = spans (self, FALSE);
  GtkTextIter start, end;

  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, "flagged", "background", "rgba(246,97,81,0.25)",
                                      "underline", PANGO_UNDERLINE_ERROR, NULL);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, tag, &start, &end);
  for (gsize i = 0; list != NULL && i < json_object_array_length (list); i++)
    {
      json_object *span = json_object_array_get_idx (list, i);
      int from, to;

      if (!rendered_range (self, map, json_object_get_int (json_object_object_get (span, "start")),
                           json_object_get_int (json_object_object_get (span, "end")), &from, &to))
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
}

static const char *
flag_name (RubricReviewView *self,
           const char       *id)
{
  for (guint i = 0; i < self->config->flags->len; i++)
    {
      RubricFlag *flag = g_ptr_array_index (self->config->flags, i);

      if (g_strcmp0 (flag->id, id) == 0)
        return flag->name;
    }
  return id;
}

static void
remove_clicked_cb (GtkButton        *button,
                   RubricReviewView *self)
{
  rubric_review_view_remove_span (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")));
}

static void
edit_clicked_cb (GtkButton        *button,
                 RubricReviewView *self)
{
  self->editing = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index"));
  rubric_review_view_flag_dialog (self);
}

static void
row_activated_cb (GtkListBox       *list,
                  GtkListBoxRow    *row,
                  RubricReviewView *self)
{
  rubric_review_view_focus_span (self, gtk_list_box_row_get_index (row));
}

static void
rebuild_spans (RubricReviewView *self)
{
  json_object *list = spans (self, FALSE);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->span_list))) != NULL)
    gtk_list_box_remove (self->span_list, child);
  for (gsize i = 0; list != NULL && i < json_object_array_length (list); i++)
    {
      json_object *span = json_object_array_get_idx (list, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      g_autofree char *text = g_strdup_printf ("%s · %s — “%s”", flag_name (self, rubric_json_get_string (span, "flag")),
                                               rubric_json_get_string (span, "severity"),
                                               rubric_json_get_string (span, "quote"));
      GtkWidget *label = gtk_label_new (text);
      GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
      GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_margin_start (label, 8);
      gtk_widget_set_tooltip_text (label, rubric_json_get_string (span, "comment"));
      gtk_widget_add_css_class (edit, "flat");
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (edit, _("Edit the flag"));
      gtk_widget_set_tooltip_text (remove, _("Remove the flag"));
      g_object_set_data (G_OBJECT (edit), "index", GUINT_TO_POINTER (i));
      g_object_set_data (G_OBJECT (remove), "index", GUINT_TO_POINTER (i));
      g_signal_connect_object (edit, "clicked", G_CALLBACK (edit_clicked_cb), self, 0);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), edit);
      gtk_box_append (GTK_BOX (row), remove);
      gtk_list_box_append (self->span_list, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->span_list), list != NULL && json_object_array_length (list) > 0);
  gtk_widget_set_visible (self->flags_empty, list == NULL || json_object_array_length (list) == 0);
  /* Room for the flags beside the rubric: up to four, then it scrolls. */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (GTK_WIDGET (self->span_list),
                                                                                            GTK_TYPE_SCROLLED_WINDOW)),
                                              56 * MIN (list ? json_object_array_length (list) : 0, 4));
  highlight (self);
}

/* The flag dialog ------------------------------------------------------------ */

typedef struct
{
  GtkDropDown *flag;
  GtkDropDown *severity;
  GtkEditable *comment;
  GtkEditable *correction;
} DialogFields;

static void
flag_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  RubricReviewView *self)
{
  DialogFields *fields = g_object_get_data (G_OBJECT (dialog), "fields");
  RubricFlag *flag;

  if (g_strcmp0 (response, "flag") != 0 || self->config->flags->len == 0)
    {
      self->editing = -1;
      return;
    }
  flag = g_ptr_array_index (self->config->flags, gtk_drop_down_get_selected (fields->flag));
  if (self->editing >= 0)
    {
      json_object *span = json_object_array_get_idx (spans (self, FALSE), self->editing);

      json_object_object_add (span, "flag", json_object_new_string (flag->id));
      json_object_object_add (span, "severity", json_object_new_string (severity_ids[gtk_drop_down_get_selected (fields->severity)]));
      json_object_object_add (span, "comment", json_object_new_string (gtk_editable_get_text (fields->comment)));
      json_object_object_add (span, "correction", json_object_new_string (gtk_editable_get_text (fields->correction)));
      self->editing = -1;
      rebuild_spans (self);
      changed (self);
      return;
    }
  rubric_review_view_flag_selection (self, flag->id, severity_ids[gtk_drop_down_get_selected (fields->severity)],
                                     gtk_editable_get_text (fields->comment), gtk_editable_get_text (fields->correction));
}

static GtkWidget *
field_row (const char *label_text,
           GtkWidget  *field)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (label_text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), field);
  return box;
}

/* Flags the selection, or edits the span being edited, in a dialog. */
void
rubric_review_view_flag_dialog (RubricReviewView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  g_autoptr(GtkStringList) flags = gtk_string_list_new (NULL);
  const char *severities[] = { _("Minor"), _("Major"), _("Critical"), NULL };
  DialogFields *fields = g_new0 (DialogFields, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  json_object *span = self->editing >= 0 ? json_object_array_get_idx (spans (self, FALSE), self->editing) : NULL;
  g_autofree char *quote = NULL;
  GtkWidget *dialog;
  GtkTextIter start, end;

  if (span == NULL && !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  quote = span ? g_strdup (rubric_json_get_string (span, "quote")) : gtk_text_iter_get_text (&start, &end);
  for (guint i = 0; i < self->config->flags->len; i++)
    gtk_string_list_append (flags, ((RubricFlag *) g_ptr_array_index (self->config->flags, i))->name);
  fields->flag = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (flags)), NULL));
  fields->severity = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (severities));
  fields->comment = GTK_EDITABLE (gtk_entry_new ());
  fields->correction = GTK_EDITABLE (gtk_entry_new ());
  /* Select, Ctrl+Shift+F, type the comment, Enter. */
  gtk_entry_set_activates_default (GTK_ENTRY (fields->comment), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (fields->correction), TRUE);
  gtk_drop_down_set_selected (fields->severity, 1);
  if (span != NULL)
    {
      for (guint i = 0; i < self->config->flags->len; i++)
        if (g_strcmp0 (((RubricFlag *) g_ptr_array_index (self->config->flags, i))->id, rubric_json_get_string (span, "flag")) == 0)
          gtk_drop_down_set_selected (fields->flag, i);
      for (guint i = 0; i < G_N_ELEMENTS (severity_ids); i++)
        if (g_strcmp0 (severity_ids[i], rubric_json_get_string (span, "severity")) == 0)
          gtk_drop_down_set_selected (fields->severity, i);
      gtk_editable_set_text (fields->comment, rubric_json_get_string (span, "comment"));
      gtk_editable_set_text (fields->correction, rubric_json_get_string (span, "correction"));
    }
  gtk_box_append (GTK_BOX (box), field_row (_("Category"), GTK_WIDGET (fields->flag)));
  gtk_box_append (GTK_BOX (box), field_row (_("Severity"), GTK_WIDGET (fields->severity)));
  gtk_box_append (GTK_BOX (box), field_row (_("Comment"), GTK_WIDGET (fields->comment)));
  gtk_box_append (GTK_BOX (box), field_row (_("Correction (optional)"), GTK_WIDGET (fields->correction)));

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   span ? _("Edit Flag") : _("Flag This Passage"), quote);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "flag", span ? _("_Save") : _("_Flag"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "flag", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "flag");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "fields", fields, g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (flag_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (GTK_WIDGET (fields->comment));
}

/* The rest of the view ---------------------------------------------------- */

static void
verdict_changed_cb (RubricReviewView *self)
{
  guint selected = gtk_drop_down_get_selected (self->verdict);

  if (self->loading)
    return;
  if (selected == 0)
    json_object_object_del (self->data, "verdict");
  else
    json_object_object_add (self->data, "verdict", json_object_new_string (verdict_ids[selected - 1]));
  changed (self);
}

static void
panel_changed_cb (RubricReviewView *self)
{
  changed (self);
}

static void
panel_cite_cb (RubricReviewView *self,
               guint             criterion)
{
  rubric_cite_criterion (self->justification, self->config, criterion);
}

static void
rubric_review_view_dispose (GObject *object)
{
  RubricReviewView *self = (RubricReviewView *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->data, json_object_put);
  g_clear_pointer (&self->config, rubric_set_config_unref);

  G_OBJECT_CLASS (rubric_review_view_parent_class)->dispose (object);
}

static void
rubric_review_view_class_init (RubricReviewViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rubric_review_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "reviewview");
}

static void
justification_changed_cb (RubricReviewView *self)
{
  changed (self);
}

static void
rubric_review_view_init (RubricReviewView *self)
{
  const char *verdicts[] = { _("Verdict…"), _("Accept"), _("Needs Revision"), _("Reject"), NULL };
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *hint = gtk_label_new (_("Select a passage of the response, then Flag (Ctrl+Shift+F)"));
  GtkWidget *flag_button = gtk_button_new_with_label (_("Flag Selection…"));
  GtkWidget *response_scroller = gtk_scrolled_window_new ();
  GtkWidget *span_scroller = gtk_scrolled_window_new ();
  GtkWidget *justification_scroller = gtk_scrolled_window_new ();
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *side, *flags_title;

  self->editing = -1;
  self->data = json_object_new_object ();
  self->flap = ADW_FLAP (adw_flap_new ());
  adw_flap_set_flap_position (self->flap, GTK_PACK_END);
  adw_flap_set_fold_threshold_policy (self->flap, ADW_FOLD_THRESHOLD_POLICY_MINIMUM);
  adw_flap_set_swipe_to_open (self->flap, FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->flap), GTK_WIDGET (self));

  self->conversation = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_set_margin_start (GTK_WIDGET (self->conversation), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->conversation), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->conversation), 12);

  gtk_label_set_xalign (GTK_LABEL (hint), 0.0f);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_set_hexpand (hint, TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (flag_button), "win.flag-selection");
  self->verdict = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (verdicts));
  g_signal_connect_object (self->verdict, "notify::selected", G_CALLBACK (verdict_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (toolbar), hint);
  gtk_box_append (GTK_BOX (toolbar), flag_button);
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->verdict));
  gtk_widget_add_css_class (toolbar, "editor-toolbar");

  self->response = RUBRIC_MARKDOWN_VIEW (rubric_markdown_view_new ());
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self->response), 12);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self->response), 16);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self->response), 16);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self->response), 16);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (response_scroller), GTK_WIDGET (self->response));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (response_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (response_scroller, TRUE);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "response-pane");
  gtk_widget_set_margin_start (card, 12);
  gtk_widget_set_margin_end (card, 12);
  gtk_widget_set_margin_top (card, 8);
  gtk_box_append (GTK_BOX (card), response_scroller);

  self->span_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_add_css_class (GTK_WIDGET (self->span_list), "boxed-list");
  gtk_list_box_set_activate_on_single_click (self->span_list, TRUE);
  g_signal_connect_object (self->span_list, "row-activated", G_CALLBACK (row_activated_cb), self, 0);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (span_scroller), GTK_WIDGET (self->span_list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (span_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (span_scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (span_scroller), 260);
  gtk_widget_set_margin_start (span_scroller, 12);
  gtk_widget_set_margin_end (span_scroller, 12);

  self->justification = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_wrap_mode (self->justification, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->justification, 8);
  gtk_text_view_set_left_margin (self->justification, 10);
  gtk_text_view_set_accepts_tab (self->justification, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->justification), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Justification"), -1);
  gtk_widget_add_css_class (justification_scroller, "justification");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (justification_scroller), GTK_WIDGET (self->justification));
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (justification_scroller), 60);
  gtk_widget_set_margin_start (justification_scroller, 18);
  gtk_widget_set_margin_end (justification_scroller, 18);
  gtk_widget_set_margin_top (justification_scroller, 8);
  g_signal_connect_object (gtk_text_view_get_buffer (self->justification), "changed",
                           G_CALLBACK (justification_changed_cb), self, G_CONNECT_SWAPPED);

  self->checks_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  gtk_widget_add_css_class (GTK_WIDGET (self->checks_box), "checks");
  gtk_widget_set_margin_start (GTK_WIDGET (self->checks_box), 18);
  self->checks_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->checks_revealer, GTK_WIDGET (self->checks_box));

  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->conversation));
  gtk_box_append (GTK_BOX (content), toolbar);
  gtk_box_append (GTK_BOX (content), card);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->checks_revealer));
  gtk_box_append (GTK_BOX (content), justification_scroller);
  rubric_decision_bar_init (&self->bar);
  gtk_box_append (GTK_BOX (content), self->bar.box);
  gtk_widget_set_hexpand (content, TRUE);
  adw_flap_set_content (self->flap, content);
  adw_flap_set_separator (self->flap, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  /* The side panel: the flags made so far, then the rubric. */
  side = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  flags_title = gtk_label_new (_("Flagged Passages"));
  gtk_label_set_xalign (GTK_LABEL (flags_title), 0.0f);
  gtk_widget_add_css_class (flags_title, "title-4");
  gtk_widget_set_margin_start (flags_title, 18);
  gtk_widget_set_margin_top (flags_title, 18);
  gtk_widget_set_margin_bottom (flags_title, 6);
  self->flags_empty = gtk_label_new (_("None yet. Select a passage and press Ctrl+Shift+F."));
  gtk_label_set_wrap (GTK_LABEL (self->flags_empty), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->flags_empty), 0.0f);
  gtk_widget_add_css_class (self->flags_empty, "dim-label");
  gtk_widget_set_margin_start (self->flags_empty, 18);
  gtk_widget_set_margin_end (self->flags_empty, 18);
  self->panel = RUBRIC_CRITERIA_PANEL (rubric_criteria_panel_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->panel), TRUE);
  gtk_box_append (GTK_BOX (side), flags_title);
  gtk_box_append (GTK_BOX (side), self->flags_empty);
  gtk_box_append (GTK_BOX (side), span_scroller);
  gtk_box_append (GTK_BOX (side), GTK_WIDGET (self->panel));
  gtk_widget_set_size_request (side, 320, -1);
  gtk_widget_add_css_class (side, "background");
  adw_flap_set_flap (self->flap, side);
  g_signal_connect_object (self->panel, "changed", G_CALLBACK (panel_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->panel, "cite", G_CALLBACK (panel_cite_cb), self, G_CONNECT_SWAPPED);
}

GtkTextView *
rubric_review_view_get_response (RubricReviewView *self)
{
  return GTK_TEXT_VIEW (self->response);
}

/**
 * rubric_review_view_flag_selection:
 *
 * Flags the passage selected in the rendered response.
 *
 * Returns: whether there was a selection to flag
 */
gboolean
rubric_review_view_flag_selection (RubricReviewView *self,
                                   const char       *flag,
                                   const char       *severity,
                                   const char       *comment,
                                   const char       *correction)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  g_autofree char *rendered = rendered_text (self);
  g_autoptr(GArray) map = NULL;
  g_autofree char *quote = NULL;
  json_object *span;
  GtkTextIter start, end;
  glong from, to;

  if (self->read_only || !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return FALSE;
  map = rubric_markdown_align (content (self), rendered);
  if ((guint) gtk_text_iter_get_offset (&end) > map->len || gtk_text_iter_equal (&start, &end))
    return FALSE;
  from = g_array_index (map, glong, gtk_text_iter_get_offset (&start));
  to = g_array_index (map, glong, gtk_text_iter_get_offset (&end) - 1) + 1;
  quote = g_utf8_substring (content (self), from, to);

  span = json_object_new_object ();
  json_object_object_add (span, "start", json_object_new_int64 (from));
  json_object_object_add (span, "end", json_object_new_int64 (to));
  json_object_object_add (span, "quote", json_object_new_string (quote));
  json_object_object_add (span, "flag", json_object_new_string (flag));
  json_object_object_add (span, "severity", json_object_new_string (severity));
  json_object_object_add (span, "comment", json_object_new_string (comment ? comment : ""));
  json_object_object_add (span, "correction", json_object_new_string (correction ? correction : ""));
  json_object_array_add (spans (self, TRUE), span);
  rebuild_spans (self);
  changed (self);
  return TRUE;
}

void
rubric_review_view_set_verdict (RubricReviewView *self,
                                const char       *verdict)
{
  for (guint i = 0; i < G_N_ELEMENTS (verdict_ids); i++)
    if (g_strcmp0 (verdict_ids[i], verdict) == 0)
      gtk_drop_down_set_selected (self->verdict, i + 1);
}

void
rubric_review_view_remove_span (RubricReviewView *self,
                                guint             index)
{
  json_object *list = spans (self, FALSE);

  if (self->read_only || list == NULL || index >= json_object_array_length (list))
    return;
  json_object_array_del_idx (list, index, 1);
  rebuild_spans (self);
  changed (self);
}

/* Scrolls to a flag's passage and selects it. */
void
rubric_review_view_focus_span (RubricReviewView *self,
                               guint             index)
{
  json_object *list = spans (self, FALSE);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->response));
  g_autofree char *rendered = rendered_text (self);
  g_autoptr(GArray) map = rubric_markdown_align (content (self), rendered);
  json_object *span;
  GtkTextIter start, end;
  int from, to;

  if (list == NULL || index >= json_object_array_length (list))
    return;
  span = json_object_array_get_idx (list, index);
  if (!rendered_range (self, map, json_object_get_int (json_object_object_get (span, "start")),
                       json_object_get_int (json_object_object_get (span, "end")), &from, &to))
    return;
  gtk_text_buffer_get_iter_at_offset (buffer, &start, from);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, to);
  gtk_text_buffer_select_range (buffer, &start, &end);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->response), &start, 0.1, TRUE, 0.0, 0.3);
}

/* RubricPage ---------------------------------------------------------------- */

static void
page_show_state (RubricPage             *page,
                 const RubricAnnotation *annotation)
{
  RubricReviewView *self = RUBRIC_REVIEW_VIEW (page);

  self->read_only = rubric_decision_bar_show (&self->bar, annotation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->panel), !self->read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->verdict), !self->read_only);
  gtk_text_view_set_editable (self->justification, !self->read_only);
}

static void
page_show (RubricPage             *page,
           RubricTask             *task,
           RubricSetConfig        *config,
           const RubricAnnotation *annotation)
{
  RubricReviewView *self = RUBRIC_REVIEW_VIEW (page);
  const char *ids[1];
  const char *verdict;

  self->loading = TRUE;
  self->task = task;
  rubric_page_take_config (&self->config, config);
  g_clear_pointer (&self->data, json_object_put);
  self->data = rubric_page_data_new (annotation);

  rubric_clear_box (self->conversation);
  gtk_box_append (self->conversation, rubric_message_block (_("Prompt"), rubric_task_get_prompt (task), "prompt"));

  rubric_markdown_view_set_text (self->response, content (self));
  ids[0] = rubric_json_get_string (rubric_task_get_response (task, 0), "id");
  rubric_criteria_panel_show (self->panel, config, ids, 1, self->data);
  verdict = rubric_json_get_string (self->data, "verdict");
  gtk_drop_down_set_selected (self->verdict, 0);
  rubric_review_view_set_verdict (self, verdict);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->justification),
                            annotation->justification ? annotation->justification : "", -1);
  rebuild_spans (self);
  page_show_state (page, annotation);
  gtk_revealer_set_reveal_child (self->checks_revealer, FALSE);
  self->loading = FALSE;
}

static void
page_show_checks (RubricPage *page,
                  GPtrArray  *checks)
{
  RubricReviewView *self = RUBRIC_REVIEW_VIEW (page);

  rubric_show_checks (self->checks_box, self->checks_revealer, checks);
}

static gboolean
page_get_read_only (RubricPage *page)
{
  return RUBRIC_REVIEW_VIEW (page)->read_only;
}

static json_object *
page_get_data (RubricPage *page)
{
  return RUBRIC_REVIEW_VIEW (page)->data;
}

static char *
dup_justification (RubricReviewView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->justification);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

static void
page_collect (RubricPage       *page,
              RubricAnnotation *annotation)
{
  g_free (annotation->justification);
  annotation->justification = dup_justification (RUBRIC_REVIEW_VIEW (page));
}

static GPtrArray *
page_check (RubricPage *page,
            gint64      active_ms)
{
  RubricReviewView *self = RUBRIC_REVIEW_VIEW (page);
  g_autofree char *justification = dup_justification (self);

  return rubric_review_check (self->config, self->task, self->data, justification, active_ms);
}

static void
page_set_side_panel (RubricPage *page,
                     gboolean    shown)
{
  adw_flap_set_reveal_flap (RUBRIC_REVIEW_VIEW (page)->flap, shown);
}

static GtkTextView *
page_get_justification (RubricPage *page)
{
  return RUBRIC_REVIEW_VIEW (page)->justification;
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
