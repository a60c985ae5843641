/* fuzz-review.c — records exports opened as a review (rubric-review.h)
 *
 * Input: one byte of settings, then a records export. It is imported
 * into a new, empty workspace as `rubric-cli review` does; when
 * that works, the review set's records are exported and imported again
 * (the round trip a lead's workspace makes), and, with bit 0, the
 * review is summarized (agreement, bias, the merge and its queue) by
 * the method of bits 1-2.
 * The export is a file in this process's temporary folder, since the
 * review takes paths; the core's own temporary files go there too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <glib/gstdio.h>

#include "rubric-review.h"
#include "rubric-store.h"

/* A new workspace for each input, copied from one made once: making the
 * schema costs more than the rest of a small review. */
static RubricStore *
new_store (void)
{
  static const char *suffixes[] = { "", "-wal", "-shm", "-journal" };
  static GBytes *empty;
  g_autofree char *path = g_build_filename (fuzz_temp_dir (), "workspace.db", NULL);
  g_autoptr(GError) error = NULL;
  RubricStore *store;

  if (empty == NULL)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      store = rubric_store_new (path, &error);
      FUZZ_CHECK (store != NULL, "no workspace: %s", error->message);
      g_object_unref (store);
      FUZZ_CHECK (g_file_get_contents (path, &contents, &len, &error), "%s", error->message);
      empty = g_bytes_new_take (g_steal_pointer (&contents), len);
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_unlink (file);
    }
  FUZZ_CHECK (g_file_set_contents_full (path, g_bytes_get_data (empty, NULL), (gssize) g_bytes_get_size (empty),
                                        G_FILE_SET_CONTENTS_NONE, 0600, &error), "%s", error->message);
  store = rubric_store_new (path, &error);
  FUZZ_CHECK (store != NULL, "no workspace: %s", error->message);
  return store;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = NULL;
  g_autofree char *exported = NULL;
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricReviewImport) result = NULL;
  g_autoptr(RubricReviewImport) again = NULL;
  g_autoptr(RubricReviewSummary) summary = NULL;
  g_autoptr(RubricTaskSet) set = NULL;
  g_autoptr(GError) error = NULL;
  const char *paths[2] = { NULL, NULL };
  guint8 flags;

  fuzz_init ();
  if (size < 1 || size > FUZZ_MAX_INPUT)
    return 0;
  flags = data[0];
  data++, size--;
  if (!fuzz_plain_size_at_most (data, size, FUZZ_MAX_BYTES))
    return 0;
  path = fuzz_write_temp ("annotator.jsonl", data, size);
  paths[0] = path;

  store = new_store ();
  if (rubric_review_import (store, paths, NULL, &result, &error))
    {
      FUZZ_CHECK (result != NULL && result->set_id > 0 && result->n_records > 0, "an empty review");
      set = rubric_store_get_task_set (store, result->set_id, &error);
      FUZZ_CHECK (set != NULL, "the review's set: %s", error->message);
      FUZZ_CHECK (set->header != NULL && rubric_review_is_review (set->header), "the review's header");

      exported = rubric_review_export_records (store, result->set_id, &error);
      FUZZ_CHECK (exported != NULL, "the review's records: %s", error->message);
      paths[0] = exported;
      rubric_review_import (store, paths, NULL, &again, NULL);
      g_unlink (exported);

      if (flags & 1)
        summary = rubric_review_summarize (store, result->set_id, ((flags >> 1) & 3) % 3, NULL);
    }
  g_unlink (path);
  return 0;
}
