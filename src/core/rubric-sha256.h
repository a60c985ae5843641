/* rubric-sha256.h — SHA-256 with the processor's SHA instructions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RubricSha256 RubricSha256;

RubricSha256 *rubric_sha256_new         (void);
gboolean      rubric_sha256_is_fast     (void);
void          rubric_sha256_update      (RubricSha256 *self,
                                         const void   *data,
                                         gsize         len);
const char   *rubric_sha256_get_string  (RubricSha256 *self);
void          rubric_sha256_free        (RubricSha256 *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricSha256, rubric_sha256_free)

G_END_DECLS
