/* rubric-task-reader.h — streaming reader of native task files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-c/json.h>

#include "rubric-format.h"

G_BEGIN_DECLS

#define RUBRIC_TASKS_FORMAT           "rubric-tasks/1"
#define RUBRIC_DEFAULT_MAX_FIELD_SIZE (16 * 1024 * 1024)
#define RUBRIC_DEFAULT_MAX_DEPTH      64
#define RUBRIC_MAX_KEPT_PROBLEMS      1000

typedef struct
{
  guint  line;
  char  *field;
  char  *message;
} RubricProblem;

typedef struct
{
  guint        line;
  const char  *text;
  gsize        len;
  json_object *object;
} RubricTaskRecord;

typedef struct _RubricTaskReader RubricTaskReader;

/* A CSV or TSV file's header and first row, or the fields of a file of
 * JSON records and their values in the first: see rubric_table_peek(). */
typedef struct
{
  GStrv     columns;     /* the header's names, in the file's order */
  GStrv     first_row;   /* its cells under each name, "" where the row is short; NULL without a row */
  char     *format;      /* the format the columns name (a reader's id), or NULL */
  gboolean  needs_map;   /* the columns must be named before the file is read */
  gboolean  records;     /* JSON records, whose fields are the columns */
} RubricTable;

RubricTaskReader       *rubric_task_reader_new                 (GInputStream      *stream,
                                                                const char        *display_name);
RubricTaskReader       *rubric_task_reader_new_for_path        (const char        *path,
                                                                GError           **error);
void                    rubric_task_reader_free                (RubricTaskReader  *self);
void                    rubric_task_reader_set_max_field_size  (RubricTaskReader  *self,
                                                                gsize              max_field_size);
void                    rubric_task_reader_set_options         (RubricTaskReader  *self,
                                                                const RubricReadOptions *options);
void                    rubric_task_reader_set_lean            (RubricTaskReader  *self);
const RubricFormatReader *rubric_task_reader_get_format        (RubricTaskReader  *self,
                                                                const char       **description);
const char             *rubric_task_reader_get_compression     (RubricTaskReader  *self);
void                    rubric_task_reader_set_check_duplicates (RubricTaskReader *self,
                                                                gboolean           check_duplicates);
const RubricTaskRecord *rubric_task_reader_next                (RubricTaskReader  *self,
                                                                GCancellable      *cancellable,
                                                                GError           **error);
json_object            *rubric_task_reader_get_header          (RubricTaskReader  *self);
const char             *rubric_task_reader_get_display_name    (RubricTaskReader  *self);
guint64                 rubric_task_reader_get_bytes_read      (RubricTaskReader  *self);
const char             *rubric_task_reader_get_checksum        (RubricTaskReader  *self);
guint                   rubric_task_reader_get_n_tasks         (RubricTaskReader  *self);
guint                   rubric_task_reader_get_n_problems      (RubricTaskReader  *self);
GPtrArray              *rubric_task_reader_get_problems        (RubricTaskReader  *self);
void                    rubric_task_reader_add_problem         (RubricTaskReader  *self,
                                                                guint              line,
                                                                const char        *field,
                                                                char              *message);
char                   *rubric_problem_format                  (const RubricProblem *problem,
                                                                const char        *display_name);

RubricTable            *rubric_table_peek                      (const char        *path,
                                                                GCancellable      *cancellable,
                                                                GError           **error);
void                    rubric_table_free                      (RubricTable       *table);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricTaskReader, rubric_task_reader_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricTable, rubric_table_free)

G_END_DECLS
