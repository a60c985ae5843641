/* rubric-records.h — records exports read back a line at a time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* Called for each submitted record; @record belongs to the reader. */
typedef void (*RubricRecordFunc) (json_object *record,
                                  const char  *task_id,
                                  gpointer     user_data);

gboolean rubric_records_foreach_submitted (const char        *path,
                                           RubricRecordFunc   func,
                                           gpointer           user_data,
                                           GError           **error);

G_END_DECLS
