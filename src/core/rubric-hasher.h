/* rubric-hasher.h — a SHA-256 of a stream, computed beside its reading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _RubricHasher RubricHasher;

RubricHasher *rubric_hasher_new     (void);
void          rubric_hasher_update  (RubricHasher  *self,
                                     const void    *data,
                                     gsize          len);
const char   *rubric_hasher_finish  (RubricHasher  *self);
void          rubric_hasher_free    (RubricHasher  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RubricHasher, rubric_hasher_free)

G_END_DECLS
