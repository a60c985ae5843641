/* fuzz-markdown.c — the markdown parser and renderer (rubric-markdown.h)
 *
 * Input: markdown. It is made valid UTF-8 without NUL first, as every
 * caller's text is (task text and the editor's buffer are). Checks what
 * the view relies on: the rendered text is valid UTF-8, every mark and
 * code block lies inside it, the boundaries where the view cuts it go
 * forwards and fall between characters, and every run lies inside its
 * block's plain text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "fuzz-util.h"

#include <string.h>

#include "rubric-markdown.h"

static void
check_block (RubricBlock *block,
             guint        depth)
{
  FUZZ_CHECK (depth < 100000, "blocks nested %u deep", depth);
  FUZZ_CHECK (block->markup == NULL || g_utf8_validate (block->markup, -1, NULL), "markup: %s", block->markup);
  FUZZ_CHECK (block->plain == NULL || g_utf8_validate (block->plain, -1, NULL), "plain text: %s", block->plain);
  FUZZ_CHECK (block->text == NULL || g_utf8_validate (block->text, -1, NULL), "code text");
  if (block->runs != NULL)
    {
      gsize len = block->plain != NULL ? strlen (block->plain) : 0;

      for (guint i = 0; i < block->runs->len; i++)
        {
          RubricRun *run = &g_array_index (block->runs, RubricRun, i);

          FUZZ_CHECK (run->start <= run->end && run->end <= len, "run %zu-%zu of %zu bytes", run->start, run->end, len);
        }
    }
  for (guint i = 0; block->children != NULL && i < block->children->len; i++)
    check_block (g_ptr_array_index (block->children, i), depth + 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(RubricBlock) document = NULL;
  g_autoptr(RubricRendering) rendering = NULL;
  const char *out;
  gsize len;
  glong n_chars, chars = 0;
  gsize bytes = 0;

  fuzz_init ();
  if (size > FUZZ_MAX_INPUT)
    return 0;
  text = fuzz_text (data, size);

  document = rubric_markdown_parse (text, -1);
  FUZZ_CHECK (document != NULL && document->type == RUBRIC_BLOCK_DOCUMENT, "no document");
  check_block (document, 0);

  rendering = rubric_markdown_render (text, -1);
  out = rendering->text->str;
  len = rendering->text->len;
  FUZZ_CHECK (g_utf8_validate (out, (gssize) len, NULL), "the rendered text is not UTF-8");
  n_chars = g_utf8_strlen (out, (gssize) len);
  for (guint i = 0; i < rendering->marks->len; i++)
    {
      RubricMark *mark = &g_array_index (rendering->marks, RubricMark, i);

      FUZZ_CHECK (0 <= mark->start && mark->start <= mark->end && mark->end <= n_chars,
                  "mark %d-%d (kind %d) in %ld characters", mark->start, mark->end, mark->kind, n_chars);
    }
  /* The view applies marks a chunk at a time, in order of their end. */
  for (guint i = 1; i < rendering->marks->len; i++)
    FUZZ_CHECK (g_array_index (rendering->marks, RubricMark, i - 1).end <=
                  g_array_index (rendering->marks, RubricMark, i).end,
                "mark %u ends before mark %u", i, i - 1);
  /* No line the view must lay out in one piece is long. */
  for (gsize i = 0, line = 0; i < len; i++)
    {
      FUZZ_CHECK (i - line < RUBRIC_RENDER_LINE_BYTES + RUBRIC_RENDER_RUN_BYTES + 8,
                  "a line of %zu bytes at %zu", i - line, line);
      if (out[i] == '\n' || (i + 2 < len && memcmp (out + i, "\u2029", 3) == 0))
        line = i + 1;
    }
  for (guint i = 0; i < rendering->code_blocks->len; i++)
    {
      RubricCodeRange *range = &g_array_index (rendering->code_blocks, RubricCodeRange, i);

      FUZZ_CHECK (0 <= range->start && range->start <= range->end && range->end <= n_chars,
                  "code block %d-%d in %ld characters", range->start, range->end, n_chars);
    }
  for (guint i = 0; i < rendering->boundaries->len; i++)
    {
      RubricBoundary *boundary = &g_array_index (rendering->boundaries, RubricBoundary, i);

      FUZZ_CHECK (boundary->bytes >= bytes && boundary->chars >= chars && boundary->bytes <= len,
                  "boundary %u at %d chars, %zu bytes after %ld, %zu", i, boundary->chars, boundary->bytes, chars, bytes);
      FUZZ_CHECK (g_utf8_validate (out + bytes, (gssize) (boundary->bytes - bytes), NULL) &&
                  g_utf8_strlen (out + bytes, (gssize) (boundary->bytes - bytes)) == boundary->chars - chars,
                  "boundary %u at %d chars, %zu bytes does not fall between characters", i, boundary->chars,
                  boundary->bytes);
      chars = boundary->chars;
      bytes = boundary->bytes;
    }
  return 0;
}
