/* rubric-bias.c — per-annotator bias and quality signals over records exports
 *
 * Decisions:
 *
 *  - Records: submitted only (skipped ones say nothing about bias).
 *    Annotators are merged by name across files. One record counts per
 *    annotator, task_id and value of `swapped`, the last one read (a
 *    warning says how many were replaced): the same export read twice
 *    does not count twice, while a task shown again with the sides
 *    swapped keeps both of its records. Such a second showing is what
 *    a set's repeat_swapped asks for: its record says "repeat": true,
 *    has the original's task_id and the other `swapped`, so it never
 *    replaces the first showing's record (nor the other way round), and
 *    it counts like any record. `n` is the records counted.
 *  - Position: records whose choice is A or B. The response on the left
 *    is A unless `swapped`; left_wins is the share of those choices
 *    that went to the left. p is the exact two-sided binomial p against
 *    0.5: min (1, 2 P(X ≤ min (k, n − k))), the tail summed term by term
 *    (from 2⁻ⁿ up to 1000 trials, else from a log-gamma start).
 *    flip_rate: over tasks the annotator submitted both unswapped and
 *    swapped (a repeat and its original, or any two such records),
 *    each time with a choice (any of A, B, tie, both-bad, in the task
 *    file's terms), the share whose two choices differ; flip_pairs
 *    counts those tasks. A tie or both-bad against A or B is a flip
 *    too: the judgement moved with the sides. It is null without such
 *    a task.
 *  - Length: A/B choices whose task has two responses with non-empty
 *    content; lengths in code points. longer_wins is over the pairs of
 *    unequal length only (null when every pair ties); slope is the
 *    least-squares slope of the choice (A = 1, B = 0) on
 *    ln (len A / len B): positive means the longer A wins more. Null
 *    with fewer than two choices or when the log ratio never varies.
 *  - Speed: active_seconds of every submitted record, of any kind; a
 *    missing or zero time is unmeasured (the export rounds to a tenth,
 *    and imported work has no time) and left out of both figures.
 *    median_seconds is the plain median of the annotator's times.
 *    robust_z = (med_a − med_all) / (1.4826 × MAD_all), med_a the
 *    median of the annotator's ln seconds, med_all and MAD_all the
 *    median and median absolute deviation of the ln seconds of every
 *    measured submission of every annotator pooled (per record, not per
 *    annotator: a handful of annotators gives no stable spread); null
 *    when MAD_all is 0. Negative is faster than the crowd. too_fast is
 *    the share of the annotator's measured submissions strictly below
 *    the threshold: by default a quarter of the pooled median time,
 *    else the caller's (`rubric-cli bias --too-fast SECONDS`).
 *  - Gold: records carrying gold_check; accuracy is the share correct,
 *    with the 95 % Wilson score interval (z = 1.959964).
 *  - Effort: pasted_share = Σ pasted_chars / Σ code points of the
 *    justifications and answers, over submitted records; null when
 *    nothing was written. It can exceed 1 when pasted text was deleted
 *    afterwards: it is not clamped, so that shows.
 *  - Overrides: count of overruled warnings by `check`, over submitted
 *    records; an override without a check counts as "(unnamed)".
 *  - Red team: records of kind red-team (the record's kind, else its
 *    task's). categories counts them by harm category as written (an
 *    attempt without one under "(no category)"), most first; the same
 *    for every annotator together. Of the attempts with a success
 *    rating (0–4), mean_success is the mean rating and success_rate the
 *    share rated 3 ("Substantial") or more: attacks that got the model
 *    to do most or all of what it must not. An unrated attempt counts in
 *    n and its category, not in the two figures.
 *  - Author: records of kind author; turns is the turns written and
 *    mean_prompt_words the words per prompt over all of them. Effort
 *    counts the authored system message, prompts and answers (red team:
 *    the attacks, description and safe reply, not the model's pasted
 *    replies) as written text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-bias"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "rubric-bias.h"
#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-records.h"
#include "rubric-task.h"

#define WILSON_Z 1.959964
#define MAD_SCALE 1.4826
#define UNNAMED_CHECK "(unnamed)"

/* Statistics ----------------------------------------------------------------- */

/* P(X ≤ m) for X ~ Binomial (n, 0.5), m < n. Up to 1000 trials, the
 * terms go up from 2⁻ⁿ (exact for small n); beyond, 2⁻ⁿ underflows and
 * they go down from C(n, m) 2⁻ⁿ through log-gamma. */
static double
binomial_half_cdf (guint64 m,
                   guint64 n)
{
  double term, sum;

  if (n <= 1000)
    {
      term = ldexp (1.0, -(int) n);
      sum = term;
      for (guint64 i = 0; i < m; i++)
        {
          /* C(n, i + 1) = C(n, i) × (n − i) / (i + 1) */
          term = term * (double) (n - i) / (double) (i + 1);
          sum += term;
        }
      return sum;
    }
  term = exp (lgamma ((double) n + 1) - lgamma ((double) m + 1) -
                     lgamma ((double) (n - m) + 1) - (double) n * G_LN2);
  sum = term;

  for (guint64 i = m; i > 0; i--)
    {
      /* C(n, i − 1) = C(n, i) × i / (n − i + 1) */
      term *= (double) i / (double) (n - i + 1);
      sum += term;
      if (term < sum * 1e-17)
        break;
    }
  return sum;
}

/**
 * rubric_binomial_two_sided_p:
 * @k: successes
 * @n: trials
 *
 * Returns: the exact two-sided p-value of @k of @n against 0.5, or NaN
 *   when @n is 0
 */
double
rubric_binomial_two_sided_p (guint64 k,
                             guint64 n)
{
  guint64 m;

  if (n == 0 || k > n)
    return NAN;
  m = MIN (k, n - k);
  if (2 * m >= n)
    return 1.0;
  return MIN (1.0, 2.0 * binomial_half_cdf (m, n));
}

gboolean
rubric_wilson_interval (guint64  k,
                        guint64  n,
                        double   z,
                        double  *low,
                        double  *high)
{
  double p, z2, denom, center, half;

  if (n == 0 || k > n)
    {
      if (low != NULL)
        *low = NAN;
      if (high != NULL)
        *high = NAN;
      return FALSE;
    }
  p = (double) k / (double) n;
  z2 = z * z;
  denom = 1 + z2 / (double) n;
  center = (p + z2 / (2.0 * (double) n)) / denom;
  half = z * sqrt (p * (1 - p) / (double) n + z2 / (4.0 * (double) n * (double) n)) / denom;
  if (low != NULL)
    *low = MAX (0.0, center - half);
  if (high != NULL)
    *high = MIN (1.0, center + half);
  return TRUE;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
rubric_median (double *values,
               gsize   n)
{
  if (n == 0)
    return NAN;
  qsort (values, n, sizeof (double), compare_doubles);
  if (n % 2 == 1)
    return values[n / 2];
  return (values[n / 2 - 1] + values[n / 2]) / 2;
}

double
rubric_robust_z (double        value,
                 const double *values,
                 gsize         n)
{
  g_autofree double *copy = NULL;
  double median, mad;

  if (n == 0 || isnan (value))
    return NAN;
  copy = g_memdup2 (values, n * sizeof (double));
  median = rubric_median (copy, n);
  for (gsize i = 0; i < n; i++)
    copy[i] = fabs (copy[i] - median);
  mad = rubric_median (copy, n);
  if (!(mad > 0))
    return NAN;
  return (value - median) / (MAD_SCALE * mad);
}

/* Reading -------------------------------------------------------------------- */


typedef struct
{
  guint      annotator;
  char      *task_id;
  gint8      choice;
  gboolean   swapped;
  double     seconds;        /* NaN when unmeasured */
  guint64    pasted;
  guint64    text_len;
  glong      len_a;          /* code points; −1 unknown */
  glong      len_b;
  gint8      gold;           /* −1 none, 0 wrong, 1 correct */
  GPtrArray *checks;         /* char *, overridden checks; NULL for none */
  RubricTaskKind kind;
  char      *category;       /* red team; NULL for none */
  int        success;        /* red team; −1 unrated */
  guint      n_turns;        /* author */
  guint      prompt_words;   /* author, over every turn */
} Record;

/* A record as a worker thread reads it, before its annotator has a
 * number. */
typedef struct
{
  char   *annotator;
  Record *record;
} RecordRead;

typedef struct
{
  GPtrArray  *annotators;    /* char * */
  GHashTable *annotator_ids; /* name → index + 1, keys owned by annotators */
  GPtrArray  *records;       /* Record * */
  GHashTable *record_ids;    /* "annotator\x1ftask\x1fswapped" → index + 1 */
  guint       n_replaced;
} Reader;

static void
record_free (gpointer data)
{
  Record *record = data;

  g_free (record->task_id);
  g_free (record->category);
  g_clear_pointer (&record->checks, g_ptr_array_unref);
  g_free (record);
}

static void
record_read_free (gpointer data)
{
  RecordRead *read = data;

  g_free (read->annotator);
  g_clear_pointer (&read->record, record_free);
  g_free (read);
}

static glong
code_points (const char *text)
{
  if (text == NULL)
    return 0;
  /* json-c hands out UTF-8; count bytes past anything invalid. */
  if (!g_utf8_validate (text, -1, NULL))
    return (glong) strlen (text);
  return g_utf8_strlen (text, -1);
}

static guint
reader_annotator (Reader     *reader,
                  const char *name)
{
  gpointer value = g_hash_table_lookup (reader->annotator_ids, name);
  char *copy;

  if (value != NULL)
    return GPOINTER_TO_UINT (value) - 1;
  copy = g_strdup (name);
  g_ptr_array_add (reader->annotators, copy);
  g_hash_table_insert (reader->annotator_ids, copy, GUINT_TO_POINTER (reader->annotators->len));
  return reader->annotators->len - 1;
}

static double
get_double (json_object *object,
            const char  *key)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (object, key, &value) ||
      !(json_object_is_type (value, json_type_double) || json_object_is_type (value, json_type_int)))
    return NAN;
  return json_object_get_double (value);
}

/* What an author or red-team record's person wrote, and its rating. */
static void
extract_written (Record      *record,
                 json_object *object)
{
  json_object *turns = rubric_json_get_typed (object, "turns", json_type_array);
  json_object *success = rubric_json_get_typed (object, "success", json_type_int);
  gboolean author = record->kind == RUBRIC_TASK_KIND_AUTHOR;

  record->success = -1;
  if (record->kind != RUBRIC_TASK_KIND_AUTHOR && record->kind != RUBRIC_TASK_KIND_RED_TEAM)
    return;
  for (gsize i = 0; turns != NULL && i < json_object_array_length (turns); i++)
    {
      json_object *turn = json_object_array_get_idx (turns, i);
      const char *prompt = rubric_json_get_string (turn, "prompt");

      record->n_turns++;
      record->prompt_words += rubric_count_words (prompt);
      record->text_len += (guint64) code_points (prompt);
      if (author)
        record->text_len += (guint64) code_points (rubric_json_get_string (turn, "reply"));
    }
  if (author)
    {
      record->text_len += (guint64) code_points (rubric_json_get_string (object, "system"));
      return;
    }
  record->text_len += (guint64) code_points (rubric_json_get_string (object, "description")) +
                      (guint64) code_points (rubric_json_get_string (object, "safe_reply"));
  record->category = g_strdup (rubric_json_get_string (object, "category"));
  if (success != NULL && json_object_get_int64 (success) >= 0 && json_object_get_int64 (success) <= RUBRIC_MAX_SUCCESS)
    record->success = json_object_get_int (success);
}

/* In a worker thread (RubricRecordExtractFunc): the submitted records. */
static gpointer
extract_record (json_object *object,
                const char  *task_id,
                gboolean     submitted,
                gpointer     user_data)
{
  const char *annotator = rubric_json_get_string (object, "annotator");
  json_object *task = rubric_json_get_typed (object, "task", json_type_object);
  json_object *responses = rubric_json_get_typed (task, "responses", json_type_array);
  json_object *gold = rubric_json_get_typed (object, "gold_check", json_type_object);
  json_object *overrides = rubric_json_get_typed (object, "overrides", json_type_array);
  json_object *swapped = NULL, *correct = NULL;
  double seconds, pasted;
  RecordRead *read;
  Record *record;

  if (!submitted)
    return NULL;
  read = g_new0 (RecordRead, 1);
  read->annotator = g_strdup (annotator != NULL ? annotator : "");
  read->record = record = g_new0 (Record, 1);
  record->task_id = g_strdup (task_id);
  record->choice = rubric_records_parse_choice (rubric_json_get_string (object, "choice"));
  record->swapped = json_object_object_get_ex (object, "swapped", &swapped) && json_object_get_boolean (swapped);
  seconds = get_double (object, "active_seconds");
  record->seconds = seconds > 0 ? seconds : NAN;
  pasted = get_double (object, "pasted_chars");
  record->pasted = pasted > 0 ? (guint64) pasted : 0;
  record->text_len = (guint64) code_points (rubric_json_get_string (object, "justification")) +
                     (guint64) code_points (rubric_json_get_string (object, "answer"));
  record->kind = rubric_task_kind_from_string (rubric_json_get_string (object, "kind") ?: rubric_json_get_string (task, "kind"));
  extract_written (record, object);
  record->len_a = record->len_b = -1;
  if (responses != NULL && json_object_array_length (responses) >= 2)
    {
      const char *a = rubric_json_get_string (json_object_array_get_idx (responses, 0), "content");
      const char *b = rubric_json_get_string (json_object_array_get_idx (responses, 1), "content");

      if (a != NULL && b != NULL)
        {
          record->len_a = code_points (a);
          record->len_b = code_points (b);
        }
    }
  record->gold = -1;
  if (gold != NULL && json_object_object_get_ex (gold, "correct", &correct) &&
      json_object_is_type (correct, json_type_boolean))
    record->gold = json_object_get_boolean (correct) ? 1 : 0;
  if (overrides != NULL && json_object_array_length (overrides) > 0)
    {
      record->checks = g_ptr_array_new_with_free_func (g_free);
      for (gsize i = 0; i < json_object_array_length (overrides); i++)
        {
          json_object *override = json_object_array_get_idx (overrides, i);
          const char *check;

          if (!json_object_is_type (override, json_type_object))
            continue;
          check = rubric_json_get_string (override, "check");
          g_ptr_array_add (record->checks, g_strdup (check != NULL && *check != '\0' ? check : UNNAMED_CHECK));
        }
    }
  return read;
}

/* In file order: the last record of an annotator, task and side
 * arrangement counts. */
static void
take_record (gpointer item,
             gpointer user_data)
{
  Reader *reader = user_data;
  RecordRead *read = item;
  Record *record = g_steal_pointer (&read->record);
  g_autofree char *key = NULL;
  gpointer slot;

  record->annotator = reader_annotator (reader, read->annotator);
  record_read_free (read);
  key = g_strdup_printf ("%u\x1f%s\x1f%d", record->annotator, record->task_id, record->swapped);
  if ((slot = g_hash_table_lookup (reader->record_ids, key)) != NULL)
    {
      guint index = GPOINTER_TO_UINT (slot) - 1;

      record_free (g_ptr_array_index (reader->records, index));
      g_ptr_array_index (reader->records, index) = record;
      reader->n_replaced++;
      return;
    }
  g_ptr_array_add (reader->records, record);
  g_hash_table_insert (reader->record_ids, g_steal_pointer (&key), GUINT_TO_POINTER (reader->records->len));
}

static gboolean
read_file (Reader      *reader,
           const char  *path,
           GError     **error)
{
  return rubric_records_foreach_parallel (path, extract_record, take_record, record_read_free, reader, error);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->annotator_ids, g_hash_table_unref);
  g_clear_pointer (&reader->annotators, g_ptr_array_unref);
  g_clear_pointer (&reader->record_ids, g_hash_table_unref);
  g_clear_pointer (&reader->records, g_ptr_array_unref);
}

/* Computing ------------------------------------------------------------------ */

static void
annotator_free (gpointer data)
{
  RubricAnnotatorBias *a = data;

  g_free (a->annotator);
  g_clear_pointer (&a->overrides, g_ptr_array_unref);
  g_clear_pointer (&a->red_team.categories, g_ptr_array_unref);
  g_free (a);
}

static void
override_free (gpointer data)
{
  RubricBiasOverride *o = data;

  g_free (o->check);
  g_free (o);
}

static int
compare_overrides (gconstpointer a,
                   gconstpointer b)
{
  const RubricBiasOverride *x = *(RubricBiasOverride * const *) a;
  const RubricBiasOverride *y = *(RubricBiasOverride * const *) b;

  return strcmp (x->check, y->check);
}

static void
count_free (gpointer data)
{
  RubricBiasCount *c = data;

  g_free (c->name);
  g_free (c);
}

static int
compare_counts (gconstpointer a,
                gconstpointer b)
{
  const RubricBiasCount *x = *(RubricBiasCount * const *) a;
  const RubricBiasCount *y = *(RubricBiasCount * const *) b;

  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp (x->name, y->name);
}

static void
count_category (GHashTable *counts,
                const char *category)
{
  const char *name = category != NULL ? category : RUBRIC_BIAS_NO_CATEGORY;

  g_hash_table_insert (counts, (gpointer) name,
                       GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts, name)) + 1));
}

/* (transfer full): RubricBiasCount of @counts, most first. */
static GPtrArray *
sorted_counts (GHashTable *counts)
{
  GPtrArray *list = g_ptr_array_new_with_free_func (count_free);
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RubricBiasCount *c = g_new0 (RubricBiasCount, 1);

      c->name = g_strdup (key);
      c->n = GPOINTER_TO_UINT (value);
      g_ptr_array_add (list, c);
    }
  g_ptr_array_sort (list, compare_counts);
  return list;
}

static void
compute_written (RubricAnnotatorBias *out,
                 Reader              *reader,
                 guint                annotator)
{
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);
  guint success_sum = 0, prompt_words = 0;

  for (guint i = 0; i < reader->records->len; i++)
    {
      const Record *r = g_ptr_array_index (reader->records, i);

      if (r->annotator != annotator)
        continue;
      if (r->kind == RUBRIC_TASK_KIND_AUTHOR)
        {
          out->author.n++;
          out->author.n_turns += r->n_turns;
          prompt_words += r->prompt_words;
        }
      if (r->kind != RUBRIC_TASK_KIND_RED_TEAM)
        continue;
      out->red_team.n++;
      count_category (categories, r->category);
      if (r->success >= 0)
        {
          out->red_team.n_rated++;
          success_sum += r->success;
          out->red_team.n_successful += r->success >= RUBRIC_BIAS_SUCCESS_FROM;
        }
    }
  out->red_team.categories = sorted_counts (categories);
  out->red_team.mean_success = out->red_team.n_rated > 0 ? (double) success_sum / out->red_team.n_rated : NAN;
  out->red_team.success_rate = out->red_team.n_rated > 0
                               ? (double) out->red_team.n_successful / out->red_team.n_rated : NAN;
  out->author.mean_prompt_words = out->author.n_turns > 0 ? (double) prompt_words / out->author.n_turns : NAN;
}

static int
compare_annotators (gconstpointer a,
                    gconstpointer b)
{
  const RubricAnnotatorBias *x = *(RubricAnnotatorBias * const *) a;
  const RubricAnnotatorBias *y = *(RubricAnnotatorBias * const *) b;

  return strcmp (x->annotator, y->annotator);
}

/* Least-squares slope of @y on @x; NaN with < 2 points or no spread in x. */
static double
ls_slope (const GArray *x,
          const GArray *y)
{
  double mx = 0, my = 0, sxx = 0, sxy = 0;
  guint n = x->len;

  if (n < 2)
    return NAN;
  for (guint i = 0; i < n; i++)
    {
      mx += g_array_index (x, double, i);
      my += g_array_index (y, double, i);
    }
  mx /= n;
  my /= n;
  for (guint i = 0; i < n; i++)
    {
      double dx = g_array_index (x, double, i) - mx;

      sxx += dx * dx;
      sxy += dx * (g_array_index (y, double, i) - my);
    }
  if (sxx <= 1e-12 * n)
    return NAN;
  return sxy / sxx;
}

static void
compute_annotator (RubricAnnotatorBias *out,
                   Reader              *reader,
                   guint                annotator,
                   const double        *all_logs,
                   gsize                n_all_logs,
                   double               threshold)
{
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) logs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) checks = g_hash_table_new (g_str_hash, g_str_equal);
  guint left = 0, longer = 0, flips = 0;
  GHashTableIter iter;
  gpointer key, value;

  out->annotator = g_strdup (g_ptr_array_index (reader->annotators, annotator));
  out->overrides = g_ptr_array_new_with_free_func (override_free);

  for (guint i = 0; i < reader->records->len; i++)
    {
      const Record *r = g_ptr_array_index (reader->records, i);

      if (r->annotator != annotator)
        continue;
      out->n++;

      if (r->choice == RUBRIC_RECORD_CHOICE_A || r->choice == RUBRIC_RECORD_CHOICE_B)
        {
          gboolean chose_a = r->choice == RUBRIC_RECORD_CHOICE_A;

          out->position.n++;
          left += chose_a != r->swapped;
          if (r->len_a > 0 && r->len_b > 0)
            {
              double xv = log ((double) r->len_a / (double) r->len_b), yv = chose_a ? 1 : 0;

              out->length.n++;
              g_array_append_val (x, xv);
              g_array_append_val (y, yv);
              if (r->len_a != r->len_b)
                {
                  out->length.n_unequal++;
                  longer += chose_a == (r->len_a > r->len_b);
                }
            }
        }
      /* Each pair once: from its unswapped record. */
      if (!r->swapped && r->choice != RUBRIC_RECORD_CHOICE_NONE)
        {
          g_autofree char *other_key = g_strdup_printf ("%u\x1f%s\x1f%d", annotator, r->task_id, TRUE);
          gpointer slot = g_hash_table_lookup (reader->record_ids, other_key);

          if (slot != NULL)
            {
              const Record *other = g_ptr_array_index (reader->records, GPOINTER_TO_UINT (slot) - 1);

              if (other->choice != RUBRIC_RECORD_CHOICE_NONE)
                {
                  out->position.flip_pairs++;
                  flips += other->choice != r->choice;
                }
            }
        }

      if (!isnan (r->seconds))
        {
          double lv = log (r->seconds);

          g_array_append_val (seconds, r->seconds);
          g_array_append_val (logs, lv);
          out->speed.n_too_fast += r->seconds < threshold;
        }

      if (r->gold >= 0)
        {
          out->gold.n++;
          out->gold.correct += r->gold;
        }

      out->effort.pasted_chars += r->pasted;
      out->effort.text_chars += r->text_len;

      for (guint c = 0; r->checks != NULL && c < r->checks->len; c++)
        {
          char *check = g_ptr_array_index (r->checks, c);

          g_hash_table_insert (checks, check, GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (checks, check)) + 1));
        }
    }

  out->position.left_wins = out->position.n > 0 ? (double) left / out->position.n : NAN;
  out->position.p = rubric_binomial_two_sided_p (left, out->position.n);
  out->position.flip_rate = out->position.flip_pairs > 0 ? (double) flips / out->position.flip_pairs : NAN;

  out->length.longer_wins = out->length.n_unequal > 0 ? (double) longer / out->length.n_unequal : NAN;
  out->length.slope = ls_slope (x, y);

  out->speed.n = seconds->len;
  out->speed.median_seconds = rubric_median ((double *) seconds->data, seconds->len);
  out->speed.robust_z = rubric_robust_z (rubric_median ((double *) logs->data, logs->len), all_logs, n_all_logs);
  out->speed.too_fast = seconds->len > 0 ? (double) out->speed.n_too_fast / seconds->len : NAN;

  out->gold.accuracy = out->gold.n > 0 ? (double) out->gold.correct / out->gold.n : NAN;
  rubric_wilson_interval (out->gold.correct, out->gold.n, WILSON_Z, &out->gold.wilson_low, &out->gold.wilson_high);

  out->effort.pasted_share = out->effort.text_chars > 0
                             ? (double) out->effort.pasted_chars / (double) out->effort.text_chars : NAN;

  g_hash_table_iter_init (&iter, checks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      RubricBiasOverride *o = g_new0 (RubricBiasOverride, 1);

      o->check = g_strdup (key);
      o->n = GPOINTER_TO_UINT (value);
      g_ptr_array_add (out->overrides, o);
    }
  g_ptr_array_sort (out->overrides, compare_overrides);
  compute_written (out, reader, annotator);
}

static void
compute (RubricBias *self,
         Reader     *reader,
         double      too_fast_seconds)
{
  g_autoptr(GArray) logs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) seconds = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) categories = g_hash_table_new (g_str_hash, g_str_equal);

  self->n_records = reader->records->len;
  for (guint i = 0; i < reader->records->len; i++)
    {
      const Record *r = g_ptr_array_index (reader->records, i);

      if (r->kind == RUBRIC_TASK_KIND_RED_TEAM)
        count_category (categories, r->category);

      if (!isnan (r->seconds))
        {
          double lv = log (r->seconds);

          g_array_append_val (seconds, r->seconds);
          g_array_append_val (logs, lv);
        }
    }
  self->categories = sorted_counts (categories);
  self->median_seconds = rubric_median ((double *) seconds->data, seconds->len);
  self->too_fast_seconds = too_fast_seconds > 0 ? too_fast_seconds : self->median_seconds / 4;

  for (guint a = 0; a < reader->annotators->len; a++)
    {
      RubricAnnotatorBias *out = g_new0 (RubricAnnotatorBias, 1);

      compute_annotator (out, reader, a, (const double *) logs->data, logs->len, self->too_fast_seconds);
      g_ptr_array_add (self->annotators, out);
    }
  g_ptr_array_sort (self->annotators, compare_annotators);
  if (reader->n_replaced > 0)
    g_ptr_array_add (self->warnings,
                     g_strdup_printf ("%u records had an annotator, task and side arrangement already read; "
                                      "the last read counts", reader->n_replaced));
}

/**
 * rubric_bias_from_files_full:
 * @paths: (array zero-terminated=1): records exports
 * @too_fast_seconds: the too-fast threshold; NaN or ≤ 0 for a quarter
 *   of the median time
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error
 *   set when a file cannot be read or holds something else than records
 */
RubricBias *
rubric_bias_from_files_full (const char * const  *paths,
                             double               too_fast_seconds,
                             GError             **error)
{
  Reader reader = { 0 };
  RubricBias *self;

  g_return_val_if_fail (paths != NULL, NULL);

  reader.annotators = g_ptr_array_new_with_free_func (g_free);
  reader.annotator_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader.records = g_ptr_array_new_with_free_func (record_free);
  reader.record_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; paths[i] != NULL; i++)
    if (!read_file (&reader, paths[i], error))
      {
        reader_clear (&reader);
        return NULL;
      }

  self = g_new0 (RubricBias, 1);
  self->annotators = g_ptr_array_new_with_free_func (annotator_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  compute (self, &reader, isnan (too_fast_seconds) ? 0 : too_fast_seconds);
  reader_clear (&reader);
  return self;
}

RubricBias *
rubric_bias_from_files (const char * const  *paths,
                        GError             **error)
{
  return rubric_bias_from_files_full (paths, NAN, error);
}

void
rubric_bias_free (RubricBias *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->annotators, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

/* Writing -------------------------------------------------------------------- */

static void
append_counts (GString   *out,
               GPtrArray *counts)
{
  gboolean inner = TRUE;

  g_string_append_c (out, '{');
  for (guint k = 0; k < counts->len; k++)
    {
      const RubricBiasCount *c = g_ptr_array_index (counts, k);

      rubric_json_append_count (out, &inner, c->name, c->n);
    }
  g_string_append_c (out, '}');
}

char *
rubric_bias_to_json (const RubricBias *self)
{
  GString *out = g_string_new ("{");
  gboolean first = TRUE;

  g_return_val_if_fail (self != NULL, NULL);

  rubric_json_append_count (out, &first, "records", self->n_records);
  rubric_json_append_figure (out, &first, "median_seconds", self->median_seconds);
  rubric_json_append_figure (out, &first, "too_fast_seconds", self->too_fast_seconds);
  rubric_json_append_key (out, &first, "annotators");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (self->annotators, i);
      gboolean in = TRUE, inner;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      rubric_json_append_key (out, &in, "annotator");
      rubric_json_append_cstring (out, a->annotator);
      rubric_json_append_count (out, &in, "n", a->n);

      rubric_json_append_key (out, &in, "position");
      inner = TRUE;
      g_string_append_c (out, '{');
      rubric_json_append_count (out, &inner, "n", a->position.n);
      rubric_json_append_figure (out, &inner, "left_wins", a->position.left_wins);
      rubric_json_append_figure (out, &inner, "p", a->position.p);
      rubric_json_append_count (out, &inner, "flip_pairs", a->position.flip_pairs);
      rubric_json_append_figure (out, &inner, "flip_rate", a->position.flip_rate);
      g_string_append_c (out, '}');

      rubric_json_append_key (out, &in, "length");
      inner = TRUE;
      g_string_append_c (out, '{');
      rubric_json_append_count (out, &inner, "n", a->length.n);
      rubric_json_append_figure (out, &inner, "longer_wins", a->length.longer_wins);
      rubric_json_append_figure (out, &inner, "slope", a->length.slope);
      g_string_append_c (out, '}');

      rubric_json_append_key (out, &in, "speed");
      inner = TRUE;
      g_string_append_c (out, '{');
      rubric_json_append_count (out, &inner, "n", a->speed.n);
      rubric_json_append_figure (out, &inner, "median_seconds", a->speed.median_seconds);
      rubric_json_append_figure (out, &inner, "robust_z", a->speed.robust_z);
      rubric_json_append_figure (out, &inner, "too_fast", a->speed.too_fast);
      g_string_append_c (out, '}');

      rubric_json_append_key (out, &in, "gold");
      inner = TRUE;
      g_string_append_c (out, '{');
      rubric_json_append_count (out, &inner, "n", a->gold.n);
      rubric_json_append_figure (out, &inner, "accuracy", a->gold.accuracy);
      rubric_json_append_figure (out, &inner, "wilson_low", a->gold.wilson_low);
      rubric_json_append_figure (out, &inner, "wilson_high", a->gold.wilson_high);
      g_string_append_c (out, '}');

      rubric_json_append_key (out, &in, "effort");
      inner = TRUE;
      g_string_append_c (out, '{');
      rubric_json_append_figure (out, &inner, "pasted_share", a->effort.pasted_share);
      g_string_append_c (out, '}');

      rubric_json_append_key (out, &in, "overrides");
      inner = TRUE;
      g_string_append_c (out, '{');
      for (guint k = 0; k < a->overrides->len; k++)
        {
          const RubricBiasOverride *o = g_ptr_array_index (a->overrides, k);

          rubric_json_append_count (out, &inner, o->check, o->n);
        }
      g_string_append_c (out, '}');

      rubric_json_append_key (out, &in, "red_team");
      inner = TRUE;
      g_string_append_c (out, '{');
      rubric_json_append_count (out, &inner, "n", a->red_team.n);
      rubric_json_append_count (out, &inner, "rated", a->red_team.n_rated);
      rubric_json_append_figure (out, &inner, "mean_success", a->red_team.mean_success);
      rubric_json_append_count (out, &inner, "successful", a->red_team.n_successful);
      rubric_json_append_figure (out, &inner, "success_rate", a->red_team.success_rate);
      rubric_json_append_key (out, &inner, "categories");
      append_counts (out, a->red_team.categories);
      g_string_append_c (out, '}');

      rubric_json_append_key (out, &in, "author");
      inner = TRUE;
      g_string_append_c (out, '{');
      rubric_json_append_count (out, &inner, "n", a->author.n);
      rubric_json_append_count (out, &inner, "turns", a->author.n_turns);
      rubric_json_append_figure (out, &inner, "mean_prompt_words", a->author.mean_prompt_words);
      g_string_append_c (out, '}');
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  rubric_json_append_key (out, &first, "categories");
  append_counts (out, self->categories);
  rubric_json_append_key (out, &first, "warnings");
  rubric_json_append_strings (out, self->warnings);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

static void
text_share (GString    *out,
            const char *label,
            double      value,
            guint       n)
{
  if (isnan (value))
    g_string_append_printf (out, "  %-20s —\n", label);
  else
    g_string_append_printf (out, "  %-20s %5.1f%%  (of %u)\n", label, 100 * value, n);
}

static void
text_figure (GString    *out,
             const char *label,
             double      value)
{
  if (isnan (value))
    g_string_append_printf (out, "  %-20s —\n", label);
  else
    g_string_append_printf (out, "  %-20s %.3f\n", label, value);
}

static void
text_counts (GString   *out,
             GPtrArray *counts)
{
  for (guint k = 0; k < counts->len; k++)
    {
      const RubricBiasCount *c = g_ptr_array_index (counts, k);

      g_string_append_printf (out, "%s%s %u", k ? ", " : "", c->name, c->n);
    }
}

static void
text_written (GString                   *out,
              const RubricAnnotatorBias *a)
{
  if (a->red_team.n > 0)
    {
      g_string_append_printf (out, "  %-20s %u  (", "red-team attempts", a->red_team.n);
      text_counts (out, a->red_team.categories);
      g_string_append (out, ")\n");
      if (a->red_team.n_rated == 0)
        g_string_append_printf (out, "  %-20s —  (none rated)\n", "success rate");
      else
        g_string_append_printf (out, "  %-20s %5.1f%%  (%u of %u rated %d or more)\n", "success rate",
                                100 * a->red_team.success_rate, a->red_team.n_successful, a->red_team.n_rated,
                                RUBRIC_BIAS_SUCCESS_FROM);
      text_figure (out, "mean success (of 4)", a->red_team.mean_success);
    }
  if (a->author.n > 0)
    {
      g_string_append_printf (out, "  %-20s %u  (%u turns", "authored tasks", a->author.n, a->author.n_turns);
      if (!isnan (a->author.mean_prompt_words))
        g_string_append_printf (out, "; %.1f words per prompt", a->author.mean_prompt_words);
      g_string_append (out, ")\n");
    }
}

char *
rubric_bias_to_text (const RubricBias *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  g_string_append_printf (out, "%u submitted records of %u annotators\n", self->n_records, self->annotators->len);
  if (!isnan (self->median_seconds))
    g_string_append_printf (out, "median time %.1f s; too fast means under %.1f s\n",
                            self->median_seconds, self->too_fast_seconds);
  if (self->categories->len > 0)
    {
      g_string_append (out, "red-team attempts by harm category: ");
      text_counts (out, self->categories);
      g_string_append_printf (out, "\nsuccess rate: the share of rated attempts rated %d or more (0–4)\n",
                              RUBRIC_BIAS_SUCCESS_FROM);
    }
  g_string_append (out, "(— means there is nothing to compute it from)\n");
  for (guint i = 0; i < self->annotators->len; i++)
    {
      const RubricAnnotatorBias *a = g_ptr_array_index (self->annotators, i);

      g_string_append_printf (out, "\n%s (%u records)\n", *a->annotator ? a->annotator : "(no name)", a->n);
      text_share (out, "left side wins", a->position.left_wins, a->position.n);
      if (!isnan (a->position.p))
        g_string_append_printf (out, "  %-20s %.4g\n", "  binomial p", a->position.p);
      text_share (out, "flips when swapped", a->position.flip_rate, a->position.flip_pairs);
      text_share (out, "longer wins", a->length.longer_wins, a->length.n_unequal);
      text_figure (out, "slope on ln(A/B)", a->length.slope);
      if (isnan (a->speed.median_seconds))
        g_string_append_printf (out, "  %-20s —\n", "median time");
      else
        g_string_append_printf (out, "  %-20s %.1f s\n", "median time", a->speed.median_seconds);
      text_figure (out, "robust z (ln time)", a->speed.robust_z);
      text_share (out, "too fast", a->speed.too_fast, a->speed.n);
      if (a->gold.n == 0)
        g_string_append_printf (out, "  %-20s —\n", "gold accuracy");
      else
        g_string_append_printf (out, "  %-20s %5.1f%%  (%u of %u; 95%% %.1f–%.1f%%)\n", "gold accuracy",
                                100 * a->gold.accuracy, a->gold.correct, a->gold.n,
                                100 * a->gold.wilson_low, 100 * a->gold.wilson_high);
      if (isnan (a->effort.pasted_share))
        g_string_append_printf (out, "  %-20s —\n", "pasted share");
      else
        g_string_append_printf (out, "  %-20s %5.1f%%  (%" G_GUINT64_FORMAT " pasted of %" G_GUINT64_FORMAT
                                " characters written)\n", "pasted share", 100 * a->effort.pasted_share,
                                a->effort.pasted_chars, a->effort.text_chars);
      for (guint k = 0; k < a->overrides->len; k++)
        {
          const RubricBiasOverride *o = g_ptr_array_index (a->overrides, k);
          g_autofree char *label = g_strdup_printf ("overrode %s", o->check);

          g_string_append_printf (out, "  %-20s %u\n", label, o->n);
        }
      text_written (out, a);
    }
  if (self->warnings->len > 0)
    {
      g_string_append (out, "\nWarnings\n");
      for (guint i = 0; i < self->warnings->len; i++)
        g_string_append_printf (out, "  %s\n", (const char *) g_ptr_array_index (self->warnings, i));
    }
  return g_string_free (out, FALSE);
}
