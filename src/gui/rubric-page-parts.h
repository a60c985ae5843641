/* rubric-page-parts.h — pieces every task page builds the same way
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "rubric-set-config.h"
#include "rubric-store.h"

G_BEGIN_DECLS

typedef struct
{
  GtkWidget *box;
  GtkLabel  *state_label;
  GtkWidget *reopen_button;
  GtkWidget *skip_button;
  GtkWidget *submit_button;
} RubricDecisionBar;

void        rubric_clear_box            (GtkBox                 *box);
json_object *rubric_page_data_new       (const RubricAnnotation *annotation);
gboolean    rubric_page_take_config     (RubricSetConfig       **slot,
                                         RubricSetConfig        *config);
GtkWidget  *rubric_message_block        (const char             *role_label,
                                         const char             *content,
                                         const char             *css_class);
void        rubric_show_checks          (GtkBox                 *box,
                                         GtkRevealer            *revealer,
                                         GPtrArray              *checks);
const char *rubric_state_text           (const RubricAnnotation *annotation);
void        rubric_decision_bar_init    (RubricDecisionBar      *bar);
gboolean    rubric_decision_bar_show    (RubricDecisionBar      *bar,
                                         const RubricAnnotation *annotation);
gboolean    rubric_cite_criterion       (GtkTextView            *justification,
                                         RubricSetConfig        *config,
                                         guint                   criterion);

G_END_DECLS
