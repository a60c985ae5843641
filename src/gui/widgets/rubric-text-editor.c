/* rubric-text-editor.c
 *
 * One markdown text a person writes: a GtkSourceView with spelling,
 * its words and characters counted against the set's guidance, a
 * preview drawn as replies are drawn, and a find bar. A page may hold
 * several (an author task's system message, prompts and answers); each
 * says when the person changed it, and the page saves.
 *
 * The editor grows with its text up to its max-content-height, then
 * scrolls, so that several fit one above the other in a scrolled page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-text-editor"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rubric-editing.h"
#include "rubric-judgement.h"
#include "rubric-markdown-view.h"
#include "rubric-text-editor.h"

struct _RubricTextEditor
{
  GtkWidget               parent_instance;

  GtkLabel               *title_label;
  GtkLabel               *subtitle_label;
  GtkLabel               *description_label;
  GtkToggleButton        *preview_button;
  GtkWidget              *find_button;
  GtkSearchBar           *search_bar;
  GtkSearchEntry         *search_entry;
  GtkLabel               *search_label;
  GtkStack               *mode_stack;
  GtkScrolledWindow      *editor_scroller;
  GtkScrolledWindow      *preview_scroller;
  GtkSourceView          *view;
  RubricMarkdownView     *preview;
  GtkLabel               *counts_label;
  GtkLabel               *length_label;

  char                   *title;
  RubricEditing          *editing;
};

G_DEFINE_FINAL_TYPE (RubricTextEditor, rubric_text_editor, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_DESCRIPTION,
  PROP_MIN_CONTENT_HEIGHT,
  PROP_MAX_CONTENT_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  CHANGED,
  PASTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GtkTextBuffer *
buffer_of (RubricTextEditor *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

/* Editing ------------------------------------------------------------------ */

static void
changed_cb (RubricTextEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
pasted_cb (RubricTextEditor *self,
           guint             n_chars)
{
  g_signal_emit (self, signals[PASTED], 0, n_chars);
}

static void
mode_toggled_cb (RubricTextEditor *self)
{
  gboolean preview = gtk_toggle_button_get_active (self->preview_button);

  if (preview)
    {
      g_autofree char *text = rubric_text_editor_dup_text (self);

      rubric_markdown_view_set_text (self->preview, text);
      gtk_search_bar_set_search_mode (self->search_bar, FALSE);
      /* The keyboard stays in the editor, so that the key comes back. */
      if (gtk_widget_has_focus (GTK_WIDGET (self->view)))
        gtk_widget_grab_focus (GTK_WIDGET (self->preview));
    }
  gtk_stack_set_visible_child_name (self->mode_stack, preview ? "preview" : "write");
  if (!preview)
    gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* Actions ------------------------------------------------------------------ */

static void
mode_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  rubric_text_editor_set_mode (RUBRIC_TEXT_EDITOR (widget), g_variant_get_string (param, NULL));
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  rubric_text_editor_toggle_find (RUBRIC_TEXT_EDITOR (widget));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RubricTextEditor *self = RUBRIC_TEXT_EDITOR (widget);

  rubric_editing_zoom (self->editing, g_str_equal (action_name, "editor.zoom-in") ? 1 :
                                       g_str_equal (action_name, "editor.zoom-out") ? -1 : 0);
}

/* GObject ------------------------------------------------------------------ */

static gboolean
rubric_text_editor_grab_focus (GtkWidget *widget)
{
  return rubric_text_editor_focus (RUBRIC_TEXT_EDITOR (widget));
}

/* Tab goes through the editor's parts in order (Preview, Find, the
 * text) and on out of it. GTK's own way would give the focus to the
 * editor itself on Shift+Tab from its first part, and the editor's
 * focus is its text: Shift+Tab from Preview went back into the text. */
static gboolean
rubric_text_editor_focus_vfunc (GtkWidget        *widget,
                                GtkDirectionType  direction)
{
  gboolean backward = direction == GTK_DIR_TAB_BACKWARD || direction == GTK_DIR_UP || direction == GTK_DIR_LEFT;
  GtkWidget *child = gtk_widget_get_focus_child (widget);

  if (child != NULL)
    {
      if (gtk_widget_child_focus (child, direction))
        return TRUE;
      child = backward ? gtk_widget_get_prev_sibling (child) : gtk_widget_get_next_sibling (child);
    }
  else
    child = backward ? gtk_widget_get_last_child (widget) : gtk_widget_get_first_child (widget);

  for (; child != NULL; child = backward ? gtk_widget_get_prev_sibling (child) : gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_child_focus (child, direction))
        return TRUE;
    }
  return FALSE;
}

static void
set_description (RubricTextEditor *self,
                 const char       *description)
{
  gtk_label_set_label (self->description_label, description);
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), description != NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description ? description : "", -1);
}

static void
rubric_text_editor_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RubricTextEditor *self = RUBRIC_TEXT_EDITOR (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, gtk_label_get_label (self->subtitle_label));
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, gtk_label_get_label (self->description_label));
      break;
    case PROP_MIN_CONTENT_HEIGHT:
      g_value_set_int (value, gtk_scrolled_window_get_min_content_height (self->editor_scroller));
      break;
    case PROP_MAX_CONTENT_HEIGHT:
      g_value_set_int (value, gtk_scrolled_window_get_max_content_height (self->editor_scroller));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_text_editor_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RubricTextEditor *self = RUBRIC_TEXT_EDITOR (object);
  int height;

  switch (prop_id)
    {
    case PROP_TITLE:
      rubric_text_editor_set_title (self, g_value_get_string (value));
      break;
    case PROP_SUBTITLE:
      gtk_label_set_label (self->subtitle_label, g_value_get_string (value));
      gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), g_value_get_string (value) != NULL);
      break;
    case PROP_DESCRIPTION:
      set_description (self, g_value_get_string (value));
      break;
    case PROP_MIN_CONTENT_HEIGHT:
      height = g_value_get_int (value);
      /* The maximum first where it would be below the new minimum. */
      if (gtk_scrolled_window_get_max_content_height (self->editor_scroller) < height)
        {
          gtk_scrolled_window_set_max_content_height (self->editor_scroller, height);
          gtk_scrolled_window_set_max_content_height (self->preview_scroller, height);
        }
      gtk_scrolled_window_set_min_content_height (self->editor_scroller, height);
      gtk_scrolled_window_set_min_content_height (self->preview_scroller, height);
      break;
    case PROP_MAX_CONTENT_HEIGHT:
      height = MAX (g_value_get_int (value), gtk_scrolled_window_get_min_content_height (self->editor_scroller));
      gtk_scrolled_window_set_max_content_height (self->editor_scroller, height);
      gtk_scrolled_window_set_max_content_height (self->preview_scroller, height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_text_editor_dispose (GObject *object)
{
  RubricTextEditor *self = RUBRIC_TEXT_EDITOR (object);
  GtkWidget *child;

  g_clear_object (&self->editing);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_TEXT_EDITOR);
  /* The template's unnamed rows are children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rubric_text_editor_parent_class)->dispose (object);
}

static void
rubric_text_editor_finalize (GObject *object)
{
  RubricTextEditor *self = RUBRIC_TEXT_EDITOR (object);

  g_free (self->title);

  G_OBJECT_CLASS (rubric_text_editor_parent_class)->finalize (object);
}

static void
rubric_text_editor_class_init (RubricTextEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_text_editor_dispose;
  object_class->finalize = rubric_text_editor_finalize;
  object_class->get_property = rubric_text_editor_get_property;
  object_class->set_property = rubric_text_editor_set_property;
  widget_class->grab_focus = rubric_text_editor_grab_focus;
  widget_class->focus = rubric_text_editor_focus_vfunc;

  /**
   * RubricTextEditor:title:
   *
   * What the text is, above it: "Prompt", "Ideal Answer"…; also what a
   * screen reader calls the text.
   */
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * RubricTextEditor:subtitle:
   *
   * A word after the title, smaller: "Optional".
   */
  properties[PROP_SUBTITLE] = g_param_spec_string ("subtitle", NULL, NULL, NULL,
                                                   G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RubricTextEditor:description:
   *
   * A line under the title on what to write ("What you tried, and how
   * the model answered."); also the text's accessible description.
   */
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL,
                                                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RubricTextEditor:min-content-height:
   *
   * The least height of the text, in pixels.
   */
  properties[PROP_MIN_CONTENT_HEIGHT] = g_param_spec_int ("min-content-height", NULL, NULL, -1, G_MAXINT, 100,
                                                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /**
   * RubricTextEditor:max-content-height:
   *
   * The height up to which the editor grows with its text; beyond it
   * the text scrolls.
   */
  properties[PROP_MAX_CONTENT_HEIGHT] = g_param_spec_int ("max-content-height", NULL, NULL, -1, G_MAXINT, 420,
                                                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RubricTextEditor::changed:
   *
   * The person changed the text.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * RubricTextEditor::pasted:
   * @n_chars: how many characters the paste added
   */
  signals[PASTED] = g_signal_new ("pasted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-text-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, title_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, description_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, preview_button);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, find_button);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, search_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, search_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, mode_stack);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, editor_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, preview_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, view);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, preview);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, counts_label);
  gtk_widget_class_bind_template_child (widget_class, RubricTextEditor, length_label);
  gtk_widget_class_set_css_name (widget_class, "texteditor");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);

  gtk_widget_class_install_action (widget_class, "editor.mode", "s", mode_action);
  gtk_widget_class_install_action (widget_class, "editor.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "editor.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "editor.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "editor.zoom-reset", NULL, zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_P, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "editor.mode", "s", "preview");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "editor.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "editor.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "editor.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "editor.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "editor.zoom-reset", NULL);
}

static void
rubric_text_editor_init (RubricTextEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->editing = rubric_editing_new (self->view, self->search_bar, self->search_entry, self->search_label,
                                      self->counts_label, self->length_label);
  g_signal_connect_object (self->editing, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editing, "pasted", G_CALLBACK (pasted_cb), self, G_CONNECT_SWAPPED);
  rubric_editing_set_spell_language (self->editing, NULL);
  g_signal_connect_object (self->preview_button, "toggled", G_CALLBACK (mode_toggled_cb), self, G_CONNECT_SWAPPED);
}

/* Public -------------------------------------------------------------------- */

/**
 * rubric_text_editor_new:
 * @title: (nullable): what the text is, above it
 */
GtkWidget *
rubric_text_editor_new (const char *title)
{
  return g_object_new (RUBRIC_TYPE_TEXT_EDITOR, "title", title, NULL);
}

void
rubric_text_editor_set_title (RubricTextEditor *self,
                              const char       *title)
{
  g_return_if_fail (RUBRIC_IS_TEXT_EDITOR (self));

  if (g_strcmp0 (title, self->title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  gtk_label_set_label (self->title_label, title ? title : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view), GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "", -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title ? title : "", -1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
rubric_text_editor_get_title (RubricTextEditor *self)
{
  g_return_val_if_fail (RUBRIC_IS_TEXT_EDITOR (self), NULL);
  return self->title;
}

/**
 * rubric_text_editor_dup_text:
 *
 * Returns: (transfer full): the text, as written
 */
char *
rubric_text_editor_dup_text (RubricTextEditor *self)
{
  g_return_val_if_fail (RUBRIC_IS_TEXT_EDITOR (self), NULL);
  return rubric_editing_dup_text (self->editing);
}

gboolean
rubric_text_editor_is_empty (RubricTextEditor *self)
{
  g_return_val_if_fail (RUBRIC_IS_TEXT_EDITOR (self), TRUE);
  return gtk_text_buffer_get_char_count (buffer_of (self)) == 0;
}

/**
 * rubric_text_editor_set_text:
 * @text: (nullable): the text; %NULL for none
 *
 * Shows @text to be edited, in Write mode with the find bar closed and
 * the cursor at the start; this is no change of the person's, nor one
 * that Undo takes back, and ::changed is not emitted.
 */
void
rubric_text_editor_set_text (RubricTextEditor *self,
                             const char       *text)
{
  g_return_if_fail (RUBRIC_IS_TEXT_EDITOR (self));

  rubric_editing_set_text (self->editing, text);
  gtk_toggle_button_set_active (self->preview_button, FALSE);
  gtk_stack_set_visible_child_name (self->mode_stack, "write");
}

/* A submitted text is read, not changed: the find bar and the preview
 * stay. */
void
rubric_text_editor_set_editable (RubricTextEditor *self,
                                 gboolean          editable)
{
  g_return_if_fail (RUBRIC_IS_TEXT_EDITOR (self));
  gtk_text_view_set_editable (GTK_TEXT_VIEW (self->view), editable);
}

/**
 * rubric_text_editor_set_word_guidance:
 * @min_words: the least words the set asks for; 0 for no least
 * @max_words: the most; 0 for no most
 *
 * The length guidance shown beside the counts.
 */
void
rubric_text_editor_set_word_guidance (RubricTextEditor *self,
                                      guint             min_words,
                                      guint             max_words)
{
  g_return_if_fail (RUBRIC_IS_TEXT_EDITOR (self));
  rubric_editing_set_word_guidance (self->editing, min_words, max_words);
}

/**
 * rubric_text_editor_set_spell_language:
 * @language: (nullable): a language tag ("en_GB", "de"); %NULL for
 *   the one chosen in Preferences
 */
void
rubric_text_editor_set_spell_language (RubricTextEditor *self,
                                       const char       *language)
{
  g_return_if_fail (RUBRIC_IS_TEXT_EDITOR (self));
  rubric_editing_set_spell_language (self->editing, language);
}

/**
 * rubric_text_editor_set_mode:
 * @mode: "write" or "preview"; asking again for the mode shown goes
 *   back to writing
 */
void
rubric_text_editor_set_mode (RubricTextEditor *self,
                             const char       *mode)
{
  gboolean preview;

  g_return_if_fail (RUBRIC_IS_TEXT_EDITOR (self));

  preview = g_strcmp0 (mode, "preview") == 0 && !gtk_toggle_button_get_active (self->preview_button);
  gtk_toggle_button_set_active (self->preview_button, preview);
}

const char *
rubric_text_editor_get_mode (RubricTextEditor *self)
{
  g_return_val_if_fail (RUBRIC_IS_TEXT_EDITOR (self), NULL);
  return gtk_stack_get_visible_child_name (self->mode_stack);
}

/* Opens the find bar over the text, in Write mode, or closes it. */
void
rubric_text_editor_toggle_find (RubricTextEditor *self)
{
  gboolean show;

  g_return_if_fail (RUBRIC_IS_TEXT_EDITOR (self));

  show = !gtk_search_bar_get_search_mode (self->search_bar);
  gtk_toggle_button_set_active (self->preview_button, FALSE);
  rubric_editing_show_find (self->editing, show);
}

/* Puts the keyboard in the text, in Write mode. */
gboolean
rubric_text_editor_focus (RubricTextEditor *self)
{
  g_return_val_if_fail (RUBRIC_IS_TEXT_EDITOR (self), FALSE);

  gtk_toggle_button_set_active (self->preview_button, FALSE);
  return gtk_widget_grab_focus (GTK_WIDGET (self->view));
}

/* The cursor, in characters from the start. */
int
rubric_text_editor_get_cursor (RubricTextEditor *self)
{
  GtkTextIter cursor;

  g_return_val_if_fail (RUBRIC_IS_TEXT_EDITOR (self), 0);
  gtk_text_buffer_get_iter_at_mark (buffer_of (self), &cursor, gtk_text_buffer_get_insert (buffer_of (self)));
  return gtk_text_iter_get_offset (&cursor);
}

void
rubric_text_editor_set_cursor (RubricTextEditor *self,
                               int               offset)
{
  GtkTextIter cursor;

  g_return_if_fail (RUBRIC_IS_TEXT_EDITOR (self));
  gtk_text_buffer_get_iter_at_offset (buffer_of (self), &cursor, offset);
  gtk_text_buffer_place_cursor (buffer_of (self), &cursor);
}

/**
 * rubric_text_editor_get_view:
 *
 * Returns: (transfer none): the text view written in
 */
GtkTextView *
rubric_text_editor_get_view (RubricTextEditor *self)
{
  g_return_val_if_fail (RUBRIC_IS_TEXT_EDITOR (self), NULL);
  return GTK_TEXT_VIEW (self->view);
}

/**
 * rubric_text_editor_get_spell_checker:
 *
 * Returns: (transfer none): the editor's spelling
 */
RubricSpellChecker *
rubric_text_editor_get_spell_checker (RubricTextEditor *self)
{
  g_return_val_if_fail (RUBRIC_IS_TEXT_EDITOR (self), NULL);
  return rubric_editing_get_spell_checker (self->editing);
}
