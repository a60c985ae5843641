/* rubric-format.h — the formats Rubric reads, recognised by their content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

#include "rubric-task-reader.h"

G_BEGIN_DECLS

/* One format in; rubric_format_readers() lists them. */
typedef struct
{
  const char        *id;
  const char        *label;
  /* Names the variant of this format that a file's first record is, or NULL. */
  const char      *(*detect) (json_object  *record);
  /* NULL while Rubric only recognises the format. */
  RubricTaskReader *(*open)   (GInputStream *stream,
                               const char   *display_name);
} RubricFormatReader;

const RubricFormatReader *rubric_format_readers       (guint        *n_readers);
const RubricFormatReader *rubric_format_reader_lookup (const char   *id);
const RubricFormatReader *rubric_format_detect        (json_object  *record,
                                                       const char  **description);
const char               *rubric_format_sniff         (json_object  *record);

G_END_DECLS
