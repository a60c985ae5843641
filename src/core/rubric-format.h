/* rubric-format.h — recognising dataset formats by their content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

const char *rubric_format_sniff (json_object *record);

G_END_DECLS
