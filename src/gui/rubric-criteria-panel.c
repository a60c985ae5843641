/* rubric-criteria-panel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-criteria-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-criteria-panel.h"
#include "rubric-judgement.h"

/*
 * Responses are listed in the order the screen shows them (A left, B
 * right); scores and flags are kept under each response's id, so a
 * side swap never mixes them up.
 */
struct _RubricCriteriaPanel
{
  GtkWidget              parent_instance;
  GtkWidget             *scroller;
  GtkWidget             *box;
  RubricSetConfig       *config;
  json_object           *data;
  GStrv                  response_ids;
  GPtrArray             *score_boxes;   /* [criterion * n + response] → GtkBox */
  GPtrArray             *flag_checks;   /* GtkCheckButton, with "flag" and "response" data */
  gboolean               updating;
};

G_DEFINE_FINAL_TYPE (RubricCriteriaPanel, rubric_criteria_panel, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  CITE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
n_responses (RubricCriteriaPanel *self)
{
  return self->response_ids ? g_strv_length (self->response_ids) : 0;
}

static void
sync_score_box (RubricCriteriaPanel *self,
                GtkWidget           *box)
{
  const RubricCriterion *criterion = g_object_get_data (G_OBJECT (box), "criterion");
  guint response = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "response"));
  GtkLabel *caption = g_object_get_data (G_OBJECT (box), "caption");
  int score = rubric_judgement_get_score (self->data, self->response_ids[response], criterion->id);
  const char *label = score ? rubric_criterion_get_label (criterion, score) : NULL;
  g_autofree char *text = NULL;

  gboolean had_focus = gtk_widget_get_focus_child (box) != NULL;

  /* One stop per score in the Tab order: the chosen button, or the
   * first; the number and arrow keys do the rest. */
  self->updating = TRUE;
  for (GtkWidget *b = gtk_widget_get_first_child (box); b; b = gtk_widget_get_next_sibling (b))
    {
      int value = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (b), "score"));
      gboolean stop = value == (score ? score : criterion->min);

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (b), value == score);
      gtk_widget_set_focusable (b, stop);
      if (stop && had_focus)
        gtk_widget_grab_focus (b);
    }
  self->updating = FALSE;

  if (score == 0)
    text = g_strdup (_("Not scored"));
  else
    text = label ? g_strdup (label) : g_strdup_printf ("%d / %d", score, criterion->max);
  gtk_label_set_label (caption, text);
}

static void
set_score (RubricCriteriaPanel *self,
           GtkWidget           *box,
           int                  score)
{
  const RubricCriterion *criterion = g_object_get_data (G_OBJECT (box), "criterion");
  guint response = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "response"));

  rubric_judgement_set_score (self->data, self->response_ids[response], criterion->id, score);
  sync_score_box (self, box);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
score_toggled_cb (GtkToggleButton     *button,
                  RubricCriteriaPanel *self)
{
  GtkWidget *box = gtk_widget_get_parent (GTK_WIDGET (button));
  int score = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "score"));

  if (self->updating)
    return;
  set_score (self, box, gtk_toggle_button_get_active (button) ? score : 0);
}

/* With a score focused, the number keys set it; 0 or Backspace clears. */
static gboolean
score_key_cb (GtkEventControllerKey *controller,
              guint                  keyval,
              guint                  keycode,
              GdkModifierType        state,
              RubricCriteriaPanel   *self)
{
  GtkWidget *box = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const RubricCriterion *criterion = g_object_get_data (G_OBJECT (box), "criterion");
  guint32 c = gdk_keyval_to_unicode (keyval);

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_BackSpace || keyval == GDK_KEY_Delete || c == '0')
    {
      set_score (self, box, 0);
      return TRUE;
    }
  if (c >= '1' && c <= '9' && (int) (c - '0') >= criterion->min && (int) (c - '0') <= criterion->max)
    {
      set_score (self, box, c - '0');
      return TRUE;
    }
  if (keyval == GDK_KEY_Left || keyval == GDK_KEY_Right)
    {
      guint response = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (box), "response"));
      int score = rubric_judgement_get_score (self->data, self->response_ids[response], criterion->id);

      score = score == 0 ? criterion->min : score + (keyval == GDK_KEY_Right ? 1 : -1);
      set_score (self, box, CLAMP (score, criterion->min, criterion->max));
      return TRUE;
    }
  return FALSE;
}

static GtkWidget *
score_row (RubricCriteriaPanel   *self,
           const RubricCriterion *criterion,
           guint                  response)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *letter = g_strdup_printf ("%c", 'A' + response);
  GtkWidget *name = gtk_label_new (letter);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *caption = gtk_label_new (NULL);
  GtkEventController *keys = gtk_event_controller_key_new ();
  g_autofree char *accessible = g_strdup_printf (_("%s score for response %c"), criterion->name, 'A' + response);

  gtk_widget_add_css_class (name, "heading");
  gtk_widget_set_size_request (name, 16, -1);
  gtk_widget_add_css_class (box, "linked");
  gtk_widget_add_css_class (box, "score-box");
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  for (int s = criterion->min; s <= criterion->max; s++)
    {
      g_autofree char *number = g_strdup_printf ("%d", s);
      GtkWidget *button = gtk_toggle_button_new_with_label (number);
      const char *label = rubric_criterion_get_label (criterion, s);

      g_object_set_data (G_OBJECT (button), "score", GINT_TO_POINTER (s));
      if (label != NULL)
        gtk_widget_set_tooltip_text (button, label);
      g_signal_connect_object (button, "toggled", G_CALLBACK (score_toggled_cb), self, 0);
      gtk_box_append (GTK_BOX (box), button);
    }
  gtk_label_set_xalign (GTK_LABEL (caption), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (caption, TRUE);
  gtk_widget_add_css_class (caption, "caption");
  gtk_widget_add_css_class (caption, "dim-label");

  g_object_set_data (G_OBJECT (box), "criterion", (gpointer) criterion);
  g_object_set_data (G_OBJECT (box), "response", GUINT_TO_POINTER (response));
  g_object_set_data (G_OBJECT (box), "caption", caption);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (score_key_cb), self, 0);
  gtk_widget_add_controller (box, keys);
  g_ptr_array_add (self->score_boxes, box);

  gtk_box_append (GTK_BOX (row), name);
  gtk_box_append (GTK_BOX (row), box);
  gtk_box_append (GTK_BOX (row), caption);
  sync_score_box (self, box);
  return row;
}

static void
cite_clicked_cb (GtkButton           *button,
                 RubricCriteriaPanel *self)
{
  g_signal_emit (self, signals[CITE], 0, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "index")));
}

static GtkWidget *
criterion_block (RubricCriteriaPanel *self,
                 guint                index)
{
  const RubricCriterion *criterion = g_ptr_array_index (self->config->criteria, index);
  GtkWidget *block = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (criterion->name);
  GtkWidget *cite = gtk_button_new_with_label (_("Cite"));
  g_autofree char *tooltip = index < 9 ? g_strdup_printf (_("Cite “%s” in the justification (Ctrl+%u)"), criterion->name, index + 1)
                                       : g_strdup_printf (_("Cite “%s” in the justification"), criterion->name);
  GtkWidget *description = gtk_label_new (criterion->description);

  gtk_widget_add_css_class (block, "criterion");
  gtk_label_set_xalign (GTK_LABEL (name), 0.0f);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  if (criterion->weight != 1.0)
    {
      g_autofree char *weighted = g_strdup_printf (_("%s  ×%g"), criterion->name, criterion->weight);
      gtk_label_set_label (GTK_LABEL (name), weighted);
    }
  gtk_widget_add_css_class (cite, "flat");
  gtk_widget_add_css_class (cite, "cite");
  gtk_widget_add_css_class (cite, "caption");
  gtk_widget_set_valign (cite, GTK_ALIGN_CENTER);
  gtk_widget_set_focusable (cite, FALSE);
  gtk_widget_set_tooltip_text (cite, tooltip);
  g_object_set_data (G_OBJECT (cite), "index", GUINT_TO_POINTER (index));
  g_signal_connect_object (cite, "clicked", G_CALLBACK (cite_clicked_cb), self, 0);
  /* A page with no justification to cite into does not listen. */
  gtk_widget_set_visible (cite, g_signal_has_handler_pending (self, signals[CITE], 0, TRUE));
  gtk_box_append (GTK_BOX (header), name);
  gtk_box_append (GTK_BOX (header), cite);

  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_xalign (GTK_LABEL (description), 0.0f);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");

  gtk_box_append (GTK_BOX (block), header);
  if (*criterion->description != '\0')
    gtk_box_append (GTK_BOX (block), description);
  for (guint r = 0; r < n_responses (self); r++)
    gtk_box_append (GTK_BOX (block), score_row (self, criterion, r));
  return block;
}

static void
flag_toggled_cb (GtkCheckButton      *check,
                 RubricCriteriaPanel *self)
{
  const char *flag = g_object_get_data (G_OBJECT (check), "flag");
  guint response = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "response"));

  if (self->updating)
    return;
  rubric_judgement_set_flag (self->data, self->response_ids[response], flag, gtk_check_button_get_active (check));
  g_signal_emit (self, signals[CHANGED], 0);
}

static GtkWidget *
flags_block (RubricCriteriaPanel *self,
             guint                response)
{
  GtkWidget *block = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *title_text = g_strdup_printf (_("Flags for %c"), 'A' + response);
  GtkWidget *title = gtk_label_new (title_text);

  gtk_label_set_xalign (GTK_LABEL (title), 0.0f);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (block), title);
  for (guint i = 0; i < self->config->flags->len; i++)
    {
      RubricFlag *flag = g_ptr_array_index (self->config->flags, i);
      GtkWidget *check = gtk_check_button_new_with_label (flag->name);

      gtk_widget_set_tooltip_text (check, flag->description);
      g_object_set_data (G_OBJECT (check), "flag", flag->id);
      g_object_set_data (G_OBJECT (check), "response", GUINT_TO_POINTER (response));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   rubric_judgement_has_flag (self->data, self->response_ids[response], flag->id));
      g_signal_connect_object (check, "toggled", G_CALLBACK (flag_toggled_cb), self, 0);
      g_ptr_array_add (self->flag_checks, check);
      gtk_box_append (GTK_BOX (block), check);
    }
  return block;
}

static GtkWidget *
section_title (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_widget_add_css_class (label, "title-4");
  return label;
}

static void
rubric_criteria_panel_dispose (GObject *object)
{
  RubricCriteriaPanel *self = (RubricCriteriaPanel *) object;

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->response_ids, g_strfreev);
  g_clear_pointer (&self->score_boxes, g_ptr_array_unref);
  g_clear_pointer (&self->flag_checks, g_ptr_array_unref);
  g_clear_pointer (&self->data, json_object_put);
  g_clear_pointer (&self->config, rubric_set_config_unref);

  G_OBJECT_CLASS (rubric_criteria_panel_parent_class)->dispose (object);
}

static void
rubric_criteria_panel_class_init (RubricCriteriaPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_criteria_panel_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[CITE] = g_signal_new ("cite", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "criteriapanel");
}

static void
rubric_criteria_panel_init (RubricCriteriaPanel *self)
{
  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  self->score_boxes = g_ptr_array_new ();
  self->flag_checks = g_ptr_array_new ();
}

GtkWidget *
rubric_criteria_panel_new (void)
{
  return g_object_new (RUBRIC_TYPE_CRITERIA_PANEL, NULL);
}

/**
 * rubric_criteria_panel_show:
 * @response_ids: the responses' ids in screen order
 * @data: (transfer none): the annotation's data, changed in place
 */
void
rubric_criteria_panel_show (RubricCriteriaPanel   *self,
                            const RubricSetConfig *config,
                            const char * const    *response_ids,
                            guint                  n,
                            json_object           *data)
{
  GtkWidget *criteria_title;

  g_return_if_fail (RUBRIC_IS_CRITERIA_PANEL (self));

  /* Same rubric, same number of responses: only the values change. */
  if (config == self->config && n == n_responses (self) && n > 0)
    {
      g_clear_pointer (&self->data, json_object_put);
      self->data = json_object_get (data);
      for (guint i = 0; i < n; i++)
        {
          g_free (self->response_ids[i]);
          self->response_ids[i] = g_strdup (response_ids[i]);
        }
      for (guint i = 0; i < self->score_boxes->len; i++)
        sync_score_box (self, g_ptr_array_index (self->score_boxes, i));
      self->updating = TRUE;
      for (guint i = 0; i < self->flag_checks->len; i++)
        {
          GtkCheckButton *check = g_ptr_array_index (self->flag_checks, i);
          guint response = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "response"));

          gtk_check_button_set_active (check, rubric_judgement_has_flag (self->data, self->response_ids[response],
                                                                         g_object_get_data (G_OBJECT (check), "flag")));
        }
      self->updating = FALSE;
      return;
    }

  rubric_set_config_ref ((RubricSetConfig *) config);
  g_clear_pointer (&self->config, rubric_set_config_unref);
  self->config = (RubricSetConfig *) config;
  g_clear_pointer (&self->data, json_object_put);
  self->data = json_object_get (data);
  g_clear_pointer (&self->response_ids, g_strfreev);
  self->response_ids = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    self->response_ids[i] = g_strdup (response_ids[i]);
  g_ptr_array_set_size (self->score_boxes, 0);
  g_ptr_array_set_size (self->flag_checks, 0);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_add_css_class (self->box, "criteria-panel");
  criteria_title = section_title (config->criteria->len > 0 ? _("Rubric") : _("This task set has no rubric"));
  gtk_box_append (GTK_BOX (self->box), criteria_title);
  for (guint i = 0; i < config->criteria->len; i++)
    gtk_box_append (GTK_BOX (self->box), criterion_block (self, i));
  if (config->flags->len > 0 && n > 0)
    {
      gtk_box_append (GTK_BOX (self->box), section_title (_("Flags")));
      for (guint r = 0; r < n; r++)
        gtk_box_append (GTK_BOX (self->box), flags_block (self, r));
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);
}

gboolean
rubric_criteria_panel_focus_first (RubricCriteriaPanel *self)
{
  GtkWidget *box;

  if (self->score_boxes->len == 0)
    return FALSE;
  box = g_ptr_array_index (self->score_boxes, 0);
  /* The box's one Tab stop: the chosen score, not always the first. */
  return gtk_widget_child_focus (box, GTK_DIR_TAB_FORWARD);
}

void
rubric_criteria_panel_set_score (RubricCriteriaPanel *self,
                                 guint                criterion,
                                 guint                response,
                                 int                  score)
{
  guint index = criterion * n_responses (self) + response;

  g_return_if_fail (index < self->score_boxes->len);
  set_score (self, g_ptr_array_index (self->score_boxes, index), score);
}

void
rubric_criteria_panel_set_flag (RubricCriteriaPanel *self,
                                const char          *flag_id,
                                guint                response,
                                gboolean             set)
{
  for (guint i = 0; i < self->flag_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->flag_checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "flag"), flag_id) == 0 &&
          GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "response")) == response)
        gtk_check_button_set_active (check, set);
    }
}
