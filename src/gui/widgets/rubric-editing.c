/* rubric-editing.c
 *
 * The parts of a markdown editor that the write page's answer editor
 * and RubricTextEditor (the author and red-team pages' editors) share:
 * counts and length guidance, find, the text size and font the
 * Preferences set, and the colours of the style.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-editing"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rubric-editing.h"
#include "rubric-judgement.h"

/**
 * rubric_editing_show_counts:
 * @min_words: the guidance's least number of words; 0 for none
 * @max_words: its most; 0 for none
 *
 * Shows the words and characters of @text, and where they stand
 * against the guidance (as a warning when outside it, except for an
 * empty text that is short).
 */
void
rubric_editing_show_counts (GtkLabel   *counts_label,
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

/**
 * rubric_editing_search_changed:
 * @matches: where the number of matches is shown
 *
 * Finds what @entry holds, from the cursor on.
 */
void
rubric_editing_search_changed (GtkSourceSearchContext *search,
                               GtkTextView            *view,
                               GtkEditable            *entry,
                               GtkLabel               *matches)
{
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
void
rubric_editing_search_next (GtkSourceSearchContext *search,
                            GtkTextView            *view)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_selection_bounds (gtk_text_view_get_buffer (view), &start, &end);
  select_match (search, view, &end);
}

/**
 * rubric_editing_load_font:
 *
 * Loads the text size and font of the Preferences into @css, for the
 * editors (class "answer-editor").
 *
 * Returns: the text size, 1.0 for the default
 */
double
rubric_editing_load_font (GtkCssProvider *css,
                          GSettings      *settings)
{
  double scale = CLAMP (g_settings_get_double (settings, "editor-font-scale"), 0.5, 3.0);
  gboolean monospace = g_settings_get_boolean (settings, "editor-monospace");
  g_autofree char *rule = g_strdup_printf ("textview.answer-editor { font-size: %.0f%%; %s }",
                                           scale * 100, monospace ? "font-family: monospace;" : "");

  gtk_css_provider_load_from_data (css, rule, -1);
  return scale;
}

/* The source colours of the light or dark style the app is in. */
void
rubric_editing_follow_style (GtkTextView *view)
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
  rubric_editing_follow_style (GTK_TEXT_VIEW (view));
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark", G_CALLBACK (rubric_editing_follow_style),
                           view, G_CONNECT_SWAPPED);
}

/**
 * rubric_editing_zoom:
 * @direction: 1 larger, -1 smaller, 0 the default size
 *
 * Steps the editors' text size, as a browser zooms.
 */
void
rubric_editing_zoom (GSettings *settings,
                     int        direction)
{
  double scale = g_settings_get_double (settings, "editor-font-scale");

  if (direction == 0)
    scale = 1.0;
  else
    scale = direction > 0 ? scale * 1.1 : scale / 1.1;
  g_settings_set_double (settings, "editor-font-scale", CLAMP (scale, 0.5, 3.0));
}
