/* rubric-spell-checker.h — spelling for a GtkSourceView, with enchant-2
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_SPELL_CHECKER (rubric_spell_checker_get_type ())

G_DECLARE_FINAL_TYPE (RubricSpellChecker, rubric_spell_checker, RUBRIC, SPELL_CHECKER, GObject)

RubricSpellChecker *rubric_spell_checker_new          (GtkSourceView      *view);
gboolean            rubric_spell_checker_set_language (RubricSpellChecker *self,
                                                       const char         *language);
const char         *rubric_spell_checker_get_language (RubricSpellChecker *self);
void                rubric_spell_checker_set_enabled  (RubricSpellChecker *self,
                                                       gboolean            enabled);
void                rubric_spell_checker_check_now    (RubricSpellChecker *self);
GStrv               rubric_spell_checker_get_misspelled (RubricSpellChecker *self);
GStrv               rubric_spell_checker_suggest      (RubricSpellChecker *self,
                                                       const char         *word);

G_END_DECLS
