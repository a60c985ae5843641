/* rubric-agreement.c — inter-annotator agreement over records exports
 *
 * Decisions:
 *
 *  - Krippendorff's α goes through the coincidence matrix (Krippendorff
 *    2011, "Computing Krippendorff's Alpha-Reliability"): units with
 *    fewer than two values are not pairable and drop out. The ordinal
 *    metric uses the coincidence marginals n_g:
 *    δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)². Ratio is
 *    ((c − k) / (c + k))². α is NaN without two pairable values or
 *    without any expected disagreement (every value the same).
 *  - Percent agreement is the mean, over units with ≥ 2 values, of the
 *    share of agreeing pairs of values in the unit.
 *  - Fleiss' κ is the generalised form for missing values (Gwet,
 *    Handbook of Inter-Rater Reliability, 4th ed.; irrCAC's fleiss()):
 *    p_a as the percent agreement above; π_k the mean over units with
 *    ≥ 1 value of r_ik / r_i; p_e = Σ π_k². With the same number of
 *    raters everywhere it is Fleiss' own κ. Gwet's AC1 shares p_a and
 *    π_k, with p_e = Σ π_k (1 − π_k) / (q − 1), q the categories
 *    observed.
 *  - Records: submitted only, and no repeat ("repeat": true, the same
 *    person shown a task again with the sides swapped, for bias).
 *    Annotators are merged by name across
 *    files, tasks by task_id. When one annotator has several records of
 *    a task, the last one read counts (a warning says so). Tasks whose
 *    "task" object serialises differently under one id keep the first
 *    content and get a warning naming both files.
 *  - choice: a nominal unit per task (A, B, tie, both-bad). strength on
 *    the choice's signed scale: A with strength s is −s, B is +s, a tie
 *    0; both-bad and A/B without a strength are missing. The strength
 *    histogram counts the same signed values over the records counted
 *    (one per annotator and task), shared or not.
 *  - criteria: one unit per response of a task, per criterion.
 *  - ranking: ranks from "ranking" with "ties" sharing the rank before;
 *    τ-b per pair of annotators over the responses both ranked, the
 *    mean per task over the pairs with a τ-b, then the mean over tasks.
 *  - spans: per task and pair, F1 = 2 |A ∩ B| / (|A| + |B|) of the
 *    character ranges each annotator marked (the union of their spans,
 *    per response; flags are not compared). Pairs where neither marked
 *    anything are left out. The mean per task, then over tasks.
 *  - pairs: percent agreement and unweighted Cohen's κ on choice, per
 *    pair of annotators over the tasks both made a choice on.
 *  - red-team attempts: the harm category a nominal unit per task (by
 *    its name, as written), the success an ordinal one (0–4); records
 *    without them are left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-agreement"

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "rubric-agreement.h"
#include "rubric-error.h"
#include "rubric-grade.h"
#include "rubric-json.h"
#include "rubric-records.h"

#define MAX_WARNINGS 50

/* Units as lists of values: offsets[u]..offsets[u + 1] in values. */
typedef struct
{
  GArray *offsets;   /* guint, n_units + 1 */
  GArray *values;    /* double, no NAN */
} Units;

static void
units_init (Units *units)
{
  guint zero = 0;

  units->offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  units->values = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_val (units->offsets, zero);
}

static void
units_clear (Units *units)
{
  g_clear_pointer (&units->offsets, g_array_unref);
  g_clear_pointer (&units->values, g_array_unref);
}

static void
units_add (Units  *units,
           double  value)
{
  if (!isnan (value))
    g_array_append_val (units->values, value);
}

/* Closes the unit being added to; an empty unit is dropped. */
static void
units_close (Units *units)
{
  guint end = units->values->len;

  if (end != g_array_index (units->offsets, guint, units->offsets->len - 1))
    g_array_append_val (units->offsets, end);
}

static gsize
units_len (const Units *units)
{
  return units->offsets->len - 1;
}

static guint
units_count_pairable (const Units *units)
{
  const guint *off = (const guint *) units->offsets->data;
  guint n = 0;

  for (gsize u = 0; u < units_len (units); u++)
    n += off[u + 1] - off[u] >= 2;
  return n;
}

static void
units_from_matrix (Units        *units,
                   const double *data,
                   gsize         n_units,
                   gsize         n_coders)
{
  units_init (units);
  for (gsize u = 0; u < n_units; u++)
    {
      for (gsize c = 0; c < n_coders; c++)
        units_add (units, data[u * n_coders + c]);
      units_close (units);
    }
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The distinct values of @values, sorted. */
static GArray *
distinct_values (const double *values,
                 gsize         n)
{
  GArray *cats = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  guint kept = 0;

  g_array_append_vals (cats, values, n);
  g_array_sort (cats, compare_doubles);
  for (guint i = 0; i < cats->len; i++)
    if (kept == 0 || g_array_index (cats, double, i) != g_array_index (cats, double, kept - 1))
      g_array_index (cats, double, kept++) = g_array_index (cats, double, i);
  g_array_set_size (cats, kept);
  return cats;
}

static guint
category_of (const GArray *cats,
             double        value)
{
  guint lo = 0, hi = cats->len;

  while (lo + 1 < hi)
    {
      guint mid = (lo + hi) / 2;

      if (g_array_index (cats, double, mid) <= value)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

static double
alpha_of_units (const Units       *units,
                RubricAlphaMetric  metric)
{
  const guint *off = (const guint *) units->offsets->data;
  const double *val = (const double *) units->values->data;
  g_autoptr(GArray) pairable = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cats = NULL;
  g_autofree double *o = NULL;
  g_autofree double *marg = NULL;
  g_autofree double *delta = NULL;
  g_autofree guint *idx = NULL;
  double n = 0, d_o = 0, d_e = 0;
  gsize q, max_m = 0;

  for (gsize u = 0; u < units_len (units); u++)
    if (off[u + 1] - off[u] >= 2)
      {
        g_array_append_vals (pairable, val + off[u], off[u + 1] - off[u]);
        max_m = MAX (max_m, off[u + 1] - off[u]);
      }
  if (pairable->len < 2)
    return NAN;
  cats = distinct_values ((const double *) pairable->data, pairable->len);
  q = cats->len;
  o = g_new0 (double, q * q);
  idx = g_new (guint, max_m);
  for (gsize u = 0; u < units_len (units); u++)
    {
      gsize m = off[u + 1] - off[u];

      if (m < 2)
        continue;
      for (gsize i = 0; i < m; i++)
        idx[i] = category_of (cats, val[off[u] + i]);
      for (gsize i = 0; i < m; i++)
        for (gsize j = 0; j < m; j++)
          if (i != j)
            o[idx[i] * q + idx[j]] += 1.0 / (double) (m - 1);
    }
  marg = g_new0 (double, q);
  for (gsize c = 0; c < q; c++)
    {
      for (gsize k = 0; k < q; k++)
        marg[c] += o[c * q + k];
      n += marg[c];
    }
  delta = g_new0 (double, q * q);
  for (gsize c = 0; c < q; c++)
    for (gsize k = c + 1; k < q; k++)
      {
        double vc = g_array_index (cats, double, c);
        double vk = g_array_index (cats, double, k);
        double d = 0;

        switch (metric)
          {
          case RUBRIC_ALPHA_NOMINAL:
            d = 1;
            break;
          case RUBRIC_ALPHA_ORDINAL:
            {
              double sum = 0;

              for (gsize g = c; g <= k; g++)
                sum += marg[g];
              d = sum - (marg[c] + marg[k]) / 2;
              d *= d;
            }
            break;
          case RUBRIC_ALPHA_INTERVAL:
            d = (vc - vk) * (vc - vk);
            break;
          case RUBRIC_ALPHA_RATIO:
            d = vc + vk != 0 ? (vc - vk) / (vc + vk) : 0;
            d *= d;
            break;
          default:
            g_return_val_if_reached (NAN);
          }
        delta[c * q + k] = delta[k * q + c] = d;
      }
  for (gsize c = 0; c < q; c++)
    for (gsize k = 0; k < q; k++)
      {
        d_o += o[c * q + k] * delta[c * q + k];
        d_e += marg[c] * marg[k] * delta[c * q + k];
      }
  if (n < 2 || d_e <= 0)
    return NAN;
  return 1.0 - (n - 1) * d_o / d_e;
}

double
rubric_krippendorff_alpha (const double      *data,
                           gsize              n_units,
                           gsize              n_coders,
                           RubricAlphaMetric  metric)
{
  Units units;
  double alpha;

  g_return_val_if_fail (data != NULL || n_units * n_coders == 0, NAN);
  units_from_matrix (&units, data, n_units, n_coders);
  alpha = alpha_of_units (&units, metric);
  units_clear (&units);
  return alpha;
}

/* Chance-corrected figures from a subjects × categories table. */
typedef struct
{
  double pa;       /* NaN when no subject has two ratings */
  double fleiss;
  double ac1;
} CountFigures;

static CountFigures
figures_of_counts (const double *counts,
                   gsize         n_subjects,
                   gsize         q)
{
  CountFigures f = { NAN, NAN, NAN };
  g_autofree double *pi = g_new0 (double, MAX (q, 1));
  double pa = 0, pe_f = 0, pe_g = 0;
  gsize n_rated = 0, n_two = 0;

  for (gsize i = 0; i < n_subjects; i++)
    {
      const double *row = counts + i * q;
      double r = 0, agree = 0;

      for (gsize k = 0; k < q; k++)
        r += row[k];
      if (r < 1)
        continue;
      n_rated++;
      for (gsize k = 0; k < q; k++)
        pi[k] += row[k] / r;
      if (r < 2)
        continue;
      n_two++;
      for (gsize k = 0; k < q; k++)
        agree += row[k] * (row[k] - 1);
      pa += agree / (r * (r - 1));
    }
  if (n_two == 0)
    return f;
  f.pa = pa / n_two;
  for (gsize k = 0; k < q; k++)
    {
      pi[k] /= n_rated;
      pe_f += pi[k] * pi[k];
      pe_g += pi[k] * (1 - pi[k]);
    }
  if (1 - pe_f > 1e-12)
    f.fleiss = (f.pa - pe_f) / (1 - pe_f);
  if (q > 1)
    {
      pe_g /= (double) (q - 1);
      if (1 - pe_g > 1e-12)
        f.ac1 = (f.pa - pe_g) / (1 - pe_g);
    }
  return f;
}

static CountFigures
figures_of_units (const Units *units)
{
  const guint *off = (const guint *) units->offsets->data;
  const double *val = (const double *) units->values->data;
  g_autoptr(GArray) cats = distinct_values (val, units->values->len);
  gsize n = units_len (units), q = cats->len;
  g_autofree double *counts = g_new0 (double, MAX (n * q, 1));

  for (gsize u = 0; u < n; u++)
    for (guint i = off[u]; i < off[u + 1]; i++)
      counts[u * q + category_of (cats, val[i])] += 1;
  return figures_of_counts (counts, n, q);
}

static void
nominal_of_units (RubricNominalAgreement *figures,
                  const Units            *units)
{
  CountFigures counted = figures_of_units (units);

  figures->n = units_count_pairable (units);
  figures->alpha_nominal = alpha_of_units (units, RUBRIC_ALPHA_NOMINAL);
  figures->percent = counted.pa;
  figures->fleiss_kappa = counted.fleiss;
  figures->ac1 = counted.ac1;
}

static CountFigures
figures_of_matrix (const double *data,
                   gsize         n_units,
                   gsize         n_coders)
{
  Units units;
  CountFigures f;

  units_from_matrix (&units, data, n_units, n_coders);
  f = figures_of_units (&units);
  units_clear (&units);
  return f;
}

double
rubric_percent_agreement (const double *data,
                          gsize         n_units,
                          gsize         n_coders)
{
  return figures_of_matrix (data, n_units, n_coders).pa;
}

double
rubric_fleiss_kappa (const double *data,
                     gsize         n_units,
                     gsize         n_coders)
{
  return figures_of_matrix (data, n_units, n_coders).fleiss;
}

double
rubric_gwet_ac1 (const double *data,
                 gsize         n_units,
                 gsize         n_coders)
{
  return figures_of_matrix (data, n_units, n_coders).ac1;
}

double
rubric_fleiss_kappa_counts (const double *counts,
                            gsize         n_subjects,
                            gsize         n_categories)
{
  return figures_of_counts (counts, n_subjects, n_categories).fleiss;
}

double
rubric_cohen_kappa (const double *table,
                    gsize         q,
                    gboolean      linear_weighted)
{
  g_autofree double *rows = g_new0 (double, MAX (q, 1));
  g_autofree double *cols = g_new0 (double, MAX (q, 1));
  double total = 0, po = 0, pe = 0;

  for (gsize i = 0; i < q; i++)
    for (gsize j = 0; j < q; j++)
      {
        rows[i] += table[i * q + j];
        cols[j] += table[i * q + j];
        total += table[i * q + j];
      }
  if (total <= 0)
    return NAN;
  for (gsize i = 0; i < q; i++)
    for (gsize j = 0; j < q; j++)
      {
        double w;

        if (linear_weighted)
          w = q > 1 ? 1.0 - fabs ((double) i - (double) j) / (double) (q - 1) : 1.0;
        else
          w = i == j;
        po += w * table[i * q + j] / total;
        pe += w * (rows[i] / total) * (cols[j] / total);
      }
  if (1 - pe <= 1e-12)
    return NAN;
  return (po - pe) / (1 - pe);
}

/* Reading records ---------------------------------------------------------- */


typedef struct
{
  guint32 task;
  guint32 seq;        /* order read */
  guint32 rank_off;
  guint32 span_off;
  guint16 rank_len;
  guint16 span_len;
  guint16 annotator;
  guint16 category;   /* a red-team harm category: index + 1, 0 when none */
  gint8   choice;
  gint8   strength;   /* 0 when none */
  gint8   success;    /* a red-team success, or -1 */
} Record;

typedef struct
{
  guint32 task;
  guint32 response;   /* interned id */
  guint32 seq;
  gint32  value;
  guint16 criterion;
  guint16 annotator;
} Score;

typedef struct
{
  guint32 response;
  guint32 rank;
} RankItem;

typedef struct
{
  guint32 response;
  guint32 start;
  guint32 end;
} SpanItem;

/* What read_record needs of a record, taken out of the JSON in a
 * worker thread: the ids of "scores", "ranking" and "spans" in the order
 * read_record interns them, so that every index comes out as before. */
typedef enum
{
  PART_RESPONSE,      /* a response of "scores"; the scores after it are its */
  PART_SCORE,
  PART_RANK,
  PART_SPAN,
} PartKind;

typedef struct
{
  guint32 kind;
  guint32 text;       /* offset of the id in RecordParts.text */
  gint32  value;      /* a score or a rank */
  guint32 start;      /* a span's */
  guint32 end;
} Part;

typedef struct
{
  GString *text;      /* the task_id at 0, then the annotator and the ids */
  GArray  *parts;     /* Part */
  guint32  annotator; /* offset in text */
  guint64  task_hash; /* 0 without a "task" object */
  guint32  category;  /* offset in text, 0 when none */
  gint8    choice;
  gint8    strength;  /* 0 when none */
  gint8    success;   /* -1 when none */
} RecordParts;

typedef struct
{
  GHashTable *annotator_ids;   /* name → index + 1 */
  GPtrArray  *annotators;
  GHashTable *task_ids;        /* id → index + 1 */
  GPtrArray  *tasks;           /* char * */
  GArray     *task_hash;       /* guint64 */
  GArray     *task_file;       /* guint: the file of the first content */
  GHashTable *task_warned;     /* index + 1 */
  GHashTable *strings;         /* response ids → index + 1 */
  guint       n_strings;
  GHashTable *criterion_ids;   /* id → index + 1 */
  GPtrArray  *criteria;
  GHashTable *category_ids;    /* harm category → index + 1 */
  guint       n_categories;
  GArray     *records;
  GArray     *scores;
  GArray     *ranks;
  GArray     *spans;
  GPtrArray  *warnings;
  guint       n_more_warnings;
} Reader;

static void
reader_warn (Reader     *reader,
             const char *format,
             ...) G_GNUC_PRINTF (2, 3);

static void
reader_warn (Reader     *reader,
             const char *format,
             ...)
{
  va_list args;

  if (reader->warnings->len >= MAX_WARNINGS)
    {
      reader->n_more_warnings++;
      return;
    }
  va_start (args, format);
  g_ptr_array_add (reader->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static guint
intern (GHashTable *ids,
        GPtrArray  *names,
        guint      *counter,
        const char *name)
{
  gpointer value = g_hash_table_lookup (ids, name);
  guint index;

  if (value != NULL)
    return GPOINTER_TO_UINT (value) - 1;
  index = names != NULL ? names->len : (*counter)++;
  if (names != NULL)
    {
      char *copy = g_strdup (name);

      g_ptr_array_add (names, copy);
      g_hash_table_insert (ids, copy, GUINT_TO_POINTER (index + 1));
    }
  else
    g_hash_table_insert (ids, g_strdup (name), GUINT_TO_POINTER (index + 1));
  return index;
}

static guint64
hash_bytes (guint64     h,
            const void *data,
            gsize       len)
{
  for (const guchar *p = data; len > 0; p++, len--)
    {
      h ^= *p;
      h *= 0x100000001b3ULL;
    }
  return h;
}

/* FNV-1a over a value's structure and text, without writing it out:
 * serialising every record's task was a third of the time. */
static guint64
hash_value (guint64      h,
            json_object *value)
{
  json_type type = json_object_get_type (value);
  guchar tag = (guchar) type;

  h = hash_bytes (h, &tag, 1);
  switch (type)
    {
    case json_type_string:
      return hash_bytes (h, json_object_get_string (value), json_object_get_string_len (value));
    case json_type_int:
      {
        gint64 number = json_object_get_int64 (value);

        return hash_bytes (h, &number, sizeof number);
      }
    case json_type_double:
      {
        double number = json_object_get_double (value);

        return hash_bytes (h, &number, sizeof number);
      }
    case json_type_boolean:
      tag = json_object_get_boolean (value);
      return hash_bytes (h, &tag, 1);
    case json_type_array:
      for (gsize i = 0; i < json_object_array_length (value); i++)
        h = hash_value (h, json_object_array_get_idx (value, i));
      return h;
    case json_type_object:
      {
        json_object_object_foreach (value, key, member)
          {
            h = hash_bytes (h, key, strlen (key) + 1);
            h = hash_value (h, member);
          }
        return h;
      }
    case json_type_null:
    default:
      return h;
    }
}

static guint
reader_task (Reader             *reader,
             const char         *task_id,
             guint64             hash,
             const char * const *paths,
             guint               file)
{
  gpointer value = g_hash_table_lookup (reader->task_ids, task_id);
  guint index;

  if (value == NULL)
    {
      index = intern (reader->task_ids, reader->tasks, NULL, task_id);
      g_array_append_val (reader->task_hash, hash);
      g_array_append_val (reader->task_file, file);
      return index;
    }
  index = GPOINTER_TO_UINT (value) - 1;
  if (g_array_index (reader->task_hash, guint64, index) != hash &&
      !g_hash_table_contains (reader->task_warned, value))
    {
      g_hash_table_add (reader->task_warned, value);
      reader_warn (reader, "task “%s” has different content in %s and %s; the first is kept",
                   task_id, paths[g_array_index (reader->task_file, guint, index)], paths[file]);
    }
  return index;
}

static guint32
parts_add_text (RecordParts *parts,
                const char  *text)
{
  guint32 offset = (guint32) parts->text->len;

  g_string_append_len (parts->text, text, (gssize) strlen (text) + 1);
  return offset;
}

static void
parts_add (RecordParts *parts,
           PartKind     kind,
           const char  *id,
           gint32       value,
           guint32      start,
           guint32      end)
{
  Part part = { kind, parts_add_text (parts, id), value, start, end };

  g_array_append_val (parts->parts, part);
}

static void
record_parts_free (gpointer data)
{
  RecordParts *parts = data;

  g_string_free (parts->text, TRUE);
  g_array_unref (parts->parts);
  g_free (parts);
}

static void
extract_scores (RecordParts *parts,
                json_object *scores)
{
  json_object_object_foreach (scores, response_id, criteria)
    {
      if (!json_object_is_type (criteria, json_type_object))
        continue;
      parts_add (parts, PART_RESPONSE, response_id, 0, 0, 0);
      json_object_object_foreach (criteria, criterion, value)
        {
          if (json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double))
            parts_add (parts, PART_SCORE, criterion, json_object_get_int (value), 0, 0);
        }
    }
}

/* Ranks from "ranking", a response in "ties" sharing the rank before. */
static void
extract_ranking (RecordParts *parts,
                 json_object *ranking,
                 json_object *ties)
{
  gsize n = MIN (json_object_array_length (ranking), G_MAXUINT16);
  guint rank = 0;

  for (gsize i = 0; i < n; i++)
    {
      const char *id = json_object_get_string (json_object_array_get_idx (ranking, i));
      gboolean tied = FALSE;

      if (id == NULL)
        continue;
      for (gsize t = 0; ties != NULL && t < json_object_array_length (ties) && !tied; t++)
        tied = g_strcmp0 (json_object_get_string (json_object_array_get_idx (ties, t)), id) == 0;
      if (!tied || rank == 0)
        rank = (guint) i + 1;
      parts_add (parts, PART_RANK, id, (gint32) rank, 0, 0);
    }
}

static void
extract_spans (RecordParts *parts,
               json_object *spans)
{
  gsize n = MIN (json_object_array_length (spans), G_MAXUINT16);

  for (gsize i = 0; i < n; i++)
    {
      json_object *span = json_object_array_get_idx (spans, i);
      const char *response = rubric_json_get_string (span, "response");
      json_object *start = NULL, *end = NULL;

      if (response == NULL)
        response = rubric_json_get_string (span, "response_id");
      if (!json_object_object_get_ex (span, "start", &start) ||
          !json_object_object_get_ex (span, "end", &end))
        continue;
      parts_add (parts, PART_SPAN, response != NULL ? response : "", 0,
                 (guint32) MAX (json_object_get_int64 (start), 0),
                 (guint32) MAX (json_object_get_int64 (end), 0));
    }
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
  json_object *scores = rubric_json_get_typed (object, "scores", json_type_object);
  json_object *ranking = rubric_json_get_typed (object, "ranking", json_type_array);
  json_object *spans = rubric_json_get_typed (object, "spans", json_type_array);
  json_object *strength = NULL;
  json_object *success = NULL;
  const char *category = rubric_json_get_string (object, "category");
  RecordParts *parts;

  /* A repeat is the same person again, sides swapped: not a vote. */
  if (!submitted || rubric_records_is_repeat (object))
    return NULL;
  parts = g_new0 (RecordParts, 1);
  parts->text = g_string_sized_new (64);
  parts->parts = g_array_sized_new (FALSE, FALSE, sizeof (Part), 8);
  parts_add_text (parts, task_id);
  parts->annotator = parts_add_text (parts, annotator != NULL ? annotator : "");
  parts->task_hash = task != NULL ? hash_value (0xcbf29ce484222325ULL, task) : 0;
  parts->choice = rubric_records_parse_choice (rubric_json_get_string (object, "choice"));
  if (json_object_object_get_ex (object, "strength", &strength) && json_object_is_type (strength, json_type_int))
    parts->strength = (gint8) CLAMP (json_object_get_int (strength), 0, G_MAXINT8);
  parts->success = -1;
  if (json_object_object_get_ex (object, "success", &success) && json_object_is_type (success, json_type_int) &&
      json_object_get_int (success) >= 0)
    parts->success = (gint8) MIN (json_object_get_int (success), G_MAXINT8);
  if (category != NULL && *category != '\0')
    parts->category = parts_add_text (parts, category);
  if (scores != NULL)
    extract_scores (parts, scores);
  if (ranking != NULL)
    extract_ranking (parts, ranking, rubric_json_get_typed (object, "ties", json_type_array));
  if (spans != NULL)
    extract_spans (parts, spans);
  return parts;
}

static void
read_score (Reader       *reader,
            const Record *record,
            guint         response,
            const char   *criterion,
            gint32        value)
{
  Score score;
  guint c;

  if ((c = intern (reader->criterion_ids, reader->criteria, NULL, criterion)) > G_MAXUINT16)
    return;
  score.task = record->task;
  score.response = response;
  score.seq = record->seq;
  score.value = value;
  score.criterion = c;
  score.annotator = record->annotator;
  g_array_append_val (reader->scores, score);
}

static void
read_part (Reader       *reader,
           const Record *record,
           const Part   *part,
           const char   *id,
           guint        *response)
{
  guint r;

  if (part->kind == PART_SCORE)
    {
      read_score (reader, record, *response, id, part->value);
      return;
    }
  r = intern (reader->strings, NULL, &reader->n_strings, id);
  if (part->kind == PART_RESPONSE)
    *response = r;
  else if (part->kind == PART_RANK)
    {
      RankItem item = { r, (guint32) part->value };

      g_array_append_val (reader->ranks, item);
    }
  else if (part->end > part->start)
    {
      SpanItem item = { r, part->start, part->end };

      g_array_append_val (reader->spans, item);
    }
}

/* In file order: ids interned and values kept as they were read. */
static void
read_record (Reader             *reader,
             const RecordParts  *parts,
             const char * const *paths,
             guint               file)
{
  Record record = { 0 };
  const char *text = parts->text->str;
  guint a = intern (reader->annotator_ids, reader->annotators, NULL, text + parts->annotator);
  guint response = 0;

  if (a > G_MAXUINT16)
    return;
  record.task = reader_task (reader, text, parts->task_hash, paths, file);
  record.seq = reader->records->len;
  record.annotator = a;
  record.choice = parts->choice;
  record.strength = parts->strength;
  record.success = parts->success;
  if (parts->category != 0)
    {
      guint c = intern (reader->category_ids, NULL, &reader->n_categories, text + parts->category);

      record.category = c < G_MAXUINT16 ? c + 1 : 0;
    }
  record.rank_off = reader->ranks->len;
  record.span_off = reader->spans->len;
  for (guint i = 0; i < parts->parts->len; i++)
    {
      const Part *part = &g_array_index (parts->parts, Part, i);

      read_part (reader, &record, part, text + part->text, &response);
    }
  record.rank_len = reader->ranks->len - record.rank_off;
  record.span_len = reader->spans->len - record.span_off;
  g_array_append_val (reader->records, record);
}

typedef struct
{
  Reader             *reader;
  const char * const *paths;
  guint               file;
} FileRead;

static void
take_record (gpointer item,
             gpointer user_data)
{
  FileRead *read = user_data;

  read_record (read->reader, item, read->paths, read->file);
  record_parts_free (item);
}

static gboolean
read_file (Reader             *reader,
           const char * const *paths,
           guint               file,
           GError            **error)
{
  FileRead read = { reader, paths, file };

  return rubric_records_foreach_parallel (paths[file], extract_record, take_record,
                                          record_parts_free, &read, error);
}

/* Computing ------------------------------------------------------------------ */

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const Record *x = a, *y = b;

  if (x->task != y->task)
    return x->task < y->task ? -1 : 1;
  if (x->annotator != y->annotator)
    return x->annotator < y->annotator ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

static int
compare_scores (gconstpointer a,
                gconstpointer b)
{
  const Score *x = a, *y = b;

  if (x->criterion != y->criterion)
    return x->criterion < y->criterion ? -1 : 1;
  if (x->task != y->task)
    return x->task < y->task ? -1 : 1;
  if (x->response != y->response)
    return x->response < y->response ? -1 : 1;
  if (x->annotator != y->annotator)
    return x->annotator < y->annotator ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const SpanItem *x = a, *y = b;

  if (x->response != y->response)
    return x->response < y->response ? -1 : 1;
  return (x->start > y->start) - (x->start < y->start);
}

/* The spans of a record as a sorted union of ranges per response. */
static GArray *
merged_spans (const Reader *reader,
              const Record *record)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (SpanItem));
  guint kept = 0;

  /* With no spans read at all the array's data is NULL: no offset from it. */
  if (record->span_len > 0)
    g_array_append_vals (out, &g_array_index (reader->spans, SpanItem, record->span_off), record->span_len);
  g_array_sort (out, compare_spans);
  for (guint i = 0; i < out->len; i++)
    {
      SpanItem *item = &g_array_index (out, SpanItem, i);
      SpanItem *last = kept > 0 ? &g_array_index (out, SpanItem, kept - 1) : NULL;

      if (last != NULL && last->response == item->response && item->start <= last->end)
        last->end = MAX (last->end, item->end);
      else
        g_array_index (out, SpanItem, kept++) = *item;
    }
  g_array_set_size (out, kept);
  return out;
}

static double
span_f1 (const GArray *a,
         const GArray *b)
{
  guint64 len_a = 0, len_b = 0, both = 0;
  guint i = 0, j = 0;

  for (guint k = 0; k < a->len; k++)
    len_a += g_array_index (a, SpanItem, k).end - g_array_index (a, SpanItem, k).start;
  for (guint k = 0; k < b->len; k++)
    len_b += g_array_index (b, SpanItem, k).end - g_array_index (b, SpanItem, k).start;
  while (i < a->len && j < b->len)
    {
      const SpanItem *x = &g_array_index (a, SpanItem, i);
      const SpanItem *y = &g_array_index (b, SpanItem, j);

      if (x->response != y->response)
        {
          if (x->response < y->response)
            i++;
          else
            j++;
          continue;
        }
      if (MIN (x->end, y->end) > MAX (x->start, y->start))
        both += MIN (x->end, y->end) - MAX (x->start, y->start);
      if (x->end < y->end)
        i++;
      else
        j++;
    }
  if (len_a + len_b == 0)
    return NAN;
  return 2.0 * (double) both / (double) (len_a + len_b);
}

static double
ranking_tau (const Reader *reader,
             const Record *a,
             const Record *b)
{
  const RankItem *ra = &g_array_index (reader->ranks, RankItem, a->rank_off);
  const RankItem *rb = &g_array_index (reader->ranks, RankItem, b->rank_off);
  g_autofree double *x = g_new (double, a->rank_len);
  g_autofree double *y = g_new (double, a->rank_len);
  gsize n = 0;

  for (guint i = 0; i < a->rank_len; i++)
    for (guint j = 0; j < b->rank_len; j++)
      if (ra[i].response == rb[j].response)
        {
          x[n] = ra[i].rank;
          y[n] = rb[j].rank;
          n++;
          break;
        }
  return rubric_kendall_tau_b (x, y, n);
}

static void
criterion_free (gpointer data)
{
  RubricCriterionAgreement *criterion = data;

  g_free (criterion->id);
  g_free (criterion);
}

static void
pair_free (gpointer data)
{
  RubricPairAgreement *pair = data;

  g_free (pair->a);
  g_free (pair->b);
  g_free (pair);
}

static int
compare_criteria (gconstpointer a,
                  gconstpointer b)
{
  const RubricCriterionAgreement *x = *(RubricCriterionAgreement * const *) a;
  const RubricCriterionAgreement *y = *(RubricCriterionAgreement * const *) b;

  return strcmp (x->id, y->id);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
compute_criteria (RubricAgreement *self,
                  Reader          *reader,
                  const guint8    *superseded)
{
  Score *scores = (Score *) reader->scores->data;
  guint n = reader->scores->len;

  g_array_sort (reader->scores, compare_scores);
  for (guint i = 0; i < n;)
    {
      guint c = scores[i].criterion;
      RubricCriterionAgreement *criterion = g_new0 (RubricCriterionAgreement, 1);
      guint32 prev_task = 0, prev_response = 0;
      gboolean have_prev = FALSE;
      Units units;

      units_init (&units);
      for (; i < n && scores[i].criterion == c; i++)
        {
          if (superseded[scores[i].seq])
            continue;
          /* A new unit at each task and response. */
          if (have_prev && (prev_task != scores[i].task || prev_response != scores[i].response))
            units_close (&units);
          units_add (&units, scores[i].value);
          prev_task = scores[i].task;
          prev_response = scores[i].response;
          have_prev = TRUE;
        }
      units_close (&units);
      criterion->id = g_strdup (g_ptr_array_index (reader->criteria, c));
      criterion->n = units_count_pairable (&units);
      criterion->alpha_nominal = alpha_of_units (&units, RUBRIC_ALPHA_NOMINAL);
      criterion->alpha_ordinal = alpha_of_units (&units, RUBRIC_ALPHA_ORDINAL);
      criterion->alpha_interval = alpha_of_units (&units, RUBRIC_ALPHA_INTERVAL);
      units_clear (&units);
      g_ptr_array_add (self->criteria, criterion);
    }
  g_ptr_array_sort (self->criteria, compare_criteria);
}

static void
count_strength (RubricAgreement *self,
                const Record    *r)
{
  if (r->choice == RUBRIC_RECORD_CHOICE_TIE)
    self->strength.histogram[RUBRIC_STRENGTH_MAX]++;
  else if ((r->choice == RUBRIC_RECORD_CHOICE_A || r->choice == RUBRIC_RECORD_CHOICE_B) &&
           r->strength > 0 && r->strength <= RUBRIC_STRENGTH_MAX)
    self->strength.histogram[RUBRIC_STRENGTH_MAX + (r->choice == RUBRIC_RECORD_CHOICE_A ? -r->strength : r->strength)]++;
}

static void
compute (RubricAgreement *self,
         Reader          *reader)
{
  guint n_ann = reader->annotators->len;
  g_autofree guint *order = g_new0 (guint, MAX (n_ann, 1));
  g_autofree guint *rank_of = g_new0 (guint, MAX (n_ann, 1));
  g_autofree guint8 *superseded = g_new0 (guint8, MAX (reader->records->len, 1));
  gsize n_pairs = (gsize) n_ann * n_ann;
  g_autofree guint32 *tables = g_new0 (guint32, MAX (n_pairs * RUBRIC_RECORD_N_CHOICES * RUBRIC_RECORD_N_CHOICES, 1));
  Record *records;
  guint n_records, kept = 0;
  Units choice, strength, category, success;
  double tau_sum = 0, f1_sum = 0;

  /* Annotators sorted by name. */
  {
    g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

    for (guint i = 0; i < n_ann; i++)
      g_ptr_array_add (sorted, g_ptr_array_index (reader->annotators, i));
    g_ptr_array_sort (sorted, compare_names);
    for (guint i = 0; i < n_ann; i++)
      {
        const char *name = g_ptr_array_index (sorted, i);

        g_ptr_array_add (self->annotators, g_strdup (name));
        rank_of[GPOINTER_TO_UINT (g_hash_table_lookup (reader->annotator_ids, name)) - 1] = i;
      }
  }
  records = (Record *) reader->records->data;
  n_records = reader->records->len;
  for (guint i = 0; i < n_records; i++)
    records[i].annotator = rank_of[records[i].annotator];
  for (guint i = 0; i < reader->scores->len; i++)
    g_array_index (reader->scores, Score, i).annotator = rank_of[g_array_index (reader->scores, Score, i).annotator];

  /* One record per task and annotator: the last read. */
  g_array_sort (reader->records, compare_records);
  for (guint i = 0; i < n_records; i++)
    {
      if (i + 1 < n_records && records[i + 1].task == records[i].task &&
          records[i + 1].annotator == records[i].annotator)
        {
          superseded[records[i].seq] = 1;
          if (i == 0 || records[i - 1].task != records[i].task || records[i - 1].annotator != records[i].annotator)
            reader_warn (reader, "annotator “%s” has more than one record of task “%s”; the last read counts",
                         (const char *) g_ptr_array_index (self->annotators, records[i].annotator),
                         (const char *) g_ptr_array_index (reader->tasks, records[i].task));
          continue;
        }
      records[kept++] = records[i];
    }
  g_array_set_size (reader->records, kept);
  records = (Record *) reader->records->data;
  n_records = kept;
  self->n_records = n_records;

  units_init (&choice);
  units_init (&strength);
  units_init (&category);
  units_init (&success);
  for (guint i = 0; i < n_records;)
    {
      guint end = i, n_tau = 0, n_f1 = 0;
      double task_tau = 0, task_f1 = 0;
      g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

      while (end < n_records && records[end].task == records[i].task)
        end++;
      self->n_units++;
      self->n_shared += end - i >= 2;
      for (guint k = i; k < end; k++)
        {
          const Record *r = &records[k];

          if (r->choice != RUBRIC_RECORD_CHOICE_NONE)
            units_add (&choice, r->choice);
          if (r->choice == RUBRIC_RECORD_CHOICE_TIE)
            units_add (&strength, 0);
          else if ((r->choice == RUBRIC_RECORD_CHOICE_A || r->choice == RUBRIC_RECORD_CHOICE_B) && r->strength > 0)
            units_add (&strength, r->choice == RUBRIC_RECORD_CHOICE_A ? -r->strength : r->strength);
          if (r->category != 0)
            units_add (&category, r->category - 1);
          if (r->success >= 0)
            units_add (&success, r->success);
          count_strength (self, r);
          g_ptr_array_add (merged, merged_spans (reader, r));
        }
      units_close (&choice);
      units_close (&strength);
      units_close (&category);
      units_close (&success);
      for (guint k = i; k < end; k++)
        for (guint l = k + 1; l < end; l++)
          {
            const Record *a = &records[k], *b = &records[l];
            GArray *sa = g_ptr_array_index (merged, k - i), *sb = g_ptr_array_index (merged, l - i);

            if (a->choice != RUBRIC_RECORD_CHOICE_NONE && b->choice != RUBRIC_RECORD_CHOICE_NONE)
              tables[((gsize) a->annotator * n_ann + b->annotator) * RUBRIC_RECORD_N_CHOICES * RUBRIC_RECORD_N_CHOICES +
                     a->choice * RUBRIC_RECORD_N_CHOICES + b->choice]++;
            if (a->rank_len >= 2 && b->rank_len >= 2)
              {
                double tau = ranking_tau (reader, a, b);

                if (!isnan (tau))
                  {
                    task_tau += tau;
                    n_tau++;
                  }
              }
            if (sa->len > 0 || sb->len > 0)
              {
                double f1 = span_f1 (sa, sb);

                if (!isnan (f1))
                  {
                    task_f1 += f1;
                    n_f1++;
                  }
              }
          }
      if (n_tau > 0)
        {
          tau_sum += task_tau / n_tau;
          self->ranking.n++;
        }
      if (n_f1 > 0)
        {
          f1_sum += task_f1 / n_f1;
          self->spans.n++;
        }
      i = end;
    }

  nominal_of_units (&self->choice, &choice);
  self->strength.n = units_count_pairable (&strength);
  self->strength.alpha_ordinal = alpha_of_units (&strength, RUBRIC_ALPHA_ORDINAL);
  self->strength.alpha_interval = alpha_of_units (&strength, RUBRIC_ALPHA_INTERVAL);
  nominal_of_units (&self->harm_category, &category);
  self->success.n = units_count_pairable (&success);
  self->success.alpha_ordinal = alpha_of_units (&success, RUBRIC_ALPHA_ORDINAL);
  self->success.alpha_interval = alpha_of_units (&success, RUBRIC_ALPHA_INTERVAL);
  self->success.percent = figures_of_units (&success).pa;
  units_clear (&choice);
  units_clear (&strength);
  units_clear (&category);
  units_clear (&success);
  self->ranking.kendall_tau_b_mean = self->ranking.n > 0 ? tau_sum / self->ranking.n : NAN;
  self->spans.f1_mean = self->spans.n > 0 ? f1_sum / self->spans.n : NAN;

  for (guint a = 0; a < n_ann; a++)
    for (guint b = a + 1; b < n_ann; b++)
      {
        const guint32 *t = tables + ((gsize) a * n_ann + b) * RUBRIC_RECORD_N_CHOICES * RUBRIC_RECORD_N_CHOICES;
        double table[RUBRIC_RECORD_N_CHOICES * RUBRIC_RECORD_N_CHOICES];
        double total = 0, agree = 0;
        RubricPairAgreement *pair;

        for (guint k = 0; k < RUBRIC_RECORD_N_CHOICES * RUBRIC_RECORD_N_CHOICES; k++)
          {
            table[k] = t[k];
            total += t[k];
          }
        if (total == 0)
          continue;
        for (guint k = 0; k < RUBRIC_RECORD_N_CHOICES; k++)
          agree += table[k * RUBRIC_RECORD_N_CHOICES + k];
        pair = g_new0 (RubricPairAgreement, 1);
        pair->a = g_strdup (g_ptr_array_index (self->annotators, a));
        pair->b = g_strdup (g_ptr_array_index (self->annotators, b));
        pair->n = (guint) total;
        pair->percent = agree / total;
        pair->cohen_kappa = rubric_cohen_kappa (table, RUBRIC_RECORD_N_CHOICES, FALSE);
        g_ptr_array_add (self->pairs, pair);
      }

  compute_criteria (self, reader, superseded);
}

static void
reader_clear (Reader *reader)
{
  g_clear_pointer (&reader->annotator_ids, g_hash_table_unref);
  g_clear_pointer (&reader->annotators, g_ptr_array_unref);
  g_clear_pointer (&reader->task_ids, g_hash_table_unref);
  g_clear_pointer (&reader->tasks, g_ptr_array_unref);
  g_clear_pointer (&reader->task_hash, g_array_unref);
  g_clear_pointer (&reader->task_file, g_array_unref);
  g_clear_pointer (&reader->task_warned, g_hash_table_unref);
  g_clear_pointer (&reader->strings, g_hash_table_unref);
  g_clear_pointer (&reader->criterion_ids, g_hash_table_unref);
  g_clear_pointer (&reader->criteria, g_ptr_array_unref);
  g_clear_pointer (&reader->category_ids, g_hash_table_unref);
  g_clear_pointer (&reader->records, g_array_unref);
  g_clear_pointer (&reader->scores, g_array_unref);
  g_clear_pointer (&reader->ranks, g_array_unref);
  g_clear_pointer (&reader->spans, g_array_unref);
  g_clear_pointer (&reader->warnings, g_ptr_array_unref);
}

/**
 * rubric_agreement_from_files:
 * @paths: (array zero-terminated=1): records exports
 *
 * Reads the submitted records of every file and measures how far the
 * annotators agree (see the decisions at the top of this file).
 *
 * Returns: (transfer full) (nullable): the report, or %NULL with @error
 *   set when a file cannot be read or holds something else than records
 */
RubricAgreement *
rubric_agreement_from_files (const char * const  *paths,
                             GError             **error)
{
  Reader reader = { 0 };
  RubricAgreement *self;

  g_return_val_if_fail (paths != NULL, NULL);

  /* The hash tables own their keys except where a GPtrArray does. */
  reader.annotators = g_ptr_array_new_with_free_func (g_free);
  reader.annotator_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader.tasks = g_ptr_array_new_with_free_func (g_free);
  reader.task_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader.task_hash = g_array_new (FALSE, FALSE, sizeof (guint64));
  reader.task_file = g_array_new (FALSE, FALSE, sizeof (guint));
  reader.task_warned = g_hash_table_new (NULL, NULL);
  reader.strings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.criteria = g_ptr_array_new_with_free_func (g_free);
  reader.criterion_ids = g_hash_table_new (g_str_hash, g_str_equal);
  reader.category_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  reader.records = g_array_new (FALSE, FALSE, sizeof (Record));
  reader.scores = g_array_new (FALSE, FALSE, sizeof (Score));
  reader.ranks = g_array_new (FALSE, FALSE, sizeof (RankItem));
  reader.spans = g_array_new (FALSE, FALSE, sizeof (SpanItem));
  reader.warnings = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; paths[i] != NULL; i++)
    if (!read_file (&reader, paths, i, error))
      {
        reader_clear (&reader);
        return NULL;
      }

  self = g_new0 (RubricAgreement, 1);
  self->annotators = g_ptr_array_new_with_free_func (g_free);
  self->criteria = g_ptr_array_new_with_free_func (criterion_free);
  self->pairs = g_ptr_array_new_with_free_func (pair_free);
  compute (self, &reader);
  if (reader.n_more_warnings > 0)
    g_ptr_array_add (reader.warnings, g_strdup_printf ("and %u more warnings", reader.n_more_warnings));
  self->warnings = g_steal_pointer (&reader.warnings);
  reader_clear (&reader);
  return self;
}

void
rubric_agreement_free (RubricAgreement *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->annotators, g_ptr_array_unref);
  g_clear_pointer (&self->criteria, g_ptr_array_unref);
  g_clear_pointer (&self->pairs, g_ptr_array_unref);
  g_clear_pointer (&self->warnings, g_ptr_array_unref);
  g_free (self);
}

/* Writing -------------------------------------------------------------------- */

/* "-3" … "3", and "-4" … "4" when a 9-point scale gave a 4. */
static void
append_histogram (GString               *out,
                  const RubricAgreement *self)
{
  const guint64 *h = self->strength.histogram;
  int span = h[0] > 0 || h[2 * RUBRIC_STRENGTH_MAX] > 0 ? RUBRIC_STRENGTH_MAX : RUBRIC_STRENGTH_MAX - 1;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (int s = -span; s <= span; s++)
    {
      char key[8];

      g_snprintf (key, sizeof key, "%d", s);
      rubric_json_append_count (out, &first, key, h[RUBRIC_STRENGTH_MAX + s]);
    }
  g_string_append_c (out, '}');
}

static void
append_nominal (GString                      *out,
                gboolean                     *first,
                const char                   *key,
                const RubricNominalAgreement *figures)
{
  gboolean inner = TRUE;

  rubric_json_append_key (out, first, key);
  g_string_append_c (out, '{');
  rubric_json_append_count (out, &inner, "n", figures->n);
  rubric_json_append_figure (out, &inner, "alpha_nominal", figures->alpha_nominal);
  rubric_json_append_figure (out, &inner, "percent", figures->percent);
  rubric_json_append_figure (out, &inner, "fleiss_kappa", figures->fleiss_kappa);
  rubric_json_append_figure (out, &inner, "ac1", figures->ac1);
  g_string_append_c (out, '}');
}

char *
rubric_agreement_to_json (const RubricAgreement *self)
{
  GString *out = g_string_new ("{");
  gboolean first = TRUE, inner;

  g_return_val_if_fail (self != NULL, NULL);

  rubric_json_append_count (out, &first, "units", self->n_units);
  rubric_json_append_count (out, &first, "records", self->n_records);
  rubric_json_append_count (out, &first, "shared_units", self->n_shared);
  rubric_json_append_key (out, &first, "annotators");
  rubric_json_append_strings (out, self->annotators);

  append_nominal (out, &first, "choice", &self->choice);

  rubric_json_append_key (out, &first, "strength");
  inner = TRUE;
  g_string_append_c (out, '{');
  rubric_json_append_count (out, &inner, "n", self->strength.n);
  rubric_json_append_figure (out, &inner, "alpha_ordinal", self->strength.alpha_ordinal);
  rubric_json_append_figure (out, &inner, "alpha_interval", self->strength.alpha_interval);
  rubric_json_append_key (out, &inner, "histogram");
  append_histogram (out, self);
  g_string_append_c (out, '}');

  append_nominal (out, &first, "harm_category", &self->harm_category);

  rubric_json_append_key (out, &first, "success");
  inner = TRUE;
  g_string_append_c (out, '{');
  rubric_json_append_count (out, &inner, "n", self->success.n);
  rubric_json_append_figure (out, &inner, "alpha_ordinal", self->success.alpha_ordinal);
  rubric_json_append_figure (out, &inner, "alpha_interval", self->success.alpha_interval);
  rubric_json_append_figure (out, &inner, "percent", self->success.percent);
  g_string_append_c (out, '}');

  rubric_json_append_key (out, &first, "criteria");
  inner = TRUE;
  g_string_append_c (out, '{');
  for (guint i = 0; i < self->criteria->len; i++)
    {
      const RubricCriterionAgreement *c = g_ptr_array_index (self->criteria, i);
      gboolean in = TRUE;

      rubric_json_append_key (out, &inner, c->id);
      g_string_append_c (out, '{');
      rubric_json_append_count (out, &in, "n", c->n);
      rubric_json_append_figure (out, &in, "alpha_nominal", c->alpha_nominal);
      rubric_json_append_figure (out, &in, "alpha_ordinal", c->alpha_ordinal);
      rubric_json_append_figure (out, &in, "alpha_interval", c->alpha_interval);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');

  rubric_json_append_key (out, &first, "ranking");
  inner = TRUE;
  g_string_append_c (out, '{');
  rubric_json_append_count (out, &inner, "n", self->ranking.n);
  rubric_json_append_figure (out, &inner, "kendall_tau_b_mean", self->ranking.kendall_tau_b_mean);
  g_string_append_c (out, '}');

  rubric_json_append_key (out, &first, "spans");
  inner = TRUE;
  g_string_append_c (out, '{');
  rubric_json_append_count (out, &inner, "n", self->spans.n);
  rubric_json_append_figure (out, &inner, "f1_mean", self->spans.f1_mean);
  g_string_append_c (out, '}');

  rubric_json_append_key (out, &first, "pairs");
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->pairs->len; i++)
    {
      const RubricPairAgreement *p = g_ptr_array_index (self->pairs, i);
      gboolean in = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      rubric_json_append_key (out, &in, "a");
      rubric_json_append_cstring (out, p->a);
      rubric_json_append_key (out, &in, "b");
      rubric_json_append_cstring (out, p->b);
      rubric_json_append_count (out, &in, "n", p->n);
      rubric_json_append_figure (out, &in, "percent", p->percent);
      rubric_json_append_figure (out, &in, "cohen_kappa", p->cohen_kappa);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  rubric_json_append_key (out, &first, "warnings");
  rubric_json_append_strings (out, self->warnings);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

gboolean
rubric_agreement_has_attempts (const RubricAgreement *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->harm_category.n > 0 || self->success.n > 0;
}

/* A label padded to 22 characters, not bytes ("α", "κ" and "τ" are two
 * each: printf's padding left their figures a column to the left). */
static void
text_figure (GString    *out,
             const char *label,
             double      value)
{
  g_string_append_printf (out, "  %s%*s", label, (int) MAX (22 - g_utf8_strlen (label, -1), 0) + 1, "");
  if (isnan (value))
    g_string_append (out, "—\n");
  else
    g_string_append_printf (out, "%.3f\n", value);
}

static void
text_nominal (GString                      *out,
              const RubricNominalAgreement *figures)
{
  text_figure (out, "Krippendorff α", figures->alpha_nominal);
  text_figure (out, "percent agreement", figures->percent);
  text_figure (out, "Fleiss κ", figures->fleiss_kappa);
  text_figure (out, "Gwet AC1", figures->ac1);
}

char *
rubric_agreement_to_text (const RubricAgreement *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (self != NULL, NULL);

  g_string_append_printf (out, "%u records of %u annotators on %u tasks; %u tasks done by two or more\n",
                          self->n_records, self->annotators->len, self->n_units, self->n_shared);
  g_string_append (out, "(— means there is not enough to compute it)\n");
  g_string_append_printf (out, "\nChoice (%u tasks with two or more choices)\n", self->choice.n);
  text_nominal (out, &self->choice);
  g_string_append_printf (out, "\nStrength, −scale (A) … +scale (B) (%u tasks)\n", self->strength.n);
  text_figure (out, "α ordinal", self->strength.alpha_ordinal);
  text_figure (out, "α interval", self->strength.alpha_interval);
  for (guint i = 0; i < self->criteria->len; i++)
    {
      const RubricCriterionAgreement *c = g_ptr_array_index (self->criteria, i);

      g_string_append_printf (out, "\nCriterion %s (%u responses)\n", c->id, c->n);
      text_figure (out, "α nominal", c->alpha_nominal);
      text_figure (out, "α ordinal", c->alpha_ordinal);
      text_figure (out, "α interval", c->alpha_interval);
    }
  g_string_append_printf (out, "\nRankings (%u tasks)\n", self->ranking.n);
  text_figure (out, "mean Kendall τ-b", self->ranking.kendall_tau_b_mean);
  g_string_append_printf (out, "\nSpans (%u tasks)\n", self->spans.n);
  text_figure (out, "mean overlap F1", self->spans.f1_mean);
  if (rubric_agreement_has_attempts (self))
    {
      g_string_append_printf (out, "\nHarm category of red-team attempts (%u tasks)\n", self->harm_category.n);
      text_nominal (out, &self->harm_category);
      g_string_append_printf (out, "\nSuccess of red-team attempts, 0–4 (%u tasks)\n", self->success.n);
      text_figure (out, "α ordinal", self->success.alpha_ordinal);
      text_figure (out, "α interval", self->success.alpha_interval);
      text_figure (out, "percent agreement", self->success.percent);
    }
  if (self->pairs->len > 0)
    {
      g_string_append (out, "\nPairs of annotators, on choice\n");
      for (guint i = 0; i < self->pairs->len; i++)
        {
          const RubricPairAgreement *p = g_ptr_array_index (self->pairs, i);
          g_autofree char *who = g_strdup_printf ("%s × %s", p->a, p->b);

          g_string_append_printf (out, "  %-30s %5u tasks  %5.1f%%  κ ", who, p->n, 100 * p->percent);
          if (isnan (p->cohen_kappa))
            g_string_append (out, "—\n");
          else
            g_string_append_printf (out, "%.3f\n", p->cohen_kappa);
        }
    }
  if (self->warnings->len > 0)
    {
      g_string_append (out, "\nWarnings\n");
      for (guint i = 0; i < self->warnings->len; i++)
        g_string_append_printf (out, "  %s\n", (const char *) g_ptr_array_index (self->warnings, i));
    }
  return g_string_free (out, FALSE);
}
