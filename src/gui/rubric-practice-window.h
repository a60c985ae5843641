/* rubric-practice-window.h — the practice summary and progress
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-store.h"

G_BEGIN_DECLS

GtkWindow *rubric_practice_window_new (GtkWindow   *parent,
                                       RubricStore *store,
                                       const char  *annotator);

G_END_DECLS
