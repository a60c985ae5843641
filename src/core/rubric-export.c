/* rubric-export.c
 *
 * The table of writers, and the one loop that feeds them: it reads the
 * annotations, shapes each for what its writer needs (a record, a pair,
 * a decision, an answer, scores) and writes the file atomically. The
 * writers themselves are in src/core/formats/, one file each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-export"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "formats/rubric-writer-private.h"
#include "rubric-atomic-file.h"
#include "rubric-error.h"
#include "rubric-export.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-set-config.h"
#include "rubric-store-private.h"

#define FLUSH_SIZE (1024 * 1024)

typedef struct
{
  gint64           set_id;
  json_object     *header;
  RubricSetConfig *config;
} SetCache;

/*
 * Every format Rubric writes. A new one is a file in src/core/formats/
 * with its write function, and a line here (and, while the app sizes
 * its export choices at compile time, a RubricExportFormat value). The
 * CLI's help and --format, and the export dialog's choices, read this.
 */
static const RubricExportWriter writers[] = {
  [RUBRIC_EXPORT_RECORDS] = {
    "records", N_("Annotation records (everything)"),
    N_("Everything Rubric knows about each submitted or skipped annotation, "
       "one object a line (docs/records.schema.json)"),
    RUBRIC_EXPORT_KIND_RECORDS, _rubric_write_records },
  [RUBRIC_EXPORT_TRL] = {
    "trl", N_("TRL preference pairs (prompt, chosen, rejected)"),
    N_("A pair for each clear choice and each pair of a ranking, with the "
       "strength or rank distance as margin if asked"),
    RUBRIC_EXPORT_KIND_PAIRS, _rubric_write_trl },
  [RUBRIC_EXPORT_TRL_UNPAIRED] = {
    "trl-unpaired", N_("TRL unpaired (prompt, completion, label)"),
    N_("Both responses of each comparison, labelled good or bad; "
       "the two of a tie, if ties are kept"),
    RUBRIC_EXPORT_KIND_DECISIONS, _rubric_write_trl_unpaired },
  [RUBRIC_EXPORT_OPENAI_PREFERENCE] = {
    "openai-preference", N_("OpenAI preference (input, preferred_output)"),
    N_("The preferred and the other reply of each clear choice and ranked pair"),
    RUBRIC_EXPORT_KIND_PAIRS, _rubric_write_openai_preference },
  [RUBRIC_EXPORT_HH] = {
    "hh", N_("Anthropic HH transcripts (chosen, rejected)"),
    N_("Human/Assistant transcripts of each clear choice and ranked pair"),
    RUBRIC_EXPORT_KIND_PAIRS, _rubric_write_hh },
  [RUBRIC_EXPORT_SFT] = {
    "sft", N_("Chat SFT messages (written answers)"),
    N_("Each written answer as the last message of its conversation"),
    RUBRIC_EXPORT_KIND_ANSWERS, _rubric_write_sft },
  [RUBRIC_EXPORT_PROMPT_COMPLETION] = {
    "prompt-completion", N_("Prompt and completion (written answers)"),
    N_("Each written answer as the completion of its prompt"),
    RUBRIC_EXPORT_KIND_ANSWERS, _rubric_write_prompt_completion },
  [RUBRIC_EXPORT_HELPSTEER] = {
    "helpsteer", N_("HelpSteer ratings (prompt, response, a score per criterion)"),
    N_("A line for each response with every criterion scored, each score named "
       "by its criterion"),
    RUBRIC_EXPORT_KIND_SCORES, _rubric_write_helpsteer },
};

G_STATIC_ASSERT (G_N_ELEMENTS (writers) == RUBRIC_EXPORT_N_FORMATS);

/**
 * rubric_export_writers:
 * @n_writers: (out): how many there are
 *
 * Returns: (array length=n_writers) (transfer none): every export
 *   format, in the order of #RubricExportFormat
 */
const RubricExportWriter *
rubric_export_writers (guint *n_writers)
{
  g_return_val_if_fail (n_writers != NULL, NULL);

  *n_writers = G_N_ELEMENTS (writers);
  return writers;
}

/**
 * rubric_export_writer_lookup:
 *
 * Returns: (nullable) (transfer none): the writer named @id
 */
const RubricExportWriter *
rubric_export_writer_lookup (const char *id)
{
  for (guint i = 0; id != NULL && i < G_N_ELEMENTS (writers); i++)
    {
      if (strcmp (id, writers[i].id) == 0)
        return &writers[i];
    }
  return NULL;
}

const char *
rubric_export_format_to_string (RubricExportFormat format)
{
  g_return_val_if_fail (format < RUBRIC_EXPORT_N_FORMATS, NULL);
  return writers[format].id;
}

const char *
rubric_export_format_get_label (RubricExportFormat format)
{
  g_return_val_if_fail (format < RUBRIC_EXPORT_N_FORMATS, NULL);
  return _(writers[format].label);
}

gboolean
rubric_export_format_from_string (const char         *str,
                                  RubricExportFormat *format)
{
  const RubricExportWriter *writer = rubric_export_writer_lookup (str);

  if (writer == NULL)
    return FALSE;
  *format = (RubricExportFormat) (writer - writers);
  return TRUE;
}

/* A compare decision, in the task file's terms. */
static gboolean
decide (RubricExportRow *row)
{
  RubricExportPair *pair = &row->pair;

  if (row->choice == NULL || row->task->kind != RUBRIC_TASK_KIND_COMPARE ||
      rubric_task_get_n_responses (row->task) != 2)
    return FALSE;
  pair->chosen = -1;
  if (strcmp (row->choice, "A") == 0)
    pair->chosen = 0;
  else if (strcmp (row->choice, "B") == 0)
    pair->chosen = 1;
  pair->rejected = 1 - pair->chosen;
  pair->tie = strcmp (row->choice, "tie") == 0;
  pair->both_bad = strcmp (row->choice, "both-bad") == 0;
  pair->margin = row->strength;
  return TRUE;
}

/* A ranking of K gives every ordered pair but the tied ones, each with
 * the rank distance as its margin. */
static guint
write_ranking (const RubricExportWriter  *writer,
               GString                   *out,
               RubricExportRow           *row,
               const RubricExportOptions *options)
{
  guint n = rubric_task_get_n_responses (row->task);
  int ranks[RUBRIC_MAX_RESPONSES];
  guint n_written = 0;

  if (!rubric_ranking_ranks (row->task, row->annotation, ranks))
    return 0;
  for (int rank = 1; rank <= (int) n; rank++)
    for (guint i = 0; i < n; i++)
      {
        if (ranks[i] != rank)
          continue;
        for (guint j = 0; j < n; j++)
          {
            if (ranks[j] <= ranks[i])
              continue;
            row->pair = (RubricExportPair) { (int) i, (int) j, FALSE, FALSE, ranks[j] - ranks[i] };
            n_written += writer->write (out, row, options);
          }
      }
  return n_written;
}

static guint
write_pairs (const RubricExportWriter  *writer,
             GString                   *out,
             RubricExportRow           *row,
             const RubricExportOptions *options)
{
  if (row->task->kind == RUBRIC_TASK_KIND_RANK)
    return write_ranking (writer, out, row, options);
  if (!decide (row) || row->pair.chosen < 0)
    return 0;
  return writer->write (out, row, options);
}

/* Shapes @row for what @writer needs; what it cannot use, it skips. */
guint
_rubric_export_write_row (const RubricExportWriter  *writer,
           GString                   *out,
           RubricExportRow           *row,
           const RubricExportOptions *options)
{
  if (writer->needs == RUBRIC_EXPORT_KIND_RECORDS)
    return writer->write (out, row, options);
  /* A repeat measures the person, and is no second example. */
  if (row->task == NULL || row->repeat || strcmp (row->state, "submitted") != 0)
    return 0;

  switch (writer->needs)
    {
    case RUBRIC_EXPORT_KIND_PAIRS:
      return write_pairs (writer, out, row, options);
    case RUBRIC_EXPORT_KIND_DECISIONS:
      return decide (row) ? writer->write (out, row, options) : 0;
    case RUBRIC_EXPORT_KIND_ANSWERS:
      if (row->task->kind != RUBRIC_TASK_KIND_WRITE || row->answer_len == 0)
        return 0;
      return writer->write (out, row, options);
    case RUBRIC_EXPORT_KIND_SCORES:
      return writer->write (out, row, options);
    case RUBRIC_EXPORT_KIND_RECORDS:
    default:
      g_assert_not_reached ();
    }
}

static void
set_cache_update (SetCache     *cache,
                  sqlite3_stmt *stmt)
{
  gint64 set_id = sqlite3_column_int64 (stmt, 2);

  if (cache->header != NULL && cache->set_id == set_id)
    return;
  g_clear_pointer (&cache->header, json_object_put);
  g_clear_pointer (&cache->config, rubric_set_config_unref);
  cache->set_id = set_id;
  cache->header = json_tokener_parse ((const char *) sqlite3_column_text (stmt, 4));
  cache->config = rubric_set_config_new (cache->header);
}

static void
set_cache_clear (SetCache *cache)
{
  g_clear_pointer (&cache->header, json_object_put);
  g_clear_pointer (&cache->config, rubric_set_config_unref);
}

static void
row_from_stmt (RubricExportRow *row,
               sqlite3_stmt    *stmt,
               const SetCache  *cache)
{
  g_autoptr(json_object) task = NULL;

  memset (row, 0, sizeof *row);
  row->raw = (const char *) sqlite3_column_text (stmt, 0);
  row->raw_len = sqlite3_column_bytes (stmt, 0);
  if ((task = json_tokener_parse (row->raw)) != NULL)
    row->task = rubric_task_new (task);
  row->ext_id = (const char *) sqlite3_column_text (stmt, 1);
  /* A repeat holds its original's text under an ext_id of its own. */
  if (row->task != NULL && g_strcmp0 (rubric_task_get_id (row->task), row->ext_id) != 0)
    {
      row->ext_id = rubric_task_get_id (row->task);
      row->repeat = TRUE;
    }
  row->set_name = (const char *) sqlite3_column_text (stmt, 3);
  row->header = cache->header;
  row->config = cache->config;
  row->annotator = (const char *) sqlite3_column_text (stmt, 5);
  row->state = (const char *) sqlite3_column_text (stmt, 6);
  row->choice = (const char *) sqlite3_column_text (stmt, 7);
  row->strength = sqlite3_column_int (stmt, 8);
  row->justification = (const char *) sqlite3_column_text (stmt, 9);
  row->justification_len = sqlite3_column_bytes (stmt, 9);
  row->annotation = rubric_annotation_new (0, cache->set_id, row->annotator);
  rubric_annotation_load_data (row->annotation, (const char *) sqlite3_column_text (stmt, 10), NULL);
  row->created_at = sqlite3_column_int64 (stmt, 11);
  row->updated_at = sqlite3_column_int64 (stmt, 12);
  row->submitted_at = sqlite3_column_int64 (stmt, 13);
  row->active_ms = sqlite3_column_int64 (stmt, 14);
  row->swapped = sqlite3_column_int (stmt, 15);
  row->answer = (const char *) sqlite3_column_text (stmt, 16);
  row->answer_len = sqlite3_column_bytes (stmt, 16);
}

static void
row_clear (RubricExportRow *row)
{
  g_clear_pointer (&row->task, rubric_task_free);
  g_clear_pointer (&row->annotation, rubric_annotation_unref);
}

static gboolean
flush (RubricAtomicFile  *file,
       GString           *out,
       gsize              threshold,
       GError           **error)
{
  if (out->len < threshold)
    return TRUE;
  if (!rubric_atomic_file_write (file, out->str, out->len, error))
    return FALSE;
  g_string_truncate (out, 0);
  return TRUE;
}

/**
 * rubric_export:
 * @n_written: (out) (optional): how many lines were written
 *
 * Writes the submitted (and, for records, skipped) annotations in
 * @format. The file appears whole or not at all.
 */
gboolean
rubric_export (RubricStore                *store,
               RubricExportFormat          format,
               const RubricExportOptions  *options,
               const char                 *path,
               GCancellable               *cancellable,
               guint                      *n_written,
               GError                    **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT t.raw, t.ext_id, t.set_id, s.name, s.header, a.annotator, a.state,"
                                              "  a.choice, a.strength, a.justification, a.data, a.created_at, a.updated_at,"
                                              "  a.submitted_at, a.active_ms, a.swapped, a.answer"
                                              " FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                              " JOIN task_sets s ON s.id = t.set_id"
                                              " WHERE (?1 = 0 OR a.set_id = ?1) AND (?2 IS NULL OR a.annotator = ?2)"
                                              "   AND a.state IN ('submitted', 'skipped')"
                                              " ORDER BY t.set_id, t.ord, a.annotator", error);
  g_autoptr(RubricAtomicFile) file = NULL;
  g_autoptr(GString) out = g_string_sized_new (FLUSH_SIZE + 65536);
  RubricExportOptions defaults = { 0, NULL, FALSE, RUBRIC_TIES_DROP };
  const RubricExportWriter *writer;
  SetCache cache = { 0, NULL, NULL };
  g_autoptr(GError) local_error = NULL;
  guint n = 0;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (format < RUBRIC_EXPORT_N_FORMATS, FALSE);

  writer = &writers[format];
  if (options == NULL)
    options = &defaults;
  if (stmt == NULL || !rubric_store_check_foreign_path (store, path, error) ||
      !(file = rubric_atomic_file_new (path, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, options->set_id);
  if (options->annotator != NULL)
    sqlite3_bind_text (stmt, 2, options->annotator, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RubricExportRow row;

      set_cache_update (&cache, stmt);
      row_from_stmt (&row, stmt, &cache);
      n += _rubric_export_write_row (writer, out, &row, options);
      row_clear (&row);
      if (!flush (file, out, FLUSH_SIZE, &local_error) || g_cancellable_set_error_if_cancelled (cancellable, &local_error))
        break;
    }
  sqlite3_reset (stmt);
  set_cache_clear (&cache);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  if (!flush (file, out, 0, error) || !rubric_atomic_file_commit (file, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = n;
  return TRUE;
}
