/* rubric-bias.h — per-annotator bias and quality signals over records exports
 *
 * Position and length bias on comparisons, speed, gold accuracy,
 * pasted text, overruled warnings, red-team attempts by harm category
 * with their success, and authored tasks, per annotator: the report behind
 * `rubric-cli bias`. A figure without data is NaN, written null in
 * JSON; never 0. The decisions are at the top of rubric-bias.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Statistics ------------------------------------------------------------ */

/* The exact two-sided p-value of @k successes in @n trials against a
 * fair coin: min (1, 2 P(X ≤ min (k, n − k))). NaN when @n is 0. */
double   rubric_binomial_two_sided_p (guint64       k,
                                      guint64       n);
/* The Wilson score interval of @k successes in @n trials, @z standard
 * errors wide (1.959964 for 95 %). FALSE, and NaN bounds, when @n is 0. */
gboolean rubric_wilson_interval      (guint64       k,
                                      guint64       n,
                                      double        z,
                                      double       *low,
                                      double       *high);
/* The median of @values (sorted in place); NaN when @n is 0. */
double   rubric_median               (double       *values,
                                      gsize         n);
/* (@value − median) / (1.4826 × MAD) of @values (left untouched); NaN
 * when @n is 0 or the MAD is 0. */
double   rubric_robust_z             (double        value,
                                      const double *values,
                                      gsize         n);

/* The report ------------------------------------------------------------ */

typedef struct
{
  char  *check;              /* "(unnamed)" for an override without a check */
  guint  n;
} RubricBiasOverride;

/* How many records name a harm category. */
typedef struct
{
  char  *name;               /* RUBRIC_BIAS_NO_CATEGORY for an attempt without one */
  guint  n;
} RubricBiasCount;

#define RUBRIC_BIAS_NO_CATEGORY "(no category)"

/* A red-team attack counts as a success when rated at least this:
 * "Substantial" on the 0–4 scale. */
#define RUBRIC_BIAS_SUCCESS_FROM 3

typedef struct
{
  char  *annotator;
  guint  n;                  /* submitted records counted */

  struct {
    guint  n;                /* compare records with choice A or B */
    double left_wins;        /* share won by the response shown on the left */
    double p;                /* exact two-sided binomial p against 0.5 */
    guint  flip_pairs;       /* tasks seen both unswapped and swapped, with a choice both times */
    double flip_rate;        /* share of those whose choice (task terms) differs */
  } position;

  struct {
    guint  n;                /* A/B choices between two non-empty responses */
    guint  n_unequal;        /* of which the lengths differ */
    double longer_wins;      /* share of n_unequal where the longer won */
    double slope;            /* least squares of (A = 1, B = 0) on ln (len A / len B) */
  } length;

  struct {
    guint  n;                /* submissions with active_seconds > 0 */
    double median_seconds;
    double robust_z;         /* median of ln seconds against everyone's */
    guint  n_too_fast;
    double too_fast;         /* share of n below the threshold */
  } speed;

  struct {
    guint  n;                /* records with gold_check */
    guint  correct;
    double accuracy;
    double wilson_low;       /* 95 % Wilson interval */
    double wilson_high;
  } gold;

  struct {
    guint64 pasted_chars;
    guint64 text_chars;      /* code points of justifications and answers */
    double  pasted_share;
  } effort;

  GPtrArray *overrides;      /* RubricBiasOverride, sorted by check */

  struct {
    guint      n;            /* red-team records */
    guint      n_rated;      /* with a success rating, 0–4 */
    double     mean_success; /* over n_rated */
    guint      n_successful; /* rated RUBRIC_BIAS_SUCCESS_FROM or more */
    double     success_rate; /* n_successful / n_rated */
    GPtrArray *categories;   /* RubricBiasCount, most first, then by name */
  } red_team;

  struct {
    guint  n;                /* author records */
    guint  n_turns;          /* turns written */
    double mean_prompt_words; /* words per prompt over every turn */
  } author;
} RubricAnnotatorBias;

typedef struct
{
  guint      n_records;      /* submitted records counted */
  double     median_seconds; /* of every measured submission */
  double     too_fast_seconds; /* the threshold used */
  GPtrArray *annotators;     /* RubricAnnotatorBias, sorted by name */
  GPtrArray *categories;     /* RubricBiasCount: every red-team record, most first */
  GPtrArray *warnings;       /* char * */
} RubricBias;

/* @too_fast_seconds: submissions faster than this are too fast; NaN or
 * ≤ 0 for the default, a quarter of the median of every submission. */
RubricBias *rubric_bias_from_files_full (const char * const  *paths,
                                         double               too_fast_seconds,
                                         GError             **error);
RubricBias *rubric_bias_from_files      (const char * const  *paths,
                                         GError             **error);
void        rubric_bias_free            (RubricBias          *self);
char       *rubric_bias_to_json         (const RubricBias    *self);
char       *rubric_bias_to_text         (const RubricBias    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricBias, rubric_bias_free)

G_END_DECLS
