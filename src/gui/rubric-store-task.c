/* rubric-store-task.c
 *
 * Slow workspace work (import, export, a review's figures) runs in a
 * thread on a connection of its own: WAL lets the window keep reading
 * while it writes. The task returns TRUE, or the error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-store-task"

#include "config.h"

#include "rubric-store-task.h"

typedef struct
{
  char            *db_path;
  RubricStoreWork  work;
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job);
}

static void
store_task_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Job *job = g_object_get_data (G_OBJECT (task), "rubric-store-job");
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;

  if (!(store = rubric_store_new (job->db_path, &error)) || !job->work (store, task_data, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * rubric_store_task_run:
 * @db_path: the workspace, opened anew in the thread
 *
 * Runs @work in a thread; finish with g_task_propagate_boolean().
 */
void
rubric_store_task_run (GTask           *task,
                       const char      *db_path,
                       RubricStoreWork  work)
{
  Job *job = g_new0 (Job, 1);

  job->db_path = g_strdup (db_path);
  job->work = work;
  g_object_set_data_full (G_OBJECT (task), "rubric-store-job", job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, store_task_thread);
}
