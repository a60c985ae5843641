/* rubric-red-team-page.c
 *
 * A red-team attempt, written down: the brief on the left with the harm
 * category, technique, rules and target model it names; on the right
 * each attack and the target model's reply, pasted in (Rubric calls no
 * model), with whether the model complied; then how far the attack got
 * on the set's 0–4 scale, the harm category and tags of the set's
 * taxonomy, a description of the attempt and, optionally, the reply the
 * model should have given (each a RubricTextEditor: spelling in the
 * Preferences' language, counts, a preview and a find bar).
 *
 * The widgets hold the turns, the category and the texts while the
 * page shows them; collect() copies them into the annotation, where the
 * task's own harm category stands until another is chosen. Success and
 * tags are set in the annotation as they are chosen.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-red-team-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-attack-turn.h"
#include "rubric-authoring.h"
#include "rubric-json.h"
#include "rubric-markdown-view.h"
#include "rubric-red-team-page.h"
#include "rubric-text-editor.h"

struct _RubricRedTeamPage
{
  RubricPage          parent_instance;

  AdwFlap            *side_panel;
  GtkPaned           *paned;
  GtkWidget          *brief_scroller;
  GtkWidget          *work_box;
  RubricMarkdownView *brief;
  GtkWidget          *facts_card;
  GtkGrid            *facts_grid;
  GtkBox             *turns_box;
  GtkBox             *success_box;
  GtkDropDown        *category;
  GtkWidget          *tags_title;
  GtkGrid            *tags_grid;
  RubricTextEditor   *description;
  RubricTextEditor   *safe_reply;
  RubricChecksView   *checks;
  RubricDecisionBar  *decision_bar;
  RubricMarkdownView *guidelines;

  GtkToggleButton    *success_buttons[RUBRIC_MAX_SUCCESS + 1];
  GtkStringList      *categories;        /* "" first: none chosen */
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (RubricRedTeamPage, rubric_red_team_page, RUBRIC_TYPE_PAGE)

/* What the brief's facts are called, in the task file and on screen. */
static const struct {
  const char *key;
  const char *label;
} facts[] = {
  { "harm_category", N_("Harm category") },
  { "technique", N_("Technique") },
  { "rules", N_("Rules") },
  { "target_model", N_("Target model") },
};

static RubricAnnotation *
annotation (RubricRedTeamPage *self)
{
  return rubric_page_get_annotation (RUBRIC_PAGE (self));
}

static RubricSetConfig *
config (RubricRedTeamPage *self)
{
  return rubric_page_get_config (RUBRIC_PAGE (self));
}

static const char *
task_string (RubricRedTeamPage *self,
             const char        *key)
{
  const char *value = rubric_json_get_string (rubric_page_get_task (RUBRIC_PAGE (self))->object, key);

  return value != NULL && *value != '\0' ? value : NULL;
}

/* The editor's text, or %NULL when there is nothing but space. */
static char *
dup_text_or_null (RubricTextEditor *editor)
{
  char *text = rubric_text_editor_dup_text (editor);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static void
changed_cb (RubricRedTeamPage *self)
{
  if (!self->loading)
    rubric_page_changed (RUBRIC_PAGE (self));
}

/* Turns -------------------------------------------------------------------- */

static RubricAttackTurn *
turn_at (RubricRedTeamPage *self,
         guint              index)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->turns_box));

  for (guint i = 0; child != NULL && i < index; i++)
    child = gtk_widget_get_next_sibling (child);
  return child != NULL ? RUBRIC_ATTACK_TURN (child) : NULL;
}

/* The turn that holds the keyboard focus, else the last one. */
static RubricAttackTurn *
current_turn (RubricRedTeamPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GtkWidget *turn = focus != NULL ? gtk_widget_get_ancestor (focus, RUBRIC_TYPE_ATTACK_TURN) : NULL;

  if (turn != NULL && gtk_widget_get_parent (turn) == GTK_WIDGET (self->turns_box))
    return RUBRIC_ATTACK_TURN (turn);
  turn = gtk_widget_get_last_child (GTK_WIDGET (self->turns_box));
  return turn != NULL ? RUBRIC_ATTACK_TURN (turn) : NULL;
}

/* Numbers the turns from 1; one alone cannot be removed. */
static void
renumber_turns (RubricRedTeamPage *self)
{
  guint n = rubric_red_team_page_get_n_turns (self);
  guint i = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->turns_box)); c; c = gtk_widget_get_next_sibling (c))
    {
      rubric_attack_turn_set_number (RUBRIC_ATTACK_TURN (c), ++i);
      rubric_attack_turn_set_removable (RUBRIC_ATTACK_TURN (c), n > 1);
    }
}

static void
turn_remove_cb (RubricRedTeamPage *self,
                RubricAttackTurn  *turn)
{
  GtkWidget *previous = gtk_widget_get_prev_sibling (GTK_WIDGET (turn));

  if (rubric_page_get_read_only (RUBRIC_PAGE (self)) || rubric_red_team_page_get_n_turns (self) < 2)
    return;
  gtk_box_remove (self->turns_box, GTK_WIDGET (turn));
  renumber_turns (self);
  previous = previous != NULL ? previous : gtk_widget_get_first_child (GTK_WIDGET (self->turns_box));
  gtk_widget_grab_focus (GTK_WIDGET (rubric_attack_turn_get_attack_view (RUBRIC_ATTACK_TURN (previous))));
  rubric_page_changed (RUBRIC_PAGE (self));
}

static RubricAttackTurn *
append_turn (RubricRedTeamPage *self)
{
  GtkWidget *turn = rubric_attack_turn_new (rubric_red_team_page_get_n_turns (self) + 1);

  g_signal_connect_object (turn, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (turn, "remove", G_CALLBACK (turn_remove_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->turns_box, turn);
  renumber_turns (self);
  return RUBRIC_ATTACK_TURN (turn);
}

static void
show_turns (RubricRedTeamPage *self)
{
  GPtrArray *turns = annotation (self)->turns;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->turns_box))) != NULL)
    gtk_box_remove (self->turns_box, child);
  for (guint i = 0; i < turns->len; i++)
    {
      RubricTurn *turn = g_ptr_array_index (turns, i);

      rubric_attack_turn_set_turn (append_turn (self), turn->prompt, turn->reply, turn->outcome);
    }
  if (turns->len == 0)
    append_turn (self);
}

/* The turns as shown; empty ones at the end are not work yet. */
static void
collect_turns (RubricRedTeamPage *self)
{
  GPtrArray *turns = annotation (self)->turns;
  guint n = rubric_red_team_page_get_n_turns (self);

  while (n > 0 && rubric_attack_turn_is_empty (turn_at (self, n - 1)))
    n--;
  g_ptr_array_set_size (turns, 0);
  for (guint i = 0; i < n; i++)
    {
      RubricAttackTurn *widget = turn_at (self, i);
      RubricTurn *turn = rubric_annotation_add_turn (annotation (self));

      turn->prompt = rubric_attack_turn_dup_attack (widget);
      turn->reply = rubric_attack_turn_dup_reply (widget);
      turn->outcome = g_strdup (rubric_attack_turn_get_outcome (widget));
    }
}

/* The brief ----------------------------------------------------------------- */

static void
show_facts (RubricRedTeamPage *self)
{
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_grid))) != NULL)
    gtk_grid_remove (self->facts_grid, child);
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      const char *value = task_string (self, facts[i].key);
      GtkWidget *name, *label;

      if (value == NULL)
        continue;
      name = gtk_label_new (_(facts[i].label));
      gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
      gtk_label_set_yalign (GTK_LABEL (name), 0.0f);
      gtk_widget_add_css_class (name, "dim-label");
      label = gtk_label_new (value);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_grid_attach (self->facts_grid, name, 0, row, 1, 1);
      gtk_grid_attach (self->facts_grid, label, 1, row, 1, 1);
      row++;
    }
  gtk_widget_set_visible (self->facts_card, row > 0);
}

/* Success ------------------------------------------------------------------- */

static void
success_toggled_cb (RubricRedTeamPage *self,
                    GtkToggleButton   *button)
{
  if (self->loading || annotation (self) == NULL || !gtk_toggle_button_get_active (button))
    return;
  for (int i = 0; i <= RUBRIC_MAX_SUCCESS; i++)
    {
      if (self->success_buttons[i] == button)
        annotation (self)->success = i;
    }
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
build_success_buttons (RubricRedTeamPage *self)
{
  for (int i = 0; i <= RUBRIC_MAX_SUCCESS; i++)
    {
      GtkWidget *button = gtk_toggle_button_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      g_autofree char *digit = g_strdup_printf ("%d", i);
      GtkWidget *number = gtk_label_new (digit);
      GtkWidget *label = gtk_label_new (NULL);

      gtk_widget_add_css_class (number, "heading");
      gtk_widget_add_css_class (label, "caption");
      /* Where the row is short of room a label takes two lines before
       * it is cut. */
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_lines (GTK_LABEL (label), 2);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), number);
      gtk_box_append (GTK_BOX (box), label);
      gtk_button_set_child (GTK_BUTTON (button), box);
      if (i > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button), self->success_buttons[0]);
      g_signal_connect_object (button, "toggled", G_CALLBACK (success_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (self->success_box, button);
      self->success_buttons[i] = GTK_TOGGLE_BUTTON (button);
    }
}

/* The set's own labels, in the buttons, their tooltips and for a
 * screen reader. */
static void
label_success_buttons (RubricRedTeamPage *self)
{
  for (int i = 0; i <= RUBRIC_MAX_SUCCESS; i++)
    {
      GtkWidget *box = gtk_button_get_child (GTK_BUTTON (self->success_buttons[i]));
      const char *name = rubric_set_config_get_success_label (config (self), i);
      /* TRANSLATORS: a success level of a red-team attack and its key, "Partial (Alt+2)" */
      g_autofree char *tooltip = g_strdup_printf (_("%s (Alt+%d)"), name, i);
      /* TRANSLATORS: what a screen reader says of a success level, "2: Partial" */
      g_autofree char *accessible = g_strdup_printf (_("%d: %s"), i, name);

      gtk_label_set_label (GTK_LABEL (gtk_widget_get_last_child (box)), name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->success_buttons[i]), tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->success_buttons[i]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      accessible, -1);
    }
}

static void
show_success (RubricRedTeamPage *self)
{
  int success = annotation (self)->success;

  for (int i = 0; i <= RUBRIC_MAX_SUCCESS; i++)
    gtk_toggle_button_set_active (self->success_buttons[i], i == success);
}

/* Category and tags ---------------------------------------------------------- */

static void
add_category (RubricRedTeamPage *self,
              const char        *category)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));

  if (category == NULL || *category == '\0')
    return;
  for (guint i = 0; i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->categories, i), category) == 0)
        return;
    }
  gtk_string_list_append (self->categories, category);
}

/* The set's categories, and the task's and the annotation's where the
 * set does not name them: a category is never lost for want of a row. */
static void
show_category (RubricRedTeamPage *self)
{
  const char *chosen = annotation (self)->category ? annotation (self)->category
                                                   : task_string (self, "harm_category");
  g_autoptr(GtkStringList) list = gtk_string_list_new (NULL);
  guint n;

  gtk_string_list_append (list, _("Choose a Category…"));
  g_set_object (&self->categories, list);
  for (guint i = 0; i < config (self)->harm_categories->len; i++)
    add_category (self, g_ptr_array_index (config (self)->harm_categories, i));
  add_category (self, task_string (self, "harm_category"));
  add_category (self, annotation (self)->category);
  gtk_drop_down_set_model (self->category, G_LIST_MODEL (self->categories));
  gtk_drop_down_set_selected (self->category, 0);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->categories));
  for (guint i = 1; chosen != NULL && i < n; i++)
    {
      if (g_strcmp0 (gtk_string_list_get_string (self->categories, i), chosen) == 0)
        gtk_drop_down_set_selected (self->category, i);
    }
}

static char *
dup_category (RubricRedTeamPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->category);

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return NULL;
  return g_strdup (gtk_string_list_get_string (self->categories, selected));
}

static void
tag_toggled_cb (RubricRedTeamPage *self,
                GtkCheckButton    *check)
{
  if (self->loading || annotation (self) == NULL)
    return;
  rubric_annotation_set_tag (annotation (self), gtk_check_button_get_label (check), gtk_check_button_get_active (check));
  rubric_page_changed (RUBRIC_PAGE (self));
}

static void
add_tag (RubricRedTeamPage *self,
         const char        *tag)
{
  GtkWidget *check;
  int n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->tags_grid)); c; c = gtk_widget_get_next_sibling (c))
    {
      if (g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (c)), tag) == 0)
        return;
      n++;
    }
  check = gtk_check_button_new_with_label (tag);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), rubric_annotation_has_tag (annotation (self), tag));
  g_signal_connect_object (check, "toggled", G_CALLBACK (tag_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_grid_attach (self->tags_grid, check, 0, n, 1, 1);
}

/* Two columns, or one on a phone, filled row by row. */
static void
lay_out_tags (RubricRedTeamPage *self)
{
  int columns = rubric_page_get_narrow (RUBRIC_PAGE (self)) ? 1 : 2;
  g_autoptr(GPtrArray) checks = g_ptr_array_new_with_free_func (g_object_unref);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_grid))) != NULL)
    {
      g_ptr_array_add (checks, g_object_ref (child));
      gtk_grid_remove (self->tags_grid, child);
    }
  for (guint i = 0; i < checks->len; i++)
    gtk_grid_attach (self->tags_grid, g_ptr_array_index (checks, i), i % columns, i / columns, 1, 1);
}

static void
show_tags (RubricRedTeamPage *self)
{
  GtkWidget *child;
  GPtrArray *tags = annotation (self)->tags;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tags_grid))) != NULL)
    gtk_grid_remove (self->tags_grid, child);
  for (guint i = 0; i < config (self)->attack_tags->len; i++)
    add_tag (self, g_ptr_array_index (config (self)->attack_tags, i));
  for (guint i = 0; i < tags->len; i++)
    add_tag (self, g_ptr_array_index (tags, i));
  lay_out_tags (self);
  gtk_widget_set_visible (self->tags_title, gtk_widget_get_first_child (GTK_WIDGET (self->tags_grid)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->tags_grid), gtk_widget_get_first_child (GTK_WIDGET (self->tags_grid)) != NULL);
}

/* Actions --------------------------------------------------------------------- */

static void
add_turn_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  rubric_red_team_page_add_turn (RUBRIC_RED_TEAM_PAGE (widget));
}

static void
success_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  rubric_red_team_page_set_success (RUBRIC_RED_TEAM_PAGE (widget), g_variant_get_int32 (param));
}

/* What the model did in the turn being written. */
static void
outcome_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  RubricRedTeamPage *self = RUBRIC_RED_TEAM_PAGE (widget);
  RubricAttackTurn *turn = current_turn (self);

  if (turn == NULL || rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return;
  rubric_attack_turn_set_outcome (turn, g_variant_get_string (param, NULL));
}

/* The editors in the order they are read: each turn's attack and
 * reply, the description, the safe reply. */
static GPtrArray *
list_editors (RubricRedTeamPage *self)
{
  GPtrArray *editors = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->turns_box)); c; c = gtk_widget_get_next_sibling (c))
    {
      g_ptr_array_add (editors, rubric_attack_turn_get_attack_view (RUBRIC_ATTACK_TURN (c)));
      g_ptr_array_add (editors, rubric_attack_turn_get_reply_view (RUBRIC_ATTACK_TURN (c)));
    }
  /* The editors whole: F6 from one's Preview button goes on from it, and
   * into one in Preview, back to writing (their grab_focus). */
  g_ptr_array_add (editors, self->description);
  g_ptr_array_add (editors, self->safe_reply);
  return editors;
}

/* F6 and Shift+F6, as on the author page: from editor to editor, round. */
static void
move_editor_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  RubricRedTeamPage *self = RUBRIC_RED_TEAM_PAGE (widget);
  g_autoptr(GPtrArray) editors = list_editors (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  int step = g_str_equal (action_name, "red-team.next-editor") ? 1 : -1;
  int at = step > 0 ? -1 : 0;

  for (guint i = 0; focus != NULL && i < editors->len; i++)
    {
      if (focus == g_ptr_array_index (editors, i) || gtk_widget_is_ancestor (focus, g_ptr_array_index (editors, i)))
        at = i;
    }
  at = (at + step + (int) editors->len) % (int) editors->len;
  gtk_widget_grab_focus (g_ptr_array_index (editors, at));
}

/* RubricPage ------------------------------------------------------------------ */

/* On a phone the brief is above the work, each as wide as the page. */
static void
rubric_red_team_page_set_narrow (RubricPage *page,
                                 gboolean    narrow)
{
  RubricRedTeamPage *self = RUBRIC_RED_TEAM_PAGE (page);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), narrow ? GTK_ORIENTATION_VERTICAL
                                                                       : GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_size_request (self->brief_scroller, narrow ? -1 : 220, narrow ? 120 : -1);
  gtk_widget_set_size_request (self->work_box, narrow ? -1 : 340, narrow ? 240 : -1);
  gtk_paned_set_position (self->paned, narrow ? 180 : 300);
  lay_out_tags (self);
}

static void
rubric_red_team_page_load (RubricPage *page)
{
  RubricRedTeamPage *self = RUBRIC_RED_TEAM_PAGE (page);
  RubricTask *task = rubric_page_get_task (page);
  RubricAnnotation *a = annotation (self);

  self->loading = TRUE;
  rubric_markdown_view_set_text (self->brief, rubric_task_get_brief (task));
  show_facts (self);
  rubric_markdown_view_set_text (self->guidelines, config (self)->guidelines ? config (self)->guidelines
                                                                             : _("This task set has no guidelines."));
  show_turns (self);
  label_success_buttons (self);
  show_success (self);
  show_category (self);
  show_tags (self);
  rubric_text_editor_set_text (self->description, a->description);
  rubric_text_editor_set_text (self->safe_reply, a->safe_reply);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->brief_scroller)), 0);
  self->loading = FALSE;
}

static void
rubric_red_team_page_update_state (RubricPage *page)
{
  RubricRedTeamPage *self = RUBRIC_RED_TEAM_PAGE (page);
  gboolean editable = !rubric_page_get_read_only (page);

  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->turns_box)); c; c = gtk_widget_get_next_sibling (c))
    rubric_attack_turn_set_editable (RUBRIC_ATTACK_TURN (c), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->success_box), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->category), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->tags_grid), editable);
  rubric_text_editor_set_editable (self->description, editable);
  rubric_text_editor_set_editable (self->safe_reply, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "red-team.add-turn", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "red-team.success", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "red-team.outcome", editable);
}

static void
rubric_red_team_page_collect (RubricPage *page)
{
  RubricRedTeamPage *self = RUBRIC_RED_TEAM_PAGE (page);
  RubricAnnotation *a = annotation (self);

  collect_turns (self);
  g_free (a->category);
  a->category = dup_category (self);
  g_free (a->description);
  a->description = dup_text_or_null (self->description);
  g_free (a->safe_reply);
  a->safe_reply = dup_text_or_null (self->safe_reply);
}

static GPtrArray *
rubric_red_team_page_check (RubricPage *page)
{
  return rubric_red_team_check (rubric_page_get_config (page), rubric_page_get_task (page),
                                rubric_page_get_annotation (page));
}

/* Ctrl+J: the description, the page's free text. */
static gboolean
rubric_red_team_page_focus_text (RubricPage *page)
{
  return rubric_text_editor_focus (RUBRIC_RED_TEAM_PAGE (page)->description);
}

/* A task opens on its first attack. */
static void
rubric_red_team_page_focus_default (RubricPage *page)
{
  RubricRedTeamPage *self = RUBRIC_RED_TEAM_PAGE (page);
  GtkTextView *attack = rubric_red_team_page_get_attack (self, 0);

  if (attack == NULL || !gtk_widget_grab_focus (GTK_WIDGET (attack)))
    gtk_widget_grab_focus (GTK_WIDGET (self));
}

/* GObject ---------------------------------------------------------------------- */

static void
rubric_red_team_page_dispose (GObject *object)
{
  RubricRedTeamPage *self = RUBRIC_RED_TEAM_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_RED_TEAM_PAGE);
  g_clear_object (&self->categories);

  G_OBJECT_CLASS (rubric_red_team_page_parent_class)->dispose (object);
}

static void
rubric_red_team_page_class_init (RubricRedTeamPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  RubricPageClass *page_class = RUBRIC_PAGE_CLASS (klass);
  static const guint outcome_keys[] = { GDK_KEY_c, GDK_KEY_p, GDK_KEY_r };
  static const char *outcomes[] = { "complied", "partial", "refused" };

  G_OBJECT_CLASS (klass)->dispose = rubric_red_team_page_dispose;
  page_class->load = rubric_red_team_page_load;
  page_class->set_narrow = rubric_red_team_page_set_narrow;
  page_class->update_state = rubric_red_team_page_update_state;
  page_class->collect = rubric_red_team_page_collect;
  page_class->check = rubric_red_team_page_check;
  page_class->focus_text = rubric_red_team_page_focus_text;
  page_class->focus_default = rubric_red_team_page_focus_default;

  g_type_ensure (RUBRIC_TYPE_TEXT_EDITOR);
  g_type_ensure (RUBRIC_TYPE_MARKDOWN_VIEW);
  g_type_ensure (RUBRIC_TYPE_ATTACK_TURN);
  g_type_ensure (RUBRIC_TYPE_CHECKS_VIEW);
  g_type_ensure (RUBRIC_TYPE_DECISION_BAR);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-red-team-page.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, side_panel);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, paned);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, brief_scroller);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, work_box);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, brief);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, facts_card);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, turns_box);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, success_box);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, category);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, tags_title);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, tags_grid);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, description);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, safe_reply);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, checks);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, decision_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricRedTeamPage, guidelines);
  gtk_widget_class_set_css_name (widget_class, "redteampage");

  gtk_widget_class_install_action (widget_class, "red-team.add-turn", NULL, add_turn_action);
  gtk_widget_class_install_action (widget_class, "red-team.success", "i", success_action);
  gtk_widget_class_install_action (widget_class, "red-team.outcome", "s", outcome_action);
  gtk_widget_class_install_action (widget_class, "red-team.next-editor", NULL, move_editor_action);
  gtk_widget_class_install_action (widget_class, "red-team.previous-editor", NULL, move_editor_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_T, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "red-team.add-turn", NULL);
  for (int i = 0; i <= RUBRIC_MAX_SUCCESS; i++)
    {
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_ALT_MASK, "red-team.success", "i", i);
      gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0 + i, GDK_ALT_MASK, "red-team.success", "i", i);
    }
  for (guint i = 0; i < G_N_ELEMENTS (outcome_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, outcome_keys[i], GDK_ALT_MASK, "red-team.outcome", "s", outcomes[i]);
}

static void
rubric_red_team_page_init (RubricRedTeamPage *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_page_set_parts (RUBRIC_PAGE (self), NULL, self->decision_bar, self->checks, self->side_panel);
  rubric_a11y_name_drop_down_button (self->category);
  build_success_buttons (self);
  /* Named before a task is shown: pages are built ahead of their use. */
  label_success_buttons (self);
  /* The texts in the red-teamer's own words (attacks and pasted replies
   * are not spelled); Tab goes on from them, as from the attacks. */
  g_signal_connect_object (self->description, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->safe_reply, "changed", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);
  gtk_text_view_set_accepts_tab (rubric_text_editor_get_view (self->description), FALSE);
  gtk_text_view_set_accepts_tab (rubric_text_editor_get_view (self->safe_reply), FALSE);
  g_signal_connect_object (self->category, "notify::selected", G_CALLBACK (changed_cb), self, G_CONNECT_SWAPPED);

  /* F6 before the brief's GtkPaned takes it to cycle its panes. */
  keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, 0),
                                                          gtk_named_action_new ("red-team.next-editor")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_F6, GDK_SHIFT_MASK),
                                                          gtk_named_action_new ("red-team.previous-editor")));
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

/* Public ------------------------------------------------------------------------ */

/* Appends an empty turn and puts the keyboard in its attack. */
void
rubric_red_team_page_add_turn (RubricRedTeamPage *self)
{
  RubricAttackTurn *turn;

  g_return_if_fail (RUBRIC_IS_RED_TEAM_PAGE (self));

  if (rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return;
  turn = append_turn (self);
  gtk_widget_grab_focus (GTK_WIDGET (rubric_attack_turn_get_attack_view (turn)));
  rubric_page_changed (RUBRIC_PAGE (self));
}

guint
rubric_red_team_page_get_n_turns (RubricRedTeamPage *self)
{
  guint n = 0;

  g_return_val_if_fail (RUBRIC_IS_RED_TEAM_PAGE (self), 0);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (self->turns_box)); c; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

/* @success: 0..RUBRIC_MAX_SUCCESS */
void
rubric_red_team_page_set_success (RubricRedTeamPage *self,
                                  int                success)
{
  g_return_if_fail (RUBRIC_IS_RED_TEAM_PAGE (self));

  if (success < 0 || success > RUBRIC_MAX_SUCCESS || rubric_page_get_read_only (RUBRIC_PAGE (self)))
    return;
  gtk_toggle_button_set_active (self->success_buttons[success], TRUE);
}

/**
 * rubric_red_team_page_get_attack:
 * @turn: counted from 0
 *
 * Returns: (transfer none) (nullable): the editor of the turn's attack
 */
GtkTextView *
rubric_red_team_page_get_attack (RubricRedTeamPage *self,
                                 guint              turn)
{
  RubricAttackTurn *widget;

  g_return_val_if_fail (RUBRIC_IS_RED_TEAM_PAGE (self), NULL);
  widget = turn_at (self, turn);
  return widget != NULL ? rubric_attack_turn_get_attack_view (widget) : NULL;
}
