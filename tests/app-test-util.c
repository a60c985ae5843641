/* app-test-util.c — shared by the tests that run the app in-process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "app-test-util.h"
#include "rubric-store-private.h"
#include "test-util.h"

/* AdwFlap of libadwaita 1.2 may fold during its own allocation, and
 * GTK then warns once that the leaflet was painted before its new
 * allocation; the next frame is right. Nothing else is forgiven. */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  GLogWriterOutput output = g_log_writer_default (level, fields, n_fields, data);
  gboolean forgiven = FALSE;

  if (!(level & G_LOG_LEVEL_WARNING))
    return output;
  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
          strstr (fields[i].value, "Trying to snapshot AdwLeaflet") != NULL &&
          strstr (fields[i].value, "without a current allocation") != NULL)
        forgiven = TRUE;
    }
  if (!forgiven)
    abort ();
  return output;
}

void
app_test_init (int    *argc,
               char ***argv)
{
  g_test_init (argc, argv, NULL);
  /* Warnings stay fatal, through the writer, which forgives one. */
  g_log_set_always_fatal (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (log_writer, NULL, NULL);
}

/**
 * app_test_new_app:
 * @window: (out): its first window
 *
 * An app on the workspace at @db_path, registered without a bus, with a
 * 1280×800 window shown.
 */
RubricApplication *
app_test_new_app (const char    *db_path,
                  RubricWindow **window)
{
  RubricApplication *app = rubric_application_new (G_APPLICATION_NON_UNIQUE);
  GSettings *settings = rubric_application_get_settings (app);
  g_autoptr(GError) error = NULL;

  rubric_application_set_db_path (app, db_path);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_settings_set_string (settings, "annotator-name", "Test Annotator");
  g_settings_set_int (settings, "window-width", 1280);
  g_settings_set_int (settings, "window-height", 800);
  g_application_activate (G_APPLICATION (app));
  *window = RUBRIC_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  app_test_settle (500);
  return app;
}

static gboolean
never (gpointer data)
{
  return FALSE;
}

void
app_test_settle (guint ms)
{
  test_wait_until (never, NULL, ms);
}

void
app_test_activate (RubricWindow *window,
                   const char   *action,
                   GVariant     *param)
{
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, param));
}

/* One number from the app's own connection to its workspace. */
int
app_test_count_rows (RubricApplication *app,
                     const char        *sql)
{
  return test_count_rows (rubric_application_get_store (app), sql);
}

GtkWidget *
app_test_find_widget (GtkWidget *root,
                      gboolean (*match) (GtkWidget *))
{
  if (match (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = app_test_find_widget (child, match);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_task_list (GtkWidget *widget)
{
  return GTK_IS_LIST_VIEW (widget) && gtk_widget_has_css_class (widget, "navigation-sidebar");
}

/* The sidebar's list of tasks. */
GtkListView *
app_test_task_list (RubricWindow *window)
{
  GtkWidget *list = app_test_find_widget (GTK_WIDGET (window), is_task_list);

  g_assert_nonnull (list);
  return GTK_LIST_VIEW (list);
}

/* Where the task with @id is in the sidebar's list. */
guint
app_test_find_task (RubricWindow *window,
                    const char   *id)
{
  GListModel *list = G_LIST_MODEL (gtk_list_view_get_model (app_test_task_list (window)));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);
      g_autofree char *item_id = NULL;

      g_object_get (item, "id", &item_id, NULL);
      if (g_strcmp0 (item_id, id) == 0)
        return i;
    }
  g_error ("no task “%s” in the list", id);
}

AdwMessageDialog *
app_test_find_dialog (void)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

typedef struct
{
  GdkPaintable  *paintable;
  int            width;
  int            height;
  GskRenderNode *node;
} Capture;

/* Right after a frame is painted, nothing can have moved since its
 * layout: the picture is taken there, never between a queued resize
 * and the next frame. */
static void
capture_after_paint (Capture *capture)
{
  GtkSnapshot *snapshot;

  if (capture->node != NULL)
    return;
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (capture->paintable, GDK_SNAPSHOT (snapshot), capture->width, capture->height);
  capture->node = gtk_snapshot_free_to_node (snapshot);
}

static GskRenderNode *
capture_frame (GtkWidget *toplevel)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (toplevel);
  Capture capture = { paintable, gtk_widget_get_width (toplevel), gtk_widget_get_height (toplevel), NULL };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (toplevel);
  gulong handler = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (capture_after_paint), &capture);
  gint64 give_up = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* Until a frame is painted, for five seconds at the most: a count of
   * main loop turns ran out while idle work (a long text filled in,
   * code coloured a slice at a time) took turn after turn before the
   * frame was due. */
  while (capture.node == NULL && g_get_monotonic_time () < give_up)
    {
      gtk_widget_queue_draw (toplevel);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
  g_assert_nonnull (capture.node);
  return capture.node;
}

/**
 * app_test_save_screenshot:
 *
 * Saves what @toplevel draws as build/tests/screenshots/@name, and
 * checks that something was drawn: text and widgets give many colours.
 *
 * Returns: (transfer full): the path of the picture
 */
char *
app_test_save_screenshot (GtkWidget  *toplevel,
                          const char *name)
{
  g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
  char *path = g_build_filename (dir, name, NULL);
  int width = gtk_widget_get_width (toplevel);
  int height = gtk_widget_get_height (toplevel);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GdkTexture) loaded = NULL;
  g_autoptr(GHashTable) colors = g_hash_table_new (NULL, NULL);
  g_autofree guint32 *pixels = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  node = capture_frame (toplevel);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (toplevel)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s (%dx%d)", path, width, height);

  loaded = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (loaded), ==, width);
  pixels = g_new (guint32, width * height);
  gdk_texture_download (loaded, (guchar *) pixels, width * 4);
  for (int i = 0; i < width * height; i += 7)
    g_hash_table_add (colors, GUINT_TO_POINTER (pixels[i]));
  g_assert_cmpuint (g_hash_table_size (colors), >, 50);
  return path;
}

static char *
ocr (const char *path)
{
  const char *argv[] = { "tesseract", path, "-", NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                               NULL, &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Tesseract reads dark text on a light ground, and may pass over a
 * strip of light text on a banner's colour in a whole window: the part
 * asked for is cut out, and read as drawn and in negative grey. */
static char *
save_part (const char      *path,
           graphene_rect_t *area,
           gboolean         negative,
           int              scale,
           const char      *suffix)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, NULL);
  int full_width = gdk_texture_get_width (texture);
  int x = area ? MAX (0, (int) area->origin.x) : 0;
  int y = area ? MAX (0, (int) area->origin.y) : 0;
  int width = area ? MIN (full_width - x, (int) area->size.width) : full_width;
  int height = area ? MIN (gdk_texture_get_height (texture) - y, (int) area->size.height) : gdk_texture_get_height (texture);
  g_autofree guint8 *pixels = NULL;

  if (width <= 0 || height <= 0)
    g_error ("%s: the part to read, %g,%g %g×%g, is not within the %d×%d picture", path,
             area->origin.x, area->origin.y, area->size.width, area->size.height, full_width,
             gdk_texture_get_height (texture));
  pixels = g_malloc ((gsize) full_width * gdk_texture_get_height (texture) * 4);
  guint8 *part = g_malloc ((gsize) width * height * 4);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) cut = NULL;
  char *part_path = g_strconcat (path, suffix, NULL);

  gdk_texture_download (texture, pixels, full_width * 4);
  for (int row = 0; row < height; row++)
    for (int col = 0; col < width; col++)
      {
        const guint8 *from = pixels + ((gsize) (y + row) * full_width + x + col) * 4;
        guint8 *to = part + ((gsize) row * width + col) * 4;
        guint8 grey = (from[0] * 11 + from[1] * 59 + from[2] * 30) / 100;

        if (negative)
          to[0] = to[1] = to[2] = 255 - grey;
        else
          memcpy (to, from, 3);
        to[3] = 255;
      }
  bytes = g_bytes_new_take (part, (gsize) width * height * 4);
  cut = gdk_memory_texture_new (width, height, GDK_MEMORY_B8G8R8A8_PREMULTIPLIED, bytes, width * 4);
  g_assert_true (gdk_texture_save_to_png (cut, part_path));
  if (scale > 1)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (part_path, NULL);
      g_autoptr(GdkPixbuf) larger = NULL;

      g_assert_nonnull (pixbuf);
      larger = gdk_pixbuf_scale_simple (pixbuf, width * scale, height * scale, GDK_INTERP_BILINEAR);
      g_assert_true (gdk_pixbuf_save (larger, part_path, "png", NULL, NULL));
    }
  return part_path;
}

static char *
read_part (const char      *path,
           graphene_rect_t *area,
           gboolean         negative,
           int              scale)
{
  g_autofree char *part = save_part (path, area, negative, scale, negative ? ".negative.png" : ".part.png");
  char *text = ocr (part);

  g_unlink (part);
  return text;
}

/**
 * app_test_read_screen:
 * @part: (nullable): the widget whose part of the window to read, or
 *   %NULL for all of it
 *
 * Takes a screenshot of @toplevel and reads it back with tesseract, as
 * drawn and in negative: what a person can read there, lower case, in
 * one line.
 *
 * Returns: (transfer full): the text
 */
char *
app_test_read_screen (GtkWidget  *toplevel,
                      GtkWidget  *part,
                      const char *name)
{
  g_autofree char *path = app_test_save_screenshot (toplevel, name);
  graphene_rect_t bounds;
  gboolean has_part = part != NULL && gtk_widget_compute_bounds (part, toplevel, &bounds);

  /* A part gone from the screen while it was taken (a banner closing)
   * shows nothing to read. */
  if (has_part && (bounds.size.width < 1 || bounds.size.height < 1))
    return g_strdup ("");
  g_autofree char *text = read_part (path, has_part ? &bounds : NULL, FALSE, 1);
  g_autofree char *negative_text = read_part (path, has_part ? &bounds : NULL, TRUE, 1);
  g_autofree char *both = g_strconcat (text, " | ", negative_text, NULL);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (both), " \t\n", -1);
  g_autofree char *line = g_strjoinv (" ", words);

  return g_utf8_strdown (line, -1);
}

/**
 * app_test_read_screen_large:
 *
 * Like app_test_read_screen(), as drawn only, at twice the size: slower
 * by half, and it reads digits and small print that 1× gets wrong
 * ("194s." for "1945.").
 *
 * Returns: (transfer full): the text, lower case, in one line
 */
char *
app_test_read_screen_large (GtkWidget  *toplevel,
                            GtkWidget  *part,
                            const char *name)
{
  g_autofree char *path = app_test_save_screenshot (toplevel, name);
  graphene_rect_t bounds;
  gboolean has_part = part != NULL && gtk_widget_compute_bounds (part, toplevel, &bounds);

  /* A part gone from the screen while it was taken (a banner closing)
   * shows nothing to read. */
  if (has_part && (bounds.size.width < 1 || bounds.size.height < 1))
    return g_strdup ("");
  g_autofree char *text = read_part (path, has_part ? &bounds : NULL, FALSE, 2);
  g_auto(GStrv) words = g_strsplit_set (g_strstrip (text), " \t\n", -1);
  g_autofree char *line = g_strjoinv (" ", words);

  return g_utf8_strdown (line, -1);
}

static char *
letters_of (const char *text)
{
  GString *letters = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalpha (*p))
        g_string_append_c (letters, g_ascii_tolower (*p));
    }
  return g_string_free (letters, FALSE);
}

/* OCR drops and adds spaces and stray marks: letters are compared. */
gboolean
app_test_text_has (const char *ocr,
                   const char *phrase)
{
  g_autofree char *in = letters_of (ocr);
  g_autofree char *wanted = letters_of (phrase);

  return strstr (in, wanted) != NULL;
}
