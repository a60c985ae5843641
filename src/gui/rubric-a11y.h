/* rubric-a11y.h — what GTK 4.8 leaves unnamed for a screen reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

void rubric_a11y_name_drop_down_button (GtkDropDown *drop_down);
void rubric_a11y_name_list_item        (GtkWidget   *child,
                                        GtkWidget   *first_label,
                                        ...) G_GNUC_NULL_TERMINATED;
void rubric_a11y_name_combo_row_items  (AdwComboRow *row);
void rubric_a11y_name_search_entries   (GtkWidget   *widget,
                                        const char  *name);
void rubric_a11y_name_shortcuts_window (GtkShortcutsWindow *window,
                                        const char         *search,
                                        const char         *sections);

G_END_DECLS
