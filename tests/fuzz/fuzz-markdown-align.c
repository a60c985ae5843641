/* fuzz-markdown-align.c — a selection in rendered markdown taken back to
 * its source: rubric_markdown_align() and rubric_markdown_balance_span()
 *
 * Input: four bytes that place a selection, then markdown (made valid
 * UTF-8 without NUL). The selection is made in the rendered text and
 * mapped back as the review page does it, then balanced; a second span
 * is balanced straight on the source. Every offset that comes back must
 * name a character of the source, so that a selection's end (its last
 * character's offset + 1) lies inside it. Last, the source is aligned with a text that
 * is not its rendering (the input's second half), which must not fail.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include "rubric-markdown.h"

static void
check_span (const char *source,
            glong       n_source,
            glong       from,
            glong       to)
{
  glong start = from, end = to;
  g_autofree char *quote = NULL;

  rubric_markdown_balance_span (source, &start, &end);
  FUZZ_CHECK (0 <= start && start <= end && end <= n_source,
              "the span %ld-%ld became %ld-%ld in %ld characters", from, to, start, end, n_source);
  quote = g_utf8_substring (source, start, end);
  FUZZ_CHECK (g_utf8_validate (quote, -1, NULL), "quote");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *source = NULL;
  g_autofree char *other = NULL;
  g_autoptr(RubricRendering) rendering = NULL;
  g_autoptr(GArray) map = NULL;
  g_autoptr(GArray) other_map = NULL;
  glong n_source, n_rendered, n_other, previous = 0;
  guint a, b;

  fuzz_init ();
  if (size < 4 || size > FUZZ_MAX_INPUT)
    return 0;
  a = data[0] | (data[1] << 8);
  b = data[2] | (data[3] << 8);
  data += 4, size -= 4;
  source = fuzz_text (data, size);
  n_source = g_utf8_strlen (source, -1);

  rendering = rubric_markdown_render (source, -1);
  n_rendered = g_utf8_strlen (rendering->text->str, (gssize) rendering->text->len);
  map = rubric_markdown_align (source, rendering->text->str);
  FUZZ_CHECK ((glong) map->len == n_rendered, "%u offsets for %ld characters", map->len, n_rendered);
  for (guint i = 0; i < map->len; i++)
    {
      glong offset = g_array_index (map, glong, i);

      FUZZ_CHECK (previous <= offset && offset < MAX (n_source, 1),
                  "character %u maps to %ld after %ld, in %ld characters", i, offset, previous, n_source);
      previous = offset;
    }

  /* A selection of the rendered text, as the review page makes it. */
  if (n_rendered > 0)
    {
      glong start = a % n_rendered, end = start + 1 + b % (n_rendered - start);
      glong from = g_array_index (map, glong, start);
      glong to = g_array_index (map, glong, end - 1) + 1;

      /* The page takes the span as it is: its end must be in the source. */
      FUZZ_CHECK (from < to && to <= n_source, "the selection %ld-%ld of the rendering is %ld-%ld in %ld characters",
                  start, end, from, to, n_source);
      check_span (source, n_source, from, to);
    }

  /* Any span of the source. */
  if (n_source > 0)
    {
      glong start = a % (n_source + 1), end = start + b % (n_source - start + 1);

      check_span (source, n_source, start, end);
    }

  /* A text that is not the rendering: every offset still in the source. */
  other = g_utf8_substring (source, n_source / 2, n_source);
  n_other = g_utf8_strlen (other, -1);
  other_map = rubric_markdown_align (source, other);
  FUZZ_CHECK ((glong) other_map->len == n_other, "%u offsets for %ld characters", other_map->len, n_other);
  for (guint i = 0; i < other_map->len; i++)
    FUZZ_CHECK (g_array_index (other_map, glong, i) < MAX (n_source, 1), "offset out of the source");
  return 0;
}
