/* rubric-worklog-window.h — the contractor's work log: hours, earnings,
 * payments and tax-period totals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-application.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_WORKLOG_WINDOW (rubric_worklog_window_get_type ())

G_DECLARE_FINAL_TYPE (RubricWorklogWindow, rubric_worklog_window, RUBRIC, WORKLOG_WINDOW, AdwWindow)

RubricWorklogWindow *rubric_worklog_window_new     (RubricApplication   *app);
void                 rubric_worklog_window_refresh (RubricWorklogWindow *self);

G_END_DECLS
