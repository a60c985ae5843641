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
#include "rubric-text-pool.h"


typedef struct
{
  gboolean         loaded;
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
       "strength or rank distance as margin if asked, and the safe reply of "
       "each red-team attempt against the model's"),
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
    N_("Each written answer as the last message of its conversation, and each "
       "authored conversation whole"),
    RUBRIC_EXPORT_KIND_ANSWERS, _rubric_write_sft },
  [RUBRIC_EXPORT_PROMPT_COMPLETION] = {
    "prompt-completion", N_("Prompt and completion (written answers)"),
    N_("Each written answer as the completion of its prompt, and each authored "
       "conversation's last answer as the completion of all before it"),
    RUBRIC_EXPORT_KIND_ANSWERS, _rubric_write_prompt_completion },
  [RUBRIC_EXPORT_HELPSTEER] = {
    "helpsteer", N_("HelpSteer ratings (prompt, response, a score per criterion)"),
    N_("A line for each response with every criterion scored, each score named "
       "by its criterion"),
    RUBRIC_EXPORT_KIND_SCORES, _rubric_write_helpsteer },
  [RUBRIC_EXPORT_RED_TEAM_ATTEMPTS] = {
    "red-team-attempts", N_("Anthropic red-team attempts (transcript, rating)"),
    N_("Each red-team attempt as a Human/Assistant transcript with its success "
       "rating, description and tags, in the shape of Anthropic's dataset"),
    RUBRIC_EXPORT_KIND_ATTEMPTS, _rubric_write_red_team_attempts },
  [RUBRIC_EXPORT_RUBRIC_TASKS] = {
    "rubric-tasks", N_("Rubric task file (authored prompts)"),
    N_("A new task set for the next stage: a write task for each authored "
       "prompt, its ideal answer as gold, and a compare task for each red-team "
       "attempt with a safe reply"),
    RUBRIC_EXPORT_KIND_AUTHORED, _rubric_write_rubric_tasks, _rubric_write_rubric_tasks_header },
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

/* An author's conversation goes to the answer formats as the write
 * task it makes, its last answer the written answer; a red-team
 * attempt with a safe reply to the pair formats as the compare task it
 * makes, the safe reply (B) chosen. */
static guint
write_authored (const RubricExportWriter  *writer,
                GString                   *out,
                RubricExportRow           *row,
                const RubricExportOptions *options)
{
  g_autoptr(json_object) object = _rubric_writer_authored_task (row);
  g_autoptr(RubricTask) task = NULL;
  RubricExportRow made = *row;
  const char *answer;

  if (object == NULL)
    return 0;
  made.task = task = rubric_task_new (object);
  switch (writer->needs)
    {
    case RUBRIC_EXPORT_KIND_ANSWERS:
      answer = rubric_json_get_string (rubric_json_get_typed (object, "gold", json_type_object), "answer");
      if (task->kind != RUBRIC_TASK_KIND_WRITE || answer == NULL)
        return 0;
      made.answer = answer;
      made.answer_len = (int) strlen (answer);
      return writer->write (out, &made, options);
    case RUBRIC_EXPORT_KIND_PAIRS:
    case RUBRIC_EXPORT_KIND_DECISIONS:
      made.choice = "B";
      made.strength = 0;
      if (!decide (&made))
        return 0;
      return writer->write (out, &made, options);
    case RUBRIC_EXPORT_KIND_RECORDS:
    case RUBRIC_EXPORT_KIND_SCORES:
    case RUBRIC_EXPORT_KIND_ATTEMPTS:
    case RUBRIC_EXPORT_KIND_AUTHORED:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_authored (const RubricExportRow *row)
{
  return row->annotation != NULL &&
         (row->task->kind == RUBRIC_TASK_KIND_AUTHOR || row->task->kind == RUBRIC_TASK_KIND_RED_TEAM);
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
      if (row->task->kind == RUBRIC_TASK_KIND_RED_TEAM)
        return is_authored (row) ? write_authored (writer, out, row, options) : 0;
      return write_pairs (writer, out, row, options);
    case RUBRIC_EXPORT_KIND_DECISIONS:
      if (row->task->kind == RUBRIC_TASK_KIND_RED_TEAM)
        return is_authored (row) ? write_authored (writer, out, row, options) : 0;
      return decide (row) ? writer->write (out, row, options) : 0;
    case RUBRIC_EXPORT_KIND_ANSWERS:
      if (row->task->kind == RUBRIC_TASK_KIND_AUTHOR)
        return is_authored (row) ? write_authored (writer, out, row, options) : 0;
      if (row->task->kind != RUBRIC_TASK_KIND_WRITE || row->answer_len == 0)
        return 0;
      return writer->write (out, row, options);
    case RUBRIC_EXPORT_KIND_SCORES:
      return writer->write (out, row, options);
    case RUBRIC_EXPORT_KIND_ATTEMPTS:
      if (row->task->kind != RUBRIC_TASK_KIND_RED_TEAM || row->annotation == NULL)
        return 0;
      return writer->write (out, row, options);
    case RUBRIC_EXPORT_KIND_AUTHORED:
      return is_authored (row) ? writer->write (out, row, options) : 0;
    case RUBRIC_EXPORT_KIND_RECORDS:
    default:
      g_assert_not_reached ();
    }
}

/*
 * The loop: the calling thread steps the query and copies the columns
 * of each row a writer could use into chunks of CHUNK_ROWS; a pool of
 * one thread a processor parses the tasks and the work of a chunk and
 * writes its lines; the calling thread writes the chunks' text to the
 * file in order, with at most two a thread under way. Parsing each
 * task whole (a few KB of JSON) cost most of an export; on two
 * processors it now takes about half the time.
 *
 * A chunk's rows keep their text in one buffer, the chunk's: a
 * malloc() and a free() for each column of each row were a sixth of an
 * export to TRL.
 */
#define CHUNK_ROWS 128
#define MAX_WORKERS 8

/* The text columns of EXPORTED_COLUMNS (below) a row keeps. */
enum {
  TEXT_RAW,
  TEXT_EXT_ID,
  TEXT_SET_NAME,
  TEXT_HEADER,         /* on a chunk's first row of each set only */
  TEXT_ANNOTATOR,
  TEXT_STATE,
  TEXT_CHOICE,
  TEXT_JUSTIFICATION,
  TEXT_DATA,           /* only where the writer reads it: uses_data() */
  TEXT_ANSWER,
  N_TEXTS
};

static const int text_columns[N_TEXTS] = { 0, 1, 3, 4, 5, 6, 7, 9, 10, 16 };
#define COLUMN_KIND 17

typedef struct
{
  gsize        at[N_TEXTS];     /* in the chunk's text pool */
  gsize        len[N_TEXTS];
  gint64       set_id;
  int          strength;
  gint64       created_at;
  gint64       updated_at;
  gint64       submitted_at;
  gint64       active_ms;
  int          swapped;
  gboolean     with_data;       /* the writer reads the annotation's data */
} Pending;

typedef struct
{
  GArray                    *rows;     /* Pending */
  GByteArray                *text;     /* the rows' text columns (rubric-text-pool.h) */
  const RubricExportWriter  *writer;
  const RubricExportOptions *options;
  GString                   *out;
  guint                      n_written;
  GMutex                     lock;
  GCond                      cond;
  gboolean                   ready;
} Chunk;

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column,
            gsize        *len)
{
  const char *text = column_text (stmt, column);
  gsize n = sqlite3_column_bytes (stmt, column);

  if (len != NULL)
    *len = n;
  return text != NULL ? g_memdup2 (text, n + 1) : NULL;
}

/* Whether @writer could write anything of a row of this @kind, @state
 * and @choice: what it never could is left out (a tie, in pairs; a
 * skipped task, but in records). The writers decide the rest. */
static gboolean
wanted (const RubricExportWriter *writer,
        const char               *kind,
        const char               *state,
        const char               *choice,
        gsize                     answer_len)
{
  gboolean compare = g_strcmp0 (kind, "compare") == 0;
  gboolean author = g_strcmp0 (kind, "author") == 0;
  gboolean red_team = g_strcmp0 (kind, "red-team") == 0;

  if (writer->needs == RUBRIC_EXPORT_KIND_RECORDS)
    return TRUE;
  if (g_strcmp0 (state, "submitted") != 0)
    return FALSE;
  switch (writer->needs)
    {
    case RUBRIC_EXPORT_KIND_PAIRS:
      if (author)
        return FALSE;
      return !compare || g_strcmp0 (choice, "A") == 0 || g_strcmp0 (choice, "B") == 0;
    case RUBRIC_EXPORT_KIND_DECISIONS:
      return (compare && choice != NULL) || red_team;
    case RUBRIC_EXPORT_KIND_ANSWERS:
      return (g_strcmp0 (kind, "write") == 0 && answer_len > 0) || author;
    case RUBRIC_EXPORT_KIND_ATTEMPTS:
      return red_team;
    case RUBRIC_EXPORT_KIND_AUTHORED:
      return author || red_team;
    case RUBRIC_EXPORT_KIND_SCORES:
    case RUBRIC_EXPORT_KIND_RECORDS:
    default:
      return TRUE;
    }
}

/* A pair or an answer of a compare or write task is all in the
 * annotation's columns; its data (scores, flags, written work) is read
 * where a writer uses it. Reading it for every row was a sixth of an
 * export to TRL. A row whose task cannot be read is written only to
 * records. */
static gboolean
uses_data (const RubricExportWriter *writer,
           const char               *kind)
{
  switch (writer->needs)
    {
    case RUBRIC_EXPORT_KIND_PAIRS:
    case RUBRIC_EXPORT_KIND_DECISIONS:
    case RUBRIC_EXPORT_KIND_ANSWERS:
      return g_strcmp0 (kind, "compare") != 0 && g_strcmp0 (kind, "write") != 0;
    case RUBRIC_EXPORT_KIND_SCORES:
    case RUBRIC_EXPORT_KIND_ATTEMPTS:
    case RUBRIC_EXPORT_KIND_AUTHORED:
    case RUBRIC_EXPORT_KIND_RECORDS:
    default:
      return TRUE;
    }
}

static Chunk *
chunk_new (const RubricExportWriter  *writer,
           const RubricExportOptions *options)
{
  Chunk *chunk = g_new0 (Chunk, 1);

  chunk->rows = g_array_sized_new (FALSE, TRUE, sizeof (Pending), CHUNK_ROWS);
  chunk->text = g_byte_array_sized_new (CHUNK_ROWS * 4096);
  chunk->writer = writer;
  chunk->options = options;
  chunk->out = g_string_sized_new (CHUNK_ROWS * 4096);
  g_mutex_init (&chunk->lock);
  g_cond_init (&chunk->cond);
  return chunk;
}

static void
chunk_free (Chunk *chunk)
{
  g_array_unref (chunk->rows);
  g_byte_array_unref (chunk->text);
  g_string_free (chunk->out, TRUE);
  g_mutex_clear (&chunk->lock);
  g_cond_clear (&chunk->cond);
  g_free (chunk);
}

static void
chunk_keep_text (Chunk        *chunk,
                 Pending      *row,
                 int           text,
                 sqlite3_stmt *stmt)
{
  row->len[text] = sqlite3_column_bytes (stmt, text_columns[text]);
  row->at[text] = rubric_text_pool_add (chunk->text, column_text (stmt, text_columns[text]), row->len[text]);
}

static const char *
pending_text (const Chunk   *chunk,
              const Pending *row,
              int            text)
{
  return rubric_text_pool_get (chunk->text, row->at[text]);
}

/* Adds the row @stmt is on, if @chunk's writer could use it. */
static void
chunk_add_row (Chunk        *chunk,
               sqlite3_stmt *stmt)
{
  const RubricExportWriter *writer = chunk->writer;
  const char *kind = column_text (stmt, COLUMN_KIND);
  const Pending *last;
  Pending row;

  if (!wanted (writer, kind, column_text (stmt, text_columns[TEXT_STATE]),
               column_text (stmt, text_columns[TEXT_CHOICE]), sqlite3_column_bytes (stmt, text_columns[TEXT_ANSWER])))
    return;

  row.set_id = sqlite3_column_int64 (stmt, 2);
  row.strength = sqlite3_column_int (stmt, 8);
  row.created_at = sqlite3_column_int64 (stmt, 11);
  row.updated_at = sqlite3_column_int64 (stmt, 12);
  row.submitted_at = sqlite3_column_int64 (stmt, 13);
  row.active_ms = sqlite3_column_int64 (stmt, 14);
  row.swapped = sqlite3_column_int (stmt, 15);
  row.with_data = uses_data (writer, kind);
  last = chunk->rows->len > 0 ? &g_array_index (chunk->rows, Pending, chunk->rows->len - 1) : NULL;
  for (int text = 0; text < N_TEXTS; text++)
    {
      if ((text == TEXT_HEADER && last != NULL && last->set_id == row.set_id) ||
          (text == TEXT_DATA && !row.with_data))
        row.at[text] = RUBRIC_NO_TEXT, row.len[text] = 0;
      else
        chunk_keep_text (chunk, &row, text, stmt);
    }
  g_array_append_val (chunk->rows, row);
}

/* A chunk's first row of each set carries the set's header. */
static void
set_cache_update (SetCache      *cache,
                  const Chunk   *chunk,
                  const Pending *pending)
{
  const char *header = pending_text (chunk, pending, TEXT_HEADER);

  if (cache->loaded && cache->set_id == pending->set_id)
    return;
  g_clear_pointer (&cache->header, json_object_put);
  g_clear_pointer (&cache->config, rubric_set_config_unref);
  cache->loaded = TRUE;
  cache->set_id = pending->set_id;
  cache->header = json_tokener_parse (header ? header : "{}");
  cache->config = rubric_set_config_new (cache->header);
}

static void
set_cache_clear (SetCache *cache)
{
  g_clear_pointer (&cache->header, json_object_put);
  g_clear_pointer (&cache->config, rubric_set_config_unref);
}

static void
row_from_pending (RubricExportRow *row,
                  const Chunk     *chunk,
                  const Pending   *pending,
                  const SetCache  *cache,
                  json_tokener    *tokener)
{
  g_autoptr(json_object) task = NULL;

  memset (row, 0, sizeof *row);
  row->raw = pending_text (chunk, pending, TEXT_RAW);
  row->raw_len = pending->len[TEXT_RAW];
  if (row->raw != NULL)
    {
      rubric_json_tokener_reset (tokener);
      task = json_tokener_parse_ex (tokener, row->raw, (int) MIN (row->raw_len, G_MAXINT));
      if (task != NULL && json_tokener_get_error (tokener) == json_tokener_success)
        row->task = rubric_task_new (task);
    }
  row->ext_id = pending_text (chunk, pending, TEXT_EXT_ID);
  /* A repeat holds its original's text under an ext_id of its own. */
  if (row->task != NULL && g_strcmp0 (rubric_task_get_id (row->task), row->ext_id) != 0)
    {
      row->ext_id = rubric_task_get_id (row->task);
      row->repeat = TRUE;
    }
  row->set_name = pending_text (chunk, pending, TEXT_SET_NAME);
  row->header = cache->header;
  row->config = cache->config;
  row->annotator = pending_text (chunk, pending, TEXT_ANNOTATOR);
  row->state = pending_text (chunk, pending, TEXT_STATE);
  row->choice = pending_text (chunk, pending, TEXT_CHOICE);
  row->strength = pending->strength;
  row->justification = pending_text (chunk, pending, TEXT_JUSTIFICATION);
  row->justification_len = pending->len[TEXT_JUSTIFICATION];
  if (pending->with_data)
    {
      row->annotation = rubric_annotation_new (0, cache->set_id, row->annotator);
      rubric_annotation_load_data (row->annotation, pending_text (chunk, pending, TEXT_DATA), NULL);
    }
  row->created_at = pending->created_at;
  row->updated_at = pending->updated_at;
  row->submitted_at = pending->submitted_at;
  row->active_ms = pending->active_ms;
  row->swapped = pending->swapped;
  row->answer = pending_text (chunk, pending, TEXT_ANSWER);
  row->answer_len = pending->len[TEXT_ANSWER];
}

static void
row_clear (RubricExportRow *row)
{
  g_clear_pointer (&row->task, rubric_task_free);
  g_clear_pointer (&row->annotation, rubric_annotation_unref);
}

/* On a pool thread: a chunk's lines. */
static void
write_chunk (gpointer data,
             gpointer user_data)
{
  Chunk *chunk = data;
  SetCache cache = { FALSE, 0, NULL, NULL };
  json_tokener *tokener = json_tokener_new ();

  for (guint i = 0; i < chunk->rows->len; i++)
    {
      const Pending *pending = &g_array_index (chunk->rows, Pending, i);
      RubricExportRow row;

      set_cache_update (&cache, chunk, pending);
      row_from_pending (&row, chunk, pending, &cache, tokener);
      chunk->n_written += _rubric_export_write_row (chunk->writer, chunk->out, &row, chunk->options);
      row_clear (&row);
    }
  set_cache_clear (&cache);
  json_tokener_free (tokener);
  g_mutex_lock (&chunk->lock);
  chunk->ready = TRUE;
  g_cond_signal (&chunk->cond);
  g_mutex_unlock (&chunk->lock);
}

/* Waits for the oldest chunk under way and writes its text, after
 * the writer's header if it is the first text; on an error it still
 * waits, so that no pool thread outlives the export. */
static gboolean
finish_chunk (GQueue            *under_way,
              RubricAtomicFile  *file,
              GString           *header,
              guint             *n,
              gboolean           write,
              GError           **error)
{
  Chunk *chunk = g_queue_pop_head (under_way);
  gboolean ok = TRUE;

  g_mutex_lock (&chunk->lock);
  while (!chunk->ready)
    g_cond_wait (&chunk->cond, &chunk->lock);
  g_mutex_unlock (&chunk->lock);
  if (write && chunk->out->len > 0)
    {
      *n += chunk->n_written;
      if (header != NULL && header->len > 0)
        {
          ok = rubric_atomic_file_write (file, header->str, header->len, error);
          g_string_truncate (header, 0);
        }
      ok = ok && rubric_atomic_file_write (file, chunk->out->str, chunk->out->len, error);
    }
  chunk_free (chunk);
  return ok;
}

/* A task file holds one task set: the name of the one whose author and
 * red-team work is exported, NULL when there is none. */
static gboolean
authored_set_name (RubricStore                *store,
                   const RubricExportOptions  *options,
                   char                      **name,
                   GError                    **error)
{
  sqlite3_stmt *stmt = _rubric_store_prepare (store,
                                              "SELECT DISTINCT s.id, s.name"
                                              " FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                              " JOIN task_sets s ON s.id = t.set_id"
                                              " WHERE (?1 = 0 OR a.set_id = ?1) AND (?2 IS NULL OR a.annotator = ?2)"
                                              "   AND a.state = 'submitted' AND t.kind IN ('author', 'red-team')"
                                              " LIMIT 2", error);
  guint n_sets = 0;
  int rc;

  *name = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, options->set_id);
  if (options->annotator != NULL)
    sqlite3_bind_text (stmt, 2, options->annotator, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (n_sets++ == 0)
        *name = column_dup (stmt, 1, NULL);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (name, g_free);
      return _rubric_store_fail (store, error);
    }
  if (n_sets > 1)
    {
      g_clear_pointer (name, g_free);
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                   _("A task file holds one task set, and this work comes from several: export one set at a time"));
      return FALSE;
    }
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
#define EXPORTED_COLUMNS \
  "SELECT t.raw, t.ext_id, t.set_id, s.name, s.header, a.annotator, a.state," \
  "  a.choice, a.strength, a.justification, a.data, a.created_at, a.updated_at," \
  "  a.submitted_at, a.active_ms, a.swapped, a.answer, t.kind" \
  " FROM annotations a JOIN tasks t ON t.id = a.task_id" \
  " JOIN task_sets s ON s.id = t.set_id"
  /* One person's work on one set comes in task order from the index of
   * finished work (an annotation's ord is its task's); anything wider
   * is sorted, and sorting every task's text took a quarter of an
   * export of 100,000. */
  sqlite3_stmt *stmt = options != NULL && options->set_id != 0 && options->annotator != NULL
    ? _rubric_store_prepare (store,
                             EXPORTED_COLUMNS
                             " WHERE a.set_id = ?1 AND a.annotator = ?2 AND a.state IN ('submitted', 'skipped')"
                             " ORDER BY a.set_id, a.annotator, a.ord", error)
    : _rubric_store_prepare (store,
                             EXPORTED_COLUMNS
                             " WHERE (?1 = 0 OR a.set_id = ?1) AND (?2 IS NULL OR a.annotator = ?2)"
                             "   AND a.state IN ('submitted', 'skipped')"
                             " ORDER BY t.set_id, t.ord, a.annotator", error);
#undef EXPORTED_COLUMNS
  g_autoptr(RubricAtomicFile) file = NULL;
  g_autoptr(GString) header = NULL;
  g_autofree char *set_name = NULL;
  RubricExportOptions defaults = { 0, NULL, FALSE, RUBRIC_TIES_DROP };
  const RubricExportWriter *writer;
  g_autoptr(GError) local_error = NULL;
  GThreadPool *pool;
  GQueue under_way = G_QUEUE_INIT;
  guint n_workers = CLAMP (g_get_num_processors (), 1, MAX_WORKERS);
  Chunk *chunk = NULL;
  guint n = 0;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);
  g_return_val_if_fail (format < RUBRIC_EXPORT_N_FORMATS, FALSE);

  writer = &writers[format];
  if (options == NULL)
    options = &defaults;
  if (stmt == NULL || !rubric_store_check_foreign_path (store, path, error))
    return FALSE;
  if (writer->header != NULL)
    {
      if (!authored_set_name (store, options, &set_name, error))
        return FALSE;
      header = g_string_new (NULL);
      writer->header (header, set_name, options);
    }
  if (!(file = rubric_atomic_file_new (path, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, options->set_id);
  if (options->annotator != NULL)
    sqlite3_bind_text (stmt, 2, options->annotator, -1, SQLITE_TRANSIENT);

  pool = g_thread_pool_new (write_chunk, NULL, n_workers, FALSE, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (chunk == NULL)
        chunk = chunk_new (writer, options);
      chunk_add_row (chunk, stmt);
      if (chunk->rows->len < CHUNK_ROWS)
        continue;
      g_queue_push_tail (&under_way, chunk);
      g_thread_pool_push (pool, g_steal_pointer (&chunk), NULL);
      if (g_queue_get_length (&under_way) > 2 * n_workers &&
          (!finish_chunk (&under_way, file, header, &n, TRUE, &local_error) ||
           g_cancellable_set_error_if_cancelled (cancellable, &local_error)))
        break;
    }
  sqlite3_reset (stmt);
  if (chunk != NULL && local_error == NULL)
    {
      g_queue_push_tail (&under_way, chunk);
      g_thread_pool_push (pool, g_steal_pointer (&chunk), NULL);
    }
  g_clear_pointer (&chunk, chunk_free);
  while (!g_queue_is_empty (&under_way))
    if (!finish_chunk (&under_way, file, header, &n, local_error == NULL, local_error == NULL ? &local_error : NULL))
      continue;
  g_thread_pool_free (pool, FALSE, TRUE);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  if (!rubric_atomic_file_commit (file, error))
    return FALSE;
  if (n_written != NULL)
    *n_written = n;
  return TRUE;
}
