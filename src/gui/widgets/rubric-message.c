/* rubric-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-message"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-message.h"

struct _RubricMessage
{
  GtkWidget           parent_instance;

  GtkLabel           *role;
  RubricMarkdownView *body;
  char               *css_class;  /* the role's, as given */

  /* A long text scrolls in a window of its own, as high as the view the
   * conversation is in (NULL for a short one). */
  GtkScrolledWindow  *scroller;
  GtkAdjustment      *outer;      /* page of the scrolled window around */
  guint               fit_source;
};

G_DEFINE_FINAL_TYPE (RubricMessage, rubric_message, GTK_TYPE_WIDGET)

/* A text view lays out and draws everything within its height. Inside
 * the conversation's scrolled window that height is the whole text, so
 * a prompt of megabytes had every line laid out and drawn, and each
 * stretch laid out in idle time re-allocated the whole page: the
 * window froze for over a second. Past this size the text scrolls in a
 * view of its own, which lays out and draws a screenful. */
#define LONG_MESSAGE_BYTES (64 * 1024)
#define LONG_MESSAGE_MIN_HEIGHT 160
#define LONG_MESSAGE_ROOM 48     /* the role above and the margins */

static gboolean
is_long (const char *text)
{
  return text != NULL && strlen (text) > LONG_MESSAGE_BYTES;
}

static void
rubric_message_dispose (GObject *object)
{
  RubricMessage *self = RUBRIC_MESSAGE (object);
  GtkWidget *child;

  if (self->outer != NULL)
    g_signal_handlers_disconnect_by_data (self->outer, self);
  g_clear_object (&self->outer);
  g_clear_handle_id (&self->fit_source, g_source_remove);
  if (self->scroller != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->scroller));
      self->scroller = NULL;
    }
  g_clear_pointer (&self->css_class, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_MESSAGE);
  /* A body made for a later turn (rubric_message_reuse) is not the
   * template's. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (rubric_message_parent_class)->dispose (object);
}

/* The long text's view is as high as what the conversation shows: the
 * scrolled window around it, or the cap it grows up to. */
static GtkWidget *
outer_scroller (RubricMessage *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  return parent ? gtk_widget_get_ancestor (parent, GTK_TYPE_SCROLLED_WINDOW) : NULL;
}

static void
fit_scroller (RubricMessage *self)
{
  GtkWidget *outer = outer_scroller (self);
  int room = 0;
  int height;

  if (outer != NULL && gtk_scrolled_window_get_propagate_natural_height (GTK_SCROLLED_WINDOW (outer)))
    room = gtk_scrolled_window_get_max_content_height (GTK_SCROLLED_WINDOW (outer));
  if (outer != NULL && room <= 0)
    room = gtk_widget_get_height (outer);
  height = MAX (LONG_MESSAGE_MIN_HEIGHT, room - LONG_MESSAGE_ROOM);
  if (height != gtk_scrolled_window_get_min_content_height (self->scroller))
    {
      /* In that order: the minimum may never be above the maximum. */
      if (height > gtk_scrolled_window_get_max_content_height (self->scroller))
        {
          gtk_scrolled_window_set_max_content_height (self->scroller, height);
          gtk_scrolled_window_set_min_content_height (self->scroller, height);
        }
      else
        {
          gtk_scrolled_window_set_min_content_height (self->scroller, height);
          gtk_scrolled_window_set_max_content_height (self->scroller, height);
        }
    }
}

static gboolean
fit_scroller_cb (gpointer user_data)
{
  RubricMessage *self = user_data;

  self->fit_source = 0;
  fit_scroller (self);
  return G_SOURCE_REMOVE;
}

/* The page size changes while the scrolled window around is allocated,
 * and a resize asked for then is dropped (GTK 4.8): the new height is
 * set right after, before the next layout. */
static void
queue_fit (RubricMessage *self)
{
  if (self->fit_source == 0)
    self->fit_source = g_idle_add_full (GTK_PRIORITY_RESIZE - 1, fit_scroller_cb, self, NULL);
}

static void
rubric_message_root (GtkWidget *widget)
{
  RubricMessage *self = RUBRIC_MESSAGE (widget);
  GtkWidget *outer;

  GTK_WIDGET_CLASS (rubric_message_parent_class)->root (widget);
  if (self->scroller == NULL)
    return;
  outer = outer_scroller (self);
  if (outer != NULL && self->outer == NULL)
    {
      /* The page size follows the scrolled window's height; the cap is
       * set as the page is allocated. */
      self->outer = g_object_ref (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (outer)));
      g_signal_connect_object (self->outer, "notify::page-size", G_CALLBACK (queue_fit), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (outer, "notify::max-content-height", G_CALLBACK (queue_fit), self,
                               G_CONNECT_SWAPPED);
    }
  fit_scroller (self);
}

static void
rubric_message_class_init (RubricMessageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_message_dispose;
  widget_class->root = rubric_message_root;

  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-message.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricMessage, role);
  gtk_widget_class_bind_template_child (widget_class, RubricMessage, body);
  gtk_widget_class_set_css_name (widget_class, "message");
}

static void
rubric_message_init (RubricMessage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * rubric_message_new:
 * @css_class: the role as a style class: system, user, assistant,
 *   tool or prompt
 */
GtkWidget *
rubric_message_new (const char *role_label,
                    const char *text,
                    const char *css_class)
{
  RubricMessage *self = g_object_new (RUBRIC_TYPE_MESSAGE, NULL);

  gtk_label_set_label (self->role, role_label);
  if (is_long (text))
    {
      GtkWidget *body = g_object_ref (GTK_WIDGET (self->body));

      self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
      gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_min_content_height (self->scroller, LONG_MESSAGE_MIN_HEIGHT);
      gtk_scrolled_window_set_max_content_height (self->scroller, LONG_MESSAGE_MIN_HEIGHT);
      gtk_widget_unparent (body);
      gtk_scrolled_window_set_child (self->scroller, body);
      gtk_widget_insert_after (GTK_WIDGET (self->scroller), GTK_WIDGET (self), GTK_WIDGET (self->role));
      gtk_widget_add_css_class (GTK_WIDGET (self), "long");
      g_object_unref (body);
    }
  self->css_class = g_strdup (css_class);
  if (css_class != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
  rubric_markdown_view_set_text (self->body, text ? text : "");
  return GTK_WIDGET (self);
}

/**
 * rubric_message_reuse:
 *
 * Shows another turn in @self, as rubric_message_new() would have:
 * moving between tasks then builds a text view, not a message from its
 * template. A long text has a scrolled window of its own: a message
 * made for one, or a long @text, is not reused and nothing changes.
 *
 * Returns: whether @self now shows the turn
 */
gboolean
rubric_message_reuse (RubricMessage *self,
                      const char    *role_label,
                      const char    *text,
                      const char    *css_class)
{
  g_return_val_if_fail (RUBRIC_IS_MESSAGE (self), FALSE);

  if (self->scroller != NULL || is_long (text))
    return FALSE;
  gtk_label_set_label (self->role, role_label);
  /* A short text goes into the view there is; a new view for another
   * (see rubric_markdown_view_can_show_in_place()). */
  if (!rubric_markdown_view_can_show_in_place (self->body, text ? text : ""))
    {
      GtkWidget *body = rubric_markdown_view_new ();

      gtk_widget_set_hexpand (body, TRUE);
      gtk_widget_insert_after (body, GTK_WIDGET (self), GTK_WIDGET (self->body));
      gtk_widget_unparent (GTK_WIDGET (self->body));
      self->body = RUBRIC_MARKDOWN_VIEW (body);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (body), GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->role, NULL, -1);
    }
  /* The style first: the text is laid out at once, in the style the
   * message has then (a prompt's text is of another weight). */
  if (g_strcmp0 (css_class, self->css_class) != 0)
    {
      if (self->css_class != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (self), self->css_class);
      g_free (self->css_class);
      self->css_class = g_strdup (css_class);
      if (css_class != NULL)
        gtk_widget_add_css_class (GTK_WIDGET (self), css_class);
    }
  rubric_markdown_view_set_text (self->body, text ? text : "");
  return TRUE;
}

/**
 * rubric_message_is_long:
 *
 * Whether @self shows a long text in a scrolled window of its own: such
 * a message is never reused.
 */
gboolean
rubric_message_is_long (RubricMessage *self)
{
  g_return_val_if_fail (RUBRIC_IS_MESSAGE (self), FALSE);

  return self->scroller != NULL;
}

/* The role beside the text, in a column of its own, or above it. */
void
rubric_message_set_inline_role (RubricMessage *self,
                                gboolean       inline_role)
{
  GtkBoxLayout *layout;

  g_return_if_fail (RUBRIC_IS_MESSAGE (self));

  layout = GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self)));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), inline_role ? GTK_ORIENTATION_HORIZONTAL
                                                                       : GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (layout, inline_role ? 12 : 4);
  gtk_label_set_width_chars (self->role, inline_role ? 10 : -1);
  gtk_label_set_max_width_chars (self->role, inline_role ? 10 : -1);
  gtk_label_set_ellipsize (self->role, inline_role ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_valign (GTK_WIDGET (self->role), inline_role ? GTK_ALIGN_START : GTK_ALIGN_FILL);
  gtk_widget_set_hexpand (GTK_WIDGET (self->body), TRUE);
  if (self->scroller != NULL)
    gtk_widget_set_hexpand (GTK_WIDGET (self->scroller), TRUE);
  if (inline_role)
    gtk_widget_add_css_class (GTK_WIDGET (self), "inline");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "inline");
}

RubricMarkdownView *
rubric_message_get_body (RubricMessage *self)
{
  g_return_val_if_fail (RUBRIC_IS_MESSAGE (self), NULL);
  return self->body;
}

/* The label a turn's role is shown with; a role a task file invents is
 * shown as it is written. */
const char *
rubric_message_role_label (const char *role)
{
  if (g_strcmp0 (role, "system") == 0)
    return _("System");
  if (g_strcmp0 (role, "assistant") == 0)
    return _("Assistant");
  if (g_strcmp0 (role, "tool") == 0)
    return _("Tool");
  if (g_strcmp0 (role, "user") == 0 || role == NULL)
    return _("User");
  return role;
}
