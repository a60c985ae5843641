/* rubric-diff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-diff"

#include "config.h"

#include <string.h>

#include "rubric-diff.h"

/* Beyond this many edits the middle is simply marked as changed: the
 * texts differ throughout and a finer answer helps nobody. */
#define MAX_EDITS 1500

typedef struct
{
  gsize  start;
  gsize  len;
  guint  hash;
  gboolean space;
} Token;

static GArray *
tokenize (const char *text)
{
  /* Never empty-handed: an empty array's data is NULL, and the callers
   * take offsets from it. */
  GArray *tokens = g_array_sized_new (FALSE, FALSE, sizeof (Token), 16);
  const char *p = text;

  while (*p != '\0')
    {
      Token token = { p - text, 0, 5381, FALSE };
      gunichar c = g_utf8_get_char (p);
      const char *q = g_utf8_next_char (p);

      if (g_unichar_isalnum (c) || c == '_')
        {
          while (*q && (g_unichar_isalnum (g_utf8_get_char (q)) || *q == '_'))
            q = g_utf8_next_char (q);
        }
      else if (g_unichar_isspace (c))
        {
          token.space = TRUE;
          while (*q && g_unichar_isspace (g_utf8_get_char (q)))
            q = g_utf8_next_char (q);
        }
      token.len = q - p;
      for (const char *r = p; r < q; r++)
        token.hash = token.hash * 33 + (guchar) *r;
      g_array_append_val (tokens, token);
      p = q;
    }
  return tokens;
}

static gboolean
same (const char  *a,
      const Token *ta,
      const char  *b,
      const Token *tb)
{
  return ta->hash == tb->hash && ta->len == tb->len && memcmp (a + ta->start, b + tb->start, ta->len) == 0;
}

static void
mark (GArray      *ranges,
      guint       *count,
      const char  *text,
      const Token *token)
{
  RubricDiffRange range = { token->start, token->start + token->len };

  if (token->space)
    return;
  (*count)++;
  /* Neighbouring changes, with only space between, read as one. */
  if (ranges->len > 0)
    {
      RubricDiffRange *last = &g_array_index (ranges, RubricDiffRange, ranges->len - 1);
      gboolean gap_is_space = TRUE;

      for (gsize i = last->end; i < range.start && gap_is_space; i++)
        gap_is_space = g_ascii_isspace (text[i]);
      if (gap_is_space)
        {
          last->end = MAX (last->end, range.end);
          last->start = MIN (last->start, range.start);
          return;
        }
    }
  g_array_append_val (ranges, range);
}

/* Myers' O(ND) diff over tokens [0, n) of a and [0, m) of b: the
 * indices of the tokens removed from a and added in b, in order.
 * Returns FALSE when there are more edits than MAX_EDITS. */
static gboolean
myers (const char  *a,
       const Token *ta,
       int          n,
       const char  *b,
       const Token *tb,
       int          m,
       GArray      *removed,
       GArray      *added)
{
  int max = MIN (n + m, MAX_EDITS);
  int width = 2 * max + 1;
  g_autofree int *v = g_new0 (int, width + 2);
  g_autoptr(GPtrArray) trace = g_ptr_array_new_with_free_func (g_free);
  int found = -1;

  for (int d = 0; d <= max && found < 0; d++)
    {
      g_ptr_array_add (trace, g_memdup2 (v, sizeof (int) * (width + 2)));
      for (int k = -d; k <= d; k += 2)
        {
          int x, y;

          if (k == -d || (k != d && v[max + k - 1 + 1] < v[max + k + 1 + 1]))
            x = v[max + k + 1 + 1];
          else
            x = v[max + k - 1 + 1] + 1;
          y = x - k;
          while (x < n && y < m && same (a, &ta[x], b, &tb[y]))
            x++, y++;
          v[max + k + 1] = x;
          if (x >= n && y >= m)
            {
              found = d;
              break;
            }
        }
    }
  if (found < 0)
    return FALSE;

  for (int d = found, x = n, y = m; d > 0; d--)
    {
      int *pv = g_ptr_array_index (trace, d);
      int k = x - y;
      int prev_k = (k == -d || (k != d && pv[max + k - 1 + 1] < pv[max + k + 1 + 1])) ? k + 1 : k - 1;
      int prev_x = pv[max + prev_k + 1];
      int prev_y = prev_x - prev_k;

      while (x > prev_x && y > prev_y)
        x--, y--;
      if (x == prev_x)
        g_array_prepend_val (added, prev_y);
      else
        g_array_prepend_val (removed, prev_x);
      x = prev_x;
      y = prev_y;
    }
  return TRUE;
}

typedef struct
{
  GArray *ta;
  GArray *tb;
  GArray *removed;   /* token indices into ta */
  GArray *added;     /* token indices into tb */
} Script;

static void
script_clear (Script *script)
{
  g_array_unref (script->ta);
  g_array_unref (script->tb);
  g_array_unref (script->removed);
  g_array_unref (script->added);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Script, script_clear)

/* Common head and tail first; Myers for the middle, or all of the
 * middle as changed when it differs throughout. */
static void
compute_script (const char *a,
                const char *b,
                Script     *script)
{
  const Token *xa, *xb;
  guint prefix = 0, suffix = 0;
  int n, m;

  script->ta = tokenize (a);
  script->tb = tokenize (b);
  script->removed = g_array_new (FALSE, FALSE, sizeof (int));
  script->added = g_array_new (FALSE, FALSE, sizeof (int));
  xa = (const Token *) script->ta->data;
  xb = (const Token *) script->tb->data;

  while (prefix < script->ta->len && prefix < script->tb->len && same (a, &xa[prefix], b, &xb[prefix]))
    prefix++;
  while (suffix < script->ta->len - prefix && suffix < script->tb->len - prefix &&
         same (a, &xa[script->ta->len - 1 - suffix], b, &xb[script->tb->len - 1 - suffix]))
    suffix++;
  n = script->ta->len - prefix - suffix;
  m = script->tb->len - prefix - suffix;

  if (!myers (a, xa + prefix, n, b, xb + prefix, m, script->removed, script->added))
    {
      g_array_set_size (script->removed, 0);
      g_array_set_size (script->added, 0);
      for (int i = 0; i < n; i++)
        g_array_append_val (script->removed, i);
      for (int i = 0; i < m; i++)
        g_array_append_val (script->added, i);
    }
  for (guint i = 0; i < script->removed->len; i++)
    g_array_index (script->removed, int, i) += prefix;
  for (guint i = 0; i < script->added->len; i++)
    g_array_index (script->added, int, i) += prefix;
}

/**
 * rubric_diff_words:
 *
 * Finds the words removed from @a and added in @b.
 *
 * Returns: (transfer full): the changed byte ranges of both texts
 */
RubricDiff *
rubric_diff_words (const char *a,
                   const char *b)
{
  RubricDiff *diff = g_new0 (RubricDiff, 1);
  g_auto(Script) script = { 0 };

  diff->removed = g_array_new (FALSE, FALSE, sizeof (RubricDiffRange));
  diff->added = g_array_new (FALSE, FALSE, sizeof (RubricDiffRange));
  compute_script (a, b, &script);
  for (guint i = 0; i < script.removed->len; i++)
    mark (diff->removed, &diff->n_removed, a,
          &g_array_index (script.ta, Token, g_array_index (script.removed, int, i)));
  for (guint i = 0; i < script.added->len; i++)
    mark (diff->added, &diff->n_added, b,
          &g_array_index (script.tb, Token, g_array_index (script.added, int, i)));
  return diff;
}

static void
add_op (GArray           *ops,
        RubricDiffOpType  type,
        const Token      *token)
{
  RubricDiffOp *last = ops->len ? &g_array_index (ops, RubricDiffOp, ops->len - 1) : NULL;
  RubricDiffOp op = { type, token->start, token->start + token->len };

  if (last != NULL && last->type == type && last->end == op.start)
    last->end = op.end;
  else
    g_array_append_val (ops, op);
}

/**
 * rubric_diff_ops:
 *
 * The edit script from @a to @b, in order: what stays, what goes and
 * what comes, so both can be shown in one text.
 *
 * Returns: (transfer full) (element-type RubricDiffOp): the operations
 */
GArray *
rubric_diff_ops (const char *a,
                 const char *b)
{
  GArray *ops = g_array_new (FALSE, FALSE, sizeof (RubricDiffOp));
  g_auto(Script) script = { 0 };
  guint i = 0, j = 0, r = 0, s = 0;

  compute_script (a, b, &script);
  while (i < script.ta->len || j < script.tb->len)
    {
      if (r < script.removed->len && (guint) g_array_index (script.removed, int, r) == i)
        add_op (ops, RUBRIC_DIFF_DELETE, &g_array_index (script.ta, Token, i++)), r++;
      else if (s < script.added->len && (guint) g_array_index (script.added, int, s) == j)
        add_op (ops, RUBRIC_DIFF_INSERT, &g_array_index (script.tb, Token, j++)), s++;
      else
        {
          add_op (ops, RUBRIC_DIFF_EQUAL, &g_array_index (script.tb, Token, j++));
          i++;
        }
    }
  return ops;
}

void
rubric_diff_free (RubricDiff *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->removed);
  g_array_unref (self->added);
  g_free (self);
}
