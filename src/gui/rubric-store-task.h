/* rubric-store-task.h — workspace work in a thread, on a connection of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "rubric-store.h"

G_BEGIN_DECLS

/* Runs in the thread with its own store; @data is the task's data. */
typedef gboolean (*RubricStoreWork) (RubricStore   *store,
                                     gpointer       data,
                                     GCancellable  *cancellable,
                                     GError       **error);

void rubric_store_task_run (GTask           *task,
                            const char      *db_path,
                            RubricStoreWork  work);

G_END_DECLS
