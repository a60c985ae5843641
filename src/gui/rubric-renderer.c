/* rubric-renderer.c — GTK's cairo renderer when OpenGL would be drawn
 * on the CPU
 *
 * GTK 4.8 draws a window with OpenGL whenever it gets a context, even
 * when the context is Mesa's llvmpipe (or softpipe, or swrast), which
 * rasterizes on the CPU: what a virtual machine, a remote desktop or a
 * machine without its GPU driver has. There, GTK's OpenGL renderer
 * takes 36-42 ms to paint a 1280x800 window in full, and a next task
 * took 40 ms where GTK's cairo renderer takes 7.6 ms (bench-render, in
 * the same run). GTK 4.14 chooses the same way itself: it no longer
 * uses its GPU renderers over llvmpipe. With a GPU, nothing changes;
 * GSK_RENDERER, when set, is left as it is.
 *
 * GTK reads GSK_RENDERER once, when it makes the first window's
 * renderer, and so this runs first, in main(), before any thread that
 * could read the environment as it is set.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-renderer"

#include "config.h"

#include <epoxy/gl.h>
#include <string.h>

#include "rubric-renderer.h"

/* Whether @renderer, a GL_RENDERER string, names a rasterizer that
 * runs on the CPU. */
gboolean
rubric_renderer_is_software (const char *renderer)
{
  static const char *const software[] = { "llvmpipe", "softpipe", "swrast", "Software Rasterizer" };

  if (renderer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (renderer, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

/* The GL_RENDERER of an OpenGL context on @display, or NULL when GTK
 * gets none (then GTK draws with cairo anyway). */
char *
rubric_renderer_get_gl_renderer (GdkDisplay *display)
{
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  char *renderer;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), NULL);

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No OpenGL: %s", error ? error->message : "no context");
      return NULL;
    }
  gdk_gl_context_make_current (context);
  renderer = g_strdup ((const char *) glGetString (GL_RENDERER));
  gdk_gl_context_clear_current ();
  return renderer;
}

/* Sets GSK_RENDERER to cairo when it is not set and @display's OpenGL
 * is drawn on the CPU. Returns whether it did. */
gboolean
rubric_renderer_choose (GdkDisplay *display)
{
  g_autofree char *renderer = NULL;

  g_return_val_if_fail (GDK_IS_DISPLAY (display), FALSE);

  if (g_getenv ("GSK_RENDERER") != NULL)
    return FALSE;
  renderer = rubric_renderer_get_gl_renderer (display);
  if (!rubric_renderer_is_software (renderer))
    return FALSE;
  g_debug ("OpenGL is drawn on the CPU (%s): drawing with cairo", renderer);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  return TRUE;
}
