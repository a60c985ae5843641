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

struct _RubricMarkdownView
{
  GtkWidget  parent_instance;
  GtkWidget *box;
  char      *text;
};

G_DEFINE_FINAL_TYPE (RubricMarkdownView, rubric_markdown_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkWidget *render_block (RubricBlock *block);

static void
open_link_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       GtkWidget        *label)
{
  const char *uri = g_object_get_data (G_OBJECT (dialog), "uri");
  GtkRoot *root = gtk_widget_get_root (label);

  if (g_strcmp0 (response, "open") == 0)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

/* Text under review may carry any address: it is shown, and opened
 * only when the person agrees. */
static gboolean
activate_link_cb (GtkLabel   *label,
                  const char *uri,
                  gpointer    user_data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (label));
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                       _("Open Link?"), uri));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "open", _("_Open Link"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "open", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "uri", g_strdup (uri), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (open_link_response_cb), label, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static GtkWidget *
text_label (const char *markup)
{
  GtkWidget *label = gtk_label_new (NULL);
  g_autoptr(GError) error = NULL;

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_halign (label, GTK_ALIGN_FILL);

  if (pango_parse_markup (markup, -1, 0, NULL, NULL, NULL, &error))
    gtk_label_set_markup (GTK_LABEL (label), markup);
  else
    gtk_label_set_text (GTK_LABEL (label), markup);
  g_signal_connect (label, "activate-link", G_CALLBACK (activate_link_cb), NULL);
  return label;
}

static const char *
language_id (const char *info)
{
  static const struct { const char *alias, *id; } aliases[] = {
    { "py", "python3" }, { "python", "python3" }, { "sh", "sh" }, { "bash", "sh" }, { "shell", "sh" },
    { "console", "sh" }, { "js", "js" }, { "javascript", "js" }, { "ts", "typescript" },
    { "c++", "cpp" }, { "yml", "yaml" }, { "md", "markdown" }, { "rs", "rust" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      if (g_ascii_strcasecmp (info, aliases[i].alias) == 0)
        return aliases[i].id;
    }
  return info;
}

static void
update_scheme (GtkSourceBuffer *buffer)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  const char *id = adw_style_manager_get_dark (style) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static GtkWidget *
code_block (RubricBlock *block)
{
  g_autoptr(GtkSourceBuffer) buffer = gtk_source_buffer_new (NULL);
  GtkWidget *view = gtk_source_view_new_with_buffer (buffer);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  gsize len = block->text ? strlen (block->text) : 0;

  /* The fence's final newline is not part of the code. */
  if (len > 0 && block->text[len - 1] == '\n')
    len--;
  gtk_text_buffer_set_text (GTK_TEXT_BUFFER (buffer), block->text ? block->text : "", len);
  if (block->info != NULL)
    {
      GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
      GtkSourceLanguage *language = gtk_source_language_manager_get_language (languages, language_id (block->info));

      gtk_source_buffer_set_language (buffer, language);
    }
  gtk_source_buffer_set_highlight_matching_brackets (buffer, FALSE);
  update_scheme (buffer);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (update_scheme), buffer, G_CONNECT_SWAPPED);

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (view), 8);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 10);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (view), 10);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
  gtk_widget_add_css_class (scroller, "code-block");
  if (block->info != NULL)
    gtk_widget_set_tooltip_text (scroller, block->info);
  return scroller;
}

static void
render_children (GtkWidget   *box,
                 RubricBlock *block)
{
  for (guint i = 0; block->children != NULL && i < block->children->len; i++)
    {
      GtkWidget *child = render_block (g_ptr_array_index (block->children, i));

      if (child != NULL)
        gtk_box_append (GTK_BOX (box), child);
    }
}

static GtkWidget *
vertical_box (const char *css_class)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);

  if (css_class != NULL)
    gtk_widget_add_css_class (box, css_class);
  return box;
}

static GtkWidget *
list_block (RubricBlock *block)
{
  GtkWidget *box = vertical_box ("md-list");

  for (guint i = 0; block->children != NULL && i < block->children->len; i++)
    {
      RubricBlock *item = g_ptr_array_index (block->children, i);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *content = vertical_box (NULL);
      g_autofree char *marker = block->ordered ? g_strdup_printf ("%d.", block->level + (int) i) : g_strdup ("•");
      GtkWidget *bullet = gtk_label_new (marker);

      gtk_widget_set_valign (bullet, GTK_ALIGN_START);
      gtk_label_set_xalign (GTK_LABEL (bullet), 1.0f);
      gtk_widget_set_size_request (bullet, 18, -1);
      gtk_widget_add_css_class (bullet, "md-bullet");
      gtk_widget_set_hexpand (content, TRUE);
      render_children (content, item);
      gtk_box_append (GTK_BOX (row), bullet);
      gtk_box_append (GTK_BOX (row), content);
      gtk_box_append (GTK_BOX (box), row);
    }
  return box;
}

static GtkWidget *
table_block (RubricBlock *block)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_add_css_class (grid, "md-table");
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  for (guint r = 0; block->children != NULL && r < block->children->len; r++)
    {
      RubricBlock *row = g_ptr_array_index (block->children, r);

      for (guint c = 0; row->children != NULL && c < row->children->len; c++)
        {
          RubricBlock *cell = g_ptr_array_index (row->children, c);
          GtkWidget *label = text_label (cell->markup ? cell->markup : "");

          if (row->header)
            gtk_widget_add_css_class (label, "heading");
          gtk_grid_attach (GTK_GRID (grid), label, c, r, 1, 1);
        }
    }
  return grid;
}

static GtkWidget *
render_block (RubricBlock *block)
{
  static const char *heading_classes[] = { "title-3", "title-4", "heading", "heading", "heading", "heading" };
  GtkWidget *widget;

  switch (block->type)
    {
    case RUBRIC_BLOCK_PARAGRAPH:
      return text_label (block->markup);
    case RUBRIC_BLOCK_HEADING:
      widget = text_label (block->markup);
      gtk_widget_add_css_class (widget, heading_classes[CLAMP (block->level, 1, 6) - 1]);
      return widget;
    case RUBRIC_BLOCK_CODE:
      return code_block (block);
    case RUBRIC_BLOCK_HTML:
      widget = gtk_label_new (block->text);
      gtk_label_set_xalign (GTK_LABEL (widget), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
      gtk_label_set_selectable (GTK_LABEL (widget), TRUE);
      gtk_widget_add_css_class (widget, "monospace");
      gtk_widget_add_css_class (widget, "dim-label");
      return widget;
    case RUBRIC_BLOCK_RULE:
      return gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
    case RUBRIC_BLOCK_QUOTE:
      widget = vertical_box ("md-quote");
      render_children (widget, block);
      return widget;
    case RUBRIC_BLOCK_LIST:
      return list_block (block);
    case RUBRIC_BLOCK_TABLE:
      return table_block (block);
    case RUBRIC_BLOCK_DOCUMENT:
    case RUBRIC_BLOCK_ITEM:
      widget = vertical_box (NULL);
      render_children (widget, block);
      return widget;
    case RUBRIC_BLOCK_TABLE_ROW:
    case RUBRIC_BLOCK_TABLE_CELL:
    default:
      return NULL;
    }
}

static void
rubric_markdown_view_dispose (GObject *object)
{
  RubricMarkdownView *self = (RubricMarkdownView *) object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->text, g_free);

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

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdown");
}

static void
rubric_markdown_view_init (RubricMarkdownView *self)
{
}

GtkWidget *
rubric_markdown_view_new (void)
{
  return g_object_new (RUBRIC_TYPE_MARKDOWN_VIEW, NULL);
}

void
rubric_markdown_view_set_text (RubricMarkdownView *self,
                               const char         *text)
{
  g_autoptr(RubricBlock) document = NULL;

  g_return_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self));

  if (g_strcmp0 (text, self->text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  document = rubric_markdown_parse (text ? text : "", -1);
  self->box = render_block (document);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
rubric_markdown_view_get_text (RubricMarkdownView *self)
{
  g_return_val_if_fail (RUBRIC_IS_MARKDOWN_VIEW (self), NULL);
  return self->text;
}
