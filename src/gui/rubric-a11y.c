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

/**
 * rubric_a11y_name_list_item:
 * @child: the child of a list item, once it is in the list
 * @first_label: a label of @child that names the item, then more, then %NULL
 *
 * GTK 4.8 has no accessible label for a list view's item (4.12 does),
 * and the item, not its child, takes the focus: it reads as its labels.
 */
void
rubric_a11y_name_list_item (GtkWidget *child,
                            GtkWidget *first_label,
                            ...)
{
  GtkWidget *item;
  GList *labels = NULL;
  GValue value = G_VALUE_INIT;
  va_list args;

  g_return_if_fail (GTK_IS_WIDGET (child));

  item = gtk_widget_get_parent (child);
  if (item == NULL || first_label == NULL)
    return;
  va_start (args, first_label);
  for (GtkWidget *label = first_label; label != NULL; label = va_arg (args, GtkWidget *))
    labels = g_list_append (labels, label);
  va_end (args);
  gtk_accessible_relation_init_value (GTK_ACCESSIBLE_RELATION_LABELLED_BY, &value);
  g_value_set_pointer (&value, labels);
  gtk_accessible_update_relation_value (GTK_ACCESSIBLE (item), 1,
                                        (GtkAccessibleRelation[]) { GTK_ACCESSIBLE_RELATION_LABELLED_BY }, &value);
  g_value_unset (&value);
}

static char *
combo_row_item_text (AdwComboRow *row,
                     gpointer     item)
{
  GtkExpression *expression = adw_combo_row_get_expression (row);
  GValue value = G_VALUE_INIT;
  char *text = NULL;

  if (expression != NULL && gtk_expression_evaluate (expression, item, &value))
    {
      text = g_value_dup_string (&value);
      g_value_unset (&value);
    }
  else if (GTK_IS_STRING_OBJECT (item))
    text = g_strdup (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  return text;
}

/* The list's items have a check mark for the selected one; the row's
 * own item, the selected one, has none. */
static void
combo_item_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     AdwComboRow              *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (g_object_get_data (G_OBJECT (factory), "rubric-check") != NULL)
    {
      gtk_box_set_spacing (GTK_BOX (box), 6);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("object-select-symbolic"));
    }
  gtk_list_item_set_child (list_item, box);
}

static void
combo_item_check_cb (AdwComboRow *row,
                     GParamSpec  *pspec,
                     GtkListItem *list_item)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);

  if (box != NULL && gtk_widget_get_last_child (box) != gtk_widget_get_first_child (box))
    gtk_widget_set_opacity (gtk_widget_get_last_child (box),
                            adw_combo_row_get_selected_item (row) == gtk_list_item_get_item (list_item));
}

static void
combo_item_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    AdwComboRow              *row)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *label = gtk_widget_get_first_child (box);
  g_autofree char *text = combo_row_item_text (row, gtk_list_item_get_item (list_item));

  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  rubric_a11y_name_list_item (box, label, NULL);
  g_signal_connect_object (row, "notify::selected-item", G_CALLBACK (combo_item_check_cb), list_item, 0);
  combo_item_check_cb (row, NULL, list_item);
}

static void
combo_item_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      AdwComboRow              *row)
{
  g_signal_handlers_disconnect_by_func (row, combo_item_check_cb, list_item);
}

/**
 * rubric_a11y_name_combo_row_items:
 *
 * A libadwaita 1.2 combo row shows its choice in a list item that
 * takes the focus with no name, and so are the items of its list:
 * draw them as it does, a label (and in the list a check mark on the
 * selected one), each item named by its label.
 */
void
rubric_a11y_name_combo_row_items (AdwComboRow *row)
{
  g_return_if_fail (ADW_IS_COMBO_ROW (row));

  for (guint i = 0; i < 2; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

      if (i == 1)
        g_object_set_data (G_OBJECT (factory), "rubric-check", GINT_TO_POINTER (TRUE));
      g_signal_connect (factory, "setup", G_CALLBACK (combo_item_setup_cb), row);
      g_signal_connect (factory, "bind", G_CALLBACK (combo_item_bind_cb), row);
      g_signal_connect (factory, "unbind", G_CALLBACK (combo_item_unbind_cb), row);
      if (i == 0)
        adw_combo_row_set_factory (row, factory);
      else
        adw_combo_row_set_list_factory (row, factory);
      g_object_unref (factory);
    }
}

/**
 * rubric_a11y_name_search_entries:
 * @widget: a window or any widget
 * @name: the name to give
 *
 * Names every search entry under @widget that has no name, such as the
 * one libadwaita 1.2 builds into a preferences window.
 */
void
rubric_a11y_name_search_entries (GtkWidget  *widget,
                                 const char *name)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      else
        rubric_a11y_name_search_entries (child, name);
    }
}

static void
name_shortcuts_parts (GtkWidget  *widget,
                      const char *search,
                      const char *sections)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_SEARCH_ENTRY (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, search, -1);
      else if (GTK_IS_MENU_BUTTON (child))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, sections, -1);
      else if (GTK_IS_TOGGLE_BUTTON (child) && GTK_IS_IMAGE (gtk_button_get_child (GTK_BUTTON (child))))
        gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, search, -1);
      else
        name_shortcuts_parts (child, search, sections);
    }
}

/**
 * rubric_a11y_name_shortcuts_window:
 * @window: a keyboard shortcuts window
 * @search: the name of its search button and entry
 * @sections: the name of its menu of sections
 *
 * GTK 4.8's shortcuts window leaves its search button (an icon), its
 * search entry and its menu of sections unnamed.
 */
void
rubric_a11y_name_shortcuts_window (GtkShortcutsWindow *window,
                                   const char         *search,
                                   const char         *sections)
{
  g_return_if_fail (GTK_IS_SHORTCUTS_WINDOW (window));

  name_shortcuts_parts (GTK_WIDGET (window), search, sections);
}
