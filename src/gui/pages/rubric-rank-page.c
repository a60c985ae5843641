/* rubric-rank-page.c
 *
 * The responses stand as cards in ranked order; the order is the
 * annotation's ranking (response ids, best first), and its ties (ids
 * that share the rank of the card above). From the keyboard: type the
 * order (3142), or press a number to select a response and move it with
 * Alt+Up/Down; = ties it with the one above.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-rank-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-criteria-panel.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-rank-card.h"
#include "rubric-rank-page.h"

struct _RubricRankPage
{
  RubricPage           parent_instance;

  AdwFlap             *side_panel;
  RubricConversation  *conversation;
  GtkLabel            *hint;
  GtkListBox          *list;
  RubricChecksView    *checks;
  RubricDecisionBar   *decision_bar;
  RubricCriteriaPanel *criteria_panel;

  int                  selected;    /* response index, -1 for none */
  GString             *typed;
};

G_DEFINE_FINAL_TYPE (RubricRankPage, rubric_rank_page, RUBRIC_TYPE_PAGE)

static RubricTask *
task (RubricRankPage *self)
{
  return rubric_page_get_task (RUBRIC_PAGE (self));
}

static RubricAnnotation *
annotation (RubricRankPage *self)
{
  return rubric_page_get_annotation (RUBRIC_PAGE (self));
}

static guint
n_responses (RubricRankPage *self)
{
  return task (self) ? rubric_task_get_n_responses (task (self)) : 0;
}

static const char *
id_of (RubricRankPage *self,
       guint           index)
{
  return rubric_json_get_string (rubric_task_get_response (task (self), index), "id");
}

static int
index_of (RubricRankPage *self,
          const char     *id)
{
  for (guint i = 0; i < n_responses (self); i++)
    {
      if (g_strcmp0 (id_of (self, i), id) == 0)
        return i;
    }
  return -1;
}

static gboolean
ranked (RubricRankPage *self)
{
  return annotation (self) != NULL && annotation (self)->ranking->len == n_responses (self);
}

/* The order shown: the ranking, or file order before there is one. */
static GPtrArray *
current_order (RubricRankPage *self)
{
  GPtrArray *order = g_ptr_array_new ();

  for (guint i = 0; i < n_responses (self); i++)
    g_ptr_array_add (order, ranked (self) ? g_ptr_array_index (annotation (self)->ranking, i) : (gpointer) id_of (self, i));
  return order;
}

static void rebuild (RubricRankPage *self);

static void
set_order (RubricRankPage *self,
           GPtrArray      *ids)
{
  if (rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return;
  rubric_annotation_set_ranking (annotation (self), (const char * const *) ids->pdata, ids->len);
  rebuild (self);
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
dropped_cb (RubricRankPage *self,
            const char     *dragged,
            RubricRankCard *target)
{
  g_autoptr(GPtrArray) order = current_order (self);
  g_autoptr(GPtrArray) moved = g_ptr_array_new ();
  const char *target_id = rubric_rank_card_get_id (target);
  guint to = 0;

  for (guint i = 0; i < order->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (order, i), target_id) == 0)
        to = i;
      if (g_strcmp0 (g_ptr_array_index (order, i), dragged) != 0)
        g_ptr_array_add (moved, g_ptr_array_index (order, i));
    }
  g_ptr_array_insert (moved, MIN (to, moved->len), (gpointer) dragged);
  if (moved->len == order->len)
    set_order (self, moved);
}

static void
rebuild (RubricRankPage *self)
{
  g_autoptr(GPtrArray) order = current_order (self);
  int rank = 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < order->len; i++)
    {
      const char *id = g_ptr_array_index (order, i);
      int index = index_of (self, id);
      gboolean tied = rubric_annotation_is_tied (annotation (self), id);
      GtkWidget *card;
      GtkWidget *row = gtk_list_box_row_new ();

      if (!tied || i == 0)
        rank = i + 1;
      card = rubric_rank_card_new (rubric_task_get_response (task (self), index), index, ranked (self) ? rank : 0,
                                   tied, index == self->selected);
      g_signal_connect_object (card, "dropped", G_CALLBACK (dropped_cb), self, G_CONNECT_SWAPPED);
      /* The row takes the focus, so it reads as its card: rank and response. */
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), card);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_LABELLED_BY, card, NULL, -1);
      gtk_list_box_append (self->list, row);
    }
}

static void
update_hint (RubricRankPage *self)
{
  g_autofree char *text = NULL;

  if (self->typed->len > 0)
    text = g_strdup_printf (_("Order so far: %s"), self->typed->str);
  else
    text = g_strdup_printf (_("Type the order, best first (e.g. %s) · a number selects · Alt+↑/↓ moves · = ties with the one above · drag to reorder"),
                            n_responses (self) == 4 ? "3142" : "21");
  gtk_label_set_label (self->hint, text);
}

static void
select_response (RubricRankPage *self,
                 guint           response)
{
  if (response >= n_responses (self))
    return;
  self->selected = response;
  rebuild (self);
}

/* Actions ------------------------------------------------------------------ */

/**
 * rubric_rank_page_set_order:
 * @order: response numbers, best first, such as "3142"
 */
void
rubric_rank_page_set_order (RubricRankPage *self,
                            const char     *order)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();

  g_return_if_fail (RUBRIC_IS_RANK_PAGE (self));

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

/* A number selects that response and adds it to the order being typed;
 * with every response typed, the order is taken. */
static void
press_digit (RubricRankPage *self,
             guint           digit)
{
  char c = '0' + digit;

  if (digit < 1 || digit > n_responses (self) || strchr (self->typed->str, c) != NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      g_string_truncate (self->typed, 0);
    }
  else
    {
      g_string_append_c (self->typed, c);
      select_response (self, digit - 1);
      if (self->typed->len == n_responses (self))
        {
          g_autofree char *order = g_strdup (self->typed->str);

          g_string_truncate (self->typed, 0);
          rubric_rank_page_set_order (self, order);
        }
    }
  update_hint (self);
}

/* Moves the selected response up (-1) or down (+1) the ranking. */
static void
move (RubricRankPage *self,
      int             delta)
{
  g_autoptr(GPtrArray) order = current_order (self);
  g_autoptr(GPtrArray) moved = NULL;
  const char *id = id_of (self, self->selected);
  int at = -1;

  for (guint i = 0; i < order->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (order, i), id) == 0)
        at = i;
    }
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

/* The selected response shares the rank of the one above it, or no
 * longer does. */
static void
toggle_tie (RubricRankPage *self)
{
  RubricAnnotation *a = annotation (self);
  const char *id;
  g_autoptr(GPtrArray) ties = NULL;
  gboolean was_tied;

  if (self->selected < 0)
    return;
  if (!rubric_page_get_config (RUBRIC_PAGE (self))->allow_tie)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  id = id_of (self, self->selected);
  was_tied = rubric_annotation_is_tied (a, id);
  ties = g_ptr_array_new ();
  for (guint i = 0; i < a->ties->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (a->ties, i), id) != 0)
        g_ptr_array_add (ties, g_ptr_array_index (a->ties, i));
    }
  if (!was_tied)
    g_ptr_array_add (ties, (gpointer) id);
  rubric_annotation_set_ties (a, (const char * const *) ties->pdata, ties->len);
  if (!ranked (self))
    {
      g_autoptr(GPtrArray) order = current_order (self);

      set_order (self, order);
      return;
    }
  rebuild (self);
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
order_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  rubric_rank_page_set_order (RUBRIC_RANK_PAGE (widget), g_variant_get_string (param, NULL));
}

static void
digit_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  press_digit (RUBRIC_RANK_PAGE (widget), g_variant_get_uint32 (param));
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RubricRankPage *self = RUBRIC_RANK_PAGE (widget);

  if (self->selected < 0)
    gtk_widget_error_bell (widget);
  else
    move (self, g_variant_get_int32 (param));
}

static void
tie_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  toggle_tie (RUBRIC_RANK_PAGE (widget));
}

/* With a response selected, Alt+Up/Down move it; else they go on to the
 * window, which moves between tasks. */
static gboolean
move_binding (GtkWidget *widget,
              GVariant  *args,
              gpointer   user_data)
{
  RubricRankPage *self = RUBRIC_RANK_PAGE (widget);

  if (self->selected < 0 || rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return FALSE;
  move (self, g_variant_get_int32 (args));
  return TRUE;
}

static gboolean
escape_binding (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  RubricRankPage *self = RUBRIC_RANK_PAGE (widget);

  if (self->typed->len == 0)
    return FALSE;
  g_string_truncate (self->typed, 0);
  update_hint (self);
  return TRUE;
}

static void
panel_changed_cb (RubricRankPage *self)
{
  rubric_page_changed (RUBRIC_PAGE (self));
}

/* RubricPage ---------------------------------------------------------------- */

static void
rubric_rank_page_load (RubricPage *page)
{
  RubricRankPage *self = RUBRIC_RANK_PAGE (page);
  const char *ids[RUBRIC_MAX_RESPONSES];

  self->selected = -1;
  g_string_truncate (self->typed, 0);
  for (guint i = 0; i < n_responses (self) && i < RUBRIC_MAX_RESPONSES; i++)
    ids[i] = id_of (self, i);
  rubric_criteria_panel_show (self->criteria_panel, rubric_page_get_config (page), ids,
                              MIN (n_responses (self), RUBRIC_MAX_RESPONSES), annotation (self));
  rebuild (self);
  update_hint (self);
}

static void
rubric_rank_page_update_state (RubricPage *page)
{
  RubricRankPage *self = RUBRIC_RANK_PAGE (page);
  gboolean editable = !rubric_page_get_read_only (page);

  rubric_criteria_panel_set_editable (self->criteria_panel, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rank.order", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rank.digit", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rank.tie", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "rank.move", editable);
}

static GPtrArray *
rubric_rank_page_check (RubricPage *page)
{
  return rubric_ranking_check (rubric_page_get_config (page), rubric_page_get_task (page),
                               rubric_page_get_annotation (page));
}

static RubricCriteriaPanel *
rubric_rank_page_get_criteria_panel_vfunc (RubricPage *page)
{
  return RUBRIC_RANK_PAGE (page)->criteria_panel;
}

/* GObject ------------------------------------------------------------------ */

static void
rubric_rank_page_dispose (GObject *object)
{
  RubricRankPage *self = (RubricRankPage *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_RANK_PAGE);
  if (self->typed != NULL)
    g_string_free (g_steal_pointer (&self->typed), TRUE);

  G_OBJECT_CLASS (rubric_rank_page_parent_class)->dispose (object);
}

static void
rubric_rank_page_class_init (RubricRankPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RubricPageClass *page_class = RUBRIC_PAGE_CLASS (klass);
  static const guint digits[] = { GDK_KEY_1, GDK_KEY_2, GDK_KEY_3, GDK_KEY_4, GDK_KEY_5,
                                  GDK_KEY_6, GDK_KEY_7, GDK_KEY_8, GDK_KEY_9 };
  static const guint keypad[] = { GDK_KEY_KP_1, GDK_KEY_KP_2, GDK_KEY_KP_3, GDK_KEY_KP_4, GDK_KEY_KP_5,
                                  GDK_KEY_KP_6, GDK_KEY_KP_7, GDK_KEY_KP_8, GDK_KEY_KP_9 };

  G_OBJECT_CLASS (klass)->dispose = rubric_rank_page_dispose;
  page_class->load = rubric_rank_page_load;
  page_class->get_criteria_panel = rubric_rank_page_get_criteria_panel_vfunc;
  page_class->update_state = rubric_rank_page_update_state;
  page_class->check = rubric_rank_page_check;

  g_type_ensure (RUBRIC_TYPE_CONVERSATION);
  g_type_ensure (RUBRIC_TYPE_CHECKS_VIEW);
  g_type_ensure (RUBRIC_TYPE_DECISION_BAR);
  g_type_ensure (RUBRIC_TYPE_CRITERIA_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-rank-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricRankPage, side_panel);
  gtk_widget_class_bind_template_child (widget_class, RubricRankPage, conversation);
  gtk_widget_class_bind_template_child (widget_class, RubricRankPage, hint);
  gtk_widget_class_bind_template_child (widget_class, RubricRankPage, list);
  gtk_widget_class_bind_template_child (widget_class, RubricRankPage, checks);
  gtk_widget_class_bind_template_child (widget_class, RubricRankPage, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricRankPage, criteria_panel);
  gtk_widget_class_set_css_name (widget_class, "rankpage");

  gtk_widget_class_install_action (widget_class, "rank.order", "s", order_action);
  gtk_widget_class_install_action (widget_class, "rank.digit", "u", digit_action);
  gtk_widget_class_install_action (widget_class, "rank.tie", NULL, tie_action);
  gtk_widget_class_install_action (widget_class, "rank.move", "i", move_action);
  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    {
      gtk_widget_class_add_binding_action (widget_class, digits[i], 0, "rank.digit", "u", i + 1);
      gtk_widget_class_add_binding_action (widget_class, keypad[i], 0, "rank.digit", "u", i + 1);
    }
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, 0, "rank.tie", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Up, GDK_ALT_MASK, move_binding, "i", -1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Down, GDK_ALT_MASK, move_binding, "i", 1);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_binding, NULL);
}

static void
rubric_rank_page_init (RubricRankPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_page_set_parts (RUBRIC_PAGE (self), self->conversation, self->decision_bar, self->checks, self->side_panel);
  self->typed = g_string_new (NULL);
  self->selected = -1;
  g_signal_connect_object (self->criteria_panel, "changed", G_CALLBACK (panel_changed_cb), self, G_CONNECT_SWAPPED);
}

RubricCriteriaPanel *
rubric_rank_page_get_criteria_panel (RubricRankPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_RANK_PAGE (self), NULL);
  return self->criteria_panel;
}
