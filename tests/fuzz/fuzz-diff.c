/* fuzz-diff.c — the word diff (rubric-diff.h)
 *
 * Input: two texts separated by the first NUL byte (without one, the
 * two halves), each made valid UTF-8 without NUL as callers pass them.
 * Checks that rubric_diff_words() gives ordered, separate ranges inside
 * each text, and that rubric_diff_ops() is an edit script: what stays
 * and what comes make up the second text in order, what stays and what
 * goes make up the first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <string.h>

#include "rubric-diff.h"

static void
check_ranges (GArray     *ranges,
              guint       n_words,
              const char *text)
{
  gsize len = strlen (text), end = 0;

  FUZZ_CHECK (n_words >= ranges->len, "%u words in %u ranges", n_words, ranges->len);
  for (guint i = 0; i < ranges->len; i++)
    {
      RubricDiffRange *range = &g_array_index (ranges, RubricDiffRange, i);

      FUZZ_CHECK (range->start < range->end && range->end <= len && (i == 0 || range->start > end),
                  "range %u: %zu-%zu after %zu, in %zu bytes", i, range->start, range->end, end, len);
      end = range->end;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autoptr(RubricDiff) diff = NULL;
  g_autoptr(GArray) ops = NULL;
  g_autoptr(GString) first = g_string_new (NULL);
  gsize cut, len_b, at_b = 0;
  const guint8 *nul;

  fuzz_init ();
  if (size > FUZZ_MAX_INPUT)
    return 0;
  nul = memchr (data, '\0', size);
  cut = nul != NULL ? (gsize) (nul - data) : size / 2;
  a = fuzz_text (data, cut);
  b = fuzz_text (data + cut + (nul != NULL), size - cut - (nul != NULL));
  len_b = strlen (b);

  diff = rubric_diff_words (a, b);
  check_ranges (diff->removed, diff->n_removed, a);
  check_ranges (diff->added, diff->n_added, b);
  if (strcmp (a, b) == 0)
    FUZZ_CHECK (diff->removed->len == 0 && diff->added->len == 0, "a text differs from itself");

  ops = rubric_diff_ops (a, b);
  for (guint i = 0; i < ops->len; i++)
    {
      RubricDiffOp *op = &g_array_index (ops, RubricDiffOp, i);

      FUZZ_CHECK (op->start <= op->end, "op %u: %zu-%zu", i, op->start, op->end);
      switch (op->type)
        {
        case RUBRIC_DIFF_EQUAL:
        case RUBRIC_DIFF_INSERT:
          FUZZ_CHECK (op->start == at_b && op->end <= len_b, "op %u (%d): %zu-%zu, the second text at %zu of %zu",
                      i, op->type, op->start, op->end, at_b, len_b);
          at_b = op->end;
          if (op->type == RUBRIC_DIFF_EQUAL)
            g_string_append_len (first, b + op->start, op->end - op->start);
          break;
        case RUBRIC_DIFF_DELETE:
          FUZZ_CHECK (op->end <= strlen (a), "op %u: %zu-%zu", i, op->start, op->end);
          g_string_append_len (first, a + op->start, op->end - op->start);
          break;
        default:
          FUZZ_CHECK (FALSE, "op %u of type %d", i, op->type);
        }
    }
  FUZZ_CHECK (at_b == len_b, "the ops cover %zu of %zu bytes of the second text", at_b, len_b);
  FUZZ_CHECK (strcmp (first->str, a) == 0, "the ops do not make up the first text");
  return 0;
}
