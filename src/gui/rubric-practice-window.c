/* rubric-practice-window.c
 *
 * Practice Progress: the last session (accuracy by kind and by
 * criterion, time per task, the tasks missed) and, as a chart, how
 * accuracy moved over every session so far.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-practice-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-practice.h"
#include "rubric-practice-window.h"
#include "rubric-progress-chart.h"
#include "rubric-task.h"

static GtkWidget *
row (const char *title,
     const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static char *
share (guint right,
       guint n)
{
  if (n == 0)
    return g_strdup ("–");
  /* Translators: "3 of 4 right (75 %)" */
  return g_strdup_printf (_("%u of %u right (%.0f %%)"), right, n, 100.0 * right / n);
}

static GtkWidget *
group (const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  return group;
}

static void
fill_session (GtkWidget             *page,
              RubricPracticeSession *session)
{
  GtkWidget *overall = group (_("Last Session"));
  GtkWidget *kinds = group (_("By Kind"));
  GtkWidget *criteria = group (_("By Criterion (within a point of the gold)"));
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (session->started_at / 1000);
  g_autofree char *date = g_date_time_format (when, "%x %X");
  g_autofree char *accuracy = share (session->n_correct, session->n);
  g_autofree char *time = g_strdup_printf (_("%.0f s"), session->n ? session->active_ms / 1000.0 / session->n : 0);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (overall), row (_("Started"), date));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (overall), row (_("Accuracy"), accuracy));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (overall), row (_("Time per Task"), time));
  {
    GString *missed = g_string_new (NULL);

    for (guint i = 0; i < session->missed->len; i++)
      g_string_append_printf (missed, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (session->missed, i));
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (overall),
                               row (_("Tasks Missed"), missed->len ? missed->str : _("None")));
    g_string_free (missed, TRUE);
  }
  gtk_box_append (GTK_BOX (page), overall);

  for (guint i = 0; i < session->by_kind->len; i++)
    {
      RubricTally *tally = g_ptr_array_index (session->by_kind, i);
      g_autofree char *value = share (tally->n_correct, tally->n);

      if (tally->n > 0)
        adw_preferences_group_add (ADW_PREFERENCES_GROUP (kinds),
                                   row (rubric_task_kind_get_label (rubric_task_kind_from_string (tally->name)), value));
    }
  gtk_box_append (GTK_BOX (page), kinds);
  for (guint i = 0; i < session->by_criterion->len; i++)
    {
      RubricTally *tally = g_ptr_array_index (session->by_criterion, i);
      g_autofree char *value = share (tally->n_correct, tally->n);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (criteria), row (tally->name, value));
    }
  if (session->by_criterion->len > 0)
    gtk_box_append (GTK_BOX (page), criteria);
}

/**
 * rubric_practice_window_new:
 *
 * Returns: (transfer none): a window over @parent, to be presented
 */
GtkWindow *
rubric_practice_window_new (GtkWindow   *parent,
                            RubricStore *store,
                            const char  *annotator)
{
  GtkWidget *window = adw_window_new ();
  GtkWidget *toolbar = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *chart = rubric_progress_chart_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) results = rubric_practice_list_results (store, annotator, 0, 0, &error);
  g_autoptr(GPtrArray) sessions = NULL;

  gtk_window_set_title (GTK_WINDOW (window), _("Practice Progress"));
  gtk_window_set_transient_for (GTK_WINDOW (window), parent);
  gtk_window_set_application (GTK_WINDOW (window), gtk_window_get_application (parent));
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 760);
  gtk_box_append (GTK_BOX (toolbar), adw_header_bar_new ());
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (toolbar), scroller);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  adw_clamp_set_child (ADW_CLAMP (clamp), page);
  gtk_widget_set_margin_top (page, 18);
  gtk_widget_set_margin_bottom (page, 18);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  adw_window_set_content (ADW_WINDOW (window), toolbar);

  if (results == NULL || results->len == 0)
    {
      GtkWidget *empty = adw_status_page_new ();

      adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-documents-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Practice Yet"));
      adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                       error ? error->message
                                             : _("Open a set with gold answers, switch on Practice Mode, and submit a task."));
      gtk_box_append (GTK_BOX (page), empty);
      return GTK_WINDOW (window);
    }

  sessions = rubric_practice_sessions (results);
  {
    GtkWidget *progress = group (_("Accuracy Over Sessions"));

    rubric_progress_chart_set_sessions (RUBRIC_PROGRESS_CHART (chart), sessions);
    gtk_widget_set_size_request (chart, -1, 220);
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (progress), chart);
    gtk_box_append (GTK_BOX (page), progress);
  }
  fill_session (page, g_ptr_array_index (sessions, sessions->len - 1));
  return GTK_WINDOW (window);
}
