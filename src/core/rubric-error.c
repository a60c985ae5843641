/* rubric-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-error.h"

G_DEFINE_QUARK (rubric-error-quark, rubric_error)
