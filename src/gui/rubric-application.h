/* rubric-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-store.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_APPLICATION (rubric_application_get_type ())

G_DECLARE_FINAL_TYPE (RubricApplication, rubric_application, RUBRIC, APPLICATION, AdwApplication)

RubricApplication *rubric_application_new           (GApplicationFlags  flags);
RubricStore       *rubric_application_get_store     (RubricApplication *self);
void               rubric_application_set_db_path   (RubricApplication *self,
                                                     const char        *path);
GSettings         *rubric_application_get_settings  (RubricApplication *self);
char              *rubric_application_dup_annotator (RubricApplication *self);
const char        *rubric_application_get_db_path   (RubricApplication *self);
gboolean           rubric_application_backup_if_due (RubricApplication *self,
                                                     gint64             now);
void               rubric_application_note_input    (RubricApplication *self);
void               rubric_application_report_damage (RubricApplication *self,
                                                     const char        *reason);

G_END_DECLS
