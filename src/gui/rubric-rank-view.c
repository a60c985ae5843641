/* rubric-rank-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-rank-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "rubric-criteria-panel.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-markdown-view.h"
#include "rubric-page.h"
#include "rubric-page-parts.h"
#include "rubric-rank-view.h"

/*
 * The responses stand as cards in ranked order. The order lives in
 * the annotation's data: "ranking" (response ids, best first) and
 * "ties" (ids that share the rank of the card above).
 */
struct _RubricRankView
{
  GtkWidget            parent_instance;
  AdwFlap             *flap;
  GtkBox              *conversation;
  GtkListBox          *list;
  GtkLabel            *hint;
  GtkRevealer         *checks_revealer;
  GtkBox              *checks_box;
  RubricDecisionBar    bar;
  RubricCriteriaPanel *panel;

  RubricTask          *task;
  RubricSetConfig     *config;
  json_object         *data;
  int                  selected;    /* response index, -1 for none */
  GString             *typed;
  gboolean             read_only;
};

static void page_iface_init (RubricPageInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RubricRankView, rubric_rank_view, GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (RUBRIC_TYPE_PAGE, page_iface_init))

static guint
n_responses (RubricRankView *self)
{
  return self->task ? rubric_task_get_n_responses (self->task) : 0;
}

static const char *
id_of (RubricRankView *self,
       guint           index)
{
  return rubric_json_get_string (rubric_task_get_response (self->task, index), "id");
}

static int
index_of (RubricRankView *self,
          const char     *id)
{
  for (guint i = 0; i < n_responses (self); i++)
    if (g_strcmp0 (id_of (self, i), id) == 0)
      return i;
  return -1;
}

/* The order shown: the ranking, or file order before there is one. */
static GPtrArray *
current_order (RubricRankView *self)
{
  json_object *ranking = rubric_json_get_typed (self->data, "ranking", json_type_array);
  GPtrArray *order = g_ptr_array_new ();

  if (ranking != NULL && json_object_array_length (ranking) == n_responses (self))
    for (gsize i = 0; i < json_object_array_length (ranking); i++)
      g_ptr_array_add (order, (gpointer) json_object_get_string (json_object_array_get_idx (ranking, i)));
  else
    for (guint i = 0; i < n_responses (self); i++)
      g_ptr_array_add (order, (gpointer) id_of (self, i));
  return order;
}

static gboolean
is_tied (RubricRankView *self,
         const char     *id)
{
  json_object *ties = rubric_json_get_typed (self->data, "ties", json_type_array);

  for (gsize i = 0; ties != NULL && i < json_object_array_length (ties); i++)
    if (g_strcmp0 (json_object_get_string (json_object_array_get_idx (ties, i)), id) == 0)
      return TRUE;
  return FALSE;
}

static void rebuild (RubricRankView *self);

static void
set_order (RubricRankView *self,
           GPtrArray      *ids)
{
  json_object *ranking = json_object_new_array ();

  if (self->read_only)
    return;
  for (guint i = 0; i < ids->len; i++)
    json_object_array_add (ranking, json_object_new_string (g_ptr_array_index (ids, i)));
  json_object_object_add (self->data, "ranking", ranking);
  rebuild (self);
  g_signal_emit_by_name (self, "changed");
}

static void
drop_on (RubricRankView *self,
         const char     *dragged,
         const char     *target)
{
  g_autoptr(GPtrArray) order = current_order (self);
  g_autoptr(GPtrArray) moved = g_ptr_array_new ();
  guint to = 0;

  for (guint i = 0; i < order->len; i++)
    if (g_strcmp0 (g_ptr_array_index (order, i), target) == 0)
      to = i;
  for (guint i = 0; i < order->len; i++)
    if (g_strcmp0 (g_ptr_array_index (order, i), dragged) != 0)
      g_ptr_array_add (moved, g_ptr_array_index (order, i));
  g_ptr_array_insert (moved, MIN (to, moved->len), (gpointer) dragged);
  set_order (self, moved);
}

static GdkContentProvider *
drag_prepare_cb (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkWidget     *row)
{
  return gdk_content_provider_new_typed (G_TYPE_STRING, g_object_get_data (G_OBJECT (row), "id"));
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *row)
{
  RubricRankView *self = RUBRIC_RANK_VIEW (gtk_widget_get_ancestor (row, RUBRIC_TYPE_RANK_VIEW));

  drop_on (self, g_value_get_string (value), g_object_get_data (G_OBJECT (row), "id"));
  return TRUE;
}

static GtkWidget *
card (RubricRankView *self,
      const char     *id,
      int             rank)
{
  int index = index_of (self, id);
  json_object *response = rubric_task_get_response (self->task, index);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  g_autofree char *rank_text = rank > 0 ? g_strdup_printf ("%d", rank) : g_strdup ("–");
  GtkWidget *badge = gtk_label_new (rank_text);
  g_autofree char *title_text = g_strdup_printf (_("Response %c  (%d)"), 'A' + index, index + 1);
  GtkWidget *title = gtk_label_new (title_text);
  GtkWidget *expander = gtk_expander_new (NULL);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *body = rubric_markdown_view_new ();
  GtkDragSource *drag = gtk_drag_source_new ();
  GtkDropTarget *drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_MOVE);
  const char *model = rubric_json_get_string (response, "model");

  gtk_widget_add_css_class (row, "card");
  gtk_widget_add_css_class (row, "rank-card");
  if (index == self->selected)
    gtk_widget_add_css_class (row, "chosen");
  gtk_widget_add_css_class (badge, "rank-badge");
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (header), badge);
  gtk_box_append (GTK_BOX (header), title);
  if (model != NULL)
    {
      GtkWidget *model_label = gtk_label_new (model);
      gtk_widget_add_css_class (model_label, "dim-label");
      gtk_box_append (GTK_BOX (header), model_label);
    }
  if (is_tied (self, id))
    {
      GtkWidget *tie = gtk_label_new (_("tied with the one above"));
      gtk_widget_add_css_class (tie, "dim-label");
      gtk_box_append (GTK_BOX (header), tie);
    }

  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (body), rubric_json_get_string (response, "content"));
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (body), 14);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (body), 14);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), body);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 140);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 260);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_expander_set_label_widget (GTK_EXPANDER (expander), header);
  gtk_expander_set_child (GTK_EXPANDER (expander), scroller);
  gtk_expander_set_expanded (GTK_EXPANDER (expander), TRUE);
  gtk_box_append (GTK_BOX (row), expander);

  g_object_set_data_full (G_OBJECT (row), "id", g_strdup (id), g_free);
  g_signal_connect (drag, "prepare", G_CALLBACK (drag_prepare_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drag));
  g_signal_connect (drop, "drop", G_CALLBACK (drop_cb), row);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (drop));
  return row;
}

static void
rebuild (RubricRankView *self)
{
  g_autoptr(GPtrArray) order = current_order (self);
  gboolean ranked = rubric_json_get_typed (self->data, "ranking", json_type_array) != NULL;
  int rank = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < order->len; i++)
    {
      const char *id = g_ptr_array_index (order, i);

      if (!is_tied (self, id) || i == 0)
        rank = i + 1;
      gtk_list_box_append (self->list, card (self, id, ranked ? rank : 0));
    }
}

static void
update_hint (RubricRankView *self)
{
  g_autofree char *text = NULL;

  if (self->typed->len > 0)
    text = g_strdup_printf (_("Order so far: %s"), self->typed->str);
  else
    text = g_strdup_printf (_("Type the order, best first (e.g. %s) · a number selects · Alt+↑/↓ moves · = ties with the one above · drag to reorder"),
                            n_responses (self) == 4 ? "3142" : "21");
  gtk_label_set_label (self->hint, text);
}

/* Digits type the order; with the whole order typed, it is taken. */
static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                RubricRankView        *self)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  guint32 c = gdk_keyval_to_unicode (keyval);

  if (self->read_only || (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->panel))))
    return FALSE;
  if ((state & GDK_ALT_MASK) && (keyval == GDK_KEY_Up || keyval == GDK_KEY_Down))
    {
      rubric_rank_view_move (self, keyval == GDK_KEY_Up ? -1 : 1);
      return TRUE;
    }
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (c == '=')
    {
      rubric_rank_view_toggle_tie (self);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape && self->typed->len > 0)
    {
      g_string_truncate (self->typed, 0);
      update_hint (self);
      return TRUE;
    }
  if (c >= '1' && c <= '9')
    {
      rubric_rank_view_press_digit (self, c - '0');
      return TRUE;
    }
  return FALSE;
}

static void
panel_changed_cb (RubricRankView *self)
{
  g_signal_emit_by_name (self, "changed");
}


static void
rubric_rank_view_dispose (GObject *object)
{
  RubricRankView *self = (RubricRankView *) object;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->data, json_object_put);
  g_clear_pointer (&self->config, rubric_set_config_unref);
  if (self->typed != NULL)
    g_string_free (self->typed, TRUE);
  self->typed = NULL;

  G_OBJECT_CLASS (rubric_rank_view_parent_class)->dispose (object);
}

static void
rubric_rank_view_class_init (RubricRankViewClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rubric_rank_view_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "rankview");
}

static void
rubric_rank_view_init (RubricRankView *self)
{
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *conversation_scroller = gtk_scrolled_window_new ();
  GtkWidget *list_scroller = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->typed = g_string_new (NULL);
  self->selected = -1;
  self->data = json_object_new_object ();
  self->flap = ADW_FLAP (adw_flap_new ());
  adw_flap_set_flap_position (self->flap, GTK_PACK_END);
  adw_flap_set_fold_threshold_policy (self->flap, ADW_FOLD_THRESHOLD_POLICY_MINIMUM);
  adw_flap_set_swipe_to_open (self->flap, FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->flap), GTK_WIDGET (self));

  self->conversation = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 8));
  gtk_widget_set_margin_start (GTK_WIDGET (self->conversation), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->conversation), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->conversation), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->conversation), 10);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (conversation_scroller), GTK_WIDGET (self->conversation));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (conversation_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (conversation_scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (conversation_scroller), 160);

  self->hint = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->hint, TRUE);
  gtk_label_set_xalign (self->hint, 0.0f);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->hint), "rank-hint");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "rank-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (list_scroller), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (list_scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (list_scroller, TRUE);

  self->checks_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 4));
  gtk_widget_add_css_class (GTK_WIDGET (self->checks_box), "checks");
  gtk_widget_set_margin_start (GTK_WIDGET (self->checks_box), 18);
  self->checks_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_child (self->checks_revealer, GTK_WIDGET (self->checks_box));

  gtk_box_append (GTK_BOX (content), conversation_scroller);
  gtk_box_append (GTK_BOX (content), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->hint));
  gtk_box_append (GTK_BOX (content), list_scroller);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->checks_revealer));
  rubric_decision_bar_init (&self->bar);
  gtk_box_append (GTK_BOX (content), self->bar.box);
  gtk_widget_set_hexpand (content, TRUE);
  adw_flap_set_content (self->flap, content);
  adw_flap_set_separator (self->flap, gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  self->panel = RUBRIC_CRITERIA_PANEL (rubric_criteria_panel_new ());
  gtk_widget_set_size_request (GTK_WIDGET (self->panel), 300, -1);
  gtk_widget_add_css_class (GTK_WIDGET (self->panel), "background");
  adw_flap_set_flap (self->flap, GTK_WIDGET (self->panel));
  g_signal_connect_object (self->panel, "changed", G_CALLBACK (panel_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/**
 * rubric_rank_view_press_digit:
 * @digit: 1 to 9
 *
 * A number selects that response and adds it to the order being
 * typed; with every response typed, the order is taken.
 */
void
rubric_rank_view_press_digit (RubricRankView *self,
                              guint           digit)
{
  char c = '0' + digit;

  if (self->read_only)
    return;
  if (digit < 1 || digit > n_responses (self) || strchr (self->typed->str, c) != NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      g_string_truncate (self->typed, 0);
    }
  else
    {
      g_string_append_c (self->typed, c);
      rubric_rank_view_select (self, digit - 1);
      if (self->typed->len == n_responses (self))
        {
          g_autofree char *order = g_strdup (self->typed->str);

          g_string_truncate (self->typed, 0);
          rubric_rank_view_set_order (self, order);
        }
    }
  update_hint (self);
}

gboolean
rubric_rank_view_has_selection (RubricRankView *self)
{
  return self->selected >= 0;
}

GtkWidget *
rubric_rank_view_new (void)
{
  return g_object_new (RUBRIC_TYPE_RANK_VIEW, NULL);
}

/**
 * rubric_rank_view_set_order:
 * @order: response numbers, best first, such as "3142"
 */
void
rubric_rank_view_set_order (RubricRankView *self,
                            const char     *order)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_return_if_fail (RUBRIC_IS_RANK_VIEW (self));

  for (const char *p = order; *p; p++)
    {
      guint index = *p - '1';

      if (index >= n_responses (self))
        return;
      g_ptr_array_add (ids, (gpointer) id_of (self, index));
    }
  if (ids->len == n_responses (self))
    set_order (self, ids);
}

void
rubric_rank_view_select (RubricRankView *self,
                         guint           response)
{
  if (response >= n_responses (self))
    return;
  self->selected = response;
  rebuild (self);
}

/* Moves the selected response up (-1) or down (+1) the ranking. */
void
rubric_rank_view_move (RubricRankView *self,
                       int             delta)
{
  g_autoptr(GPtrArray) order = current_order (self);
  g_autoptr(GPtrArray) moved = NULL;
  const char *id;
  int at = -1;

  if (self->selected < 0)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  id = id_of (self, self->selected);
  for (guint i = 0; i < order->len; i++)
    if (g_strcmp0 (g_ptr_array_index (order, i), id) == 0)
      at = i;
  if (at + delta < 0 || at + delta >= (int) order->len)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  moved = g_ptr_array_copy (order, NULL, NULL);
  g_ptr_array_index (moved, at) = g_ptr_array_index (order, at + delta);
  g_ptr_array_index (moved, at + delta) = (gpointer) id;
  set_order (self, moved);
}

/* The selected response shares the rank of the one above it. */
void
rubric_rank_view_toggle_tie (RubricRankView *self)
{
  json_object *ties = rubric_json_get_typed (self->data, "ties", json_type_array);
  json_object *updated = json_object_new_array ();
  const char *id;
  gboolean removed = FALSE;

  if (self->selected < 0 || self->read_only)
    {
      json_object_put (updated);
      return;
    }
  if (!self->config->allow_tie)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      json_object_put (updated);
      return;
    }
  id = id_of (self, self->selected);
  for (gsize i = 0; ties != NULL && i < json_object_array_length (ties); i++)
    {
      const char *other = json_object_get_string (json_object_array_get_idx (ties, i));

      if (g_strcmp0 (other, id) == 0)
        removed = TRUE;
      else
        json_object_array_add (updated, json_object_new_string (other));
    }
  if (!removed)
    json_object_array_add (updated, json_object_new_string (id));
  json_object_object_add (self->data, "ties", updated);
  if (rubric_json_get_typed (self->data, "ranking", json_type_array) == NULL)
    {
      g_autoptr(GPtrArray) order = current_order (self);
      set_order (self, order);
      return;
    }
  rebuild (self);
  g_signal_emit_by_name (self, "changed");
}

/* RubricPage ---------------------------------------------------------------- */

static void
page_show_state (RubricPage             *page,
                 const RubricAnnotation *annotation)
{
  RubricRankView *self = RUBRIC_RANK_VIEW (page);

  self->read_only = rubric_decision_bar_show (&self->bar, annotation);
  gtk_widget_set_sensitive (GTK_WIDGET (self->panel), !self->read_only);
}

static void
page_show (RubricPage             *page,
           RubricTask             *task,
           RubricSetConfig        *config,
           const RubricAnnotation *annotation)
{
  RubricRankView *self = RUBRIC_RANK_VIEW (page);
  const char *ids[RUBRIC_MAX_RESPONSES];

  self->task = task;
  rubric_page_take_config (&self->config, config);
  g_clear_pointer (&self->data, json_object_put);
  self->data = rubric_page_data_new (annotation);
  self->selected = -1;
  g_string_truncate (self->typed, 0);

  rubric_clear_box (self->conversation);
  gtk_box_append (self->conversation, rubric_message_block (_("Prompt"), rubric_task_get_prompt (task), "prompt"));

  for (guint i = 0; i < n_responses (self); i++)
    ids[i] = id_of (self, i);
  rubric_criteria_panel_show (self->panel, config, ids, n_responses (self), self->data);
  page_show_state (page, annotation);
  rebuild (self);
  update_hint (self);
  gtk_revealer_set_reveal_child (self->checks_revealer, FALSE);
}

static void
page_show_checks (RubricPage *page,
                  GPtrArray  *checks)
{
  RubricRankView *self = RUBRIC_RANK_VIEW (page);

  rubric_show_checks (self->checks_box, self->checks_revealer, checks);
}

static gboolean
page_get_read_only (RubricPage *page)
{
  return RUBRIC_RANK_VIEW (page)->read_only;
}

static json_object *
page_get_data (RubricPage *page)
{
  return RUBRIC_RANK_VIEW (page)->data;
}

static void
page_collect (RubricPage       *page,
              RubricAnnotation *annotation)
{
}

static GPtrArray *
page_check (RubricPage *page,
            gint64      active_ms)
{
  RubricRankView *self = RUBRIC_RANK_VIEW (page);

  return rubric_ranking_check (self->config, self->task, self->data, active_ms);
}

static void
page_set_side_panel (RubricPage *page,
                     gboolean    shown)
{
  adw_flap_set_reveal_flap (RUBRIC_RANK_VIEW (page)->flap, shown);
}

static void
page_iface_init (RubricPageInterface *iface)
{
  iface->show = page_show;
  iface->show_state = page_show_state;
  iface->show_checks = page_show_checks;
  iface->get_read_only = page_get_read_only;
  iface->get_data = page_get_data;
  iface->collect = page_collect;
  iface->check = page_check;
  iface->set_side_panel = page_set_side_panel;
}
