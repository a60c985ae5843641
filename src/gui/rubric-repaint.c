/* rubric-repaint.c — windows laid out and drawn whole again after GTK
 * left a widget out of a frame
 *
 * GTK 4.8 loses track of a widget whose size is asked for again while
 * the widgets around it are being allocated (its parent's allocation
 * ends by marking itself done): the widget keeps waiting for an
 * allocation that no frame gives it. Each frame then leaves it out of
 * its parent's picture, saying so on stderr ("Trying to snapshot …
 * without a current allocation"), and the parent keeps that picture:
 * the part stays blank until the window is resized. Seen as a set
 * opened while its window was being sized (X11, the cairo renderer):
 * the whole window blank but for a toast, or the task pane blank
 * through next task after next task (tests/test-paint-keys.sh).
 *
 * GTK says it only in that warning, so the app's log writer looks for
 * it, and every window is then laid out and drawn whole once, in idle
 * time after the frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-repaint.h"

static guint repaint_source;

static void
mark_widgets (GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  /* From the top down: each widget's mark reaches its parent's. */
  gtk_widget_queue_draw (widget);
  gtk_widget_queue_allocate (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    mark_widgets (child);
}

/* Lays every mapped window out and draws it whole in its next frame,
 * whatever GTK thinks is waiting for an allocation or is drawn already. */
static void
repaint_windows (void)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    {
      GtkWidget *window = l->data;
      GdkSurface *surface;

      if (!gtk_widget_get_mapped (window))
        continue;
      mark_widgets (window);
      /* The window may count itself laid out already: ask its surface. */
      if ((surface = gtk_native_get_surface (GTK_NATIVE (window))) != NULL)
        gdk_surface_request_layout (surface);
    }
}

static gboolean
repaint_cb (gpointer user_data)
{
  repaint_source = 0;
  repaint_windows ();
  return G_SOURCE_REMOVE;
}

static gboolean
is_left_out (GLogLevelFlags   log_level,
             const GLogField *fields,
             gsize            n_fields)
{
  const char *domain = NULL, *message = NULL;

  if (!(log_level & G_LOG_LEVEL_WARNING))
    return FALSE;
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_strcmp0 (fields[i].key, "GLIB_DOMAIN") == 0 && fields[i].length < 0)
        domain = fields[i].value;
      else if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
        message = fields[i].value;
    }
  return g_strcmp0 (domain, "Gtk") == 0 && message != NULL && g_str_has_prefix (message, "Trying to snapshot ") &&
         g_str_has_suffix (message, " without a current allocation");
}

/**
 * rubric_repaint_log_writer:
 *
 * The app's log writer: GLib's default one, and a repaint of every
 * window (above) once GTK says it left a widget out of a frame. Only
 * the main thread draws, and only it can log that.
 */
GLogWriterOutput
rubric_repaint_log_writer (GLogLevelFlags   log_level,
                           const GLogField *fields,
                           gsize            n_fields,
                           gpointer         user_data)
{
  if (is_left_out (log_level, fields, n_fields) && repaint_source == 0)
    repaint_source = g_idle_add (repaint_cb, NULL);
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}
