/* rubric-format.h — the formats Rubric reads, recognised by their content
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

/* How a file is read: what rubric-cli's --from, --kind, --map and
 * --labels say. Every member may be left empty. */
typedef struct
{
  const char         *from;         /* a reader's id; NULL detects the format */
  const char         *kind;         /* the task kind, where a format leaves it open */
  const char * const *map;          /* FIELD=COLUMN for CSV files, NULL-terminated */
  gboolean            drop_labels;  /* do not keep the dataset's labels as gold */
} RubricReadOptions;

typedef struct _RubricConvert RubricConvert;

/* One format in; rubric_format_readers() lists them. */
typedef struct
{
  const char   *id;
  const char   *label;
  /* Names the variant of this format that a file's first record is,
   * or NULL. A CSV file's record is its first row, keyed by column. */
  const char *(*detect)  (json_object   *record);
  /* Turns one record into tasks (_rubric_convert_emit()), or reports
   * why it cannot (_rubric_convert_fail()) and returns FALSE. NULL for
   * the native format, which needs no converting. */
  gboolean    (*convert) (RubricConvert *conv,
                          json_object   *record);
  /* Emits what a format that groups records still holds at the end. */
  void        (*finish)  (RubricConvert *conv);
  /* Rows of a CSV or TSV file rather than JSON. */
  gboolean      csv;
} RubricFormatReader;

const RubricFormatReader *rubric_format_readers       (guint        *n_readers);
const RubricFormatReader *rubric_format_reader_lookup (const char   *id);
const RubricFormatReader *rubric_format_detect        (json_object  *record,
                                                       gboolean      csv,
                                                       const char  **description);
char                     *rubric_format_list_ids      (gboolean      csv);

G_END_DECLS
