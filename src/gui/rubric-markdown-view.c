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
#define HIGHLIGHT_MAX_CHARS (256 * 1024) /* a longer block stays plain: colouring it would hold the window */
#define FIRST_CHARS 12000   /* more than a screenful, inserted at once */
#define CHUNK_CHARS 40000   /* the rest, a chunk per idle turn */
#define ASYNC_FROM (512 * 1024) /* what costs more is laid out on a thread */
#define WATCH_HEIGHT_US (G_USEC_PER_SEC * 3 / 2)
#define WATCH_HEIGHT_PERIOD_MS 50
#define TOP_MARK "rubric-top"
#define MAX_LAYOUTS_ASKED 8   /* 3⁸ screenfuls: far more than a prompt */
#define LAY_OUT_HEIGHT (1 << 20)  /* more than FIRST_CHARS of text can be high */
#define RETIRE_CHUNK_CHARS (64 * 1024)
#define REFILL_MAX_BYTES (48 * 1024)  /* texts a view shown may change to, and from, in place */
#define AHEAD_MIN_BYTES (16 * 1024)        /* texts worth rendering ahead */
#define AHEAD_MAX_BYTES ASYNC_FROM         /* parsed in ms: the window may have to wait for it */
#define MAIN_WAIT_US 20000                 /* for another thread's parse, before rendering on a thread */
#define KEPT_MAX 12                        /* renderings made ahead and kept */
#define KEPT_MAX_BYTES (16 * 1024 * 1024)   /* of text; its rendering takes a few times that */

struct _RubricMarkdownView
{
  GtkTextView      parent_instance;
  char            *text;
  GArray          *code_blocks;  /* RubricCodeRange */
  guint            next_block;
  guint            highlight_source;

  /* The document is laid out as text and marks first (by core, so
   * what a reader sees is tested there), then goes into the buffer
   * in one insert: far cheaper than an insert and a tag at a time.
   * What is still to be inserted, after the first screenfuls: */
  RubricRendering *pending;
  gboolean         own_buffer;    /* the buffer is one show_rendering() made */
  guint            next_boundary;
  guint            next_mark;     /* the first that ends past what is inserted */
  RubricBoundary   inserted;
  guint            fill_source;
  GCancellable    *rendering;   /* a long text laid out on a thread */
  gboolean         rendering_in_place;

  int              asked_height;
  int              checked_width;
  int              new_lines_width;  /* a new text laid out at, not yet allocated */
  gint64           watch_until;
  guint            height_source;
  guint            layouts_asked;
};

G_DEFINE_FINAL_TYPE (RubricMarkdownView, rubric_markdown_view, GTK_TYPE_TEXT_VIEW)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SHOWN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void clear_pending (RubricMarkdownView *self);

static void
code_range_clear (RubricCodeRange *range)
{
  g_free (range->language);
}

static GtkTextTag *
tag_named (GtkTextBuffer *buffer,
           const char    *name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);

  g_assert (tag != NULL);
  return tag;
}

/* Margins do not add up across tags: one tag per indentation. */
static GtkTextTag *
indent_tag (GtkTextBuffer    *buffer,
            const RubricMark *mark)
{
  int margin = INDENT_STEP * mark->level + 16 * mark->quote_depth;
  g_autofree char *name = g_strdup_printf ("indent-%d-%d-%d", margin, mark->hanging, mark->quote_depth > 0);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), name);

  if (tag != NULL)
    return tag;
  tag = gtk_text_buffer_create_tag (buffer, name, "left-margin", margin, "indent", mark->hanging ? -16 : 0, NULL);
  if (mark->quote_depth > 0)
    g_object_set (tag, "foreground", "#808080", "style", PANGO_STYLE_ITALIC, NULL);
  return tag;
}

static GtkTextTag *
link_tag (GtkTextBuffer *buffer,
          const char    *href)
{
  GtkTextTag *tag = gtk_text_buffer_create_tag (buffer, NULL, NULL);

  g_object_set_data_full (G_OBJECT (tag), "href", g_strdup (href), g_free);
  return tag;
}

static void
apply_mark (GtkTextBuffer    *buffer,
            const RubricMark *mark)
{
  static const char *headings[] = { "h1", "h2", "h3", "h4", "h4", "h4" };
  static const char *names[] = {
    [RUBRIC_MARK_STRONG] = "strong",
    [RUBRIC_MARK_EMPHASIS] = "emphasis",
    [RUBRIC_MARK_STRIKE] = "strike",
    [RUBRIC_MARK_CODE] = "code",
    [RUBRIC_MARK_DIM] = "dim",
    [RUBRIC_MARK_LINK] = "link",
    [RUBRIC_MARK_MARKER] = "marker",
    [RUBRIC_MARK_CODE_BLOCK] = "codeblock",
    [RUBRIC_MARK_CODE_BLOCK_END] = "codeblock-end",
    [RUBRIC_MARK_TABLE] = "table",
    [RUBRIC_MARK_TABLE_HEADER] = "table-header",
    [RUBRIC_MARK_CONTINUED] = "continued",
  };
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_offset (buffer, &start, mark->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, mark->end);
  switch (mark->kind)
    {
    case RUBRIC_MARK_HEADING:
      gtk_text_buffer_apply_tag (buffer, tag_named (buffer, headings[CLAMP (mark->level, 1, 6) - 1]), &start, &end);
      break;
    case RUBRIC_MARK_INDENT:
      gtk_text_buffer_apply_tag (buffer, indent_tag (buffer, mark), &start, &end);
      break;
    case RUBRIC_MARK_LINK:
      gtk_text_buffer_apply_tag (buffer, tag_named (buffer, names[mark->kind]), &start, &end);
      gtk_text_buffer_apply_tag (buffer, link_tag (buffer, mark->href), &start, &end);
      break;
    default:
      g_assert ((guint) mark->kind < G_N_ELEMENTS (names) && names[mark->kind] != NULL);
      gtk_text_buffer_apply_tag (buffer, tag_named (buffer, names[mark->kind]), &start, &end);
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
highlight_block (GtkTextBuffer         *buffer,
                 const RubricCodeRange *code)
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
      RubricCodeRange *code = &g_array_index (self->code_blocks, RubricCodeRange, self->next_block);

      /* Its text may not be in the buffer yet. */
      if (code->end > gtk_text_buffer_get_char_count (buffer))
        return G_SOURCE_CONTINUE;
      if (code->end - code->start <= HIGHLIGHT_MAX_CHARS)
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
  /* Code, links and tables are cut where the line is full, inside a
   * word if need be, with no hyphen added there: in code, a hyphen
   * reads as a minus ("inventory_r-ecords"), in an address as part of
   * it. */
  gtk_text_buffer_create_tag (buffer, "code", "family", "monospace", "background", "rgba(128,128,128,0.16)",
                              "insert-hyphens", FALSE, NULL);
  gtk_text_buffer_create_tag (buffer, "codeblock", "family", "monospace", "paragraph-background", "rgba(128,128,128,0.10)",
                              "wrap-mode", GTK_WRAP_CHAR, "left-margin", 26, "right-margin", 16,
                              "pixels-below-lines", 0, "insert-hyphens", FALSE, NULL);
  gtk_text_buffer_create_tag (buffer, "codeblock-end", "pixels-below-lines", 10, NULL);
  gtk_text_buffer_create_tag (buffer, "link", "foreground", "#3584e4", "underline", PANGO_UNDERLINE_SINGLE,
                              "insert-hyphens", FALSE, NULL);
  gtk_text_buffer_create_tag (buffer, "dim", "foreground", "#808080", NULL);
  /* As GitHub draws them, in the text's colour: a number may be all
   * there is ("1945." is an empty item numbered 1945). */
  gtk_text_buffer_create_tag (buffer, "marker", NULL);
  gtk_text_buffer_create_tag (buffer, "table", "family", "monospace", "insert-hyphens", FALSE, NULL);
  gtk_text_buffer_create_tag (buffer, "table-header", "family", "monospace", "weight", PANGO_WEIGHT_BOLD,
                              "insert-hyphens", FALSE, NULL);
  /* Last, to win: a line cut short is not a paragraph's end. */
  gtk_text_buffer_create_tag (buffer, "continued", "pixels-below-lines", 0, NULL);
}

/* Freeing a text buffer takes each of its tags off the whole text, one
 * tag at a time: a 16 MB response's buffer took a quarter of a second
 * to free, all of it on the next task's way to the screen. A long
 * buffer that is done with is emptied a stretch per idle turn instead,
 * and freed when little is left. */
static GQueue retired = G_QUEUE_INIT;
static guint retire_source;

static gboolean
retire_cb (gpointer user_data)
{
  GtkTextBuffer *buffer = g_queue_peek_head (&retired);
  GtkTextIter start, end;

  if (buffer == NULL)
    {
      retire_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (gtk_text_buffer_get_char_count (buffer) <= RETIRE_CHUNK_CHARS)
    {
      g_object_unref (g_queue_pop_head (&retired));
      return G_SOURCE_CONTINUE;
    }
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_get_iter_at_offset (buffer, &end, RETIRE_CHUNK_CHARS);
  gtk_text_buffer_delete (buffer, &start, &end);
  return G_SOURCE_CONTINUE;
}

/* Takes @buffer, which no view shows any more. */
static void
retire_buffer (GtkTextBuffer *buffer)
{
  if (buffer == NULL)
    return;
  if (gtk_text_buffer_get_char_count (buffer) <= RETIRE_CHUNK_CHARS)
    {
      g_object_unref (buffer);
      return;
    }
  /* What is deleted must not go to the undo history. */
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  g_queue_push_tail (&retired, buffer);
  if (retire_source == 0)
    retire_source = g_idle_add_full (G_PRIORITY_LOW, retire_cb, NULL, NULL);
}

/* Shows @buffer in place of the view's, which is retired. */
static void
replace_buffer (RubricMarkdownView *self,
                GtkTextBuffer      *buffer)
{
  GtkTextBuffer *old = g_object_ref (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));

  gtk_text_view_set_buffer (GTK_TEXT_VIEW (self), buffer);
  retire_buffer (old);
}

static void
rubric_markdown_view_dispose (GObject *object)
{
  RubricMarkdownView *self = (RubricMarkdownView *) object;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  g_clear_handle_id (&self->highlight_source, g_source_remove);
  g_clear_handle_id (&self->height_source, g_source_remove);
  clear_pending (self);
  g_cancellable_cancel (self->rendering);
  g_clear_object (&self->rendering);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->code_blocks, g_array_unref);
  /* The text view lets go of its buffer as it is disposed. */
  if (buffer != NULL && gtk_text_buffer_get_char_count (buffer) > RETIRE_CHUNK_CHARS)
    {
      g_object_ref (buffer);
      G_OBJECT_CLASS (rubric_markdown_view_parent_class)->dispose (object);
      retire_buffer (buffer);
      return;
    }

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

/* A view in a scrolled window of its own is as high as the window,
 * not its text. */
static gboolean
scrolls_itself (RubricMarkdownView *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return GTK_IS_SCROLLED_WINDOW (parent) && !gtk_scrolled_window_get_propagate_natural_height (GTK_SCROLLED_WINDOW (parent));
}

/* Whether the text's last line is within the height the view says it
 * needs. */
static gboolean
laid_out (RubricMarkdownView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter end;
  GdkRectangle last;
  int natural = 0;

  gtk_text_buffer_get_end_iter (gtk_text_view_get_buffer (view), &end);
  gtk_text_view_get_iter_location (view, &end, &last);
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (GTK_WIDGET (self)),
                      NULL, &natural, NULL, NULL);
  return last.y + last.height <= natural;
}

/* Whether the view is as high as its text, where that is its height. */
static gboolean
sized_to_text (RubricMarkdownView *self)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int natural = 0;

  if (scrolls_itself (self))
    return TRUE;
  if (width <= 0)
    return FALSE;
  gtk_widget_measure (GTK_WIDGET (self), GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
  return natural == gtk_widget_get_height (GTK_WIDGET (self)) || natural == self->asked_height;
}

/* A text view knows its height only once it has laid its text out, a
 * screenful at allocation and the rest in idle time; the resize it then
 * asks for may be lost while a parent is being allocated (GTK 4.8), and
 * a prompt outside a scrolled window of its own stayed 0 pixels high,
 * or guidelines one line. So for a while after new text, the view
 * checks that it got the height its text needs, and asks again if not
 * (for a second and a half after the last change: lines are laid out
 * in idle time);
 * once per height, so a parent that gives less on purpose is not asked
 * forever. */
static gboolean
check_height_cb (gpointer user_data)
{
  RubricMarkdownView *self = user_data;
  GtkWidget *widget = GTK_WIDGET (self);

  /* A view lays its lines out beyond its height only in idle time,
   * which a window repainting without pause (a blinking cursor, on a
   * slow machine) puts off for good: its height then stays what its
   * first screenful needs. The last line, laid out on demand, says how
   * far down the text goes; while that is below the height the view
   * says it needs, a change of style has the layout redone and
   * scrolling to the top lays out twice the height from there at once:
   * the height grows threefold a turn. */
  if (gtk_widget_get_width (widget) > 0 && !scrolls_itself (self) && self->layouts_asked < MAX_LAYOUTS_ASKED &&
      !laid_out (self))
    {
      GtkTextView *view = GTK_TEXT_VIEW (self);
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
      GtkTextMark *top = gtk_text_buffer_get_mark (buffer, TOP_MARK);
      int pixels = gtk_text_view_get_pixels_below_lines (view);

      if (top == NULL)
        {
          GtkTextIter start;

          gtk_text_buffer_get_start_iter (buffer, &start);
          top = gtk_text_buffer_create_mark (buffer, TOP_MARK, &start, TRUE);
        }
      gtk_text_view_set_pixels_below_lines (view, pixels + 1);
      gtk_text_view_set_pixels_below_lines (view, pixels);
      gtk_text_view_scroll_to_mark (view, top, 0, TRUE, 0, 0);
      self->layouts_asked++;
    }
  if (!sized_to_text (self))
    {
      int natural = 0;

      gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (widget), NULL, &natural, NULL, NULL);
      self->asked_height = natural;
      self->watch_until = g_get_monotonic_time () + WATCH_HEIGHT_US;
      gtk_widget_queue_resize (widget);
    }
  else if (self->pending == NULL && g_get_monotonic_time () > self->watch_until)
    {
      self->height_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
watch_height (RubricMarkdownView *self)
{
  self->asked_height = -1;
  self->layouts_asked = 0;
  self->watch_until = g_get_monotonic_time () + WATCH_HEIGHT_US;
  /* A timer, not a tick callback: frame after frame would starve the
   * idle in which the view lays its lines out. */
  if (self->height_source == 0)
    self->height_source = g_timeout_add (WATCH_HEIGHT_PERIOD_MS, check_height_cb, self);
}

/* GTK 4.8 lays each line of a new text out twice before the frame that
 * shows it: for its height, when the view validates the lines it shows
 * (that layout is not kept), and again in full to draw them. A line
 * already laid out in full is laid out once: its height is taken from
 * the layout kept. So the lines the view will show, down to @height,
 * are laid out in full first (asking where a line starts and ends lays
 * it out in full; a line laid out already costs a lookup). Nothing for
 * a view not allocated (it has no width to wrap at) or scrolled down
 * (its first lines are not the ones shown). */
static void
lay_out_shown_lines (RubricMarkdownView *self,
                     int                 height)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self));
  GtkTextIter line;
  int y = 0;

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0 ||
      (vadjustment != NULL && gtk_adjustment_get_value (vadjustment) > 0))
    return;
  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (view), &line);
  do
    {
      GtkTextIter end = line;
      GdkRectangle first, last;

      gtk_text_view_get_iter_location (view, &line, &first);
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      gtk_text_view_get_iter_location (view, &end, &last);
      y += last.y + last.height - first.y;
    }
  while (y < height && gtk_text_iter_forward_line (&line));
}

/* Before a frame, a text view lays out only the lines that fit in the
 * height it was last given (GTK 4.8: the lines after count 0 pixels
 * until idle time after the frame; none for a view never allocated). A
 * text taller than the one before was drawn cut off for a frame, and
 * what is below the view jumped down a moment later; a shorter one left
 * a gap. So a view as high as its text, given a short text whole (no
 * longer than FIRST_CHARS), lays it all out at once: the allocation of
 * a text view lays out what fits in its height, so it is allocated once
 * at @width and a height no such text reaches, then asks for its size
 * anew. */
static void
lay_out_whole (RubricMarkdownView *self,
               int                 width)
{
  GtkWidget *widget = GTK_WIDGET (self);

  if (width <= 0 || self->pending != NULL || self->rendering != NULL || scrolls_itself (self))
    return;
  GTK_WIDGET_CLASS (rubric_markdown_view_parent_class)->size_allocate (widget, width, LAY_OUT_HEIGHT, -1);
  gtk_widget_queue_resize (widget);
}

/**
 * rubric_markdown_view_lay_out_at:
 * @width: the width the view will be allocated
 *
 * Lays the text of a view not yet allocated out at @width (that of a
 * view beside it), so that the first frame it is in draws it whole at
 * its height. Nothing for a view that is allocated (it lays a new text
 * out at its own width), one that scrolls itself, or a long text.
 */
void
rubric_markdown_view_lay_out_at (RubricMarkdownView *self,
                                 int                 width)
{
  g_return_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self));

  if (gtk_widget_get_width (GTK_WIDGET (self)) <= 0)
    lay_out_whole (self, width);
}

static void
rubric_markdown_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  RubricMarkdownView *self = RUBRIC_MARKDOWN_VIEW (widget);

  /* A view that scrolls itself may be given more height than it had
   * when its text came: the lines that now show too (at a new width,
   * the view lays every line out anew). */
  if (self->new_lines_width == width && scrolls_itself (self))
    lay_out_shown_lines (self, height);
  self->new_lines_width = 0;
  GTK_WIDGET_CLASS (rubric_markdown_view_parent_class)->size_allocate (widget, width, height, baseline);
  /* A new width wraps the text anew. */
  if (width != self->checked_width)
    {
      self->checked_width = width;
      watch_height (self);
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

  /**
   * RubricMarkdownView::shown:
   *
   * The whole text is in the buffer: a long one arrives later than
   * rubric_markdown_view_set_text() returns (laid out on a thread, or
   * inserted a chunk at a time), and what marks ranges of it waits.
   */
  signals[SHOWN] = g_signal_new ("shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "textview");
  widget_class->size_allocate = rubric_markdown_view_size_allocate;
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
  self->code_blocks = g_array_new (FALSE, TRUE, sizeof (RubricCodeRange));
  g_array_set_clear_func (self->code_blocks, (GDestroyNotify) code_range_clear);

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

/* Inserts the text up to @until and the marks that start before it. */
static void
insert_upto (RubricMarkdownView *self,
             GtkTextBuffer      *buffer,
             RubricBoundary      until)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, self->pending->text->str + self->inserted.bytes,
                          until.bytes - self->inserted.bytes);
  /* Marks end in order; one may go on past @until (a paragraph cut
   * into lines) and gets the rest of its text with the next chunk. */
  while (self->next_mark < self->pending->marks->len &&
         g_array_index (self->pending->marks, RubricMark, self->next_mark).end <= self->inserted.chars)
    self->next_mark++;
  for (guint i = self->next_mark; i < self->pending->marks->len; i++)
    {
      RubricMark item = g_array_index (self->pending->marks, RubricMark, i);

      if (item.start >= until.chars || item.end <= self->inserted.chars)
        continue;
      item.start = MAX (item.start, self->inserted.chars);
      item.end = MIN (item.end, until.chars);
      apply_mark (buffer, &item);
    }
  self->inserted = until;
}

static RubricBoundary
boundary_after (RubricMarkdownView *self,
                int                 chars)
{
  GString *text = self->pending->text;

  while (self->next_boundary < self->pending->boundaries->len)
    {
      RubricBoundary boundary = g_array_index (self->pending->boundaries, RubricBoundary, self->next_boundary++);

      if (boundary.chars >= chars)
        return boundary;
    }
  return (RubricBoundary) { g_utf8_strlen (text->str, text->len), text->len };
}

static void
clear_pending (RubricMarkdownView *self)
{
  g_clear_handle_id (&self->fill_source, g_source_remove);
  g_clear_pointer (&self->pending, rubric_rendering_free);
}

static gboolean
fill_cb (gpointer user_data)
{
  RubricMarkdownView *self = user_data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  insert_upto (self, buffer, boundary_after (self, self->inserted.chars + CHUNK_CHARS));
  if (self->inserted.bytes < self->pending->text->len)
    return G_SOURCE_CONTINUE;
  self->fill_source = 0;
  clear_pending (self);
  g_signal_emit (self, signals[SHOWN], 0);
  return G_SOURCE_REMOVE;
}

/* A buffer's links each have a tag of their own: they go with the
 * text. */
static void
collect_link_tag (GtkTextTag *tag,
                  gpointer    data)
{
  if (g_object_get_data (G_OBJECT (tag), "href") != NULL)
    *(GSList **) data = g_slist_prepend (*(GSList **) data, tag);
}

static void
forget_links (GtkTextBuffer *buffer)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GSList *links = NULL;

  gtk_text_tag_table_foreach (table, collect_link_tag, &links);
  for (GSList *l = links; l != NULL; l = l->next)
    gtk_text_tag_table_remove (table, l->data);
  g_slist_free (links);
}

/* Renderings made ahead --------------------------------------------
 *
 * Parsing a long answer is most of what showing it costs: two answers
 * of 200 KB took 15–25 ms of the 30 the next task took. The window
 * knows what comes next while the person reads, so it has the texts of
 * the next task rendered on a thread and hands the renderings here
 * (rubric_markdown_view_keep_rendering()); a view given one of those
 * texts takes its rendering as it is. They are kept in the order
 * given, the oldest dropped first, and each is used once, since a view
 * takes it over. */

typedef struct
{
  char            *text;
  gsize            len;
  RubricRendering *rendering;
} Kept;

static GQueue kept = G_QUEUE_INIT;   /* Kept, oldest first */
static gsize kept_bytes;
static guint kept_taken;

static void
kept_free (Kept *item)
{
  kept_bytes -= item->len;
  g_free (item->text);
  g_clear_pointer (&item->rendering, rubric_rendering_free);
  g_free (item);
}

static GList *
find_kept (const char *text,
           gsize       len)
{
  for (GList *l = kept.head; l != NULL; l = l->next)
    {
      Kept *item = l->data;

      if (item->len == len && memcmp (item->text, text, len) == 0)
        return l;
    }
  return NULL;
}

/**
 * rubric_markdown_view_worth_rendering_ahead:
 * @text: (nullable): a text a view may be given soon
 *
 * Whether rendering @text ahead, on a thread, spares a view noticeable
 * time: a short text is rendered in well under a millisecond, and one
 * of megabytes is laid out on a thread by the view anyway (and would
 * hold the parser, which the window may be waiting for).
 */
gboolean
rubric_markdown_view_worth_rendering_ahead (const char *text)
{
  gsize len = text ? strlen (text) : 0;

  return len >= AHEAD_MIN_BYTES && len <= AHEAD_MAX_BYTES;
}

/**
 * rubric_markdown_view_keep_rendering:
 * @text: (transfer full): the text rendered
 * @rendering: (transfer full): rubric_markdown_render() of @text
 *
 * Keeps @rendering for the next view given @text, which then shows it
 * without parsing @text. Call from the main thread.
 */
void
rubric_markdown_view_keep_rendering (char            *text,
                                     RubricRendering *rendering)
{
  Kept *item = g_new0 (Kept, 1);
  GList *known;

  item->len = strlen (text);
  if ((known = find_kept (text, item->len)) != NULL)
    {
      kept_free (known->data);
      g_queue_delete_link (&kept, known);
    }
  item->text = text;
  item->rendering = rendering;
  g_queue_push_tail (&kept, item);
  kept_bytes += item->len;
  while (kept.length > KEPT_MAX || (kept_bytes > KEPT_MAX_BYTES && kept.length > 1))
    kept_free (g_queue_pop_head (&kept));
}

/* The rendering of @text made ahead, if there is one: the caller's. */
static RubricRendering *
take_kept (const char *text,
           gsize       len)
{
  GList *known = len >= AHEAD_MIN_BYTES ? find_kept (text, len) : NULL;
  RubricRendering *rendering;

  if (known == NULL)
    return NULL;
  rendering = g_steal_pointer (&((Kept *) known->data)->rendering);
  kept_free (known->data);
  g_queue_delete_link (&kept, known);
  kept_taken++;
  return rendering;
}

/* How many views have shown a rendering made ahead: for the tests. */
guint
_rubric_markdown_view_get_n_taken_ahead (void)
{
  return kept_taken;
}

/* Whether the view's text can change to @text in its own buffer: both
 * are short. A new text takes the next task about 2 ms less to show in
 * a view already there than in a new view (which, unlike a kept one,
 * may be given a new buffer: GtkTextView 4.8 sometimes crashed drawing
 * a view whose buffer had been replaced, in its line cache). */
static gboolean
refills_in_place (RubricMarkdownView *self,
                  const char         *text)
{
  return self->own_buffer && self->rendering == NULL &&
         (self->text == NULL || strlen (self->text) <= REFILL_MAX_BYTES) &&
         (text == NULL || strlen (text) <= REFILL_MAX_BYTES);
}

/* Shows a text laid out: the first screenfuls now, the rest a chunk per
 * idle turn. A new buffer is filled while it is detached, so the view
 * lays it out once; a short text goes into the buffer there is. */
static void
show_rendering (RubricMarkdownView *self,
                RubricRendering    *rendering,
                gboolean            in_place)
{
  g_autoptr(GtkTextBuffer) buffer = NULL;

  if (in_place)
    {
      buffer = g_object_ref (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
      forget_links (buffer);
      gtk_text_buffer_set_text (buffer, "", 0);
    }
  else
    {
      buffer = gtk_text_buffer_new (NULL);
      /* What the view shows is no edit to undo. */
      gtk_text_buffer_set_enable_undo (buffer, FALSE);
      create_tags (buffer);
    }
  self->pending = rendering;
  g_clear_pointer (&self->code_blocks, g_array_unref);
  self->code_blocks = g_steal_pointer (&self->pending->code_blocks);
  self->next_boundary = 0;
  self->next_mark = 0;
  self->inserted = (RubricBoundary) { 0, 0 };

  insert_upto (self, buffer, boundary_after (self, FIRST_CHARS));
  if (!in_place)
    {
      replace_buffer (self, buffer);
      self->own_buffer = TRUE;
    }
  if (self->inserted.bytes < self->pending->text->len)
    self->fill_source = g_idle_add (fill_cb, self);
  else
    {
      clear_pending (self);
      g_signal_emit (self, signals[SHOWN], 0);
    }

  if (self->code_blocks->len > 0)
    self->highlight_source = g_idle_add_full (G_PRIORITY_LOW, highlight_cb, self, NULL);
  /* A view as high as its text shows the whole of a short one. */
  if (scrolls_itself (self) || self->pending != NULL)
    lay_out_shown_lines (self, gtk_widget_get_height (GTK_WIDGET (self)));
  else
    lay_out_shown_lines (self, G_MAXINT);
  self->new_lines_width = gtk_widget_get_width (GTK_WIDGET (self));
  lay_out_whole (self, self->new_lines_width);
  watch_height (self);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_task_return_pointer (task, rubric_markdown_render (task_data, -1), (GDestroyNotify) rubric_rendering_free);
}

static void
rendered_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RubricMarkdownView *self = RUBRIC_MARKDOWN_VIEW (object);
  RubricRendering *rendering = g_task_propagate_pointer (G_TASK (result), NULL);

  /* Another text came meanwhile: this one is no longer wanted. */
  if (g_task_get_cancellable (G_TASK (result)) != self->rendering || rendering == NULL)
    {
      g_clear_pointer (&rendering, rubric_rendering_free);
      return;
    }
  g_clear_object (&self->rendering);
  show_rendering (self, rendering, self->rendering_in_place);
  /* Laid out while the view was already allocated: its size is asked
   * anew, for the text that is there now. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* What laying @text out costs, in bytes of plain text: a table cell
 * costs several times its characters. */
static gsize
layout_cost (const char *text,
             gsize       len)
{
  gsize cost = len;

  for (const char *p = memchr (text, '|', len); p != NULL; p = memchr (p + 1, '|', text + len - p - 1))
    cost += 4;
  return cost;
}

void
rubric_markdown_view_set_text (RubricMarkdownView *self,
                               const char         *text)
{
  gsize len = text ? strlen (text) : 0;
  RubricRendering *rendering;
  gboolean long_layout;
  gboolean in_place;

  g_return_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self));

  if (g_strcmp0 (text, self->text) == 0)
    return;
  in_place = refills_in_place (self, text);
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_handle_id (&self->highlight_source, g_source_remove);
  clear_pending (self);
  g_cancellable_cancel (self->rendering);
  g_clear_object (&self->rendering);
  self->next_block = 0;

  /* Laying out a very long text (half a MB of prose, a table of
   * thousands of rows) takes longer than the window may freeze: it goes
   * to a thread, and the view is empty until it is back, a fraction of
   * a second later. So does a text whose parse would wait long for a
   * thread's (see rubric_markdown_render_within()). Anything else, or a
   * text rendered ahead, is shown at once. */
  long_layout = len > ASYNC_FROM / 4 && layout_cost (text, len) > ASYNC_FROM;
  if ((rendering = take_kept (text, len)) == NULL && !long_layout)
    rendering = rubric_markdown_render_within (text ? text : "", -1, MAIN_WAIT_US);
  if (rendering != NULL)
    show_rendering (self, rendering, in_place);
  else
    {
      g_autoptr(GTask) task = NULL;

      /* A view shown keeps its buffer (see refills_in_place()). */
      if (in_place)
        {
          GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

          forget_links (buffer);
          gtk_text_buffer_set_text (buffer, "", 0);
        }
      else
        {
          g_autoptr(GtkTextBuffer) empty = gtk_text_buffer_new (NULL);

          replace_buffer (self, empty);
          self->own_buffer = FALSE;
        }
      self->rendering_in_place = in_place;
      self->rendering = g_cancellable_new ();
      task = g_task_new (self, self->rendering, rendered_cb, NULL);
      g_task_set_task_data (task, g_strdup (text ? text : ""), g_free);
      g_task_run_in_thread (task, render_thread);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

/**
 * rubric_markdown_view_can_show_in_place:
 * @text: (nullable): a text the view may show next
 *
 * Whether rubric_markdown_view_set_text() would show @text in the
 * buffer the view has (the text shown and @text are short), rather
 * than in a new one. A view that has been drawn should only be given
 * a new text in place: give a long text a new view.
 */
gboolean
rubric_markdown_view_can_show_in_place (RubricMarkdownView *self,
                                        const char         *text)
{
  g_return_val_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self), FALSE);
  return g_strcmp0 (text, self->text) == 0 || refills_in_place (self, text);
}

const char *
rubric_markdown_view_get_text (RubricMarkdownView *self)
{
  g_return_val_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self), NULL);
  return self->text;
}

/* Whether the whole text is in the buffer (see ::shown). */
gboolean
rubric_markdown_view_is_shown (RubricMarkdownView *self)
{
  g_return_val_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self), FALSE);
  return self->rendering == NULL && self->pending == NULL;
}
