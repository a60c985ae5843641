/* rubric-markdown-view.h — markdown drawn as one text view
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-markdown.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_MARKDOWN_VIEW (rubric_markdown_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricMarkdownView, rubric_markdown_view, RUBRIC, MARKDOWN_VIEW, GtkTextView)

GtkWidget  *rubric_markdown_view_new      (void);
void        rubric_markdown_view_set_text (RubricMarkdownView *self,
                                           const char         *text);
const char *rubric_markdown_view_get_text (RubricMarkdownView *self);
gboolean    rubric_markdown_view_is_shown (RubricMarkdownView *self);
void        rubric_markdown_view_lay_out_at (RubricMarkdownView *self,
                                             int                 width);
gboolean    rubric_markdown_view_worth_rendering_ahead (const char *text);
void        rubric_markdown_view_keep_rendering        (char            *text,
                                                        RubricRendering *rendering);
gboolean    rubric_markdown_view_can_show_in_place (RubricMarkdownView *self,
                                                    const char         *text);

guint       _rubric_markdown_view_get_n_taken_ahead (void);

G_END_DECLS
