/* rubric-editing.c
 *
 * The parts of a markdown editor that the write page's answer editor
 * and RubricTextEditor (the author and red-team pages' editors) share:
 * spelling, counts and length guidance, find, the text size and font
 * the Preferences set, paste counting, and the colours of the style.
 * Each page lays out its own widgets; a RubricEditing gives them this
 * behaviour.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-editing"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rubric-editing.h"
#include "rubric-judgement.h"

#define SCHEMA_ID "io.github.rubricapp.Rubric"

struct _RubricEditing
{
  GObject                 parent_instance;

  GtkSourceView          *view;
  GtkSearchBar           *search_bar;
  GtkSearchEntry         *search_entry;
  GtkLabel               *matches_label;
  GtkLabel               *counts_label;
  GtkLabel               *length_label;

  GSettings              *settings;
  RubricSpellChecker     *spell;
  GtkSourceSearchContext *search;
  GtkCssProvider         *font_css;
  double                  font_scale;
  guint                   counts_idle;
  guint                   min_words;
  guint                   max_words;
  int                     chars_before_paste;
  gboolean                setting;      /* the text is being set, not changed */
  gboolean                preferred_language; /* spelled in the Preferences' language */
};

G_DEFINE_FINAL_TYPE (RubricEditing, rubric_editing, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FONT_SCALE,
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
buffer_of (RubricEditing *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
}

/* Counts and guidance ------------------------------------------------------ */

/* Shows the words and characters of @text, and where they stand
 * against the guidance (0: none): as a warning when outside it, except
 * for an empty text that is short. */
static void
show_counts (GtkLabel   *counts_label,
             GtkLabel   *length_label,
             const char *text,
             guint       chars,
             guint       min_words,
             guint       max_words)
{
  guint words = rubric_count_words (text);
  guint min = min_words, max = max_words;
  g_autofree char *word_count = g_strdup_printf (ngettext ("%u word", "%u words", words), words);
  g_autofree char *char_count = g_strdup_printf (ngettext ("%u character", "%u characters", chars), chars);
  /* TRANSLATORS: "12 words · 80 characters" */
  g_autofree char *counts = g_strdup_printf (_("%s · %s"), word_count, char_count);
  g_autofree char *guidance = NULL;
  gboolean warn = FALSE;

  gtk_label_set_label (counts_label, counts);
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
  gtk_label_set_label (length_label, guidance ? guidance : "");
  gtk_widget_set_visible (GTK_WIDGET (length_label), guidance != NULL);
  if (warn)
    gtk_widget_add_css_class (GTK_WIDGET (length_label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (length_label), "warning");
}

static gboolean
update_counts_cb (gpointer user_data)
{
  RubricEditing *self = user_data;
  g_autofree char *text = rubric_editing_dup_text (self);

  self->counts_idle = 0;
  show_counts (self->counts_label, self->length_label, text, gtk_text_buffer_get_char_count (buffer_of (self)),
               self->min_words, self->max_words);
  return G_SOURCE_REMOVE;
}

static void
queue_counts (RubricEditing *self)
{
  /* Before the next frame: while the cursor blinks GTK draws frame
   * after frame, and on a slow renderer a default idle waited for the
   * blinking to stop, ten seconds after the last key. */
  if (self->counts_idle == 0)
    self->counts_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, update_counts_cb, self, NULL);
}

/* Editing ------------------------------------------------------------------ */

static void
buffer_changed_cb (RubricEditing *self)
{
  queue_counts (self);
  if (!self->setting)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
paste_clipboard_cb (RubricEditing *self)
{
  self->chars_before_paste = gtk_text_buffer_get_char_count (buffer_of (self));
}

/* Pasted text is counted: a lead may want to know what was typed. */
static void
paste_done_cb (RubricEditing *self)
{
  int added = gtk_text_buffer_get_char_count (buffer_of (self)) - self->chars_before_paste;

  if (added > 0 && self->chars_before_paste >= 0)
    g_signal_emit (self, signals[PASTED], 0, (guint) added);
  self->chars_before_paste = -1;
}

/* Find --------------------------------------------------------------------- */

static void
select_match (GtkSourceSearchContext *search,
              GtkTextView            *view,
              const GtkTextIter      *from)
{
  GtkTextIter match_start, match_end;
  gboolean wrapped;

  if (gtk_source_search_context_forward (search, from, &match_start, &match_end, &wrapped))
    {
      gtk_text_buffer_select_range (gtk_text_view_get_buffer (view), &match_start, &match_end);
      gtk_text_view_scroll_to_iter (view, &match_start, 0.1, FALSE, 0, 0);
    }
}

/* Finds what the entry holds, from the cursor on, and shows how many
 * matches there are. */
static void
search_changed_cb (RubricEditing *self)
{
  GtkSourceSearchContext *search = self->search;
  GtkTextView *view = GTK_TEXT_VIEW (self->view);
  GtkEditable *entry = GTK_EDITABLE (self->search_entry);
  GtkLabel *matches = self->matches_label;
  GtkSourceSearchSettings *settings = gtk_source_search_context_get_settings (search);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autofree char *text = NULL;
  GtkTextIter start;
  int n;

  gtk_source_search_settings_set_search_text (settings, gtk_editable_get_text (entry));
  gtk_text_buffer_get_iter_at_mark (buffer, &start, gtk_text_buffer_get_insert (buffer));
  select_match (search, view, &start);

  n = gtk_source_search_context_get_occurrences_count (search);
  if (n < 0 || *gtk_editable_get_text (entry) == '\0')
    text = g_strdup ("");
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d match", "%d matches", n), n);
  gtk_label_set_label (matches, text);
}

/* The next match after the selection. */
static void
search_next_cb (RubricEditing *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_selection_bounds (buffer_of (self), &start, &end);
  select_match (self->search, GTK_TEXT_VIEW (self->view), &end);
}

/* Escape in the find bar goes back to the text. */
static void
search_stopped_cb (RubricEditing *self)
{
  rubric_editing_show_find (self, FALSE);
}

/* Settings ----------------------------------------------------------------- */

/* The text size and font of the Preferences, for the editor (class
 * "answer-editor"). */
static void
update_font (RubricEditing *self)
{
  double scale = CLAMP (g_settings_get_double (self->settings, "editor-font-scale"), 0.5, 3.0);
  gboolean monospace = g_settings_get_boolean (self->settings, "editor-monospace");
  g_autofree char *rule = g_strdup_printf ("textview.answer-editor { font-size: %.0f%%; %s }",
                                           scale * 100, monospace ? "font-family: monospace;" : "");

  gtk_css_provider_load_from_data (self->font_css, rule, -1);
  if (scale != self->font_scale)
    {
      self->font_scale = scale;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
    }
}

static void
update_spell_check (RubricEditing *self)
{
  rubric_spell_checker_set_enabled (self->spell, g_settings_get_boolean (self->settings, "spell-check"));
}

/* A text spelled in the language chosen in Preferences follows it as it
 * is changed there; one in its task's own language keeps that. */
static void
preferred_language_changed_cb (RubricEditing *self)
{
  if (self->preferred_language)
    rubric_editing_set_spell_language (self, NULL);
}

/* GObject ------------------------------------------------------------------ */

static void
rubric_editing_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RubricEditing *self = RUBRIC_EDITING (object);

  switch (prop_id)
    {
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_editing_dispose (GObject *object)
{
  RubricEditing *self = RUBRIC_EDITING (object);

  g_clear_handle_id (&self->counts_idle, g_source_remove);
  g_clear_object (&self->spell);
  g_clear_object (&self->search);
  if (self->font_css != NULL && self->view != NULL)
    gtk_style_context_remove_provider (gtk_widget_get_style_context (GTK_WIDGET (self->view)),
                                       GTK_STYLE_PROVIDER (self->font_css));
  g_clear_object (&self->font_css);
  g_clear_object (&self->settings);
  g_clear_object (&self->view);

  G_OBJECT_CLASS (rubric_editing_parent_class)->dispose (object);
}

static void
rubric_editing_class_init (RubricEditingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rubric_editing_dispose;
  object_class->get_property = rubric_editing_get_property;

  /**
   * RubricEditing:font-scale:
   *
   * The text size of the editors, 1.0 for the default.
   */
  properties[PROP_FONT_SCALE] = g_param_spec_double ("font-scale", NULL, NULL, 0.5, 3.0, 1.0,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RubricEditing::changed:
   *
   * The person changed the text.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * RubricEditing::pasted:
   * @n_chars: how many characters the paste added
   */
  signals[PASTED] = g_signal_new ("pasted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
rubric_editing_init (RubricEditing *self)
{
  self->chars_before_paste = -1;
  self->font_scale = 1.0;
}

/* Public -------------------------------------------------------------------- */

/**
 * rubric_editing_new:
 * @view: the text written in
 * @search_bar: the find bar over it, holding @search_entry
 * @matches_label: where the find bar says how many matches there are
 * @counts_label: where the words and characters are counted
 * @length_label: where they are set against the guidance
 *
 * Returns: (transfer full): the behaviour of the editor these make up
 */
RubricEditing *
rubric_editing_new (GtkSourceView  *view,
                    GtkSearchBar   *search_bar,
                    GtkSearchEntry *search_entry,
                    GtkLabel       *matches_label,
                    GtkLabel       *counts_label,
                    GtkLabel       *length_label)
{
  RubricEditing *self;
  GtkTextBuffer *buffer;

  g_return_val_if_fail (GTK_SOURCE_IS_VIEW (view), NULL);

  self = g_object_new (RUBRIC_TYPE_EDITING, NULL);
  self->view = g_object_ref (view);
  self->search_bar = search_bar;
  self->search_entry = search_entry;
  self->matches_label = matches_label;
  self->counts_label = counts_label;
  self->length_label = length_label;

  buffer = buffer_of (self);
  rubric_editing_prepare (view);
  g_signal_connect_object (buffer, "changed", G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (buffer, "paste-done", G_CALLBACK (paste_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "paste-clipboard", G_CALLBACK (paste_clipboard_cb), self, G_CONNECT_SWAPPED);

  self->settings = g_settings_new (SCHEMA_ID);
  self->font_css = gtk_css_provider_new ();
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (view)),
                                  GTK_STYLE_PROVIDER (self->font_css), GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_signal_connect_object (self->settings, "changed::editor-font-scale", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::editor-monospace", G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
  update_font (self);

  self->spell = rubric_spell_checker_new (view);
  g_signal_connect_object (self->settings, "changed::spell-check", G_CALLBACK (update_spell_check), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::spell-language", G_CALLBACK (preferred_language_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_spell_check (self);

  self->search = gtk_source_search_context_new (GTK_SOURCE_BUFFER (buffer), NULL);
  gtk_source_search_settings_set_wrap_around (gtk_source_search_context_get_settings (self->search), TRUE);
  gtk_search_bar_connect_entry (search_bar, GTK_EDITABLE (search_entry));
  g_signal_connect_object (search_entry, "search-changed", G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (search_entry, "activate", G_CALLBACK (search_next_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (search_entry, "next-match", G_CALLBACK (search_next_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (search_entry, "stop-search", G_CALLBACK (search_stopped_cb), self, G_CONNECT_SWAPPED);

  queue_counts (self);
  return self;
}

/**
 * rubric_editing_dup_text:
 *
 * Returns: (transfer full): the text, as written
 */
char *
rubric_editing_dup_text (RubricEditing *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (RUBRIC_IS_EDITING (self), NULL);
  gtk_text_buffer_get_bounds (buffer_of (self), &start, &end);
  return gtk_text_buffer_get_text (buffer_of (self), &start, &end, TRUE);
}

/**
 * rubric_editing_set_text:
 * @text: (nullable): the text; %NULL for none
 *
 * Shows @text to be edited with the cursor at the start and the find
 * bar closed; this is no change of the person's, nor one that Undo
 * takes back, and ::changed is not emitted.
 */
void
rubric_editing_set_text (RubricEditing *self,
                         const char    *text)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;

  g_return_if_fail (RUBRIC_IS_EDITING (self));

  buffer = buffer_of (self);
  self->setting = TRUE;
  gtk_text_buffer_begin_irreversible_action (buffer);
  gtk_text_buffer_set_text (buffer, text ? text : "", -1);
  gtk_text_buffer_end_irreversible_action (buffer);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  self->setting = FALSE;
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  queue_counts (self);
}

/**
 * rubric_editing_set_word_guidance:
 * @min_words: the least words the set asks for; 0 for no least
 * @max_words: the most; 0 for no most
 *
 * The length guidance shown beside the counts.
 */
void
rubric_editing_set_word_guidance (RubricEditing *self,
                                  guint          min_words,
                                  guint          max_words)
{
  g_return_if_fail (RUBRIC_IS_EDITING (self));
  self->min_words = min_words;
  self->max_words = max_words;
  queue_counts (self);
}

/**
 * rubric_editing_set_spell_language:
 * @language: (nullable): a language tag ("en_GB", "de"); %NULL for
 *   the one chosen in Preferences
 *
 * Returns: whether there is a dictionary for it
 */
gboolean
rubric_editing_set_spell_language (RubricEditing *self,
                                   const char    *language)
{
  g_autofree char *preferred = NULL;

  g_return_val_if_fail (RUBRIC_IS_EDITING (self), FALSE);
  self->preferred_language = language == NULL;
  if (language == NULL)
    language = preferred = g_settings_get_string (self->settings, "spell-language");
  if (rubric_spell_checker_set_language (self->spell, language))
    return TRUE;
  g_debug ("no dictionary for %s", language);
  return FALSE;
}

/**
 * rubric_editing_get_spell_checker:
 *
 * Returns: (transfer none): the editor's spelling
 */
RubricSpellChecker *
rubric_editing_get_spell_checker (RubricEditing *self)
{
  g_return_val_if_fail (RUBRIC_IS_EDITING (self), NULL);
  return self->spell;
}

double
rubric_editing_get_font_scale (RubricEditing *self)
{
  g_return_val_if_fail (RUBRIC_IS_EDITING (self), 1.0);
  return self->font_scale;
}

/**
 * rubric_editing_zoom:
 * @direction: 1 larger, -1 smaller, 0 the default size
 *
 * Steps the text size of every editor, as a browser zooms.
 */
void
rubric_editing_zoom (RubricEditing *self,
                     int            direction)
{
  double scale;

  g_return_if_fail (RUBRIC_IS_EDITING (self));

  scale = g_settings_get_double (self->settings, "editor-font-scale");
  if (direction == 0)
    scale = 1.0;
  else
    scale = direction > 0 ? scale * 1.1 : scale / 1.1;
  g_settings_set_double (self->settings, "editor-font-scale", CLAMP (scale, 0.5, 3.0));
}

/* Opens the find bar, with the keyboard in it, or closes it and puts
 * the keyboard back in the text. */
void
rubric_editing_show_find (RubricEditing *self,
                          gboolean       show)
{
  g_return_if_fail (RUBRIC_IS_EDITING (self));

  gtk_search_bar_set_search_mode (self->search_bar, show);
  gtk_widget_grab_focus (show ? GTK_WIDGET (self->search_entry) : GTK_WIDGET (self->view));
}

/* Style --------------------------------------------------------------------- */

/* The source colours of the light or dark style the app is in. */
static void
follow_style (GtkTextView *view)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (view)),
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

/**
 * rubric_editing_prepare:
 *
 * Makes @view an editor of markdown: its highlighting, no bracket
 * matching (prose is full of brackets), and the colours of the light or
 * dark style, following the style as it changes.
 */
void
rubric_editing_prepare (GtkSourceView *view)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));

  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "markdown"));
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  follow_style (GTK_TEXT_VIEW (view));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (follow_style),
                           view, G_CONNECT_SWAPPED);
}

