/* rubric-records-private.h — the parallel reader's knobs, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "rubric-records.h"

G_BEGIN_DECLS

/* @n_workers 0 for one per processor (at most 8), @batch_size 0 for the
 * default: lines are parsed in batches of about that many bytes. */
gboolean _rubric_records_foreach_parallel_full (const char              *path,
                                                guint                    n_workers,
                                                gsize                    batch_size,
                                                RubricRecordExtractFunc  extract,
                                                RubricRecordConsumeFunc  consume,
                                                GDestroyNotify           item_free,
                                                gpointer                 user_data,
                                                GError                 **error);

G_END_DECLS
