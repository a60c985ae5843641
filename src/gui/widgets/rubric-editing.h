/* rubric-editing.h — what every markdown editor of a page does alike
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

void    rubric_editing_show_counts     (GtkLabel               *counts_label,
                                        GtkLabel               *length_label,
                                        const char             *text,
                                        guint                   chars,
                                        guint                   min_words,
                                        guint                   max_words);
void    rubric_editing_search_changed  (GtkSourceSearchContext *search,
                                        GtkTextView            *view,
                                        GtkEditable            *entry,
                                        GtkLabel               *matches);
void    rubric_editing_search_next     (GtkSourceSearchContext *search,
                                        GtkTextView            *view);
double  rubric_editing_load_font       (GtkCssProvider         *css,
                                        GSettings              *settings);
void    rubric_editing_follow_style    (GtkTextView            *view);
void    rubric_editing_prepare         (GtkSourceView          *view);
void    rubric_editing_zoom            (GSettings              *settings,
                                        int                     direction);

G_END_DECLS
