/* app-test-util.h — shared by the tests that run the app in-process
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-application.h"
#include "rubric-window.h"

G_BEGIN_DECLS

void               app_test_init             (int          *argc,
                                              char       ***argv);
RubricApplication *app_test_new_app          (const char   *db_path,
                                              RubricWindow **window);
void               app_test_settle           (guint         ms);
void               app_test_activate         (RubricWindow *window,
                                              const char   *action,
                                              GVariant     *param);
int                app_test_count_rows       (RubricApplication *app,
                                              const char   *sql);
GtkWidget         *app_test_find_widget      (GtkWidget    *root,
                                              gboolean    (*match) (GtkWidget *));
AdwMessageDialog  *app_test_find_dialog      (void);
GtkListView       *app_test_task_list        (RubricWindow *window);
guint              app_test_find_task        (RubricWindow *window,
                                              const char   *id);
char              *app_test_save_screenshot  (GtkWidget    *toplevel,
                                              const char   *name);
char              *app_test_read_screen      (GtkWidget    *toplevel,
                                              GtkWidget    *part,
                                              const char   *name);
char              *app_test_read_screen_large (GtkWidget   *toplevel,
                                              GtkWidget    *part,
                                              const char   *name);
gboolean           app_test_text_has         (const char   *ocr,
                                              const char   *phrase);

G_END_DECLS
