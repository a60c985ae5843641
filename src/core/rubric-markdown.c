/* rubric-markdown.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-markdown"

#include "config.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "rubric-markdown.h"

static RubricBlock *
block_new (RubricBlockType type)
{
  RubricBlock *self = g_new0 (RubricBlock, 1);

  self->type = type;
  return self;
}

void
rubric_block_free (RubricBlock *self)
{
  if (self == NULL)
    return;
  g_free (self->markup);
  g_free (self->plain);
  g_clear_pointer (&self->runs, g_array_unref);
  g_free (self->text);
  g_free (self->info);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_free (self);
}

static void
add_child (RubricBlock *parent,
           RubricBlock *child)
{
  if (parent->children == NULL)
    parent->children = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_block_free);
  g_ptr_array_add (parent->children, child);
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text ? text : "", -1);

  g_string_append (out, escaped);
}

static void append_inlines (GString *out, cmark_node *node);

static void
wrap_children (GString    *out,
               cmark_node *node,
               const char *open,
               const char *close)
{
  g_string_append (out, open);
  append_inlines (out, node);
  g_string_append (out, close);
}

/* Inline content becomes Pango markup. Links are kept as links for a
 * label to show; nothing is fetched, images are named, not loaded. */
static void
append_inline (GString    *out,
               cmark_node *node)
{
  const char *type = cmark_node_get_type_string (node);

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_TEXT:
      append_escaped (out, cmark_node_get_literal (node));
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      g_string_append_c (out, '\n');
      break;
    case CMARK_NODE_CODE:
      g_string_append (out, "<span font_family=\"monospace\" background=\"#8080802e\">");
      append_escaped (out, cmark_node_get_literal (node));
      g_string_append (out, "</span>");
      break;
    case CMARK_NODE_HTML_INLINE:
      append_escaped (out, cmark_node_get_literal (node));
      break;
    case CMARK_NODE_EMPH:
      wrap_children (out, node, "<i>", "</i>");
      break;
    case CMARK_NODE_STRONG:
      wrap_children (out, node, "<b>", "</b>");
      break;
    case CMARK_NODE_LINK:
      {
        g_autofree char *href = g_markup_escape_text (cmark_node_get_url (node), -1);
        g_autofree char *open = g_strdup_printf ("<a href=\"%s\" title=\"%s\">", href, href);

        wrap_children (out, node, open, "</a>");
        break;
      }
    case CMARK_NODE_IMAGE:
      wrap_children (out, node, "<i>[image: ", "]</i>");
      break;
    default:
      if (g_strcmp0 (type, "strikethrough") == 0)
        wrap_children (out, node, "<s>", "</s>");
      else
        append_inlines (out, node);
      break;
    }
}

static void
append_inlines (GString    *out,
                cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    append_inline (out, child);
}

static char *
inline_markup (cmark_node *node)
{
  GString *out = g_string_new (NULL);

  append_inlines (out, node);
  return g_string_free (out, FALSE);
}

static void
run_clear (RubricRun *run)
{
  g_free (run->href);
}

static void
add_run (GArray      *runs,
         gsize        start,
         gsize        end,
         RubricStyle  style,
         const char  *href)
{
  RubricRun run = { start, end, style, g_strdup (href) };

  if (end > start || (style & RUBRIC_STYLE_BREAK))
    g_array_append_val (runs, run);
  else
    g_free (run.href);
}

static void collect_runs (GString *text, GArray *runs, cmark_node *node, RubricStyle style, const char *href);

static void
collect_run (GString     *text,
             GArray      *runs,
             cmark_node  *node,
             RubricStyle  style,
             const char  *href)
{
  gsize start = text->len;
  const char *type = cmark_node_get_type_string (node);

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_HTML_INLINE:
      g_string_append (text, cmark_node_get_literal (node));
      add_run (runs, start, text->len, style, href);
      break;
    case CMARK_NODE_CODE:
      g_string_append (text, cmark_node_get_literal (node));
      add_run (runs, start, text->len, style | RUBRIC_STYLE_CODE, href);
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      add_run (runs, start, start, RUBRIC_STYLE_BREAK, NULL);
      break;
    case CMARK_NODE_EMPH:
      collect_runs (text, runs, node, style | RUBRIC_STYLE_EMPHASIS, href);
      break;
    case CMARK_NODE_STRONG:
      collect_runs (text, runs, node, style | RUBRIC_STYLE_STRONG, href);
      break;
    case CMARK_NODE_LINK:
      collect_runs (text, runs, node, style | RUBRIC_STYLE_LINK, cmark_node_get_url (node));
      break;
    case CMARK_NODE_IMAGE:
      g_string_append (text, "[image: ");
      collect_runs (text, runs, node, style, href);
      g_string_append (text, "]");
      add_run (runs, start, start + 8, style | RUBRIC_STYLE_IMAGE, NULL);
      add_run (runs, text->len - 1, text->len, style | RUBRIC_STYLE_IMAGE, NULL);
      break;
    default:
      if (g_strcmp0 (type, "strikethrough") == 0)
        collect_runs (text, runs, node, style | RUBRIC_STYLE_STRIKE, href);
      else
        collect_runs (text, runs, node, style, href);
      break;
    }
}

static void
collect_runs (GString     *text,
              GArray      *runs,
              cmark_node  *node,
              RubricStyle  style,
              const char  *href)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    collect_run (text, runs, child, style, href);
}

/* The markup for labels, and plain text with runs for text views. */
static void
set_inline (RubricBlock *block,
            cmark_node  *node)
{
  GString *text = g_string_new (NULL);

  block->markup = inline_markup (node);
  block->runs = g_array_new (FALSE, FALSE, sizeof (RubricRun));
  g_array_set_clear_func (block->runs, (GDestroyNotify) run_clear);
  collect_runs (text, block->runs, node, 0, NULL);
  block->plain = g_string_free (text, FALSE);
}

static RubricBlock *convert_block (cmark_node *node);

static void
convert_children (RubricBlock *block,
                  cmark_node  *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    {
      RubricBlock *converted = convert_block (child);

      if (converted != NULL)
        add_child (block, converted);
    }
}

static RubricBlock *
convert_extension_block (cmark_node *node,
                         const char *type)
{
  RubricBlock *block;

  if (g_strcmp0 (type, "table") == 0)
    block = block_new (RUBRIC_BLOCK_TABLE);
  else if (g_strcmp0 (type, "table_header") == 0 || g_strcmp0 (type, "table_row") == 0)
    {
      block = block_new (RUBRIC_BLOCK_TABLE_ROW);
      block->header = g_strcmp0 (type, "table_header") == 0;
    }
  else if (g_strcmp0 (type, "table_cell") == 0)
    {
      block = block_new (RUBRIC_BLOCK_TABLE_CELL);
      set_inline (block, node);
      return block;
    }
  else
    return NULL;

  convert_children (block, node);
  return block;
}

static RubricBlock *
convert_block (cmark_node *node)
{
  RubricBlock *block;
  const char *info;

  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_DOCUMENT:
      block = block_new (RUBRIC_BLOCK_DOCUMENT);
      convert_children (block, node);
      return block;
    case CMARK_NODE_PARAGRAPH:
      block = block_new (RUBRIC_BLOCK_PARAGRAPH);
      set_inline (block, node);
      return block;
    case CMARK_NODE_HEADING:
      block = block_new (RUBRIC_BLOCK_HEADING);
      block->level = cmark_node_get_heading_level (node);
      set_inline (block, node);
      return block;
    case CMARK_NODE_CODE_BLOCK:
      block = block_new (RUBRIC_BLOCK_CODE);
      block->text = g_strdup (cmark_node_get_literal (node));
      info = cmark_node_get_fence_info (node);
      if (info != NULL && *info != '\0')
        block->info = g_strndup (info, strcspn (info, " \t{"));
      return block;
    case CMARK_NODE_HTML_BLOCK:
      block = block_new (RUBRIC_BLOCK_HTML);
      block->text = g_strdup (cmark_node_get_literal (node));
      return block;
    case CMARK_NODE_THEMATIC_BREAK:
      return block_new (RUBRIC_BLOCK_RULE);
    case CMARK_NODE_BLOCK_QUOTE:
      block = block_new (RUBRIC_BLOCK_QUOTE);
      convert_children (block, node);
      return block;
    case CMARK_NODE_LIST:
      block = block_new (RUBRIC_BLOCK_LIST);
      block->ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST;
      block->level = cmark_node_get_list_start (node);
      convert_children (block, node);
      return block;
    case CMARK_NODE_ITEM:
      block = block_new (RUBRIC_BLOCK_ITEM);
      convert_children (block, node);
      return block;
    default:
      return convert_extension_block (node, cmark_node_get_type_string (node));
    }
}

static void
attach_extension (cmark_parser *parser,
                  const char   *name)
{
  cmark_syntax_extension *extension = cmark_find_syntax_extension (name);

  if (extension != NULL)
    cmark_parser_attach_syntax_extension (parser, extension);
}

/**
 * rubric_markdown_parse:
 *
 * Parses GitHub-flavoured markdown.
 *
 * Returns: (transfer full): the document block
 */
RubricBlock *
rubric_markdown_parse (const char *text,
                       gssize      len)
{
  cmark_parser *parser;
  cmark_node *document;
  RubricBlock *block;

  g_return_val_if_fail (text != NULL, NULL);

  if (len < 0)
    len = strlen (text);

  cmark_gfm_core_extensions_ensure_registered ();
  parser = cmark_parser_new (CMARK_OPT_DEFAULT);
  attach_extension (parser, "table");
  attach_extension (parser, "strikethrough");
  attach_extension (parser, "autolink");
  cmark_parser_feed (parser, text, len);
  document = cmark_parser_finish (parser);
  block = convert_block (document);
  cmark_node_free (document);
  cmark_parser_free (parser);
  return block;
}

/* How far ahead in the source a rendered character is looked for:
 * enough to step over a link's address or a code fence. */
#define ALIGN_WINDOW 512

static gunichar *
code_points (const char *text,
             glong      *n)
{
  gunichar *points = g_utf8_to_ucs4_fast (text, -1, n);

  return points;
}

/**
 * rubric_markdown_align:
 * @source: markdown as written
 * @rendered: the text that rendering it shows
 *
 * Maps each character of @rendered to the character of @source it came
 * from, so that a selection made in rendered text names the same words
 * in the source. Rendered text is the source with markup taken out and
 * a few characters put in (bullets, spaces): each rendered character is
 * found at or after the previous match; one that cannot be found (a
 * bullet) maps to where the source stands.
 *
 * Returns: (transfer full) (element-type glong): source offsets, in code
 *   points, one per code point of @rendered
 */
GArray *
rubric_markdown_align (const char *source,
                       const char *rendered)
{
  glong n_source, n_rendered, j = 0;
  g_autofree gunichar *s = code_points (source, &n_source);
  g_autofree gunichar *r = code_points (rendered, &n_rendered);
  GArray *map = g_array_sized_new (FALSE, FALSE, sizeof (glong), n_rendered);

  for (glong i = 0; i < n_rendered; i++)
    {
      gunichar c = r[i] == 0x2028 ? '\n' : r[i];
      glong k = j;

      while (k < n_source && k - j < ALIGN_WINDOW && s[k] != c)
        k++;
      if (k < n_source && s[k] == c)
        {
          g_array_append_val (map, k);
          j = k + 1;
        }
      else
        g_array_append_val (map, j);
    }
  return map;
}
