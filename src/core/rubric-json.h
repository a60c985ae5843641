/* rubric-json.h — exact JSON text output and small json-c helpers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-c/json.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_object, json_object_put)

void         rubric_json_append_string     (GString     *out,
                                            const char  *str,
                                            gsize        len);
void         rubric_json_append_cstring    (GString     *out,
                                            const char  *str);
void         rubric_json_append_value      (GString     *out,
                                            json_object *value);
void         rubric_json_append_key        (GString     *out,
                                            gboolean    *first,
                                            const char  *key);
void         rubric_json_append_strings    (GString     *out,
                                            const GPtrArray *strings);
void         rubric_json_append_number     (GString     *out,
                                            double       value);
void         rubric_json_append_figure     (GString     *out,
                                            gboolean    *first,
                                            const char  *key,
                                            double       value);
void         rubric_json_append_count      (GString     *out,
                                            gboolean    *first,
                                            const char  *key,
                                            guint64      value);
const char  *rubric_json_get_string        (json_object *object,
                                            const char  *key);
json_object *rubric_json_get_typed         (json_object *object,
                                            const char  *key,
                                            json_type    type);
gboolean     rubric_json_find_member       (const char  *text,
                                            gsize        len,
                                            const char  *key,
                                            gsize       *start,
                                            gsize       *end);
const char  *rubric_json_type_label        (json_object *value,
                                            gboolean     plain);
char        *rubric_json_list_keys         (json_object *object,
                                            guint        most);

char        *rubric_json_find_bad_text     (const char  *text,
                                           gsize        len,
                                           const char **reason);

void         rubric_json_tokener_reset     (json_tokener *tok);
gboolean     rubric_utf8_validate_len      (const char   *text,
                                            gsize         len,
                                            const char  **end);
char        *rubric_utf8_describe_invalid  (const char   *text,
                                            const char   *invalid,
                                            gboolean      in_cell);
void         rubric_json_read_key          (GString      *key);

G_END_DECLS
