/* rubric-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-json"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "rubric-json.h"

#define ONES   G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS  G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether any of the eight bytes at @p is a control character, a quote
 * or a backslash (each test is exact for "any byte"). */
static inline gboolean
needs_escape (const char *p)
{
  guint64 v, control, quote, backslash;

  memcpy (&v, p, sizeof v);
  control = (v - ONES * 0x20) & ~v;
  quote = v ^ (ONES * '"');
  quote = (quote - ONES) & ~quote;
  backslash = v ^ (ONES * '\\');
  backslash = (backslash - ONES) & ~backslash;
  return ((control | quote | backslash) & HIGHS) != 0;
}

/**
 * rubric_utf8_validate_len:
 * @end: (out) (optional): where the text stops being valid
 *
 * g_utf8_validate_len(), with the same answer and @end (a NUL byte is
 * invalid), but faster on text that is mostly ASCII: eight bytes at a
 * time while none is a NUL or above 0x7f, GLib for what is not. Every
 * task read is checked, and GLib's byte-at-a-time check was a tenth of
 * the reading thread's time in an import.
 */
gboolean
rubric_utf8_validate_len (const char  *text,
                          gsize        len,
                          const char **end)
{
  gsize i = 0;

  while (i < len)
    {
      gsize stop;

      for (;;)
        {
          guint64 v;

          if (i + 8 > len)
            break;
          memcpy (&v, text + i, sizeof v);
          if (((v | ((v - ONES) & ~v)) & HIGHS) != 0)
            break;
          i += 8;
        }
      if (i >= len)
        break;
      /* GLib checks a stretch of 64 bytes and the rest of a character
       * it cuts; a stretch never starts inside a valid character. */
      stop = MIN (len, i + 64);
      for (guint k = 0; k < 3 && stop < len && ((guchar) text[stop] & 0xc0) == 0x80; k++)
        stop++;
      if (!g_utf8_validate_len (text + i, stop - i, end))
        return FALSE;
      i = stop;
    }
  if (end != NULL)
    *end = text + len;
  return TRUE;
}

/**
 * rubric_utf8_describe_invalid:
 * @text: a line of JSON or a cell
 * @invalid: where rubric_utf8_validate_len() found @text stops being valid
 * @in_cell: whether @text is a cell (else a line)
 *
 * What stops @text being read, for a message. A NUL is named as such:
 * it is valid UTF-8, but no text Rubric reads may hold one.
 *
 * Returns: (transfer full): the description
 */
char *
rubric_utf8_describe_invalid (const char *text,
                              const char *invalid,
                              gboolean    in_cell)
{
  gsize byte = (gsize) (invalid - text) + 1;

  if (*invalid == '\0')
    return g_strdup_printf (in_cell ? _("a NUL character at byte %zu of the cell")
                                    : _("a NUL character at byte %zu of the line"),
                            byte);
  return g_strdup_printf (in_cell ? _("invalid UTF-8 at byte %zu of the cell")
                                  : _("invalid UTF-8 at byte %zu of the line"),
                          byte);
}

/*
 * Exports must carry text byte for byte: only what JSON requires is
 * escaped ('"', '\\' and control characters); '/' and every non-ASCII
 * character are written as they are.
 */
void
rubric_json_append_string (GString    *out,
                           const char *str,
                           gsize       len)
{
  static const char hex[] = "0123456789abcdef";
  gsize start = 0;

  /* Room for the string as it is; escapes grow it as they come. */
  if (out->allocated_len < out->len + len + 2)
    {
      gsize at = out->len;

      g_string_set_size (out, at + len + 2);
      g_string_truncate (out, at);
    }
  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c;
      const char *esc = NULL;

      /* Eight bytes at a time while none needs escaping: most text is
       * plain, and this is where an export spends its time. */
      while (i + 8 <= len && !needs_escape (str + i))
        i += 8;
      if (i >= len)
        break;
      c = (guchar) str[i];
      if (G_LIKELY (c >= 0x20 && c != '"' && c != '\\'))
        continue;

      g_string_append_len (out, str + start, i - start);
      start = i + 1;

      switch (c)
        {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default: break;
        }

      if (esc != NULL)
        {
          g_string_append (out, esc);
        }
      else
        {
          char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xf], 0 };
          g_string_append_len (out, u, 6);
        }
    }
  g_string_append_len (out, str + start, len - start);
  g_string_append_c (out, '"');
}

void
rubric_json_append_cstring (GString    *out,
                            const char *str)
{
  if (str == NULL)
    g_string_append (out, "null");
  else
    rubric_json_append_string (out, str, strlen (str));
}

static void
append_object (GString     *out,
               json_object *value)
{
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  json_object_object_foreach (value, key, member)
    {
      rubric_json_append_key (out, &first, key);
      rubric_json_append_value (out, member);
    }
  g_string_append_c (out, '}');
}

static void
append_array (GString     *out,
              json_object *value)
{
  gsize n = json_object_array_length (value);

  g_string_append_c (out, '[');
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      rubric_json_append_value (out, json_object_array_get_idx (value, i));
    }
  g_string_append_c (out, ']');
}

/* Strings go through our own escaper; json-c keeps the source text of
 * numbers, so those come back as they were written. */
static void
append_int (GString *out,
            gint64   value)
{
  char digits[24];
  int i = sizeof digits;
  guint64 magnitude = value < 0 ? -(guint64) value : (guint64) value;

  do
    digits[--i] = (char) ('0' + magnitude % 10);
  while ((magnitude /= 10) > 0);
  if (value < 0)
    digits[--i] = '-';
  g_string_append_len (out, digits + i, sizeof digits - i);
}

void
rubric_json_append_value (GString     *out,
                          json_object *value)
{
  switch (json_object_get_type (value))
    {
    case json_type_null:
      g_string_append (out, "null");
      break;
    case json_type_string:
      rubric_json_append_string (out,
                                 json_object_get_string (value),
                                 json_object_get_string_len (value));
      break;
    case json_type_object:
      append_object (out, value);
      break;
    case json_type_array:
      append_array (out, value);
      break;
    case json_type_boolean:
      g_string_append (out, json_object_get_boolean (value) ? "true" : "false");
      break;
    case json_type_int:
      append_int (out, json_object_get_int64 (value));
      break;
    case json_type_double:
    default:
      /* As the file wrote it, where json-c kept that. */
      g_string_append (out, json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
      break;
    }
}

void
rubric_json_append_key (GString    *out,
                        gboolean   *first,
                        const char *key)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  rubric_json_append_cstring (out, key);
  g_string_append_c (out, ':');
}

json_object *
rubric_json_get_typed (json_object *object,
                       const char  *key,
                       json_type    type)
{
  json_object *value = NULL;

  if (object == NULL || !json_object_is_type (object, json_type_object))
    return NULL;
  if (!json_object_object_get_ex (object, key, &value))
    return NULL;
  if (!json_object_is_type (value, type))
    return NULL;
  return value;
}

/**
 * rubric_json_list_keys:
 * @most: how many to name before “…”; 0 names them all
 *
 * Returns: (transfer full): @object's keys, quoted, as “a”, “b”, “c”:
 *   for a message that says what a record or a row holds
 */
char *
rubric_json_list_keys (json_object *object,
                       guint        most)
{
  GString *out = g_string_new (NULL);
  guint n = 0;

  json_object_object_foreach (object, key, value)
    {
      (void) value;
      if (most > 0 && n == most)
        {
          g_string_append (out, ", …");
          break;
        }
      g_string_append_printf (out, "%s“%s”", n++ > 0 ? ", " : "", key);
    }
  return g_string_free (out, FALSE);
}

const char *
rubric_json_get_string (json_object *object,
                        const char  *key)
{
  json_object *value = rubric_json_get_typed (object, key, json_type_string);

  return value != NULL ? json_object_get_string (value) : NULL;
}

/**
 * rubric_json_type_label:
 * @value: (nullable): any value; %NULL is JSON's null
 * @plain: name a list and a string as a dataset's reader knows them
 *   ("a list", "text") rather than in JSON's terms ("an array", "a
 *   string")
 *
 * Returns: the kind of @value, for messages such as "must be an
 *   object, not a number"
 */
const char *
rubric_json_type_label (json_object *value,
                        gboolean     plain)
{
  switch (json_object_get_type (value))
    {
    case json_type_null: return "null";
     /* Translators: this and the next few name the kind of a JSON value in
     * messages such as “must be an object, not %s”. */
    case json_type_boolean: return _("a boolean");
    case json_type_double:
    case json_type_int: return _("a number");
    case json_type_object: return _("an object");
    case json_type_array: return plain ? _("a list") : _("an array");
    case json_type_string: return plain ? _("text") : _("a string");
    default: return _("something else");
    }
}

/**
 * rubric_json_append_number:
 *
 * A figure to six significant digits with JSON's decimal point; null
 * when it has no value (NaN) or none that JSON can hold.
 */
void
rubric_json_append_number (GString *out,
                           double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value) || isinf (value))
    g_string_append (out, "null");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

void
rubric_json_append_figure (GString    *out,
                           gboolean   *first,
                           const char *key,
                           double      value)
{
  rubric_json_append_key (out, first, key);
  rubric_json_append_number (out, value);
}

void
rubric_json_append_count (GString    *out,
                          gboolean   *first,
                          const char *key,
                          guint64     value)
{
  rubric_json_append_key (out, first, key);
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, value);
}

static gsize
skip_space (const char *text,
            gsize       len,
            gsize       i)
{
  while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r'))
    i++;
  return i;
}

/* The end of the string that opens at @i, just past its closing quote;
 * @len when it does not close. */
static gsize
skip_string (const char *text,
             gsize       len,
             gsize       i)
{
  for (i++; i < len; i++)
    {
      if (text[i] == '\\')
        i++;
      else if (text[i] == '"')
        return i + 1;
    }
  return len;
}

static gsize
skip_value (const char *text,
            gsize       len,
            gsize       i)
{
  guint depth = 0;

  if (i < len && text[i] == '"')
    return skip_string (text, len, i);
  for (; i < len; i++)
    {
      char c = text[i];

      if (c == '"')
        {
          i = skip_string (text, len, i) - 1;
          continue;
        }
      if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return i;
          if (--depth == 0)
            return i + 1;
        }
      else if (depth == 0 && (c == ',' || c == ' ' || c == '\t' || c == '\n' || c == '\r'))
        return i;
    }
  return i;
}

/**
 * rubric_json_find_member:
 * @text: one JSON object, as written (already known to parse)
 * @key: the member wanted, as it is spelled without escapes
 * @start: (out): where its value begins in @text
 * @end: (out): just past its value
 *
 * Finds the text of a top-level member's value as it stands in @text,
 * so that it can be kept byte for byte instead of re-escaped. A key
 * written with escapes is not found: fall back to the parsed value.
 *
 * Returns: whether the member was found
 */
gboolean
rubric_json_find_member (const char *text,
                         gsize       len,
                         const char *key,
                         gsize      *start,
                         gsize      *end)
{
  gsize key_len = strlen (key);
  gsize i = skip_space (text, len, 0);

  if (i >= len || text[i] != '{')
    return FALSE;
  for (i++;;)
    {
      gsize key_start, key_end, value_start;

      i = skip_space (text, len, i);
      if (i >= len || text[i] != '"')
        return FALSE;
      key_start = i + 1;
      key_end = skip_string (text, len, i);
      i = skip_space (text, len, key_end);
      if (i >= len || text[i] != ':')
        return FALSE;
      value_start = skip_space (text, len, i + 1);
      i = skip_value (text, len, value_start);
      if (key_end - 1 - key_start == key_len && memcmp (text + key_start, key, key_len) == 0)
        {
          *start = value_start;
          *end = i;
          return i > value_start;
        }
      i = skip_space (text, len, i);
      if (i >= len || text[i] != ',')
        return FALSE;
      i++;
    }
}

/**
 * rubric_json_append_strings:
 * @strings: (element-type utf8): written as a JSON array of strings
 */
void
rubric_json_append_strings (GString         *out,
                            const GPtrArray *strings)
{
  g_string_append_c (out, '[');
  for (guint i = 0; strings != NULL && i < strings->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      rubric_json_append_cstring (out, g_ptr_array_index (strings, i));
    }
  g_string_append_c (out, ']');
}

/* Text that is not Unicode ----------------------------------------------- */

typedef struct
{
  gboolean  object;
  gboolean  expect_key;
  gboolean  skip;       /* inside a "meta" member: travels verbatim */
  GString  *key;        /* the member's key, read */
  gsize     index;
} Frame;

static void
frame_clear (Frame *frame)
{
  if (frame->key != NULL)
    g_string_free (frame->key, TRUE);
}

static char *
frames_path (GArray     *frames,
             const char *key)
{
  GString *path = g_string_new (NULL);

  for (guint i = 0; i < frames->len; i++)
    {
      Frame *frame = &g_array_index (frames, Frame, i);

      if (frame->object && frame->key->len > 0 && !(i + 1 == frames->len && key != NULL))
        g_string_append_printf (path, "%s%s", path->len ? "." : "", frame->key->str);
      else if (!frame->object)
        g_string_append_printf (path, "[%zu]", frame->index);
    }
  if (key != NULL)
    g_string_append_printf (path, "%s%s", path->len ? "." : "", key);
  return g_string_free (path, path->len == 0);
}

static int
hex4 (const char *p,
      const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value << 4 | digit;
    }
  return value;
}

/* Scans the string whose opening quote is at *p; leaves *p after its
 * closing quote. Sets *reason at the first escape that is no character:
 * \u0000, or half a surrogate pair. */
static void
scan_string (const char  **p,
             const char   *end,
             GString      *written,
             const char  **reason)
{
  const char *q = *p + 1;

  while (q < end && *q != '"')
    {
      if (*q == '\\' && q + 1 < end)
        {
          if (q[1] == 'u')
            {
              int code = hex4 (q + 2, end);

              if (code == 0 && *reason == NULL)
                *reason = _("contains a NUL character (\\u0000)");
              else if (code >= 0xD800 && code <= 0xDBFF)
                {
                  int low = q + 7 < end && q[6] == '\\' && q[7] == 'u' ? hex4 (q + 8, end) : -1;

                  if (low >= 0xDC00 && low <= 0xDFFF)
                    {
                      if (written != NULL)
                        g_string_append_len (written, q, 12);
                      q += 12;
                      continue;
                    }
                  if (*reason == NULL)
                    *reason = _("contains half a surrogate pair (\\uD800 to \\uDBFF without its second half)");
                }
              else if (code >= 0xDC00 && code <= 0xDFFF && *reason == NULL)
                *reason = _("contains half a surrogate pair (\\uDC00 to \\uDFFF alone)");
            }
          if (written != NULL)
            g_string_append_len (written, q, 2);
          q += 2;
          continue;
        }
      if (written != NULL)
        g_string_append_c (written, *q);
      q++;
    }
  *p = q < end ? q + 1 : end;
}

/**
 * rubric_json_read_key:
 * @key: a key as written between its quotes; on return, as JSON reads
 *   it, escapes and all ("t\u0061sks" is "tasks"; a NUL kept)
 */
void
rubric_json_read_key (GString *key)
{
  g_autofree char *quoted = NULL;
  json_object *value;

  if (memchr (key->str, '\\', key->len) == NULL)
    return;
  quoted = g_strdup_printf ("\"%s\"", key->str);
  value = json_tokener_parse (quoted);
  g_string_truncate (key, 0);
  if (value != NULL && json_object_is_type (value, json_type_string))
    g_string_append_len (key, json_object_get_string (value), json_object_get_string_len (value));
  json_object_put (value);
}

/**
 * rubric_json_find_bad_text:
 * @text: a JSON value, known to parse
 * @reason: (out): what is wrong, when something is
 *
 * Task text is Unicode without NUL. JSON can escape what is neither: a
 * \u0000, or half of a surrogate pair (json-c reads it as U+FFFD, which
 * would make a file's id another in the export). Finds the first such
 * escape outside a member named "meta", which travels verbatim.
 *
 * Returns: (transfer full) (nullable): the path of the field, as
 *   "responses[1].content", or %NULL when all text is good
 */
char *
rubric_json_find_bad_text (const char  *text,
                           gsize        len,
                           const char **reason)
{
  const char *end = text + len;
  const char *p;
  g_autoptr(GArray) frames = NULL;
  char *path = NULL;

  *reason = NULL;
  /* Most texts have no \u escape that could be one: look no further. */
  for (p = memchr (text, '\\', len); p != NULL; p = memchr (p + 2, '\\', end - p - 2 > 0 ? end - p - 2 : 0))
    {
      if (p + 5 < end && p[1] == 'u' &&
          ((p[2] == '0' && p[3] == '0' && p[4] == '0' && p[5] == '0') ||
           ((p[2] == 'd' || p[2] == 'D') && strchr ("89abcdefABCDEF", p[3]) != NULL && p[3] != '\0')))
        break;
      if (end - p < 2)
        {
          p = NULL;
          break;
        }
    }
  if (p == NULL)
    return NULL;

  frames = g_array_new (FALSE, TRUE, sizeof (Frame));
  g_array_set_clear_func (frames, (GDestroyNotify) frame_clear);
  for (p = text; p < end && path == NULL;)
    {
      Frame *top = frames->len ? &g_array_index (frames, Frame, frames->len - 1) : NULL;
      gboolean skip = top != NULL && (top->skip || (top->object && !top->expect_key && strcmp (top->key->str, "meta") == 0));

      switch (*p)
        {
        case '"':
          if (top != NULL && top->object && top->expect_key)
            {
              g_string_truncate (top->key, 0);
              scan_string (&p, end, top->key, reason);
              /* A bad key is named as written: read, it stops at its NUL. */
              if (*reason != NULL && !top->skip)
                path = frames_path (frames, top->key->str);
              rubric_json_read_key (top->key);
            }
          else
            {
              scan_string (&p, end, NULL, reason);
              if (*reason != NULL && !skip)
                path = frames_path (frames, NULL);
            }
          if (*reason != NULL && path == NULL)
            *reason = NULL;   /* in "meta": verbatim */
          continue;

        case '{':
        case '[':
          {
            Frame frame = { *p == '{', *p == '{', skip, g_string_new (NULL), 0 };

            g_array_append_val (frames, frame);
            break;
          }

        case '}':
        case ']':
          if (frames->len > 0)
            g_array_set_size (frames, frames->len - 1);
          break;

        case ':':
          if (top != NULL && top->object)
            top->expect_key = FALSE;
          break;

        case ',':
          if (top != NULL && top->object)
            top->expect_key = TRUE;
          else if (top != NULL)
            top->index++;
          break;

        default:
          break;
        }
      p++;
    }
  if (path == NULL)
    *reason = NULL;
  return path;
}

/**
 * rubric_json_tokener_reset:
 *
 * json_tokener_reset(), and what json-c 0.16's leaves behind: half a
 * surrogate pair read by a parse that stopped (a cut line, a broken
 * escape) stays in the tokener, and the next parse puts a U+FFFD before
 * its first \u escape: "caf\u00e9" read as "caf\uFFFDé", a task whose
 * object is no longer its text. Found by fuzzing.
 */
void
rubric_json_tokener_reset (json_tokener *tok)
{
  json_tokener_reset (tok);
  tok->high_surrogate = 0;
  tok->ucs_char = 0;
}
