/* rubric-reader-oasst.h — what the two OpenAssistant readers share
 *
 * Defined in rubric-reader-oasst1.c, which builds the tasks of a tree
 * for both the flat export and the tree export
 * (rubric-reader-oasst-trees.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-reader-private.h"

G_BEGIN_DECLS

/* One message of a tree. */
typedef struct
{
  json_object *message;   /* a reference */
  guint        line;
  int          parent;    /* index of the parent, or -1 for a root */
  gboolean     dead;      /* deleted, or not to be used */
  int          state;     /* while building: unknown, alive or dead */
  int          first_child;
  int          next_sibling;
} RubricOasstMessage;

gboolean _rubric_oasst_check_message (RubricConvert *conv,
                                      json_object   *message,
                                      const char    *where);
void     _rubric_oasst_tree_tasks    (RubricConvert *conv,
                                      GArray        *messages,
                                      json_object   *tree_id,
                                      json_object   *tree_state);

G_END_DECLS
