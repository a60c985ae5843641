/* rubric-message.h — one turn of a conversation: its role over its text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-markdown-view.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_MESSAGE (rubric_message_get_type ())

G_DECLARE_FINAL_TYPE (RubricMessage, rubric_message, RUBRIC, MESSAGE, GtkWidget)

GtkWidget          *rubric_message_new          (const char    *role_label,
                                                 const char    *text,
                                                 const char    *css_class);
gboolean            rubric_message_reuse        (RubricMessage *self,
                                                 const char    *role_label,
                                                 const char    *text,
                                                 const char    *css_class);
gboolean            rubric_message_is_long      (RubricMessage *self);
RubricMarkdownView *rubric_message_get_body     (RubricMessage *self);
void                rubric_message_set_inline_role (RubricMessage *self,
                                                 gboolean       inline_role);
const char         *rubric_message_role_label   (const char    *role);

G_END_DECLS
