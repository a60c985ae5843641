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

/* What converting a document needs beside its nodes: its source, for
 * what is nested too deep, and how deep it stands. */
typedef struct
{
  const char *text;
  gsize       len;
  int         depth;
} Source;

/* Containers nested deeper than this become their source, verbatim, in
 * a code block: converting and drawing them is recursive, and ten
 * thousand levels of "- - - …" overflowed the stack. */
#define MAX_TREE_DEPTH 48

static RubricBlock *convert_block (cmark_node *node,
                                   Source     *source);

/* Lines @first to @last (from 1) of the source. */
static char *
source_lines (const Source *source,
              int           first,
              int           last)
{
  const char *p = source->text;
  const char *end = source->text + source->len;
  const char *start = NULL;

  for (int line = 1; p < end && line <= last; line++)
    {
      const char *nl = memchr (p, '\n', end - p);

      if (line == first)
        start = p;
      p = nl != NULL ? nl + 1 : end;
    }
  return start != NULL ? g_strndup (start, p - start) : g_strdup ("");
}

static void
convert_children (RubricBlock *block,
                  cmark_node  *node,
                  Source      *source)
{
  source->depth++;
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    {
      RubricBlock *converted = convert_block (child, source);

      if (converted != NULL)
        add_child (block, converted);
    }
  source->depth--;
}

static RubricBlock *
convert_extension_block (cmark_node *node,
                         const char *type,
                         Source     *source)
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

  convert_children (block, node, source);
  return block;
}

static RubricBlock *
convert_block (cmark_node *node,
               Source     *source)
{
  RubricBlock *block;
  const char *info;
  cmark_node_type type = cmark_node_get_type (node);

  if (source->depth >= MAX_TREE_DEPTH &&
      (type == CMARK_NODE_BLOCK_QUOTE || type == CMARK_NODE_LIST || type == CMARK_NODE_ITEM))
    {
      RubricBlock *code = block_new (RUBRIC_BLOCK_CODE);

      code->text = source_lines (source, cmark_node_get_start_line (node), cmark_node_get_end_line (node));
      if (type != CMARK_NODE_ITEM)
        return code;
      /* A list's children are items, each drawn with its marker. */
      block = block_new (RUBRIC_BLOCK_ITEM);
      add_child (block, code);
      return block;
    }

  switch (type)
    {
    case CMARK_NODE_DOCUMENT:
      block = block_new (RUBRIC_BLOCK_DOCUMENT);
      convert_children (block, node, source);
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
      convert_children (block, node, source);
      return block;
    case CMARK_NODE_LIST:
      block = block_new (RUBRIC_BLOCK_LIST);
      block->ordered = cmark_node_get_list_type (node) == CMARK_ORDERED_LIST;
      block->level = cmark_node_get_list_start (node);
      convert_children (block, node, source);
      return block;
    case CMARK_NODE_ITEM:
      block = block_new (RUBRIC_BLOCK_ITEM);
      convert_children (block, node, source);
      return block;
    default:
      return convert_extension_block (node, cmark_node_get_type_string (node), source);
    }
}

/*
 * cmark-gfm 0.29 keeps the characters its extensions look for (| ~ :
 * w) in one table for every parser: a parser sets them as it starts on
 * a run of inlines and clears them as it ends (github/cmark-gfm pull
 * request 176). Two parsers at once, on two threads, lost each other's,
 * and a table, a strikethrough or a link came out as plain text,
 * differently each time. The window renders on threads (texts of half
 * a MB and more, and the next task's while one is read) as its main
 * thread renders too: one document is parsed at a time. The main
 * thread waits a bounded time for its turn (see
 * rubric_markdown_render_within()).
 */
static GMutex parse_mutex;
static GCond parse_cond;
static gboolean parsing;

/* Whether the parser was taken before @deadline (monotonic; -1: wait
 * as long as it takes). */
static gboolean
take_parser (gint64 deadline)
{
  g_mutex_lock (&parse_mutex);
  while (parsing)
    {
      if (deadline < 0)
        g_cond_wait (&parse_cond, &parse_mutex);
      else if (!g_cond_wait_until (&parse_cond, &parse_mutex, deadline) && parsing)
        {
          g_mutex_unlock (&parse_mutex);
          return FALSE;
        }
    }
  parsing = TRUE;
  g_mutex_unlock (&parse_mutex);
  return TRUE;
}

static void
give_parser_back (void)
{
  g_mutex_lock (&parse_mutex);
  parsing = FALSE;
  g_cond_signal (&parse_cond);
  g_mutex_unlock (&parse_mutex);
}

static void
attach_extension (cmark_parser *parser,
                  const char   *name)
{
  cmark_syntax_extension *extension = cmark_find_syntax_extension (name);

  if (extension != NULL)
    cmark_parser_attach_syntax_extension (parser, extension);
}

/* NULL when the parser could not be had before @deadline. */
static cmark_node *
parse_gfm (const char *text,
           gsize       len,
           gint64      deadline)
{
  cmark_parser *parser;
  cmark_node *document;

  if (!take_parser (deadline))
    return NULL;
  /* Once; cmark registers its extensions without a lock of its own. */
  cmark_gfm_core_extensions_ensure_registered ();
  parser = cmark_parser_new (CMARK_OPT_DEFAULT);
  attach_extension (parser, "table");
  attach_extension (parser, "strikethrough");
  attach_extension (parser, "autolink");
  cmark_parser_feed (parser, text, len);
  document = cmark_parser_finish (parser);
  cmark_parser_free (parser);
  give_parser_back ();
  return document;
}

/* rubric_markdown_parse(), or NULL if the parser could not be had
 * before @deadline. */
static RubricBlock *
parse_before (const char *text,
              gssize      len,
              gint64      deadline)
{
  cmark_node *document;
  RubricBlock *block;

  if (len < 0)
    len = strlen (text);

  Source source = { text, len, 0 };

  if (!(document = parse_gfm (text, len, deadline)))
    return NULL;
  block = convert_block (document, &source);
  cmark_node_free (document);
  return block;
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
  g_return_val_if_fail (text != NULL, NULL);

  return parse_before (text, len, -1);
}

/* Rendering ------------------------------------------------------------
 *
 * The text a view shows and how to draw it, worked out here rather
 * than in the view so that what a reader sees can be tested, and
 * mapped back to the source, without a display.
 *
 * Nothing a person must judge may be invisible. An answer such as
 * "1945." is an empty ordered list item to CommonMark; GitHub draws
 * its number, "1945.", and so do we: a block with no text still
 * takes a line with the mark GitHub draws for it, and where GitHub
 * draws nothing (a lone ">" or "#"), the mark as written.
 */

typedef struct
{
  int          list_depth;
  int          quote_depth;
  const char  *marker;      /* the number or bullet the next block starts with */
} Context;

/* Bytes of a block between the places a view may stop inserting it. */
#define BLOCK_CUT_BYTES 16384

typedef struct
{
  GString *text;
  int      chars;
  GArray  *marks;
  GArray  *boundaries;
  GArray  *code_blocks;
  gsize    line_bytes;  /* since the last line ended */
  gsize    run_bytes;   /* since the last place to break it */
  int      line_start;  /* where it starts, in characters */
} Builder;

static void render_block (Builder *b, RubricBlock *block, Context *ctx);

static void
mark_clear (RubricMark *item)
{
  g_free (item->href);
}

static void
code_range_clear (RubricCodeRange *range)
{
  g_free (range->language);
}

static void
add_boundary (Builder *b)
{
  RubricBoundary boundary = { b->chars, b->text->len };

  if (b->boundaries->len > 0 && g_array_index (b->boundaries, RubricBoundary, b->boundaries->len - 1).bytes == boundary.bytes)
    return;
  g_array_append_val (b->boundaries, boundary);
}

/* A block of many lines (code, a table) may be cut at a line's end, so
 * that a view need not insert megabytes at once. */
static void
add_boundary_within_block (Builder *b)
{
  gsize last = b->boundaries->len > 0 ? g_array_index (b->boundaries, RubricBoundary, b->boundaries->len - 1).bytes : 0;

  if (b->text->len - last >= BLOCK_CUT_BYTES)
    add_boundary (b);
}

/* Appends @len bytes that hold no line end but perhaps the last, of
 * which the last @run have no place to break a line. */
static void
append_piece (Builder    *b,
              const char *text,
              gsize       len,
              gsize       run)
{
  g_string_append_len (b->text, text, len);
  b->chars += g_utf8_strlen (text, len);
  b->line_bytes += len;
  b->run_bytes = run;
  if (len > 0 && text[len - 1] == '\n')
    {
      b->line_start = b->chars;
      b->line_bytes = 0;
      add_boundary_within_block (b);
    }
}

/* Whether a line may break before @c without a space: CJK text. */
static gboolean
breaks_before (gunichar c)
{
  switch (g_unichar_break_type (c))
    {
    case G_UNICODE_BREAK_IDEOGRAPHIC:
    case G_UNICODE_BREAK_HANGUL_L_JAMO:
    case G_UNICODE_BREAK_HANGUL_LV_SYLLABLE:
    case G_UNICODE_BREAK_HANGUL_LVT_SYLLABLE:
    case G_UNICODE_BREAK_CONDITIONAL_JAPANESE_STARTER:
      return TRUE;
    default:
      return FALSE;
    }
}

/* How much of @text the current line takes: to its newline; else, past
 * RUBRIC_RENDER_LINE_BYTES, to a space or before a CJK character; or
 * before the character that makes a run of RUBRIC_RENDER_RUN_BYTES with
 * no place to break (Pango's cost grows with the square of such a
 * run). In the last two cases the line is then cut (@cut is set).
 * @run is the run without a break at the end of what it takes. */
static gsize
line_part (Builder    *b,
           const char *text,
           gsize       len,
           gboolean   *cut,
           gsize      *run)
{
  gsize line = b->line_bytes;

  *run = b->run_bytes;
  *cut = TRUE;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      if (c == '\n')
        {
          *cut = FALSE;
          *run = 0;
          return i + 1;
        }
      if (c == ' ')
        {
          *run = 0;
          if (line + i + 1 > RUBRIC_RENDER_LINE_BYTES)
            return i + 1;
          continue;
        }
      if ((c & 0xc0) != 0x80)
        {
          if (c >= 0xe0 && breaks_before (g_utf8_get_char_validated (text + i, len - i)))
            {
              if (line + i > RUBRIC_RENDER_LINE_BYTES)
                return i;
              *run = 0;
            }
          else if (*run >= RUBRIC_RENDER_RUN_BYTES)
            {
              *run = 0;
              return i;
            }
        }
      (*run)++;
    }
  *cut = FALSE;
  return len;
}

/* Ends the line here, within its paragraph; also a place where the
 * view may stop inserting. */
static void
cut_line (Builder *b)
{
  RubricMark item = { b->line_start, b->chars, RUBRIC_MARK_CONTINUED };

  g_array_append_val (b->marks, item);
  g_string_append (b->text, "\u2029");
  b->chars++;
  b->line_start = b->chars;
  b->line_bytes = 0;
  b->run_bytes = 0;
  add_boundary (b);
}

static int
append (Builder    *b,
        const char *text,
        gssize      len)
{
  int start = b->chars;
  gsize left;

  if (len < 0)
    len = strlen (text);
  for (left = len; left > 0;)
    {
      gboolean cut;
      gsize run;
      gsize part = line_part (b, text, left, &cut, &run);

      append_piece (b, text, part, run);
      text += part;
      left -= part;
      if (cut)
        cut_line (b);
    }
  return start;
}

/* Marks from @start to the end of the text so far; none if empty. */
static RubricMark *
mark (Builder        *b,
      int             start,
      RubricMarkKind  kind)
{
  RubricMark item = { start, b->chars, kind };

  if (b->chars <= start)
    return NULL;
  g_array_append_val (b->marks, item);
  return &g_array_index (b->marks, RubricMark, b->marks->len - 1);
}

/* Paragraph spacing is the view's; only indentation needs a mark. */
static void
end_block (Builder       *b,
           int            start,
           const Context *ctx)
{
  append (b, "\n", 1);
  if (ctx->list_depth > 0 || ctx->quote_depth > 0)
    {
      RubricMark *indent = mark (b, start, RUBRIC_MARK_INDENT);

      indent->level = ctx->list_depth;
      indent->quote_depth = ctx->quote_depth;
      indent->hanging = ctx->marker != NULL;
    }
  add_boundary (b);
}

static void
insert_marker (Builder *b,
               Context *ctx)
{
  int start;

  if (ctx->marker == NULL)
    return;
  start = append (b, ctx->marker, -1);
  append (b, "\u2002", -1);
  mark (b, start, RUBRIC_MARK_MARKER);
}

/* A block with no text of its own: its marker and @text on a line. */
static void
render_bare_line (Builder       *b,
                  Context       *ctx,
                  const char    *text,
                  RubricMarkKind kind)
{
  int start = b->chars;

  if (text == NULL)
    {
      /* Only a marker: no space after it, as GitHub shows "1945." */
      append (b, ctx->marker, -1);
      mark (b, start, RUBRIC_MARK_MARKER);
    }
  else
    {
      int text_start;

      insert_marker (b, ctx);
      text_start = append (b, text, -1);
      mark (b, text_start, kind);
    }
  end_block (b, start, ctx);
  ctx->marker = NULL;
}

static void
mark_run (Builder         *b,
          int              start,
          const RubricRun *run)
{
  static const struct { RubricStyle style; RubricMarkKind kind; } kinds[] = {
    { RUBRIC_STYLE_STRONG, RUBRIC_MARK_STRONG },
    { RUBRIC_STYLE_EMPHASIS, RUBRIC_MARK_EMPHASIS },
    { RUBRIC_STYLE_STRIKE, RUBRIC_MARK_STRIKE },
    { RUBRIC_STYLE_CODE, RUBRIC_MARK_CODE },
    { RUBRIC_STYLE_IMAGE, RUBRIC_MARK_DIM },
  };
  RubricMark *link;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (run->style & kinds[i].style)
        mark (b, start, kinds[i].kind);
    }
  if ((run->style & RUBRIC_STYLE_LINK) && (link = mark (b, start, RUBRIC_MARK_LINK)) != NULL)
    link->href = g_strdup (run->href);
}

/* A paragraph, heading or cell: its plain text with a mark per style.
 * Returns where it starts. */
static int
insert_inline (Builder     *b,
               RubricBlock *block)
{
  const char *plain = block->plain ? block->plain : "";
  int first = b->chars;
  gsize done = 0;

  for (guint i = 0; block->runs != NULL && i < block->runs->len; i++)
    {
      RubricRun *run = &g_array_index (block->runs, RubricRun, i);
      int start;

      if (run->start > done)
        append (b, plain + done, run->start - done);
      done = MAX (done, run->start);
      if (run->style & RUBRIC_STYLE_BREAK)
        {
          /* A line break inside the paragraph keeps its spacing. */
          append (b, "\u2028", -1);
          continue;
        }
      if (run->end <= done)
        continue;
      start = append (b, plain + done, run->end - done);
      mark_run (b, start, run);
      done = run->end;
    }
  if (plain[done] != '\0')
    append (b, plain + done, -1);
  return first;
}

static void
render_paragraph (Builder     *b,
                  RubricBlock *block,
                  Context     *ctx)
{
  int start = b->chars;

  insert_marker (b, ctx);
  insert_inline (b, block);
  end_block (b, start, ctx);
  ctx->marker = NULL;
}

static void
render_heading (Builder     *b,
                RubricBlock *block,
                Context     *ctx)
{
  int start = b->chars;
  RubricMark *heading;

  if (block->plain == NULL || block->plain[0] == '\0')
    {
      /* GitHub draws an empty heading as blank space: the hashes as
       * written show that there is one. */
      g_autofree char *hashes = g_strnfill (CLAMP (block->level, 1, 6), '#');

      render_bare_line (b, ctx, hashes, RUBRIC_MARK_DIM);
      return;
    }
  insert_marker (b, ctx);
  heading = mark (b, insert_inline (b, block), RUBRIC_MARK_HEADING);
  if (heading != NULL)
    heading->level = block->level;
  end_block (b, start, ctx);
  ctx->marker = NULL;
}

static void
render_code (Builder     *b,
             RubricBlock *block,
             Context     *ctx)
{
  gsize len = block->text ? strlen (block->text) : 0;
  RubricCodeRange code = { 0 };
  int start = b->chars;
  const char *last_line;

  if (len > 0 && block->text[len - 1] == '\n')
    len--;
  insert_marker (b, ctx);
  ctx->marker = NULL;
  code.start = append (b, block->text ? block->text : "", len);
  code.end = b->chars;
  mark (b, code.start, RUBRIC_MARK_CODE_BLOCK);
  end_block (b, start, ctx);

  /* Lines of code sit close; the block as a whole keeps its spacing,
   * which a text view takes from the tags of its last line. */
  last_line = block->text ? g_strrstr_len (block->text, len, "\n") : NULL;
  mark (b, last_line ? code.start + (int) g_utf8_strlen (block->text, last_line + 1 - block->text) : code.start,
        RUBRIC_MARK_CODE_BLOCK_END);
  if (block->info != NULL)
    {
      code.language = g_strdup (block->info);
      g_array_append_val (b->code_blocks, code);
    }
}

static void
render_html (Builder     *b,
             RubricBlock *block,
             Context     *ctx)
{
  int start = b->chars;
  int text_start;

  insert_marker (b, ctx);
  text_start = append (b, block->text, -1);
  mark (b, text_start, RUBRIC_MARK_CODE);
  mark (b, text_start, RUBRIC_MARK_DIM);
  end_block (b, start, ctx);
  ctx->marker = NULL;
}

static void
render_children (Builder     *b,
                 RubricBlock *block,
                 Context     *ctx)
{
  for (guint i = 0; block->children != NULL && i < block->children->len; i++)
    render_block (b, g_ptr_array_index (block->children, i), ctx);
}

/* Lists and quotes deeper than this are drawn at this depth: ten
 * thousand of them nested (a few KB of "- - - …") once took seconds
 * and hundreds of MB, each level's marker holding all before it. */
#define MAX_NESTING 16

static gboolean
too_deep (const Context *ctx)
{
  return ctx->list_depth + ctx->quote_depth >= MAX_NESTING;
}

static void
render_quote (Builder     *b,
              RubricBlock *block,
              Context     *ctx)
{
  Context inner = *ctx;
  int start = b->chars;

  if (!too_deep (ctx))
    inner.quote_depth++;
  render_children (b, block, &inner);
  if (b->chars == start)
    render_bare_line (b, &inner, ">", RUBRIC_MARK_DIM);
  ctx->marker = NULL;
}

static void
render_list (Builder     *b,
             RubricBlock *block,
             Context     *ctx)
{
  Context inner = *ctx;
  gboolean deep = too_deep (ctx);

  if (!deep)
    inner.list_depth++;
  for (guint i = 0; block->children != NULL && i < block->children->len; i++)
    {
      g_autofree char *marker = block->ordered ? g_strdup_printf ("%d.", block->level + (int) i)
                                               : g_strdup ("•");

      /* A list that opens an item shares its first line, as on GitHub
       * (down to the depth drawn). */
      if (i == 0 && ctx->marker != NULL && !deep)
        {
          char *both = g_strconcat (ctx->marker, "\u2002", marker, NULL);

          g_free (marker);
          marker = both;
        }
      inner.marker = marker;
      render_children (b, g_ptr_array_index (block->children, i), &inner);
      if (inner.marker != NULL)
        render_bare_line (b, &inner, NULL, RUBRIC_MARK_MARKER);
    }
  ctx->marker = NULL;
}

/* Cells padded to their column's width, in monospace. */
static void
render_table (Builder     *b,
              RubricBlock *block,
              Context     *ctx)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, TRUE, sizeof (glong));

  /* A marker before the first row would push it out of its columns. */
  if (ctx->marker != NULL)
    render_bare_line (b, ctx, NULL, RUBRIC_MARK_MARKER);

  for (guint r = 0; block->children != NULL && r < block->children->len; r++)
    {
      RubricBlock *row = g_ptr_array_index (block->children, r);

      for (guint c = 0; row->children != NULL && c < row->children->len; c++)
        {
          RubricBlock *cell = g_ptr_array_index (row->children, c);
          glong width = g_utf8_strlen (cell->plain ? cell->plain : "", -1);

          if (c >= widths->len)
            g_array_set_size (widths, c + 1);
          g_array_index (widths, glong, c) = MAX (g_array_index (widths, glong, c), width);
        }
    }
  for (guint r = 0; block->children != NULL && r < block->children->len; r++)
    {
      RubricBlock *row = g_ptr_array_index (block->children, r);
      int start = b->chars;

      for (guint c = 0; row->children != NULL && c < row->children->len; c++)
        {
          RubricBlock *cell = g_ptr_array_index (row->children, c);
          glong pad = g_array_index (widths, glong, c) - g_utf8_strlen (cell->plain ? cell->plain : "", -1);
          g_autofree char *spaces = g_strnfill (pad + 2, ' ');
          int cell_start = insert_inline (b, cell);

          if (row->header)
            mark (b, cell_start, RUBRIC_MARK_TABLE_HEADER);
          if (c + 1 < row->children->len)
            append (b, spaces, -1);
        }
      mark (b, start, RUBRIC_MARK_TABLE);
      end_block (b, start, ctx);
    }
}

static void
render_block (Builder     *b,
              RubricBlock *block,
              Context     *ctx)
{
  switch (block->type)
    {
    case RUBRIC_BLOCK_PARAGRAPH:
      render_paragraph (b, block, ctx);
      break;
    case RUBRIC_BLOCK_HEADING:
      render_heading (b, block, ctx);
      break;
    case RUBRIC_BLOCK_CODE:
      render_code (b, block, ctx);
      break;
    case RUBRIC_BLOCK_HTML:
      render_html (b, block, ctx);
      break;
    case RUBRIC_BLOCK_RULE:
      render_bare_line (b, ctx, "⸻", RUBRIC_MARK_DIM);
      break;
    case RUBRIC_BLOCK_QUOTE:
      render_quote (b, block, ctx);
      break;
    case RUBRIC_BLOCK_LIST:
      render_list (b, block, ctx);
      break;
    case RUBRIC_BLOCK_TABLE:
      render_table (b, block, ctx);
      break;
    case RUBRIC_BLOCK_DOCUMENT:
    case RUBRIC_BLOCK_ITEM:
      render_children (b, block, ctx);
      break;
    case RUBRIC_BLOCK_TABLE_ROW:
    case RUBRIC_BLOCK_TABLE_CELL:
    default:
      break;
    }
}

/* No empty line after the last block. */
static void
trim_last_newline (Builder *b)
{
  if (b->text->len == 0 || b->text->str[b->text->len - 1] != '\n')
    return;
  g_string_truncate (b->text, b->text->len - 1);
  b->chars--;
  for (guint i = 0; i < b->marks->len; i++)
    {
      RubricMark *item = &g_array_index (b->marks, RubricMark, i);

      item->end = MIN (item->end, b->chars);
    }
  for (guint i = b->boundaries->len; i > 0; i--)
    {
      RubricBoundary *boundary = &g_array_index (b->boundaries, RubricBoundary, i - 1);

      if (boundary->bytes <= b->text->len)
        break;
      *boundary = (RubricBoundary) { b->chars, b->text->len };
    }
}

void
rubric_rendering_free (RubricRendering *self)
{
  if (self == NULL)
    return;
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_clear_pointer (&self->marks, g_array_unref);
  g_clear_pointer (&self->boundaries, g_array_unref);
  g_clear_pointer (&self->code_blocks, g_array_unref);
  g_free (self);
}

/**
 * rubric_markdown_render:
 * @text: GitHub-flavoured markdown
 * @len: its length in bytes, or -1 if it ends with a nul
 *
 * Lays markdown out as one run of text, the way GitHub shows it, with
 * the marks a view needs to draw it: lists get their numbers and
 * bullets, and blocks end with a newline (but the last).
 *
 * Returns: (transfer full): the text and its marks
 */
RubricRendering *
rubric_markdown_render (const char *text,
                        gssize      len)
{
  g_return_val_if_fail (text != NULL, NULL);

  return rubric_markdown_render_within (text, len, -1);
}

/**
 * rubric_markdown_render_within:
 * @wait_us: how long to wait for a parse on another thread to end; -1
 *   for as long as it takes
 *
 * rubric_markdown_render(), for a thread that must not wait long (a
 * window's): one document is parsed at a time, and another thread may
 * be parsing megabytes.
 *
 * Returns: (transfer full) (nullable): the rendering, or %NULL if
 *   another parse held the parser for @wait_us
 */
RubricRendering *
rubric_markdown_render_within (const char *text,
                               gssize      len,
                               gint64      wait_us)
{
  g_autoptr(RubricBlock) document = NULL;
  RubricRendering *self;
  Builder b = { 0 };
  Context ctx = { 0 };

  g_return_val_if_fail (text != NULL, NULL);

  if (!(document = parse_before (text, len, wait_us < 0 ? -1 : g_get_monotonic_time () + wait_us)))
    return NULL;
  b.text = g_string_new (NULL);
  b.marks = g_array_new (FALSE, FALSE, sizeof (RubricMark));
  g_array_set_clear_func (b.marks, (GDestroyNotify) mark_clear);
  b.boundaries = g_array_new (FALSE, FALSE, sizeof (RubricBoundary));
  b.code_blocks = g_array_new (FALSE, FALSE, sizeof (RubricCodeRange));
  g_array_set_clear_func (b.code_blocks, (GDestroyNotify) code_range_clear);
  render_block (&b, document, &ctx);
  trim_last_newline (&b);

  self = g_new0 (RubricRendering, 1);
  self->text = b.text;
  self->marks = b.marks;
  self->boundaries = b.boundaries;
  self->code_blocks = b.code_blocks;
  return self;
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
 * bullet) maps to where the source stands, or to its last character
 * once the whole source is matched.
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

      /* A line ends in \n, \r\n or a lone \r in the source (as cmark
       * reads it), and in \n when rendered. */
      while (k < n_source && k - j < ALIGN_WINDOW && s[k] != c && !(c == '\n' && s[k] == '\r'))
        k++;
      if (k < n_source && (s[k] == c || (c == '\n' && s[k] == '\r')))
        {
          g_array_append_val (map, k);
          j = k + 1;
        }
      else
        {
          /* Still a character of the source, so that the end of a
           * selection (its last offset + 1) stays inside it. */
          glong at = n_source > 0 ? MIN (j, n_source - 1) : 0;

          g_array_append_val (map, at);
        }
    }
  return map;
}

/* Balancing a span ------------------------------------------------------ */

/* The markers of one emphasis, strong emphasis, strikethrough or code
 * span: [open_start, open_end) and [close_start, close_end), in bytes
 * of the source. */
typedef struct
{
  gsize open_start;
  gsize open_end;
  gsize close_start;
  gsize close_end;
} Delimiters;

typedef struct
{
  const char *source;
  gsize       len;
  GArray     *lines;  /* gsize: where each line starts */
  GArray     *pairs;  /* Delimiters */
} Scan;

static gboolean inline_extent (Scan *scan, cmark_node *node, gsize *start, gsize *end);

/* cmark counts lines as it does: \n, \r\n or \r ends one. */
static GArray *
line_starts (const char *source,
             gsize       len)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize start = 0;

  g_array_append_val (lines, start);
  for (gsize i = 0; i < len; i++)
    {
      if (source[i] == '\r' && i + 1 < len && source[i + 1] == '\n')
        i++;
      if (source[i] == '\n' || source[i] == '\r')
        {
          start = i + 1;
          g_array_append_val (lines, start);
        }
    }
  return lines;
}

/* A line and byte column, both from 1 as cmark gives them, as an
 * offset; cmark leaves 0 where it does not know. */
static gboolean
offset_at (Scan  *scan,
           int    line,
           int    column,
           gsize *offset)
{
  if (line < 1 || (guint) line > scan->lines->len || column < 1)
    return FALSE;
  *offset = g_array_index (scan->lines, gsize, line - 1) + column - 1;
  return *offset < scan->len;
}

/* Where cmark says @node is, as [start, end). */
static gboolean
reported_extent (Scan       *scan,
                 cmark_node *node,
                 gsize      *start,
                 gsize      *end)
{
  gsize last;

  if (!offset_at (scan, cmark_node_get_start_line (node), cmark_node_get_start_column (node), start)
      || !offset_at (scan, cmark_node_get_end_line (node), cmark_node_get_end_column (node), &last)
      || last < *start)
    return FALSE;
  *end = last + 1;
  return TRUE;
}

static gboolean
is_marked (cmark_node *node)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
    case CMARK_NODE_CODE:
      return TRUE;
    default:
      return g_strcmp0 (cmark_node_get_type_string (node), "strikethrough") == 0;
    }
}

static void
collect_delimiters (Scan       *scan,
                    cmark_node *node)
{
  for (cmark_node *child = cmark_node_first_child (node); child; child = cmark_node_next (child))
    {
      gsize start, end;

      if (is_marked (child))
        inline_extent (scan, child, &start, &end);
      else
        collect_delimiters (scan, child);
    }
}

/* How many of @c there are from @at, forwards or backwards, up to @max. */
static gsize
run_length (Scan  *scan,
            gsize  at,
            int    step,
            char   c,
            gsize  max)
{
  gsize n = 0;

  while (n < max && (step > 0 ? at + n < scan->len : at >= n + 1)
         && scan->source[step > 0 ? at + n : at - n - 1] == c)
    n++;
  return n;
}

/* Markers of @len characters before @inner_start and after @inner_end,
 * all the same one of @chars. */
static gboolean
delimiters_around (Scan       *scan,
                   gsize       inner_start,
                   gsize       inner_end,
                   gsize       len,
                   const char *chars,
                   Delimiters *pair)
{
  char c;

  if (len == 0 || inner_start < len || inner_end + len > scan->len)
    return FALSE;
  c = scan->source[inner_start - 1];
  if (strchr (chars, c) == NULL)
    return FALSE;
  if (run_length (scan, inner_start, -1, c, len) != len || run_length (scan, inner_end, 1, c, len) != len)
    return FALSE;
  *pair = (Delimiters) { inner_start - len, inner_start, inner_end, inner_end + len };
  return TRUE;
}

/* Emphasis takes one star or underscore, strong two; strikethrough
 * one tilde or two, counted from @at towards the text (@step). */
static gsize
delimiter_length (Scan       *scan,
                  cmark_node *node,
                  gsize       at,
                  int         step)
{
  switch (cmark_node_get_type (node))
    {
    case CMARK_NODE_EMPH:
      return 1;
    case CMARK_NODE_STRONG:
      return 2;
    default:
      return run_length (scan, at, step, '~', 2);
    }
}

static const char *
marker_chars (cmark_node *node)
{
  return cmark_node_get_type (node) == CMARK_NODE_EMPH || cmark_node_get_type (node) == CMARK_NODE_STRONG ? "*_" : "~";
}

/* The markers where cmark says @node starts and ends. */
static gboolean
reported_delimiters (Scan       *scan,
                     cmark_node *node,
                     Delimiters *pair)
{
  gsize start, end, len;

  if (!reported_extent (scan, node, &start, &end))
    return FALSE;
  len = delimiter_length (scan, node, start, 1);
  return len > 0 && end - start > 2 * len
         && delimiters_around (scan, start + len, end - len, len, marker_chars (node), pair);
}

/*
 * cmark's own position of an emphasis is right for the outermost of
 * nested ones that share a run ("***both***") but not for the inner
 * ones, so the markers are looked for just outside the node's first
 * and last children (delimiters are used from the inside of a run
 * out). Where a child has no position (some autolinks), cmark's is
 * tried. Either way the characters must be the markers, or the node
 * is left alone.
 */
static gboolean
emphasis_extent (Scan       *scan,
                 cmark_node *node,
                 gsize      *start,
                 gsize      *end)
{
  cmark_node *first = cmark_node_first_child (node);
  cmark_node *last = cmark_node_last_child (node);
  gboolean known_first = FALSE, known_last = FALSE;
  gsize inner_start = 0, inner_end = 0;
  Delimiters pair;

  for (cmark_node *child = first; child; child = cmark_node_next (child))
    {
      gsize child_start, child_end;
      gboolean known = inline_extent (scan, child, &child_start, &child_end);

      if (child == first)
        known_first = known, inner_start = child_start;
      if (child == last)
        known_last = known, inner_end = child_end;
    }

  if (!(known_first && known_last
        && delimiters_around (scan, inner_start, inner_end, delimiter_length (scan, node, inner_start, -1),
                              marker_chars (node), &pair))
      && !reported_delimiters (scan, node, &pair))
    return FALSE;
  g_array_append_val (scan->pairs, pair);
  *start = pair.open_start;
  *end = pair.close_end;
  return TRUE;
}

/* A code span closes at the next run of as many backticks as opened
 * it; cmark gives where its text starts, not always where it ends. */
static gboolean
code_extent (Scan       *scan,
             cmark_node *node,
             gsize      *start,
             gsize      *end)
{
  gsize text_start, len, at;
  Delimiters pair;

  if (!offset_at (scan, cmark_node_get_start_line (node), cmark_node_get_start_column (node), &text_start))
    return FALSE;
  len = run_length (scan, text_start, -1, '`', G_MAXSIZE);
  if (len == 0)
    return FALSE;
  for (at = text_start; at < scan->len; at++)
    {
      gsize run = run_length (scan, at, 1, '`', G_MAXSIZE);

      if (run == len)
        break;
      at += run;
    }
  if (at >= scan->len)
    return FALSE;
  pair = (Delimiters) { text_start - len, text_start, at, at + len };
  g_array_append_val (scan->pairs, pair);
  *start = pair.open_start;
  *end = pair.close_end;
  return TRUE;
}

/* Where an inline node is in the source, markers included, noting the
 * markers of those it holds. */
static gboolean
inline_extent (Scan       *scan,
               cmark_node *node,
               gsize      *start,
               gsize      *end)
{
  if (cmark_node_get_type (node) == CMARK_NODE_CODE)
    return code_extent (scan, node, start, end);
  if (is_marked (node))
    return emphasis_extent (scan, node, start, end);
  collect_delimiters (scan, node);
  return reported_extent (scan, node, start, end);
}

static gboolean
overlaps (gsize start,
          gsize end,
          gsize from,
          gsize to)
{
  return start < to && end > from;
}

/* One step towards a span that takes both markers of @pair or
 * neither; FALSE if it already does. */
static gboolean
balance_pair (const Delimiters *pair,
              gsize            *start,
              gsize            *end)
{
  gboolean opens = overlaps (*start, *end, pair->open_start, pair->open_end);
  gboolean closes = overlaps (*start, *end, pair->close_start, pair->close_end);

  if (!opens && !closes)
    return FALSE;
  if (*start <= pair->open_start && *end >= pair->close_end)
    return FALSE;

  /* Markers at the span's edge, and none of their text: dropping them
   * takes nothing the reviewer selected. */
  if (*start < pair->open_start && *end <= pair->open_end)
    *end = pair->open_start;
  else if (*end > pair->close_end && *start >= pair->close_start)
    *start = pair->close_end;
  else
    {
      *start = MIN (*start, pair->open_start);
      *end = MAX (*end, pair->close_end);
    }
  return TRUE;
}

static int
compare_width (gconstpointer a,
               gconstpointer b)
{
  const Delimiters *x = a, *y = b;
  gsize wx = x->close_end - x->open_start, wy = y->close_end - y->open_start;

  return wx < wy ? -1 : wx > wy;
}

/**
 * rubric_markdown_balance_span:
 * @source: markdown as written
 * @start: (inout): where the span starts, in code points of @source
 * @end: (inout): where it ends (exclusive), in code points
 *
 * Moves the ends of a span of @source so that for every emphasis,
 * strong emphasis, strikethrough and code span it crosses it takes both
 * the opening and the closing markers, or neither: a quote such as
 * `Smith v. Jones*, 512 U.S. 999 (1994).` becomes
 * `*Smith v. Jones*, 512 U.S. 999 (1994).`, which reads as it
 * renders.
 *
 * The span widens to take the other marker, since a span that crossed
 * a marker holds some of the marked text and narrowing it would drop
 * text the reviewer selected: a flag must cover at least what was
 * pointed at. It narrows only past markers at its very edge with none
 * of their text inside (`see **` of `see **this**`), since there
 * dropping them loses nothing visible while widening would take words
 * nobody selected. Offsets are code points, as rubric_markdown_align()
 * gives them, so `content[start:end]` is still the quote.
 */
void
rubric_markdown_balance_span (const char *source,
                              glong      *start,
                              glong      *end)
{
  rubric_markdown_balance_span_within (source, start, end, -1);
}

/**
 * rubric_markdown_balance_span_within:
 * @wait_us: how long to wait for a parse on another thread to end; -1
 *   for as long as it takes
 *
 * rubric_markdown_balance_span(), for a thread that must not wait long
 * (a window's, as a reviewer flags a selection while another thread
 * parses megabytes).
 *
 * Returns: %FALSE, with the span as it was, if another parse held the
 *   parser for @wait_us
 */
gboolean
rubric_markdown_balance_span_within (const char *source,
                                     glong      *start,
                                     glong      *end,
                                     gint64      wait_us)
{
  Scan scan = { source, 0 };
  cmark_node *document;
  gsize from, to;
  gboolean changed = TRUE;

  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);
  g_return_val_if_fail (0 <= *start && *start <= *end && *end <= g_utf8_strlen (source, -1), FALSE);

  if (*start == *end)
    return TRUE;
  scan.len = strlen (source);
  if (!(document = parse_gfm (source, scan.len, wait_us < 0 ? -1 : g_get_monotonic_time () + wait_us)))
    return FALSE;
  from = g_utf8_offset_to_pointer (source, *start) - source;
  to = g_utf8_offset_to_pointer (source, *end) - source;
  scan.lines = line_starts (source, scan.len);
  scan.pairs = g_array_new (FALSE, FALSE, sizeof (Delimiters));
  collect_delimiters (&scan, document);
  cmark_node_free (document);

  /* Innermost first, so that markers nested at an edge ("***") are
   * dropped one pair at a time; each step is taken again from there.
   * Widening takes whole pairs, which nest, so this ends; the bound is
   * a guard. */
  g_array_sort (scan.pairs, compare_width);
  for (guint steps = 0; changed && steps <= 2 * scan.pairs->len; steps++)
    {
      changed = FALSE;
      for (guint i = 0; i < scan.pairs->len && !changed; i++)
        changed = balance_pair (&g_array_index (scan.pairs, Delimiters, i), &from, &to);
    }

  *start = g_utf8_pointer_to_offset (source, source + from);
  *end = g_utf8_pointer_to_offset (source, source + to);
  g_array_unref (scan.lines);
  g_array_unref (scan.pairs);
  return TRUE;
}
