/* rubric-markdown-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-markdown-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rubric-markdown.h"
#include "rubric-markdown-view.h"

/*
 * Markdown goes into one text buffer with tags, not a widget per
 * block: a text view lays out what is on screen first, so a 200 KB
 * answer with hundreds of code blocks appears as fast as a short one.
 * Code is coloured by GtkSourceView after the first frame, a block at
 * a time, from helper buffers that stay alive per language (so each
 * language definition is parsed once, not once per task).
 */

#define INDENT_STEP 22
#define HIGHLIGHT_SLICE_US 4000
#define FIRST_CHARS 12000   /* more than a screenful, inserted at once */
#define CHUNK_CHARS 40000   /* the rest, a chunk per idle turn */

typedef struct
{
  int   start;
  int   end;
  char *language;
} CodeBlock;

typedef struct
{
  int          list_depth;
  int          quote_depth;
  const char  *marker;
} Context;

typedef struct
{
  int         start;
  int         end;
  GtkTextTag *tag;
} Span;

/* The document is written as plain text and tag spans first, then
 * goes into the buffer in one insert: far cheaper than an insert and
 * a tag at a time. */
typedef struct
{
  int   chars;
  gsize bytes;
} Boundary;

typedef struct
{
  GtkTextBuffer *buffer;
  GString       *text;
  int            chars;
  GArray        *spans;
  GArray        *code_blocks;
  GArray        *boundaries;  /* where blocks end: safe places to cut */
} Builder;

struct _RubricMarkdownView
{
  GtkTextView  parent_instance;
  char        *text;
  GArray      *code_blocks;
  guint        next_block;
  guint        highlight_source;

  /* What is still to be inserted, after the first screenfuls */
  GString     *pending_text;
  GArray      *pending_spans;
  GArray      *pending_boundaries;
  guint        next_boundary;
  Boundary     inserted;
  guint        fill_source;
};

G_DEFINE_FINAL_TYPE (RubricMarkdownView, rubric_markdown_view, GTK_TYPE_TEXT_VIEW)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void render_block (Builder *b, RubricBlock *block, Context *ctx);
static void clear_pending (RubricMarkdownView *self);

static void
code_block_clear (CodeBlock *block)
{
  g_free (block->language);
}

static int
append (Builder    *b,
        const char *text,
        gssize      len)
{
  int start = b->chars;

  if (len < 0)
    len = strlen (text);
  g_string_append_len (b->text, text, len);
  b->chars += g_utf8_strlen (text, len);
  return start;
}

static void
span (Builder    *b,
      int         start,
      GtkTextTag *tag)
{
  Span item = { start, b->chars, tag };

  if (tag != NULL && b->chars > start)
    g_array_append_val (b->spans, item);
}

static GtkTextTag *
tag_named (Builder    *b,
           const char *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (b->buffer), name);

  g_assert (tag != NULL);
  return tag;
}

/* Margins do not add up across tags: one tag per indentation. */
static GtkTextTag *
indent_tag (Builder       *b,
            const Context *ctx,
            gboolean       hanging)
{
  int margin = INDENT_STEP * ctx->list_depth + 16 * ctx->quote_depth;
  g_autofree char *name = g_strdup_printf ("indent-%d-%d-%d", margin, hanging, ctx->quote_depth > 0);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (b->buffer), name);

  if (tag != NULL)
    return tag;
  tag = gtk_text_buffer_create_tag (b->buffer, name, "left-margin", margin, "indent", hanging ? -16 : 0, NULL);
  if (ctx->quote_depth > 0)
    g_object_set (tag, "foreground", "#808080", "style", PANGO_STYLE_ITALIC, NULL);
  return tag;
}

/* Paragraph spacing is the view's; only indentation needs a tag. */
static void
end_block (Builder       *b,
           int            start,
           const Context *ctx)
{
  Boundary boundary;

  append (b, "\n", 1);
  if (ctx->list_depth > 0 || ctx->quote_depth > 0)
    span (b, start, indent_tag (b, ctx, ctx->marker != NULL));
  boundary.chars = b->chars;
  boundary.bytes = b->text->len;
  g_array_append_val (b->boundaries, boundary);
}

static void
insert_marker (Builder *b,
               Context *ctx)
{
  int start;

  if (ctx->marker == NULL)
    return;
  start = append (b, ctx->marker, -1);
  span (b, start, tag_named (b, "marker"));
}

static GtkTextTag *
link_tag (Builder    *b,
          const char *href)
{
  GtkTextTag *tag = gtk_text_buffer_create_tag (b->buffer, NULL, NULL);

  g_object_set_data_full (G_OBJECT (tag), "href", g_strdup (href), g_free);
  return tag;
}

static void
style_run (Builder     *b,
           int          start,
           RubricStyle  style,
           const char  *href)
{
  if (style & RUBRIC_STYLE_STRONG)
    span (b, start, tag_named (b, "strong"));
  if (style & RUBRIC_STYLE_EMPHASIS)
    span (b, start, tag_named (b, "emphasis"));
  if (style & RUBRIC_STYLE_STRIKE)
    span (b, start, tag_named (b, "strike"));
  if (style & RUBRIC_STYLE_CODE)
    span (b, start, tag_named (b, "code"));
  if (style & RUBRIC_STYLE_IMAGE)
    span (b, start, tag_named (b, "dim"));
  if (style & RUBRIC_STYLE_LINK)
    {
      span (b, start, tag_named (b, "link"));
      span (b, start, link_tag (b, href));
    }
}

/* A paragraph, heading or cell: its plain text with a tag per style. */
static void
insert_inline (Builder     *b,
               RubricBlock *block,
               GtkTextTag  *extra)
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
      style_run (b, start, run->style, run->href);
      done = run->end;
    }
  if (plain[done] != '\0')
    append (b, plain + done, -1);
  span (b, first, extra);
}

static void
render_text_block (Builder     *b,
                   RubricBlock *block,
                   GtkTextTag  *extra,
                   Context     *ctx)
{
  int start = b->chars;

  insert_marker (b, ctx);
  insert_inline (b, block, extra);
  end_block (b, start, ctx);
  ctx->marker = NULL;
}

static void
render_code (Builder     *b,
             RubricBlock *block,
             Context     *ctx)
{
  gsize len = block->text ? strlen (block->text) : 0;
  CodeBlock code = { 0 };
  int start = b->chars;
  const char *last_line;

  if (len > 0 && block->text[len - 1] == '\n')
    len--;
  insert_marker (b, ctx);
  ctx->marker = NULL;
  code.start = append (b, block->text ? block->text : "", len);
  code.end = b->chars;
  span (b, code.start, tag_named (b, "codeblock"));
  end_block (b, start, ctx);

  /* Lines of code sit close; the block as a whole keeps its spacing,
   * which a text view takes from the tags of its last line. */
  last_line = block->text ? g_strrstr_len (block->text, len, "\n") : NULL;
  span (b, last_line ? code.start + (int) g_utf8_strlen (block->text, last_line + 1 - block->text) : code.start,
        tag_named (b, "codeblock-end"));
  if (block->info != NULL)
    {
      code.language = g_strdup (block->info);
      g_array_append_val (b->code_blocks, code);
    }
}

static void
render_children (Builder     *b,
                 RubricBlock *block,
                 Context     *ctx)
{
  for (guint i = 0; block->children != NULL && i < block->children->len; i++)
    render_block (b, g_ptr_array_index (block->children, i), ctx);
}

static void
render_list (Builder     *b,
             RubricBlock *block,
             Context     *ctx)
{
  Context inner = *ctx;

  inner.list_depth++;
  for (guint i = 0; block->children != NULL && i < block->children->len; i++)
    {
      g_autofree char *marker = block->ordered ? g_strdup_printf ("%d.\u2002", block->level + (int) i)
                                               : g_strdup ("•\u2002");

      inner.marker = marker;
      render_children (b, g_ptr_array_index (block->children, i), &inner);
      inner.marker = NULL;
    }
}

/* Cells padded to their column's width, in monospace. */
static void
render_table (Builder     *b,
              RubricBlock *block,
              Context     *ctx)
{
  g_autoptr(GArray) widths = g_array_new (FALSE, TRUE, sizeof (glong));

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

          insert_inline (b, cell, row->header ? tag_named (b, "table-header") : NULL);
          if (c + 1 < row->children->len)
            append (b, spaces, -1);
        }
      span (b, start, tag_named (b, "table"));
      end_block (b, start, ctx);
    }
}

static void
render_block (Builder     *b,
              RubricBlock *block,
              Context     *ctx)
{
  static const char *headings[] = { "h1", "h2", "h3", "h4", "h4", "h4" };
  Context inner;
  int start;

  switch (block->type)
    {
    case RUBRIC_BLOCK_PARAGRAPH:
      render_text_block (b, block, NULL, ctx);
      break;
    case RUBRIC_BLOCK_HEADING:
      render_text_block (b, block, tag_named (b, headings[CLAMP (block->level, 1, 6) - 1]), ctx);
      break;
    case RUBRIC_BLOCK_CODE:
      render_code (b, block, ctx);
      break;
    case RUBRIC_BLOCK_HTML:
      start = append (b, block->text, -1);
      span (b, start, tag_named (b, "code"));
      span (b, start, tag_named (b, "dim"));
      end_block (b, start, ctx);
      break;
    case RUBRIC_BLOCK_RULE:
      start = append (b, "⸻", -1);
      span (b, start, tag_named (b, "dim"));
      end_block (b, start, ctx);
      break;
    case RUBRIC_BLOCK_QUOTE:
      inner = *ctx;
      inner.quote_depth++;
      render_children (b, block, &inner);
      ctx->marker = NULL;
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

/* Highlighting ---------------------------------------------------------- */

static const char *
language_id (const char *info)
{
  static const struct { const char *alias, *id; } aliases[] = {
    { "py", "python3" }, { "python", "python3" }, { "sh", "sh" }, { "bash", "sh" }, { "shell", "sh" },
    { "console", "sh" }, { "zsh", "sh" }, { "js", "js" }, { "javascript", "js" }, { "ts", "typescript" },
    { "c++", "cpp" }, { "yml", "yaml" }, { "md", "markdown" }, { "rs", "rust" }, { "golang", "go" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (g_ascii_strcasecmp (info, aliases[i].alias) == 0)
        return aliases[i].id;
    }
  return info;
}

static GtkSourceBuffer *
helper_for (const char *info)
{
  static GHashTable *helpers;
  const char *id = language_id (info);
  GtkSourceLanguage *language;
  GtkSourceBuffer *helper;

  if (helpers == NULL)
    helpers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  helper = g_hash_table_lookup (helpers, id);
  if (helper != NULL)
    return helper;
  language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (), id);
  if (language == NULL)
    return NULL;
  helper = gtk_source_buffer_new_with_language (language);
  g_hash_table_insert (helpers, g_strdup (id), helper);
  return helper;
}

static GtkTextTag *
colour_tag (GtkTextBuffer *buffer,
            GtkTextTag    *source)
{
  g_autofree char *colour = NULL;
  gboolean fg_set = FALSE, weight_set = FALSE, style_set = FALSE;
  GdkRGBA *rgba = NULL;
  int weight = PANGO_WEIGHT_NORMAL;
  PangoStyle style = PANGO_STYLE_NORMAL;
  g_autofree char *name = NULL;
  GtkTextTag *tag;

  g_object_get (source, "foreground-set", &fg_set, "foreground-rgba", &rgba, "weight-set", &weight_set,
                "weight", &weight, "style-set", &style_set, "style", &style, NULL);
  if (fg_set && rgba != NULL)
    colour = gdk_rgba_to_string (rgba);
  g_clear_pointer (&rgba, gdk_rgba_free);
  if (colour == NULL && !weight_set && !style_set)
    return NULL;

  name = g_strdup_printf ("hl:%s:%d:%d", colour ? colour : "", weight_set ? weight : 0, style_set ? (int) style : -1);
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);
  if (tag != NULL)
    return tag;
  tag = gtk_text_buffer_create_tag (buffer, name, NULL);
  if (colour != NULL)
    g_object_set (tag, "foreground", colour, NULL);
  if (weight_set)
    g_object_set (tag, "weight", weight, NULL);
  if (style_set)
    g_object_set (tag, "style", style, NULL);
  return tag;
}

static void
highlight_block (GtkTextBuffer   *buffer,
                 const CodeBlock *code)
{
  GtkSourceBuffer *helper = helper_for (code->language);
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *scheme = adw_style_manager_get_dark (adw_style_manager_get_default ()) ? "Adwaita-dark" : "Adwaita";
  g_autofree char *text = NULL;
  GtkTextIter start, end, it;

  if (helper == NULL)
    return;
  gtk_source_buffer_set_style_scheme (helper, gtk_source_style_scheme_manager_get_scheme (schemes, scheme));
  gtk_text_buffer_get_iter_at_offset (buffer, &start, code->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, code->end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (helper), text, -1);
  gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (helper), &start, &end);
  gtk_source_buffer_ensure_highlight (helper, &start, &end);

  for (it = start; !gtk_text_iter_is_end (&it);)
    {
      GtkTextIter next = it;
      g_autoptr(GSList) tags = gtk_text_iter_get_tags (&it);

      gtk_text_iter_forward_to_tag_toggle (&next, NULL);
      for (GSList *l = tags; l; l = l->next)
        {
          GtkTextTag *tag = colour_tag (buffer, l->data);
          GtkTextIter a, b;

          if (tag == NULL)
            continue;
          gtk_text_buffer_get_iter_at_offset (buffer, &a, code->start + gtk_text_iter_get_offset (&it));
          gtk_text_buffer_get_iter_at_offset (buffer, &b, code->start + gtk_text_iter_get_offset (&next));
          gtk_text_buffer_apply_tag (buffer, tag, &a, &b);
        }
      it = next;
    }
}

static gboolean
highlight_cb (gpointer user_data)
{
  RubricMarkdownView *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gint64 deadline = g_get_monotonic_time () + HIGHLIGHT_SLICE_US;

  while (self->next_block < self->code_blocks->len)
    {
      CodeBlock *code = &g_array_index (self->code_blocks, CodeBlock, self->next_block);

      /* Its text may not be in the buffer yet. */
      if (code->end > gtk_text_buffer_get_char_count (buffer))
        return G_SOURCE_CONTINUE;
      highlight_block (buffer, code);
      self->next_block++;
      if (g_get_monotonic_time () > deadline)
        return G_SOURCE_CONTINUE;
    }
  self->highlight_source = 0;
  return G_SOURCE_REMOVE;
}

/* Links --------------------------------------------------------------- */

static void
open_link_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       GtkWidget        *view)
{
  const char *uri = g_object_get_data (G_OBJECT (dialog), "uri");
  GtkRoot *root = gtk_widget_get_root (view);

  if (g_strcmp0 (response, "open") == 0)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static const char *
href_at (RubricMarkdownView *self,
         double              x,
         double              y)
{
  g_autoptr(GSList) tags = NULL;
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by))
    return NULL;
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l; l = l->next)
    {
      const char *href = g_object_get_data (l->data, "href");

      if (href != NULL)
        return href;
    }
  return NULL;
}

/* Text under review may carry any address: it is shown, and opened
 * only when the person agrees. */
static void
released_cb (GtkGestureClick    *gesture,
             int                 n_press,
             double              x,
             double              y,
             RubricMarkdownView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  const char *href = href_at (self, x, y);
  AdwMessageDialog *dialog;

  if (href == NULL || gtk_text_buffer_get_has_selection (buffer))
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Open Link?"), href));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "open", _("_Open Link"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "uri", g_strdup (href), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_link_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
motion_cb (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           RubricMarkdownView       *self)
{
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), href_at (self, x, y) ? "pointer" : NULL);
}

/* Overrides ----------------------------------------------------------- */

static void
create_tags (GtkTextBuffer *buffer)
{
  gtk_text_buffer_create_tag (buffer, "h1", "weight", PANGO_WEIGHT_BOLD, "scale", 1.4, "pixels-above-lines", 6, NULL);
  gtk_text_buffer_create_tag (buffer, "h2", "weight", PANGO_WEIGHT_BOLD, "scale", 1.25, "pixels-above-lines", 4, NULL);
  gtk_text_buffer_create_tag (buffer, "h3", "weight", PANGO_WEIGHT_BOLD, "scale", 1.1, NULL);
  gtk_text_buffer_create_tag (buffer, "h4", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "strong", "weight", PANGO_WEIGHT_BOLD, NULL);
  gtk_text_buffer_create_tag (buffer, "emphasis", "style", PANGO_STYLE_ITALIC, NULL);
  gtk_text_buffer_create_tag (buffer, "strike", "strikethrough", TRUE, NULL);
  gtk_text_buffer_create_tag (buffer, "code", "family", "monospace", "background", "rgba(128,128,128,0.16)", NULL);
  gtk_text_buffer_create_tag (buffer, "codeblock", "family", "monospace", "paragraph-background", "rgba(128,128,128,0.10)",
                              "wrap-mode", GTK_WRAP_CHAR, "left-margin", 26, "right-margin", 16,
                              "pixels-below-lines", 0, NULL);
  gtk_text_buffer_create_tag (buffer, "codeblock-end", "pixels-below-lines", 10, NULL);
  gtk_text_buffer_create_tag (buffer, "link", "foreground", "#3584e4", "underline", PANGO_UNDERLINE_SINGLE, NULL);
  gtk_text_buffer_create_tag (buffer, "dim", "foreground", "#808080", NULL);
  gtk_text_buffer_create_tag (buffer, "marker", "foreground", "#808080", NULL);
  gtk_text_buffer_create_tag (buffer, "table", "family", "monospace", NULL);
  gtk_text_buffer_create_tag (buffer, "table-header", "family", "monospace", "weight", PANGO_WEIGHT_BOLD, NULL);
}

static void
rubric_markdown_view_dispose (GObject *object)
{
  RubricMarkdownView *self = (RubricMarkdownView *) object;

  g_clear_handle_id (&self->highlight_source, g_source_remove);
  clear_pending (self);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->code_blocks, g_array_unref);

  G_OBJECT_CLASS (rubric_markdown_view_parent_class)->dispose (object);
}

static void
rubric_markdown_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RubricMarkdownView *self = RUBRIC_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_markdown_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RubricMarkdownView *self = RUBRIC_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      rubric_markdown_view_set_text (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_markdown_view_class_init (RubricMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_markdown_view_dispose;
  object_class->get_property = rubric_markdown_view_get_property;
  object_class->set_property = rubric_markdown_view_set_property;

  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "textview");
}

static void
rubric_markdown_view_init (RubricMarkdownView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, FALSE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_pixels_below_lines (view, 10);
  gtk_widget_add_css_class (GTK_WIDGET (self), "markdown");
  self->code_blocks = g_array_new (FALSE, TRUE, sizeof (CodeBlock));
  g_array_set_clear_func (self->code_blocks, (GDestroyNotify) code_block_clear);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect_object (motion, "motion", G_CALLBACK (motion_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
}

GtkWidget *
rubric_markdown_view_new (void)
{
  return g_object_new (RUBRIC_TYPE_MARKDOWN_VIEW, NULL);
}

/* Inserts the text up to @until and the spans that start before it. */
static void
insert_upto (RubricMarkdownView *self,
             GtkTextBuffer      *buffer,
             Boundary            until)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, self->pending_text->str + self->inserted.bytes,
                          until.bytes - self->inserted.bytes);
  for (guint i = 0; i < self->pending_spans->len; i++)
    {
      Span *item = &g_array_index (self->pending_spans, Span, i);

      if (item->start < self->inserted.chars || item->start >= until.chars)
        continue;
      gtk_text_buffer_get_iter_at_offset (buffer, &start, item->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, item->end);
      gtk_text_buffer_apply_tag (buffer, item->tag, &start, &end);
    }
  self->inserted = until;
}

static Boundary
boundary_after (RubricMarkdownView *self,
                int                 chars)
{
  while (self->next_boundary < self->pending_boundaries->len)
    {
      Boundary boundary = g_array_index (self->pending_boundaries, Boundary, self->next_boundary++);

      if (boundary.chars >= chars)
        return boundary;
    }
  return (Boundary) { g_utf8_strlen (self->pending_text->str, self->pending_text->len), self->pending_text->len };
}

static void
clear_pending (RubricMarkdownView *self)
{
  g_clear_handle_id (&self->fill_source, g_source_remove);
  if (self->pending_text != NULL)
    g_string_free (self->pending_text, TRUE);
  self->pending_text = NULL;
  g_clear_pointer (&self->pending_spans, g_array_unref);
  g_clear_pointer (&self->pending_boundaries, g_array_unref);
}

static gboolean
fill_cb (gpointer user_data)
{
  RubricMarkdownView *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  insert_upto (self, buffer, boundary_after (self, self->inserted.chars + CHUNK_CHARS));
  if (self->inserted.bytes < self->pending_text->len)
    return G_SOURCE_CONTINUE;
  self->fill_source = 0;
  clear_pending (self);
  return G_SOURCE_REMOVE;
}

void
rubric_markdown_view_set_text (RubricMarkdownView *self,
                               const char         *text)
{
  g_autoptr(RubricBlock) document = NULL;
  g_autoptr(GtkTextBuffer) buffer = NULL;
  Builder b = { 0 };
  Context ctx = { 0 };

  g_return_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self));

  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_handle_id (&self->highlight_source, g_source_remove);
  clear_pending (self);
  g_array_set_size (self->code_blocks, 0);
  self->next_block = 0;

  buffer = gtk_text_buffer_new (NULL);
  create_tags (buffer);
  b.buffer = buffer;
  b.text = g_string_new (NULL);
  b.spans = g_array_new (FALSE, FALSE, sizeof (Span));
  b.boundaries = g_array_new (FALSE, FALSE, sizeof (Boundary));
  b.code_blocks = self->code_blocks;
  document = rubric_markdown_parse (text ? text : "", -1);
  render_block (&b, document, &ctx);

  /* No empty line after the last block. */
  if (b.text->len > 0 && b.text->str[b.text->len - 1] == '\n')
    g_string_truncate (b.text, b.text->len - 1);
  self->pending_text = b.text;
  self->pending_spans = b.spans;
  self->pending_boundaries = b.boundaries;
  self->next_boundary = 0;
  self->inserted = (Boundary) { 0, 0 };

  /* The first screenfuls go in now, while detached, so the view lays
   * them out once; the rest follows a chunk per idle turn. */
  insert_upto (self, buffer, boundary_after (self, FIRST_CHARS));
  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self), buffer);
  if (self->inserted.bytes < self->pending_text->len)
    self->fill_source = g_idle_add (fill_cb, self);
  else
    clear_pending (self);

  if (self->code_blocks->len > 0)
    self->highlight_source = g_idle_add_full (G_PRIORITY_LOW, highlight_cb, self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
rubric_markdown_view_get_text (RubricMarkdownView *self)
{
  g_return_val_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self), NULL);
  return self->text;
}
