/* rubric-diff.h — word-level differences between two texts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  gsize start;   /* byte offsets into the text, end exclusive */
  gsize end;
} RubricDiffRange;

typedef struct
{
  GArray *removed;   /* RubricDiffRange in the first text */
  GArray *added;     /* RubricDiffRange in the second text */
  guint   n_removed; /* words, not ranges */
  guint   n_added;
} RubricDiff;

typedef enum
{
  RUBRIC_DIFF_EQUAL,
  RUBRIC_DIFF_DELETE,   /* the range is in the first text */
  RUBRIC_DIFF_INSERT,   /* the range is in the second text */
} RubricDiffOpType;

typedef struct
{
  RubricDiffOpType type;
  gsize            start;
  gsize            end;
} RubricDiffOp;

RubricDiff *rubric_diff_words (const char *a,
                               const char *b);
GArray     *rubric_diff_ops   (const char *a,
                               const char *b);
void        rubric_diff_free  (RubricDiff *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricDiff, rubric_diff_free)

G_END_DECLS
