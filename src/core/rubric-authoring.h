/* rubric-authoring.h — what author and red-team work must hold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "rubric-annotation.h"
#include "rubric-set-config.h"
#include "rubric-store.h"
#include "rubric-task.h"

G_BEGIN_DECLS

char        *rubric_requirement_id        (guint                   index);
guint        rubric_task_get_n_requirements (RubricTask            *task);
const char  *rubric_task_get_requirement  (RubricTask             *task,
                                           guint                   index);

GPtrArray   *rubric_author_check          (const RubricSetConfig  *config,
                                           RubricTask             *task,
                                           const RubricAnnotation *annotation);
GPtrArray   *rubric_red_team_check        (const RubricSetConfig  *config,
                                           RubricTask             *task,
                                           const RubricAnnotation *annotation);

char        *rubric_prompt_key            (const char             *prompt);
gboolean     rubric_set_check             (RubricStore            *store,
                                           RubricTask             *task,
                                           const RubricAnnotation *annotation,
                                           GPtrArray              *checks,
                                           GError                **error);

G_END_DECLS
