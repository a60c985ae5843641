/* rubric-page.h — what the window asks of the view of each task kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <json-c/json.h>

#include "rubric-set-config.h"
#include "rubric-store.h"
#include "rubric-task.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_PAGE (rubric_page_get_type ())

G_DECLARE_INTERFACE (RubricPage, rubric_page, RUBRIC, PAGE, GtkWidget)

struct _RubricPageInterface
{
  GTypeInterface parent_iface;

  void         (*show)             (RubricPage             *self,
                                    RubricTask             *task,
                                    RubricSetConfig        *config,
                                    const RubricAnnotation *annotation);
  void         (*show_state)       (RubricPage             *self,
                                    const RubricAnnotation *annotation);
  void         (*show_checks)      (RubricPage             *self,
                                    GPtrArray              *checks);
  gboolean     (*get_read_only)    (RubricPage             *self);
  json_object *(*get_data)         (RubricPage             *self);
  void         (*collect)          (RubricPage             *self,
                                    RubricAnnotation       *annotation);
  GPtrArray   *(*check)            (RubricPage             *self,
                                    gint64                  active_ms);
  void         (*set_side_panel)   (RubricPage             *self,
                                    gboolean                shown);
  GtkTextView *(*get_justification) (RubricPage            *self);
};

void         rubric_page_show           (RubricPage             *self,
                                         RubricTask             *task,
                                         RubricSetConfig        *config,
                                         const RubricAnnotation *annotation);
void         rubric_page_show_state     (RubricPage             *self,
                                         const RubricAnnotation *annotation);
void         rubric_page_show_checks    (RubricPage             *self,
                                         GPtrArray              *checks);
gboolean     rubric_page_get_read_only  (RubricPage             *self);
json_object *rubric_page_get_data       (RubricPage             *self);
void         rubric_page_collect        (RubricPage             *self,
                                         RubricAnnotation       *annotation);
GPtrArray   *rubric_page_check          (RubricPage             *self,
                                         gint64                  active_ms);
void         rubric_page_set_side_panel (RubricPage             *self,
                                         gboolean                shown);
GtkTextView *rubric_page_get_justification (RubricPage          *self);

G_END_DECLS
