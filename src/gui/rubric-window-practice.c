/* rubric-window-practice.c — practice feedback and exams in the window
 *
 * A set is practised when its header says "mode": "practice" or the
 * person switched it to practice (Practice Mode in the menu): each
 * submission of a task with gold is graded, kept, and answered with the
 * feedback page; Try Again reopens the task (the earlier attempt stays
 * in its history), Next Task goes on.
 *
 * A set with "exam" in its header runs as an exam: a start page with
 * the rules and the attempts left, then the tasks against a clock in
 * the header bar, no feedback, and at the end (time up, every task
 * submitted, or Finish Exam) a result page with the score, pass or
 * fail and a breakdown, exported as JSON that `rubric-cli grade
 * --exam` checks.
 *
 * In an ordinary set with "gold_visible": false, gold tasks are graded
 * silently; the records export carries the result (gold_check).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "rubric-atomic-file.h"
#include "rubric-grade.h"
#include "rubric-json.h"
#include "rubric-practice-window.h"
#include "rubric-window-private.h"

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static gboolean
practising (RubricWindow *self)
{
  return self->config != NULL && !self->config->exam && (self->config->practice || self->practice);
}

static gboolean
exam_running (RubricWindow *self)
{
  return self->exam != NULL && self->exam->finished_at == 0;
}

static void
count_criterion (json_object *criteria,
                 const char  *criterion,
                 gboolean     right)
{
  json_object *counts = rubric_json_get_typed (criteria, criterion, json_type_object);

  if (counts == NULL)
    {
      counts = json_object_new_object ();
      json_object_object_add (counts, "n", json_object_new_int (0));
      json_object_object_add (counts, "right", json_object_new_int (0));
      json_object_object_add (criteria, criterion, counts);
    }
  json_object_int_inc (json_object_object_get (counts, "n"), 1);
  json_object_int_inc (json_object_object_get (counts, "right"), right ? 1 : 0);
}

static void
count_scores (json_object            *criteria,
              const RubricAnnotation *annotation,
              const char             *response,
              json_object            *scores)
{
  json_object_object_foreach (scores, criterion, gold)
    {
      int given = rubric_annotation_get_score (annotation, response, criterion);

      if (json_object_is_type (gold, json_type_int) || json_object_is_type (gold, json_type_double))
        count_criterion (criteria, criterion,
                         given != RUBRIC_SCORE_NONE && ABS (given - json_object_get_double (gold)) <= 1.0);
    }
}

/* Every score the gold gives, counted in @criteria: right within one
 * point of the gold. */
static void
count_gold_scores (json_object            *criteria,
                   RubricTask             *task,
                   const RubricAnnotation *annotation)
{
  json_object *gold = rubric_json_get_typed (task->object, "gold", json_type_object);
  json_object *scores = rubric_json_get_typed (gold, "scores", json_type_object);

  if (scores != NULL && task->kind == RUBRIC_TASK_KIND_REVIEW && rubric_task_get_n_responses (task) == 1)
    count_scores (criteria, annotation, rubric_json_get_string (rubric_task_get_response (task, 0), "id"), scores);
  else if (scores != NULL && task->kind != RUBRIC_TASK_KIND_WRITE)
    {
      json_object_object_foreach (scores, name, per_response)
        {
          const char *response = rubric_task_find_response (task, name);

          if (response != NULL && json_object_is_type (per_response, json_type_object))
            count_scores (criteria, annotation, response, per_response);
        }
    }
}

/* {"criteria": {"correctness": {"n": 2, "right": 1}}, "feedback": {…}}:
 * every score the gold gives, right within one point of it. */
static char *
result_detail (RubricTask             *task,
               const RubricAnnotation *annotation,
               const RubricFeedback   *feedback)
{
  g_autoptr(json_object) detail = json_object_new_object ();
  json_object *criteria = json_object_new_object ();
  g_autofree char *feedback_json = rubric_feedback_to_json (feedback);
  json_object *parsed = json_tokener_parse (feedback_json);
  g_autoptr(GString) out = g_string_new (NULL);

  count_gold_scores (criteria, task, annotation);
  json_object_object_add (detail, "criteria", criteria);
  if (parsed != NULL)
    json_object_object_add (detail, "feedback", parsed);
  rubric_json_append_value (out, detail);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Grades @annotation's work on @task and keeps the result. */
static RubricFeedback *
grade_and_keep (RubricWindow     *self,
                RubricTask       *task,
                RubricAnnotation *annotation,
                gint64            exam_attempt)
{
  RubricFeedback *feedback = rubric_feedback_new (task, self->config, annotation);
  g_autoptr(GError) error = NULL;
  RubricPracticeResult result = { 0 };
  g_autofree char *detail = NULL;

  if (feedback == NULL)
    return NULL;
  detail = result_detail (task, annotation, feedback);
  result.set_id = self->set_id;
  result.task_id = task->row_id;
  result.kind = (char *) rubric_task_kind_to_string (task->kind);
  result.correct = feedback->correct;
  result.score = feedback->score;
  result.detail = detail;
  result.active_ms = annotation->active_ms;
  result.submitted_at = annotation->submitted_at ? annotation->submitted_at : now_ms ();
  result.exam_attempt = exam_attempt;
  if (!rubric_practice_add_result (self->store, &result, self->annotator, &error))
    g_warning ("The practice result of %s was not kept: %s", rubric_task_get_id (task), error->message);
  return feedback;
}

/* Exams -------------------------------------------------------------- */

static void finish_exam (RubricWindow *self);

static void
update_clock (RubricWindow *self)
{
  gint64 left;
  g_autofree char *text = NULL;

  if (!exam_running (self) || self->exam->deadline == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->exam_clock), FALSE);
      return;
    }
  left = MAX (0, self->exam->deadline - now_ms ());
  /* Translators: the time left in an exam, "12:05 left" */
  text = g_strdup_printf (_("%d:%02d left"), (int) (left / 60000), (int) (left / 1000 % 60));
  gtk_label_set_label (self->exam_clock, text);
  gtk_widget_set_visible (GTK_WIDGET (self->exam_clock), TRUE);
  if (left < 60000)
    gtk_widget_add_css_class (GTK_WIDGET (self->exam_clock), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->exam_clock), "error");
}

static gboolean
clock_cb (gpointer user_data)
{
  RubricWindow *self = user_data;

  update_clock (self);
  if (exam_running (self) && self->exam->deadline > 0 && now_ms () >= self->exam->deadline)
    {
      self->exam_source = 0;
      /* Time is up: what is on the page is submitted as it stands. */
      if (self->task != NULL && self->annotation != NULL && self->annotation->state != RUBRIC_ANNOTATION_SUBMITTED)
        _rubric_window_save (self, RUBRIC_ANNOTATION_SUBMITTED);
      finish_exam (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_clock (RubricWindow *self)
{
  g_clear_handle_id (&self->exam_source, g_source_remove);
  update_clock (self);
  if (exam_running (self) && self->exam->deadline > 0)
    self->exam_source = g_timeout_add (250, clock_cb, self);
}

static GPtrArray *
list_attempts (RubricWindow *self)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *attempts = rubric_exam_list_attempts (self->store, self->set_id, self->annotator, &error);

  if (attempts == NULL)
    _rubric_window_error (self, _("The Exam’s Attempts Could Not Be Read"), error->message);
  return attempts;
}

static char *
percent (double share)
{
  return g_strdup_printf ("%.0f %%", share * 100);
}

/* "Compare: 3 of 4 right", "Correctness: 5 of 6 scores within a point" */
static void
append_tallies (GString               *description,
                json_object           *tallies,
                const RubricSetConfig *config,
                gboolean               kinds)
{
  if (tallies == NULL)
    return;
  json_object_object_foreach (tallies, name, counts)
    {
      int n = json_object_get_int (json_object_object_get (counts, "n"));
      int right = json_object_get_int (json_object_object_get (counts, "right"));
      const RubricCriterion *criterion = kinds ? NULL : rubric_set_config_find_criterion (config, name);
      g_autofree char *counted = kinds ? g_strdup_printf (_("%d of %d right"), right, n)
                                       : g_strdup_printf (_("%d of %d scores within a point"), right, n);

      if (n == 0)
        continue;
      g_string_append_printf (description, "\n%s: %s",
                              kinds ? rubric_task_kind_get_label (rubric_task_kind_from_string (name))
                                    : criterion && criterion->name ? criterion->name : name,
                              counted);
    }
}

/* The start page: the rules, the attempts left, and whether one may
 * start now. Or the result of the last attempt. */
static void
show_exam_page (RubricWindow *self)
{
  g_autoptr(GPtrArray) attempts = list_attempts (self);
  RubricExamAttempt *last = attempts && attempts->len > 0 ? g_ptr_array_index (attempts, attempts->len - 1) : NULL;
  guint used = attempts ? attempts->len : 0;
  guint allowed = self->config->exam_attempts;
  g_autoptr(GString) description = g_string_new (NULL);
  g_autofree char *mark = percent (self->config->exam_pass_mark);
  gboolean can_start = allowed == 0 || used < allowed;
  gint64 retry_at = 0;

  if (last != NULL && last->finished_at > 0 && self->config->exam_retry_after_hours > 0)
    retry_at = last->finished_at + (gint64) self->config->exam_retry_after_hours * 3600 * 1000;
  if (last != NULL && last->finished_at > 0)
    {
      g_autofree char *score = percent (last->score);
      g_autoptr(json_object) result = last->result ? json_tokener_parse (last->result) : NULL;
      json_object *by_kind = rubric_json_get_typed (result, "by_kind", json_type_object);
      json_object *by_criterion = rubric_json_get_typed (result, "by_criterion", json_type_object);
      json_object *missed = rubric_json_get_typed (result, "missed", json_type_array);

      adw_status_page_set_title (self->exam_page, last->passed ? _("Passed") : _("Not Passed"));
      g_string_append_printf (description, _("Score %s; the pass mark is %s."), score, mark);
      if (self->config->exam_feedback && by_kind != NULL)
        {
          append_tallies (description, by_kind, self->config, TRUE);
          append_tallies (description, by_criterion, self->config, FALSE);
          if (missed != NULL && json_object_array_length (missed) > 0)
            {
              g_string_append_printf (description, "\n%s", _("Missed:"));
              for (gsize i = 0; i < json_object_array_length (missed); i++)
                g_string_append_printf (description, " %s", json_object_get_string (json_object_array_get_idx (missed, i)));
            }
        }
    }
  else
    {
      adw_status_page_set_title (self->exam_page, _("Qualification Exam"));
      if (self->config->exam_time_limit_seconds >= 60)
        g_string_append_printf (description,
                                g_dngettext (NULL, "%u minute, ", "%u minutes, ", self->config->exam_time_limit_minutes),
                                self->config->exam_time_limit_minutes);
      else if (self->config->exam_time_limit_seconds > 0)
        g_string_append_printf (description, _("%.0f seconds, "), self->config->exam_time_limit_seconds);
      g_string_append_printf (description, _("pass mark %s. No feedback until the end."), mark);
    }
  if (allowed > 0)
    {
      g_string_append_c (description, '\n');
      g_string_append_printf (description, g_dngettext (NULL, "%u of %u attempt used.", "%u of %u attempts used.", allowed),
                              used, allowed);
    }
  if (!can_start)
    g_string_append_printf (description, "\n%s", _("No attempts are left."));
  else if (retry_at > now_ms ())
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (retry_at / 1000);
      g_autofree char *at = g_date_time_format (when, "%c");

      g_string_append_c (description, '\n');
      g_string_append_printf (description, _("The next attempt opens on %s."), at);
      can_start = FALSE;
    }
  adw_status_page_set_description (self->exam_page, description->str);
  gtk_button_set_label (GTK_BUTTON (self->exam_start_button), used > 0 ? _("_Try the Exam Again") : _("_Start Exam"));
  gtk_widget_set_visible (self->exam_start_button, can_start);
  gtk_widget_set_visible (self->exam_export_button, last != NULL && last->finished_at > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.start-exam", can_start);
  self->panel = RUBRIC_PANEL_EXAM;
  _rubric_window_show_current_page (self);
  if (can_start)
    gtk_widget_grab_focus (self->exam_start_button);
}

/* Every task of the set, graded; tasks not submitted count as wrong. */
static void
finish_exam (RubricWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(json_object) result = json_object_new_object ();
  g_autoptr(json_object) answers = json_object_new_array ();
  g_autoptr(json_object) by_kind = json_object_new_object ();
  g_autoptr(json_object) missed = json_object_new_array ();
  g_autoptr(json_object) by_criterion = json_object_new_object ();
  g_autoptr(RubricTaskSet) set = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = 0, n_right = 0;
  double score;
  gboolean passed;

  if (!exam_running (self))
    return;
  g_clear_handle_id (&self->exam_source, g_source_remove);
  rubric_window_save_now (self);
  rows = rubric_store_get_task_rows (self->store, self->set_id, self->annotator, 0, G_MAXUINT, &error);
  set = rubric_store_get_task_set (self->store, self->set_id, NULL);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      RubricTaskRow *row = g_ptr_array_index (rows, i);
      g_autoptr(RubricTask) task = rubric_store_get_task (self->store, row->row_id, NULL);
      g_autoptr(RubricAnnotation) annotation = NULL;
      g_autoptr(RubricFeedback) feedback = NULL;
      const char *kind = rubric_task_kind_to_string (row->kind);
      json_object *counts;
      json_object *answer = json_object_new_object ();
      gboolean right = FALSE;

      if (task == NULL || !rubric_task_has_gold (task))
        {
          json_object_put (answer);
          continue;
        }
      annotation = rubric_store_get_annotation (self->store, row->row_id, self->annotator, NULL);
      if (annotation != NULL && annotation->state == RUBRIC_ANNOTATION_SUBMITTED &&
          (feedback = grade_and_keep (self, task, annotation, self->exam->id)) != NULL)
        {
          right = feedback->correct;
          count_gold_scores (by_criterion, task, annotation);
        }
      n++;
      n_right += right;
      if ((counts = rubric_json_get_typed (by_kind, kind, json_type_object)) == NULL)
        {
          counts = json_object_new_object ();
          json_object_object_add (counts, "n", json_object_new_int (0));
          json_object_object_add (counts, "right", json_object_new_int (0));
          json_object_object_add (by_kind, kind, counts);
        }
      json_object_int_inc (json_object_object_get (counts, "n"), 1);
      json_object_int_inc (json_object_object_get (counts, "right"), right);
      if (!right)
        json_object_array_add (missed, json_object_new_string (row->id));

      json_object_object_add (answer, "task_id", json_object_new_string (row->id));
      json_object_object_add (answer, "kind", json_object_new_string (kind));
      json_object_object_add (answer, "submitted", json_object_new_boolean (feedback != NULL));
      if (annotation != NULL && feedback != NULL)
        {
          g_autofree char *data = rubric_annotation_dup_data (annotation);

          if (annotation->choice != NULL)
            json_object_object_add (answer, "choice", json_object_new_string (annotation->choice));
          json_object_object_add (answer, "strength", json_object_new_int (annotation->strength));
          if (annotation->answer != NULL && *annotation->answer != '\0')
            json_object_object_add (answer, "answer", json_object_new_string (annotation->answer));
          json_object_object_add (answer, "data", json_tokener_parse (data));
          json_object_object_add (answer, "active_seconds", json_object_new_double (annotation->active_ms / 1000.0));
          json_object_object_add (answer, "submitted_at", json_object_new_int64 (annotation->submitted_at));
          json_object_object_add (answer, "score", json_object_new_double (feedback->score));
        }
      json_object_object_add (answer, "correct", json_object_new_boolean (right));
      json_object_array_add (answers, answer);
    }

  score = n > 0 ? (double) n_right / n : 0;
  passed = score + 1e-9 >= self->config->exam_pass_mark;
  json_object_object_add (result, "format", json_object_new_string ("rubric-exam-result/1"));
  json_object_object_add (result, "task_set", json_object_new_string (set ? set->name : ""));
  json_object_object_add (result, "task_file_sha256", json_object_new_string (set ? set->content_hash : ""));
  json_object_object_add (result, "annotator", json_object_new_string (self->annotator));
  json_object_object_add (result, "started_at", json_object_new_int64 (self->exam->started_at));
  json_object_object_add (result, "finished_at", json_object_new_int64 (now_ms ()));
  json_object_object_add (result, "time_limit_minutes", json_object_new_int ((int) self->config->exam_time_limit_minutes));
  json_object_object_add (result, "pass_mark", json_object_new_double (self->config->exam_pass_mark));
  json_object_object_add (result, "tasks", json_object_new_int ((int) n));
  json_object_object_add (result, "right", json_object_new_int ((int) n_right));
  json_object_object_add (result, "score", json_object_new_double (score));
  json_object_object_add (result, "passed", json_object_new_boolean (passed));
  json_object_object_add (result, "by_kind", json_object_get (by_kind));
  json_object_object_add (result, "by_criterion", json_object_get (by_criterion));
  json_object_object_add (result, "missed", json_object_get (missed));
  json_object_object_add (result, "answers", json_object_get (answers));
  rubric_json_append_value (out, result);

  if (!rubric_exam_finish (self->store, self->exam, now_ms (), score, passed, out->str, &error))
    _rubric_window_error (self, _("The Exam Result Could Not Be Kept"), error->message);
  update_clock (self);
  show_exam_page (self);
  _rubric_window_update_actions (self);
}

static void
start_exam_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gint64 now = now_ms ();
  gint64 deadline = self->config->exam_time_limit_seconds > 0
                    ? now + (gint64) (self->config->exam_time_limit_seconds * 1000) : 0;
  RubricExamAttempt *attempt;

  if (self->config == NULL || !self->config->exam || exam_running (self))
    return;
  rubric_window_save_now (self);
  if (!(attempt = rubric_exam_start (self->store, self->set_id, self->annotator, now, deadline, &error)))
    {
      _rubric_window_error (self, _("The Exam Could Not Start"), error->message);
      return;
    }
  g_clear_pointer (&self->exam, rubric_exam_attempt_free);
  self->exam = attempt;
  self->panel = RUBRIC_PANEL_NONE;
  /* The tasks start afresh: show the first again. */
  rubric_window_load_task_set (self, self->set_id);
}

static void
finish_exam_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  finish_exam (RUBRIC_WINDOW (widget));
}

static void write_result (RubricWindow *self,
                          const char   *path);

static void
export_result_response_cb (GtkNativeDialog *dialog,
                           int              response,
                           RubricWindow    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT && self->exam != NULL && self->exam->result != NULL &&
      (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL && (path = g_file_get_path (file)))
    write_result (self, path);
  g_object_unref (dialog);
}

static void
write_result (RubricWindow *self,
              const char   *path)
{
  g_autoptr(RubricAtomicFile) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strconcat (self->exam->result, "\n", NULL);

  if (!(out = rubric_atomic_file_new (path, &error)) ||
      !rubric_atomic_file_write (out, text, strlen (text), &error) || !rubric_atomic_file_commit (out, &error))
    _rubric_window_error (self, _("The Result Could Not Be Exported"), error->message);
  else
    _rubric_window_toast (self, _("Exam result exported"));
}

/* win.export-exam-result-to("PATH"): the result to a file, no chooser. */
static void
export_result_to_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);

  if (self->exam != NULL && self->exam->result != NULL)
    write_result (self, g_variant_get_string (param, NULL));
}

static void
export_result_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  GtkFileChooserNative *dialog;

  if (self->exam == NULL || self->exam->result == NULL)
    return;
  dialog = gtk_file_chooser_native_new (_("Export Exam Result"), GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                        _("_Export"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "exam-result.json");
  g_signal_connect_object (dialog, "response", G_CALLBACK (export_result_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* Practice ------------------------------------------------------------ */

/**
 * _rubric_window_practice_after_submit:
 *
 * Called once a submission is saved.
 *
 * Returns: %TRUE when the window shows something of its own (the
 *   feedback, or the end of an exam) rather than the next task
 */
gboolean
_rubric_window_practice_after_submit (RubricWindow *self)
{
  g_autoptr(RubricFeedback) feedback = NULL;
  guint position;

  if (self->task == NULL || self->annotation == NULL || !rubric_task_has_gold (self->task))
    {
      if (exam_running (self) && rubric_store_next_open_task (self->store, self->set_id, self->annotator,
                                                              0, &position, NULL) == 0)
        {
          finish_exam (self);
          return TRUE;
        }
      return FALSE;
    }
  if (exam_running (self))
    {
      /* No feedback until the end; the end comes with the last task. */
      if (rubric_store_next_open_task (self->store, self->set_id, self->annotator, 0, &position, NULL) == 0)
        {
          finish_exam (self);
          return TRUE;
        }
      return FALSE;
    }
  if (practising (self))
    {
      feedback = grade_and_keep (self, self->task, self->annotation, 0);
      if (feedback == NULL)
        return FALSE;
      rubric_feedback_view_show (self->feedback_view, self->task, self->config, self->annotation, feedback);
      self->panel = RUBRIC_PANEL_FEEDBACK;
      _rubric_window_show_current_page (self);
      _rubric_window_update_actions (self);
      rubric_feedback_view_focus (self->feedback_view);
      return TRUE;
    }
  return FALSE;
}

static void
continue_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);

  self->panel = RUBRIC_PANEL_NONE;
  _rubric_window_show_current_page (self);
  _rubric_window_next_open (self);
  _rubric_window_update_actions (self);
}

static void
try_again_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  _rubric_window_reopen (RUBRIC_WINDOW (widget));
}

static void
practice_mode_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  gboolean on = param ? g_variant_get_boolean (param) : !self->practice;

  if (self->set_id == 0)
    return;
  if (!rubric_practice_set_mode (self->store, self->set_id, on, &error))
    {
      _rubric_window_error (self, _("Practice Mode Could Not Be Changed"), error->message);
      return;
    }
  self->practice = on;
  _rubric_window_toast (self, on ? _("Practice mode: feedback after each task with a gold answer")
                                 : _("Practice mode is off"));
  _rubric_window_update_actions (self);
}

static void
practice_progress_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  GtkWindow *window = rubric_practice_window_new (GTK_WINDOW (self), self->store, self->annotator);

  gtk_window_present (window);
}

/* The bundled practice set: written out of the resources into the data
 * folder (once, or again when this version's differs) and opened like
 * any file, so that it comes back to its set with the work on it. */
static void
open_practice_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  RubricWindow *self = RUBRIC_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bundled = g_resources_lookup_data ("/io/github/rubricapp/Rubric/practice.jsonl", 0, &error);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "rubric", "practice", NULL);
  g_autofree char *path = g_build_filename (dir, "practice.jsonl", NULL);
  g_autofree char *current = NULL;
  g_autoptr(GFile) file = NULL;
  gsize len = 0;
  gsize size;
  const char *data;

  if (bundled == NULL)
    {
      _rubric_window_error (self, _("The Practice Set Is Missing"), error->message);
      return;
    }
  data = g_bytes_get_data (bundled, &size);
  if (!g_file_get_contents (path, &current, &len, NULL) || len != size || memcmp (current, data, size) != 0)
    {
      if (g_mkdir_with_parents (dir, 0700) != 0 || !g_file_set_contents_full (path, data, size, G_FILE_SET_CONTENTS_CONSISTENT,
                                                                              0600, &error))
        {
          _rubric_window_error (self, _("The Practice Set Could Not Be Opened"),
                                error ? error->message : g_strerror (errno));
          return;
        }
    }
  file = g_file_new_for_path (path);
  rubric_window_open_file (self, file);
}

void
_rubric_window_practice_update_actions (RubricWindow *self)
{
  gboolean has_set = self->set_id != 0 && !self->busy && !self->show_library;
  gboolean exam = self->config != NULL && self->config->exam;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.practice-mode", has_set && !exam && !self->config->practice);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.continue", self->panel == RUBRIC_PANEL_FEEDBACK);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.try-again", self->panel == RUBRIC_PANEL_FEEDBACK);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.finish-exam", has_set && exam_running (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-exam-result",
                                 self->exam != NULL && self->exam->finished_at > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-exam-result-to",
                                 self->exam != NULL && self->exam->finished_at > 0);
  /* During an exam the work is the exam's: no reopening by hand. */
  if (exam && self->panel == RUBRIC_PANEL_EXAM)
    {
      static const char *judging[] = { "win.submit", "win.skip", "win.reopen", "win.next-task", "win.previous-task" };

      for (guint i = 0; i < G_N_ELEMENTS (judging); i++)
        gtk_widget_action_set_enabled (GTK_WIDGET (self), judging[i], FALSE);
    }
  if (exam && exam_running (self))
    gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reopen", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.practice-progress", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-practice", !self->busy);
}

/**
 * _rubric_window_practice_set_loaded:
 *
 * A set was just shown: its practice switch, and for an exam the
 * running attempt (with its clock) or the exam page.
 */
void
_rubric_window_practice_set_loaded (RubricWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) attempts = NULL;
  RubricExamAttempt *last;

  self->practice = FALSE;
  if (!rubric_practice_get_mode (self->store, self->set_id, &self->practice, &error))
    g_warning ("Practice mode of the set is not known: %s", error->message);
  g_clear_handle_id (&self->exam_source, g_source_remove);
  g_clear_pointer (&self->exam, rubric_exam_attempt_free);
  if (!self->config->exam)
    {
      update_clock (self);
      _rubric_window_update_actions (self);
      return;
    }
  attempts = list_attempts (self);
  last = attempts && attempts->len > 0 ? g_ptr_array_steal_index (attempts, attempts->len - 1) : NULL;
  self->exam = last;
  if (exam_running (self) && self->exam->deadline > 0 && now_ms () >= self->exam->deadline)
    finish_exam (self);
  else if (exam_running (self))
    {
      self->panel = RUBRIC_PANEL_NONE;
      start_clock (self);
      _rubric_window_show_current_page (self);
    }
  else
    show_exam_page (self);
  _rubric_window_update_actions (self);
}

void
_rubric_window_practice_dispose (RubricWindow *self)
{
  g_clear_handle_id (&self->exam_source, g_source_remove);
  g_clear_pointer (&self->exam, rubric_exam_attempt_free);
}

void
_rubric_window_practice_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.continue", NULL, continue_action);
  gtk_widget_class_install_action (widget_class, "win.open-practice", NULL, open_practice_action);
  gtk_widget_class_install_action (widget_class, "win.try-again", NULL, try_again_action);
  gtk_widget_class_install_action (widget_class, "win.practice-mode", NULL, practice_mode_action);
  gtk_widget_class_install_action (widget_class, "win.practice-progress", NULL, practice_progress_action);
  gtk_widget_class_install_action (widget_class, "win.start-exam", NULL, start_exam_action);
  gtk_widget_class_install_action (widget_class, "win.finish-exam", NULL, finish_exam_action);
  gtk_widget_class_install_action (widget_class, "win.export-exam-result", NULL, export_result_action);
  /* Enter goes on from the feedback (the action is off elsewhere). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, 0, "win.continue", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, 0, "win.continue", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-exam-result-to", "s", export_result_to_action);
}
