/* rubric-write-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-write-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rubric-diff.h"
#include "rubric-json.h"
#include "rubric-markdown-view.h"
#include "rubric-page.h"
#include "rubric-page-parts.h"
#include "rubric-write-view.h"

struct _RubricWriteView
{
  GtkWidget            parent_instance;

  AdwFlap             *flap;
  GtkPaned            *paned;
  GtkBox              *conversation_box;
  GtkToggleButton     *write_button;
  GtkToggleButton     *preview_button;
  GtkToggleButton     *changes_button;
  GtkLabel            *language_label;
  GtkMenuButton       *text_menu_button;
  GtkSearchBar        *search_bar;
  GtkSearchEntry      *search_entry;
  GtkLabel            *search_label;
  GtkStack            *mode_stack;
  GtkScrolledWindow   *editor_scroller;
  GtkSourceView       *editor;
  RubricMarkdownView  *preview;
  GtkTextView         *changes;
  GtkRevealer         *checks_revealer;
  GtkBox              *checks_box;
  GtkLabel            *counts_label;
  GtkLabel            *length_label;
  GtkLabel            *state_label;
  GtkWidget           *reopen_button;
  GtkWidget           *skip_button;
  GtkWidget           *submit_button;
  RubricMarkdownView  *guidelines;
  GtkWidget           *self_check_title;
  GtkBox              *self_check_box;

  RubricTask          *task;
  RubricSetConfig     *config;
  json_object         *data;
  RubricSpellChecker  *spell;
  GtkSourceSearchContext *search;
  GtkCssProvider      *font_css;
  double               font_scale;
  gboolean             monospace;
  gboolean             loading;
  gboolean             read_only;
  guint                counts_idle;
  char                *spell_language;
};

static void page_iface_init (RubricPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RubricWriteView, rubric_write_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (RUBRIC_TYPE_PAGE, page_iface_init))

static GtkTextBuffer *
editor_buffer (RubricWriteView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
}



static void
show_conversation (RubricWriteView *self)
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
                      rubric_message_block (g_strcmp0 (role, "assistant") == 0 ? _("Assistant") : _("User"),
                                     rubric_json_get_string (message, "content"), role));
    }
  gtk_box_append (self->conversation_box, rubric_message_block (_("Prompt"), rubric_task_get_prompt (self->task), "prompt"));
}

/* Counts and guidance ------------------------------------------------------ */

static gboolean
update_counts_cb (gpointer user_data)
{
  RubricWriteView *self = user_data;
  g_autofree char *answer = rubric_write_view_dup_answer (self);
  guint words = rubric_count_words (answer);
  guint chars = gtk_text_buffer_get_char_count (editor_buffer (self));
  guint min = self->config ? self->config->min_answer_words : 0;
  guint max = self->config ? self->config->max_answer_words : 0;
  g_autofree char *counts = g_strdup_printf (_("%u words · %u characters"), words, chars);
  g_autofree char *guidance = NULL;
  gboolean warn = FALSE;

  self->counts_idle = 0;
  gtk_label_set_label (self->counts_label, counts);
  if (min > 0 && words < min)
    guidance = g_strdup_printf (_("%u words short of the minimum of %u"), min - words, min), warn = words > 0;
  else if (max > 0 && words > max)
    guidance = g_strdup_printf (_("%u words over the maximum of %u"), words - max, max), warn = TRUE;
  else if (min > 0 && max > 0)
    guidance = g_strdup_printf (_("Within the guidance of %u–%u words"), min, max);
  else if (min > 0)
    guidance = g_strdup_printf (_("At least %u words"), min);
  else if (max > 0)
    guidance = g_strdup_printf (_("At most %u words"), max);
  gtk_label_set_label (self->length_label, guidance ? guidance : "");
  if (warn)
    gtk_widget_add_css_class (GTK_WIDGET (self->length_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->length_label), "warning");
  return G_SOURCE_REMOVE;
}

static void
queue_counts (RubricWriteView *self)
{
  if (self->counts_idle == 0)
    self->counts_idle = g_idle_add (update_counts_cb, self);
}

/* Preview and changes ------------------------------------------------------ */

static void
update_preview (RubricWriteView *self)
{
  g_autofree char *answer = rubric_write_view_dup_answer (self);

  rubric_markdown_view_set_text (self->preview, answer);
}

/* The draft and the answer in one text: deleted words struck through,
 * inserted words marked. */
static void
update_changes (RubricWriteView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->changes);
  const char *draft = self->task ? rubric_task_get_draft (self->task) : NULL;
  g_autofree char *answer = rubric_write_view_dup_answer (self);
  g_autoptr(GArray) ops = NULL;
  GtkTextIter end;

  gtk_text_buffer_set_text (buffer, "", 0);
  if (draft == NULL)
    return;
  ops = rubric_diff_ops (draft, answer);
  gtk_text_buffer_get_end_iter (buffer, &end);
  for (guint i = 0; i < ops->len; i++)
    {
      RubricDiffOp *op = &g_array_index (ops, RubricDiffOp, i);
      const char *text = op->type == RUBRIC_DIFF_DELETE ? draft : answer;

      if (op->type == RUBRIC_DIFF_EQUAL)
        gtk_text_buffer_insert (buffer, &end, text + op->start, op->end - op->start);
      else
        gtk_text_buffer_insert_with_tags_by_name (buffer, &end, text + op->start, op->end - op->start,
                                                  op->type == RUBRIC_DIFF_DELETE ? "deleted" : "inserted", NULL);
    }
}

static void
mode_toggled_cb (RubricWriteView *self)
{
  const char *mode = "write";

  if (gtk_toggle_button_get_active (self->preview_button))
    mode = "preview";
  else if (gtk_toggle_button_get_active (self->changes_button))
    mode = "changes";
  else if (!gtk_toggle_button_get_active (self->write_button))
    return;

  if (g_str_equal (mode, "preview"))
    update_preview (self);
  else if (g_str_equal (mode, "changes"))
    update_changes (self);
  gtk_stack_set_visible_child_name (self->mode_stack, mode);
  if (g_str_equal (mode, "write"))
    gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

/* Editing ------------------------------------------------------------------ */

static void
buffer_changed_cb (RubricWriteView *self)
{
  queue_counts (self);
  if (self->loading)
    return;
  rubric_write_view_show_checks (self, NULL);
  g_signal_emit_by_name (self, "changed");
}

static void
update_search_label (RubricWriteView *self)
{
  int n = gtk_source_search_context_get_occurrences_count (self->search);
  g_autofree char *text = NULL;

  if (n < 0 || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    text = g_strdup ("");
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", n), n);
  gtk_label_set_label (self->search_label, text);
}

static void
search_changed_cb (RubricWriteView *self)
{
  GtkSourceSearchSettings *settings = gtk_source_search_context_get_settings (self->search);
  GtkTextIter start, match_start, match_end;
  gboolean wrapped;

  gtk_source_search_settings_set_search_text (settings, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  gtk_text_buffer_get_iter_at_mark (editor_buffer (self), &start, gtk_text_buffer_get_insert (editor_buffer (self)));
  if (gtk_source_search_context_forward (self->search, &start, &match_start, &match_end, &wrapped))
    {
      gtk_text_buffer_select_range (editor_buffer (self), &match_start, &match_end);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->editor), &match_start, 0.1, FALSE, 0, 0);
    }
  update_search_label (self);
}

static void
search_next_cb (RubricWriteView *self)
{
  GtkTextIter start, end, match_start, match_end;
  gboolean wrapped;

  gtk_text_buffer_get_selection_bounds (editor_buffer (self), &start, &end);
  if (gtk_source_search_context_forward (self->search, &end, &match_start, &match_end, &wrapped))
    {
      gtk_text_buffer_select_range (editor_buffer (self), &match_start, &match_end);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self->editor), &match_start, 0.1, FALSE, 0, 0);
    }
}

static void
self_check_toggled_cb (GtkCheckButton  *check,
                       RubricWriteView *self)
{
  json_object *list = json_object_new_array ();

  if (self->loading)
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->self_check_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
        json_object_array_add (list, json_object_new_string (g_object_get_data (G_OBJECT (child), "criterion")));
    }
  json_object_object_add (self->data, "self_check", list);
  g_signal_emit_by_name (self, "changed");
}

static void
show_guidelines (RubricWriteView *self)
{
  rubric_markdown_view_set_text (self->guidelines, self->config->guidelines ? self->config->guidelines
                                                                           : _("This task set has no guidelines."));
  rubric_clear_box (self->self_check_box);
  for (guint i = 0; i < self->config->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (self->config->criteria, i);
      g_autofree char *text = g_strdup_printf ("%s — %s", criterion->name, criterion->description);
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *label = gtk_label_new (text);

      /* A long criterion wraps, rather than widening the panel. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
      g_object_set_data_full (G_OBJECT (check), "criterion", g_strdup (criterion->id), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
      g_signal_connect_object (check, "toggled", G_CALLBACK (self_check_toggled_cb), self, 0);
      gtk_box_append (self->self_check_box, check);
    }
  gtk_widget_set_visible (self->self_check_title, self->config->criteria->len > 0);
}

static void
restore_self_check (RubricWriteView *self)
{
  json_object *checked = rubric_json_get_typed (self->data, "self_check", json_type_array);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->self_check_box)); child;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *id = g_object_get_data (G_OBJECT (child), "criterion");
      gboolean on = FALSE;

      for (gsize i = 0; checked != NULL && i < json_object_array_length (checked); i++)
        on |= g_strcmp0 (json_object_get_string (json_object_array_get_idx (checked, i)), id) == 0;
      gtk_check_button_set_active (GTK_CHECK_BUTTON (child), on);
    }
}

/* The cursor where it was, at the same height in the view. */
static gboolean
restore_view_cb (gpointer user_data)
{
  RubricWriteView *self = user_data;
  json_object *align = rubric_json_get_typed (self->data, "cursor_align", json_type_double);

  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->editor), gtk_text_buffer_get_insert (editor_buffer (self)),
                                0.0, TRUE, 0.0, align ? CLAMP (json_object_get_double (align), 0.0, 1.0) : 0.3);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
update_font (RubricWriteView *self)
{
  g_autofree char *css = g_strdup_printf ("textview.answer-editor { font-size: %.0f%%; %s }",
                                          self->font_scale * 100, self->monospace ? "font-family: monospace;" : "");
  g_autofree char *tooltip = g_strdup_printf (_("Text Size %.0f%% (Ctrl+−, Ctrl++, Ctrl+0)"), self->font_scale * 100);

  gtk_css_provider_load_from_data (self->font_css, css, -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->text_menu_button), tooltip);
}

static void
update_scheme (RubricWriteView *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (editor_buffer (self)),
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

/* Overrides ----------------------------------------------------------------- */

static void
rubric_write_view_dispose (GObject *object)
{
  RubricWriteView *self = (RubricWriteView *) object;
  GtkWidget *child;

  g_clear_handle_id (&self->counts_idle, g_source_remove);
  g_clear_object (&self->spell);
  g_clear_object (&self->search);
  g_clear_object (&self->font_css);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_WRITE_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->data, json_object_put);
  g_clear_pointer (&self->config, rubric_set_config_unref);
  g_clear_pointer (&self->spell_language, g_free);

  G_OBJECT_CLASS (rubric_write_view_parent_class)->dispose (object);
}

static void
rubric_write_view_class_init (RubricWriteViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_write_view_dispose;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-write-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, flap);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, paned);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, conversation_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, write_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, preview_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, changes_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, language_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, text_menu_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, search_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, editor);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, preview);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, changes);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, checks_revealer);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, checks_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, counts_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, length_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, state_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, reopen_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, skip_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, submit_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, guidelines);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, self_check_title);
  gtk_widget_class_bind_template_child (widget_class, RubricWriteView, self_check_box);
  gtk_widget_class_set_css_name (widget_class, "writeview");
}

static void
rubric_write_view_init (RubricWriteView *self)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkTextBuffer *buffer;
  GtkTextBuffer *changes;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->data = json_object_new_object ();
  self->font_scale = 1.0;

  buffer = editor_buffer (self);
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), gtk_source_language_manager_get_language (languages, "markdown"));
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (buffer), FALSE);
  update_scheme (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (update_scheme), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);

  self->font_css = gtk_css_provider_new ();
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self->editor)),
                                  GTK_STYLE_PROVIDER (self->font_css), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  update_font (self);

  self->spell = rubric_spell_checker_new (self->editor);
  self->search = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer), NULL);
  gtk_source_search_settings_set_wrap_around (gtk_source_search_context_get_settings (self->search), TRUE);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (search_next_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "next-match", G_CALLBACK (search_next_cb), self, G_CONNECT_SWAPPED);

  changes = gtk_text_view_get_buffer (self->changes);
  gtk_text_buffer_create_tag (changes, "deleted", "strikethrough", TRUE, "foreground", "#c01c28",
                              "background", "rgba(224,27,36,0.12)", NULL);
  gtk_text_buffer_create_tag (changes, "inserted", "foreground", "#26a269", "background", "rgba(46,194,126,0.16)",
                              "underline", PANGO_UNDERLINE_SINGLE, NULL);

  g_signal_connect_object (self->write_button, "toggled", G_CALLBACK (mode_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->preview_button, "toggled", G_CALLBACK (mode_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->changes_button, "toggled", G_CALLBACK (mode_toggled_cb), self, G_CONNECT_SWAPPED);
}

/* Public -------------------------------------------------------------------- */

static int
json_int (json_object *object,
          const char  *key,
          int          fallback)
{
  json_object *value = rubric_json_get_typed (object, key, json_type_int);

  return value ? json_object_get_int (value) : fallback;
}

/**
 * rubric_write_view_show:
 * @annotation: (nullable): the work so far; without one the editor
 *   starts from the task's draft, if it has one
 */
void
rubric_write_view_show (RubricWriteView        *self,
                        RubricTask             *task,
                        RubricSetConfig        *config,
                        const RubricAnnotation *annotation,
                        const char             *spell_language)
{
  GtkTextBuffer *buffer = editor_buffer (self);
  const char *text = NULL;
  GtkTextIter cursor;

  g_return_if_fail (RUBRIC_IS_WRITE_VIEW (self));

  self->loading = TRUE;
  self->task = task;
  if (rubric_page_take_config (&self->config, config))
    show_guidelines (self);
  g_clear_pointer (&self->data, json_object_put);
  self->data = rubric_page_data_new (annotation);

  show_conversation (self);
  if (annotation != NULL && annotation->id != 0)
    text = annotation->answer;
  else
    text = rubric_task_get_draft (task);

  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_get_iter_at_offset (buffer, &cursor, json_int (self->data, "cursor", text ? 0 : 0));
  gtk_text_buffer_place_cursor (buffer, &cursor);
  g_idle_add_full (G_PRIORITY_LOW, restore_view_cb, g_object_ref (self), NULL);

  restore_self_check (self);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_button), rubric_task_get_draft (task) != NULL);
  gtk_toggle_button_set_active (self->write_button, TRUE);
  gtk_stack_set_visible_child_name (self->mode_stack, "write");

  if (rubric_spell_checker_set_language (self->spell, spell_language))
    {
      g_autofree char *label = g_strdup_printf (_("Spelling: %s"), rubric_spell_checker_get_language (self->spell));
      gtk_label_set_label (self->language_label, label);
    }
  else
    gtk_label_set_label (self->language_label, _("No dictionary for spelling"));

  rubric_write_view_show_checks (self, NULL);
  rubric_write_view_show_state (self, annotation);
  queue_counts (self);
  self->loading = FALSE;
}

void
rubric_write_view_show_state (RubricWriteView        *self,
                              const RubricAnnotation *annotation)
{
  gboolean saved = annotation != NULL && annotation->id != 0;

  gtk_label_set_label (self->state_label, rubric_state_text (annotation));

  self->read_only = saved && annotation->state == RUBRIC_ANNOTATION_SUBMITTED;
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->editor), !self->read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->self_check_box), !self->read_only);
  gtk_widget_set_visible (self->reopen_button, self->read_only);
  gtk_widget_set_visible (self->submit_button, !self->read_only);
  gtk_widget_set_visible (self->skip_button, !self->read_only);
}

void
rubric_write_view_show_checks (RubricWriteView *self,
                               GPtrArray       *checks)
{
  rubric_show_checks (self->checks_box, self->checks_revealer, checks);
}

char *
rubric_write_view_dup_answer (RubricWriteView *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (editor_buffer (self), &start, &end);
  return gtk_text_buffer_get_text (editor_buffer (self), &start, &end, TRUE);
}

/**
 * rubric_write_view_get_data:
 *
 * Returns: (transfer none): the self-check, and where the cursor is
 *   and how the view was scrolled, to come back to
 */
json_object *
rubric_write_view_get_data (RubricWriteView *self)
{
  GtkTextBuffer *buffer = editor_buffer (self);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->editor_scroller);
  double page = gtk_adjustment_get_page_size (adjustment);
  GdkRectangle location;
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  json_object_object_add (self->data, "cursor", json_object_new_int (gtk_text_iter_get_offset (&cursor)));
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->editor), &cursor, &location);
  if (page > 0)
    json_object_object_add (self->data, "cursor_align",
                            json_object_new_double (CLAMP ((location.y - gtk_adjustment_get_value (adjustment)) / page, 0.0, 1.0)));
  return self->data;
}

void
rubric_write_view_set_mode (RubricWriteView *self,
                            const char      *mode)
{
  GtkToggleButton *button = self->write_button;

  if (g_strcmp0 (mode, "preview") == 0)
    button = self->preview_button;
  else if (g_strcmp0 (mode, "changes") == 0 && gtk_widget_get_visible (GTK_WIDGET (self->changes_button)))
    button = self->changes_button;
  if (gtk_toggle_button_get_active (button))
    gtk_toggle_button_set_active (self->write_button, TRUE);
  else
    gtk_toggle_button_set_active (button, TRUE);
}

const char *
rubric_write_view_get_mode (RubricWriteView *self)
{
  return gtk_stack_get_visible_child_name (self->mode_stack);
}

void
rubric_write_view_toggle_search (RubricWriteView *self)
{
  gboolean show = !gtk_search_bar_get_search_mode (self->search_bar);

  rubric_write_view_set_mode (self, "write");
  gtk_search_bar_set_search_mode (self->search_bar, show);
  if (show)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
rubric_write_view_focus_editor (RubricWriteView *self)
{
  rubric_write_view_set_mode (self, "write");
  gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

void
rubric_write_view_set_show_guidelines (RubricWriteView *self,
                                       gboolean         show)
{
  adw_flap_set_reveal_flap (self->flap, show);
}

void
rubric_write_view_set_font_scale (RubricWriteView *self,
                                  double           scale)
{
  self->font_scale = CLAMP (scale, 0.5, 3.0);
  update_font (self);
}

void
rubric_write_view_set_monospace (RubricWriteView *self,
                                 gboolean         monospace)
{
  self->monospace = monospace;
  update_font (self);
}

void
rubric_write_view_set_spell_check (RubricWriteView *self,
                                   gboolean         enabled)
{
  rubric_spell_checker_set_enabled (self->spell, enabled);
}

RubricSpellChecker *
rubric_write_view_get_spell_checker (RubricWriteView *self)
{
  return self->spell;
}

GtkTextView *
rubric_write_view_get_editor (RubricWriteView *self)
{
  return GTK_TEXT_VIEW (self->editor);
}

GtkTextView *
rubric_write_view_get_changes (RubricWriteView *self)
{
  return self->changes;
}

/**
 * rubric_write_view_set_spell_language:
 * @language: (nullable): used for tasks without a meta.lang of their own
 */
void
rubric_write_view_set_spell_language (RubricWriteView *self,
                                      const char      *language)
{
  g_free (self->spell_language);
  self->spell_language = g_strdup (language);
}

/* RubricPage ---------------------------------------------------------------- */

static void
page_show (RubricPage             *page,
           RubricTask             *task,
           RubricSetConfig        *config,
           const RubricAnnotation *annotation)
{
  RubricWriteView *self = RUBRIC_WRITE_VIEW (page);
  const char *lang = rubric_json_get_string (rubric_json_get_typed (task->object, "meta", json_type_object), "lang");

  rubric_write_view_show (self, task, config, annotation, lang ? lang : self->spell_language);
}

static void
page_show_state (RubricPage             *page,
                 const RubricAnnotation *annotation)
{
  rubric_write_view_show_state (RUBRIC_WRITE_VIEW (page), annotation);
}

static void
page_show_checks (RubricPage *page,
                  GPtrArray  *checks)
{
  rubric_write_view_show_checks (RUBRIC_WRITE_VIEW (page), checks);
}

static gboolean
page_get_read_only (RubricPage *page)
{
  return RUBRIC_WRITE_VIEW (page)->read_only;
}

static json_object *
page_get_data (RubricPage *page)
{
  return rubric_write_view_get_data (RUBRIC_WRITE_VIEW (page));
}

static void
page_collect (RubricPage       *page,
              RubricAnnotation *annotation)
{
  g_free (annotation->answer);
  annotation->answer = rubric_write_view_dup_answer (RUBRIC_WRITE_VIEW (page));
}

static GPtrArray *
page_check (RubricPage *page,
            gint64      active_ms)
{
  RubricWriteView *self = RUBRIC_WRITE_VIEW (page);
  g_autofree char *answer = rubric_write_view_dup_answer (self);

  return rubric_answer_check (self->config, answer, rubric_write_view_get_data (self));
}

static void
page_set_side_panel (RubricPage *page,
                     gboolean    shown)
{
  rubric_write_view_set_show_guidelines (RUBRIC_WRITE_VIEW (page), shown);
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
}
