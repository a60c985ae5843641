/* test-util.h — shared by Rubric's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include <json-c/json.h>

#include "rubric-format.h"
#include "rubric-store.h"

G_BEGIN_DECLS

char     *test_tmpdir          (void);
char     *test_write_file      (const char *dir,
                                const char *name,
                                const char *contents,
                                gssize      len);
char     *test_read_file       (const char *path,
                                gsize      *len);
GStrv     test_read_lines      (const char *path);
char     *test_sample_path     (void);
gboolean  test_wait_until      (gboolean  (*cond) (gpointer),
                                gpointer    data,
                                guint       timeout_ms);
void      test_rm_rf           (const char *path);
GThread  *test_hold_parser     (void);
int       test_count_rows      (RubricStore *store,
                                const char  *sql);
/* Reading datasets: tests/data/realdata holds published files. */
char      *test_realdata_path  (const char *name);
GPtrArray *test_read_tasks     (const char              *path,
                                const RubricReadOptions *options,
                                char                   **format,
                                GPtrArray              **problems,
                                GError                 **error);
json_object *test_find_task    (GPtrArray  *tasks,
                                const char *id);
json_object *test_get_object  (json_object *object,
                                const char  *path);
const char *test_get_path      (json_object *object,
                                const char  *path);
char     *test_compare_task    (const char *id,
                                const char *a,
                                const char *b);

G_END_DECLS
