/* rubric-worklog.h — the contractor's work log: time, rates, entries, payments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "../rubric-store.h"
#include "rubric-money.h"

G_BEGIN_DECLS

/*
 * The work log lives in the workspace (schema 10) and never leaves it
 * but through an export the person asks for. It has four sources:
 *
 * - Activity in the app. rubric_worklog_record_activity() is called
 *   whenever the app accounts active time (idle excluded); it keeps
 *   spans of work per annotator and set. Sessions are computed from
 *   them on demand (rubric_worklog_list()): spans of one annotator and
 *   set less than %RUBRIC_WORKLOG_SESSION_GAP_MS apart form a session,
 *   and a session over local midnight is cut into one item per local
 *   day (the zone is the process's, $TZ included). A session's tasks
 *   are that annotator's submissions to the set from its start until
 *   %RUBRIC_WORKLOG_SESSION_GAP_MS after its end.
 * - A payer and a rate per set, with their history: a session is paid
 *   at the rate in effect at its start (the latest whose effective_from
 *   is at or before it), so that a rate changed later leaves past
 *   sessions as they were. Work done before a set's first rate was
 *   given is paid at that first rate. The log keeps a set's name, rates
 *   and submissions after the set itself is purged from the library.
 * - Manual entries, for work done in other tools, and a timer that
 *   becomes one when stopped.
 * - Payments received, to set against what the log says was earned.
 *
 * Times are milliseconds since the Unix epoch (UTC), as everywhere in
 * the store; the log counts and reports them in whole seconds. Days
 * ("YYYY-MM-DD") are local days.
 */

/* Spans of one annotator and set this close form one session. */
#define RUBRIC_WORKLOG_SESSION_GAP_MS (15 * 60 * 1000)
/* Activity this close after the latest span of the same set extends it. */
#define RUBRIC_WORKLOG_SPAN_JOIN_MS (5 * 60 * 1000)
/* The longest manual entry or timer run. */
#define RUBRIC_WORKLOG_MAX_ENTRY_MS (G_GINT64_CONSTANT (31) * 24 * 3600 * 1000)
/* "YYYY-MM-DD" and its NUL. */
#define RUBRIC_DAY_LEN 11

typedef enum
{
  RUBRIC_RATE_NONE,       /* unpriced: counted in hours, not in money */
  RUBRIC_RATE_HOURLY,     /* per hour of active time */
  RUBRIC_RATE_PER_TASK,   /* per submitted task (sets only) */
  RUBRIC_RATE_AMOUNT,     /* a fixed amount (manual entries only) */
} RubricRateKind;

typedef struct
{
  RubricRateKind kind;
  gint64         amount;                         /* minor units; 0 for none */
  char           currency[RUBRIC_CURRENCY_LEN];  /* "" for none */
} RubricRate;

typedef struct
{
  gint64      id;
  gint64      set_id;          /* 0 once the set is purged, or for an imported log */
  char       *set_name;
  char       *payer;
  RubricRate  rate;
  gint64      effective_from;
} RubricSetRate;

typedef struct
{
  gint64      id;
  char        day[RUBRIC_DAY_LEN];
  gint64      started_at;      /* 0 when only a duration is known */
  gint64      ended_at;        /* 0 when only a duration is known */
  gint64      duration_ms;
  char       *platform;
  RubricRate  rate;            /* hourly, a fixed amount, or none */
  char       *note;
  gint64      created_at;
  gint64      updated_at;
} RubricLogEntry;

typedef enum
{
  RUBRIC_TAX_FORM_NONE,
  RUBRIC_TAX_FORM_1099_NEC,
  RUBRIC_TAX_FORM_1099_K,
} RubricTaxForm;

typedef struct
{
  gint64         id;
  char           day[RUBRIC_DAY_LEN];
  char          *payer;
  char          *processor;
  gint64         gross;        /* minor units */
  gint64         fees;
  gint64         net;          /* gross - fees */
  char           currency[RUBRIC_CURRENCY_LEN];
  RubricTaxForm  form;         /* the form the payer is expected to send */
  char          *note;
  gint64         created_at;
} RubricPayment;

typedef struct
{
  gint64  started_at;
  char   *platform;
  char   *note;
} RubricLogTimer;

typedef enum
{
  RUBRIC_LOG_SOURCE_APP,       /* a session, or its part on one day */
  RUBRIC_LOG_SOURCE_MANUAL,
} RubricLogSource;

/* One line of the log: an app session's part on one day, or a manual entry. */
typedef struct
{
  RubricLogSource  source;
  gint64           id;         /* a manual entry's id; 0 for a session */
  char             day[RUBRIC_DAY_LEN];
  gint64           started_at; /* 0 for a manual entry with a duration only */
  gint64           ended_at;
  gint64           active_ms;  /* active time, or the entry's duration; whole seconds */
  guint            n_tasks;    /* tasks submitted (sessions) */
  gint64           set_id;     /* sessions; 0 once the set is purged */
  char            *set_name;   /* sessions */
  char            *annotator;  /* sessions */
  char            *platform;   /* the payer (sessions) or the platform (entries); "" for none */
  RubricRate       rate;
  gboolean         priced;     /* FALSE for no rate: hours but no money */
  gint64           earned;     /* minor units of rate.currency, when priced */
  char            *note;
} RubricLogItem;

/* Which part of the log to read: days inclusive, NULL for no bound. */
typedef struct
{
  const char *from_day;
  const char *to_day;
  const char *annotator;       /* sessions of this annotator only; NULL for all */
} RubricLogQuery;

const char      *rubric_rate_kind_to_string       (RubricRateKind        kind);
gboolean         rubric_rate_kind_from_string     (const char           *text,
                                                   RubricRateKind       *kind);
gboolean         rubric_rate_init                 (RubricRate           *rate,
                                                   RubricRateKind        kind,
                                                   const char           *amount,
                                                   const char           *currency,
                                                   GError              **error);
char            *rubric_rate_to_text              (const RubricRate     *rate);
const char      *rubric_tax_form_to_string        (RubricTaxForm         form);
gboolean         rubric_tax_form_from_string      (const char           *text,
                                                   RubricTaxForm        *form);

gboolean         rubric_worklog_parse_day         (const char           *text,
                                                   GDate                *day,
                                                   GError              **error);
void             rubric_worklog_format_day        (const GDate          *day,
                                                   char                  out[RUBRIC_DAY_LEN]);
void             rubric_worklog_day_of            (gint64                time,
                                                   char                  out[RUBRIC_DAY_LEN]);
gint64           rubric_worklog_day_start         (const GDate          *day);
gboolean         rubric_worklog_local_time        (const GDate          *day,
                                                   const char           *clock,
                                                   gint64               *time,
                                                   GError              **error);
gboolean         rubric_worklog_parse_moment      (const char           *text,
                                                   gint64                now,
                                                   gint64               *time,
                                                   GError              **error);

gboolean         rubric_worklog_record_activity   (RubricStore          *store,
                                                   const char           *annotator,
                                                   gint64                set_id,
                                                   gint64                task_id,
                                                   gint64                started_at,
                                                   gint64                ended_at,
                                                   gint64                active_ms,
                                                   GError              **error);

gboolean         rubric_worklog_set_rate          (RubricStore          *store,
                                                   gint64                set_id,
                                                   const char           *payer,
                                                   const RubricRate     *rate,
                                                   gint64                effective_from,
                                                   GError              **error);
GPtrArray       *rubric_worklog_list_rates        (RubricStore          *store,
                                                   gint64                set_id,
                                                   GError              **error);
RubricSetRate   *rubric_worklog_get_rate_at       (RubricStore          *store,
                                                   gint64                set_id,
                                                   gint64                time,
                                                   GError              **error);

gboolean         rubric_log_entry_check           (const RubricLogEntry *entry,
                                                   GError              **error);
gint64           rubric_worklog_add_entry         (RubricStore          *store,
                                                   const RubricLogEntry *entry,
                                                   GError              **error);
gboolean         rubric_worklog_update_entry      (RubricStore          *store,
                                                   const RubricLogEntry *entry,
                                                   GError              **error);
gboolean         rubric_worklog_delete_entry      (RubricStore          *store,
                                                   gint64                id,
                                                   GError              **error);
RubricLogEntry  *rubric_worklog_get_entry         (RubricStore          *store,
                                                   gint64                id,
                                                   GError              **error);

gboolean         rubric_payment_check             (const RubricPayment  *payment,
                                                   GError              **error);
gint64           rubric_worklog_add_payment       (RubricStore          *store,
                                                   const RubricPayment  *payment,
                                                   GError              **error);
gboolean         rubric_worklog_delete_payment    (RubricStore          *store,
                                                   gint64                id,
                                                   GError              **error);
GPtrArray       *rubric_worklog_list_payments     (RubricStore          *store,
                                                   const RubricLogQuery *query,
                                                   GError              **error);

gboolean         rubric_worklog_timer_start       (RubricStore          *store,
                                                   const char           *platform,
                                                   const char           *note,
                                                   gint64                started_at,
                                                   GError              **error);
RubricLogTimer  *rubric_worklog_timer_get         (RubricStore          *store,
                                                   GError              **error);
gint64           rubric_worklog_timer_stop        (RubricStore          *store,
                                                   gint64                ended_at,
                                                   const RubricRate     *rate,
                                                   GError              **error);

GPtrArray       *rubric_worklog_list              (RubricStore          *store,
                                                   const RubricLogQuery *query,
                                                   GError              **error);

void             rubric_set_rate_free             (RubricSetRate        *self);
void             rubric_log_entry_clear           (RubricLogEntry       *self);
void             rubric_log_entry_free            (RubricLogEntry       *self);
void             rubric_payment_clear             (RubricPayment        *self);
void             rubric_payment_free              (RubricPayment        *self);
void             rubric_log_timer_free            (RubricLogTimer       *self);
void             rubric_log_item_free             (RubricLogItem        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricSetRate, rubric_set_rate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricLogEntry, rubric_log_entry_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RubricLogEntry, rubric_log_entry_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricPayment, rubric_payment_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RubricPayment, rubric_payment_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricLogTimer, rubric_log_timer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricLogItem, rubric_log_item_free)

G_END_DECLS
