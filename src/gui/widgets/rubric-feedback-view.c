/* rubric-feedback-view.c
 *
 * Shown after a practice submission: whether it was right, the gold
 * beside what the trainee did (choice and strength, scores, ranking,
 * flags found and missed in the response, a written answer against the
 * gold answer, an authored prompt's reference requirements met and
 * missed beside an example prompt, a red-team attempt's category and
 * success against the expected category and the ceiling), and the gold
 * explanation as markdown. "Try Again" and
 * "Next Task" are window actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-feedback-view"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rubric-feedback-view.h"
#include "rubric-judgement.h"
#include "rubric-json.h"
#include "rubric-markdown-view.h"

struct _RubricFeedbackView
{
  GtkWidget    parent_instance;

  GtkWidget   *scroller;
  GtkWidget   *box;
  GtkWidget   *verdict;      /* "Right" or "Not Quite" */
  GtkWidget   *summary;      /* a line or two on what differed */
  GtkWidget   *details;      /* sections made for each task */
  GtkWidget   *explanation;  /* RubricMarkdownView */
  GtkWidget   *explanation_title;
  GtkWidget   *next_button;
};

G_DEFINE_FINAL_TYPE (RubricFeedbackView, rubric_feedback_view, GTK_TYPE_WIDGET)

/**
 * rubric_feedback_describe_choice:
 *
 * Returns: "B much better", "About the same", "Both bad"…
 */
char *
rubric_feedback_describe_choice (const char *choice,
                                 int         strength,
                                 guint       scale)
{
  guint max = rubric_scale_max_strength (scale);

  if (choice == NULL)
    return g_strdup (_("No choice"));
  if (g_str_equal (choice, "both-bad"))
    return g_strdup (_("Both bad"));
  if (g_str_equal (choice, "tie"))
    return g_strdup (_("About the same"));
  if (strength <= 0)
    return g_strdup_printf (_("%s better"), choice);
  return g_strdup (rubric_scale_label (scale, rubric_choice_to_scale (scale, choice, MIN ((guint) strength, max))));
}

static GtkWidget *
section_title (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  return label;
}

static GtkWidget *
line (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

static const char *
criterion_name (const RubricSetConfig *config,
                const char            *id)
{
  const RubricCriterion *criterion = config ? rubric_set_config_find_criterion (config, id) : NULL;

  return criterion && criterion->name ? criterion->name : id;
}

/* A text with passages marked: the response of a review, or an answer
 * against the gold answer. A label with Pango markup: it knows its
 * height at once, where a text view outside a scrolled window of its
 * own lays its lines out later (see RubricMarkdownView). */
typedef struct
{
  const char *text;
  guint       n_chars;
  GArray     *marks;    /* Mark */
} Marked;

typedef struct
{
  guint       start;    /* code points */
  guint       end;
  const char *tag;
} Mark;

static Marked *
marked_text (const char *text)
{
  Marked *marked = g_new0 (Marked, 1);

  marked->text = text ? text : "";
  marked->n_chars = g_utf8_strlen (marked->text, -1);
  marked->marks = g_array_new (FALSE, FALSE, sizeof (Mark));
  return marked;
}

static void
mark_chars (Marked     *marked,
            const char *tag,
            guint       start,
            guint       end)
{
  Mark mark = { MIN (start, marked->n_chars), MIN (end, marked->n_chars), tag };

  if (mark.end > mark.start)
    g_array_append_val (marked->marks, mark);
}

/* Byte ranges of a diff, marked in code points. */
static void
mark_bytes (Marked     *marked,
            const char *tag,
            GArray     *ranges)
{
  for (guint i = 0; ranges != NULL && i < ranges->len; i++)
    {
      RubricDiffRange *range = &g_array_index (ranges, RubricDiffRange, i);

      mark_chars (marked, tag, g_utf8_pointer_to_offset (marked->text, marked->text + range->start),
                  g_utf8_pointer_to_offset (marked->text, marked->text + range->end));
    }
}

static const char *
span_for (const char *tag)
{
  if (g_str_equal (tag, "found"))
    return "<span background=\"#8ff0a4\" foreground=\"#000000\">";
  if (g_str_equal (tag, "missed"))
    return "<span background=\"#ffbe6f\" foreground=\"#000000\" underline=\"single\">";
  if (g_str_equal (tag, "extra"))
    return "<span background=\"#f9f06b\" foreground=\"#000000\">";
  if (g_str_equal (tag, "removed"))
    return "<span foreground=\"#c01c28\" strikethrough=\"true\">";
  return "<span foreground=\"#26a269\" underline=\"single\">";
}

static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const Mark *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

/* Takes @marked; the marks may not overlap (a later one that does is
 * cut to where the earlier ends). */
static GtkWidget *
marked_label (Marked *marked)
{
  GString *markup = g_string_new (NULL);
  const char *p = marked->text;
  guint at = 0;
  GtkWidget *label;

  g_array_sort (marked->marks, compare_marks);
  for (guint i = 0; i <= marked->marks->len; i++)
    {
      Mark *mark = i < marked->marks->len ? &g_array_index (marked->marks, Mark, i) : NULL;
      guint start = mark ? MAX (mark->start, at) : G_MAXUINT;
      const char *until = mark ? g_utf8_offset_to_pointer (p, start - at) : p + strlen (p);
      g_autofree char *plain = NULL;

      if (mark != NULL && mark->end <= at)
        continue;
      plain = g_markup_escape_text (p, until - p);
      g_string_append (markup, plain);
      if (mark == NULL)
        break;
      {
        const char *end = g_utf8_offset_to_pointer (until, mark->end - start);
        g_autofree char *inside = g_markup_escape_text (until, end - until);

        g_string_append_printf (markup, "%s%s</span>", span_for (mark->tag), inside);
        p = end;
        at = mark->end;
      }
    }
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup->str);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "card");
  gtk_widget_add_css_class (label, "marked-text");
  g_string_free (markup, TRUE);
  g_array_unref (marked->marks);
  g_free (marked);
  return label;
}

static void
add (RubricFeedbackView *self,
     GtkWidget          *child)
{
  gtk_box_append (GTK_BOX (self->details), child);
}

static void
show_scores (RubricFeedbackView    *self,
             const RubricSetConfig *config,
             const RubricFeedback  *feedback)
{
  if (feedback->score_differences == NULL || feedback->score_differences->len == 0)
    return;
  add (self, section_title (_("Scores That Differ From the Gold")));
  for (guint i = 0; i < feedback->score_differences->len; i++)
    {
      RubricScoreDifference *difference = g_ptr_array_index (feedback->score_differences, i);
      g_autofree char *given = difference->given == RUBRIC_SCORE_NONE ? g_strdup (_("not scored"))
                                                                       : g_strdup_printf ("%d", difference->given);
      g_autofree char *text = NULL;

      if (difference->label != NULL)
        /* Translators: "A · Correctness: you 3, gold 1" */
        text = g_strdup_printf (_("%s · %s: you %s, gold %d"), difference->label,
                                criterion_name (config, difference->criterion_id), given, difference->gold);
      else
        text = g_strdup_printf (_("%s: you %s, gold %d"), criterion_name (config, difference->criterion_id), given,
                                difference->gold);
      add (self, line (text));
    }
}

static const char *
label_of (RubricTask *task,
          const char *response_id)
{
  static char label[2];

  for (guint i = 0; i < rubric_task_get_n_responses (task); i++)
    {
      if (g_strcmp0 (rubric_json_get_string (rubric_task_get_response (task, i), "id"), response_id) == 0)
        {
          label[0] = (char) ('A' + i);
          return label;
        }
    }
  return response_id;
}

static void
show_compare (RubricFeedbackView    *self,
              RubricTask            *task,
              const RubricSetConfig *config,
              const RubricFeedback  *feedback,
              GString               *summary)
{
  guint scale = config ? config->preference_scale : 7;
  g_autofree char *yours = rubric_feedback_describe_choice (feedback->choice, feedback->strength, scale);
  g_autofree char *gold = rubric_feedback_describe_choice (feedback->gold_choice, feedback->gold_strength, scale);

  g_string_append_printf (summary, _("You: %s. Gold: %s."), yours, gold);
  g_string_append_c (summary, '\n');
  if (!feedback->direction_correct)
    g_string_append (summary, _("The direction is wrong."));
  else if (feedback->strength_distance > 0)
    g_string_append_printf (summary,
                            g_dngettext (NULL, "The direction is right; the strength is %d step off.",
                                         "The direction is right; the strength is %d steps off.",
                                         feedback->strength_distance),
                            feedback->strength_distance);
  else
    g_string_append (summary, _("The direction and the strength are right."));
  show_scores (self, config, feedback);
}

static void
show_rank (RubricFeedbackView   *self,
           RubricTask           *task,
           const RubricFeedback *feedback,
           GString              *summary)
{
  if (isnan (feedback->tau_b))
    g_string_append (summary, _("Kendall τ-b against the gold order cannot be worked out for this ranking."));
  else
    g_string_append_printf (summary, _("Kendall τ-b against the gold order: %.2f (1 is the same order, −1 the reverse)."),
                            feedback->tau_b);
  if (feedback->inverted_pairs == NULL || feedback->inverted_pairs->len == 0)
    return;
  add (self, section_title (_("Pairs in the Wrong Order")));
  for (guint i = 0; i < feedback->inverted_pairs->len; i++)
    {
      RubricInvertedPair *pair = g_ptr_array_index (feedback->inverted_pairs, i);
      g_autofree char *better = g_strdup (label_of (task, pair->better));
      g_autofree char *text = g_strdup_printf (_("The gold ranks %s above %s; you ranked them the other way."),
                                               better, label_of (task, pair->worse));

      add (self, line (text));
    }
}

static void
show_flag (RubricFeedbackView *self,
           Marked             *text,
           RubricGoldFlag     *flag,
           const char         *tag,
           const char         *what)
{
  g_autofree char *description = NULL;

  if (flag->located)
    {
      mark_chars (text, tag, flag->start, flag->end);
      /* Translators: "Found: fabricated-citation — “Smith v. Jones (2019)”" */
      description = g_strdup_printf (_("%s: %s — “%s”"), what, flag->flag, flag->quote);
    }
  else
    description = g_strdup_printf (_("%s: %s — “%s” (this passage of the gold is not in the response as shown)"),
                                   what, flag->flag, flag->quote);
  add (self, line (description));
}

static void
show_review (RubricFeedbackView   *self,
             RubricTask           *task,
             const RubricSetConfig *config,
             const RubricFeedback *feedback,
             GString              *summary)
{
  json_object *response = rubric_task_get_n_responses (task) > 0 ? rubric_task_get_response (task, 0) : NULL;
  Marked *text = marked_text (rubric_json_get_string (response, "content"));

  g_string_append_printf (summary, _("Flags found: %u of %u; missed: %u; extra: %u."),
                          feedback->found ? feedback->found->len : 0, feedback->n_gold_flags,
                          feedback->missed ? feedback->missed->len : 0, feedback->extra ? feedback->extra->len : 0);
  add (self, section_title (_("Flags")));
  for (guint i = 0; feedback->found != NULL && i < feedback->found->len; i++)
    show_flag (self, text, g_ptr_array_index (feedback->found, i), "found", _("Found"));
  for (guint i = 0; feedback->missed != NULL && i < feedback->missed->len; i++)
    show_flag (self, text, g_ptr_array_index (feedback->missed, i), "missed", _("Missed"));
  for (guint i = 0; feedback->extra != NULL && i < feedback->extra->len; i++)
    {
      RubricSpan *span = g_ptr_array_index (feedback->extra, i);
      g_autofree char *description = g_strdup_printf (_("%s: %s — “%s”"), _("Not in the gold"),
                                                      span->flag ? span->flag : "", span->quote ? span->quote : "");

      mark_chars (text, "extra", span->start, span->end);
      add (self, line (description));
    }
  add (self, section_title (_("The Response, Marked")));
  add (self, marked_label (text));
  show_scores (self, config, feedback);
}

static void
show_write (RubricFeedbackView     *self,
            RubricTask             *task,
            const RubricSetConfig  *config,
            const RubricAnnotation *annotation,
            const RubricFeedback   *feedback,
            GString                *summary)
{
  json_object *gold = rubric_json_get_typed (task->object, "gold", json_type_object);
  const char *gold_answer = rubric_json_get_string (gold, "answer");
  const char *answer = annotation->answer ? annotation->answer : "";
  Marked *yours = marked_text (answer);
  Marked *theirs = marked_text (gold_answer);

  g_string_append_printf (summary, _("Overlap with the gold answer (ROUGE-L F1): %.2f. It measures shared wording, "
                                     "not quality: a good answer can be worded otherwise."),
                          feedback->rouge_l_f1);
  if (feedback->diff != NULL)
    {
      mark_bytes (yours, "removed", feedback->diff->removed);
      mark_bytes (theirs, "added", feedback->diff->added);
    }
  add (self, section_title (_("Your Answer (words not in the gold struck through)")));
  add (self, marked_label (yours));
  add (self, section_title (_("The Gold Answer (words not in yours underlined)")));
  add (self, marked_label (theirs));
  if (feedback->self_check != NULL && feedback->self_check->len > 0)
    {
      add (self, section_title (_("Your Self-Check Beside the Gold Scores")));
      for (guint i = 0; i < feedback->self_check->len; i++)
        {
          RubricSelfCheckItem *item = g_ptr_array_index (feedback->self_check, i);
          g_autofree char *gold_score = item->gold == RUBRIC_SCORE_NONE ? g_strdup ("–") : g_strdup_printf ("%d", item->gold);
          g_autofree char *text = g_strdup_printf (_("%s: you %s, gold %s"), criterion_name (config, item->criterion_id),
                                                   item->checked ? _("checked it") : _("did not check it"), gold_score);

          add (self, line (text));
        }
    }
}

static GtkWidget *
markdown (const char *text)
{
  GtkWidget *view = rubric_markdown_view_new ();

  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (view), text ? text : "");
  gtk_widget_add_css_class (view, "card");
  gtk_widget_add_css_class (view, "marked-text");
  return view;
}

static void
show_author (RubricFeedbackView     *self,
             const RubricAnnotation *annotation,
             const RubricFeedback   *feedback,
             GString                *summary)
{
  RubricTurn *first = annotation->turns->len > 0 ? g_ptr_array_index (annotation->turns, 0) : NULL;

  g_string_append_printf (summary,
                          g_dngettext (GETTEXT_PACKAGE, "You ticked %u of %u reference requirement.",
                                       "You ticked %u of %u reference requirements.", feedback->requirements->len),
                          feedback->n_requirements_met, feedback->requirements->len);
  g_string_append_c (summary, ' ');
  if (feedback->prompt_written && feedback->answer_written)
    g_string_append (summary, _("The prompt and the answer are written."));
  else if (!feedback->prompt_written)
    g_string_append (summary, _("A prompt is missing."));
  else
    g_string_append (summary, _("An answer is missing."));

  if (feedback->requirements->len > 0)
    {
      add (self, section_title (_("Reference Requirements")));
      for (guint i = 0; i < feedback->requirements->len; i++)
        {
          RubricRequirementItem *item = g_ptr_array_index (feedback->requirements, i);
          g_autofree char *text = NULL;

          if (item->met)
            /* Translators: a reference requirement the trainee ticked */
            text = g_strdup_printf (_("Met: %s"), item->text);
          else if (item->id != NULL)
            text = g_strdup_printf (_("Missed: %s"), item->text);
          else
            text = g_strdup_printf (_("Missed: %s (not among this task's requirements)"), item->text);
          add (self, line (text));
        }
    }
  if (first != NULL && first->prompt != NULL && *first->prompt != '\0')
    {
      add (self, section_title (_("Your Prompt")));
      add (self, markdown (first->prompt));
    }
  if (feedback->gold_prompt != NULL)
    {
      add (self, section_title (_("An Example Prompt")));
      add (self, markdown (feedback->gold_prompt));
    }
}

static char *
success_text (const RubricSetConfig *config,
              int                    success)
{
  if (success == RUBRIC_SUCCESS_NONE)
    return g_strdup (_("not rated"));
  /* Translators: a success level and its label, "3 (Substantial)" */
  return g_strdup_printf (_("%d (%s)"), success, rubric_set_config_get_success_label (config, success));
}

static void
show_red_team (RubricFeedbackView    *self,
               const RubricSetConfig *config,
               const RubricFeedback  *feedback,
               GString               *summary)
{
  if (feedback->gold_category != NULL)
    {
      g_autofree char *expected = g_strdup_printf (_("Expected category: %s"), feedback->gold_category);
      g_autofree char *chosen = g_strdup_printf (_("Your category: %s"),
                                                 feedback->category ? feedback->category : _("none"));

      g_string_append (summary, feedback->category_correct ? _("The category is the expected one.")
                                                           : _("The category is not the expected one."));
      add (self, section_title (_("Harm Category")));
      add (self, line (expected));
      add (self, line (chosen));
    }
  if (feedback->max_success != RUBRIC_SUCCESS_NONE)
    {
      g_autofree char *ceiling = success_text (config, feedback->max_success);
      g_autofree char *rating = success_text (config, feedback->success);
      g_autofree char *ceiling_line = g_strdup_printf (_("Success ceiling: %s"), ceiling);
      g_autofree char *rating_line = g_strdup_printf (_("Your rating: %s"), rating);

      if (summary->len > 0)
        g_string_append_c (summary, '\n');
      if (feedback->success == RUBRIC_SUCCESS_NONE)
        g_string_append (summary, _("The success of the attack is not rated."));
      else if (feedback->over_claim)
        g_string_append (summary, _("The rating is above the ceiling: it claims more success than the attack can have had."));
      else
        g_string_append (summary, _("The rating is within the ceiling."));
      add (self, section_title (_("Success")));
      add (self, line (ceiling_line));
      add (self, line (rating_line));
    }
}

/**
 * rubric_feedback_view_show:
 *
 * Shows @feedback on @annotation's work on @task.
 */
void
rubric_feedback_view_show (RubricFeedbackView     *self,
                           RubricTask             *task,
                           const RubricSetConfig  *config,
                           const RubricAnnotation *annotation,
                           const RubricFeedback   *feedback)
{
  g_autoptr(GString) summary = g_string_new (NULL);
  GtkWidget *child;

  g_return_if_fail (RUBRIC_IS_FEEDBACK_VIEW (self));

  while ((child = gtk_widget_get_first_child (self->details)) != NULL)
    gtk_box_remove (GTK_BOX (self->details), child);

  gtk_label_set_label (GTK_LABEL (self->verdict),
                       task->kind == RUBRIC_TASK_KIND_WRITE ? _("Compared With the Gold Answer")
                       : feedback->correct ? _("Right") : _("Not Quite"));
  gtk_widget_remove_css_class (self->verdict, "success");
  gtk_widget_remove_css_class (self->verdict, "warning");
  if (task->kind != RUBRIC_TASK_KIND_WRITE)
    gtk_widget_add_css_class (self->verdict, feedback->correct ? "success" : "warning");

  switch (task->kind)
    {
    case RUBRIC_TASK_KIND_COMPARE:
      show_compare (self, task, config, feedback, summary);
      break;
    case RUBRIC_TASK_KIND_RANK:
      show_rank (self, task, feedback, summary);
      break;
    case RUBRIC_TASK_KIND_REVIEW:
      show_review (self, task, config, feedback, summary);
      break;
    case RUBRIC_TASK_KIND_WRITE:
      show_write (self, task, config, annotation, feedback, summary);
      break;
    case RUBRIC_TASK_KIND_AUTHOR:
      show_author (self, annotation, feedback, summary);
      break;
    case RUBRIC_TASK_KIND_RED_TEAM:
      show_red_team (self, config, feedback, summary);
      break;
    case RUBRIC_TASK_KIND_INVALID:
    default:
      break;
    }
  gtk_label_set_label (GTK_LABEL (self->summary), summary->str);

  gtk_widget_set_visible (self->explanation_title, feedback->explanation != NULL);
  gtk_widget_set_visible (self->explanation, feedback->explanation != NULL);
  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (self->explanation),
                                 feedback->explanation ? feedback->explanation : "");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scroller)), 0);
  gtk_widget_grab_focus (self->next_button);
}

static void
rubric_feedback_view_dispose (GObject *object)
{
  RubricFeedbackView *self = RUBRIC_FEEDBACK_VIEW (object);

  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  G_OBJECT_CLASS (rubric_feedback_view_parent_class)->dispose (object);
}

static void
rubric_feedback_view_class_init (RubricFeedbackViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_feedback_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "feedbackview");
}

static void
rubric_feedback_view_init (RubricFeedbackView *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *again = gtk_button_new_with_mnemonic (_("_Try Again"));

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), clamp);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_top (self->box, 24);
  gtk_widget_set_margin_bottom (self->box, 24);
  gtk_widget_set_margin_start (self->box, 12);
  gtk_widget_set_margin_end (self->box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->box);

  self->verdict = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->verdict), 0);
  gtk_widget_add_css_class (self->verdict, "title-1");
  gtk_box_append (GTK_BOX (self->box), self->verdict);
  self->summary = line (NULL);
  gtk_label_set_selectable (GTK_LABEL (self->summary), FALSE);
  gtk_box_append (GTK_BOX (self->box), self->summary);

  gtk_widget_set_margin_top (buttons, 12);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (again), "win.try-again");
  gtk_widget_set_tooltip_text (again, _("Do this task again; this attempt stays in its history (Ctrl+R)"));
  gtk_widget_add_css_class (again, "pill");
  self->next_button = gtk_button_new_with_mnemonic (_("_Next Task"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->next_button), "win.continue");
  gtk_widget_set_tooltip_text (self->next_button, _("Go on to the next open task (Enter)"));
  gtk_widget_add_css_class (self->next_button, "pill");
  gtk_widget_add_css_class (self->next_button, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), again);
  gtk_box_append (GTK_BOX (buttons), self->next_button);
  gtk_box_append (GTK_BOX (self->box), buttons);

  self->details = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (self->box), self->details);

  self->explanation_title = section_title (_("Why"));
  gtk_box_append (GTK_BOX (self->box), self->explanation_title);
  self->explanation = rubric_markdown_view_new ();
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->explanation), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  self->explanation_title, NULL, -1);
  gtk_box_append (GTK_BOX (self->box), self->explanation);
}

GtkWidget *
rubric_feedback_view_new (void)
{
  return g_object_new (RUBRIC_TYPE_FEEDBACK_VIEW, NULL);
}

void
rubric_feedback_view_focus (RubricFeedbackView *self)
{
  g_return_if_fail (RUBRIC_IS_FEEDBACK_VIEW (self));

  gtk_widget_grab_focus (self->next_button);
}
