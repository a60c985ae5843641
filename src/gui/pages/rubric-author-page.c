/* rubric-author-page.c
 *
 * A task that gives a brief, not a prompt: the contractor writes an
 * optional system message, the prompt and its ideal answer, and as
 * many further turns (a user prompt and its answer) as the brief asks
 * for. The brief and its requirements are on the left; the rubric's
 * criteria and the requirements are a self-check in the side panel.
 *
 * Each text is a RubricTextEditor, with the write page's spelling,
 * counts, preview and find; F6 and Shift+F6 go from one to the next.
 * Every change is reported, and the window saves within a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-author-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-author-page.h"
#include "rubric-authoring.h"
#include "rubric-json.h"
#include "rubric-markdown-view.h"

/* A user turn and its ideal answer. The first is the template's. */
typedef struct
{
  GtkWidget        *box;        /* NULL for the first turn */
  GtkLabel         *label;
  GtkWidget        *remove;
  RubricTextEditor *prompt;
  RubricTextEditor *answer;
} Turn;

struct _RubricAuthorPage
{
  RubricPage          parent_instance;

  AdwFlap            *side_panel;
  GtkPaned           *paned;
  GtkWidget          *brief_scroller;
  GtkWidget          *editor_column;
  RubricMarkdownView *brief;
  GtkWidget          *requirements_title;
  RubricMarkdownView *requirements;
  GtkScrolledWindow  *editors_scroller;
  GtkWidget          *editors_box;
  RubricTextEditor   *system_editor;
  GtkLabel           *first_turn_label;
  RubricTextEditor   *prompt_editor;
  RubricTextEditor   *answer_editor;
  GtkBox             *turns_box;
  GtkWidget          *add_turn_button;
  RubricChecksView   *checks;
  RubricDecisionBar  *decision_bar;
  GtkWidget          *self_check_hint;
  GtkBox             *self_check_box;
  GtkWidget          *self_check_empty;
  RubricMarkdownView *guidelines;

  GPtrArray          *turns;          /* Turn */
  GPtrArray          *self_check_ids; /* char *, one per check button */
  Turn               *removing;       /* asked about */
  RubricTextEditor   *last_editor;    /* where the keyboard was last */
  GtkWidget          *reveal;         /* a new turn, to be scrolled to */
  guint               follow_source;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (RubricAuthorPage, rubric_author_page, RUBRIC_TYPE_PAGE)

static RubricAnnotation *
annotation (RubricAuthorPage *self)
{
  return rubric_page_get_annotation (RUBRIC_PAGE (self));
}

static RubricSetConfig *
config (RubricAuthorPage *self)
{
  return rubric_page_get_config (RUBRIC_PAGE (self));
}

static Turn *
turn_at (RubricAuthorPage *self,
         guint             index)
{
  return g_ptr_array_index (self->turns, index);
}

/* The editors in the order F6 goes through them. */
static GPtrArray *
list_editors (RubricAuthorPage *self)
{
  GPtrArray *editors = g_ptr_array_new ();

  g_ptr_array_add (editors, self->system_editor);
  for (guint i = 0; i < self->turns->len; i++)
    {
      g_ptr_array_add (editors, turn_at (self, i)->prompt);
      g_ptr_array_add (editors, turn_at (self, i)->answer);
    }
  return editors;
}

static RubricTextEditor *
focused_editor (RubricAuthorPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;
  GtkWidget *editor = focus ? gtk_widget_get_ancestor (focus, RUBRIC_TYPE_TEXT_EDITOR) : NULL;

  return editor != NULL && gtk_widget_is_ancestor (editor, GTK_WIDGET (self)) ? RUBRIC_TEXT_EDITOR (editor) : NULL;
}

/* Keeping the cursor in sight ---------------------------------------------- */

/* An editor grows with its text inside the scrolled column: as it
 * grows past the bottom of the column, the column follows the cursor. */
static gboolean
follow_cursor_cb (gpointer user_data)
{
  RubricAuthorPage *self = user_data;
  RubricTextEditor *editor = focused_editor (self);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->editors_scroller);
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkTextIter cursor;
  GdkRectangle location;
  graphene_point_t at;
  double value, page;

  self->follow_source = 0;
  /* A turn just added: its title at the top, where it fits. */
  if (self->reveal != NULL)
    {
      GtkWidget *turn = g_steal_pointer (&self->reveal);

      if (gtk_widget_compute_point (turn, self->editors_box, &GRAPHENE_POINT_INIT (0, 0), &at))
        gtk_adjustment_set_value (adjustment, at.y - 12);
      return G_SOURCE_REMOVE;
    }
  if (editor == NULL)
    return G_SOURCE_REMOVE;
  view = rubric_text_editor_get_view (editor);
  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_iter_location (view, &cursor, &location);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, location.x, location.y, &location.x, &location.y);
  if (!gtk_widget_compute_point (GTK_WIDGET (view), self->editors_box,
                                 &GRAPHENE_POINT_INIT (location.x, location.y), &at))
    return G_SOURCE_REMOVE;
  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  if (at.y < value)
    gtk_adjustment_set_value (adjustment, at.y - 12);
  else if (at.y + location.height > value + page)
    gtk_adjustment_set_value (adjustment, at.y + location.height - page + 40);
  return G_SOURCE_REMOVE;
}

static void
queue_follow_cursor (RubricAuthorPage *self)
{
  /* After the editor's new height is laid out. */
  if (self->follow_source == 0)
    self->follow_source = g_timeout_add (60, follow_cursor_cb, self);
}

/* Editing ------------------------------------------------------------------ */

static void
editor_changed_cb (RubricAuthorPage *self)
{
  if (self->loading)
    return;
  rubric_page_changed (RUBRIC_PAGE (self));
  queue_follow_cursor (self);
}

/* Pasted text is counted: a lead may want to know what was typed. */
static void
editor_pasted_cb (RubricAuthorPage *self,
                  guint             n_chars)
{
  if (!self->loading && annotation (self) != NULL)
    annotation (self)->pasted_chars += n_chars;
}

static void
focus_enter_cb (GtkEventControllerFocus *controller,
                RubricAuthorPage        *self)
{
  self->last_editor = RUBRIC_TEXT_EDITOR (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
}

static void
watch_editor (RubricAuthorPage *self,
              RubricTextEditor *editor)
{
  GtkEventController *focus = gtk_event_controller_focus_new ();

  g_signal_connect_object (editor, "changed", G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "pasted", G_CALLBACK (editor_pasted_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (focus, "enter", G_CALLBACK (focus_enter_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (editor), focus);
}

/* Turns -------------------------------------------------------------------- */

static void
update_guidance (RubricAuthorPage *self,
                 Turn             *turn)
{
  RubricSetConfig *c = config (self);

  rubric_text_editor_set_word_guidance (turn->prompt, c ? c->min_prompt_words : 0, c ? c->max_prompt_words : 0);
  rubric_text_editor_set_word_guidance (turn->answer, c ? c->min_answer_words : 0, c ? c->max_answer_words : 0);
}

/* "Turn 2" over each turn once there are several; a screen reader
 * hears which turn's prompt it is in. */
static void
number_turns (RubricAuthorPage *self)
{
  gboolean several = self->turns->len > 1;

  gtk_widget_set_visible (GTK_WIDGET (self->first_turn_label), several);
  for (guint i = 0; i < self->turns->len; i++)
    {
      Turn *turn = turn_at (self, i);
      /* Translators: over each turn of a conversation the contractor writes */
      g_autofree char *title = g_strdup_printf (_("Turn %u"), i + 1);
      /* Translators: what a screen reader calls the prompt editor of a turn */
      g_autofree char *prompt = several ? g_strdup_printf (_("Prompt of turn %u"), i + 1) : g_strdup (_("Prompt"));
      /* Translators: what a screen reader calls the answer editor of a turn */
      g_autofree char *answer = several ? g_strdup_printf (_("Ideal answer to turn %u"), i + 1) : g_strdup (_("Ideal Answer"));

      gtk_label_set_label (turn->label, title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (rubric_text_editor_get_view (turn->prompt)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, prompt, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (rubric_text_editor_get_view (turn->answer)),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, answer, -1);
      if (turn->remove != NULL)
        {
          /* Translators: the button that removes a turn, as a screen reader names it */
          g_autofree char *remove = g_strdup_printf (_("Remove Turn %u"), i + 1);

          gtk_widget_set_tooltip_text (turn->remove, remove);
          gtk_accessible_update_property (GTK_ACCESSIBLE (turn->remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove, -1);
        }
    }
}

static void
remove_turn (RubricAuthorPage *self,
             Turn             *turn)
{
  guint index;

  if (!g_ptr_array_find (self->turns, turn, &index) || index == 0)
    return;
  if (self->last_editor == turn->prompt || self->last_editor == turn->answer)
    self->last_editor = NULL;
  if (self->reveal == turn->box)
    self->reveal = NULL;
  if (self->removing == turn)
    self->removing = NULL;
  gtk_box_remove (self->turns_box, turn->box);
  g_ptr_array_remove_index (self->turns, index);
  number_turns (self);
  if (!self->loading)
    {
      /* The keyboard goes to the answer before the removed turn. */
      rubric_text_editor_focus (turn_at (self, index - 1)->answer);
      rubric_page_changed (RUBRIC_PAGE (self));
    }
}

static void
remove_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    RubricAuthorPage *self)
{
  Turn *turn = g_steal_pointer (&self->removing);

  if (g_str_equal (response, "remove") && turn != NULL && g_ptr_array_find (self->turns, turn, NULL))
    remove_turn (self, turn);
}

/* A turn with nothing in it goes at once; one with text is asked about. */
static void
remove_clicked_cb (GtkButton        *button,
                   RubricAuthorPage *self)
{
  Turn *turn = NULL;
  guint index = 0;
  GtkWidget *dialog;
  g_autofree char *heading = NULL;

  for (guint i = 1; i < self->turns->len; i++)
    {
      if (turn_at (self, i)->remove == GTK_WIDGET (button))
        turn = turn_at (self, i), index = i;
    }
  if (turn == NULL || rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return;
  if (rubric_text_editor_is_empty (turn->prompt) && rubric_text_editor_is_empty (turn->answer))
    {
      remove_turn (self, turn);
      return;
    }
  /* Translators: asked before a turn the contractor wrote is removed */
  heading = g_strdup_printf (_("Remove Turn %u?"), index + 1);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   _("Its prompt and ideal answer will be deleted."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  self->removing = turn;
  g_signal_connect_object (dialog, "response", G_CALLBACK (remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Appends a turn's widgets (rubric-author-turn.ui): a title with its
 * Remove button, then the prompt and the answer. */
static Turn *
append_turn (RubricAuthorPage *self)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/rubricapp/Rubric/rubric-author-turn.ui");
  gboolean editable = !rubric_page_get_read_only (RUBRIC_PAGE (self));
  Turn *turn = g_new0 (Turn, 1);

  turn->box = GTK_WIDGET (gtk_builder_get_object (builder, "turn"));
  turn->label = GTK_LABEL (gtk_builder_get_object (builder, "label"));
  turn->remove = GTK_WIDGET (gtk_builder_get_object (builder, "remove"));
  turn->prompt = RUBRIC_TEXT_EDITOR (gtk_builder_get_object (builder, "prompt"));
  turn->answer = RUBRIC_TEXT_EDITOR (gtk_builder_get_object (builder, "answer"));
  g_signal_connect_object (turn->remove, "clicked", G_CALLBACK (remove_clicked_cb), self, 0);
  watch_editor (self, turn->prompt);
  watch_editor (self, turn->answer);
  gtk_box_append (self->turns_box, turn->box);
  g_ptr_array_add (self->turns, turn);

  update_guidance (self, turn);
  rubric_text_editor_set_editable (turn->prompt, editable);
  rubric_text_editor_set_editable (turn->answer, editable);
  gtk_widget_set_sensitive (turn->remove, editable);
  number_turns (self);
  return turn;
}

/* As many turns as @n; the first always stays. */
static void
set_n_turns (RubricAuthorPage *self,
             guint             n)
{
  n = MAX (n, 1);
  while (self->turns->len > n)
    remove_turn (self, turn_at (self, self->turns->len - 1));
  while (self->turns->len < n)
    append_turn (self);
}

static void
add_turn_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  rubric_author_page_add_turn (RUBRIC_AUTHOR_PAGE (widget));
}

/* F6 and Shift+F6 go from one editor to the next, round. */
static void
cycle_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  RubricAuthorPage *self = RUBRIC_AUTHOR_PAGE (widget);
  g_autoptr(GPtrArray) editors = list_editors (self);
  RubricTextEditor *focused = focused_editor (self);
  int step = g_str_equal (action_name, "author.next-editor") ? 1 : -1;
  guint index;

  if (focused == NULL || !g_ptr_array_find (editors, focused, &index))
    index = step > 0 ? 0 : 2;   /* from outside: the prompt */
  index = (index + editors->len + step) % editors->len;
  rubric_text_editor_focus (g_ptr_array_index (editors, index));
}

/* Brief, guidelines and self-check ----------------------------------------- */

static void
show_brief (RubricAuthorPage *self,
            RubricTask       *task)
{
  guint n = rubric_task_get_n_requirements (task);
  g_autoptr(GString) list = g_string_new (NULL);

  rubric_markdown_view_set_text (self->brief, rubric_task_get_brief (task) ? rubric_task_get_brief (task) : "");
  for (guint i = 0; i < n; i++)
    {
      const char *requirement = rubric_task_get_requirement (task, i);

      if (requirement != NULL)
        g_string_append_printf (list, "- %s\n", requirement);
    }
  rubric_markdown_view_set_text (self->requirements, list->str);
  gtk_widget_set_visible (self->requirements_title, list->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->requirements), list->len > 0);
}

/* The id a check button of the self-check stands for. */
static const char *
self_check_id (RubricAuthorPage *self,
               GtkWidget        *check)
{
  guint i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->self_check_box)); c != check;
       c = gtk_widget_get_next_sibling (c))
    i++;
  return g_ptr_array_index (self->self_check_ids, i);
}

static void
self_check_toggled_cb (RubricAuthorPage *self,
                       GtkCheckButton   *check)
{
  if (self->loading || annotation (self) == NULL)
    return;
  rubric_annotation_set_self_checked (annotation (self), self_check_id (self, GTK_WIDGET (check)),
                                      gtk_check_button_get_active (check));
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
add_self_check (RubricAuthorPage *self,
                const char       *id,
                const char       *name,
                const char       *description)
{
  g_autofree char *text = description && *description ? g_strdup_printf ("%s — %s", name, description) : g_strdup (name);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label = gtk_label_new (text);

  /* A long criterion wraps, rather than widening the panel. */
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  if (description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_add_css_class (check, "self-check");
  g_ptr_array_add (self->self_check_ids, g_strdup (id));
  g_signal_connect_object (check, "toggled", G_CALLBACK (self_check_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->self_check_box, check);
}

/* The task's requirements, then the rubric's criteria where the set
 * asks for a self-check; ticked as the annotation says. Built when a
 * task is shown, never while typing. */
static void
show_self_check (RubricAuthorPage *self,
                 RubricTask       *task)
{
  RubricSetConfig *c = config (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->self_check_box))) != NULL)
    gtk_box_remove (self->self_check_box, child);
  g_ptr_array_set_size (self->self_check_ids, 0);
  for (guint i = 0; i < rubric_task_get_n_requirements (task); i++)
    {
      g_autofree char *id = rubric_requirement_id (i);
      const char *requirement = rubric_task_get_requirement (task, i);

      if (requirement != NULL)
        add_self_check (self, id, requirement, NULL);
    }
  for (guint i = 0; c->self_check && i < c->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (c->criteria, i);

      add_self_check (self, criterion->id, criterion->name, criterion->description);
    }
  for (child = gtk_widget_get_first_child (GTK_WIDGET (self->self_check_box)); child;
       child = gtk_widget_get_next_sibling (child))
    gtk_check_button_set_active (GTK_CHECK_BUTTON (child),
                                 rubric_annotation_is_self_checked (annotation (self), self_check_id (self, child)));
  gtk_widget_set_visible (self->self_check_hint, self->self_check_ids->len > 0);
  gtk_widget_set_visible (self->self_check_empty, self->self_check_ids->len == 0);
}

/* View state --------------------------------------------------------------- */

static json_object *
view_state (RubricAuthorPage *self)
{
  json_object *state = json_tokener_parse (annotation (self)->view_state ? annotation (self)->view_state : "{}");

  if (!json_object_is_type (state, json_type_object))
    {
      g_clear_pointer (&state, json_object_put);
      state = json_object_new_object ();
    }
  return state;
}

/* Which editor the person was in and each editor's cursor; never
 * exported. */
static void
collect_view_state (RubricAuthorPage *self)
{
  g_autoptr(json_object) state = view_state (self);
  g_autoptr(GPtrArray) editors = list_editors (self);
  json_object *cursors = json_object_new_array ();
  guint index;

  for (guint i = 0; i < editors->len; i++)
    json_object_array_add (cursors, json_object_new_int (rubric_text_editor_get_cursor (g_ptr_array_index (editors, i))));
  json_object_object_add (state, "cursors", cursors);
  if (self->last_editor != NULL && g_ptr_array_find (editors, self->last_editor, &index))
    json_object_object_add (state, "editor", json_object_new_int (index));
  else
    json_object_object_del (state, "editor");
  g_free (annotation (self)->view_state);
  annotation (self)->view_state = g_strdup (json_object_to_json_string_ext (state, JSON_C_TO_STRING_PLAIN));
}

static void
restore_view_state (RubricAuthorPage *self)
{
  g_autoptr(json_object) state = view_state (self);
  g_autoptr(GPtrArray) editors = list_editors (self);
  json_object *cursors = rubric_json_get_typed (state, "cursors", json_type_array);
  json_object *editor = rubric_json_get_typed (state, "editor", json_type_int);
  int index = editor ? json_object_get_int (editor) : -1;

  for (guint i = 0; cursors != NULL && i < editors->len && i < json_object_array_length (cursors); i++)
    rubric_text_editor_set_cursor (g_ptr_array_index (editors, i),
                                   json_object_get_int (json_object_array_get_idx (cursors, i)));
  self->last_editor = index >= 0 && (guint) index < editors->len ? g_ptr_array_index (editors, index) : NULL;
}

/* Layout ------------------------------------------------------------------- */

/* On a phone the brief is above the editors, each as wide as the page. */
static void
rubric_author_page_set_narrow (RubricPage *page,
                               gboolean    narrow)
{
  RubricAuthorPage *self = RUBRIC_AUTHOR_PAGE (page);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), narrow ? GTK_ORIENTATION_VERTICAL
                                                                       : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (self->brief_scroller, narrow ? -1 : 200, narrow ? 100 : -1);
  gtk_widget_set_size_request (self->editor_column, narrow ? -1 : 340, narrow ? 240 : -1);
  gtk_paned_set_position (self->paned, narrow ? 160 : 240);
  gtk_widget_set_margin_start (self->editors_box, narrow ? 8 : 18);
  gtk_widget_set_margin_end (self->editors_box, narrow ? 8 : 18);
  /* The title keeps the line; "Optional" gives way. */
  g_object_set (self->system_editor, "subtitle", narrow ? NULL : _("Optional"), NULL);
}

/* RubricPage ---------------------------------------------------------------- */

static void
rubric_author_page_load (RubricPage *page)
{
  RubricAuthorPage *self = RUBRIC_AUTHOR_PAGE (page);
  RubricTask *task = rubric_page_get_task (page);
  RubricSetConfig *c = config (self);
  RubricAnnotation *a = annotation (self);
  const char *lang = rubric_json_get_string (rubric_json_get_typed (task->object, "meta", json_type_object), "lang");
  g_autoptr(GPtrArray) editors = NULL;

  self->loading = TRUE;
  show_brief (self, task);
  rubric_markdown_view_set_text (self->guidelines, c->guidelines ? c->guidelines : _("This task set has no guidelines."));
  show_self_check (self, task);

  set_n_turns (self, a->turns->len);
  /* A task's own system message is where a new one starts. */
  rubric_text_editor_set_text (self->system_editor, a->id != 0 || a->system != NULL ? a->system
                                                                                     : rubric_task_get_system (task));
  for (guint i = 0; i < self->turns->len; i++)
    {
      Turn *turn = turn_at (self, i);
      RubricTurn *written = i < a->turns->len ? rubric_annotation_get_turn (a, i) : NULL;

      rubric_text_editor_set_text (turn->prompt, written ? written->prompt : NULL);
      rubric_text_editor_set_text (turn->answer, written ? written->reply : NULL);
      update_guidance (self, turn);
    }
  editors = list_editors (self);
  for (guint i = 0; i < editors->len; i++)
    rubric_text_editor_set_spell_language (g_ptr_array_index (editors, i), lang);
  restore_view_state (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->editors_scroller), 0);
  self->loading = FALSE;
}

static void
rubric_author_page_update_state (RubricPage *page)
{
  RubricAuthorPage *self = RUBRIC_AUTHOR_PAGE (page);
  gboolean editable = !rubric_page_get_read_only (page);
  g_autoptr(GPtrArray) editors = list_editors (self);

  for (guint i = 0; i < editors->len; i++)
    rubric_text_editor_set_editable (g_ptr_array_index (editors, i), editable);
  for (guint i = 1; i < self->turns->len; i++)
    gtk_widget_set_sensitive (turn_at (self, i)->remove, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "author.add-turn", editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->self_check_box), editable);
}

/* The system message is NULL when empty; a single turn with nothing
 * written is no turn. */
static void
rubric_author_page_collect (RubricPage *page)
{
  RubricAuthorPage *self = RUBRIC_AUTHOR_PAGE (page);
  RubricAnnotation *a = annotation (self);
  g_autofree char *system = rubric_text_editor_dup_text (self->system_editor);
  guint n = self->turns->len;

  g_free (a->system);
  a->system = *system != '\0' ? g_steal_pointer (&system) : NULL;
  if (n == 1 && rubric_text_editor_is_empty (self->prompt_editor) && rubric_text_editor_is_empty (self->answer_editor))
    n = 0;
  g_ptr_array_set_size (a->turns, MIN (a->turns->len, n));
  for (guint i = 0; i < n; i++)
    {
      RubricTurn *written = i < a->turns->len ? rubric_annotation_get_turn (a, i) : rubric_annotation_add_turn (a);

      g_free (written->prompt);
      written->prompt = rubric_text_editor_dup_text (turn_at (self, i)->prompt);
      g_free (written->reply);
      written->reply = rubric_text_editor_dup_text (turn_at (self, i)->answer);
    }
  collect_view_state (self);
}

static GPtrArray *
rubric_author_page_check (RubricPage *page)
{
  return rubric_author_check (rubric_page_get_config (page), rubric_page_get_task (page),
                              rubric_page_get_annotation (page));
}

/* Ctrl+J: back to the editor the person was in, the prompt at first. */
static gboolean
rubric_author_page_focus_text (RubricPage *page)
{
  RubricAuthorPage *self = RUBRIC_AUTHOR_PAGE (page);

  return rubric_text_editor_focus (self->last_editor ? self->last_editor : self->prompt_editor);
}

/* A task opened fresh puts the keyboard in the prompt; one worked on
 * before, where the person left it. */
static void
rubric_author_page_focus_default (RubricPage *page)
{
  rubric_author_page_focus_text (page);
}

/* GObject ------------------------------------------------------------------ */

static void
rubric_author_page_dispose (GObject *object)
{
  RubricAuthorPage *self = RUBRIC_AUTHOR_PAGE (object);

  g_clear_handle_id (&self->follow_source, g_source_remove);
  self->last_editor = NULL;
  self->reveal = NULL;
  self->removing = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_AUTHOR_PAGE);

  G_OBJECT_CLASS (rubric_author_page_parent_class)->dispose (object);
}

static void
rubric_author_page_finalize (GObject *object)
{
  RubricAuthorPage *self = RUBRIC_AUTHOR_PAGE (object);

  g_ptr_array_unref (self->turns);
  g_ptr_array_unref (self->self_check_ids);

  G_OBJECT_CLASS (rubric_author_page_parent_class)->finalize (object);
}

static void
rubric_author_page_class_init (RubricAuthorPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RubricPageClass *page_class = RUBRIC_PAGE_CLASS (klass);

  object_class->dispose = rubric_author_page_dispose;
  object_class->finalize = rubric_author_page_finalize;
  page_class->load = rubric_author_page_load;
  page_class->set_narrow = rubric_author_page_set_narrow;
  page_class->update_state = rubric_author_page_update_state;
  page_class->collect = rubric_author_page_collect;
  page_class->check = rubric_author_page_check;
  page_class->focus_text = rubric_author_page_focus_text;
  page_class->focus_default = rubric_author_page_focus_default;

  g_type_ensure (RUBRIC_TYPE_TEXT_EDITOR);
  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  g_type_ensure (RUBRIC_TYPE_CHECKS_VIEW);
  g_type_ensure (RUBRIC_TYPE_DECISION_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-author-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, side_panel);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, paned);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, brief_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, editor_column);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, brief);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, requirements_title);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, requirements);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, editors_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, editors_box);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, system_editor);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, first_turn_label);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, prompt_editor);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, answer_editor);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, turns_box);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, add_turn_button);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, checks);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, self_check_hint);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, self_check_box);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, self_check_empty);
  gtk_widget_class_bind_template_child (widget_class, RubricAuthorPage, guidelines);
  gtk_widget_class_set_css_name (widget_class, "authorpage");

  gtk_widget_class_install_action (widget_class, "author.add-turn", NULL, add_turn_action);
  gtk_widget_class_install_action (widget_class, "author.next-editor", NULL, cycle_action);
  gtk_widget_class_install_action (widget_class, "author.previous-editor", NULL, cycle_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_T, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "author.add-turn", NULL);
}

static void
rubric_author_page_init (RubricAuthorPage *self)
{
  GtkEventController *keys;
  Turn *first;

  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_page_set_parts (RUBRIC_PAGE (self), NULL, self->decision_bar, self->checks, self->side_panel);

  self->turns = g_ptr_array_new_with_free_func (g_free);
  self->self_check_ids = g_ptr_array_new_with_free_func (g_free);
  first = g_new0 (Turn, 1);
  first->label = self->first_turn_label;
  first->prompt = self->prompt_editor;
  first->answer = self->answer_editor;
  g_ptr_array_add (self->turns, first);
  watch_editor (self, self->system_editor);
  watch_editor (self, self->prompt_editor);
  watch_editor (self, self->answer_editor);

  /* F6 before anything inside takes it: a GtkPaned cycles its panes
   * with it, and the editors are inside one. */
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, 0),
                                                          gtk_named_action_new ("author.next-editor")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("author.previous-editor")));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/* Public -------------------------------------------------------------------- */

guint
rubric_author_page_get_n_turns (RubricAuthorPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_AUTHOR_PAGE (self), 0);
  return self->turns->len;
}

/**
 * rubric_author_page_add_turn:
 *
 * Appends a further user turn and its answer, and puts the keyboard in
 * its prompt.
 */
void
rubric_author_page_add_turn (RubricAuthorPage *self)
{
  Turn *turn;

  g_return_if_fail (RUBRIC_IS_AUTHOR_PAGE (self));
  if (rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return;
  turn = append_turn (self);
  rubric_text_editor_focus (turn->prompt);
  rubric_page_changed (RUBRIC_PAGE (self));
  self->reveal = turn->box;
  queue_follow_cursor (self);
}

guint
rubric_author_page_get_n_editors (RubricAuthorPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_AUTHOR_PAGE (self), 0);
  return 1 + 2 * self->turns->len;
}

/**
 * rubric_author_page_get_editor:
 * @index: 0 the system message, then each turn's prompt and answer
 *
 * Returns: (transfer none) (nullable): the editor, or %NULL past the end
 */
RubricTextEditor *
rubric_author_page_get_editor (RubricAuthorPage *self,
                               guint             index)
{
  g_return_val_if_fail (RUBRIC_IS_AUTHOR_PAGE (self), NULL);
  if (index == 0)
    return self->system_editor;
  index--;
  if (index / 2 >= self->turns->len)
    return NULL;
  return index % 2 == 0 ? turn_at (self, index / 2)->prompt : turn_at (self, index / 2)->answer;
}
