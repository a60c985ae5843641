/* rubric-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RUBRIC_ERROR (rubric_error_quark ())

typedef enum
{
  RUBRIC_ERROR_INVALID,      /* the input breaks the format's rules */
  RUBRIC_ERROR_UNSUPPORTED,  /* a format Rubric recognises but cannot read */
  RUBRIC_ERROR_STORE,        /* the workspace database failed */
  RUBRIC_ERROR_NOT_FOUND,
  RUBRIC_ERROR_CANCELLED,
  RUBRIC_ERROR_CONFLICT,     /* someone else saved the same work first */
  RUBRIC_ERROR_DAMAGED,      /* the workspace file is corrupt */
} RubricError;

GQuark rubric_error_quark (void);

G_END_DECLS
