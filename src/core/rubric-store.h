/* rubric-store.h — the SQLite workspace
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-c/json.h>

#include "rubric-annotation.h"
#include "rubric-task.h"

G_BEGIN_DECLS

#define RUBRIC_STORE_SCHEMA_VERSION 11

typedef enum
{
  RUBRIC_FILTER_ALL,
  RUBRIC_FILTER_TODO,
  RUBRIC_FILTER_DRAFT,
  RUBRIC_FILTER_SUBMITTED,
  RUBRIC_FILTER_SKIPPED,
  RUBRIC_FILTER_FLAGGED,
} RubricFilter;

typedef struct
{
  RubricFilter  state;
  const char   *search;   /* text the prompt contains, ignoring case; NULL for any */
} RubricTaskQuery;

typedef struct
{
  gint64       id;
  char        *name;
  char        *source_path;
  char        *content_hash;
  json_object *header;
  guint        n_tasks;
  gint64       imported_at;
} RubricTaskSet;

typedef struct
{
  gint64                 row_id;
  guint                  ord;
  guint                  position;  /* in the list that was asked for */
  char                  *id;
  RubricTaskKind         kind;
  char                  *preview;
  RubricAnnotationState  state;
} RubricTaskRow;

#define RUBRIC_TYPE_STORE (rubric_store_get_type ())

G_DECLARE_FINAL_TYPE (RubricStore, rubric_store, RUBRIC, STORE, GObject)

char                  *rubric_store_default_path          (void);
RubricStore           *rubric_store_new                   (const char        *path,
                                                           GError           **error);
RubricStore      *rubric_store_open_read_only (const char   *path,
                                              GError      **error);
const char            *rubric_store_get_path              (RubricStore       *self);
void                   rubric_store_checkpoint_in_background (RubricStore     *self,
                                                            gboolean         background);
gboolean               rubric_store_check_foreign_path    (RubricStore       *self,
                                                           const char        *path,
                                                           GError           **error);
int                    rubric_store_get_schema_version    (RubricStore       *self);
gboolean               rubric_store_begin                 (RubricStore       *self,
                                                           GError           **error);
gboolean               rubric_store_commit                (RubricStore       *self,
                                                           GError           **error);
void                   rubric_store_rollback              (RubricStore       *self);

GPtrArray             *rubric_store_list_task_sets        (RubricStore       *self,
                                                           GError           **error);
RubricTaskSet         *rubric_store_get_task_set          (RubricStore       *self,
                                                           gint64             set_id,
                                                           GError           **error);
GStrv                  rubric_store_dup_column_map        (RubricStore       *self,
                                                           const char        *source_path,
                                                           GError           **error);
guint                  rubric_store_count_tasks           (RubricStore       *self,
                                                           gint64             set_id,
                                                           GError           **error);
guint                  rubric_store_count_state           (RubricStore       *self,
                                                           gint64             set_id,
                                                           const char        *annotator,
                                                           RubricAnnotationState state,
                                                           GError           **error);
GPtrArray             *rubric_store_get_task_rows         (RubricStore       *self,
                                                           gint64             set_id,
                                                           const char        *annotator,
                                                           guint              offset,
                                                           guint              limit,
                                                           GError           **error);
guint                  rubric_store_count_matching        (RubricStore       *self,
                                                           gint64             set_id,
                                                           const char        *annotator,
                                                           const RubricTaskQuery *query,
                                                           GError           **error);
GPtrArray             *rubric_store_get_matching_rows     (RubricStore       *self,
                                                           gint64             set_id,
                                                           const char        *annotator,
                                                           const RubricTaskQuery *query,
                                                           guint              offset,
                                                           guint              limit,
                                                           GError           **error);
gboolean               rubric_store_find_matching_position (RubricStore           *self,
                                                           gint64                 set_id,
                                                           const char            *annotator,
                                                           const RubricTaskQuery *query,
                                                           gint64                 row_id,
                                                           guint                 *position,
                                                           GError               **error);
gboolean               rubric_task_query_is_all           (const RubricTaskQuery *query);
gint64                 rubric_store_next_open_task        (RubricStore       *self,
                                                           gint64             set_id,
                                                           const char        *annotator,
                                                           int                after_ord,
                                                           guint             *ord,
                                                           GError           **error);
RubricTask            *rubric_store_get_task              (RubricStore       *self,
                                                           gint64             row_id,
                                                           GError           **error);
gboolean               rubric_store_task_is_current       (RubricStore       *self,
                                                           const RubricTask  *task);
gboolean               rubric_store_get_side_swap         (RubricStore       *self,
                                                           RubricTask        *task,
                                                           gboolean           randomize,
                                                           const char        *annotator,
                                                           gboolean          *swapped,
                                                           GError           **error);
RubricAnnotation      *rubric_store_get_annotation        (RubricStore       *self,
                                                           gint64             task_id,
                                                           const char        *annotator,
                                                           GError           **error);
gboolean               rubric_store_save_annotation       (RubricStore       *self,
                                                           RubricAnnotation  *annotation,
                                                           GError           **error);
GPtrArray             *rubric_store_list_annotations      (RubricStore       *self,
                                                           gint64             task_id,
                                                           GError           **error);
gint64                 rubric_store_get_revision          (RubricStore       *self,
                                                           gint64             task_id,
                                                           const char        *annotator,
                                                           GError           **error);
gboolean               rubric_store_overwrite_annotation  (RubricStore       *self,
                                                           RubricAnnotation  *annotation,
                                                           GError           **error);
gboolean               rubric_store_keep_in_history       (RubricStore       *self,
                                                           RubricAnnotation  *annotation,
                                                           const char        *reason,
                                                           gint64            *history_id,
                                                           GError           **error);
guint                  rubric_store_count_history         (RubricStore       *self,
                                                           gint64             annotation_id,
                                                           const char        *reason,
                                                           GError           **error);
gint64                 rubric_store_register_presence     (RubricStore       *self,
                                                           GError           **error);
void                   rubric_store_unregister_presence   (RubricStore       *self,
                                                           gint64             id);
guint                  rubric_store_count_other_presences (RubricStore       *self,
                                                           gint64             id,
                                                           GError           **error);
gint64                 rubric_store_get_data_version      (RubricStore       *self);

void                   rubric_task_set_free               (RubricTaskSet     *self);
void                   rubric_task_row_free               (RubricTaskRow     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricTaskSet, rubric_task_set_free)

G_END_DECLS
