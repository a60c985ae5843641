/* rubric-worklog-payment-dialog.h — record a payment received
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "rubric-store.h"

G_BEGIN_DECLS

#define RUBRIC_TYPE_WORKLOG_PAYMENT_DIALOG (rubric_worklog_payment_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RubricWorklogPaymentDialog, rubric_worklog_payment_dialog, RUBRIC, WORKLOG_PAYMENT_DIALOG, AdwWindow)

RubricWorklogPaymentDialog *rubric_worklog_payment_dialog_new (GtkWindow   *parent,
                                                             RubricStore *store);

G_END_DECLS
