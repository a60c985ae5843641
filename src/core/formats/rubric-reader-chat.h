/* rubric-reader-chat.h — what the chat and preference readers share
 *
 * Defined in rubric-reader-trl.c: reading message lists, splitting two
 * conversations at their last shared user turn, the reply that ends a
 * conversation, keeping a record's other keys in meta.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-reader-private.h"

G_BEGIN_DECLS

json_object *_rubric_chat_messages   (RubricConvert       *conv,
                                      json_object         *array,
                                      const char          *field);
json_object *_rubric_chat_task_new   (RubricConvert       *conv,
                                      const char          *kind,
                                      json_object         *record);
void         _rubric_chat_keep_rest  (json_object         *task,
                                      json_object         *record,
                                      const char * const  *known);
json_object *_rubric_chat_meta       (json_object         *task);
json_object *_rubric_chat_reply      (RubricConvert       *conv,
                                      json_object         *messages,
                                      guint                from,
                                      const char          *field);
gboolean     _rubric_chat_split      (RubricConvert       *conv,
                                      json_object         *task,
                                      json_object         *chosen,
                                      json_object         *rejected,
                                      const char          *chosen_field,
                                      const char          *rejected_field,
                                      json_object        **a,
                                      json_object        **b);
gboolean     _rubric_chat_label      (RubricConvert       *conv,
                                      json_object         *record,
                                      const char          *key,
                                      gboolean            *label);
gboolean     _rubric_chat_review     (RubricConvert       *conv);
gboolean     _rubric_chat_answered   (RubricConvert       *conv,
                                      json_object         *task,
                                      json_object         *messages,
                                      const char          *field);

G_END_DECLS
