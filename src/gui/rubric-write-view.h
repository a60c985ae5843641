/* rubric-write-view.h — writing an ideal answer, or improving a draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-judgement.h"
#include "rubric-set-config.h"
#include "rubric-spell-checker.h"
#include "rubric-store.h"
#include "rubric-task.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_WRITE_VIEW (rubric_write_view_get_type ())

G_DECLARE_FINAL_TYPE (RubricWriteView, rubric_write_view, RUBRIC, WRITE_VIEW, GtkWidget)

void                rubric_write_view_show              (RubricWriteView        *self,
                                                         RubricTask             *task,
                                                         RubricSetConfig        *config,
                                                         const RubricAnnotation *annotation,
                                                         const char             *spell_language);
void                rubric_write_view_show_state        (RubricWriteView        *self,
                                                         const RubricAnnotation *annotation);
void                rubric_write_view_show_checks       (RubricWriteView        *self,
                                                         GPtrArray              *checks);
char               *rubric_write_view_dup_answer        (RubricWriteView        *self);
json_object        *rubric_write_view_get_data          (RubricWriteView        *self);
void                rubric_write_view_set_mode          (RubricWriteView        *self,
                                                         const char             *mode);
const char         *rubric_write_view_get_mode          (RubricWriteView        *self);
void                rubric_write_view_toggle_search     (RubricWriteView        *self);
void                rubric_write_view_focus_editor      (RubricWriteView        *self);
void                rubric_write_view_set_show_guidelines (RubricWriteView      *self,
                                                         gboolean                show);
void                rubric_write_view_set_font_scale    (RubricWriteView        *self,
                                                         double                  scale);
void                rubric_write_view_set_monospace     (RubricWriteView        *self,
                                                         gboolean                monospace);
void                rubric_write_view_set_spell_check   (RubricWriteView        *self,
                                                         gboolean                enabled);
RubricSpellChecker *rubric_write_view_get_spell_checker (RubricWriteView        *self);
GtkTextView        *rubric_write_view_get_editor        (RubricWriteView        *self);
GtkTextView        *rubric_write_view_get_changes       (RubricWriteView        *self);
void                rubric_write_view_set_spell_language (RubricWriteView       *self,
                                                         const char             *language);

G_END_DECLS
