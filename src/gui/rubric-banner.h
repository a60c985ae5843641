/* rubric-banner.h — a strip under the header bar that stays until its
 * cause is gone, as AdwBanner does in later libadwaita
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUBRIC_TYPE_BANNER (rubric_banner_get_type ())

G_DECLARE_FINAL_TYPE (RubricBanner, rubric_banner, RUBRIC, BANNER, GtkWidget)

void         rubric_banner_set_title        (RubricBanner *self,
                                             const char   *title);
const char  *rubric_banner_get_title        (RubricBanner *self);
void         rubric_banner_set_revealed     (RubricBanner *self,
                                             gboolean      revealed);
gboolean     rubric_banner_get_revealed     (RubricBanner *self);
void         rubric_banner_set_button       (RubricBanner *self,
                                             guint         index,
                                             const char   *label,
                                             const char   *action_name,
                                             GVariant     *target);

G_END_DECLS
