/* rubric-write-page.h — the page of a task whose answer is written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-page.h"
#include "rubric-spell-checker.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_WRITE_PAGE (rubric_write_page_get_type ())

G_DECLARE_FINAL_TYPE (RubricWritePage, rubric_write_page, RUBRIC, WRITE_PAGE, RubricPage)

char               *rubric_write_page_dup_answer        (RubricWritePage *self);
void                rubric_write_page_set_mode          (RubricWritePage *self,
                                                         const char      *mode);
const char         *rubric_write_page_get_mode          (RubricWritePage *self);
RubricSpellChecker *rubric_write_page_get_spell_checker (RubricWritePage *self);
GtkTextView        *rubric_write_page_get_editor        (RubricWritePage *self);
GtkTextView        *rubric_write_page_get_changes       (RubricWritePage *self);

G_END_DECLS
