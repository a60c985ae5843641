/* rubric-editing.h — what every markdown editor of a page does alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

#include "rubric-spell-checker.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_EDITING (rubric_editing_get_type ())

G_DECLARE_FINAL_TYPE (RubricEditing, rubric_editing, RUBRIC, EDITING, GObject)

/*
 * A RubricEditing is the behaviour of one editor whose widgets its
 * owner built: spelling, counts against the length guidance, find, and
 * the text size and font of the Preferences. The owner keeps it for as
 * long as the widgets, and drops it first in its dispose.
 *
 * Signals: ::changed when the person changes the text (not on
 * rubric_editing_set_text()); ::pasted (guint n_chars) after a paste
 * added text. Property: "font-scale" (read-only), the text size.
 */

RubricEditing      *rubric_editing_new                (GtkSourceView  *view,
                                                       GtkSearchBar   *search_bar,
                                                       GtkSearchEntry *search_entry,
                                                       GtkLabel       *matches_label,
                                                       GtkLabel       *counts_label,
                                                       GtkLabel       *length_label);
char               *rubric_editing_dup_text           (RubricEditing  *self);
void                rubric_editing_set_text           (RubricEditing  *self,
                                                       const char     *text);
void                rubric_editing_set_word_guidance  (RubricEditing  *self,
                                                       guint           min_words,
                                                       guint           max_words);
gboolean            rubric_editing_set_spell_language (RubricEditing  *self,
                                                       const char     *language);
RubricSpellChecker *rubric_editing_get_spell_checker  (RubricEditing  *self);
double              rubric_editing_get_font_scale     (RubricEditing  *self);
void                rubric_editing_zoom               (RubricEditing  *self,
                                                       int             direction);
void                rubric_editing_show_find          (RubricEditing  *self,
                                                       gboolean        show);

void                rubric_editing_prepare            (GtkSourceView  *view);

G_END_DECLS
