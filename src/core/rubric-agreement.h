/* rubric-agreement.h — inter-annotator agreement over records exports
 *
 * The statistics (Krippendorff's α, percent agreement, Fleiss' κ,
 * Gwet's AC1, Cohen's κ) over plain matrices, and the report behind
 * `rubric-cli agreement`. A coefficient that cannot be computed — no
 * data, fewer than two coders sharing a unit, no variation at all — is
 * NaN, written null in JSON; never 0.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Statistics ------------------------------------------------------------ */

typedef enum
{
  RUBRIC_ALPHA_NOMINAL,
  RUBRIC_ALPHA_ORDINAL,
  RUBRIC_ALPHA_INTERVAL,
  RUBRIC_ALPHA_RATIO,
} RubricAlphaMetric;

/* @data is units × coders, row-major (data[u * n_coders + c]); NAN is
 * a missing value. */
double rubric_krippendorff_alpha  (const double      *data,
                                   gsize              n_units,
                                   gsize              n_coders,
                                   RubricAlphaMetric  metric);
double rubric_percent_agreement   (const double      *data,
                                   gsize              n_units,
                                   gsize              n_coders);
double rubric_fleiss_kappa        (const double      *data,
                                   gsize              n_units,
                                   gsize              n_coders);
double rubric_gwet_ac1            (const double      *data,
                                   gsize              n_units,
                                   gsize              n_coders);
/* @counts is subjects × categories: how many raters put each subject in
 * each category (the raters per subject may differ). */
double rubric_fleiss_kappa_counts (const double      *counts,
                                   gsize              n_subjects,
                                   gsize              n_categories);
/* @table is categories × categories: rows the first rater, columns the
 * second. Linear weights are 1 − |i − j| / (categories − 1). */
double rubric_cohen_kappa         (const double      *table,
                                   gsize              n_categories,
                                   gboolean           linear_weighted);

/* The report ------------------------------------------------------------ */

/* The largest strength a set's preference scale gives (9 points). */
#define RUBRIC_STRENGTH_MAX 4

typedef struct
{
  char   *id;
  guint   n;                 /* units (task × response) with ≥ 2 scores */
  double  alpha_nominal;
  double  alpha_ordinal;
  double  alpha_interval;
} RubricCriterionAgreement;

/* Figures on a nominal unit per task (a choice, a harm category). */
typedef struct
{
  guint  n;                  /* tasks with two or more values */
  double alpha_nominal;
  double percent;
  double fleiss_kappa;
  double ac1;
} RubricNominalAgreement;

typedef struct
{
  char   *a;
  char   *b;
  guint   n;                 /* tasks both made a choice on */
  double  percent;
  double  cohen_kappa;
} RubricPairAgreement;

typedef struct
{
  guint       n_records;     /* submitted records counted */
  guint       n_units;       /* tasks with a submitted record */
  guint       n_shared;      /* tasks with submitted records of ≥ 2 annotators */
  GPtrArray  *annotators;    /* char *, sorted */

  RubricNominalAgreement choice;

  struct {
    guint   n;
    double  alpha_ordinal;
    double  alpha_interval;
    /* Submitted compare records by signed strength in task terms:
     * histogram[RUBRIC_STRENGTH_MAX + s], s from −RUBRIC_STRENGTH_MAX
     * (A much better) through 0 (tie) to +RUBRIC_STRENGTH_MAX (B). A or
     * B without a strength, or above the maximum, and both-bad are not
     * counted. */
    guint64 histogram[2 * RUBRIC_STRENGTH_MAX + 1];
  } strength;

  GPtrArray  *criteria;      /* RubricCriterionAgreement, sorted by id */

  /* Red-team attempts. */
  RubricNominalAgreement harm_category;

  struct {
    guint  n;                /* tasks with ≥ 2 successes (0–4) */
    double alpha_ordinal;
    double alpha_interval;
    double percent;
  } success;

  struct {
    guint  n;                /* tasks with a τ-b for ≥ 1 pair of rankings */
    double kendall_tau_b_mean;
  } ranking;

  struct {
    guint  n;                /* tasks with an F1 for ≥ 1 pair */
    double f1_mean;
  } spans;

  GPtrArray  *pairs;         /* RubricPairAgreement, annotators sharing ≥ 1 choice */
  GPtrArray  *warnings;      /* char * */
} RubricAgreement;

RubricAgreement *rubric_agreement_from_files   (const char * const     *paths,
                                                GError                **error);
void             rubric_agreement_free         (RubricAgreement        *self);
char            *rubric_agreement_to_json      (const RubricAgreement  *self);
char            *rubric_agreement_to_text      (const RubricAgreement  *self);
/* Whether two or more annotators share a red-team attempt to compare. */
gboolean         rubric_agreement_has_attempts (const RubricAgreement  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricAgreement, rubric_agreement_free)

G_END_DECLS
