/* fuzz-driver.c — runs a fuzzing harness over files, without libFuzzer
 *
 * Usage: fuzz-NAME PATH...
 *
 * Every PATH is a file or a folder; a folder's files (not those whose
 * name starts with a dot, and not its sub-folders) are run in name
 * order. Each is handed to LLVMFuzzerTestOneInput() exactly as libFuzzer
 * would: a buffer of its own, its exact size, no terminating NUL. A
 * harness that finds a bug aborts, and the test fails naming the file.
 * A PATH that does not exist is an error, so a moved corpus is noticed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static guint n_run;

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("fuzz-driver: %s\n", error->message);
      exit (EXIT_FAILURE);
    }
  /* libFuzzer's buffers end where the input does: so does this one. */
  data = g_malloc (MAX (len, 1));
  memcpy (data, contents, len);
  g_printerr ("%s (%zu bytes)\n", path, len);
  LLVMFuzzerTestOneInput (data, len);
  n_run++;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
run_path (const char *path)
{
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GError) error = NULL;
  GDir *dir;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_printerr ("fuzz-driver: %s: no such file or folder\n", path);
      exit (EXIT_FAILURE);
    }
  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      run_file (path);
      return;
    }
  if ((dir = g_dir_open (path, 0, &error)) == NULL)
    {
      g_printerr ("fuzz-driver: %s\n", error->message);
      exit (EXIT_FAILURE);
    }
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      if (name[0] != '.')
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
    }
  g_dir_close (dir);
  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *child = g_ptr_array_index (names, i);

      if (!g_file_test (child, G_FILE_TEST_IS_DIR))
        run_file (child);
    }
}

int
main (int    argc,
      char **argv)
{
  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE-OR-FOLDER...\n", argv[0]);
      return EXIT_FAILURE;
    }
  for (int i = 1; i < argc; i++)
    run_path (argv[i]);
  g_print ("%s: %u inputs run\n", argv[0], n_run);
  return EXIT_SUCCESS;
}
