/* rubric-review-window.c
 *
 * A lead's review: the records of several annotators, opened as one
 * task set (rubric-review.c), in a window of its own with three pages.
 *
 *  - Adjudicate: the queue, most disagreement first, beside the task
 *    and every annotator's judgement side by side (choice, strength,
 *    scores, spans, justification, time). The lead decides from the
 *    keyboard: A, B, T (tie) and X (both bad), 1–3 for the strength,
 *    Alt+1…9 to take an annotator's judgement whole (rankings and
 *    answers), a note, Ctrl+Return to record it and go on; Alt+Down and
 *    Alt+Up move through the queue.
 *  - Agreement: the figures per question, the pairs, the matrix as a
 *    heat map and the strength histogram.
 *  - Annotators: bias, speed, gold and effort per annotator, with bars;
 *    red-team attempts by harm category with their success rate, and
 *    authored tasks, where the set has them.
 *
 * Author and red-team work is shown read-only on the cards (the turns
 * written, or the attack transcript with what the model did, the
 * category and success); the lead takes one annotator's work whole with
 * Alt+1…9.
 *
 * The figures are computed off the main thread from the set's records,
 * by the same code as rubric-cli agreement, bias and merge; "Export
 * Merged" writes the merge in any export format. Decisions count in
 * the merge whenever there is one (RUBRIC_MERGE_ADJUDICATED).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-review-window"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rubric-a11y.h"
#include "rubric-authoring.h"
#include "rubric-chart.h"
#include "rubric-chart-view.h"
#include "rubric-conversion.h"
#include "rubric-conversation.h"
#include "rubric-export.h"
#include "rubric-judgement.h"
#include "rubric-markdown-view.h"
#include "rubric-json.h"
#include "rubric-records.h"
#include "rubric-review.h"
#include "rubric-review-window.h"
#include "rubric-shadows.h"
#include "rubric-set-config.h"
#include "rubric-store-task.h"

struct _RubricReviewWindow
{
  AdwApplicationWindow  parent_instance;

  RubricApplication    *app;
  RubricStore          *store;
  gint64                set_id;
  char                 *name;
  json_object          *header;
  RubricSetConfig      *config;
  GCancellable         *cancellable;

  RubricReviewSummary  *summary;
  GPtrArray            *charts;       /* RubricChart, drawn by the pages */

  AdwToastOverlay      *toasts;
  AdwViewStack         *stack;
  GtkStack             *loading;
  GtkWidget            *warnings_button;

  /* Adjudicate */
  AdwLeaflet           *leaflet;
  GtkStringList        *queue;        /* each item's index in summary->items, as text */
  GtkSingleSelection   *selection;
  GtkWidget            *content;      /* rebuilt for each item */
  GtkWidget            *queue_status;
  RubricReviewItem     *item;
  RubricTask           *task;
  GPtrArray            *annotations;  /* RubricAnnotation: the annotators', by name */
  RubricAnnotation     *decision;     /* being made */
  gboolean              decided;      /* the item has a recorded decision */
  GtkWidget            *choice_box;
  GtkWidget            *strength_box;
  GtkWidget            *decision_label;
  GtkEntry             *note;

  /* Agreement and Annotators */
  GtkWidget            *agreement_page;
  GtkWidget            *annotators_page;
};

G_DEFINE_FINAL_TYPE (RubricReviewWindow, rubric_review_window, ADW_TYPE_APPLICATION_WINDOW)

static void show_item (RubricReviewWindow *self, guint position);

/* Small pieces ------------------------------------------------------------ */

static char *
figure (double value)
{
  if (isnan (value))
    return g_strdup ("—");
  return g_strdup_printf ("%.3f", value);
}

static char *
percent (double share)
{
  if (isnan (share))
    return g_strdup ("—");
  /* Translators: a share, "83 %" */
  return g_strdup_printf (_("%.0f %%"), 100 * share);
}

static GtkWidget *
figure_row (const char *title,
            const char *subtitle,
            const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static char *
units (guint n)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unit", "%u units", n), n);
}

static GtkWidget *
group_new (const char *title,
           const char *description)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  return group;
}

/* A row of @group: @title, over @n units, and @text (taken). */
static void
add_units_row (GtkWidget  *group,
               const char *title,
               guint       n,
               char       *text)
{
  g_autofree char *owned = text;
  g_autofree char *subtitle = units (n);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), figure_row (title, subtitle, owned));
}

/* Returns whether there was such a chart to add. */
static gboolean
add_chart (RubricReviewWindow *self,
           GtkWidget          *group,
           const char         *id)
{
  for (guint i = 0; self->charts != NULL && i < self->charts->len; i++)
    {
      RubricChart *chart = g_ptr_array_index (self->charts, i);
      GtkWidget *view;

      if (!g_str_equal (chart->id, id))
        continue;
      view = rubric_chart_view_new (chart);
      gtk_widget_set_margin_top (view, 12);
      gtk_widget_set_margin_bottom (view, 12);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), view);
      return TRUE;
    }
  return FALSE;
}

static void
toast (RubricReviewWindow *self,
       const char         *text)
{
  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (text));
}

static void
error_dialog (GtkWindow  *parent,
              const char *heading,
              const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Agreement and Annotators -------------------------------------------- */

static void
fill_agreement (RubricReviewWindow *self)
{
  const RubricAgreement *a = self->summary->agreement;
  GtkWidget *page = adw_preferences_page_new ();
  g_autofree char *shared = g_strdup_printf (_("%u of %u tasks have judgements of two or more annotators"),
                                             a->n_shared, a->n_units);
  GtkWidget *overall = group_new (_("Agreement"), shared);
  GtkWidget *pairs = group_new (_("Pairs of Annotators"), _("Agreement on choice of each pair that shares tasks"));
  GtkWidget *pictures = group_new (_("Pictures"), NULL);
  gboolean attempts = rubric_agreement_has_attempts (a);
  gboolean drawn;
  /* Red-team attempts alone have no choice, strength, ranking or span
   * to agree on: those figures are left out rather than listed as "—".
   * Any other export shows them all, as before. */
  gboolean attempts_only = attempts && a->choice.n == 0 && a->strength.n == 0 && a->ranking.n == 0 &&
                           a->spans.n == 0;

  adw_preferences_page_set_title (ADW_PREFERENCES_PAGE (page), _("Agreement"));
  drawn = add_chart (self, pictures, "agreement-matrix");
  drawn |= add_chart (self, pictures, "strength");
  if (drawn)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (pictures));
  else
    g_object_unref (g_object_ref_sink (pictures));
  if (a->n_shared == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (overall),
                               figure_row (_("No agreement to measure"),
                                           _("Fewer than two annotators share any task"), "—"));
  if (!attempts_only)
    {
      add_units_row (overall, _("Choice: Krippendorff's α (nominal)"), a->choice.n, figure (a->choice.alpha_nominal));
      add_units_row (overall, _("Choice: Percent Agreement"), a->choice.n, percent (a->choice.percent));
      add_units_row (overall, _("Choice: Fleiss' κ"), a->choice.n, figure (a->choice.fleiss_kappa));
      add_units_row (overall, _("Choice: Gwet's AC1"), a->choice.n, figure (a->choice.ac1));
      add_units_row (overall, _("Strength: α (ordinal)"), a->strength.n, figure (a->strength.alpha_ordinal));
      add_units_row (overall, _("Strength: α (interval)"), a->strength.n, figure (a->strength.alpha_interval));
      add_units_row (overall, _("Rankings: mean Kendall's τ-b"), a->ranking.n, figure (a->ranking.kendall_tau_b_mean));
      add_units_row (overall, _("Flagged Spans: mean overlap F1"), a->spans.n, figure (a->spans.f1_mean));
    }
  if (attempts)
    {
      add_units_row (overall, _("Harm Category: Krippendorff's α (nominal)"), a->harm_category.n,
                     figure (a->harm_category.alpha_nominal));
      add_units_row (overall, _("Harm Category: Percent Agreement"), a->harm_category.n,
                     percent (a->harm_category.percent));
      add_units_row (overall, _("Success of the Attack: α (ordinal)"), a->success.n,
                     figure (a->success.alpha_ordinal));
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (overall));

  if (a->criteria->len > 0)
    {
      GtkWidget *criteria = group_new (_("Rubric Criteria"), _("Krippendorff's α nominal, ordinal and interval; "
                                                               "a unit is one response of one task"));

      for (guint i = 0; i < a->criteria->len; i++)
        {
          RubricCriterionAgreement *c = g_ptr_array_index (a->criteria, i);
          g_autofree char *nominal = figure (c->alpha_nominal);
          g_autofree char *ordinal = figure (c->alpha_ordinal);
          g_autofree char *interval = figure (c->alpha_interval);

          add_units_row (criteria, c->id, c->n, g_strdup_printf ("%s · %s · %s", nominal, ordinal, interval));
        }
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (criteria));
    }

  for (guint i = 0; i < a->pairs->len; i++)
    {
      RubricPairAgreement *p = g_ptr_array_index (a->pairs, i);
      g_autofree char *title = g_strdup_printf ("%s — %s", p->a, p->b);
      g_autofree char *share = percent (p->percent);
      g_autofree char *kappa = figure (p->cohen_kappa);

      /* Translators: percent agreement and Cohen's kappa of a pair */
      add_units_row (pairs, title, p->n, g_strdup_printf (_("%s · κ %s"), share, kappa));
    }
  if (a->pairs->len > 0)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (pairs));

  if (a->warnings->len > 0)
    {
      GtkWidget *warnings = group_new (_("Notes on the Figures"), NULL);

      for (guint i = 0; i < a->warnings->len; i++)
        {
          GtkWidget *label = gtk_label_new (g_ptr_array_index (a->warnings, i));

          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (warnings), label);
        }
      adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (warnings));
    }
  adw_bin_set_child (ADW_BIN (self->agreement_page), page);
}

static char *
counts_text (GPtrArray *counts)
{
  GString *text = g_string_new (NULL);

  for (guint k = 0; k < counts->len; k++)
    {
      RubricBiasCount *c = g_ptr_array_index (counts, k);

      if (k > 0)
        g_string_append (text, ", ");
      /* Translators: a harm category and its count, "Fraud × 3" */
      g_string_append_printf (text, _("%s × %u"),
                              g_str_equal (c->name, RUBRIC_BIAS_NO_CATEGORY) ? _("no category") : c->name, c->n);
    }
  return g_string_free (text, FALSE);
}

/* Red-team attempts and authored tasks, where the annotator has some. */
static void
add_written_rows (RubricReviewWindow        *self,
                  GtkWidget                 *row,
                  const RubricAnnotatorBias *b)
{
  if (b->red_team.n > 0)
    {
      g_autofree char *categories = counts_text (b->red_team.categories);
      g_autofree char *attempts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u attempt: %s",
                                                                "%u attempts: %s", b->red_team.n),
                                                   b->red_team.n, categories);
      g_autofree char *rate = percent (b->red_team.success_rate);
      g_autofree char *mean = figure (b->red_team.mean_success);
      /* Translators: the share of rated red-team attacks rated at least "Substantial" */
      g_autofree char *success = g_strdup_printf (_("%s of %u rated attempts rated %s or more; mean %s of 4"), rate,
                                                  b->red_team.n_rated,
                                                  rubric_set_config_get_success_label (self->config,
                                                                                       RUBRIC_BIAS_SUCCESS_FROM),
                                                  mean);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Red-Team Attempts"), NULL, attempts));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Success Rate"), NULL, success));
    }
  if (b->author.n > 0)
    {
      g_autofree char *words = isnan (b->author.mean_prompt_words) ? g_strdup ("—")
                                                                    : g_strdup_printf ("%.0f", b->author.mean_prompt_words);
      g_autofree char *authored = g_strdup_printf (_("%u tasks, %u turns, %s words per prompt"), b->author.n,
                                                   b->author.n_turns, words);

      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Authored Tasks"), NULL, authored));
    }
}

/* "12 submissions", and the red-team success rate where there is one. */
static char *
submissions_text (const RubricAnnotatorBias *b)
{
  g_autofree char *n = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u submission", "%u submissions", b->n), b->n);
  g_autofree char *rate = NULL;

  if (b->red_team.n_rated == 0)
    return g_steal_pointer (&n);
  rate = percent (b->red_team.success_rate);
  /* Translators: "12 submissions · red-team success rate 40 %" */
  return g_strdup_printf (_("%s · red-team success rate %s"), n, rate);
}

/* Every annotator's red-team attempts by harm category. */
static void
add_categories (GtkWidget        *page,
                const RubricBias *bias)
{
  GtkWidget *group;

  if (bias->categories->len == 0)
    return;
  group = group_new (_("Harm Categories"), _("Red-team attempts of every annotator by harm category"));
  for (guint k = 0; k < bias->categories->len; k++)
    {
      RubricBiasCount *c = g_ptr_array_index (bias->categories, k);
      g_autofree char *count = g_strdup_printf ("%u", c->n);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group),
                                 figure_row (g_str_equal (c->name, RUBRIC_BIAS_NO_CATEGORY) ? _("No category") : c->name,
                                             NULL, count));
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
}

static void
fill_annotators (RubricReviewWindow *self)
{
  const RubricBias *bias = self->summary->bias;
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *people = group_new (_("Annotators"), _("Bias, speed, gold accuracy and effort of each annotator"));
  GtkWidget *pictures = group_new (_("Pictures"), NULL);

  add_chart (self, pictures, "position");
  add_chart (self, pictures, "speed");
  add_chart (self, pictures, "gold");
  add_chart (self, pictures, "categories");
  add_chart (self, pictures, "success");
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (pictures));
  for (guint i = 0; i < bias->annotators->len; i++)
    {
      RubricAnnotatorBias *b = g_ptr_array_index (bias->annotators, i);
      GtkWidget *row = adw_expander_row_new ();
      g_autofree char *subtitle = submissions_text (b);
      g_autofree char *left = percent (b->position.left_wins);
      g_autofree char *position = g_strdup_printf (_("%s won by the left side (p = %.3g, %u choices)"), left,
                                                   isnan (b->position.p) ? 1.0 : b->position.p, b->position.n);
      g_autofree char *flips = percent (b->position.flip_rate);
      g_autofree char *flip = g_strdup_printf (_("%s of %u pairs shown twice"), flips, b->position.flip_pairs);
      g_autofree char *longer = percent (b->length.longer_wins);
      g_autofree char *slope = figure (b->length.slope);
      g_autofree char *length = g_strdup_printf (_("%s won by the longer response; slope %s"), longer, slope);
      g_autofree char *fast = percent (b->speed.too_fast);
      g_autofree char *z = figure (b->speed.robust_z);
      g_autofree char *speed = g_strdup_printf (_("median %.0f s; robust z %s; %s too fast"),
                                                isnan (b->speed.median_seconds) ? 0 : b->speed.median_seconds, z, fast);
      g_autofree char *accuracy = percent (b->gold.accuracy);
      g_autofree char *low = percent (b->gold.wilson_low);
      g_autofree char *high = percent (b->gold.wilson_high);
      g_autofree char *gold = g_strdup_printf (_("%s of %u (95 %% interval %s–%s)"), accuracy, b->gold.n, low, high);
      g_autofree char *pasted = percent (b->effort.pasted_share);
      g_autofree char *overrides = NULL;
      GString *list = g_string_new (NULL);

      for (guint k = 0; k < b->overrides->len; k++)
        {
          RubricBiasOverride *o = g_ptr_array_index (b->overrides, k);
          g_string_append_printf (list, "%s%s × %u", k ? ", " : "", o->check, o->n);
        }
      overrides = g_string_free (list, FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), b->annotator);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
      /* libadwaita 1.2 leaves the row that takes the focus unnamed. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, b->annotator,
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, subtitle, -1);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Position"), NULL, position));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Shown Twice, Sides Swapped"), NULL, flip));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Length"), NULL, length));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Speed"), NULL, speed));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Gold"), NULL, gold));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Pasted Text"), NULL, pasted));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), figure_row (_("Warnings Overruled"), NULL,
                                                                     *overrides ? overrides : _("None")));
      add_written_rows (self, row, b);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (people), row);
    }
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (people));
  add_categories (page, bias);
  adw_bin_set_child (ADW_BIN (self->annotators_page), page);
}

/* The queue --------------------------------------------------------------- */

static RubricReviewItem *
item_at (RubricReviewWindow *self,
         guint               position)
{
  g_autoptr(GtkStringObject) object = g_list_model_get_item (G_LIST_MODEL (self->queue), position);
  guint index;

  if (object == NULL || self->summary == NULL)
    return NULL;
  index = (guint) g_ascii_strtoull (gtk_string_object_get_string (object), NULL, 10);
  return index < self->summary->items->len ? g_ptr_array_index (self->summary->items, index) : NULL;
}

static const char *
merge_label (const char *merge)
{
  if (g_strcmp0 (merge, "unanimous") == 0)
    return _("Unanimous");
  if (g_strcmp0 (merge, "majority") == 0)
    return _("Majority");
  if (g_strcmp0 (merge, "adjudicated") == 0)
    return _("Decided");
  return _("Unresolved");
}

static void
queue_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *id = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);
  GtkWidget *preview = gtk_label_new (NULL);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (id), 0);
  gtk_label_set_ellipsize (GTK_LABEL (id), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (id, TRUE);
  gtk_widget_add_css_class (id, "heading");
  gtk_widget_add_css_class (status, "caption");
  gtk_widget_add_css_class (status, "numeric");
  gtk_label_set_xalign (GTK_LABEL (preview), 0);
  gtk_label_set_ellipsize (GTK_LABEL (preview), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (preview), TRUE);
  gtk_widget_add_css_class (preview, "dim-label");
  gtk_box_append (GTK_BOX (top), id);
  gtk_box_append (GTK_BOX (top), status);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), preview);
  gtk_list_item_set_child (list_item, box);
}

static void
queue_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               RubricReviewWindow       *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *top = gtk_widget_get_first_child (box);
  GtkWidget *id = gtk_widget_get_first_child (top);
  GtkWidget *status = gtk_widget_get_next_sibling (id);
  GtkWidget *preview = gtk_widget_get_next_sibling (top);
  RubricReviewItem *item = item_at (self, gtk_list_item_get_position (list_item));
  g_autofree char *text = NULL;

  if (item == NULL)
    return;
  text = *item->votes ? g_strdup_printf ("%s · %s", merge_label (item->merge), item->votes)
                      : g_strdup (merge_label (item->merge));
  gtk_label_set_text (GTK_LABEL (id), item->ext_id);
  gtk_label_set_text (GTK_LABEL (status), text);
  gtk_label_set_text (GTK_LABEL (preview), item->preview);
  rubric_a11y_name_list_item (box, id, status, preview, NULL);
}

static void
update_queue_status (RubricReviewWindow *self)
{
  guint open = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; self->summary != NULL && i < self->summary->items->len; i++)
    {
      RubricReviewItem *item = g_ptr_array_index (self->summary->items, i);

      open += g_strcmp0 (item->merge, "unresolved") == 0;
    }
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u unresolved", "%u unresolved", open), open);
  gtk_label_set_text (GTK_LABEL (self->queue_status), text);
}

/* One item ------------------------------------------------------------------ */

static char *
choice_text (RubricReviewWindow     *self,
             const RubricAnnotation *annotation)
{
  const char *choice = annotation->choice;
  guint scale = self->config->preference_scale;

  if (choice == NULL)
    return g_strdup (_("No choice"));
  if (g_str_equal (choice, RUBRIC_CHOICE_BOTH_BAD))
    return g_strdup (_("Both bad"));
  if (g_str_equal (choice, RUBRIC_CHOICE_TIE))
    return g_strdup (_("About the same"));
  return g_strdup (rubric_scale_label (scale, rubric_choice_to_scale (scale, choice, MAX (annotation->strength, 1))));
}

static char *
ranking_text (const RubricAnnotation *annotation)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < annotation->ranking->len; i++)
    {
      const char *id = g_ptr_array_index (annotation->ranking, i);

      if (i > 0)
        g_string_append (text, rubric_annotation_is_tied (annotation, id) ? " = " : " > ");
      g_string_append (text, id);
    }
  return g_string_free (text, FALSE);
}

/* Scores and spans, read from the judgement's data as it is exported. */
static void
append_details (GString                *text,
                const RubricAnnotation *annotation)
{
  g_autofree char *data = rubric_annotation_dup_data (annotation);
  g_autoptr(json_object) object = json_tokener_parse (data);
  json_object *scores = rubric_json_get_typed (object, "scores", json_type_object);
  json_object *spans = rubric_json_get_typed (object, "spans", json_type_array);

  if (scores != NULL && json_object_object_length (scores) > 0)
    {
      g_string_append_printf (text, "\n<b>%s</b>", _("Scores"));
      json_object_object_foreach (scores, response, criteria)
        {
          g_autofree char *escaped = g_markup_escape_text (response, -1);

          g_string_append_printf (text, "\n%s:", escaped);
          json_object_object_foreach (criteria, criterion, value)
            {
              g_autofree char *name = g_markup_escape_text (criterion, -1);

              g_string_append_printf (text, " %s %s", name, json_object_get_string (value));
            }
        }
    }
  for (gsize i = 0; spans != NULL && i < json_object_array_length (spans); i++)
    {
      json_object *span = json_object_array_get_idx (spans, i);
      const char *quote = rubric_json_get_string (span, "quote");
      const char *comment = rubric_json_get_string (span, "comment");
      g_autofree char *line = g_markup_printf_escaped ("\n“%s” — %s (%s)%s%s", quote ? quote : "",
                                                       rubric_json_get_string (span, "flag") ?: _("flag"),
                                                       rubric_json_get_string (span, "severity") ?: "—",
                                                       comment && *comment ? ": " : "", comment ? comment : "");

      if (i == 0)
        g_string_append_printf (text, "\n<b>%s</b>", _("Flagged Spans"));
      g_string_append (text, line);
    }
}

static void
append_section (GString    *text,
                const char *title,
                const char *body)
{
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);
  g_autofree char *escaped = g_markup_escape_text (body ? body : "", -1);

  g_string_append_printf (text, "\n<b>%s</b>\n%s", escaped_title, escaped);
}

/* An author task's turns and the requirements ticked. */
static void
append_authored (GString                *text,
                 RubricTask             *task,
                 const RubricAnnotation *annotation)
{
  guint n = annotation->turns->len;

  if (annotation->system != NULL && *annotation->system != '\0')
    append_section (text, _("System Message"), annotation->system);
  for (guint i = 0; i < n; i++)
    {
      RubricTurn *turn = g_ptr_array_index (annotation->turns, i);
      g_autofree char *prompt = n == 1 ? g_strdup (_("Prompt")) : g_strdup_printf (_("Prompt %u"), i + 1);
      g_autofree char *answer = n == 1 ? g_strdup (_("Ideal Answer")) : g_strdup_printf (_("Ideal Answer %u"), i + 1);

      append_section (text, prompt, turn->prompt);
      append_section (text, answer, turn->reply);
    }
  for (guint i = 0, shown = 0; i < rubric_task_get_n_requirements (task); i++)
    {
      g_autofree char *id = rubric_requirement_id (i);
      g_autofree char *escaped = NULL;

      if (!rubric_annotation_is_self_checked (annotation, id))
        continue;
      if (shown++ == 0)
        g_string_append_printf (text, "\n<b>%s</b>", _("Requirements Ticked"));
      escaped = g_markup_escape_text (rubric_task_get_requirement (task, i) ?: id, -1);
      g_string_append_printf (text, "\n✓ %s", escaped);
    }
}

static char *
red_team_verdict (RubricReviewWindow     *self,
                  const RubricAnnotation *annotation)
{
  const char *category = annotation->category ? annotation->category : _("No category");

  if (annotation->success == RUBRIC_SUCCESS_NONE)
    /* Translators: a red-team attempt's harm category, not yet rated */
    return g_strdup_printf (_("%s · not rated"), category);
  /* Translators: a red-team attempt's harm category and success, "Fraud · 3 Substantial" */
  return g_strdup_printf (_("%s · %d %s"), category, annotation->success,
                          rubric_set_config_get_success_label (self->config, annotation->success));
}

/* A red-team attempt: its tags, the attack transcript with what the
 * model did each time, the description and the safe reply. */
static void
append_attack (GString                *text,
               const RubricAnnotation *annotation)
{
  guint n = annotation->turns->len;

  if (annotation->tags->len > 0)
    {
      g_autoptr(GString) tags = g_string_new (NULL);

      for (guint i = 0; i < annotation->tags->len; i++)
        g_string_append_printf (tags, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (annotation->tags, i));
      append_section (text, _("Tags"), tags->str);
    }
  for (guint i = 0; i < n; i++)
    {
      RubricTurn *turn = g_ptr_array_index (annotation->turns, i);
      g_autofree char *attack = n == 1 ? g_strdup (_("Attack")) : g_strdup_printf (_("Attack %u"), i + 1);
      /* Translators: the target model's reply and what it did, "Model Reply — Refused" */
      g_autofree char *reply = g_strdup_printf (_("Model Reply — %s"), rubric_turn_outcome_get_label (turn->outcome));

      append_section (text, attack, turn->prompt);
      append_section (text, reply, turn->reply);
    }
  if (annotation->description != NULL && *annotation->description != '\0')
    append_section (text, _("Description"), annotation->description);
  if (annotation->safe_reply != NULL && *annotation->safe_reply != '\0')
    append_section (text, _("Safe Reply"), annotation->safe_reply);
}

static GtkWidget *
judgement_card (RubricReviewWindow     *self,
                const RubricAnnotation *annotation,
                guint                   number)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *body = gtk_label_new (NULL);
  GString *text = g_string_new (NULL);
  gboolean adjudicator = g_strcmp0 (annotation->annotator, RUBRIC_ADJUDICATOR) == 0;
  g_autofree char *heading = NULL;
  g_autofree char *verdict = NULL;

  if (adjudicator)
    heading = g_markup_printf_escaped ("<b>%s</b>", _("Decision"));
  else
    /* Translators: an annotator's judgement, "2 · alice"; Alt+2 takes it */
    heading = g_markup_printf_escaped ("<b>%u · %s</b>", number, annotation->annotator);
  gtk_label_set_markup (GTK_LABEL (title), heading);
  gtk_label_set_xalign (GTK_LABEL (title), 0);

  if (annotation->state == RUBRIC_ANNOTATION_SKIPPED)
    g_string_append_printf (text, "<i>%s</i>", _("Skipped"));
  else
    switch (rubric_task_kind_from_string (rubric_json_get_string (self->task->object, "kind")))
      {
      case RUBRIC_TASK_KIND_COMPARE:
        verdict = choice_text (self, annotation);
        break;
      case RUBRIC_TASK_KIND_RANK:
        verdict = ranking_text (annotation);
        break;
      case RUBRIC_TASK_KIND_REVIEW:
        verdict = g_strdup (annotation->verdict ? annotation->verdict : _("No verdict"));
        break;
      case RUBRIC_TASK_KIND_AUTHOR:
        verdict = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u turn written", "%u turns written",
                                                annotation->turns->len), annotation->turns->len);
        break;
      case RUBRIC_TASK_KIND_RED_TEAM:
        verdict = red_team_verdict (self, annotation);
        break;
      case RUBRIC_TASK_KIND_WRITE:
      default:
        verdict = g_strdup (annotation->answer ? annotation->answer : "");
        break;
      }
  if (verdict != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (verdict, -1);

      g_string_append_printf (text, "<big>%s</big>", escaped);
    }
  if (annotation->swapped)
    g_string_append_printf (text, "\n<small>%s</small>", _("Shown with the sides swapped"));
  if (self->task->kind == RUBRIC_TASK_KIND_AUTHOR)
    append_authored (text, self->task, annotation);
  else if (self->task->kind == RUBRIC_TASK_KIND_RED_TEAM)
    append_attack (text, annotation);
  append_details (text, annotation);
  if (annotation->justification != NULL && *annotation->justification)
    {
      g_autofree char *escaped = g_markup_escape_text (annotation->justification, -1);

      g_string_append_printf (text, "\n<b>%s</b>\n%s", adjudicator ? _("Note") : _("Justification"), escaped);
    }
  if (!adjudicator)
    {
      /* Translators: active time on the task, in seconds */
      g_autofree char *seconds = g_strdup_printf (_("%.0f s active"), annotation->active_ms / 1000.0);

      g_string_append_printf (text, "\n<small>%s</small>", seconds);
    }

  gtk_label_set_markup (GTK_LABEL (body), text->str);
  g_string_free (text, TRUE);
  gtk_label_set_wrap (GTK_LABEL (body), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (body), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_yalign (GTK_LABEL (body), 0);
  gtk_label_set_selectable (GTK_LABEL (body), TRUE);
  gtk_box_append (GTK_BOX (card), title);
  gtk_box_append (GTK_BOX (card), body);
  gtk_widget_set_margin_start (title, 12);
  gtk_widget_set_margin_end (title, 12);
  gtk_widget_set_margin_top (title, 10);
  gtk_widget_set_margin_start (body, 12);
  gtk_widget_set_margin_end (body, 12);
  gtk_widget_set_margin_bottom (body, 10);
  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "judgement-card");
  if (adjudicator)
    gtk_widget_add_css_class (card, "decision");
  gtk_widget_set_size_request (card, 240, -1);
  gtk_widget_set_margin_start (card, 6);
  gtk_widget_set_margin_end (card, 6);
  gtk_widget_set_margin_top (card, 6);
  gtk_widget_set_margin_bottom (card, 6);
  gtk_widget_set_valign (card, GTK_ALIGN_START);
  return card;
}

static GtkWidget *
response_view (const char *title,
               const char *content)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *view = rubric_markdown_view_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (view), content ? content : "");
  gtk_widget_set_hexpand (box, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), view);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  return box;
}

/* What a brief gives beside its text: an author task's requirements,
 * a red-team task's category, technique, rules and target. */
static char *
brief_details (RubricTask *task)
{
  GString *text = g_string_new (NULL);
  static const struct { const char *key; const char *label; } fields[] = {
    { "harm_category", N_("Harm category") },
    { "technique", N_("Technique") },
    { "rules", N_("Rules") },
    { "target_model", N_("Target model") },
  };

  for (guint i = 0; i < rubric_task_get_n_requirements (task); i++)
    {
      if (i == 0)
        g_string_append (text, _("Requirements:"));
      g_string_append_printf (text, "\n• %s", rubric_task_get_requirement (task, i) ?: "");
    }
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = rubric_json_get_string (task->object, fields[i].key);

      if (value == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a field of a red-team brief, "Technique: persistence" */
      g_string_append_printf (text, _("%s: %s"), _(fields[i].label), value);
    }
  return g_string_free (text, FALSE);
}

static GtkWidget *
brief_view (RubricTask *task)
{
  GtkWidget *box = response_view (_("Brief"), rubric_task_get_brief (task));
  g_autofree char *details = brief_details (task);

  if (*details != '\0')
    {
      GtkWidget *label = gtk_label_new (details);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_box_append (GTK_BOX (box), label);
    }
  return box;
}

static GtkWidget *
task_view (RubricReviewWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *responses = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 18);
  guint n = rubric_task_get_n_responses (self->task);

  if (rubric_task_kind_has_brief (self->task->kind))
    gtk_box_append (GTK_BOX (box), brief_view (self->task));
  else
    {
      GtkWidget *conversation = g_object_new (RUBRIC_TYPE_CONVERSATION, NULL);

      rubric_conversation_show (RUBRIC_CONVERSATION (conversation), self->task);
      gtk_box_append (GTK_BOX (box), conversation);
    }
  gtk_box_set_homogeneous (GTK_BOX (responses), TRUE);
  for (guint r = 0; r < n; r++)
    {
      json_object *response = rubric_task_get_response (self->task, r);
      const char *id = rubric_json_get_string (response, "id");
      g_autofree char *title = NULL;

      if (n == 2)
        /* Translators: "Response A (id)", in the task file's order */
        title = g_strdup_printf (_("Response %c (%s)"), 'A' + r, id ? id : "");
      else
        title = g_strdup_printf (_("Response %s"), id ? id : "");
      gtk_box_append (GTK_BOX (responses), response_view (title, rubric_json_get_string (response, "content")));
    }
  if (n > 0)
    gtk_box_append (GTK_BOX (box), responses);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  return box;
}

static void
update_decision (RubricReviewWindow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *verdict = NULL;
  RubricTaskKind kind;

  if (self->task == NULL)
    return;
  kind = rubric_task_kind_from_string (rubric_json_get_string (self->task->object, "kind"));
  if (kind == RUBRIC_TASK_KIND_COMPARE && self->decision->choice != NULL)
    verdict = choice_text (self, self->decision);
  else if (kind == RUBRIC_TASK_KIND_RANK && self->decision->ranking->len > 0)
    verdict = ranking_text (self->decision);
  else if (kind == RUBRIC_TASK_KIND_REVIEW && self->decision->verdict != NULL)
    verdict = g_strdup (self->decision->verdict);
  else if (kind == RUBRIC_TASK_KIND_WRITE && self->decision->answer != NULL)
    verdict = g_strdup (_("the chosen answer"));
  else if (kind == RUBRIC_TASK_KIND_AUTHOR && self->decision->turns->len > 0)
    verdict = g_strdup (_("the chosen prompt and answer"));
  else if (kind == RUBRIC_TASK_KIND_RED_TEAM &&
           (self->decision->category != NULL || self->decision->success != RUBRIC_SUCCESS_NONE))
    verdict = red_team_verdict (self, self->decision);
  if (verdict == NULL)
    text = g_strdup (kind == RUBRIC_TASK_KIND_COMPARE ? _("Final decision: press A, B, T or X, or Alt+1… to take a judgement")
                                                       : _("Final decision: press Alt+1… to take an annotator's judgement"));
  else
    text = g_strdup_printf (self->decided ? _("Decided: %s") : _("Final decision: %s — Ctrl+Return records it"), verdict);
  gtk_label_set_text (GTK_LABEL (self->decision_label), text);
  gtk_widget_set_visible (self->strength_box, kind == RUBRIC_TASK_KIND_COMPARE);
  gtk_widget_set_visible (self->choice_box, kind == RUBRIC_TASK_KIND_COMPARE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.withdraw", self->decided);
}

static GtkWidget *
button_row (RubricReviewWindow *self,
            const char         *action,
            const char * const *targets,
            const char * const *labels,
            const char * const *tooltips,
            gboolean            integer)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);

  gtk_widget_add_css_class (box, "linked");
  for (guint i = 0; targets[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_(labels[i]));

      if (integer)
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "i", (int) g_ascii_strtoll (targets[i], NULL, 10));
      else
        gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", targets[i]);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
      gtk_widget_set_tooltip_text (button, _(tooltips[i]));
      gtk_box_append (GTK_BOX (box), button);
    }
  return box;
}

static GtkWidget *
decision_bar (RubricReviewWindow *self)
{
  static const char *choices[] = { "A", "B", "tie", "both-bad", NULL };
  static const char *choice_labels[] = { N_("_A"), N_("_B"), N_("_Tie"), N_("Both Bad"), NULL };
  static const char *choice_tips[] = { N_("A is better (A)"), N_("B is better (B)"), N_("About the same (T)"),
                                       N_("Both are bad (X)"), NULL };
  static const char *strengths[] = { "1", "2", "3", NULL };
  static const char *strength_labels[] = { N_("Slightly"), N_("Better"), N_("Much"), NULL };
  static const char *strength_tips[] = { N_("Slightly better (1)"), N_("Better (2)"), N_("Much better (3)"), NULL };
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *controls = gtk_flow_box_new ();
  GtkWidget *note_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *record = gtk_button_new_with_mnemonic (_("_Record"));
  GtkWidget *withdraw = gtk_button_new_from_icon_name ("edit-undo-symbolic");

  self->decision_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->decision_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->decision_label), TRUE);
  gtk_widget_add_css_class (self->decision_label, "heading");
  self->choice_box = button_row (self, "win.choose", choices, choice_labels, choice_tips, FALSE);
  self->strength_box = button_row (self, "win.strength", strengths, strength_labels, strength_tips, TRUE);
  self->note = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->note, _("Note (Ctrl+J)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Note on the decision"), -1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->note), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (record), "win.record");
  gtk_widget_add_css_class (record, "suggested-action");
  gtk_widget_set_tooltip_text (record, _("Record the decision and go to the next task (Ctrl+Return)"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (withdraw), "win.withdraw");
  gtk_widget_set_tooltip_text (withdraw, _("Withdraw the decision"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (withdraw), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Withdraw the decision"), -1);
  /* Side by side where they fit, one under the other where not. */
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (controls), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (controls), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (controls), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (controls), 2);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (controls), FALSE);
  gtk_widget_set_halign (self->choice_box, GTK_ALIGN_START);
  gtk_widget_set_halign (self->strength_box, GTK_ALIGN_START);
  gtk_flow_box_append (GTK_FLOW_BOX (controls), self->choice_box);
  gtk_flow_box_append (GTK_FLOW_BOX (controls), self->strength_box);
  gtk_widget_set_focusable (gtk_widget_get_parent (self->choice_box), FALSE);
  gtk_widget_set_focusable (gtk_widget_get_parent (self->strength_box), FALSE);
  gtk_box_append (GTK_BOX (note_row), GTK_WIDGET (self->note));
  gtk_box_append (GTK_BOX (note_row), withdraw);
  gtk_box_append (GTK_BOX (note_row), record);
  gtk_box_append (GTK_BOX (bar), self->decision_label);
  gtk_box_append (GTK_BOX (bar), controls);
  gtk_box_append (GTK_BOX (bar), note_row);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 12);
  return bar;
}

static void
show_item (RubricReviewWindow *self,
           guint               position)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *box;
  GtkWidget *paned;
  GtkWidget *top;
  GtkWidget *cards;
  GtkWidget *cards_scroller;
  GtkWidget *heading;
  g_autofree char *heading_text = NULL;
  guint number = 0;

  self->item = item_at (self, position);
  g_clear_pointer (&self->task, rubric_task_free);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_clear_pointer (&self->decision, rubric_annotation_unref);
  self->decided = FALSE;
  if (self->item == NULL)
    return;
  if (!(self->task = rubric_store_get_task (self->store, self->item->task_id, &error)) ||
      !(self->annotations = rubric_store_list_annotations (self->store, self->item->task_id, &error)))
    {
      toast (self, error->message);
      return;
    }

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  heading = gtk_label_new (NULL);
  heading_text = g_markup_printf_escaped ("<b>%s</b> · %s · %s%s%s", self->item->ext_id,
                                          rubric_task_kind_get_label (self->item->kind),
                                          merge_label (self->item->merge), *self->item->votes ? " · " : "",
                                          self->item->votes);
  gtk_label_set_markup (GTK_LABEL (heading), heading_text);
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_ellipsize (GTK_LABEL (heading), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (heading, TRUE);
  {
    GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
    GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");

    /* Narrow, the queue and the task take turns. */
    gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "win.show-queue");
    gtk_widget_set_tooltip_text (back, _("Back to the queue"));
    gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back to the queue"), -1);
    gtk_widget_add_css_class (back, "flat");
    g_object_bind_property (self->leaflet, "folded", back, "visible", G_BINDING_SYNC_CREATE);
    gtk_widget_set_margin_start (row, 12);
    gtk_widget_set_margin_top (row, 8);
    gtk_box_append (GTK_BOX (row), back);
    gtk_box_append (GTK_BOX (row), heading);
    gtk_box_append (GTK_BOX (box), row);
  }

  paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
  top = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (top), task_view (self));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (top), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_paned_set_start_child (GTK_PANED (paned), top);
  gtk_paned_set_resize_start_child (GTK_PANED (paned), TRUE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_widget_set_size_request (top, -1, 160);

  cards = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_set_margin_start (cards, 12);
  gtk_widget_set_margin_end (cards, 12);
  self->decision = rubric_annotation_new (self->item->task_id, self->set_id, RUBRIC_ADJUDICATOR);
  for (guint i = 0; i < self->annotations->len; i++)
    {
      RubricAnnotation *annotation = g_ptr_array_index (self->annotations, i);

      if (g_strcmp0 (annotation->annotator, RUBRIC_ADJUDICATOR) == 0)
        {
          g_clear_pointer (&self->decision, rubric_annotation_unref);
          self->decision = rubric_annotation_copy (annotation);
          self->decided = TRUE;
        }
      gtk_box_append (GTK_BOX (cards), judgement_card (self, annotation,
                                                       g_strcmp0 (annotation->annotator, RUBRIC_ADJUDICATOR) ? ++number : 0));
    }
  cards_scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (cards_scroller), cards);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (cards_scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_size_request (cards_scroller, -1, 200);
  {
    GtkWidget *bottom = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);

    gtk_widget_set_vexpand (cards_scroller, TRUE);
    gtk_box_append (GTK_BOX (bottom), cards_scroller);
    gtk_box_append (GTK_BOX (bottom), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
    gtk_box_append (GTK_BOX (bottom), decision_bar (self));
    gtk_paned_set_end_child (GTK_PANED (paned), bottom);
    gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  }
  gtk_widget_set_vexpand (paned, TRUE);
  gtk_box_append (GTK_BOX (box), paned);
  gtk_editable_set_text (GTK_EDITABLE (self->note), self->decided ? self->decision->justification : "");
  adw_bin_set_child (ADW_BIN (self->content), box);
  update_decision (self);
}

static void
selection_changed_cb (RubricReviewWindow *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  show_item (self, position);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

/* Actions ------------------------------------------------------------------- */

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (widget);
  const char *choice = g_variant_get_string (param, NULL);

  if (self->decision == NULL || self->task == NULL ||
      rubric_task_kind_from_string (rubric_json_get_string (self->task->object, "kind")) != RUBRIC_TASK_KIND_COMPARE)
    return;
  rubric_annotation_set_text (&self->decision->choice, choice);
  if (g_str_equal (choice, "A") || g_str_equal (choice, "B"))
    self->decision->strength = MAX (self->decision->strength, 1);
  else
    self->decision->strength = 0;
  self->decided = FALSE;
  update_decision (self);
}

static void
strength_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (widget);
  int strength = g_variant_get_int32 (param);

  if (self->decision == NULL || self->decision->choice == NULL ||
      !(g_str_equal (self->decision->choice, "A") || g_str_equal (self->decision->choice, "B")))
    return;
  self->decision->strength = CLAMP (strength, 1, (int) rubric_scale_max_strength (self->config->preference_scale));
  self->decided = FALSE;
  update_decision (self);
}

/* Alt+N: the Nth annotator's judgement, whole, as the decision. */
static void
take_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (widget);
  int wanted = g_variant_get_int32 (param);
  int number = 0;

  for (guint i = 0; self->annotations != NULL && i < self->annotations->len; i++)
    {
      RubricAnnotation *annotation = g_ptr_array_index (self->annotations, i);

      if (g_strcmp0 (annotation->annotator, RUBRIC_ADJUDICATOR) == 0 || ++number != wanted)
        continue;
      g_clear_pointer (&self->decision, rubric_annotation_unref);
      self->decision = rubric_annotation_copy (annotation);
      self->decision->id = 0;
      rubric_annotation_set_text (&self->decision->annotator, RUBRIC_ADJUDICATOR);
      self->decided = FALSE;
      update_decision (self);
      return;
    }
}

static gboolean
decision_is_complete (RubricReviewWindow *self)
{
  switch (rubric_task_kind_from_string (rubric_json_get_string (self->task->object, "kind")))
    {
    case RUBRIC_TASK_KIND_COMPARE:
      return self->decision->choice != NULL;
    case RUBRIC_TASK_KIND_RANK:
      return self->decision->ranking->len > 0;
    case RUBRIC_TASK_KIND_REVIEW:
      return self->decision->verdict != NULL;
    case RUBRIC_TASK_KIND_AUTHOR:
      return self->decision->turns->len > 0;
    case RUBRIC_TASK_KIND_RED_TEAM:
      return self->decision->category != NULL || self->decision->success != RUBRIC_SUCCESS_NONE;
    case RUBRIC_TASK_KIND_WRITE:
    default:
      return self->decision->answer != NULL;
    }
}

static void
move_by (RubricReviewWindow *self,
         int                 delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->queue));
  guint position = gtk_single_selection_get_selected (self->selection);
  int next = position == GTK_INVALID_LIST_POSITION ? 0 : (int) position + delta;

  if (next < 0 || (guint) next >= n)
    return;
  gtk_single_selection_set_selected (self->selection, next);
  gtk_widget_activate_action (GTK_WIDGET (self), "list.scroll-to-item", "u", next);
}

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (widget);
  g_autofree char *lead = rubric_application_dup_annotator (self->app);
  g_autoptr(GError) error = NULL;
  guint position = gtk_single_selection_get_selected (self->selection);

  if (self->decision == NULL || self->task == NULL)
    return;
  if (!decision_is_complete (self))
    {
      toast (self, _("Choose the final decision first"));
      return;
    }
  g_free (self->decision->justification);
  self->decision->justification = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note)));
  if (!rubric_review_adjudicate (self->store, self->item->task_id, self->set_id, lead, self->decision, &error))
    {
      error_dialog (GTK_WINDOW (self), _("Could Not Record the Decision"), error->message);
      return;
    }
  g_free (self->item->merge);
  self->item->merge = g_strdup ("adjudicated");
  update_queue_status (self);
  /* Redraw the row, then go on. */
  {
    g_autoptr(GtkStringObject) object = g_list_model_get_item (G_LIST_MODEL (self->queue), position);
    const char *same[] = { gtk_string_object_get_string (object), NULL };

    gtk_string_list_splice (self->queue, position, 1, same);
    gtk_single_selection_set_selected (self->selection, position);
  }
  toast (self, _("Decision recorded"));
  if (position + 1 < g_list_model_get_n_items (G_LIST_MODEL (self->queue)))
    move_by (self, 1);
  else
    show_item (self, position);
}

static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  guint position = gtk_single_selection_get_selected (self->selection);

  if (self->item == NULL || !self->decided)
    return;
  if (!rubric_review_withdraw (self->store, self->item->task_id, &error))
    {
      error_dialog (GTK_WINDOW (self), _("Could Not Withdraw the Decision"), error->message);
      return;
    }
  /* What the votes say again is known after the next refresh. */
  g_free (self->item->merge);
  self->item->merge = g_strdup (self->item->n_annotators > 1 && self->item->disagreement > 0 ? "unresolved" : "unanimous");
  update_queue_status (self);
  show_item (self, position);
  toast (self, _("Decision withdrawn"));
}

static void
focus_note_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (widget);

  if (self->note != NULL && gtk_widget_get_mapped (GTK_WIDGET (self->note)))
    gtk_widget_grab_focus (GTK_WIDGET (self->note));
}

static void
show_queue_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  adw_leaflet_navigate (RUBRIC_REVIEW_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  adw_view_stack_set_visible_child_name (RUBRIC_REVIEW_WINDOW (widget)->stack, g_variant_get_string (param, NULL));
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  move_by (RUBRIC_REVIEW_WINDOW (widget), g_str_equal (action_name, "win.next-item") ? 1 : -1);
}

/* Loading ------------------------------------------------------------------- */

typedef struct
{
  char                *db_path;
  gint64               set_id;
  RubricReviewSummary *summary;
} SummaryData;

static void
summary_data_free (SummaryData *data)
{
  g_free (data->db_path);
  g_clear_pointer (&data->summary, rubric_review_summary_free);
  g_free (data);
}

static gboolean
summarize_work (RubricStore   *store,
                gpointer       task_data,
                GCancellable  *cancellable,
                GError       **error)
{
  SummaryData *data = task_data;

  return (data->summary = rubric_review_summarize (store, data->set_id, RUBRIC_MERGE_ADJUDICATED, error)) != NULL;
}

static void
summary_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (object);
  SummaryData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  RubricReviewSummary *summary = NULL;
  g_autoptr(GPtrArray) indexes = g_ptr_array_new_with_free_func (g_free);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    summary = g_steal_pointer (&data->summary);
  if (summary == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        error_dialog (GTK_WINDOW (self), _("Could Not Read the Review"), error->message);
      return;
    }
  g_clear_pointer (&self->summary, rubric_review_summary_free);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  self->summary = summary;
  self->charts = rubric_charts_new (summary->agreement, summary->bias);
  fill_agreement (self);
  fill_annotators (self);

  for (guint i = 0; i < summary->items->len; i++)
    g_ptr_array_add (indexes, g_strdup_printf ("%u", i));
  g_ptr_array_add (indexes, NULL);
  gtk_string_list_splice (self->queue, 0, g_list_model_get_n_items (G_LIST_MODEL (self->queue)),
                          (const char * const *) indexes->pdata);
  update_queue_status (self);
  gtk_stack_set_visible_child_name (self->loading, "review");
  if (summary->items->len > 0)
    {
      gtk_single_selection_set_selected (self->selection, 0);
      show_item (self, 0);
    }
}

static void
refresh (RubricReviewWindow *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, summary_done_cb, NULL);
  SummaryData *data = g_new0 (SummaryData, 1);

  data->db_path = g_strdup (rubric_store_get_path (self->store));
  data->set_id = self->set_id;
  g_task_set_task_data (task, data, (GDestroyNotify) summary_data_free);
  rubric_store_task_run (task, data->db_path, summarize_work);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  refresh (RUBRIC_REVIEW_WINDOW (widget));
}

/* Export merged ------------------------------------------------------------ */

typedef struct
{
  char              *db_path;
  gint64             set_id;
  RubricMergeMethod  method;
  char              *format;
  char              *output;
  guint              n_written;
  RubricMergeReport *report;
} ExportData;

static void
export_data_free (ExportData *data)
{
  g_free (data->db_path);
  g_free (data->format);
  g_free (data->output);
  g_clear_pointer (&data->report, rubric_merge_report_free);
  g_free (data);
}

static gboolean
merge_work (RubricStore   *store,
            gpointer       task_data,
            GCancellable  *cancellable,
            GError       **error)
{
  ExportData *data = task_data;

  return rubric_review_merge (store, data->set_id, data->method, data->format, data->output, &data->n_written,
                              &data->report, error);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (object);
  ExportData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      error_dialog (GTK_WINDOW (self), _("Could Not Export the Merged Review"), error->message);
      return;
    }
  message = g_strdup_printf (_("Exported %u lines: %u unanimous, %u majority, %u decided, %u unresolved"),
                             data->n_written, data->report->n_unanimous, data->report->n_majority,
                             data->report->n_adjudicated, data->report->n_unresolved);
  toast (self, message);
}

static void
export_file_cb (GtkNativeDialog *chooser,
                int              response,
                GTask           *task)
{
  ExportData *data = g_task_get_task_data (task);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      data->output = g_file_get_path (file);
      rubric_store_task_run (task, data->db_path, merge_work);
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (task);
}

/* The writers a merged review goes out through: not those that write a
 * file of their own making (a header first), such as the authored
 * prompts' task file; the merged task file is the last item. */
static gboolean
merges_through (const RubricExportWriter *writer)
{
  return writer->header == NULL;
}

static const char *
format_id (guint position)
{
  guint n;
  const RubricExportWriter *writers = rubric_export_writers (&n);

  for (guint i = 0; i < n; i++)
    {
      if (!merges_through (&writers[i]))
        continue;
      if (position-- == 0)
        return writers[i].id;
    }
  return RUBRIC_CONVERT_TASKS;
}

static void
export_response_cb (AdwMessageDialog   *dialog,
                    const char         *response,
                    RubricReviewWindow *self)
{
  GtkDropDown *formats = g_object_get_data (G_OBJECT (dialog), "formats");
  GtkDropDown *methods = g_object_get_data (G_OBJECT (dialog), "methods");
  static const RubricMergeMethod method_of[] = { RUBRIC_MERGE_ADJUDICATED, RUBRIC_MERGE_MAJORITY,
                                                  RUBRIC_MERGE_MEAN_STRENGTH };
  GtkFileChooserNative *chooser;
  ExportData *data;
  GTask *task;
  g_autofree char *suggested = NULL;

  if (g_strcmp0 (response, "export") != 0)
    return;
  data = g_new0 (ExportData, 1);
  data->db_path = g_strdup (rubric_store_get_path (self->store));
  data->set_id = self->set_id;
  data->format = g_strdup (format_id (gtk_drop_down_get_selected (formats)));
  data->method = method_of[MIN (gtk_drop_down_get_selected (methods), G_N_ELEMENTS (method_of) - 1)];
  task = g_task_new (self, NULL, export_done_cb, NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) export_data_free);

  chooser = gtk_file_chooser_native_new (_("Export Merged Review"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  suggested = g_strdup_printf ("%s-merged.jsonl", self->name);
  g_strdelimit (suggested, "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (export_file_cb), task);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (widget);
  g_autoptr(GtkStringList) format_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) method_names = gtk_string_list_new (NULL);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Export Merged Review"),
                                              _("One judgement a task: unanimous, by majority or by your decision. "
                                                "Each item says where it came from."));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *formats;
  GtkWidget *methods;
  guint n;
  const RubricExportWriter *writers = rubric_export_writers (&n);

  for (guint i = 0; i < n; i++)
    {
      if (merges_through (&writers[i]))
        gtk_string_list_append (format_names, _(writers[i].label));
    }
  gtk_string_list_append (format_names, _("Rubric task file, merged judgement as gold"));
  gtk_string_list_append (method_names, _("Your decisions, else the majority"));
  gtk_string_list_append (method_names, _("Majority vote; your decisions break ties"));
  gtk_string_list_append (method_names, _("Mean strength; your decisions break ties"));
  formats = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (format_names)), NULL);
  methods = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (method_names)), NULL);
  /* Named by their labels, below. */
  for (guint i = 0; i < 2; i++)
    {
      GtkWidget *label = gtk_label_new_with_mnemonic (i == 0 ? _("_Format") : _("_Merge"));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "heading");
      gtk_label_set_mnemonic_widget (GTK_LABEL (label), i == 0 ? formats : methods);
      /* GTK 4.8 reads one step of labelled-by: the button, too, by the label. */
      gtk_accessible_update_relation (GTK_ACCESSIBLE (i == 0 ? formats : methods),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_first_child (i == 0 ? formats : methods)),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (GTK_BOX (box), i == 0 ? formats : methods);
    }
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "export", _("_Export…"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "export", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "export");
  g_object_set_data (G_OBJECT (dialog), "formats", formats);
  g_object_set_data (G_OBJECT (dialog), "methods", methods);
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  /* Return exports with the choices as they are; Tab reaches them. */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
}

static void
warnings_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (widget);
  json_object *review = rubric_json_get_typed (self->header, "review", json_type_object);
  json_object *warnings = rubric_json_get_typed (review, "warnings", json_type_array);
  GString *text = g_string_new (NULL);
  GtkWidget *dialog;
  GtkWidget *label;
  GtkWidget *scroller = gtk_scrolled_window_new ();

  for (gsize i = 0; warnings != NULL && i < json_object_array_length (warnings); i++)
    g_string_append_printf (text, "%s\n", json_object_get_string (json_object_array_get_idx (warnings, i)));
  label = gtk_label_new (text->str);
  g_string_free (text, TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "monospace");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), label);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("What Was Left Out or Differs"),
                                   _("Records that could not be read were left out; the rest were read."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The window ---------------------------------------------------------------- */

static void
rubric_review_window_dispose (GObject *object)
{
  RubricReviewWindow *self = RUBRIC_REVIEW_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->summary, rubric_review_summary_free);
  g_clear_pointer (&self->charts, g_ptr_array_unref);
  g_clear_pointer (&self->task, rubric_task_free);
  g_clear_pointer (&self->annotations, g_ptr_array_unref);
  g_clear_pointer (&self->decision, rubric_annotation_unref);
  g_clear_pointer (&self->header, json_object_put);
  g_clear_pointer (&self->config, rubric_set_config_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->name, g_free);
  G_OBJECT_CLASS (rubric_review_window_parent_class)->dispose (object);
}

static void
rubric_review_window_class_init (RubricReviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const struct { guint key; const char *choice; } choice_keys[] = {
    { GDK_KEY_a, "A" }, { GDK_KEY_b, "B" }, { GDK_KEY_t, "tie" }, { GDK_KEY_x, "both-bad" },
  };

  object_class->dispose = rubric_review_window_dispose;

  gtk_widget_class_install_action (widget_class, "win.choose", "s", choose_action);
  gtk_widget_class_install_action (widget_class, "win.strength", "i", strength_action);
  gtk_widget_class_install_action (widget_class, "win.take", "i", take_action);
  gtk_widget_class_install_action (widget_class, "win.record", NULL, record_action);
  gtk_widget_class_install_action (widget_class, "win.withdraw", NULL, withdraw_action);
  gtk_widget_class_install_action (widget_class, "win.next-item", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.previous-item", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "win.export-merged", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.show-warnings", NULL, warnings_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.focus-note", NULL, focus_note_action);
  gtk_widget_class_install_action (widget_class, "win.show-queue", NULL, show_queue_action);

  for (guint i = 0; i < G_N_ELEMENTS (choice_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, choice_keys[i].key, 0, "win.choose", "s", choice_keys[i].choice);
  for (int i = 1; i <= 3; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, 0, "win.strength", "i", i);
  for (int i = 1; i <= 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0 + i, GDK_ALT_MASK, "win.take", "i", i);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "win.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "win.record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK, "win.next-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK, "win.previous-item", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.export-merged", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_j, GDK_CONTROL_MASK, "win.focus-note", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_CONTROL_MASK, "win.show-page", "s", "adjudicate");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_CONTROL_MASK, "win.show-page", "s", "agreement");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_CONTROL_MASK, "win.show-page", "s", "annotators");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
rubric_review_window_init (RubricReviewWindow *self)
{
  self->cancellable = g_cancellable_new ();
}

static GtkWidget *
build_queue (RubricReviewWindow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list;

  self->queue = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->queue));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect (factory, "setup", G_CALLBACK (queue_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (queue_bind_cb), self);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), factory);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Tasks, most disagreement first"), -1);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selection_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scroller, TRUE);
  self->queue_status = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->queue_status, "dim-label");
  gtk_widget_set_margin_top (self->queue_status, 6);
  gtk_widget_set_margin_bottom (self->queue_status, 6);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), self->queue_status);
  gtk_widget_set_size_request (box, 280, -1);
  return box;
}

static RubricReviewWindow *
review_window_new (RubricApplication *app,
                   gint64             set_id,
                   GError           **error)
{
  RubricReviewWindow *self;
  RubricStore *store = rubric_application_get_store (app);
  g_autoptr(RubricTaskSet) set = rubric_store_get_task_set (store, set_id, error);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *switcher = adw_view_switcher_title_new ();
  GtkWidget *switcher_bar = adw_view_switcher_bar_new ();
  GtkWidget *export = gtk_button_new_from_icon_name ("document-save-as-symbolic");
  GtkWidget *refresh_button = gtk_button_new_from_icon_name ("view-refresh-symbolic");
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *status = adw_status_page_new ();
  AdwViewStackPage *page;
  json_object *review;
  json_object *warnings;
  g_autofree char *subtitle = NULL;

  if (set == NULL)
    return NULL;
  self = g_object_new (RUBRIC_TYPE_REVIEW_WINDOW, "application", app, NULL);
  self->app = app;
  self->store = g_object_ref (store);
  self->set_id = set_id;
  self->name = g_strdup (set->name);
  self->header = json_object_get (set->header);
  self->config = rubric_set_config_new (set->header);
  review = rubric_json_get_typed (self->header, "review", json_type_object);
  warnings = rubric_json_get_typed (review, "warnings", json_type_array);

  gtk_window_set_title (GTK_WINDOW (self), set->name);
  gtk_window_set_default_size (GTK_WINDOW (self), 1100, 760);
  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());

  /* Adjudicate */
  self->leaflet = ADW_LEAFLET (adw_leaflet_new ());
  adw_leaflet_set_can_navigate_back (self->leaflet, TRUE);
  adw_leaflet_append (self->leaflet, build_queue (self));
  adw_leaflet_page_set_navigatable (adw_leaflet_append (self->leaflet, gtk_separator_new (GTK_ORIENTATION_VERTICAL)),
                                    FALSE);
  self->content = adw_bin_new ();
  gtk_widget_set_hexpand (self->content, TRUE);
  adw_leaflet_append (self->leaflet, self->content);
  rubric_shadows_hide_when_unfolded (GTK_WIDGET (self->leaflet));
  page = adw_view_stack_add_titled (self->stack, GTK_WIDGET (self->leaflet), "adjudicate", _("Adjudicate"));
  adw_view_stack_page_set_icon_name (page, "emblem-ok-symbolic");

  self->agreement_page = adw_bin_new ();
  page = adw_view_stack_add_titled (self->stack, self->agreement_page, "agreement", _("Agreement"));
  adw_view_stack_page_set_icon_name (page, "view-grid-symbolic");
  self->annotators_page = adw_bin_new ();
  page = adw_view_stack_add_titled (self->stack, self->annotators_page, "annotators", _("Annotators"));
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");

  {
    json_object *files = rubric_json_get_typed (review, "files", json_type_array);
    guint n_files = files ? (guint) json_object_array_length (files) : 0;

    subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Review of %u file", "Review of %u files", n_files),
                                n_files);
  }
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (switcher), self->stack);
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (switcher), set->name);
  adw_view_switcher_title_set_subtitle (ADW_VIEW_SWITCHER_TITLE (switcher), subtitle);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), switcher);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (export), "win.export-merged");
  gtk_widget_set_tooltip_text (export, _("Export Merged: one judgement a task (Ctrl+Shift+E)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (export), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Export Merged"), -1);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), export);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (refresh_button), "win.refresh");
  gtk_widget_set_tooltip_text (refresh_button, _("Compute the figures again (F5)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (refresh_button), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Refresh"), -1);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), refresh_button);
  self->warnings_button = gtk_button_new_from_icon_name ("dialog-warning-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->warnings_button), "win.show-warnings");
  gtk_widget_set_tooltip_text (self->warnings_button, _("What was left out or differs between the files"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->warnings_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Warnings"), -1);
  gtk_widget_set_visible (self->warnings_button, warnings != NULL && json_object_array_length (warnings) > 0);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), self->warnings_button);

  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (switcher_bar), self->stack);
  g_object_bind_property (switcher, "title-visible", switcher_bar, "reveal", G_BINDING_SYNC_CREATE);

  self->loading = GTK_STACK (gtk_stack_new ());
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Reading the Records…"));
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);
  gtk_stack_add_named (self->loading, status, "loading");
  gtk_stack_add_named (self->loading, GTK_WIDGET (self->stack), "review");
  gtk_widget_set_vexpand (GTK_WIDGET (self->loading), TRUE);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->loading));
  gtk_box_append (GTK_BOX (outer), header);
  gtk_box_append (GTK_BOX (outer), GTK_WIDGET (self->toasts));
  gtk_box_append (GTK_BOX (outer), switcher_bar);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), outer);
  refresh (self);
  return self;
}

/**
 * rubric_review_window_present:
 *
 * Shows the review of a set, in the window that has it if there is one.
 */
RubricReviewWindow *
rubric_review_window_present (RubricApplication *app,
                              gint64             set_id)
{
  g_autoptr(GError) error = NULL;
  RubricReviewWindow *window;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (RUBRIC_IS_REVIEW_WINDOW (l->data) && RUBRIC_REVIEW_WINDOW (l->data)->set_id == set_id)
        {
          gtk_window_present (l->data);
          return l->data;
        }
    }
  if (!(window = review_window_new (app, set_id, &error)))
    {
      error_dialog (gtk_application_get_active_window (GTK_APPLICATION (app)), _("Could Not Open the Review"),
                    error->message);
      return NULL;
    }
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* Opening records files as a review ------------------------------------- */

typedef struct
{
  char  *db_path;
  GStrv  paths;
  RubricReviewImport *result;
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_free (data->db_path);
  g_strfreev (data->paths);
  g_clear_pointer (&data->result, rubric_review_import_free);
  g_free (data);
}

static gboolean
open_work (RubricStore   *store,
           gpointer       task_data,
           GCancellable  *cancellable,
           GError       **error)
{
  OpenData *data = task_data;

  return rubric_review_import (store, (const char * const *) data->paths, cancellable, &data->result, error);
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  RubricApplication *app = RUBRIC_APPLICATION (object);
  GtkWindow *parent = user_data;
  OpenData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  RubricReviewWindow *window;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      error_dialog (parent, _("Could Not Open the Records as a Review"), error->message);
      g_clear_object (&parent);
      return;
    }
  g_clear_object (&parent);
  if ((window = rubric_review_window_present (app, data->result->set_id)) == NULL)
    return;
  if (data->result->warnings->len > 0 && !data->result->reused)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "Opened with %u warning",
                                                            "Opened with %u warnings",
                                                            data->result->warnings->len),
                                               data->result->warnings->len);
      AdwToast *toast_widget = adw_toast_new (text);

      adw_toast_set_button_label (toast_widget, _("_Show"));
      adw_toast_set_action_name (toast_widget, "win.show-warnings");
      adw_toast_overlay_add_toast (window->toasts, toast_widget);
    }
}

/**
 * rubric_review_window_open:
 * @files: records exports, or folders of them
 *
 * Reads them into the workspace as one review (or returns to the review
 * of the same files) and shows it.
 */
void
rubric_review_window_open (RubricApplication  *app,
                           GtkWindow          *parent,
                           GFile             **files,
                           guint               n_files)
{
  g_autoptr(GTask) task = g_task_new (app, NULL, open_done_cb, parent ? g_object_ref (parent) : NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  OpenData *data = g_new0 (OpenData, 1);

  for (guint i = 0; i < n_files; i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path != NULL)
        g_ptr_array_add (paths, path);
    }
  g_ptr_array_add (paths, NULL);
  data->db_path = g_strdup (rubric_store_get_path (rubric_application_get_store (app)));
  data->paths = (GStrv) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
  g_task_set_task_data (task, data, (GDestroyNotify) open_data_free);
  rubric_store_task_run (task, data->db_path, open_work);
}
