/* rubric-conversation.h — what the model was asked: the system message,
 * every earlier turn with its role, then the prompt
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-task.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_CONVERSATION (rubric_conversation_get_type ())

G_DECLARE_FINAL_TYPE (RubricConversation, rubric_conversation, RUBRIC, CONVERSATION, GtkWidget)

void rubric_conversation_add_note (RubricConversation *self,
                                   const char         *role_label,
                                   const char         *text);
void rubric_conversation_show (RubricConversation *self,
                               RubricTask         *task);
void rubric_conversation_collect_texts (RubricTask *task,
                                        GPtrArray  *texts);

G_END_DECLS
