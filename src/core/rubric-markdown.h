/* rubric-markdown.h — markdown to a tree of blocks the UI can draw
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

RubricBlock *rubric_markdown_parse (const char  *text,
                                    gssize       len);
GArray      *rubric_markdown_align (const char  *source,
                                    const char  *rendered);
void         rubric_block_free     (RubricBlock *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricBlock, rubric_block_free)

G_END_DECLS
