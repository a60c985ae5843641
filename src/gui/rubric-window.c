/* rubric-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-window"

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "rubric-a11y.h"
#include "rubric-conversation.h"
#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-library.h"
#include "rubric-markdown-view.h"
#include "rubric-task-item.h"
#include "rubric-task-list-row.h"
#include "rubric-review.h"
#include "rubric-review-window.h"
#include "rubric-shadows.h"
#include "rubric-stats.h"
#include "rubric-window-private.h"
#include "rubric-worklog.h"

G_DEFINE_FINAL_TYPE (RubricWindow, rubric_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_APPLICATION_OBJECT,
  PROP_TASK_SET_ID,
  PROP_BUSY,
  PROP_SHOW_RUBRIC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void show_current_page (RubricWindow *self);

void
_rubric_window_toast (RubricWindow *self,
                      const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/* The news that a file changed is about the set it was shown over. */
void
_rubric_window_dismiss_changed_toast (RubricWindow *self)
{
  if (self->changed_toast == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->changed_toast), (gpointer *) &self->changed_toast);
  adw_toast_dismiss (g_steal_pointer (&self->changed_toast));
}

void
_rubric_window_error (RubricWindow *self,
                      const char   *heading,
                      const char   *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_rubric_window_set_busy (RubricWindow *self,
                         gboolean      busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  if (busy)
    gtk_progress_bar_set_fraction (self->import_progress, 0.0);
  show_current_page (self);
  _rubric_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/**
 * _rubric_window_read_failed:
 *
 * Tells the person that something could not be read from the
 * workspace; what they typed is not at stake, so a toast says it.
 */
void
_rubric_window_read_failed (RubricWindow *self,
                            const GError *error)
{
  g_autofree char *message = g_strdup_printf (_("Could not read the workspace: %s"), error->message);

  _rubric_window_toast (self, message);
}

static void
update_progress (RubricWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint total = self->set_id ? rubric_store_count_tasks (self->store, self->set_id, &error) : 0;
  guint done = 0;
  g_autofree char *text = NULL;
  g_autofree char *subtitle = NULL;

  if (error == NULL && total > 0)
    done = rubric_store_count_state (self->store, self->set_id, self->annotator, RUBRIC_ANNOTATION_SUBMITTED, &error) +
           rubric_store_count_state (self->store, self->set_id, self->annotator, RUBRIC_ANNOTATION_SKIPPED, &error);
  if (error != NULL)
    {
      _rubric_window_read_failed (self, error);
      return;
    }
  gtk_widget_set_visible (self->progress_box, total > 0);
  if (total == 0)
    return;
  /* Translators: "12 of 30 done"; the plural follows the second number */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u done", "%u of %u done", total), done, total);
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);

  if (self->task != NULL)
    {
      subtitle = g_strdup_printf (_("%s · task %u of %u · %u done"), rubric_task_kind_get_label (self->task->kind),
                                  self->task->ord + 1, total, done);
      adw_window_title_set_subtitle (self->task_title, subtitle);
    }
}

static void
update_task_title (RubricWindow *self)
{
  adw_window_title_set_title (self->task_title, self->task ? rubric_task_get_id (self->task) : "");
  if (self->task == NULL)
    adw_window_title_set_subtitle (self->task_title, "");
  update_progress (self);
}

/* The same time goes into the contractor's work log, in wall-clock
 * milliseconds; the log joins it to the span before. A stretch the
 * workspace could not take (a full disk: the save says so) is kept and
 * goes in with the next one of the same set.
 *
 * A span ends as the next task is shown: it is written once that task
 * is painted, not before (a commit on the way to the frame was 0.3 ms,
 * 2.6 ms at worst), and at the latest as the window goes. */
typedef struct
{
  char   *annotator;
  gint64  set_id;
  gint64  task_id;
  gint64  started;
  gint64  ended;
  gint64  active;
} WorkSpan;

static void
work_span_clear (WorkSpan *span)
{
  g_free (span->annotator);
}

static void
log_span (RubricWindow   *self,
          const WorkSpan *span)
{
  g_autoptr(GError) error = NULL;
  gint64 started = span->started, active = span->active;

  if (self->unlogged_ms > 0 && self->unlogged_set == span->set_id)
    {
      started = MIN (started, self->unlogged_from);
      active += self->unlogged_ms;
    }
  self->unlogged_ms = 0;
  if (rubric_worklog_record_activity (self->store, span->annotator, span->set_id, span->task_id,
                                      started, span->ended, active, &error))
    return;
  g_debug ("The work log keeps %" G_GINT64_FORMAT " ms for later: %s", active, error->message);
  self->unlogged_set = span->set_id;
  self->unlogged_from = started;
  self->unlogged_ms = active;
}

static void
log_spans (RubricWindow *self)
{
  g_clear_handle_id (&self->spans_source, g_source_remove);
  for (guint i = 0; self->store != NULL && self->spans != NULL && i < self->spans->len; i++)
    log_span (self, &g_array_index (self->spans, WorkSpan, i));
  if (self->spans != NULL)
    g_array_set_size (self->spans, 0);
}

static gboolean
log_spans_cb (gpointer user_data)
{
  RubricWindow *self = user_data;

  self->spans_source = 0;
  log_spans (self);
  return G_SOURCE_REMOVE;
}

static void
record_activity (RubricWindow *self,
                 gint64        from,
                 gint64        to)
{
  gint64 offset = g_get_real_time () - g_get_monotonic_time ();
  WorkSpan span = {
    g_strdup (self->annotator), self->set_id, self->annotation->task_id,
    (from + offset) / 1000, (to + offset) / 1000, (to - from) / 1000,
  };

  if (self->spans == NULL)
    {
      self->spans = g_array_new (FALSE, FALSE, sizeof (WorkSpan));
      g_array_set_clear_func (self->spans, (GDestroyNotify) work_span_clear);
    }
  g_array_append_val (self->spans, span);
  /* After the frame clock's paint (GDK_PRIORITY_REDRAW). */
  if (self->spans_source == 0)
    self->spans_source = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, log_spans_cb, self, NULL);
}

/*
 * Time on a task counts while the window has focus and the person is
 * not away: a minute without a key or a pointer move stops the clock.
 */
void
_rubric_window_account_time (RubricWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->annotation != NULL && self->active_since != 0)
    {
      gint64 end = MIN (now, self->last_input + (gint64) IDLE_AFTER_MS * 1000);

      if (end > self->active_since)
        {
          self->annotation->active_ms += (end - self->active_since) / 1000;
          record_activity (self, self->active_since, end);
        }
    }
  self->active_since = gtk_window_is_active (GTK_WINDOW (self)) ? now : 0;
}

static void
note_input (RubricWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  rubric_application_note_input (self->app);
  if (now - self->last_input > (gint64) IDLE_AFTER_MS * 1000)
    _rubric_window_account_time (self);
  self->last_input = now;
}

/* Whether the shown task takes work now: a kind this version judges,
 * not submitted (or reopened). */
gboolean
_rubric_window_can_edit (RubricWindow *self)
{
  return self->task != NULL && self->page != NULL && self->annotation != NULL &&
         !rubric_page_get_read_only (self->page);
}

static void view_changed_cb (RubricWindow *self);


/* The page for tasks of @kind, made the first time one is shown. */
static RubricPage *
page_for (RubricWindow   *self,
          RubricTaskKind  kind)
{
  GType type = rubric_page_type_for_kind (kind);
  GtkWidget *page;

  if (type == G_TYPE_INVALID)
    return NULL;
  if ((page = gtk_stack_get_child_by_name (self->stack, g_type_name (type))) != NULL)
    return RUBRIC_PAGE (page);
  page = g_object_new (type, NULL);
  g_signal_connect_object (page, "changed", G_CALLBACK (view_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_stack_add_named (self->stack, page, g_type_name (type));
  return RUBRIC_PAGE (page);
}

/* On a phone's width the header keeps what has no other place: export
 * is in the main menu. The window's width, not an allocation, decides,
 * so the header's own size cannot fold and unfold the sidebar. */
static void
fit_header_cb (RubricWindow *self)
{
  int width = 0, height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  gtk_widget_set_visible (self->export_button, width <= 0 || width >= NARROW_WINDOW);
}

/* The first task of a kind builds the kind's page, and some pages take
 * long to build: a write page, 150 ms, most of it GtkSourceView reading
 * its markdown grammar. With a long prompt on top, showing the set's
 * first write task froze the window for a third of a second. So once a
 * set is open, the pages of its other kinds are built in idle time, one
 * a turn, after a turn that reads the grammar alone (a buffer that uses
 * it keeps it read). */
static gboolean
warm_pages_cb (gpointer user_data)
{
  RubricWindow *self = user_data;

  if (self->warm_grammar == NULL)
    {
      GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

      self->warm_grammar = GTK_TEXT_BUFFER (gtk_source_buffer_new_with_language (
        gtk_source_language_manager_get_language (languages, "markdown")));
      return G_SOURCE_CONTINUE;
    }

  for (guint kind = 0; kind < sizeof self->warm_kinds * 8; kind++)
    {
      if (self->warm_kinds & (1u << kind))
        {
          self->warm_kinds &= ~(1u << kind);
          page_for (self, kind);
          return G_SOURCE_CONTINUE;
        }
    }
  g_clear_object (&self->warm_grammar);
  self->warm_source = 0;
  return G_SOURCE_REMOVE;
}

static void
warm_pages (RubricWindow *self)
{
  g_autoptr(GPtrArray) kinds = rubric_stats_by_kind (self->store, NULL);

  for (guint i = 0; kinds != NULL && i < kinds->len; i++)
    {
      RubricKindStats *row = g_ptr_array_index (kinds, i);
      GType type = rubric_page_type_for_kind (row->kind);

      if (row->set_id == self->set_id && type != G_TYPE_INVALID &&
          gtk_stack_get_child_by_name (self->stack, g_type_name (type)) == NULL &&
          (guint) row->kind < sizeof self->warm_kinds * 8)
        self->warm_kinds |= 1u << row->kind;
    }
  if (self->warm_kinds != 0 && self->warm_source == 0)
    self->warm_source = g_idle_add_full (G_PRIORITY_LOW, warm_pages_cb, self, NULL);
}

static void
refresh_list_row (RubricWindow *self)
{
  if (self->filter == RUBRIC_FILTER_ALL && (self->search == NULL || *self->search == '\0'))
    rubric_task_list_model_task_changed (self->model, self->task->ord);
  else
    _rubric_window_set_filter (self, self->filter, self->search);
}

/*
 * A page not shown before (a kind's first task), or not since the
 * window changed size (behind feedback or an exam), has never been
 * laid out at the size it will have: its texts had no width to wrap at
 * before the frame that shows it, and that frame drew the prompt a
 * frame late, or not all of its lines; a side panel learnt only then
 * that it had no room, and covered the work for the frame. So the page
 * is laid out once, still unmapped, at the stack's size, which is the
 * size the stack will give it.
 */
static void
lay_out_before_shown (RubricWindow *self,
                      GtkWidget    *page)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self->stack));
  int height = gtk_widget_get_height (GTK_WIDGET (self->stack));
  int minimum_width = 0, minimum_height = 0;

  if (gtk_widget_get_mapped (page) || width <= 0 || height <= 0 ||
      (gtk_widget_get_width (page) == width && gtk_widget_get_height (page) == height))
    return;
  gtk_widget_measure (page, GTK_ORIENTATION_HORIZONTAL, -1, &minimum_width, NULL, NULL, NULL);
  width = MAX (width, minimum_width);
  gtk_widget_measure (page, GTK_ORIENTATION_VERTICAL, width, &minimum_height, NULL, NULL, NULL);
  gtk_widget_allocate (page, width, MAX (height, minimum_height), -1, NULL);
}

/* The page, the load error or the busy page: whichever the state says. */
static void
show_current_page (RubricWindow *self)
{
  if (self->busy)
    gtk_stack_set_visible_child_name (self->stack, "busy");
  else if (self->show_library || self->set_id == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (self->panel == RUBRIC_PANEL_EXAM)
    gtk_stack_set_visible_child_name (self->stack, "exam");
  else if (self->task == NULL || self->page == NULL)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else if (self->panel == RUBRIC_PANEL_FEEDBACK)
    gtk_stack_set_visible_child_name (self->stack, "feedback");
  else if (self->annotation == NULL)
    gtk_stack_set_visible_child_name (self->stack, "load-error");
  else
    {
      lay_out_before_shown (self, GTK_WIDGET (self->page));
      gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->page));
    }
}

void
_rubric_window_show_current_page (RubricWindow *self)
{
  show_current_page (self);
}

static gboolean retry_cb (gpointer user_data);

static void
saved_again (RubricWindow *self)
{
  if (self->dirty || g_hash_table_size (self->unsaved) > 0 || !rubric_banner_get_revealed (self->save_banner))
    return;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  rubric_banner_set_revealed (self->save_banner, FALSE);
  _rubric_window_toast (self, _("Your work is saved again"));
}

/* Nothing typed is dropped: the work stays in memory, the banner stays
 * up, and saving is tried again until it works. */
static void
save_failed (RubricWindow *self,
             const GError *error)
{
  g_autofree char *title = g_strdup_printf (_("Your work is not being saved: %s"), error->message);

  rubric_banner_set_title (self->save_banner, title);
  rubric_banner_set_button (self->save_banner, 0, _("_Try Again"), "win.retry-save", NULL);
  rubric_banner_set_revealed (self->save_banner, TRUE);
  /* The page must not say "Draft saved" of work the disk refused. */
  if (self->annotation != NULL && self->dirty && self->page != NULL)
    rubric_page_show_state (self->page, FALSE);
  if (g_error_matches (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED))
    rubric_application_report_damage (self->app, error->message);
  if (self->retry_source == 0)
    self->retry_source = g_timeout_add (RETRY_SAVE_MS, retry_cb, self);
}

/* Another window saved the shown task since this one read it. This
 * window's version goes to the task's history at once, so that it
 * survives whatever happens next, and the person chooses. */
static void
enter_conflict (RubricWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (!rubric_store_keep_in_history (self->store, self->annotation, "conflict", &self->conflict_history_id, &error))
    {
      save_failed (self, error);
      return;
    }
  self->dirty = FALSE;
  if (self->in_conflict)
    return;
  self->in_conflict = TRUE;
  rubric_banner_set_title (self->conflict_banner,
                           _("This task was changed in another window. Your version is kept in its history."));
  rubric_banner_set_button (self->conflict_banner, 1, _("Use _Theirs"), "win.resolve-conflict",
                            g_variant_new_string ("theirs"));
  rubric_banner_set_button (self->conflict_banner, 0, _("Keep _Mine"), "win.resolve-conflict",
                            g_variant_new_string ("mine"));
  rubric_banner_set_revealed (self->conflict_banner, TRUE);
}

static void
leave_conflict (RubricWindow *self)
{
  self->in_conflict = FALSE;
  self->conflict_history_id = 0;
  rubric_banner_set_revealed (self->conflict_banner, FALSE);
}

/* Writes the shown work in @state; on failure its state in memory is
 * what it was, and the rest of it waits to be saved. */
gboolean
_rubric_window_write_state (RubricWindow          *self,
                            RubricAnnotationState  state)
{
  g_autoptr(GError) error = NULL;
  RubricAnnotationState previous = self->annotation->state;
  gint64 previous_submitted = self->annotation->submitted_at;

  if (self->in_conflict)
    {
      enter_conflict (self);
      return FALSE;
    }
  if (previous != state)
    self->annotation->submitted_at = 0;
  self->annotation->state = state;
  if (rubric_store_save_annotation (self->store, self->annotation, &error))
    {
      self->dirty = FALSE;
      saved_again (self);
      return TRUE;
    }
  self->annotation->state = previous;
  self->annotation->submitted_at = previous_submitted;
  self->dirty = TRUE;
  if (g_error_matches (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT))
    enter_conflict (self);
  else
    save_failed (self, error);
  return FALSE;
}

/**
 * _rubric_window_save:
 *
 * Writes what the view holds for the shown task, in @state.
 */
gboolean
_rubric_window_save (RubricWindow          *self,
                     RubricAnnotationState  state)
{
  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->task == NULL || self->annotation == NULL || rubric_page_get_read_only (self->page))
    return TRUE;

  _rubric_window_account_time (self);
  rubric_page_collect (self->page);
  if (!_rubric_window_write_state (self, state))
    return FALSE;
  refresh_list_row (self);
  rubric_page_show_state (self->page, TRUE);
  update_progress (self);
  return TRUE;
}

/* Work of tasks no longer shown whose save failed, then the shown one. */
void
_rubric_window_retry_save (RubricWindow *self)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->unsaved);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      RubricAnnotation *annotation = value;
      g_autoptr(GError) error = NULL;
      gint64 history_id = 0;

      if (rubric_store_save_annotation (self->store, annotation, &error))
        g_hash_table_iter_remove (&iter);
      else if (g_error_matches (error, RUBRIC_ERROR, RUBRIC_ERROR_CONFLICT) &&
               rubric_store_keep_in_history (self->store, annotation, "conflict", &history_id, NULL))
        {
          /* Saved meanwhile by another window: this version joins the
           * task's history, where nothing is lost. */
          g_hash_table_iter_remove (&iter);
          _rubric_window_toast (self, _("Another window saved a task you had left; your version is in its history"));
        }
      else if (error->code != RUBRIC_ERROR_CONFLICT)
        {
          save_failed (self, error);
          return;
        }
    }
  if (self->dirty)
    _rubric_window_save (self, RUBRIC_ANNOTATION_DRAFT);
  saved_again (self);
}

static gboolean
retry_cb (gpointer user_data)
{
  RubricWindow *self = user_data;

  _rubric_window_retry_save (self);
  if (!self->dirty && g_hash_table_size (self->unsaved) == 0)
    {
      self->retry_source = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  RubricWindow *self = user_data;

  self->save_source = 0;
  _rubric_window_save (self, RUBRIC_ANNOTATION_DRAFT);
  return G_SOURCE_REMOVE;
}

/*
 * A change is saved as a draft at most SAVE_DELAY_MS after it was made:
 * the timer starts at the first unsaved change and is not pushed back
 * by the next ones, so steady typing still reaches the disk.
 */
static void
view_changed_cb (RubricWindow *self)
{
  if (self->annotation == NULL || !_rubric_window_can_edit (self))
    return;
  self->dirty = TRUE;
  rubric_page_show_checks (self->page, NULL);
  if (self->save_source == 0)
    self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/**
 * rubric_window_save_now:
 *
 * Writes pending changes at once, as a draft.
 */
void
rubric_window_save_now (RubricWindow *self)
{
  g_return_if_fail (RUBRIC_IS_WINDOW (self));

  if (self->save_source != 0 || self->dirty)
    _rubric_window_save (self, RUBRIC_ANNOTATION_DRAFT);
}

/* Work that could not be saved travels with its task, never dropped:
 * it waits in memory, and the retry saves it. A version in conflict is
 * in the history already. */
static void
put_aside_shown (RubricWindow *self)
{
  if (self->annotation != NULL && self->dirty && !self->in_conflict)
    {
      gint64 task_id = self->annotation->task_id;

      g_hash_table_replace (self->unsaved, GINT_TO_POINTER (task_id), g_steal_pointer (&self->annotation));
    }
  g_clear_pointer (&self->annotation, rubric_annotation_unref);
  self->dirty = FALSE;
  leave_conflict (self);
}

/* The work to show: waiting in memory, or read from the workspace, or
 * new. NULL when it could not be read: then the page must not start
 * from nothing, or its first save would write over what is stored. */
static RubricAnnotation *
load_annotation (RubricWindow  *self,
                 RubricTask    *task,
                 GError       **error)
{
  RubricAnnotation *annotation = NULL;
  gpointer key = GINT_TO_POINTER (task->row_id);
  gboolean swapped;

  if (g_hash_table_steal_extended (self->unsaved, key, NULL, (gpointer *) &annotation))
    {
      self->dirty = TRUE;
      return annotation;
    }
  annotation = rubric_store_get_annotation (self->store, task->row_id, self->annotator, error);
  if (annotation != NULL || *error != NULL)
    return annotation;
  if (!rubric_store_get_side_swap (self->store, task, self->config->randomize_sides, self->annotator, &swapped, error))
    return NULL;
  annotation = rubric_annotation_new (task->row_id, self->set_id, self->annotator);
  annotation->swapped = swapped;
  return annotation;
}

static void
show_load_error (RubricWindow *self,
                 const GError *error)
{
  g_autofree char *description = g_strdup_printf (_("%s\n\nNothing was changed. Rubric will not show this task "
                                                    "until its saved work can be read, so that nothing you did "
                                                    "is written over."),
                                                  error->message);

  adw_status_page_set_description (self->load_error_page, description);
}

static gboolean
listing_all (RubricWindow *self)
{
  return self->filter == RUBRIC_FILTER_ALL && (self->search == NULL || *self->search == '\0');
}

static gint64
row_id_at (RubricWindow *self,
           guint         position)
{
  g_autoptr(RubricTaskItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  return item ? rubric_task_item_get_row_id (item) : 0;
}

/* The texts the next task's page will render as markdown, rendered
 * while the person reads this one, since parsing two long answers was
 * most of the time the next task took to show. The next task is the
 * next row, where "Next Task" goes, and, with the whole set listed, the
 * next open task, where a submission goes (the same row as one works
 * down the list; another when the rows after are done, or at the end,
 * going round). The tasks are found and read, and their texts rendered,
 * on a thread with a connection of its own (a task of megabytes takes
 * long to parse; the next open task of a million takes milliseconds to
 * find), once the person has stayed on a task a moment, so that paging
 * quickly through a set does not pay for it; the renderings go to
 * rubric_markdown_view_keep_rendering(). */
#define READ_AHEAD_MS 250

typedef struct
{
  RubricWindow *window;    /* not touched once the read is cancelled */
  gint64     version;      /* the workspace's data version before the read */
  GPtrArray *tasks;        /* of RubricTask *: those read */
  char      *db_path;
  gint64     shown;        /* the task shown, not read again */
  gint64     next_row;     /* or 0 at the end of the list */
  gboolean   find_open;    /* the next open task of the set, after: */
  gint64     set_id;
  char      *annotator;
  int        after_ord;
  GPtrArray *texts;        /* of char *: worth rendering */
  GPtrArray *renderings;   /* of RubricRendering *, one for each text */
} ReadAhead;

static void
read_ahead_free (ReadAhead *job)
{
  g_free (job->db_path);
  g_free (job->annotator);
  g_clear_pointer (&job->tasks, g_ptr_array_unref);
  g_clear_pointer (&job->texts, g_ptr_array_unref);
  g_clear_pointer (&job->renderings, g_ptr_array_unref);
  g_free (job);
}

/* Renders those of @row_id's markdown texts that are worth it, unless
 * cancelled. What cannot be read now is reported when it is shown. */
static void
render_task_ahead (ReadAhead    *job,
                   RubricStore  *store,
                   gint64        row_id,
                   GCancellable *cancellable)
{
  RubricTask *next = rubric_store_get_task (store, row_id, NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);

  if (next == NULL)
    return;
  g_ptr_array_add (job->tasks, next);
  rubric_conversation_collect_texts (next, texts);
  g_ptr_array_add (texts, g_strdup (rubric_task_get_brief (next)));
  for (guint r = 0; r < rubric_task_get_n_responses (next); r++)
    g_ptr_array_add (texts, g_strdup (rubric_json_get_string (rubric_task_get_response (next, r), "content")));

  for (guint i = 0; i < texts->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      char *text = g_ptr_array_index (texts, i);

      if (rubric_markdown_view_worth_rendering_ahead (text))
        {
          g_ptr_array_add (job->renderings, rubric_markdown_render (text, -1));
          g_ptr_array_add (job->texts, g_steal_pointer (&g_ptr_array_index (texts, i)));
        }
    }
}

static void
read_ahead_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  ReadAhead *job = task_data;
  g_autoptr(RubricStore) store = rubric_store_open_read_only (job->db_path, NULL);
  gint64 next_open = 0;
  guint ord;

  if (store == NULL)
    {
      g_task_return_boolean (task, FALSE);
      return;
    }
  if (job->next_row != 0)
    render_task_ahead (job, store, job->next_row, cancellable);
  if (job->find_open && !g_cancellable_is_cancelled (cancellable))
    next_open = rubric_store_next_open_task (store, job->set_id, job->annotator, job->after_ord, &ord, NULL);
  if (next_open != 0 && next_open != job->next_row && next_open != job->shown)
    render_task_ahead (job, store, next_open, cancellable);
  g_task_return_boolean (task, TRUE);
}

static void
read_ahead_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ReadAhead *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  g_clear_pointer (&job->window->read_tasks, g_ptr_array_unref);
  job->window->read_tasks = g_steal_pointer (&job->tasks);
  job->window->read_version = job->version;
  for (guint i = 0; i < job->texts->len; i++)
    rubric_markdown_view_keep_rendering (g_steal_pointer (&g_ptr_array_index (job->texts, i)),
                                         g_steal_pointer (&g_ptr_array_index (job->renderings, i)));
}

static gboolean
read_ahead_cb (gpointer user_data)
{
  RubricWindow *self = user_data;
  g_autoptr(GTask) task = NULL;
  ReadAhead *job;
  gint64 next_row;

  self->read_ahead_source = 0;
  if (self->model == NULL || self->task == NULL)
    return G_SOURCE_REMOVE;
  next_row = self->task_position + 1 < g_list_model_get_n_items (G_LIST_MODEL (self->model))
             ? row_id_at (self, self->task_position + 1) : 0;
  /* A filtered list's next open task is found by walking it, as a
   * submission does; not here, where it would be every task. */
  if (next_row == 0 && !listing_all (self))
    return G_SOURCE_REMOVE;

  job = g_new0 (ReadAhead, 1);
  job->window = self;
  job->version = rubric_store_get_data_version (self->store);
  job->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_task_free);
  job->db_path = g_strdup (rubric_store_get_path (self->store));
  job->shown = self->task->row_id;
  job->next_row = next_row;
  job->find_open = listing_all (self);
  job->set_id = self->set_id;
  job->annotator = g_strdup (self->annotator);
  job->after_ord = (int) self->task->ord;
  job->texts = g_ptr_array_new_with_free_func (g_free);
  job->renderings = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_rendering_free);
  self->read_ahead_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->read_ahead_cancellable, read_ahead_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) read_ahead_free);
  g_task_run_in_thread (task, read_ahead_thread);
  return G_SOURCE_REMOVE;
}

static void
stop_reading_ahead (RubricWindow *self)
{
  g_clear_handle_id (&self->read_ahead_source, g_source_remove);
  g_cancellable_cancel (self->read_ahead_cancellable);
  g_clear_object (&self->read_ahead_cancellable);
}

static guint n_tasks_read_ahead;

/* For tests: how many tasks were shown as read ahead. */
guint
_rubric_window_get_n_tasks_read_ahead (void)
{
  return n_tasks_read_ahead;
}

/* Task @row_id as read ahead, if it was, and nothing another connection
 * committed since can have changed it (a task of megabytes takes long
 * to read and parse); else NULL. The tasks read ahead are for the next
 * task shown only. */
static RubricTask *
take_task_read_ahead (RubricWindow *self,
                      gint64        row_id)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->read_tasks);

  if (tasks == NULL || rubric_store_get_data_version (self->store) != self->read_version)
    return NULL;
  for (guint i = 0; i < tasks->len; i++)
    {
      RubricTask *task = g_ptr_array_index (tasks, i);

      if (task->row_id == row_id && rubric_store_task_is_current (self->store, task))
        {
          n_tasks_read_ahead++;
          return g_ptr_array_steal_index (tasks, i);
        }
    }
  return NULL;
}

static void
read_ahead (RubricWindow *self)
{
  stop_reading_ahead (self);
  /* At the default priority: GtkTextView lays out the whole of a long
   * text in idle time above G_PRIORITY_LOW, for seconds at times. */
  self->read_ahead_source = g_timeout_add (READ_AHEAD_MS, read_ahead_cb, self);
}

static void
show_task (RubricWindow *self,
           gint64        row_id)
{
  g_autoptr(GError) error = NULL;
  RubricTask *task;

  rubric_window_save_now (self);
  _rubric_window_account_time (self);
  if (!(task = take_task_read_ahead (self, row_id)) && !(task = rubric_store_get_task (self->store, row_id, &error)))
    {
      _rubric_window_error (self, _("This Task Cannot Be Shown"), error->message);
      return;
    }

  put_aside_shown (self);
  /* Moving to a task leaves the feedback on the one before. */
  if (self->panel == RUBRIC_PANEL_FEEDBACK)
    self->panel = RUBRIC_PANEL_NONE;
  self->annotation = load_annotation (self, task, &error);
  if (self->dirty && self->retry_source == 0)
    self->retry_source = g_timeout_add (RETRY_SAVE_MS, retry_cb, self);
  _rubric_window_account_time (self);

  self->page = page_for (self, task->kind);
  if (self->annotation != NULL)
    {
      rubric_page_show (self->page, task, self->config, self->annotation);
      rubric_page_set_side_panel (self->page, self->show_rubric);
    }
  else
    show_load_error (self, error);
  g_clear_pointer (&self->task, rubric_task_free);
  self->task = task;
  update_task_title (self);
  show_current_page (self);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  _rubric_window_update_actions (self);
  /* The keys go where the kind's work is: the answer, the response. */
  if (self->annotation != NULL)
    rubric_page_focus_default (self->page);
  read_ahead (self);
}

void
_rubric_window_retry_load (RubricWindow *self)
{
  if (self->task != NULL && self->annotation == NULL)
    show_task (self, self->task->row_id);
}

/* Shows the stored work of the shown task again: another window saved
 * it, or the person chose that version. */
static void
reload_shown (RubricWindow *self)
{
  g_autoptr(GError) error = NULL;
  RubricAnnotation *annotation;

  if (self->task == NULL)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  annotation = rubric_store_get_annotation (self->store, self->task->row_id, self->annotator, &error);
  if (error != NULL)
    {
      _rubric_window_read_failed (self, error);
      return;
    }
  if (annotation == NULL)
    return;
  g_clear_pointer (&self->annotation, rubric_annotation_unref);
  self->annotation = annotation;
  self->dirty = FALSE;
  rubric_page_show (self->page, self->task, self->config, self->annotation);
  rubric_page_set_side_panel (self->page, self->show_rubric);
  show_current_page (self);
  _rubric_window_update_actions (self);
}

void
_rubric_window_resolve_conflict (RubricWindow *self,
                                 gboolean      keep_mine)
{
  g_autoptr(GError) error = NULL;

  if (!self->in_conflict || self->annotation == NULL)
    return;
  if (!keep_mine)
    {
      leave_conflict (self);
      reload_shown (self);
      _rubric_window_toast (self, _("Showing the other window's version; yours is in the task's history"));
      return;
    }
  rubric_page_collect (self->page);
  if (!rubric_store_overwrite_annotation (self->store, self->annotation, &error))
    {
      save_failed (self, error);
      return;
    }
  self->dirty = FALSE;
  leave_conflict (self);
  refresh_list_row (self);
  rubric_page_show_state (self->page, TRUE);
  update_progress (self);
  _rubric_window_toast (self, _("Kept your version; the other window's is in the task's history"));
}

/* Following other windows -------------------------------------------- */

/* The stored revision of the shown work, or -1 when it cannot be read. */
static gint64
stored_revision (RubricWindow *self)
{
  return rubric_store_get_revision (self->store, self->task->row_id, self->annotator, NULL);
}

/* Someone else may have saved the shown task: with nothing unsaved here
 * the window shows their work; with changes of its own it saves them
 * now, and the save finds the conflict. */
static void
follow_shown_task (RubricWindow *self)
{
  gint64 revision;

  if (self->task == NULL || self->annotation == NULL || self->in_conflict ||
      (revision = stored_revision (self)) < 0 || revision == self->annotation->revision)
    return;
  if (self->dirty || self->save_source != 0)
    _rubric_window_save (self, RUBRIC_ANNOTATION_DRAFT);
  else
    reload_shown (self);
}

static void
refresh_from_workspace (RubricWindow *self)
{
  if (self->model == NULL)
    return;
  follow_shown_task (self);
  rubric_task_list_model_reload (self->model);
  update_progress (self);
  _rubric_window_update_actions (self);
}

static void
annotation_saved_cb (RubricWindow *self,
                     gint64        task_id,
                     const char   *annotator,
                     gint64        revision)
{
  /* This window's own saves are followed where they are made. */
  if (self->task != NULL && self->task->row_id == task_id && self->annotation != NULL &&
      revision == self->annotation->revision)
    return;
  if (g_strcmp0 (annotator, self->annotator) == 0)
    refresh_from_workspace (self);
}

static void
update_presence (RubricWindow *self)
{
  g_autoptr(GError) error = NULL;
  guint others;

  if (self->presence_id == 0)
    return;
  others = rubric_store_count_other_presences (self->store, self->presence_id, &error);
  if (error == NULL)
    rubric_banner_set_revealed (self->presence_banner, others > 0);
}

/* Other processes, rubric-cli or another instance, change the workspace
 * too: SQLite's data version tells, without reading anything. */
static gboolean
watch_cb (gpointer user_data)
{
  RubricWindow *self = user_data;
  gint64 version = rubric_store_get_data_version (self->store);

  update_presence (self);
  /* A long read without a save or a pause still reaches the log. */
  if (self->active_since != 0 && g_get_monotonic_time () - self->active_since > ACCOUNT_EVERY_MS * 1000)
    _rubric_window_account_time (self);
  if (version != self->data_version)
    {
      self->data_version = version;
      refresh_from_workspace (self);
    }
  return G_SOURCE_CONTINUE;
}

static void
selection_changed_cb (RubricWindow *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);
  gint64 row_id;

  if (position == GTK_INVALID_LIST_POSITION)
    return;
  row_id = row_id_at (self, position);
  self->task_position = position;
  if (row_id != 0 && (self->task == NULL || row_id != self->task->row_id))
    show_task (self, row_id);
}

void
_rubric_window_select (RubricWindow *self,
                       guint         position)
{
  if (self->model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  self->task_position = position;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->task_list), "list.scroll-to-item", "u", position);
  if (self->task == NULL || self->task->row_id != row_id_at (self, position))
    show_task (self, row_id_at (self, position));
}

/* The next task after the shown one that is neither submitted nor
 * skipped, going round; its row id, or 0. The whole set is asked of the
 * store in one query; a filtered list, which is short, is walked. */
static gint64
next_open_task (RubricWindow *self,
                guint        *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  guint from = self->task ? self->task_position : n - 1;

  *position = G_MAXUINT;
  if (listing_all (self))
    {
      g_autoptr(GError) error = NULL;
      gint64 row_id = rubric_store_next_open_task (self->store, self->set_id, self->annotator,
                                                   self->task ? (int) self->task->ord : -1, position, &error);

      if (error != NULL)
        _rubric_window_read_failed (self, error);
      return row_id;
    }
  for (guint i = 1; i <= n; i++)
    {
      g_autoptr(RubricTaskItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), (from + i) % n);

      if (item != NULL && rubric_task_item_get_row_id (item) != (self->task ? self->task->row_id : 0) &&
          rubric_task_item_get_state (item) != RUBRIC_ANNOTATION_SUBMITTED &&
          rubric_task_item_get_state (item) != RUBRIC_ANNOTATION_SKIPPED)
        return rubric_task_item_get_row_id (item);
    }
  return 0;
}

/* @position, when known, spares the search for the row. */
static void
select_row_id (RubricWindow *self,
               gint64        row_id,
               guint         position)
{
  if (position == G_MAXUINT)
    position = rubric_task_list_model_find_row (self->model, row_id);

  if (position != G_MAXUINT)
    _rubric_window_select (self, position);
  else
    show_task (self, row_id);
}

void
_rubric_window_show_row (RubricWindow *self,
                         gint64        row_id)
{
  show_task (self, row_id);
}

void
_rubric_window_next_open (RubricWindow *self)
{
  guint position;
  gint64 next = next_open_task (self, &position);

  if (next == 0)
    {
      _rubric_window_toast (self, _("Every task in this set is done"));
      return;
    }
  select_row_id (self, next, position);
}

/**
 * _rubric_window_set_filter:
 *
 * Lists the tasks in @filter whose prompt contains @search; the shown
 * task stays shown.
 */
void
_rubric_window_set_filter (RubricWindow *self,
                           RubricFilter  filter,
                           const char   *search)
{
  RubricTaskQuery query = { filter, search };
  g_autofree char *search_copy = g_strdup (search);
  guint position;

  self->filter = filter;
  g_free (self->search);
  self->search = g_steal_pointer (&search_copy);
  if (self->set_id == 0)
    return;

  /* Without a model first: the selection would otherwise look for the
   * task it had through the whole new list, a page at a time. */
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->model);
  self->model = rubric_task_list_model_new (self->store, self->set_id, self->annotator, &query);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  gtk_stack_set_visible_child_name (self->list_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0 ? "list" : "none");
  if (gtk_drop_down_get_selected (self->filter_dropdown) != (guint) filter)
    gtk_drop_down_set_selected (self->filter_dropdown, filter);

  position = self->task ? rubric_task_list_model_find_row (self->model, self->task->row_id) : G_MAXUINT;
  if (position != G_MAXUINT)
    {
      self->task_position = position;
      gtk_single_selection_set_selected (self->selection, position);
    }
  else
    self->task_position = G_MAXUINT - 1;
}

/* Red-teaming sets say so before the first task is read. */
static void
show_content_notice (RubricWindow *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Sensitive Content"),
                                              _("This task set is marked sensitive: its prompts and responses may "
                                                "include offensive, disturbing or harmful material, shown so that "
                                                "it can be judged and flagged. Take breaks, and skip any task you "
                                                "should not work on."));

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "continue", _("_Continue"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "continue");
  gtk_widget_add_css_class (dialog, "content-notice");
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * rubric_window_load_task_set:
 *
 * Shows a task set of the workspace, at its first open task.
 */
gboolean
rubric_window_load_task_set (RubricWindow *self,
                             gint64        set_id)
{
  g_autoptr(RubricTaskSet) set = NULL;
  g_autoptr(GError) error = NULL;
  guint position;
  gint64 first;
  gboolean again;

  g_return_val_if_fail (RUBRIC_IS_WINDOW (self), FALSE);

  rubric_window_save_now (self);
  if (!(set = rubric_store_get_task_set (self->store, set_id, &error)))
    {
      _rubric_window_error (self, _("Could Not Open the Task Set"), error->message);
      return FALSE;
    }
  /* A lead's review has a window of its own. */
  if (rubric_review_is_review (set->header))
    return rubric_review_window_present (self->app, set_id) != NULL;
  again = set_id == self->set_id;
  if (!again)
    _rubric_window_dismiss_changed_toast (self);

  g_clear_pointer (&self->task, rubric_task_free);
  g_clear_pointer (&self->annotation, rubric_annotation_unref);
  g_clear_pointer (&self->config, rubric_set_config_unref);
  self->config = rubric_set_config_new (set->header);
  self->set_id = set_id;
  self->panel = RUBRIC_PANEL_NONE;
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  _rubric_window_set_filter (self, RUBRIC_FILTER_ALL, NULL);

  adw_window_title_set_title (self->set_title, set->name);
  g_settings_set_int64 (rubric_application_get_settings (self->app), "last-task-set", set_id);
  if (!rubric_library_mark_opened (self->store, set_id, g_get_real_time () / 1000, &error))
    g_warning ("The library will not show when “%s” was opened: %s", set->name, error->message);
  self->show_library = FALSE;
  update_progress (self);

  first = next_open_task (self, &position);
  if (first != 0)
    select_row_id (self, first, position);
  else
    _rubric_window_select (self, 0);
  /* Once a set: a file opened that is the set shown loads it again. */
  if (self->config->sensitive && !again)
    show_content_notice (self);
  _rubric_window_practice_set_loaded (self);
  warm_pages (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK_SET_ID]);
  return TRUE;
}

void
rubric_window_open_file (RubricWindow *self,
                         GFile        *file)
{
  g_return_if_fail (RUBRIC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* A file known before opens at once; it is read whole afterwards. */
  _rubric_window_import (self, file, RUBRIC_IMPORT_TRUST_STAMP);
}

/* The library ---------------------------------------------------------- */

/**
 * rubric_window_show_library:
 *
 * Shows the task sets of the workspace in place of the task, until one
 * is opened.
 */
void
rubric_window_show_library (RubricWindow *self)
{
  g_return_if_fail (RUBRIC_IS_WINDOW (self));

  rubric_window_save_now (self);
  rubric_library_view_reload (self->library);
  self->show_library = TRUE;
  show_current_page (self);
  _rubric_window_update_actions (self);
}

static void
library_open_set_cb (RubricWindow *self,
                     gint64        set_id)
{
  if (set_id == self->set_id)
    {
      self->show_library = FALSE;
      show_current_page (self);
      _rubric_window_update_actions (self);
      return;
    }
  rubric_window_load_task_set (self, set_id);
  show_current_page (self);
}

/* The set shown is gone: the window shows the library. */
static void
unload_task_set (RubricWindow *self)
{
  rubric_window_save_now (self);
  g_clear_pointer (&self->task, rubric_task_free);
  g_clear_pointer (&self->annotation, rubric_annotation_unref);
  self->set_id = 0;
  g_clear_object (&self->model);
  gtk_single_selection_set_model (self->selection, NULL);
  adw_window_title_set_title (self->set_title, _("Rubric"));
  adw_window_title_set_subtitle (self->task_title, NULL);
  self->show_library = TRUE;
  show_current_page (self);
  _rubric_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK_SET_ID]);
}

static void
library_deleted_cb (RubricWindow *self,
                    gint64        set_id,
                    const char   *name)
{
  g_autofree char *title = g_strdup_printf (_("“%s” deleted"), name);
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undelete-set");
  adw_toast_set_action_target_value (toast, g_variant_new_int64 (set_id));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  if (set_id == self->set_id)
    unload_task_set (self);
}

void
_rubric_window_undelete_set (RubricWindow *self,
                             gint64        set_id)
{
  g_autoptr(GError) error = NULL;

  if (!rubric_library_undelete (self->store, set_id, &error))
    {
      _rubric_window_error (self, _("Could Not Bring the Task Set Back"), error->message);
      return;
    }
  rubric_library_view_reload (self->library);
}

static gboolean
drop_cb (RubricWindow *self,
         const GValue *value,
         double        x,
         double        y)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST) || !(files = g_value_get_boxed (value)))
    return FALSE;
  rubric_window_open_file (self, files->data);
  return TRUE;
}

static void
search_changed_cb (RubricWindow *self)
{
  _rubric_window_set_filter (self, self->filter, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
}

static void
filter_selected_cb (RubricWindow *self)
{
  RubricFilter filter = gtk_drop_down_get_selected (self->filter_dropdown);

  if (filter != self->filter)
    _rubric_window_set_filter (self, filter, self->search);
}

static gboolean
key_pressed_cb (RubricWindow *self)
{
  note_input (self);
  return FALSE;
}

static void
pointer_moved_cb (RubricWindow *self)
{
  note_input (self);
}

static void
active_changed_cb (RubricWindow *self)
{
  _rubric_window_account_time (self);
}

static void
close_unsaved_response_cb (RubricWindow *self,
                           const char   *response)
{
  if (g_strcmp0 (response, "discard") != 0)
    return;
  self->dirty = FALSE;
  g_hash_table_remove_all (self->unsaved);
  gtk_window_close (GTK_WINDOW (self));
}

/* Closing never drops unsaved work without asking. */
static gboolean
ask_before_losing_work (RubricWindow *self)
{
  GtkWidget *dialog;

  _rubric_window_retry_save (self);
  if (!self->dirty && g_hash_table_size (self->unsaved) == 0)
    return FALSE;
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Your Work Is Not Saved"),
                                   rubric_banner_get_title (self->save_banner));
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Rubric could not save your latest changes to the workspace, and keeps "
                                 "trying while this window is open. If you close it now, they are lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Keep Window Open"),
                                    "discard", _("_Close and Lose Them"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_unsaved_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

static gboolean
rubric_window_close_request (GtkWindow *window)
{
  RubricWindow *self = RUBRIC_WINDOW (window);
  GSettings *settings = rubric_application_get_settings (self->app);
  int width, height;

  rubric_window_save_now (self);
  if (ask_before_losing_work (self))
    return TRUE;
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (rubric_window_parent_class)->close_request (window);
}

/* Whether the set is in the workspace and not deleted. */
static gboolean
is_listed (RubricStore *store,
           gint64       set_id)
{
  g_autoptr(GPtrArray) sets = rubric_store_list_task_sets (store, NULL);

  for (guint i = 0; sets != NULL && i < sets->len; i++)
    {
      if (((RubricTaskSet *) g_ptr_array_index (sets, i))->id == set_id)
        return TRUE;
    }
  return FALSE;
}

static void
rubric_window_constructed (GObject *object)
{
  RubricWindow *self = (RubricWindow *) object;
  GSettings *settings = rubric_application_get_settings (self->app);
  gint64 last = g_settings_get_int64 (settings, "last-task-set");

  G_OBJECT_CLASS (rubric_window_parent_class)->constructed (object);

  self->store = g_object_ref (rubric_application_get_store (self->app));
  self->annotator = rubric_application_dup_annotator (self->app);
  {
    g_autoptr(GError) error = NULL;

    if (!(self->presence_id = rubric_store_register_presence (self->store, &error)))
      g_warning ("Other windows will not know of this one: %s", error->message);
  }
  self->data_version = rubric_store_get_data_version (self->store);
  g_signal_connect_object (self->store, "annotation-saved", G_CALLBACK (annotation_saved_cb), self, G_CONNECT_SWAPPED);
  self->watch_source = g_timeout_add (WATCH_MS, watch_cb, self);
  update_presence (self);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  g_signal_connect (self, "notify::default-width", G_CALLBACK (fit_header_cb), NULL);
  fit_header_cb (self);
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  rubric_library_view_set_store (self->library, self->store, self->annotator);
  /* Back to the set opened last in this workspace, whoever opened it. */
  {
    gint64 opened = rubric_library_last_opened (self->store, NULL);

    if (opened > 0)
      last = opened;
  }
  if (last > 0 && is_listed (self->store, last))
    rubric_window_load_task_set (self, last);
  _rubric_window_update_actions (self);
}

static void
rubric_window_dispose (GObject *object)
{
  RubricWindow *self = (RubricWindow *) object;

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_handle_id (&self->watch_source, g_source_remove);
  g_clear_handle_id (&self->warm_source, g_source_remove);
  stop_reading_ahead (self);
  g_clear_pointer (&self->read_tasks, g_ptr_array_unref);
  g_clear_object (&self->warm_grammar);
  g_cancellable_cancel (self->verify_cancellable);
  g_clear_object (&self->verify_cancellable);
  _rubric_window_dismiss_changed_toast (self);
  _rubric_window_practice_dispose (self);
  log_spans (self);
  g_clear_pointer (&self->spans, g_array_unref);
  if (self->store != NULL && self->presence_id != 0)
    rubric_store_unregister_presence (self->store, self->presence_id);
  self->presence_id = 0;
  g_clear_pointer (&self->unsaved, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_WINDOW);
  g_clear_pointer (&self->task, rubric_task_free);
  g_clear_pointer (&self->annotation, rubric_annotation_unref);
  g_clear_pointer (&self->config, rubric_set_config_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_pointer (&self->annotator, g_free);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (rubric_window_parent_class)->dispose (object);
}

static void
rubric_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RubricWindow *self = RUBRIC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TASK_SET_ID:
      g_value_set_int64 (value, self->set_id);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_SHOW_RUBRIC:
      g_value_set_boolean (value, self->show_rubric);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
set_show_rubric (RubricWindow *self,
                 gboolean      show)
{
  if (self->show_rubric == show)
    return;
  /* Too narrow for the panel beside the work, the toggle shows it over
   * the work, or closes it, and leaves the wish for a wider window. */
  if (self->page != NULL && rubric_page_get_side_panel_folded (self->page))
    {
      rubric_page_toggle_side_panel_over (self->page);
      return;
    }
  self->show_rubric = show;
  if (self->page != NULL)
    rubric_page_set_side_panel (self->page, show);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RUBRIC]);
}

static void
rubric_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RubricWindow *self = RUBRIC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION_OBJECT:
      self->app = g_value_get_object (value);
      gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (self->app));
      break;
    case PROP_SHOW_RUBRIC:
      set_show_rubric (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_window_class_init (RubricWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rubric_window_constructed;
  object_class->dispose = rubric_window_dispose;
  object_class->get_property = rubric_window_get_property;
  object_class->set_property = rubric_window_set_property;
  window_class->close_request = rubric_window_close_request;

  properties[PROP_APPLICATION_OBJECT] =
    g_param_spec_object ("rubric-application", NULL, NULL, RUBRIC_TYPE_APPLICATION,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TASK_SET_ID] =
    g_param_spec_int64 ("task-set-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_RUBRIC] =
    g_param_spec_boolean ("show-rubric", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RUBRIC_TYPE_BANNER);
  g_type_ensure (RUBRIC_TYPE_FEEDBACK_VIEW);
  g_type_ensure (RUBRIC_TYPE_LIBRARY_VIEW);
  g_type_ensure (RUBRIC_TYPE_TASK_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, export_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, sidebar_clamp);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, content);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, set_title);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, task_title);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, filter_dropdown);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, task_list);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, list_stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, library);
  gtk_widget_class_bind_template_callback (widget_class, library_open_set_cb);
  gtk_widget_class_bind_template_callback (widget_class, library_deleted_cb);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, save_banner);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, conflict_banner);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, presence_banner);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, load_error_page);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, feedback_view);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, exam_page);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, exam_start_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, exam_export_button);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, exam_clock);

  _rubric_window_class_actions_init (widget_class);
}

/* Beside the page, the task list is as wide as its width-request
 * (with its border, 285 pixels): a set's name in its header asked for
 * its whole width ("openai-cookbook-toy_chat_fine_tuning" took 537
 * pixels from the page), and is now cut short. Folded, the list has
 * the window's width. */
#define SIDEBAR_MOST 280
#define SIDEBAR_FOLDED 100000

static void
leaflet_folded_cb (RubricWindow *self)
{
  int most = adw_leaflet_get_folded (self->leaflet) ? SIDEBAR_FOLDED : SIDEBAR_MOST;

  adw_clamp_set_maximum_size (self->sidebar_clamp, most);
  adw_clamp_set_tightening_threshold (self->sidebar_clamp, most);
}

static void
rubric_window_init (RubricWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *submit_keys;
  GtkDropTarget *drop;
  g_autoptr(GtkListItemFactory) factory = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  rubric_shadows_hide_when_unfolded (GTK_WIDGET (self->leaflet));
  g_signal_connect_object (self->leaflet, "notify::folded", G_CALLBACK (leaflet_folded_cb), self, G_CONNECT_SWAPPED);
  leaflet_folded_cb (self);
  rubric_a11y_name_drop_down_button (self->filter_dropdown);
  self->unsaved = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) rubric_annotation_unref);
  self->show_rubric = TRUE;
  self->last_input = g_get_monotonic_time ();

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->task_list, GTK_SELECTION_MODEL (self->selection));
  factory = rubric_task_list_row_factory_new ();
  gtk_list_view_set_factory (self->task_list, factory);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_dropdown, "notify::selected",
                           G_CALLBACK (filter_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_object (motion, "motion", G_CALLBACK (pointer_moved_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  /* Ctrl+Enter submits even from inside a text view, which would
   * otherwise take the key first. */
  submit_keys = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (submit_keys, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (submit_keys),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return, GDK_CONTROL_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("win.submit")));
  gtk_widget_add_controller (GTK_WIDGET (self), submit_keys);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_widget_set_visible (self->progress_box, FALSE);
}

RubricWindow *
rubric_window_new (RubricApplication *app)
{
  return g_object_new (RUBRIC_TYPE_WINDOW, "rubric-application", app, NULL);
}

/**
 * rubric_window_show_message:
 *
 * Shows @message briefly over the window.
 */
void
rubric_window_show_message (RubricWindow *self,
                            const char   *message)
{
  g_return_if_fail (RUBRIC_IS_WINDOW (self));
  _rubric_window_toast (self, message);
}

gint64
rubric_window_get_task_set_id (RubricWindow *self)
{
  g_return_val_if_fail (RUBRIC_IS_WINDOW (self), 0);
  return self->set_id;
}

/* The id the task file gives the task shown, or %NULL. */
const char *
rubric_window_get_task_id (RubricWindow *self)
{
  g_return_val_if_fail (RUBRIC_IS_WINDOW (self), NULL);
  return self->task ? rubric_task_get_id (self->task) : NULL;
}

gboolean
rubric_window_get_busy (RubricWindow *self)
{
  g_return_val_if_fail (RUBRIC_IS_WINDOW (self), FALSE);
  return self->busy;
}
