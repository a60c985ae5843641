/* test-markdown.c — markdown to blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-markdown.h"
#include "test-util.h"

static RubricBlock *
child (RubricBlock *block,
       guint        index)
{
  g_assert_nonnull (block->children);
  g_assert_cmpuint (index, <, block->children->len);
  return g_ptr_array_index (block->children, index);
}

static void
test_blocks (void)
{
  g_autoptr(RubricBlock) doc = rubric_markdown_parse ("# Title\n\n"
                                                      "Some *emphasis*, **strong** and `a < b` code.\n\n"
                                                      "- one\n- two\n\n"
                                                      "3. three\n4. four\n\n"
                                                      "> quoted\n\n"
                                                      "```python\nprint('hi')\n```\n\n"
                                                      "---\n", -1);
  RubricBlock *list;

  g_assert_cmpint (doc->type, ==, RUBRIC_BLOCK_DOCUMENT);
  g_assert_cmpuint (doc->children->len, ==, 7);
  g_assert_cmpint (child (doc, 0)->type, ==, RUBRIC_BLOCK_HEADING);
  g_assert_cmpint (child (doc, 0)->level, ==, 1);
  g_assert_cmpstr (child (doc, 0)->markup, ==, "Title");
  g_assert_cmpstr (child (doc, 1)->markup, ==,
                   "Some <i>emphasis</i>, <b>strong</b> and "
                   "<span font_family=\"monospace\" background=\"#8080802e\">a &lt; b</span> code.");

  list = child (doc, 2);
  g_assert_cmpint (list->type, ==, RUBRIC_BLOCK_LIST);
  g_assert_false (list->ordered);
  g_assert_cmpuint (list->children->len, ==, 2);
  g_assert_cmpstr (child (child (list, 1), 0)->markup, ==, "two");

  g_assert_true (child (doc, 3)->ordered);
  g_assert_cmpint (child (doc, 3)->level, ==, 3);
  g_assert_cmpint (child (doc, 4)->type, ==, RUBRIC_BLOCK_QUOTE);
  g_assert_cmpint (child (doc, 5)->type, ==, RUBRIC_BLOCK_CODE);
  g_assert_cmpstr (child (doc, 5)->info, ==, "python");
  g_assert_cmpstr (child (doc, 5)->text, ==, "print('hi')\n");
  g_assert_cmpint (child (doc, 6)->type, ==, RUBRIC_BLOCK_RULE);
}

static void
test_links_and_images (void)
{
  g_autoptr(RubricBlock) doc = rubric_markdown_parse ("See [the docs](https://example.org/a?b=1&c=2) "
                                                      "and ![a chart](https://example.org/chart.png).", -1);

  /* A link stays a link for the label to show; the image is named, never loaded. */
  g_assert_cmpstr (child (doc, 0)->markup, ==,
                   "See <a href=\"https://example.org/a?b=1&amp;c=2\" title=\"https://example.org/a?b=1&amp;c=2\">"
                   "the docs</a> and <i>[image: a chart]</i>.");
}

static void
test_table_and_html (void)
{
  g_autoptr(RubricBlock) doc = rubric_markdown_parse ("| a | b |\n|---|---|\n| 1 | ~~2~~ |\n\n<div>raw</div>\n", -1);
  RubricBlock *table = child (doc, 0);

  g_assert_cmpint (table->type, ==, RUBRIC_BLOCK_TABLE);
  g_assert_cmpuint (table->children->len, ==, 2);
  g_assert_true (child (table, 0)->header);
  g_assert_cmpstr (child (child (table, 1), 1)->markup, ==, "<s>2</s>");
  g_assert_cmpint (child (doc, 1)->type, ==, RUBRIC_BLOCK_HTML);
  g_assert_cmpstr (child (doc, 1)->text, ==, "<div>raw</div>\n");
}

static void
test_breaks_keep_lines (void)
{
  g_autoptr(RubricBlock) doc = rubric_markdown_parse ("line one\nline two & <three>", -1);

  g_assert_cmpstr (child (doc, 0)->markup, ==, "line one\nline two &amp; &lt;three&gt;");
}

/* Rendering: what a reader sees ------------------------------------------ */

static gboolean
has_mark (RubricRendering *rendering,
          RubricMarkKind   kind,
          int              start,
          int              end)
{
  for (guint i = 0; i < rendering->marks->len; i++)
    {
      RubricMark *mark = &g_array_index (rendering->marks, RubricMark, i);

      if (mark->kind == kind && mark->start == start && mark->end == end)
        return TRUE;
    }
  return FALSE;
}

static void
assert_renders (const char *source,
                const char *visible)
{
  g_autoptr(RubricRendering) rendering = rubric_markdown_render (source, -1);

  g_test_message ("%s", source);
  g_assert_cmpstr (rendering->text->str, ==, visible);
}

/* Short answers are often list or block syntax to CommonMark; each
 * must show what GitHub shows, and never nothing. */
static void
test_render_short_answers (void)
{
  static const struct { const char *source, *visible; } cases[] = {
    { "1945.", "1945." },             /* an empty item numbered 1945 */
    { "Pacific.", "Pacific." },
    { "- Walvis", "•\u2002Walvis" },
    { "# Shark", "Shark" },
    { "- x", "•\u2002x" },
    { "2)", "2." },                   /* GitHub numbers every ordered list with a dot */
    { "*", "•" },
    { "+", "•" },
    { ">", ">" },                     /* GitHub draws an empty quote as nothing */
    { "1.", "1." },
    { "---", "⸻" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_renders (cases[i].source, cases[i].visible);
}

static void
test_render_empty_item_blocks (void)
{
  g_autoptr(RubricBlock) doc = rubric_markdown_parse ("1945.", -1);
  g_autoptr(RubricRendering) year = rubric_markdown_render ("1945.", -1);
  g_autoptr(RubricRendering) rule = rubric_markdown_render ("---", -1);
  g_autoptr(RubricRendering) quote = rubric_markdown_render (">", -1);
  RubricBlock *list = child (doc, 0);

  /* The tree keeps the empty item; the rendering draws its number. */
  g_assert_cmpint (list->type, ==, RUBRIC_BLOCK_LIST);
  g_assert_true (list->ordered);
  g_assert_cmpint (list->level, ==, 1945);
  g_assert_cmpuint (list->children->len, ==, 1);
  g_assert_cmpint (child (list, 0)->type, ==, RUBRIC_BLOCK_ITEM);
  g_assert_null (child (list, 0)->children);
  g_assert_true (has_mark (year, RUBRIC_MARK_MARKER, 0, 5));

  g_assert_true (has_mark (rule, RUBRIC_MARK_DIM, 0, 1));
  g_assert_true (has_mark (quote, RUBRIC_MARK_DIM, 0, 1));
  g_assert_true (has_mark (quote, RUBRIC_MARK_INDENT, 0, 1));
}

static void
test_render_empty_blocks_nested (void)
{
  static const struct { const char *source, *visible; } cases[] = {
    { "- - x", "•\u2002•\u2002x" },   /* a list opening an item shares its line */
    { "- -", "•\u2002•" },
    { "- >", "•\u2002>" },
    { "> -", "•" },
    { "#", "#" },
    { "###", "###" },
    { "1. \n2. b", "1.\n2.\u2002b" },
    { "1)\n2) two", "1.\n2.\u2002two" },
    { "- * * *", "•\u2002⸻" },
    { "- | a |\n  |---|\n  | 1 |", "•\na\n1" },
    { "Text\n\n-\n\nMore", "Text\n•\nMore" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_renders (cases[i].source, cases[i].visible);
}

static void
test_render_marks (void)
{
  g_autoptr(RubricRendering) r = rubric_markdown_render ("## Head\n\nSome **bold** and [a link](https://example.org).\n\n"
                                                         "- one\n\n```c\nint x;\n```", -1);
  const char *text = "Head\nSome bold and a link.\n•\u2002one\nint x;";
  RubricCodeRange *code;

  g_assert_cmpstr (r->text->str, ==, text);
  g_assert_true (has_mark (r, RUBRIC_MARK_HEADING, 0, 4));
  g_assert_true (has_mark (r, RUBRIC_MARK_STRONG, 10, 14));
  g_assert_true (has_mark (r, RUBRIC_MARK_LINK, 19, 25));
  g_assert_true (has_mark (r, RUBRIC_MARK_MARKER, 27, 29));
  g_assert_true (has_mark (r, RUBRIC_MARK_CODE_BLOCK, 33, 39));
  g_assert_cmpuint (r->code_blocks->len, ==, 1);
  code = &g_array_index (r->code_blocks, RubricCodeRange, 0);
  g_assert_cmpstr (code->language, ==, "c");
  g_assert_cmpint (code->start, ==, 33);

  /* Each block ends at a boundary; the last one at the very end. */
  g_assert_cmpuint (r->boundaries->len, ==, 4);
  g_assert_cmpint (g_array_index (r->boundaries, RubricBoundary, 3).chars, ==, g_utf8_strlen (text, -1));
  g_assert_cmpuint (g_array_index (r->boundaries, RubricBoundary, 3).bytes, ==, strlen (text));
}

/* Balancing a span ------------------------------------------------------- */

/* Balances the first span of @source that reads @selected, and returns
 * the quote it becomes. */
static char *
balance (const char *source,
         const char *selected)
{
  const char *at = strstr (source, selected);
  glong start, end;

  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (source, at);
  end = start + g_utf8_strlen (selected, -1);
  rubric_markdown_balance_span (source, &start, &end);
  return g_utf8_substring (source, start, end);
}

static void
assert_balances (const char *source,
                 const char *selected,
                 const char *quote)
{
  g_autofree char *balanced = balance (source, selected);

  g_test_message ("%s: %s", source, selected);
  g_assert_cmpstr (balanced, ==, quote);
}

static void
test_balance_citation (void)
{
  const char *source = "*Smith v. Jones*, 512 U.S. 999 (1994).";

  assert_balances (source, "Smith v. Jones*, 512 U.S. 999 (1994).", source);
  assert_balances (source, "*Smith v. Jones", "*Smith v. Jones*");
  assert_balances (source, "Jones*, 512", "*Smith v. Jones*, 512");
}

static void
test_balance_strong_and_emphasis (void)
{
  const char *source = "**bold** and *em*";

  assert_balances (source, "old** and", "**bold** and");
  assert_balances (source, "*bold** and", "**bold** and");       /* from between the two stars */
  assert_balances (source, "bold** and *em", "**bold** and *em*");
  assert_balances (source, "and *e", "and *em*");
  assert_balances (source, "**bold** and *", "**bold** and ");  /* a bare marker at the edge goes */
  assert_balances (source, "** and", " and");
}

static void
test_balance_code (void)
{
  assert_balances ("Run `make all` now", "make all` now", "`make all` now");
  assert_balances ("Run `make all` now", "Run `make", "Run `make all`");
  /* A lone backtick inside a longer run's span is text, not a marker. */
  assert_balances ("``a ` b`` c", "a ` b`` c", "``a ` b`` c");
  assert_balances ("``a ` b`` c", "a ` b", "a ` b");
  /* Stars inside code are text too. */
  assert_balances ("`a*b` *c*", "b` *c", "`a*b` *c*");
}

static void
test_balance_strikethrough (void)
{
  assert_balances ("The ~~gone~~ word", "gone~~ word", "~~gone~~ word");
  assert_balances ("The ~~gone~~ word", "The ~~go", "The ~~gone~~");
  assert_balances ("~x~ y", "x~ y", "~x~ y");
}

static void
test_balance_nested (void)
{
  assert_balances ("***both*** here", "both*** here", "***both*** here");
  assert_balances ("***both*** here", "both**", "**both**");   /* the strong's markers, not the emphasis' */
  assert_balances ("Say ***both***", "Say ***", "Say ");
  assert_balances ("***a* b**", "a* b", "*a* b");
  assert_balances ("**a *b***", "a *b", "a *b*");
  assert_balances ("*a **b** c*", "b** c", "**b** c");      /* inside the emphasis, which it leaves whole */
}

static void
test_balance_unchanged (void)
{
  const char *source = "**bold** and *em*";

  assert_balances (source, "**bold**", "**bold**");
  assert_balances (source, "bold", "bold");
  assert_balances (source, "and", "and");
  assert_balances (source, source, source);
  assert_balances ("Plain text, no markup.", "text, no", "text, no");
  assert_balances ("a \\*b* c", "b* c", "b* c");             /* an escaped star opens nothing */
  assert_balances ("2 * 3 * 4", "3 * 4", "3 * 4");
}

static void
test_balance_offsets (void)
{
  const char *source = "Ünïcödé 😀 and 🦈: *Smith v. Jones*, 512 — ok";
  glong prefix = g_utf8_strlen ("Ünïcödé 😀 and 🦈: ", -1);
  glong start = prefix + 1, end = prefix + g_utf8_strlen ("*Smith v. Jones*, 512", -1);
  g_autofree char *quote = NULL;

  rubric_markdown_balance_span (source, &start, &end);
  g_assert_cmpint (start, ==, prefix);
  g_assert_cmpint (end, ==, prefix + 21);
  quote = g_utf8_substring (source, start, end);
  g_assert_cmpstr (quote, ==, "*Smith v. Jones*, 512");

  /* Empty spans and spans with no markup keep their offsets. */
  start = end = 3;
  rubric_markdown_balance_span (source, &start, &end);
  g_assert_cmpint (start, ==, 3);
  g_assert_cmpint (end, ==, 3);
  start = 0;
  end = prefix;
  rubric_markdown_balance_span (source, &start, &end);
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, prefix);
}

static void
test_balance_across_lines (void)
{
  assert_balances ("- item *one\n  two* end", "two* end", "*one\n  two* end");
  assert_balances ("> q **a\n> b** c", "b** c", "**a\n> b** c");
  assert_balances ("*a\r\nb* c", "b* c", "*a\r\nb* c");
}

/* A selection in the rendered text, mapped back and balanced, as the
 * review page flags a passage. */
static void
test_balance_selection (void)
{
  const char *source = "See *Smith v. Jones*, 512 U.S. 999 (1994).";
  g_autoptr(RubricRendering) rendering = rubric_markdown_render (source, -1);
  g_autoptr(GArray) map = rubric_markdown_align (source, rendering->text->str);
  glong selected = g_utf8_pointer_to_offset (rendering->text->str, strstr (rendering->text->str, "Jones, 512"));
  glong start = g_array_index (map, glong, selected);
  glong end = g_array_index (map, glong, selected + strlen ("Jones, 512") - 1) + 1;
  g_autofree char *before = g_utf8_substring (source, start, end);
  g_autofree char *after = NULL;

  g_assert_cmpstr (before, ==, "Jones*, 512");
  rubric_markdown_balance_span (source, &start, &end);
  after = g_utf8_substring (source, start, end);
  g_assert_cmpstr (after, ==, "*Smith v. Jones*, 512");
}

/* Ten thousand lists or quotes nested in a few KB: drawn, at a bounded
 * depth, in output of the input's order of size (each level's marker
 * once held every marker before it: hundreds of MB). */
static void
test_deep_nesting (void)
{
  static const char *openers[] = { "- ", "> ", "1. " };

  for (guint k = 0; k < G_N_ELEMENTS (openers); k++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(RubricRendering) rendering = NULL;
      guint deepest = 0;

      for (guint i = 0; i < 10000; i++)
        g_string_append (text, openers[k]);
      g_string_append (text, "the bottom\n");
      rendering = rubric_markdown_render (text->str, -1);
      g_assert_nonnull (strstr (rendering->text->str, "the bottom"));
      g_assert_cmpuint (rendering->text->len, <, 4 * text->len);
      for (guint i = 0; i < rendering->marks->len; i++)
        {
          RubricMark *mark = &g_array_index (rendering->marks, RubricMark, i);

          if (mark->kind == RUBRIC_MARK_INDENT)
            deepest = MAX (deepest, (guint) (mark->level + mark->quote_depth));
        }
      g_assert_cmpuint (deepest, <=, 16);
    }
}

/* Checks each line of @rendering (between \n or U+2029) holds at most
 * @most bytes, and returns how many were cut. */
static guint
check_lines (RubricRendering *rendering,
             gsize            most)
{
  const char *text = rendering->text->str;
  const char *line = text;
  guint cuts = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\n' && c != 0x2029)
        continue;
      g_assert_cmpuint (p - line, <=, most);
      cuts += c == 0x2029;
      line = g_utf8_next_char (p);
    }
  g_assert_cmpuint (strlen (line), <=, most);
  return cuts;
}

static char *
without_cuts (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      if (g_utf8_get_char (p) != 0x2029)
        g_string_append_unichar (out, g_utf8_get_char (p));
    }
  return g_string_free (out, FALSE);
}

/* A paragraph of 40 KB is drawn as lines of a few KB, cut after a
 * space, each a place the view may stop inserting; nothing of its text
 * is lost, and bold text across a cut keeps its mark. */
static void
test_long_paragraph (void)
{
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(RubricRendering) rendering = NULL;
  g_autofree char *joined = NULL;
  guint cuts, continued = 0, cut_boundaries = 0;

  while (source->len < 40 * 1024)
    g_string_append (source, "Word **bold words here** ünïcode — and more. ");
  g_string_append (source, "\n\nA short one.");
  rendering = rubric_markdown_render (source->str, -1);
  cuts = check_lines (rendering, RUBRIC_RENDER_LINE_BYTES + 64);
  g_assert_cmpuint (cuts, >=, 40 / 8);
  g_assert_cmpuint (cuts, <=, 40 / 4 + 1);
  joined = without_cuts (rendering->text->str);
  g_assert_true (g_str_has_suffix (joined, "and more.\nA short one."));
  for (guint i = 0; i < rendering->marks->len; i++)
    {
      RubricMark *mark = &g_array_index (rendering->marks, RubricMark, i);

      if (mark->kind != RUBRIC_MARK_CONTINUED)
        continue;
      continued++;
      /* Cut after a space: the line ends in one, the next goes on. */
      g_assert_cmpint (g_utf8_get_char (g_utf8_offset_to_pointer (rendering->text->str, mark->end - 1)), ==, ' ');
      g_assert_cmpint (g_utf8_get_char (g_utf8_offset_to_pointer (rendering->text->str, mark->end)), ==, 0x2029);
    }
  g_assert_cmpuint (continued, ==, cuts);
  for (guint i = 0; i < rendering->boundaries->len; i++)
    {
      RubricBoundary *boundary = &g_array_index (rendering->boundaries, RubricBoundary, i);

      g_assert_cmpint (g_utf8_strlen (rendering->text->str, boundary->bytes), ==, boundary->chars);
      if (boundary->bytes >= 3 && memcmp (rendering->text->str + boundary->bytes - 3, "\u2029", 3) == 0)
        cut_boundaries++;
    }
  g_assert_cmpuint (cut_boundaries, ==, cuts);
  /* Marks end in order: the view applies them a chunk at a time. */
  for (guint i = 1; i < rendering->marks->len; i++)
    g_assert_cmpint (g_array_index (rendering->marks, RubricMark, i - 1).end, <=,
                     g_array_index (rendering->marks, RubricMark, i).end);
}

/* A line without a space is cut at a character, never inside one, and
 * a selection over a cut still maps to the source. */
static void
test_long_line_without_space (void)
{
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(RubricRendering) rendering = NULL;
  g_autoptr(GArray) map = NULL;
  g_autofree char *joined = NULL;
  glong n;

  while (source->len < 30 * 1024)
    g_string_append (source, "aüß€x");
  rendering = rubric_markdown_render (source->str, -1);
  g_assert_true (g_utf8_validate (rendering->text->str, rendering->text->len, NULL));
  g_assert_cmpuint (check_lines (rendering, RUBRIC_RENDER_RUN_BYTES + 4), >=, 30 * 1024 / RUBRIC_RENDER_RUN_BYTES - 1);
  joined = without_cuts (rendering->text->str);
  g_assert_cmpstr (joined, ==, source->str);
  map = rubric_markdown_align (source->str, rendering->text->str);
  n = g_utf8_strlen (rendering->text->str, -1);
  g_assert_cmpint (map->len, ==, n);
  g_assert_cmpint (g_array_index (map, glong, n - 1), ==, g_utf8_strlen (source->str, -1) - 1);
}

/* Text with no spaces but a place to break before each character (CJK)
 * is cut at full length, before a character. */
static void
test_long_cjk_paragraph (void)
{
  g_autoptr(GString) source = g_string_new (NULL);
  g_autoptr(RubricRendering) rendering = NULL;
  g_autofree char *joined = NULL;
  guint cuts;

  while (source->len < 30 * 1024)
    g_string_append (source, "我们测试很长的段落。日本語の文章も");
  rendering = rubric_markdown_render (source->str, -1);
  cuts = check_lines (rendering, RUBRIC_RENDER_LINE_BYTES + 4);
  g_assert_cmpuint (cuts, >=, 30 / 4 - 1);
  g_assert_cmpuint (cuts, <=, 30 / 4 + 1);
  joined = without_cuts (rendering->text->str);
  g_assert_cmpstr (joined, ==, source->str);
}

/* Code lines are cut the same way; short ones are left alone. */
static void
test_long_code_line (void)
{
  g_autoptr(GString) source = g_string_new ("```\nshort\n");
  g_autoptr(RubricRendering) rendering = NULL;

  for (guint i = 0; i < 3000; i++)
    g_string_append_printf (source, "x%u = %u; ", i, i);
  g_string_append (source, "\nend\n```\n");
  rendering = rubric_markdown_render (source->str, -1);
  g_assert_cmpuint (check_lines (rendering, RUBRIC_RENDER_LINE_BYTES + 64), >=, 2);
  g_assert_true (g_str_has_prefix (rendering->text->str, "short\n"));
  g_assert_true (g_str_has_suffix (rendering->text->str, "\nend"));
}

/* A code block of many short lines has places, at line ends, where a
 * view may stop inserting it. */
static void
test_long_code_block_boundaries (void)
{
  g_autoptr(GString) source = g_string_new ("```c\n");
  g_autoptr(RubricRendering) rendering = NULL;
  guint inside = 0;

  for (guint i = 0; source->len < 100 * 1024; i++)
    g_string_append_printf (source, "int x%u = %u;\n", i, i);
  g_string_append (source, "```\n");
  rendering = rubric_markdown_render (source->str, -1);
  for (guint i = 0; i < rendering->boundaries->len; i++)
    {
      RubricBoundary *boundary = &g_array_index (rendering->boundaries, RubricBoundary, i);

      if (boundary->bytes < rendering->text->len)
        {
          g_assert_cmpint (rendering->text->str[boundary->bytes - 1], ==, '\n');
          inside++;
        }
    }
  g_assert_cmpuint (inside, >=, 100 / 16 - 1);
}

/* What a rendering shows: its text, and each mark with its place. */
static char *
describe_rendering (RubricRendering *rendering)
{
  GString *out = g_string_new (rendering->text->str);

  for (guint i = 0; i < rendering->marks->len; i++)
    {
      RubricMark *mark = &g_array_index (rendering->marks, RubricMark, i);

      g_string_append_printf (out, "\n%d-%d %d %d %d %d %s", mark->start, mark->end, mark->kind, mark->level,
                              mark->quote_depth, mark->hanging, mark->href ? mark->href : "");
    }
  return g_string_free (out, FALSE);
}

static gpointer
render_repeatedly (gpointer data)
{
  char *first = NULL;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(RubricRendering) rendering = rubric_markdown_render (data, -1);
      g_autofree char *described = describe_rendering (rendering);

      /* A rendering unlike the first is returned at once. */
      if (first == NULL)
        first = g_steal_pointer (&described);
      else if (!g_str_equal (first, described))
        {
          g_free (first);
          return g_steal_pointer (&described);
        }
    }
  return first;
}

/* The window renders on threads while its main thread renders too, and
 * cmark-gfm keeps its extensions' characters in one table for every
 * parser: four threads at once lost tables, strikethrough and links,
 * differently each time. Each rendering is the one a lone thread
 * makes; and a thread that may wait only so long for the parser gets
 * nothing rather than a wrong rendering. */
static void
test_threads (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(RubricRendering) alone = NULL;
  g_autofree char *wanted = NULL;
  GThread *threads[4];
  guint n_refused = 0;

  for (guint i = 0; text->len < 20 * 1024; i++)
    g_string_append_printf (text, "## Part %u\n\n| a | b |\n|---|---|\n| ~~%u~~ | www.example.org/%u |\n\n"
                                  "- *item* and https://example.com/%u\n\n```c\nint x = %u;\n```\n\n", i, i, i, i, i);
  alone = rubric_markdown_render (text->str, -1);
  wanted = describe_rendering (alone);
  g_assert_nonnull (strstr (wanted, "https://example.com/3"));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("render", render_repeatedly, text->str);
  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(RubricRendering) rendering = rubric_markdown_render_within (text->str, -1, 0);
      g_autofree char *described = rendering ? describe_rendering (rendering) : NULL;

      n_refused += rendering == NULL;
      g_assert_true (rendering == NULL || g_str_equal (described, wanted));
    }
  g_test_message ("rendering at once was refused %u times of 40", n_refused);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_autofree char *got = g_thread_join (threads[i]);

      g_assert_cmpstr (got, ==, wanted);
    }
}

/* A reviewer flags a selection while another thread parses megabytes:
 * a bounded wait gives the span back as it was, at once; once the
 * parser is free, the span balances as it always does. */
static void
test_balance_busy (void)
{
  const char *source = "Cited in *Smith v. Jones*, 512 U.S. 999 (1994).";
  GThread *thread = test_hold_parser ();
  glong start = strstr (source, "Jones*") - source, end = strlen (source);
  gint64 before;

  before = g_get_monotonic_time ();
  g_assert_false (rubric_markdown_balance_span_within (source, &start, &end, 20 * 1000));
  g_assert_cmpint (g_get_monotonic_time () - before, <, G_USEC_PER_SEC);
  g_assert_cmpint (start, ==, strstr (source, "Jones*") - source);
  g_assert_cmpint (end, ==, (glong) strlen (source));

  g_thread_join (thread);
  g_assert_true (rubric_markdown_balance_span_within (source, &start, &end, 0));
  g_assert_cmpint (start, ==, strstr (source, "*Smith") - source);
  g_assert_cmpint (end, ==, (glong) strlen (source));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/blocks", test_blocks);
  g_test_add_func ("/markdown/links-and-images", test_links_and_images);
  g_test_add_func ("/markdown/table-and-html", test_table_and_html);
  g_test_add_func ("/markdown/breaks-keep-lines", test_breaks_keep_lines);
  g_test_add_func ("/markdown/render/short-answers", test_render_short_answers);
  g_test_add_func ("/markdown/render/empty-item-blocks", test_render_empty_item_blocks);
  g_test_add_func ("/markdown/render/empty-blocks-nested", test_render_empty_blocks_nested);
  g_test_add_func ("/markdown/render/marks", test_render_marks);
  g_test_add_func ("/markdown/balance/citation", test_balance_citation);
  g_test_add_func ("/markdown/balance/strong-and-emphasis", test_balance_strong_and_emphasis);
  g_test_add_func ("/markdown/balance/code", test_balance_code);
  g_test_add_func ("/markdown/balance/strikethrough", test_balance_strikethrough);
  g_test_add_func ("/markdown/balance/nested", test_balance_nested);
  g_test_add_func ("/markdown/balance/unchanged", test_balance_unchanged);
  g_test_add_func ("/markdown/balance/offsets", test_balance_offsets);
  g_test_add_func ("/markdown/balance/busy", test_balance_busy);
  g_test_add_func ("/markdown/balance/across-lines", test_balance_across_lines);
  g_test_add_func ("/markdown/balance/selection", test_balance_selection);
  g_test_add_func ("/markdown/deep-nesting", test_deep_nesting);
  g_test_add_func ("/markdown/render/long-paragraph", test_long_paragraph);
  g_test_add_func ("/markdown/render/long-line-without-space", test_long_line_without_space);
  g_test_add_func ("/markdown/render/long-cjk-paragraph", test_long_cjk_paragraph);
  g_test_add_func ("/markdown/render/long-code-line", test_long_code_line);
  g_test_add_func ("/markdown/render/long-code-block-boundaries", test_long_code_block_boundaries);
  g_test_add_func ("/markdown/render/threads", test_threads);

  return g_test_run ();
}
