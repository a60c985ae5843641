/* rubric-page.h — what every page of a task has; a kind subclasses it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-annotation.h"
#include "rubric-checks-view.h"
#include "rubric-conversation.h"
#include "rubric-criteria-panel.h"
#include "rubric-decision-bar.h"
#include "rubric-set-config.h"
#include "rubric-task.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_PAGE (rubric_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (RubricPage, rubric_page, RUBRIC, PAGE, GtkWidget)

struct _RubricPageClass
{
  GtkWidgetClass parent_class;

  /* Shows the task and its annotation in the kind's own widgets; it
   * runs while the page is loading, so no change is reported. */
  void         (*load)              (RubricPage *self);
  /* The page became read-only or editable. */
  void         (*update_state)      (RubricPage *self);
  /* Copies what the kind's text widgets hold into the annotation. */
  void         (*collect)           (RubricPage *self);
  GPtrArray   *(*check)             (RubricPage *self);
  /* Where a criterion is cited; NULL when the kind has no such text. */
  GtkTextView *(*get_justification) (RubricPage *self);
  /* Where Ctrl+J goes: the justification unless the kind says. */
  gboolean     (*focus_text)        (RubricPage *self);
  /* Where the keyboard goes when a task of the kind opens. */
  void         (*focus_default)     (RubricPage *self);
  /* Whether this version can judge the task at all. */
  gboolean     (*can_judge)         (RubricPage *self);
  /* Where scores and flags are set; NULL for a kind without. */
  RubricCriteriaPanel *(*get_criteria_panel) (RubricPage *self);
  /* Lays the kind out for a phone's width (side by side becomes one
   * above the other), or back; a kind without it keeps one layout. */
  void         (*set_narrow)        (RubricPage *self,
                                     gboolean    narrow);

  gpointer padding[7];
};

void              rubric_page_show              (RubricPage        *self,
                                                 RubricTask        *task,
                                                 RubricSetConfig   *config,
                                                 RubricAnnotation  *annotation);
void              rubric_page_show_state        (RubricPage        *self,
                                                 gboolean           saved);
void              rubric_page_show_checks       (RubricPage        *self,
                                                 GPtrArray         *checks);
gboolean          rubric_page_get_read_only     (RubricPage        *self);
void              rubric_page_collect           (RubricPage        *self);
GPtrArray        *rubric_page_check             (RubricPage        *self);
void              rubric_page_set_side_panel    (RubricPage        *self,
                                                 gboolean           wanted);
gboolean          rubric_page_get_side_panel    (RubricPage        *self);
gboolean          rubric_page_get_side_panel_folded (RubricPage    *self);
void              rubric_page_toggle_side_panel_over (RubricPage   *self);
GtkTextView      *rubric_page_get_justification (RubricPage        *self);
gboolean          rubric_page_focus_text        (RubricPage        *self);
void              rubric_page_focus_default     (RubricPage        *self);
gboolean          rubric_page_cite              (RubricPage        *self,
                                                 guint              criterion);
RubricCriteriaPanel *rubric_page_get_criteria_panel (RubricPage     *self);
gboolean          rubric_page_get_narrow        (RubricPage        *self);

RubricTask       *rubric_page_get_task          (RubricPage        *self);
RubricSetConfig  *rubric_page_get_config        (RubricPage        *self);
RubricAnnotation *rubric_page_get_annotation    (RubricPage        *self);

/* For the kinds. */
void              rubric_page_set_parts         (RubricPage         *self,
                                                 RubricConversation *conversation,
                                                 RubricDecisionBar  *decision_bar,
                                                 RubricChecksView   *checks,
                                                 AdwFlap            *side_panel);
gboolean          rubric_page_is_loading        (RubricPage        *self);
void              rubric_page_changed           (RubricPage        *self);

G_END_DECLS
