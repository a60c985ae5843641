/* rubric-pages.c
 *
 * A new kind of task is one page and one line here; nothing else in
 * the window knows the kinds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-pages"

#include "config.h"

#include "rubric-author-page.h"
#include "rubric-compare-page.h"
#include "rubric-pages.h"
#include "rubric-rank-page.h"
#include "rubric-red-team-page.h"
#include "rubric-review-page.h"
#include "rubric-write-page.h"

/**
 * rubric_page_type_for_kind:
 *
 * Returns: the page type that shows tasks of @kind, or %G_TYPE_INVALID
 */
GType
rubric_page_type_for_kind (RubricTaskKind kind)
{
  static const struct {
    RubricTaskKind kind;
    GType (*get_type) (void);
  } pages[] = {
    { RUBRIC_TASK_KIND_WRITE, rubric_write_page_get_type },
    { RUBRIC_TASK_KIND_COMPARE, rubric_compare_page_get_type },
    { RUBRIC_TASK_KIND_RANK, rubric_rank_page_get_type },
    { RUBRIC_TASK_KIND_REVIEW, rubric_review_page_get_type },
    { RUBRIC_TASK_KIND_AUTHOR, rubric_author_page_get_type },
    { RUBRIC_TASK_KIND_RED_TEAM, rubric_red_team_page_get_type },
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      if (pages[i].kind == kind)
        return pages[i].get_type ();
    }
  return G_TYPE_INVALID;
}
