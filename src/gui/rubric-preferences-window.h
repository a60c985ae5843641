/* rubric-preferences-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-application.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_PREFERENCES_WINDOW (rubric_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (RubricPreferencesWindow, rubric_preferences_window, RUBRIC, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *rubric_preferences_window_new (RubricApplication *app);

G_END_DECLS
