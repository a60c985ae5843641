/* rubric-write-page.c
 *
 * An ideal answer, written in a markdown editor beside the conversation,
 * with counts, a preview, the changes made to a model's draft, spelling,
 * and the set's guidelines with a self-check.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-write-page"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rubric-diff.h"
#include "rubric-editing.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-markdown-view.h"
#include "rubric-write-page.h"

struct _RubricWritePage
{
  RubricPage              parent_instance;

  AdwFlap                *side_panel;
  RubricConversation     *conversation;
  GtkPaned               *paned;
  GtkWidget              *conversation_scroller;
  GtkWidget              *editor_box;
  GtkToggleButton        *write_button;
  GtkToggleButton        *preview_button;
  GtkToggleButton        *changes_button;
  GtkLabel               *language_label;
  GtkMenuButton          *text_menu_button;
  GtkSearchBar           *search_bar;
  GtkSearchEntry         *search_entry;
  GtkLabel               *search_label;
  GtkStack               *mode_stack;
  GtkScrolledWindow      *editor_scroller;
  GtkWidget              *placeholder;
  GtkSourceView          *editor;
  RubricMarkdownView     *preview;
  GtkTextView            *changes;
  RubricChecksView       *checks;
  RubricDecisionBar      *decision_bar;
  GtkLabel               *counts_label;
  GtkLabel               *length_label;
  RubricMarkdownView     *guidelines;
  GtkWidget              *self_check_title;
  GtkBox                 *self_check_box;

  RubricSetConfig        *guidelines_config;  /* the set the guidelines show */
  RubricEditing          *editing;
  gboolean                loading;
};

G_DEFINE_FINAL_TYPE (RubricWritePage, rubric_write_page, RUBRIC_TYPE_PAGE)

static GtkTextBuffer *
editor_buffer (RubricWritePage *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor));
}

static RubricAnnotation *
annotation (RubricWritePage *self)
{
  return rubric_page_get_annotation (RUBRIC_PAGE (self));
}

static RubricSetConfig *
config (RubricWritePage *self)
{
  return rubric_page_get_config (RUBRIC_PAGE (self));
}

/* Preview and changes ------------------------------------------------------ */

static void
update_preview (RubricWritePage *self)
{
  g_autofree char *answer = rubric_write_page_dup_answer (self);

  rubric_markdown_view_set_text (self->preview, answer);
}

/* The draft and the answer in one text: deleted words struck through,
 * inserted words marked. */
static void
update_changes (RubricWritePage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->changes);
  RubricTask *task = rubric_page_get_task (RUBRIC_PAGE (self));
  const char *draft = task ? rubric_task_get_draft (task) : NULL;
  g_autofree char *answer = rubric_write_page_dup_answer (self);
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
mode_toggled_cb (RubricWritePage *self)
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

/* What to write stands in the empty editor; the first character takes
 * its place, on the same frame. */
static void
buffer_changed_cb (RubricWritePage *self,
                   GtkTextBuffer   *buffer)
{
  gtk_widget_set_visible (self->placeholder, gtk_text_buffer_get_char_count (buffer) == 0);
}

static void
changed_cb (RubricWritePage *self)
{
  if (!self->loading)
    rubric_page_changed (RUBRIC_PAGE (self));
}

/* Pasted text is counted: a lead may want to know what was typed. */
static void
pasted_cb (RubricWritePage *self,
           guint            n_chars)
{
  if (annotation (self) != NULL)
    annotation (self)->pasted_chars += n_chars;
}

/* Guidelines and self-check ------------------------------------------------ */

static RubricCriterion *
criterion_of (RubricWritePage *self,
              GtkWidget       *check)
{
  guint i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->self_check_box)); c != check;
       c = gtk_widget_get_next_sibling (c))
    i++;
  return g_ptr_array_index (config (self)->criteria, i);
}

static void
self_check_toggled_cb (RubricWritePage *self,
                       GtkCheckButton  *check)
{
  if (self->loading || annotation (self) == NULL)
    return;
  rubric_annotation_set_self_checked (annotation (self), criterion_of (self, GTK_WIDGET (check))->id,
                                      gtk_check_button_get_active (check));
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
show_guidelines (RubricWritePage *self)
{
  GtkWidget *child;

  if (self->guidelines_config == config (self))
    return;
  self->guidelines_config = config (self);
  rubric_markdown_view_set_text (self->guidelines, config (self)->guidelines ? config (self)->guidelines
                                                                             : _("This task set has no guidelines."));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->self_check_box))) != NULL)
    gtk_box_remove (self->self_check_box, child);
  for (guint i = 0; i < config (self)->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (config (self)->criteria, i);
      g_autofree char *text = *criterion->description != '\0'
                              ? g_strdup_printf ("%s — %s", criterion->name, criterion->description)
                              : g_strdup (criterion->name);
      GtkWidget *check = gtk_check_button_new ();
      GtkWidget *label = gtk_label_new (text);

      /* A long criterion wraps, rather than widening the panel. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, criterion->name,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, criterion->description, -1);
      gtk_widget_add_css_class (check, "self-check");
      g_signal_connect_object (check, "toggled", G_CALLBACK (self_check_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->self_check_box, check);
    }
  gtk_widget_set_visible (self->self_check_title, config (self)->criteria->len > 0);
}

static void
restore_self_check (RubricWritePage *self)
{
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->self_check_box)); c; c = gtk_widget_get_next_sibling (c))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (c),
                                 rubric_annotation_is_self_checked (annotation (self), criterion_of (self, c)->id));
}

/* View state --------------------------------------------------------------- */

static json_object *
view_state (RubricWritePage *self)
{
  json_object *state = json_tokener_parse (annotation (self)->view_state ? annotation (self)->view_state : "{}");

  if (!json_object_is_type (state, json_type_object))
    {
      g_clear_pointer (&state, json_object_put);
      state = json_object_new_object ();
    }
  return state;
}

/* The cursor where it was, at the same height in the view. */
static gboolean
restore_view_cb (gpointer user_data)
{
  RubricWritePage *self = user_data;
  g_autoptr(json_object) state = annotation (self) ? view_state (self) : json_object_new_object ();
  json_object *align = rubric_json_get_typed (state, "cursor_align", json_type_double);

  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self->editor), gtk_text_buffer_get_insert (editor_buffer (self)),
                                0.0, TRUE, 0.0, align ? CLAMP (json_object_get_double (align), 0.0, 1.0) : 0.3);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Where the cursor is and how the view was scrolled, to come back to;
 * never exported. */
static void
collect_view_state (RubricWritePage *self)
{
  g_autoptr(json_object) state = view_state (self);
  GtkTextBuffer *buffer = editor_buffer (self);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->editor_scroller);
  double page = gtk_adjustment_get_page_size (adjustment);
  GdkRectangle location;
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  json_object_object_add (state, "cursor", json_object_new_int (gtk_text_iter_get_offset (&cursor)));
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self->editor), &cursor, &location);
  if (page > 0)
    json_object_object_add (state, "cursor_align",
                            json_object_new_double (CLAMP ((location.y - gtk_adjustment_get_value (adjustment)) / page,
                                                           0.0, 1.0)));
  g_free (annotation (self)->view_state);
  annotation (self)->view_state = g_strdup (json_object_to_json_string_ext (state, JSON_C_TO_STRING_PLAIN));
}

/* Settings ----------------------------------------------------------------- */

static void
update_font (RubricWritePage *self)
{
  double scale = rubric_editing_get_font_scale (self->editing);
  g_autofree char *tooltip = g_strdup_printf (_("Text Size %.0f%% (Ctrl+−, Ctrl++, Ctrl+0)"), scale * 100);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->text_menu_button), tooltip);
}

/* The task's own language first, then the one chosen in Preferences. */
static void
update_spell_language (RubricWritePage *self)
{
  RubricTask *task = rubric_page_get_task (RUBRIC_PAGE (self));
  const char *lang = rubric_json_get_string (rubric_json_get_typed (task->object, "meta", json_type_object), "lang");
  RubricSpellChecker *spell = rubric_editing_get_spell_checker (self->editing);

  if (rubric_editing_set_spell_language (self->editing, lang))
    {
      g_autofree char *label = g_strdup_printf (_("Spelling: %s"), rubric_spell_checker_get_language (spell));

      gtk_label_set_label (self->language_label, label);
    }
  else
    gtk_label_set_label (self->language_label, _("No dictionary for spelling"));
}

/* Actions ------------------------------------------------------------------ */

static void
mode_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  rubric_write_page_set_mode (RUBRIC_WRITE_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RubricWritePage *self = RUBRIC_WRITE_PAGE (widget);
  gboolean show = !gtk_search_bar_get_search_mode (self->search_bar);

  rubric_write_page_set_mode (self, "write");
  rubric_editing_show_find (self->editing, show);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  rubric_editing_zoom (RUBRIC_WRITE_PAGE (widget)->editing, g_str_equal (action_name, "write.zoom-in") ? 1 :
                                                            g_str_equal (action_name, "write.zoom-out") ? -1 : 0);
}

/* On a phone the prompt is above the answer, each as wide as the page. */
static void
rubric_write_page_set_narrow (RubricPage *page,
                              gboolean    narrow)
{
  RubricWritePage *self = RUBRIC_WRITE_PAGE (page);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), narrow ? GTK_ORIENTATION_VERTICAL
                                                                       : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (self->conversation_scroller, narrow ? -1 : 200, narrow ? 120 : -1);
  gtk_widget_set_size_request (self->editor_box, narrow ? -1 : 340, narrow ? 200 : -1);
  gtk_paned_set_position (self->paned, narrow ? 220 : 250);
  /* The buttons keep the line; the spelling language gives way. */
  gtk_widget_set_visible (GTK_WIDGET (self->language_label), !narrow);
}

/* RubricPage ---------------------------------------------------------------- */

static void
rubric_write_page_load (RubricPage *page)
{
  RubricWritePage *self = RUBRIC_WRITE_PAGE (page);
  RubricTask *task = rubric_page_get_task (page);
  RubricAnnotation *a = annotation (self);
  GtkTextBuffer *buffer = editor_buffer (self);
  g_autoptr(json_object) state = view_state (self);
  json_object *cursor_offset = rubric_json_get_typed (state, "cursor", json_type_int);
  const char *text = a->id != 0 ? a->answer : rubric_task_get_draft (task);
  GtkTextIter cursor;

  self->loading = TRUE;
  show_guidelines (self);
  rubric_editing_set_text (self->editing, text);
  gtk_text_buffer_get_iter_at_offset (buffer, &cursor, cursor_offset ? json_object_get_int (cursor_offset) : 0);
  gtk_text_buffer_place_cursor (buffer, &cursor);
  g_idle_add_full (GDK_PRIORITY_REDRAW - 1, restore_view_cb, g_object_ref (self), NULL);

  restore_self_check (self);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_button), rubric_task_get_draft (task) != NULL);
  gtk_toggle_button_set_active (self->write_button, TRUE);
  gtk_stack_set_visible_child_name (self->mode_stack, "write");
  update_spell_language (self);
  rubric_editing_set_word_guidance (self->editing, config (self) ? config (self)->min_answer_words : 0,
                                    config (self) ? config (self)->max_answer_words : 0);
  self->loading = FALSE;
}

static void
rubric_write_page_update_state (RubricPage *page)
{
  RubricWritePage *self = RUBRIC_WRITE_PAGE (page);
  gboolean editable = !rubric_page_get_read_only (page);

  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->editor), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->self_check_box), editable);
}

static void
rubric_write_page_collect (RubricPage *page)
{
  RubricWritePage *self = RUBRIC_WRITE_PAGE (page);

  g_free (annotation (self)->answer);
  annotation (self)->answer = rubric_write_page_dup_answer (self);
  collect_view_state (self);
}

static GPtrArray *
rubric_write_page_check (RubricPage *page)
{
  return rubric_answer_check (rubric_page_get_config (page), rubric_page_get_annotation (page));
}

/* The answer is where a writer's keys go, on opening and on Ctrl+J. */
static gboolean
rubric_write_page_focus_text (RubricPage *page)
{
  RubricWritePage *self = RUBRIC_WRITE_PAGE (page);

  rubric_write_page_set_mode (self, "write");
  return gtk_widget_grab_focus (GTK_WIDGET (self->editor));
}

static void
rubric_write_page_focus_default (RubricPage *page)
{
  rubric_write_page_focus_text (page);
}

/* GObject ------------------------------------------------------------------ */

static void
rubric_write_page_dispose (GObject *object)
{
  RubricWritePage *self = (RubricWritePage *) object;

  g_clear_object (&self->editing);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_WRITE_PAGE);

  G_OBJECT_CLASS (rubric_write_page_parent_class)->dispose (object);
}

static void
rubric_write_page_class_init (RubricWritePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RubricPageClass *page_class = RUBRIC_PAGE_CLASS (klass);

  object_class->dispose = rubric_write_page_dispose;
  page_class->load = rubric_write_page_load;
  page_class->set_narrow = rubric_write_page_set_narrow;
  page_class->update_state = rubric_write_page_update_state;
  page_class->collect = rubric_write_page_collect;
  page_class->check = rubric_write_page_check;
  page_class->focus_text = rubric_write_page_focus_text;
  page_class->focus_default = rubric_write_page_focus_default;

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  g_type_ensure (RUBRIC_TYPE_CONVERSATION);
  g_type_ensure (RUBRIC_TYPE_CHECKS_VIEW);
  g_type_ensure (RUBRIC_TYPE_DECISION_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-write-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, side_panel);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, conversation);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, paned);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, conversation_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, editor_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, write_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, preview_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, changes_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, language_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, text_menu_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, search_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, placeholder);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, editor);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, preview);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, changes);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, checks);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, length_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, guidelines);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, self_check_title);
  gtk_widget_class_bind_template_child (widget_class, RubricWritePage, self_check_box);
  gtk_widget_class_set_css_name (widget_class, "writepage");

  gtk_widget_class_install_action (widget_class, "write.mode", "s", mode_action);
  gtk_widget_class_install_action (widget_class, "write.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "write.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "write.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "write.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "write.mode", "s", "preview");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_D, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "write.mode", "s", "changes");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "write.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "write.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "write.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "write.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "write.zoom-reset", NULL);
}

static void
rubric_write_page_init (RubricWritePage *self)
{
  GtkTextBuffer *changes;

  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_page_set_parts (RUBRIC_PAGE (self), self->conversation, self->decision_bar, self->checks, self->side_panel);
  self->editing = rubric_editing_new (self->editor, self->search_bar, self->search_entry, self->search_label,
                                      self->counts_label, self->length_label);
  g_signal_connect_object (self->editing, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editing, "pasted", G_CALLBACK (pasted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)), "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  buffer_changed_cb (self, gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->editor)));
  g_signal_connect_object (self->editing, "notify::font-scale", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  update_font (self);

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

char *
rubric_write_page_dup_answer (RubricWritePage *self)
{
  g_return_val_if_fail (RUBRIC_IS_WRITE_PAGE (self), NULL);
  return rubric_editing_dup_text (self->editing);
}

/**
 * rubric_write_page_set_mode:
 * @mode: "write", "preview" or "changes"; asking again for the mode
 *   shown goes back to writing
 */
void
rubric_write_page_set_mode (RubricWritePage *self,
                            const char      *mode)
{
  GtkToggleButton *button = self->write_button;

  g_return_if_fail (RUBRIC_IS_WRITE_PAGE (self));

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
rubric_write_page_get_mode (RubricWritePage *self)
{
  g_return_val_if_fail (RUBRIC_IS_WRITE_PAGE (self), NULL);
  return gtk_stack_get_visible_child_name (self->mode_stack);
}

RubricSpellChecker *
rubric_write_page_get_spell_checker (RubricWritePage *self)
{
  g_return_val_if_fail (RUBRIC_IS_WRITE_PAGE (self), NULL);
  return rubric_editing_get_spell_checker (self->editing);
}

GtkTextView *
rubric_write_page_get_editor (RubricWritePage *self)
{
  g_return_val_if_fail (RUBRIC_IS_WRITE_PAGE (self), NULL);
  return GTK_TEXT_VIEW (self->editor);
}

GtkTextView *
rubric_write_page_get_changes (RubricWritePage *self)
{
  g_return_val_if_fail (RUBRIC_IS_WRITE_PAGE (self), NULL);
  return self->changes;
}
