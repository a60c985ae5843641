/* rubric-a11y.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-a11y"

#include "config.h"

#include "rubric-a11y.h"

/**
 * rubric_a11y_name_drop_down_button:
 *
 * A GTK 4.8 drop-down's button takes the focus but has no name of its
 * own (later GTK reads the drop-down's): give it the drop-down's.
 */
void
rubric_a11y_name_drop_down_button (GtkDropDown *drop_down)
{
  GtkWidget *button;

  g_return_if_fail (GTK_IS_DROP_DOWN (drop_down));

  button = gtk_widget_get_first_child (GTK_WIDGET (drop_down));
  if (GTK_IS_TOGGLE_BUTTON (button))
    gtk_accessible_update_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY, drop_down, NULL, -1);
}
