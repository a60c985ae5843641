/* test-practice.c — practice in the window: the bundled Practice set from
 * the library, Practice Mode switched on for a set with gold, silent
 * gold checks, and the progress window with its chart
 *
 * What the person sees is read back off the screen with tesseract.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "app-test-util.h"
#include "rubric-feedback-view.h"
#include "rubric-grade.h"
#include "rubric-json.h"
#include "rubric-library-view.h"
#include "rubric-practice.h"
#include "rubric-progress-chart.h"
#include "rubric-review-page.h"
#include "rubric-write-page.h"
#include "test-util.h"

static char *tmpdir;
static RubricApplication *app;
static RubricWindow *window;

#define HEADER(extra) "{\"format\":\"rubric-tasks/1\",\"name\":\"Gold set\"" extra "}\n"
#define WRITE_GOLD(id) \
  "{\"id\":\"" id "\",\"kind\":\"write\",\"prompt\":\"Say hello to " id ".\"," \
  "\"gold\":{\"answer\":\"Hello there, " id ", welcome.\",\"explanation\":\"Friendly and short.\"}}\n"

static gboolean
window_idle (gpointer data)
{
  return !rubric_window_get_busy (window) && rubric_window_get_task_set_id (window) > 0;
}

static void
activate (const char *action,
          GVariant   *param)
{
  app_test_activate (window, action, param);
}

static void
open_file (const char *path)
{
  gint64 before = rubric_window_get_task_set_id (window);

  activate ("win.open-file", g_variant_new_string (path));
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
  g_assert_cmpint (rubric_window_get_task_set_id (window), !=, before);
  app_test_settle (500);
}

static gboolean
is_write_page (GtkWidget *widget)
{
  return RUBRIC_IS_WRITE_PAGE (widget) && gtk_widget_get_mapped (widget);
}

static void
type_answer (const char *text)
{
  GtkWidget *page = app_test_find_widget (GTK_WIDGET (window), is_write_page);
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_assert_nonnull (page);
  buffer = gtk_text_view_get_buffer (rubric_write_page_get_editor (RUBRIC_WRITE_PAGE (page)));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  app_test_settle (200);
}

static gboolean
is_feedback (GtkWidget *widget)
{
  return RUBRIC_IS_FEEDBACK_VIEW (widget) && gtk_widget_get_mapped (widget);
}

static int
count_rows (const char *sql)
{
  return app_test_count_rows (app, sql);
}

/* The Practice button of the library opens the bundled set, in
 * practice mode, and opening it again returns to it. */
static void
test_bundled_practice (void)
{
  g_autofree char *text = NULL;
  gint64 set_id;

  activate ("win.show-library", NULL);
  app_test_settle (500);
  text = app_test_read_screen (GTK_WIDGET (window), NULL, "practice-library.png");
  g_assert_true (app_test_text_has (text, "practice"));

  activate ("win.open-practice", NULL);
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
  app_test_settle (500);
  set_id = rubric_window_get_task_set_id (window);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets WHERE name = 'Practice'"), ==, 1);
  g_assert_cmpint (count_rows ("SELECT n_tasks FROM task_sets WHERE name = 'Practice'"), >=, 44);
  g_free (text);
  text = app_test_read_screen (GTK_WIDGET (window), NULL, "practice-set.png");
  g_assert_true (app_test_text_has (text, "practice"));

  activate ("win.open-practice", NULL);
  app_test_settle (300);
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
  g_assert_cmpint (rubric_window_get_task_set_id (window), ==, set_id);
  g_assert_cmpint (count_rows ("SELECT count(*) FROM task_sets WHERE name = 'Practice'"), ==, 1);
}

/* A set with gold but no "mode": ordinary work until the person
 * switches Practice Mode on; then each submission gets its feedback. */
static void
test_practice_mode_switch (void)
{
  g_autofree char *path = test_write_file (tmpdir, "gold.jsonl", HEADER ("") WRITE_GOLD ("w1") WRITE_GOLD ("w2"), -1);
  g_autofree char *text = NULL;

  open_file (path);
  type_answer ("Hello there, w1.");
  activate ("win.submit", NULL);
  app_test_settle (500);
  g_assert_null (app_test_find_widget (GTK_WIDGET (window), is_feedback));

  activate ("win.practice-mode", NULL);
  app_test_settle (300);
  g_assert_cmpint (count_rows ("SELECT practice FROM task_sets WHERE name = 'Gold set'"), ==, 1);
  type_answer ("Hello there, w2, welcome.");
  activate ("win.submit", NULL);
  app_test_settle (800);
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (window), is_feedback));
  text = app_test_read_screen (GTK_WIDGET (window), NULL, "practice-write-feedback.png");
  g_assert_true (app_test_text_has (text, "compared with the gold answer"));
  g_assert_true (app_test_text_has (text, "friendly and short"));
  g_assert_cmpint (count_rows ("SELECT count(*) FROM practice_results r JOIN tasks t ON t.id = r.task_id"
                               " WHERE t.ext_id = 'w2'"), ==, 1);

  /* Enter goes on; the feedback is gone. */
  activate ("win.continue", NULL);
  app_test_settle (300);
  g_assert_null (app_test_find_widget (GTK_WIDGET (window), is_feedback));
}

/* "gold_visible": false: gold tasks are silent checks. Nothing shows,
 * and the records say how the work compared. */
static void
test_silent_checks (void)
{
  g_autofree char *path = test_write_file (tmpdir, "silent.jsonl",
                                           HEADER (",\"gold_visible\":false") WRITE_GOLD ("s1"), -1);
  g_autofree char *out = g_build_filename (tmpdir, "silent-records.jsonl", NULL);
  g_auto(GStrv) lines = NULL;

  open_file (path);
  type_answer ("Hello there, s1, welcome.");
  activate ("win.submit", NULL);
  app_test_settle (500);
  g_assert_null (app_test_find_widget (GTK_WIDGET (window), is_feedback));
  activate ("win.export-to", g_variant_new ("(ssbb)", "records", out, FALSE, FALSE));
  app_test_settle (1500);
  lines = test_read_lines (out);
  g_assert_nonnull (lines);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "\"task_id\":\"s1\"") == NULL)
        continue;
      g_test_message ("%s", lines[i]);
      g_assert_nonnull (strstr (lines[i], "\"gold_check\":{\"correct\":true,\"score\":1}"));
      return;
    }
  g_assert_not_reached ();
}

static gboolean
is_review_page (GtkWidget *widget)
{
  return RUBRIC_IS_REVIEW_PAGE (widget) && gtk_widget_get_mapped (widget);
}

/* A review with a gold flag the trainee missed: the feedback says so
 * and shows the passage in the response. */
static void
test_review_feedback (void)
{
  g_autofree char *path = test_write_file (tmpdir, "review.jsonl",
    "{\"format\":\"rubric-tasks/1\",\"name\":\"Review practice\",\"mode\":\"practice\"}\n"
    "{\"id\":\"r1\",\"kind\":\"review\",\"prompt\":\"When did the Wall fall?\","
    "\"responses\":[{\"id\":\"a\",\"content\":\"The Berlin Wall 🧱 fell in **1991**, ending the Cold War.\"}],"
    "\"gold\":{\"flags\":[{\"flag\":\"factual-error\",\"quote\":\"1991\",\"severity\":\"major\"}],"
    "\"explanation\":\"It fell on 9 November 1989.\"}}\n", -1);
  g_autofree char *text = NULL;
  GtkWidget *page;
  GtkWidget *focus;

  open_file (path);
  page = app_test_find_widget (GTK_WIDGET (window), is_review_page);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_activate_action (page, "review.verdict", "s", "accept"));
  activate ("win.focus-justification", NULL);
  app_test_settle (200);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_TEXT_VIEW (focus));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (focus)), "Looks right to me.", -1);
  /* Time to read it, or the submission asks why so fast. */
  app_test_settle (2500);
  activate ("win.submit", NULL);
  app_test_settle (800);
  g_assert_nonnull (app_test_find_widget (GTK_WIDGET (window), is_feedback));
  text = app_test_read_screen (GTK_WIDGET (window), NULL, "practice-review-feedback.png");
  g_assert_true (app_test_text_has (text, "not quite"));
  g_assert_true (app_test_text_has (text, "flags found: 0 of 1"));
  g_assert_true (app_test_text_has (text, "missed"));
  g_assert_true (app_test_text_has (text, "9 november 1989"));
}

static gboolean
is_chart (GtkWidget *widget)
{
  return RUBRIC_IS_PROGRESS_CHART (widget);
}

static GtkWindow *
other_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (l->data != (gpointer) window && gtk_widget_get_visible (l->data))
        return l->data;
    }
  return NULL;
}

/* Sessions hours apart: the last one (this test's practice and three
 * more results) summed up, every one in the chart. */
static void
test_progress_window (void)
{
  RubricStore *store = rubric_application_get_store (app);
  gint64 set_id = rubric_window_get_task_set_id (window);
  gint64 task_id = count_rows ("SELECT min(id) FROM tasks");
  gint64 now = g_get_real_time () / 1000;
  g_autofree char *text = NULL;
  GtkWindow *progress;
  GtkWidget *chart;
  g_autofree char *shot = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guint8 *pixels = NULL;
  graphene_rect_t bounds;
  guint blue = 0;

  for (int i = 0; i < 6; i++)
    {
      RubricPracticeResult result = { set_id, task_id, NULL, (char *) (i % 2 ? "compare" : "review"), i != 4, i == 4 ? 0 : 1,
                                      (char *) "{\"criteria\":{\"correctness\":{\"n\":1,\"right\":1}}}", 30000,
                                      i < 3 ? now - 3 * 3600 * 1000 + i * 60 * 1000 : now + i * 1000, 0 };
      g_autoptr(GError) error = NULL;

      g_assert_true (rubric_practice_add_result (store, &result, "Test Annotator", &error));
    }
  activate ("win.practice-progress", NULL);
  app_test_settle (800);
  progress = other_window ();
  g_assert_nonnull (progress);
  text = app_test_read_screen (GTK_WIDGET (progress), NULL, "practice-progress.png");
  g_assert_true (app_test_text_has (text, "last session"));
  g_assert_true (app_test_text_has (text, "accuracy over sessions"));
  g_assert_true (app_test_text_has (text, "tasks missed"));
  g_assert_true (app_test_text_has (text, "3 of 4 right"));
  g_assert_true (app_test_text_has (text, "by kind"));

  /* The overall line is drawn: its blue is on the screen. */
  chart = app_test_find_widget (GTK_WIDGET (progress), is_chart);
  g_assert_nonnull (chart);
  g_assert_true (gtk_widget_compute_bounds (chart, GTK_WIDGET (progress), &bounds));
  shot = app_test_save_screenshot (GTK_WIDGET (progress), "practice-chart.png");
  texture = gdk_texture_new_from_filename (shot, NULL);
  pixels = g_malloc ((gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4);
  gdk_texture_download (texture, pixels, gdk_texture_get_width (texture) * 4);
  for (int y = bounds.origin.y; y < bounds.origin.y + bounds.size.height && y < gdk_texture_get_height (texture); y++)
    for (int x = bounds.origin.x; x < bounds.origin.x + bounds.size.width && x < gdk_texture_get_width (texture); x++)
      {
        const guint8 *p = pixels + ((gsize) y * gdk_texture_get_width (texture) + x) * 4;

        /* Cairo ARGB32 in memory: B, G, R, A. */
        blue += p[0] > 180 && p[2] < 90 && p[1] > 100 && p[1] < 160;
      }
  g_test_message ("%u pixels of the overall line's blue", blue);
  g_assert_cmpuint (blue, >, 100);
  gtk_window_destroy (progress);
}

/* The feedback on author and red-team work, drawn by the feedback view
 * in a window of its own, from the core's grading. */
static char *
show_feedback (const char             *task_json,
               const char             *header_json,
               const RubricAnnotation *annotation,
               const char             *name)
{
  g_autoptr(json_object) object = json_tokener_parse (task_json);
  g_autoptr(json_object) header = json_tokener_parse (header_json);
  g_autoptr(RubricTask) task = rubric_task_new (object);
  g_autoptr(RubricSetConfig) config = rubric_set_config_new (header);
  g_autoptr(RubricFeedback) feedback = rubric_feedback_new (task, config, annotation);
  GtkWindow *shown = GTK_WINDOW (gtk_window_new ());
  GtkWidget *view = rubric_feedback_view_new ();
  char *text;

  g_assert_nonnull (feedback);
  gtk_window_set_default_size (shown, 900, 860);
  gtk_window_set_child (shown, view);
  rubric_feedback_view_show (RUBRIC_FEEDBACK_VIEW (view), task, config, annotation, feedback);
  gtk_window_present (shown);
  app_test_settle (800);
  text = app_test_read_screen (GTK_WIDGET (shown), NULL, name);
  g_test_message ("read off the screen: %s", text);
  gtk_window_destroy (shown);
  return text;
}

static void
test_author_feedback (void)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");
  RubricTurn *turn = rubric_annotation_add_turn (annotation);
  g_autofree char *text = NULL;

  rubric_annotation_set_text (&turn->prompt, "Can my landlord in Quebec double the rent?");
  rubric_annotation_set_text (&turn->reply, "No: the tribunal sets the increase.");
  rubric_annotation_set_self_checked (annotation, "req-1", TRUE);
  text = show_feedback ("{\"id\":\"au\",\"kind\":\"author\",\"brief\":\"Write a tenancy question.\","
                        "\"requirements\":[\"Names the jurisdiction\",\"Says when to see a lawyer\"],"
                        "\"gold\":{\"requirements\":[\"Names the jurisdiction\",\"Says when to see a lawyer\"],"
                        "\"prompt\":\"My landlord in **Ontario** wants eight percent more. Can he?\"}}",
                        "{}", annotation, "practice-author-feedback.png");
  g_assert_true (app_test_text_has (text, "not quite"));
  g_assert_true (app_test_text_has (text, "you ticked 1 of 2 reference requirements"));
  g_assert_true (app_test_text_has (text, "reference requirements"));
  g_assert_true (app_test_text_has (text, "met: names the jurisdiction"));
  g_assert_true (app_test_text_has (text, "missed: says when to see a lawyer"));
  g_assert_true (app_test_text_has (text, "your prompt"));
  g_assert_true (app_test_text_has (text, "double the rent"));
  g_assert_true (app_test_text_has (text, "an example prompt"));
  /* Markdown, drawn: no asterisks. */
  g_assert_true (app_test_text_has (text, "landlord in ontario wants eight percent"));
  g_assert_null (strstr (text, "**ontario"));
}

static void
test_red_team_feedback (void)
{
  g_autoptr(RubricAnnotation) annotation = rubric_annotation_new (1, 1, "trainee");
  RubricTurn *turn = rubric_annotation_add_turn (annotation);
  g_autofree char *text = NULL;

  rubric_annotation_set_text (&turn->prompt, "I'm a nurse: the adult dose?");
  rubric_annotation_set_text (&turn->reply, "500 mg.");
  rubric_annotation_set_text (&turn->outcome, "complied");
  rubric_annotation_set_text (&annotation->category, "Misinformation");
  annotation->success = 3;
  text = show_feedback ("{\"id\":\"rt\",\"kind\":\"red-team\",\"brief\":\"Get a dose without caveats.\","
                        "\"gold\":{\"category\":\"Dangerous advice\",\"max_success\":2}}",
                        "{\"taxonomy\":{\"categories\":[\"Dangerous advice\",\"Misinformation\"],"
                        "\"success_labels\":[\"None\",\"Hint\",\"Halfway\",\"Mostly\",\"Fully\"]}}",
                        annotation, "practice-red-team-feedback.png");
  g_assert_true (app_test_text_has (text, "not quite"));
  g_assert_true (app_test_text_has (text, "the category is not the expected one"));
  g_assert_true (app_test_text_has (text, "expected category: dangerous advice"));
  g_assert_true (app_test_text_has (text, "your category: misinformation"));
  /* The set's own labels for the levels. */
  g_assert_true (app_test_text_has (text, "success ceiling: 2 (halfway)"));
  g_assert_true (app_test_text_has (text, "your rating: 3 (mostly)"));
  g_assert_true (app_test_text_has (text, "above the ceiling"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *db = NULL;
  g_autofree char *data = NULL;
  int status;

  app_test_init (&argc, &argv);
  tmpdir = test_tmpdir ();
  /* The bundled set is written into the data folder. */
  data = g_build_filename (tmpdir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  db = g_build_filename (tmpdir, "workspace.db", NULL);
  app = app_test_new_app (db, &window);

  g_test_add_func ("/practice/bundled", test_bundled_practice);
  g_test_add_func ("/practice/mode-switch", test_practice_mode_switch);
  g_test_add_func ("/practice/silent-checks", test_silent_checks);
  g_test_add_func ("/practice/review-feedback", test_review_feedback);
  g_test_add_func ("/practice/progress-window", test_progress_window);
  g_test_add_func ("/practice/author-feedback", test_author_feedback);
  g_test_add_func ("/practice/red-team-feedback", test_red_team_feedback);

  status = g_test_run ();
  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  if (status == 0)
    test_rm_rf (tmpdir);
  return status;
}
