/* rubric-markdown-view.h — markdown drawn as one text view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_MARKDOWN_VIEW (rubric_markdown_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricMarkdownView, rubric_markdown_view, RUBRIC, MARKDOWN_VIEW, GtkTextView)

GtkWidget  *rubric_markdown_view_new      (void);
void        rubric_markdown_view_set_text (RubricMarkdownView *self,
                                           const char         *text);
const char *rubric_markdown_view_get_text (RubricMarkdownView *self);
gboolean    rubric_markdown_view_is_shown (RubricMarkdownView *self);
gboolean    rubric_markdown_view_can_show_in_place (RubricMarkdownView *self,
                                                    const char         *text);

G_END_DECLS
