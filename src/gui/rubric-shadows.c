/* rubric-shadows.c — AdwFlap's and AdwLeaflet's shadows kept out of
 * the frames that do not draw them
 *
 * An AdwFlap or AdwLeaflet in libadwaita 1.2 draws a dimming, a shadow,
 * a border and an outline (its AdwShadowHelper's four gizmos) only
 * while it is folded and one child slides over another. Yet each time
 * it is allocated, it gives the four the same CSS class again
 * (gtk_widget_set_css_classes), and GTK takes that as a change of
 * their style and of the style of every sibling after them, with all
 * their descendants. In a leaflet the gizmos come first: each
 * allocation marked the whole sidebar and page to be styled again.
 * An invalid style also costs the window a frame of its own, after
 * the frame that allocated them, though nothing in it changes. On a
 * next task the leaflet and the page's flap are allocated in the
 * task's frame and again in the frame after it (the answers' text
 * views lay out the rest of their text in between), so two more
 * frames followed every task, and a held Alt+Down waited for the
 * second of them to end each time: 20 ms from key to frame instead of
 * the task's own 9 ms.
 *
 * GTK passes on no style change of a hidden widget, but one to the
 * siblings after it. So the four are moved after all other children
 * (the flap and the leaflet draw their children in their own order,
 * not in this one), and while the flap or leaflet is unfolded, they
 * are hidden; folded, they are shown, to be drawn as libadwaita draws
 * them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-shadows.h"

/* AdwShadowHelper's gizmos, by their CSS names. */
static gboolean
is_shadow_part (GtkWidget *child)
{
  static const char *names[] = { "dimming", "shadow", "border", "outline" };
  const char *name = gtk_widget_get_css_name (child);

  if (!g_str_equal (G_OBJECT_TYPE_NAME (child), "AdwGizmo"))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      return TRUE;
  return FALSE;
}

static void
folded_cb (GtkWidget *folding)
{
  gboolean folded = FALSE;

  g_object_get (folding, "folded", &folded, NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (folding); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (is_shadow_part (child))
      gtk_widget_set_visible (child, folded);
}

/**
 * rubric_shadows_hide_when_unfolded:
 * @folding: an #AdwFlap or #AdwLeaflet, with all its children added
 *
 * Moves @folding's shadow, dimming, border and outline after its other
 * children, and hides them while it is unfolded, when libadwaita draws
 * none of them.
 */
void
rubric_shadows_hide_when_unfolded (GtkWidget *folding)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();

  g_return_if_fail (ADW_IS_FLAP (folding) || ADW_IS_LEAFLET (folding));

  for (GtkWidget *child = gtk_widget_get_first_child (folding); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (is_shadow_part (child))
      g_ptr_array_add (parts, child);
  for (guint i = 0; i < parts->len; i++)
    gtk_widget_insert_before (g_ptr_array_index (parts, i), folding, NULL);
  g_signal_connect (folding, "notify::folded", G_CALLBACK (folded_cb), NULL);
  folded_cb (folding);
}
