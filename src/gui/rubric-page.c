/* rubric-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-page"

#include "config.h"

#include "rubric-page.h"

G_DEFINE_INTERFACE (RubricPage, rubric_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
rubric_page_default_init (RubricPageInterface *iface)
{
  /**
   * RubricPage::changed:
   *
   * The person changed something that is to be saved.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

/**
 * rubric_page_show:
 * @annotation: the work on @task; a new one (id 0) when there is none
 */
void
rubric_page_show (RubricPage             *self,
                  RubricTask             *task,
                  RubricSetConfig        *config,
                  const RubricAnnotation *annotation)
{
  g_return_if_fail (RUBRIC_IS_PAGE (self));
  RUBRIC_PAGE_GET_IFACE (self)->show (self, task, config, annotation);
}

void
rubric_page_show_state (RubricPage             *self,
                        const RubricAnnotation *annotation)
{
  g_return_if_fail (RUBRIC_IS_PAGE (self));
  RUBRIC_PAGE_GET_IFACE (self)->show_state (self, annotation);
}

void
rubric_page_show_checks (RubricPage *self,
                         GPtrArray  *checks)
{
  g_return_if_fail (RUBRIC_IS_PAGE (self));
  RUBRIC_PAGE_GET_IFACE (self)->show_checks (self, checks);
}

gboolean
rubric_page_get_read_only (RubricPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_PAGE (self), TRUE);
  return RUBRIC_PAGE_GET_IFACE (self)->get_read_only (self);
}

/**
 * rubric_page_get_data:
 *
 * Returns: (transfer none): the annotation data the page edits
 */
json_object *
rubric_page_get_data (RubricPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  return RUBRIC_PAGE_GET_IFACE (self)->get_data (self);
}

/* Copies what the page holds into @annotation, data excepted. */
void
rubric_page_collect (RubricPage       *self,
                     RubricAnnotation *annotation)
{
  g_return_if_fail (RUBRIC_IS_PAGE (self));
  RUBRIC_PAGE_GET_IFACE (self)->collect (self, annotation);
}

/**
 * rubric_page_check:
 *
 * Returns: (transfer full) (element-type RubricCheck): what stops or
 *   questions a submission
 */
GPtrArray *
rubric_page_check (RubricPage *self,
                   gint64      active_ms)
{
  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  return RUBRIC_PAGE_GET_IFACE (self)->check (self, active_ms);
}

void
rubric_page_set_side_panel (RubricPage *self,
                            gboolean    shown)
{
  g_return_if_fail (RUBRIC_IS_PAGE (self));
  RUBRIC_PAGE_GET_IFACE (self)->set_side_panel (self, shown);
}

/**
 * rubric_page_get_justification:
 *
 * The text in which the person justifies their judgement, where a rubric
 * criterion is cited. Pages without one need not implement it.
 *
 * Returns: (transfer none) (nullable): the justification's text view
 */
GtkTextView *
rubric_page_get_justification (RubricPage *self)
{
  RubricPageInterface *iface;

  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  iface = RUBRIC_PAGE_GET_IFACE (self);
  return iface->get_justification != NULL ? iface->get_justification (self) : NULL;
}
