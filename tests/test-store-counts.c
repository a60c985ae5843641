/* test-store-counts.c — the counts kept in step with every save, the
 * filters' rows by index and the trigram search agree with counting and
 * filtering the slow way, through saves, flags, reopening, deletion and
 * an upgrade from schema 7
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-import.h"
#include "rubric-library.h"
#include "rubric-review.h"
#include "rubric-store-private.h"
#include "test-util.h"

/* The filters as the list had them before counts: the reference. */
static const char *slow_where =
  " WHERE t.set_id = ?2"
  "   AND (?3 = 0"
  "     OR (?3 = 1 AND a.state IS NULL)"
  "     OR (?3 = 2 AND a.state = 'draft')"
  "     OR (?3 = 3 AND a.state = 'submitted')"
  "     OR (?3 = 4 AND a.state = 'skipped')"
  "     OR (?3 = 5 AND EXISTS (SELECT 1 FROM json_each (a.data, '$.flags') f"
  "                            WHERE json_array_length (f.value) > 0)))"
  "   AND (?4 IS NULL OR instr (lower (coalesce (json_extract (t.raw, '$.prompt'), json_extract (t.raw, '$.brief'))), lower (?4)) > 0)";

/* Words as the search sees them: runs of letters and digits, case and
 * accents folded. */
static GPtrArray *
words_of (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text ? text : "", -1, G_NORMALIZE_NFD);
  g_autoptr(GString) bare = g_string_new (NULL);
  g_autofree char *folded = NULL;
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);

  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_ismark (c))
        g_string_append_unichar (bare, c);
    }
  folded = g_utf8_casefold (bare->str, -1);
  for (const char *p = folded;; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        g_string_append_unichar (word, c);
      else if (word->len > 0)
        {
          g_ptr_array_add (words, g_strdup (word->str));
          g_string_truncate (word, 0);
        }
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  return words;
}

/* Every word of the search begins a word of the prompt. */
static gboolean
words_match (const char *prompt,
             const char *search)
{
  g_autoptr(GPtrArray) have = words_of (prompt);
  g_autoptr(GPtrArray) want = words_of (search);

  for (guint i = 0; i < want->len; i++)
    {
      gboolean found = FALSE;

      for (guint k = 0; !found && k < have->len; k++)
        found = g_str_has_prefix (g_ptr_array_index (have, k), g_ptr_array_index (want, i));
      if (!found)
        return FALSE;
    }
  return TRUE;
}

static GPtrArray *
slow_ids (RubricStore           *store,
          gint64                 set_id,
          const char            *annotator,
          const RubricTaskQuery *query)
{
  g_autofree char *sql = g_strconcat ("SELECT t.id, coalesce (json_extract (t.raw, '$.prompt'), json_extract (t.raw, '$.brief')) FROM tasks t LEFT JOIN annotations a"
                                      " ON a.task_id = t.id AND a.annotator = ?1", slow_where, " ORDER BY t.id", NULL);
  g_autoptr(GPtrArray) search_words = words_of (query->search);
  gboolean by_words = search_words->len > 0;
  sqlite3_stmt *stmt = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (_rubric_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, set_id);
  sqlite3_bind_int (stmt, 3, query->state);
  /* A search without a word looks for the text itself. */
  if (query->search != NULL && !by_words)
    sqlite3_bind_text (stmt, 4, query->search, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (by_words && !words_match ((const char *) sqlite3_column_text (stmt, 1), query->search))
        continue;
      g_ptr_array_add (ids, g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 0)));
    }
  sqlite3_finalize (stmt);
  return ids;
}

static void
check_filters (RubricStore *store,
               gint64       set_id,
               const char  *annotator)
{
  g_autoptr(GPtrArray) every = slow_ids (store, set_id, annotator, &(RubricTaskQuery) { RUBRIC_FILTER_ALL, NULL });
  static const char *searches[] = { NULL, "the", "THE", "pen", "a", "zzzzqq", "VOCE", "você", "\"quoted\" pen",
                                     "h", "drugs i", "%_", "—" };

  for (guint s = 0; s < G_N_ELEMENTS (searches); s++)
    for (RubricFilter f = RUBRIC_FILTER_ALL; f <= RUBRIC_FILTER_FLAGGED; f++)
      {
        RubricTaskQuery query = { f, searches[s] };
        g_autoptr(GPtrArray) expect = slow_ids (store, set_id, annotator, &query);
        g_autoptr(GError) error = NULL;
        guint n = rubric_store_count_matching (store, set_id, annotator, &query, &error);
        g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);

        g_assert_no_error (error);
        g_assert_cmpuint (n, ==, expect->len);
        for (guint offset = 0; offset < n; offset += 7)
          {
            g_autoptr(GPtrArray) rows = rubric_store_get_matching_rows (store, set_id, annotator, &query, offset, 7,
                                                                        &error);
            g_assert_no_error (error);
            for (guint i = 0; i < rows->len; i++)
              {
                RubricTaskRow *row = g_ptr_array_index (rows, i);

                g_assert_cmpuint (row->position, ==, offset + i);
                g_ptr_array_add (seen, g_strdup_printf ("%" G_GINT64_FORMAT, row->row_id));
              }
          }
        /* Each row's place is found by counting, and agrees with the
         * list; a task the filter hides has none. */
        {
          g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);

          for (guint i = 0; i < seen->len; i += 3)
            {
              guint position = G_MAXUINT;

              g_assert_true (rubric_store_find_matching_position (store, set_id, annotator, &query,
                                                                  g_ascii_strtoll (g_ptr_array_index (seen, i), NULL, 10),
                                                                  &position, &error));
              g_assert_no_error (error);
              g_assert_cmpuint (position, ==, i);
            }
          for (guint i = 0; i < seen->len; i++)
            g_hash_table_add (listed, g_ptr_array_index (seen, i));
          for (guint i = 0; i < every->len; i += 5)
            {
              guint position;

              if (g_hash_table_contains (listed, g_ptr_array_index (every, i)))
                continue;
              g_assert_false (rubric_store_find_matching_position (store, set_id, annotator, &query,
                                                                   g_ascii_strtoll (g_ptr_array_index (every, i), NULL, 10),
                                                                   &position, &error));
              g_assert_no_error (error);
            }
        }
        if (f == RUBRIC_FILTER_ALL && searches[s] == NULL)
          continue;   /* the plain list goes by file order, checked elsewhere */
        g_assert_cmpuint (seen->len, ==, expect->len);
        for (guint i = 0; i < seen->len; i++)
          g_assert_cmpstr (g_ptr_array_index (seen, i), ==, g_ptr_array_index (expect, i));
      }
}

/* The progress by blocks agrees with counting, and "next open task"
 * with looking for it the slow way, from every position. */
static void
check_blocks (RubricStore *store,
              gint64       set_id,
              const char  *annotator)
{
  g_autofree char *differ = g_strdup_printf (
    "SELECT count(*) FROM ("
    "  SELECT block, begun, done FROM progress_blocks"
    "  WHERE set_id = %1$" G_GINT64_FORMAT " AND annotator = '%2$s' AND begun > 0"
    "  EXCEPT"
    "  SELECT t.ord >> 10, count(*), sum (a.state IN ('submitted', 'skipped'))"
    "  FROM annotations a JOIN tasks t ON t.id = a.task_id"
    "  WHERE a.set_id = %1$" G_GINT64_FORMAT " AND a.annotator = '%2$s' GROUP BY 1)",
    set_id, annotator);
  g_autofree char *blocks = g_strdup_printf ("SELECT count(*) FROM progress_blocks WHERE set_id = %" G_GINT64_FORMAT
                                             " AND annotator = '%s' AND begun > 0", set_id, annotator);
  g_autofree char *grouped = g_strdup_printf ("SELECT count (DISTINCT t.ord >> 10) FROM annotations a"
                                              " JOIN tasks t ON t.id = a.task_id WHERE a.set_id = %" G_GINT64_FORMAT
                                              " AND a.annotator = '%s'", set_id, annotator);
  guint n = rubric_store_count_tasks (store, set_id, NULL);
  sqlite3_stmt *stmt;

  g_assert_cmpint (test_count_rows (store, differ), ==, 0);
  g_assert_cmpint (test_count_rows (store, blocks), ==, test_count_rows (store, grouped));

  g_assert_cmpint (sqlite3_prepare_v2 (_rubric_store_get_db (store),
                                       "SELECT t.ord FROM tasks t LEFT JOIN annotations a"
                                       " ON a.task_id = t.id AND a.annotator = ?1"
                                       " WHERE t.set_id = ?2 AND (a.state IS NULL OR a.state = 'draft')"
                                       " ORDER BY t.ord > ?3 DESC, t.ord LIMIT 1", -1, &stmt, NULL), ==, SQLITE_OK);
  for (int after = -1; after < (int) n; after += after < 40 ? 1 : 97)
    {
      guint ord = G_MAXUINT;
      gint64 row_id;
      g_autoptr(GError) error = NULL;

      sqlite3_bind_text (stmt, 1, annotator, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, set_id);
      sqlite3_bind_int (stmt, 3, after);
      row_id = rubric_store_next_open_task (store, set_id, annotator, after, &ord, &error);
      g_assert_no_error (error);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_assert_cmpint (row_id, !=, 0);
          g_assert_cmpint (ord, ==, sqlite3_column_int (stmt, 0));
        }
      else
        g_assert_cmpint (row_id, ==, 0);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
}

static void
check_counts (RubricStore *store,
              gint64       set_id,
              const char  *annotator)
{
  static const RubricAnnotationState states[] = {
    RUBRIC_ANNOTATION_DRAFT, RUBRIC_ANNOTATION_SUBMITTED, RUBRIC_ANNOTATION_SKIPPED,
  };

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM annotations WHERE set_id = %" G_GINT64_FORMAT
                                              " AND annotator = '%s' AND state = '%s'", set_id, annotator,
                                              rubric_annotation_state_to_string (states[i]));

      g_assert_cmpuint (rubric_store_count_state (store, set_id, annotator, states[i], NULL), ==,
                        test_count_rows (store, sql));
    }
  check_filters (store, set_id, annotator);
  check_blocks (store, set_id, annotator);
}

/* Work on every third task, flags on some, some taken back. */
static void
annotate (RubricStore *store,
          gint64       set_id,
          const char  *annotator,
          guint        step)
{
  g_autoptr(GPtrArray) rows = rubric_store_get_task_rows (store, set_id, annotator, 0, 10000, NULL);

  for (guint i = 0; i < rows->len; i += step)
    {
      RubricTaskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (row->row_id, set_id, annotator);
      g_autoptr(GError) error = NULL;

      annotation->state = i % 4 == 0 ? RUBRIC_ANNOTATION_SUBMITTED : i % 4 == 1 ? RUBRIC_ANNOTATION_DRAFT
                                                                     : RUBRIC_ANNOTATION_SKIPPED;
      if (i % 5 == 0)
        rubric_annotation_set_flag (annotation, "a", "unsafe", TRUE);
      g_assert_true (rubric_store_save_annotation (store, annotation, &error));
      g_assert_no_error (error);
      /* Some change their mind: another state, a flag taken down. */
      if (i % 3 == 0)
        {
          annotation->state = RUBRIC_ANNOTATION_SUBMITTED;
          rubric_annotation_set_flag (annotation, "a", "unsafe", FALSE);
          g_assert_true (rubric_store_save_annotation (store, annotation, &error));
          g_assert_no_error (error);
        }
    }
}

static gint64
import_file (RubricStore *store,
             const char  *path)
{
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rubric_import_file (store, path, RUBRIC_IMPORT_NONE, NULL, NULL, NULL, &result, &error));
  g_assert_no_error (error);
  return result->set_id;
}

static void
test_counts_follow_saves (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "w.db", NULL);
  g_autofree char *hh = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autofree char *samples = test_sample_path ();
  g_autoptr(RubricStore) store = rubric_store_new (db, NULL);
  gint64 first = import_file (store, samples);
  gint64 second = import_file (store, hh);
  guint purged = 0;

  annotate (store, first, "ann", 3);
  annotate (store, second, "ann", 2);
  annotate (store, second, "other", 5);
  check_counts (store, first, "ann");
  check_counts (store, second, "ann");
  check_counts (store, second, "other");
  check_counts (store, second, "nobody");

  /* Gone for good: nothing of it left in counts or the search index. */
  g_assert_true (rubric_library_delete (store, first, 1, NULL));
  g_assert_true (rubric_library_purge (store, 2, &purged, NULL));
  g_assert_cmpuint (purged, ==, 1);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM counts WHERE set_id = 1"), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM progress_blocks WHERE set_id = 1"), ==, 0);
  g_assert_cmpint (test_count_rows (store, "SELECT count(*) FROM task_prompts"), ==,
                   test_count_rows (store, "SELECT count(*) FROM tasks"));
  check_counts (store, second, "ann");
  test_rm_rf (dir);
}

/* An older workspace gets its counts and its index on upgrade. */
static void
test_upgrade_from_7 (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "w.db", NULL);
  g_autofree char *hh = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autoptr(GError) error = NULL;
  gint64 set_id;

  {
    g_autoptr(RubricStore) old = _rubric_store_new_at (db, 7, &error);

    g_assert_no_error (error);
    set_id = import_file (old, hh);
    annotate (old, set_id, "ann", 2);
  }
  {
    g_autoptr(RubricStore) store = rubric_store_new (db, &error);

    g_assert_no_error (error);
    g_assert_cmpint (rubric_store_get_schema_version (store), ==, RUBRIC_STORE_SCHEMA_VERSION);
    check_counts (store, set_id, "ann");
  }
  test_rm_rf (dir);
}

/* Records read into a review count as they are written. */
static void
test_review_counts (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "w.db", NULL);
  g_autoptr(RubricStore) store = rubric_store_new (db, NULL);
  g_autofree char *task = test_compare_task ("t1", "one", "two");
  g_autofree char *lines = g_strdup_printf (
    "{\"task_id\": \"t1\", \"annotator\": \"a\", \"state\": \"submitted\", \"choice\": \"A\", \"task\": %s}\n"
    "{\"task_id\": \"t1\", \"annotator\": \"a\", \"state\": \"skipped\", \"task\": %s}\n"
    "{\"task_id\": \"t1\", \"annotator\": \"b\", \"state\": \"submitted\", \"flags\": {\"a\": [\"x\"]}, \"task\": %s}\n",
    task, task, task);
  g_autofree char *path = test_write_file (dir, "r.jsonl", lines, -1);
  const char *paths[] = { path, NULL };
  g_autoptr(RubricReviewImport) result = NULL;

  g_assert_true (rubric_review_import (store, paths, NULL, &result, NULL));
  g_assert_cmpuint (rubric_store_count_state (store, result->set_id, "a", RUBRIC_ANNOTATION_SKIPPED, NULL), ==, 1);
  g_assert_cmpuint (rubric_store_count_state (store, result->set_id, "a", RUBRIC_ANNOTATION_SUBMITTED, NULL), ==, 0);
  check_counts (store, result->set_id, "a");
  check_counts (store, result->set_id, "b");
  test_rm_rf (dir);
}

/* The "to do" list, page by page and task by task, agrees with the
 * slow way. */
static void
check_todo (RubricStore *store,
            gint64       set_id,
            const char  *annotator)
{
  RubricTaskQuery query = { RUBRIC_FILTER_TODO, NULL };
  g_autoptr(GPtrArray) expect = slow_ids (store, set_id, annotator, &query);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (rubric_store_count_matching (store, set_id, annotator, &query, &error), ==, expect->len);
  for (guint offset = 0; offset < expect->len + 10; offset += 61)
    {
      g_autoptr(GPtrArray) rows = rubric_store_get_matching_rows (store, set_id, annotator, &query, offset, 150, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, MIN (150, expect->len > offset ? expect->len - offset : 0));
      for (guint i = 0; i < rows->len; i++)
        {
          RubricTaskRow *row = g_ptr_array_index (rows, i);
          g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, row->row_id);
          guint position = G_MAXUINT;

          g_assert_cmpstr (id, ==, g_ptr_array_index (expect, offset + i));
          g_assert_cmpuint (row->position, ==, offset + i);
          if (i % 13 == 0)
            {
              g_assert_true (rubric_store_find_matching_position (store, set_id, annotator, &query, row->row_id,
                                                                  &position, &error));
              g_assert_cmpuint (position, ==, offset + i);
            }
        }
    }
}

/* A set of several blocks of 1024 tasks, whole blocks of them done in a
 * run, others begun here and there: next open task and "to do" skip the
 * finished blocks and still find what the slow way finds. */
static void
test_blocks (void)
{
  g_autofree char *dir = test_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "w.db", NULL);
  g_autoptr(RubricStore) store = rubric_store_new (db, NULL);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 set_id;

  for (guint i = 0; i < 3500; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_autofree char *task = test_compare_task (id, "left", "right");

      g_string_append_printf (lines, "%s\n", task);
    }
  path = test_write_file (dir, "blocks.jsonl", lines->str, -1);
  set_id = import_file (store, path);
  rows = rubric_store_get_task_rows (store, set_id, "runner", 0, 4000, NULL);
  g_assert_cmpuint (rows->len, ==, 3500);

  check_blocks (store, set_id, "runner");
  check_todo (store, set_id, "runner");
  for (guint i = 0; i < rows->len; i++)
    {
      RubricTaskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(RubricAnnotation) annotation = NULL;

      /* Two whole blocks and a bit done, a draft in the third, a few
       * here and there after it, the last task done. */
      if (!(i < 2100 || (i > 2500 && i % 17 == 0) || i == 3499))
        continue;
      annotation = rubric_annotation_new (row->row_id, set_id, "runner");
      annotation->state = i == 1500 ? RUBRIC_ANNOTATION_DRAFT
                          : i % 10 == 3 ? RUBRIC_ANNOTATION_SKIPPED : RUBRIC_ANNOTATION_SUBMITTED;
      g_assert_true (rubric_store_save_annotation (store, annotation, NULL));
    }
  check_blocks (store, set_id, "runner");
  check_todo (store, set_id, "runner");

  /* The draft submitted, and a done task taken back to draft. */
  {
    g_autoptr(RubricAnnotation) draft = rubric_store_get_annotation (store, ((RubricTaskRow *) g_ptr_array_index (rows, 1500))->row_id, "runner", NULL);
    g_autoptr(RubricAnnotation) undone = rubric_store_get_annotation (store, ((RubricTaskRow *) g_ptr_array_index (rows, 700))->row_id, "runner", NULL);

    draft->state = RUBRIC_ANNOTATION_SUBMITTED;
    undone->state = RUBRIC_ANNOTATION_DRAFT;
    g_assert_true (rubric_store_save_annotation (store, draft, NULL));
    g_assert_true (rubric_store_save_annotation (store, undone, NULL));
  }
  check_blocks (store, set_id, "runner");
  check_todo (store, set_id, "runner");
  check_blocks (store, set_id, "nobody");
  check_todo (store, set_id, "nobody");
  test_rm_rf (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/store-counts/follow-saves", test_counts_follow_saves);
  g_test_add_func ("/store-counts/upgrade-from-7", test_upgrade_from_7);
  g_test_add_func ("/store-counts/review", test_review_counts);
  g_test_add_func ("/store-counts/blocks", test_blocks);
  return g_test_run ();
}
