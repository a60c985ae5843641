/* rubric-assign.c
 *
 * rubric-cli assign: a task file (any format Rubric reads) split into
 * one rubric-tasks file per annotator, DIR/<stem>-01.jsonl and on, so
 * that each task is in exactly K of the N files.
 *
 * The assignment deals the K copies of each task round-robin, task
 * after task: copy j (j < K) of task i (in the order of the file) goes
 * to annotator (i·K + j) mod N. So a task's K annotators are K
 * different ones (K ≤ N), the files' sizes differ by at most one task
 * (the copies fill the N files in turn), and the same file always
 * gives the same split. Each file keeps the tasks in the input's order
 * and begins with the header, and each task is written as it was read.
 *
 * Like convert, a file with problems writes nothing; every file is
 * written atomically, and none is replaced until all are written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-assign"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <glib/gstdio.h>

#include "rubric-assign.h"
#include "rubric-atomic-file.h"
#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-task-reader.h"

/* "tasks" of tasks.jsonl, tasks.jsonl.gz or tasks.csv. */
static char *
stem_of (const char *input)
{
  static const char *compressed[] = { ".gz", ".zst", ".bz2", ".xz" };
  g_autofree char *base = g_path_get_basename (input);
  char *dot;

  for (guint i = 0; i < G_N_ELEMENTS (compressed); i++)
    {
      if (g_str_has_suffix (base, compressed[i]) && strlen (base) > strlen (compressed[i]))
        {
          base[strlen (base) - strlen (compressed[i])] = '\0';
          break;
        }
    }
  if ((dot = strrchr (base, '.')) != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static void
string_free (gpointer string)
{
  g_string_free (string, TRUE);
}

/**
 * rubric_assign_file:
 * @input: a task file in any format Rubric reads
 * @directory: where the files go; made if need be
 * @written: (out) (optional): the files written, in order
 * @n_tasks: (out) (optional): the tasks read
 * @result: (out) (optional): the tasks read and the problems met
 *
 * Splits @input into @n_annotators files so that each task is in
 * @overlap of them (see the top of this file).
 */
gboolean
rubric_assign_file (const char               *input,
                    const RubricReadOptions  *read_options,
                    guint                     n_annotators,
                    guint                     overlap,
                    const char               *directory,
                    GStrv                    *written,
                    guint                    *n_tasks,
                    RubricImportResult      **result,
                    GError                  **error)
{
  g_autoptr(RubricTaskReader) reader = NULL;
  g_autoptr(GPtrArray) tasks = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) files = NULL;
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) outs = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *stem = NULL;
  const RubricTaskRecord *record;
  RubricImportResult *res;
  guint width = 2;

  if (n_annotators < 1)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("the number of annotators must be at least 1"));
      return FALSE;
    }
  if (overlap < 1 || overlap > n_annotators)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   _("the overlap must be between 1 and the number of annotators (%u), not %u"), n_annotators, overlap);
      return FALSE;
    }
  if (!(reader = rubric_task_reader_new_for_path (input, error)))
    return FALSE;
  if (read_options != NULL)
    rubric_task_reader_set_options (reader, read_options);
  rubric_task_reader_set_check_duplicates (reader, TRUE);
  while ((record = rubric_task_reader_next (reader, NULL, &local_error)) != NULL)
    g_ptr_array_add (tasks, g_strndup (record->text, record->len));

  res = rubric_import_result_new (input);
  rubric_import_result_collect (res, reader);
  if (local_error == NULL && res->n_problems > 0)
    g_set_error (&local_error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, ngettext ("%s: %u problem; nothing was written",
                           "%s: %u problems; nothing was written", res->n_problems),
                 input, res->n_problems);
  else if (local_error == NULL && res->n_tasks == 0)
    g_set_error (&local_error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s: no valid tasks; nothing was written"), input);
  if (result != NULL)
    *result = res;
  else
    rubric_import_result_free (res);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (g_mkdir_with_parents (directory, 0777) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), _("cannot make %s: %s"), directory,
                   g_strerror (saved));
      return FALSE;
    }
  for (guint n = n_annotators; n >= 100; n /= 10)
    width++;
  stem = stem_of (input);
  files = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_atomic_file_free);
  paths = g_ptr_array_new_with_free_func (g_free);
  outs = g_ptr_array_new_with_free_func (string_free);
  for (guint a = 0; a < n_annotators; a++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%0*u.jsonl", stem, (int) width, a + 1);
      char *path = g_build_filename (directory, name, NULL);
      RubricAtomicFile *file;
      GString *out = g_string_new (NULL);

      g_ptr_array_add (paths, path);
      g_ptr_array_add (outs, out);
      if (!(file = rubric_atomic_file_new (path, error)))
        return FALSE;
      g_ptr_array_add (files, file);
      rubric_json_append_value (out, rubric_task_reader_get_header (reader));
      g_string_append_c (out, '\n');
    }
  for (guint i = 0; i < tasks->len; i++)
    for (guint j = 0; j < overlap; j++)
      {
        GString *out = g_ptr_array_index (outs, ((guint64) i * overlap + j) % n_annotators);

        g_string_append (out, g_ptr_array_index (tasks, i));
        g_string_append_c (out, '\n');
      }
  for (guint a = 0; a < n_annotators; a++)
    {
      GString *out = g_ptr_array_index (outs, a);

      if (!rubric_atomic_file_write (g_ptr_array_index (files, a), out->str, out->len, error))
        return FALSE;
    }
  for (guint a = 0; a < n_annotators; a++)
    if (!rubric_atomic_file_commit (g_ptr_array_index (files, a), error))
      return FALSE;
  if (written != NULL)
    {
      g_ptr_array_add (paths, NULL);
      *written = (GStrv) g_ptr_array_steal (paths, NULL);
    }
  if (n_tasks != NULL)
    *n_tasks = tasks->len;
  return TRUE;
}
