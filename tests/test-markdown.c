/* test-markdown.c — markdown to blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-markdown.h"

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

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/markdown/blocks", test_blocks);
  g_test_add_func ("/markdown/links-and-images", test_links_and_images);
  g_test_add_func ("/markdown/table-and-html", test_table_and_html);
  g_test_add_func ("/markdown/breaks-keep-lines", test_breaks_keep_lines);

  return g_test_run ();
}
