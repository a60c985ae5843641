/* rubric-backup.h — copies of the workspace, its check and its repair
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RUBRIC_BACKUP_INTERVAL (G_TIME_SPAN_HOUR)
#define RUBRIC_BACKUP_KEEP     (7 * G_TIME_SPAN_DAY)

typedef struct
{
  char    *path;
  gint64   time;   /* when it was made, µs since the epoch (UTC) */
  guint64  size;
} RubricBackup;

void          rubric_backup_free           (RubricBackup  *self);
char         *rubric_backup_dir            (const char    *db_path);
GPtrArray    *rubric_backup_list           (const char    *db_path,
                                            GError       **error);
RubricBackup *rubric_backup_make           (const char    *db_path,
                                            gint64         now,
                                            GError       **error);
guint         rubric_backup_prune          (const char    *db_path,
                                            gint64         now);
gboolean      rubric_backup_is_due         (gint64         newest,
                                            gint64         now,
                                            gboolean       changed);

gboolean      rubric_workspace_check       (const char    *db_path,
                                            GPtrArray    **problems,
                                            GError       **error);
gboolean      rubric_workspace_mark_damaged (const char    *db_path,
                                            const char    *reason,
                                            GError       **error);
char         *rubric_workspace_get_damage  (const char    *db_path);
void          rubric_workspace_clear_damage (const char   *db_path);
gboolean      rubric_workspace_move_aside  (const char    *db_path,
                                            gint64         now,
                                            char         **moved_to,
                                            GError       **error);
gboolean      rubric_workspace_restore     (const char    *db_path,
                                            const char    *backup_path,
                                            gint64         now,
                                            char         **moved_to,
                                            GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricBackup, rubric_backup_free)

G_END_DECLS
