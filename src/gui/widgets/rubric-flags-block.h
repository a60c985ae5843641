/* rubric-flags-block.h — the rubric's flags for one response
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-annotation.h"
#include "rubric-set-config.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_FLAGS_BLOCK (rubric_flags_block_get_type ())

G_DECLARE_FINAL_TYPE (RubricFlagsBlock, rubric_flags_block, RUBRIC, FLAGS_BLOCK, GtkWidget)

GtkWidget *rubric_flags_block_new      (GPtrArray        *flags,
                                        guint             response);
void       rubric_flags_block_bind     (RubricFlagsBlock *self,
                                        RubricAnnotation *annotation,
                                        const char       *response_id);
void       rubric_flags_block_set_flag (RubricFlagsBlock *self,
                                        const char       *flag_id,
                                        gboolean          set);

G_END_DECLS
