/* rubric-author-page.h — the page of a task whose prompt is written too:
 * a brief, then a system message, prompts and their ideal answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-page.h"
#include "rubric-text-editor.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_AUTHOR_PAGE (rubric_author_page_get_type ())

G_DECLARE_FINAL_TYPE (RubricAuthorPage, rubric_author_page, RUBRIC, AUTHOR_PAGE, RubricPage)

guint             rubric_author_page_get_n_turns (RubricAuthorPage *self);
void              rubric_author_page_add_turn    (RubricAuthorPage *self);
RubricTextEditor *rubric_author_page_get_editor  (RubricAuthorPage *self,
                                                  guint             index);
guint             rubric_author_page_get_n_editors (RubricAuthorPage *self);

G_END_DECLS
