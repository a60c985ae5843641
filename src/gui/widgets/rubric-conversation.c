/* rubric-conversation.c
 *
 * One widget for the conversation of every kind of task, so that no
 * page shows less of it than another, nor labels a role otherwise.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-conversation"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-conversation.h"
#include "rubric-json.h"
#include "rubric-message.h"

struct _RubricConversation
{
  GtkWidget      parent_instance;

  gboolean       inline_roles;
  GtkWidget     *prompt;
  GtkWidget     *reuse;           /* the next message kept from the task before */
  GtkAdjustment *vadjustment;     /* of the scrolled window it is in */
  gboolean       to_prompt;       /* until the person scrolls */
  guint          scroll_source;
  guint          n_scrolls;       /* since the task was shown */
  gint64         shown_at;        /* monotonic time the task was shown */
  gint64         shown_in_frame;  /* the frame counter then */
  guint          follow_source;
};

/* Enough to follow the layout of a long conversation as it settles;
 * few enough that a layout which never settles cannot keep the main
 * loop from drawing (the window stayed black once). */
/* Bounds on following the layout to the prompt: a layout that keeps
 * changing must not hold the main loop, yet a busy machine lays a long
 * conversation out in many more steps than an idle one. */
#define MAX_SCROLLS     200
#define SCROLL_WINDOW_US (5 * G_USEC_PER_SEC)

G_DEFINE_FINAL_TYPE (RubricConversation, rubric_conversation, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INLINE_ROLES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Messages a task no longer needs are kept, hidden after the others,
 * for the turns of the tasks to come: moving from a task without
 * earlier turns to one with them, and back, made and destroyed a
 * message (a text view, its buffer, its style) for each turn, which
 * took 2-3 ms more of the frame that shows the task. Not one made for
 * a long text, which is never reused and holds its text. */
#define SPARE_MESSAGES 8

/* Removes the messages from @from on. */
static void
trim (RubricConversation *self,
      GtkWidget          *from)
{
  while (from != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (from);

      gtk_widget_unparent (from);
      from = next;
    }
}

/* Hides the messages from @from on, keeping up to SPARE_MESSAGES of
 * them for later and removing the rest; the first kept, or NULL. */
static GtkWidget *
put_aside (RubricConversation *self,
           GtkWidget          *from)
{
  GtkWidget *first = NULL;
  guint kept = 0;

  while (from != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (from);

      if (kept < SPARE_MESSAGES && !rubric_message_is_long (RUBRIC_MESSAGE (from)))
        {
          gtk_widget_set_visible (from, FALSE);
          first = first ? first : from;
          kept++;
        }
      else
        gtk_widget_unparent (from);
      from = next;
    }
  return first;
}

static void
clear (RubricConversation *self)
{
  self->prompt = NULL;
  self->reuse = NULL;
  trim (self, gtk_widget_get_first_child (GTK_WIDGET (self)));
}

/* The next message: one kept from the tasks shown before where it can
 * take the turn (making them anew each time took a quarter of moving
 * to the next task), else a new one in its place. */
static GtkWidget *
append (RubricConversation *self,
        const char         *role_label,
        const char         *text,
        const char         *css_class)
{
  GtkWidget *old = self->reuse;
  GtkWidget *message;

  self->reuse = old ? gtk_widget_get_next_sibling (old) : NULL;
  if (old != NULL && rubric_message_reuse (RUBRIC_MESSAGE (old), role_label, text, css_class))
    {
      gtk_widget_set_visible (old, TRUE);
      return old;
    }
  message = rubric_message_new (role_label, text, css_class);
  rubric_message_set_inline_role (RUBRIC_MESSAGE (message), self->inline_roles);
  gtk_widget_insert_before (message, GTK_WIDGET (self), old);
  if (old != NULL)
    gtk_widget_unparent (old);
  return message;
}

/* A turn's text; a turn that only calls tools shows the calls. */
static char *
message_text (json_object *message)
{
  json_object *calls = rubric_json_get_typed (message, "tool_calls", json_type_array);
  const char *content = rubric_json_get_string (message, "content");
  GString *text = g_string_new (content);

  for (gsize i = 0; calls != NULL && i < json_object_array_length (calls); i++)
    {
      json_object *function = rubric_json_get_typed (json_object_array_get_idx (calls, i), "function", json_type_object);

      /* Translators: a tool call in a conversation: "Calls get_weather({"city": "Oslo"})" */
      g_string_append_printf (text, "%s%s", text->len ? "\n\n" : "", _("Calls "));
      g_string_append_printf (text, "`%s(%s)`", rubric_json_get_string (function, "name") ?: "?",
                              rubric_json_get_string (function, "arguments") ?: "");
    }
  return g_string_free (text, FALSE);
}

typedef void (*TurnFunc) (gpointer    data,
                          const char *role_label,
                          const char *text,
                          const char *css_class);

static void
each_turn (json_object *turns,
           const char  *response,
           TurnFunc     func,
           gpointer     data)
{
  for (gsize i = 0; turns != NULL && i < json_object_array_length (turns); i++)
    {
      json_object *message = json_object_array_get_idx (turns, i);
      const char *role = rubric_json_get_string (message, "role");
      g_autofree char *text = message_text (message);
      g_autofree char *label = NULL;

      if (response != NULL)
        /* Translators: an earlier turn of one response only: "A · Assistant" */
        label = g_strdup_printf (_("%s · %s"), response, rubric_message_role_label (role));
      func (data, label ? label : rubric_message_role_label (role), text, role);
    }
}

/* What comes after the prompt: tool calls and their results, or each
 * response's own earlier turns where they differ. */
static void
each_later_turn (RubricTask *task,
                 TurnFunc    func,
                 gpointer    data)
{
  each_turn (rubric_json_get_typed (task->object, "turns", json_type_array), NULL, func, data);
  for (guint r = 0; r < rubric_task_get_n_responses (task); r++)
    {
      char name[2] = { (char) ('A' + r), 0 };

      each_turn (rubric_json_get_typed (rubric_task_get_response (task, r), "turns", json_type_array), name, func,
                 data);
    }
}

/* The system message and the turns before the prompt. */
static void
each_earlier_turn (RubricTask *task,
                   TurnFunc    func,
                   gpointer    data)
{
  const char *system = rubric_task_get_system (task);

  if (system != NULL)
    func (data, rubric_message_role_label ("system"), system, "system");
  each_turn (rubric_json_get_typed (task->object, "context", json_type_array), NULL, func, data);
}

static void
append_cb (gpointer    data,
           const char *role_label,
           const char *text,
           const char *css_class)
{
  append (data, role_label, text, css_class);
}

static void
collect_cb (gpointer    data,
            const char *role_label,
            const char *text,
            const char *css_class)
{
  g_ptr_array_add (data, g_strdup (text));
}

/**
 * rubric_conversation_add_note:
 * @text: shown after the conversation, under @role_label
 *
 * A line of the task's own beside the conversation: the label a
 * published dataset gave, where the set shows it.
 */
void
rubric_conversation_add_note (RubricConversation *self,
                              const char         *role_label,
                              const char         *text)
{
  g_return_if_fail (RUBRIC_IS_CONVERSATION (self));

  append (self, role_label, text, "note");
}

/* Scrolling to the prompt -------------------------------------------- */

static gint64
frame_counter (RubricConversation *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  return clock ? gdk_frame_clock_get_frame_counter (clock) : 0;
}

/* Whether a frame has placed the messages of the task shown: until
 * then, where the prompt is is where the task before put it. */
static gboolean
placed (RubricConversation *self)
{
  return frame_counter (self) != self->shown_in_frame;
}

/* The value that brings the prompt, at @prompt_y in the conversation,
 * to the top, with @room to scroll; a prompt with nothing before it is
 * shown from the top, margin and all. Both the scroll before the frame
 * and the one that follows the layout aim here: aimed at points 2
 * pixels apart, the first frame stopped short and moved on after. */
static double
prompt_scroll (RubricConversation *self,
               double              prompt_y,
               double              room)
{
  if (room <= 0 || self->prompt == gtk_widget_get_first_child (GTK_WIDGET (self)))
    return 0;
  return MIN (room, prompt_y + gtk_widget_get_margin_top (GTK_WIDGET (self)));
}

/* When the conversation is taller than its place, the prompt is what
 * the work answers: its start is brought into view, the earlier turns
 * are a scroll up. Whatever fits is shown from the top. */
static gboolean
scroll_to_prompt_cb (gpointer user_data)
{
  RubricConversation *self = user_data;
  GtkAdjustment *adjustment = self->vadjustment;
  double room;
  graphene_rect_t at;
  double value = 0;

  self->scroll_source = 0;
  if (adjustment == NULL || !self->to_prompt || self->prompt == NULL || !placed (self))
    return G_SOURCE_REMOVE;
  room = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  if (gtk_widget_compute_bounds (self->prompt, GTK_WIDGET (self), &at))
    value = prompt_scroll (self, at.origin.y, room);
  if (ABS (value - gtk_adjustment_get_value (adjustment)) >= 1)
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);

      self->n_scrolls++;
      gtk_adjustment_set_value (adjustment, value);
      /* A value set while the viewport was being allocated is not
       * drawn until it is allocated again. */
      if (scroller != NULL && gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)) != NULL)
        gtk_widget_queue_allocate (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller)));
    }
  return G_SOURCE_REMOVE;
}

/* The text below the prompt is laid out over several frames, and GTK
 * 4.8 does not always say that the scrollable height changed: for a
 * while after a task is shown, look again every tenth of a second. */
static gboolean
follow_prompt_cb (gpointer user_data)
{
  RubricConversation *self = user_data;

  if (!self->to_prompt || self->prompt == NULL || g_get_monotonic_time () - self->shown_at > SCROLL_WINDOW_US)
    {
      self->follow_source = 0;
      return G_SOURCE_REMOVE;
    }
  if (self->scroll_source == 0 && self->n_scrolls < MAX_SCROLLS)
    scroll_to_prompt_cb (self);
  return G_SOURCE_CONTINUE;
}

/* The adjustment changes while the viewport is being allocated, and a
 * value set then is not allocated (GTK 4.8 drops the viewport's
 * queued allocation): the prompt of a long conversation stayed below
 * the fold. The value is set right after, before the next frame. */
static void
adjustment_changed_cb (RubricConversation *self,
                       GtkAdjustment      *adjustment)
{
  if (!self->to_prompt || self->prompt == NULL || self->scroll_source != 0 || self->n_scrolls >= MAX_SCROLLS ||
      g_get_monotonic_time () - self->shown_at > SCROLL_WINDOW_US)
    return;
  self->scroll_source = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scroll_to_prompt_cb, self, NULL);
}

/* The person scrolled: from now on the conversation stays where they
 * put it. Only their wheel, touchpad, scrollbar or keys say so: the
 * value also changes as the viewport clamps it while the text is laid
 * out, and that must not stop the prompt from being brought into view. */
static void
person_scrolled_cb (RubricConversation *self)
{
  self->to_prompt = FALSE;
}

static gboolean
scroll_cb (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           RubricConversation       *self)
{
  person_scrolled_cb (self);
  return FALSE;
}

static void
track_scroller (RubricConversation *self)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = scroller ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller)) : NULL;

  if (adjustment == self->vadjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment == NULL)
    return;
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (adjustment_changed_cb), self, G_CONNECT_SWAPPED);
  if (!g_object_get_data (G_OBJECT (scroller), "rubric-conversation-watched"))
    {
      GtkEventController *wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
      GtkGesture *press = gtk_gesture_click_new ();
      GtkWidget *scrollbar = gtk_scrolled_window_get_vscrollbar (GTK_SCROLLED_WINDOW (scroller));

      gtk_event_controller_set_propagation_phase (wheel, GTK_PHASE_CAPTURE);
      g_signal_connect_object (wheel, "scroll", G_CALLBACK (scroll_cb), self, 0);
      gtk_widget_add_controller (scroller, wheel);
      g_signal_connect_object (press, "pressed", G_CALLBACK (person_scrolled_cb), self, G_CONNECT_SWAPPED);
      if (scrollbar != NULL)
        gtk_widget_add_controller (scrollbar, GTK_EVENT_CONTROLLER (press));
      else
        g_object_unref (press);
      g_object_set_data (G_OBJECT (scroller), "rubric-conversation-watched", GINT_TO_POINTER (1));
    }
}

/* GObject ------------------------------------------------------------ */

static void
rubric_conversation_dispose (GObject *object)
{
  RubricConversation *self = RUBRIC_CONVERSATION (object);

  clear (self);
  g_clear_handle_id (&self->scroll_source, g_source_remove);
  g_clear_handle_id (&self->follow_source, g_source_remove);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_data (self->vadjustment, self);
  g_clear_object (&self->vadjustment);
  gtk_widget_dispose_template (GTK_WIDGET (object), RUBRIC_TYPE_CONVERSATION);

  G_OBJECT_CLASS (rubric_conversation_parent_class)->dispose (object);
}

static void
rubric_conversation_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RubricConversation *self = RUBRIC_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_INLINE_ROLES:
      g_value_set_boolean (value, self->inline_roles);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_conversation_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RubricConversation *self = RUBRIC_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_INLINE_ROLES:
      self->inline_roles = g_value_get_boolean (value);
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child;
           child = gtk_widget_get_next_sibling (child))
        rubric_message_set_inline_role (RUBRIC_MESSAGE (child), self->inline_roles);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_conversation_class_init (RubricConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_conversation_dispose;
  object_class->get_property = rubric_conversation_get_property;
  object_class->set_property = rubric_conversation_set_property;

  /**
   * RubricConversation:inline-roles:
   *
   * Whether each role is written beside its text, as in a transcript,
   * rather than above it: for a conversation across the page.
   */
  properties[PROP_INLINE_ROLES] = g_param_spec_boolean ("inline-roles", NULL, NULL, FALSE,
                                                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-conversation.ui");
  gtk_widget_class_set_css_name (widget_class, "conversation");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
rubric_conversation_init (RubricConversation *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A message made for this task has a view never allocated, which lays
 * its text out only in the frame it is first in, at a height of
 * nothing: it is laid out now, at the width the views of the others
 * have (see rubric_markdown_view_lay_out_at()). */
static void
lay_out_new_messages (RubricConversation *self)
{
  int width = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (RUBRIC_IS_MESSAGE (child) && gtk_widget_get_visible (child))
        width = MAX (width, gtk_widget_get_width (GTK_WIDGET (rubric_message_get_body (RUBRIC_MESSAGE (child)))));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL && width > 0;
       child = gtk_widget_get_next_sibling (child))
    {
      if (RUBRIC_IS_MESSAGE (child) && gtk_widget_get_visible (child))
        rubric_markdown_view_lay_out_at (rubric_message_get_body (RUBRIC_MESSAGE (child)), width);
    }
}

/* Scrolls to where the prompt will be, before the frame that shows it:
 * the messages are laid out (lay_out_new_messages()), so their heights
 * at the width there is are known now. Scrolled only once the frame
 * had placed the prompt, the first frame showed a long conversation
 * from its top, and the prompt not at all. scroll_to_prompt_cb() then
 * follows the layout as it settles. */
static void
scroll_before_frame (RubricConversation *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkWidget *scroller = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = self->vadjustment;
  int width = gtk_widget_get_width (widget);
  int spacing, natural, y = 0, total, page;

  if (adjustment == NULL)
    return;
  if (scroller == NULL || width <= 0 || self->prompt == NULL || self->prompt == gtk_widget_get_first_child (widget))
    {
      gtk_adjustment_set_value (adjustment, 0);
      return;
    }
  spacing = gtk_box_layout_get_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != self->prompt;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &natural, NULL, NULL);
      y += natural + spacing;
    }
  /* With the margins. */
  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, width, NULL, &total, NULL, NULL);
  /* As high as the conversation up to a cap (above the work), or as
   * the column it fills, whatever it holds (beside it). */
  if (gtk_scrolled_window_get_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller)))
    {
      page = gtk_scrolled_window_get_max_content_height (GTK_SCROLLED_WINDOW (scroller));
      page = page >= 0 ? MIN (total, page) : total;
    }
  else
    page = gtk_adjustment_get_page_size (adjustment);
  /* Not followed at once: the prompt is placed only in the frame. */
  g_signal_handlers_block_by_func (adjustment, adjustment_changed_cb, self);
  gtk_adjustment_configure (adjustment, prompt_scroll (self, y, total - page), 0, total,
                            gtk_adjustment_get_step_increment (adjustment),
                            gtk_adjustment_get_page_increment (adjustment), page);
  g_signal_handlers_unblock_by_func (adjustment, adjustment_changed_cb, self);
}

/**
 * rubric_conversation_show:
 * @task: (nullable): the task whose conversation to show
 *
 * Shows the system message, every earlier turn with its role, then the
 * prompt.
 */
void
rubric_conversation_show (RubricConversation *self,
                          RubricTask         *task)
{
  g_return_if_fail (RUBRIC_IS_CONVERSATION (self));

  track_scroller (self);
  if (task == NULL)
    {
      clear (self);
      return;
    }
  self->reuse = gtk_widget_get_first_child (GTK_WIDGET (self));
  each_earlier_turn (task, append_cb, self);
  self->prompt = append (self, _("Prompt"), rubric_task_get_prompt (task), "prompt");
  self->n_scrolls = 0;
  self->shown_at = g_get_monotonic_time ();
  self->shown_in_frame = frame_counter (self);
  each_later_turn (task, append_cb, self);
  /* Notes come after, in messages put aside as well. */
  self->reuse = put_aside (self, self->reuse);
  lay_out_new_messages (self);
  self->to_prompt = TRUE;
  if (self->follow_source == 0)
    self->follow_source = g_timeout_add (100, follow_prompt_cb, self);
  scroll_before_frame (self);
}

/**
 * rubric_conversation_collect_texts:
 * @task: a task to be shown
 * @texts: (element-type utf8): where to add them
 *
 * Adds to @texts each text rubric_conversation_show() would show of
 * @task. Touches no widget: for a thread that renders them ahead.
 */
void
rubric_conversation_collect_texts (RubricTask *task,
                                   GPtrArray  *texts)
{
  each_earlier_turn (task, collect_cb, texts);
  g_ptr_array_add (texts, g_strdup (rubric_task_get_prompt (task)));
  each_later_turn (task, collect_cb, texts);
}
