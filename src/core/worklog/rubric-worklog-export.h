/* rubric-worklog-export.h — the work log to and from files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "rubric-worklog.h"

G_BEGIN_DECLS

/*
 * Three formats, one line (or object) per item of rubric_worklog_list():
 *
 * - csv: the columns of RUBRIC_WORKLOG_CSV_HEADER. start and end are
 *   ISO 8601 local times with their UTC offset
 *   (2026-03-08T01:30:00-05:00), empty for an entry with a duration
 *   only; hours (to the hundredth) and seconds are the active time;
 *   rate and earned are decimal amounts in the currency's own
 *   decimals, empty when unpriced. rubric_worklog_import_csv() reads it
 *   back: an export imported into an empty workspace exports the same.
 * - timeclock: hledger's timeclock, a clock-in and a clock-out line
 *   per item in local time ("i 2026-03-08 09:00:00 work:Acme  Set A").
 *   The clock-out is the start plus the active time, since idle time is
 *   not work; an entry with a duration only starts at its day's
 *   midnight.
 * - timewarrior: the JSON of `timew export`, an array of
 *   {"id", "start", "end", "tags", "annotation"} in UTC
 *   ("20260308T140000Z"), with the same times as timeclock; the
 *   newest item is @1, as in Timewarrior.
 *
 * A new file is made readable by its owner only (the log is private);
 * a file that is replaced keeps its mode.
 */

#define RUBRIC_WORKLOG_CSV_HEADER \
  "source,date,start,end,hours,seconds,platform,set,annotator,tasks,rate_kind,rate,currency,earned,note"

typedef enum
{
  RUBRIC_LOG_FORMAT_CSV,
  RUBRIC_LOG_FORMAT_TIMECLOCK,
  RUBRIC_LOG_FORMAT_TIMEWARRIOR,
} RubricLogFormat;

typedef struct
{
  guint      n_sessions;   /* app rows added */
  guint      n_entries;    /* manual entries added */
  guint      n_known;      /* rows already in the log, left out */
  GPtrArray *problems;     /* "file:line: field: reason", when the file was refused */
} RubricLogImport;

gboolean   rubric_log_format_from_string   (const char            *text,
                                            RubricLogFormat       *format);
char      *rubric_worklog_format_items     (GPtrArray             *items,
                                            RubricLogFormat        format);
gboolean   rubric_worklog_export           (RubricStore           *store,
                                            const RubricLogQuery  *query,
                                            RubricLogFormat        format,
                                            const char            *path,
                                            guint                 *n_items,
                                            GError               **error);
gboolean   rubric_worklog_import_csv       (RubricStore           *store,
                                            const char            *path,
                                            RubricLogImport      **result,
                                            GError               **error);
void       rubric_log_import_free          (RubricLogImport       *self);

char      *rubric_worklog_items_to_json    (GPtrArray             *items);
char      *rubric_worklog_items_to_text    (GPtrArray             *items);
char      *rubric_worklog_payments_to_json (GPtrArray             *payments);
char      *rubric_worklog_payments_to_text (GPtrArray             *payments);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricLogImport, rubric_log_import_free)

G_END_DECLS
