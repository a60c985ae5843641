/* rubric-pages.h — which page shows which kind of task
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-page.h"

G_BEGIN_DECLS

GType rubric_page_type_for_kind (RubricTaskKind kind);

G_END_DECLS
