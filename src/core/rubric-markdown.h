/* rubric-markdown.h — markdown to blocks, to the text a view shows, and back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RUBRIC_BLOCK_DOCUMENT,
  RUBRIC_BLOCK_PARAGRAPH,
  RUBRIC_BLOCK_HEADING,
  RUBRIC_BLOCK_CODE,
  RUBRIC_BLOCK_QUOTE,
  RUBRIC_BLOCK_LIST,
  RUBRIC_BLOCK_ITEM,
  RUBRIC_BLOCK_RULE,
  RUBRIC_BLOCK_TABLE,
  RUBRIC_BLOCK_TABLE_ROW,
  RUBRIC_BLOCK_TABLE_CELL,
  RUBRIC_BLOCK_HTML,
} RubricBlockType;

typedef enum
{
  RUBRIC_STYLE_EMPHASIS = 1 << 0,
  RUBRIC_STYLE_STRONG   = 1 << 1,
  RUBRIC_STYLE_CODE     = 1 << 2,
  RUBRIC_STYLE_STRIKE   = 1 << 3,
  RUBRIC_STYLE_LINK     = 1 << 4,
  RUBRIC_STYLE_IMAGE    = 1 << 5,
  RUBRIC_STYLE_BREAK    = 1 << 6,   /* a line break inside the paragraph */
} RubricStyle;

/* A stretch of a text block's plain text with one style. */
typedef struct
{
  gsize        start;
  gsize        end;
  RubricStyle  style;
  char        *href;
} RubricRun;

typedef struct _RubricBlock RubricBlock;

struct _RubricBlock
{
  RubricBlockType  type;
  int              level;     /* heading level, or the first number of an ordered list */
  gboolean         ordered;   /* lists */
  gboolean         header;    /* table rows */
  char            *markup;    /* Pango markup of paragraphs, headings and cells */
  char            *plain;     /* the same text without markup, and its styled runs */
  GArray          *runs;
  char            *text;      /* code blocks and raw HTML, as written */
  char            *info;      /* the language of a code block */
  GPtrArray       *children;
};

/* What a stretch of rendered text is drawn as; the view turns each
 * kind into a text tag. */
typedef enum
{
  RUBRIC_MARK_STRONG,
  RUBRIC_MARK_EMPHASIS,
  RUBRIC_MARK_STRIKE,
  RUBRIC_MARK_CODE,
  RUBRIC_MARK_DIM,
  RUBRIC_MARK_LINK,
  RUBRIC_MARK_MARKER,          /* a list item's number or bullet */
  RUBRIC_MARK_HEADING,
  RUBRIC_MARK_CODE_BLOCK,
  RUBRIC_MARK_CODE_BLOCK_END,  /* the last line of a code block */
  RUBRIC_MARK_TABLE,
  RUBRIC_MARK_TABLE_HEADER,
  RUBRIC_MARK_INDENT,
  RUBRIC_MARK_CONTINUED,       /* a line cut short: its paragraph goes on */
} RubricMarkKind;

/* Offsets are in code points of the rendered text. */
typedef struct
{
  int             start;
  int             end;
  RubricMarkKind  kind;
  int             level;        /* a heading's level; an indent's list depth */
  int             quote_depth;  /* indents */
  gboolean        hanging;      /* an indent whose first line starts with a marker */
  char           *href;         /* links */
} RubricMark;

typedef struct
{
  int   start;
  int   end;
  char *language;
} RubricCodeRange;

/* The end of a block: a place where the text can be cut. */
typedef struct
{
  int   chars;
  gsize bytes;
} RubricBoundary;

/* A text view lays out and draws a line (up to a newline) as one
 * piece, and a paragraph of megabytes would hold it for seconds; a
 * word of a few KB, for its square. So a rendered line longer than
 * RUBRIC_RENDER_LINE_BYTES is cut at its next space (or CJK character),
 * and a run of RUBRIC_RENDER_RUN_BYTES without one before its next
 * character, with U+2029 PARAGRAPH SEPARATOR and a
 * RUBRIC_MARK_CONTINUED mark over the line before it. */
#define RUBRIC_RENDER_LINE_BYTES 4096
#define RUBRIC_RENDER_RUN_BYTES  512

typedef struct
{
  GString *text;         /* exactly what the reader sees */
  GArray  *marks;        /* RubricMark */
  GArray  *boundaries;   /* RubricBoundary, in order */
  GArray  *code_blocks;  /* RubricCodeRange of the code blocks with a language */
} RubricRendering;

RubricBlock     *rubric_markdown_parse        (const char      *text,
                                               gssize           len);
RubricRendering *rubric_markdown_render       (const char      *text,
                                               gssize           len);
RubricRendering *rubric_markdown_render_within (const char     *text,
                                               gssize           len,
                                               gint64           wait_us);
GArray          *rubric_markdown_align        (const char      *source,
                                               const char      *rendered);
void             rubric_markdown_balance_span (const char      *source,
                                               glong           *start,
                                               glong           *end);
gboolean         rubric_markdown_balance_span_within (const char *source,
                                                      glong      *start,
                                                      glong      *end,
                                                      gint64      wait_us);
void             rubric_block_free            (RubricBlock     *self);
void             rubric_rendering_free        (RubricRendering *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricBlock, rubric_block_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricRendering, rubric_rendering_free)

G_END_DECLS
