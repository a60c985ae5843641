/* rubric-window-private.h — shared by the window's source files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-banner.h"
#include "rubric-feedback-view.h"
#include "rubric-practice.h"
#include "rubric-import.h"
#include "rubric-pages.h"
#include "rubric-set-config.h"
#include "rubric-task-list-model.h"
#include "rubric-library-view.h"
#include "rubric-window.h"

G_BEGIN_DECLS

#define SAVE_DELAY_MS 700
#define IDLE_AFTER_MS (60 * 1000)
#define RETRY_SAVE_MS 2000
#define WATCH_MS 1000
#define NARROW_WINDOW 600   /* narrower, the header keeps only what has no other place */
#define ACCOUNT_EVERY_MS (60 * 1000)

typedef enum
{
  RUBRIC_PANEL_NONE,
  RUBRIC_PANEL_FEEDBACK,
  RUBRIC_PANEL_EXAM,
} RubricPanel;

struct _RubricWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkWidget            *sidebar;
  AdwClamp             *sidebar_clamp;
  GtkWidget            *content;
  AdwWindowTitle       *set_title;
  AdwWindowTitle       *task_title;
  GtkWidget            *export_button;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *filter_dropdown;
  GtkListView          *task_list;
  GtkStack             *list_stack;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkWidget            *progress_box;
  GtkStack             *stack;
  RubricLibraryView    *library;
  gboolean              show_library; /* the library is shown over the set */
  GtkProgressBar       *import_progress;
  RubricBanner         *save_banner;
  RubricBanner         *conflict_banner;
  RubricBanner         *presence_banner;
  AdwStatusPage        *load_error_page;
  RubricFeedbackView   *feedback_view;
  AdwStatusPage        *exam_page;
  GtkWidget            *exam_start_button;
  GtkWidget            *exam_export_button;
  GtkLabel             *exam_clock;
  RubricPage           *page;        /* the page of the shown task's kind, in the stack */

  /* State */
  RubricApplication    *app;
  RubricStore          *store;
  char                 *annotator;
  gint64                set_id;
  RubricSetConfig      *config;
  RubricTaskListModel  *model;
  GtkSingleSelection   *selection;
  RubricFilter          filter;
  char                 *search;
  RubricTask           *task;
  guint                 task_position;
  guint                 read_ahead_source;
  GCancellable         *read_ahead_cancellable;  /* the next task rendered on a thread */
  GPtrArray            *read_tasks;   /* of RubricTask *: read ahead, for the next task shown */
  gint64                read_version; /* the workspace's data version as they were read */
  RubricAnnotation     *annotation;   /* NULL when the task's work could not be read */
  guint                 save_source;
  gboolean              dirty;        /* the shown work has changes the workspace lacks */
  GHashTable           *unsaved;      /* row id → work whose save failed, not shown */
  guint                 retry_source;
  gboolean              in_conflict;  /* another window saved the shown task first */
  gint64                conflict_history_id;
  gint64                presence_id;
  gint64                data_version;
  guint                 watch_source;
  GCancellable         *verify_cancellable;  /* reading a reopened file whole, in the background */
  AdwToast             *changed_toast;       /* (nullable) (unowned): "the file has changed", while shown */
  gint64                active_since;
  gint64                last_input;
  gint64                unlogged_set;   /* active time the work log could not take yet */
  gint64                unlogged_from;
  gint64                unlogged_ms;
  GArray               *spans;          /* of WorkSpan: to log once the frame is painted */
  guint                 spans_source;
  gboolean              busy;
  gboolean              show_rubric;
  guint                 warm_kinds;   /* bits: kinds whose page is still to build */
  guint                 warm_source;
  GtkTextBuffer        *warm_grammar; /* holds the markdown grammar while pages are built */

  /* Practice and exams (rubric-window-practice.c) */
  RubricPanel           panel;        /* feedback or the exam page, over the task */
  gboolean              practice;     /* the set was switched to practice here */
  RubricExamAttempt    *exam;         /* the running or last attempt */
  guint                 exam_source;
};

void     _rubric_window_class_actions_init (GtkWidgetClass   *widget_class);
void     _rubric_window_update_actions     (RubricWindow     *self);
void     _rubric_window_dismiss_changed_toast (RubricWindow *self);
void     _rubric_window_toast              (RubricWindow     *self,
                                            const char       *message);
void     _rubric_window_read_failed        (RubricWindow     *self,
                                            const GError     *error);
void     _rubric_window_error              (RubricWindow     *self,
                                            const char       *heading,
                                            const char       *body);
void     _rubric_window_import             (RubricWindow     *self,
                                            GFile            *file,
                                            RubricImportFlags flags);
void     _rubric_window_import_mapped      (RubricWindow       *self,
                                            GFile              *file,
                                            RubricImportFlags   flags,
                                            const char * const *map);
void     _rubric_window_export             (RubricWindow     *self,
                                            const char       *format,
                                            gboolean          margin,
                                            gboolean          ties_unpaired,
                                            GFile            *file);
void     _rubric_window_set_busy           (RubricWindow     *self,
                                            gboolean          busy);
void     _rubric_window_select             (RubricWindow     *self,
                                            guint             position);
void     _rubric_window_submit             (RubricWindow     *self);
gboolean _rubric_window_save               (RubricWindow     *self,
                                            RubricAnnotationState state);
gboolean _rubric_window_write_state        (RubricWindow     *self,
                                            RubricAnnotationState state);
void     _rubric_window_next_open          (RubricWindow     *self);
void     _rubric_window_skip               (RubricWindow     *self,
                                            const char       *reason);
void     _rubric_window_reopen             (RubricWindow     *self);
void     _rubric_window_retry_save         (RubricWindow     *self);
void     _rubric_window_retry_load         (RubricWindow     *self);
void     _rubric_window_resolve_conflict   (RubricWindow     *self,
                                            gboolean          keep_mine);
void     _rubric_window_account_time       (RubricWindow     *self);
gboolean _rubric_window_can_edit           (RubricWindow     *self);
void     _rubric_window_set_filter         (RubricWindow     *self,
                                            RubricFilter      filter,
                                            const char       *search);

void     _rubric_window_undelete_set   (RubricWindow *self,
                                        gint64        set_id);
void     _rubric_window_show_current_page (RubricWindow *self);
void     _rubric_window_show_row       (RubricWindow *self,
                                        gint64        row_id);

/* rubric-window-practice.c */
void     _rubric_window_practice_actions_init (GtkWidgetClass *widget_class);
void     _rubric_window_practice_set_loaded   (RubricWindow   *self);
void     _rubric_window_practice_update_actions (RubricWindow *self);
gboolean _rubric_window_practice_after_submit (RubricWindow   *self);
void     _rubric_window_practice_dispose      (RubricWindow   *self);

G_END_DECLS
