/* test-renderer.c — GTK's cairo renderer where OpenGL is drawn on the
 * CPU (rubric-renderer.c)
 *
 * GTK reads GSK_RENDERER once a process, so each case that makes a
 * window runs in a process of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "rubric-renderer.h"

static void
test_is_software (void)
{
  g_assert_true (rubric_renderer_is_software ("llvmpipe (LLVM 15.0.6, 256 bits)"));
  g_assert_true (rubric_renderer_is_software ("softpipe"));
  g_assert_true (rubric_renderer_is_software ("Software Rasterizer"));
  g_assert_false (rubric_renderer_is_software ("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));
  /* Mesa names LLVM in the drivers that compile shaders with it. */
  g_assert_false (rubric_renderer_is_software ("AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)"));
  g_assert_false (rubric_renderer_is_software ("NVIDIA GeForce GTX 1060 6GB/PCIe/SSE2"));
  g_assert_false (rubric_renderer_is_software (NULL));
}

/* The type of the renderer a new window of this process gets. */
static const char *
window_renderer (void)
{
  GtkWidget *window = gtk_window_new ();
  const char *name;

  gtk_widget_realize (window);
  name = G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window)));
  gtk_window_destroy (GTK_WINDOW (window));
  return name;
}

/* GSK_RENDERER unset: cairo where OpenGL is drawn on the CPU (as under
 * Xvfb, with Mesa's llvmpipe), GTK's own choice where it is not. */
static void
test_chosen (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *gl = NULL;
      gboolean chose;

      g_unsetenv ("GSK_RENDERER");
      gtk_init ();
      gl = rubric_renderer_get_gl_renderer (gdk_display_get_default ());
      chose = rubric_renderer_choose (gdk_display_get_default ());
      g_printerr ("OpenGL renderer: %s\n", gl ? gl : "none");
      g_assert_cmpint (chose, ==, rubric_renderer_is_software (gl));
      if (gl == NULL || chose)
        g_assert_cmpstr (window_renderer (), ==, "GskCairoRenderer");
      else
        g_assert_cmpstr (window_renderer (), !=, "GskCairoRenderer");
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, chose ? "cairo" : NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* GSK_RENDERER set: left as it is, even over llvmpipe. */
static void
test_setting_kept (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *gl = NULL;

      g_setenv ("GSK_RENDERER", "gl", TRUE);
      gtk_init ();
      gl = rubric_renderer_get_gl_renderer (gdk_display_get_default ());
      g_assert_false (rubric_renderer_choose (gdk_display_get_default ()));
      g_assert_cmpstr (g_getenv ("GSK_RENDERER"), ==, "gl");
      if (gl != NULL)
        g_assert_cmpstr (window_renderer (), ==, "GskGLRenderer");
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* The app itself chooses, first thing: --help makes no window, and
 * what it chose is in its debug log. */
static void
test_app_chooses (void)
{
  const char *app = g_getenv ("RUBRIC_APP");
  g_autofree char *gl = rubric_renderer_get_gl_renderer (gdk_display_get_default ());
  g_auto(GStrv) env = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { app, "--help", NULL };
  int status;

  g_assert_nonnull (app);
  env = g_environ_unsetenv (env, "GSK_RENDERER");
  env = g_environ_setenv (env, "G_MESSAGES_DEBUG", "rubric-renderer", TRUE);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, env, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  /* GLib writes debug messages to stdout. */
  g_assert_cmpint (strstr (out, "drawing with cairo") != NULL || strstr (err, "drawing with cairo") != NULL, ==,
                   rubric_renderer_is_software (gl));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  if (!g_test_subprocess ())
    gtk_init ();

  g_test_add_func ("/renderer/is-software", test_is_software);
  g_test_add_func ("/renderer/chosen", test_chosen);
  g_test_add_func ("/renderer/setting-kept", test_setting_kept);
  g_test_add_func ("/renderer/app-chooses", test_app_chooses);
  return g_test_run ();
}
