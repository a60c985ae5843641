/* rubric-text-editor.h — one markdown text a person writes, with the
 * writing features: spelling, word and character counts with length
 * guidance, a Write/Preview toggle and a find bar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-spell-checker.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_TEXT_EDITOR (rubric_text_editor_get_type ())

G_DECLARE_FINAL_TYPE (RubricTextEditor, rubric_text_editor, RUBRIC, TEXT_EDITOR, GtkWidget)

/*
 * Properties: "title" (above the text, and its accessible name),
 * "subtitle" (a word after the title: "Optional"),
 * "description" (a line under the title on what to write),
 * "min-content-height" (the least height of the text; it grows with
 * what is written up to "max-content-height", then scrolls).
 *
 * Signals: ::changed when the person changes the text (not on
 * rubric_text_editor_set_text()); ::pasted (guint n_chars) after a
 * paste added text.
 *
 * Keys, while the focus is in the editor: Ctrl+Shift+P preview,
 * Ctrl+F find, Ctrl+plus, Ctrl+minus, Ctrl+0 text size (the
 * "editor-font-scale" setting every editor shares).
 */

GtkWidget          *rubric_text_editor_new                (const char       *title);
void                rubric_text_editor_set_title          (RubricTextEditor *self,
                                                           const char       *title);
const char         *rubric_text_editor_get_title          (RubricTextEditor *self);
char               *rubric_text_editor_dup_text           (RubricTextEditor *self);
void                rubric_text_editor_set_text           (RubricTextEditor *self,
                                                           const char       *text);
gboolean            rubric_text_editor_is_empty           (RubricTextEditor *self);
void                rubric_text_editor_set_editable       (RubricTextEditor *self,
                                                           gboolean          editable);
void                rubric_text_editor_set_word_guidance  (RubricTextEditor *self,
                                                           guint             min_words,
                                                           guint             max_words);
void                rubric_text_editor_set_spell_language (RubricTextEditor *self,
                                                           const char       *language);
void                rubric_text_editor_set_mode           (RubricTextEditor *self,
                                                           const char       *mode);
const char         *rubric_text_editor_get_mode           (RubricTextEditor *self);
void                rubric_text_editor_toggle_find        (RubricTextEditor *self);
gboolean            rubric_text_editor_focus              (RubricTextEditor *self);
int                 rubric_text_editor_get_cursor         (RubricTextEditor *self);
void                rubric_text_editor_set_cursor         (RubricTextEditor *self,
                                                           int               offset);
GtkTextView        *rubric_text_editor_get_view           (RubricTextEditor *self);
RubricSpellChecker *rubric_text_editor_get_spell_checker  (RubricTextEditor *self);

G_END_DECLS
