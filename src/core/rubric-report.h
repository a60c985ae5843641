/* rubric-report.h — one HTML file of agreement, bias and their charts
 *
 * The report behind `rubric-cli report`. See rubric-report.c for what
 * it holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "rubric-agreement.h"
#include "rubric-bias.h"

G_BEGIN_DECLS

char     *rubric_report_to_html    (const char * const     *paths,
                                    const RubricAgreement  *agreement,
                                    const RubricBias       *bias);
gboolean  rubric_report_write_html (const char * const     *paths,
                                    const char             *output,
                                    GError                **error);

G_END_DECLS
