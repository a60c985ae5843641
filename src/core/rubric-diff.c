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
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
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

/* Myers' O(ND) diff over tokens [0, n) of a and [0, m) of b. Returns
 * FALSE when there are more edits than MAX_EDITS. */
static gboolean
myers (const char  *a,
       const Token *ta,
       int          n,
       const char  *b,
       const Token *tb,
       int          m,
       RubricDiff  *diff)
{
  int max = MIN (n + m, MAX_EDITS);
  int width = 2 * max + 1;
  g_autofree int *v = g_new0 (int, width + 2);
  GPtrArray *trace = g_ptr_array_new_with_free_func (g_free);
  GArray *removed = g_array_new (FALSE, FALSE, sizeof (int));
  GArray *added = g_array_new (FALSE, FALSE, sizeof (int));
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

  if (found >= 0)
    {
      int x = n, y = m;

      for (int d = found; d > 0; d--)
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
      for (guint i = 0; i < removed->len; i++)
        mark (diff->removed, &diff->n_removed, a, &ta[g_array_index (removed, int, i)]);
      for (guint i = 0; i < added->len; i++)
        mark (diff->added, &diff->n_added, b, &tb[g_array_index (added, int, i)]);
    }

  g_ptr_array_unref (trace);
  g_array_unref (removed);
  g_array_unref (added);
  return found >= 0;
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
  g_autoptr(GArray) ta = tokenize (a);
  g_autoptr(GArray) tb = tokenize (b);
  const Token *xa = (const Token *) ta->data;
  const Token *xb = (const Token *) tb->data;
  guint prefix = 0, suffix = 0;
  int n, m;

  diff->removed = g_array_new (FALSE, FALSE, sizeof (RubricDiffRange));
  diff->added = g_array_new (FALSE, FALSE, sizeof (RubricDiffRange));

  while (prefix < ta->len && prefix < tb->len && same (a, &xa[prefix], b, &xb[prefix]))
    prefix++;
  while (suffix < ta->len - prefix && suffix < tb->len - prefix &&
         same (a, &xa[ta->len - 1 - suffix], b, &xb[tb->len - 1 - suffix]))
    suffix++;
  n = ta->len - prefix - suffix;
  m = tb->len - prefix - suffix;

  if (!myers (a, xa + prefix, n, b, xb + prefix, m, diff))
    {
      for (int i = 0; i < n; i++)
        mark (diff->removed, &diff->n_removed, a, &xa[prefix + i]);
      for (int i = 0; i < m; i++)
        mark (diff->added, &diff->n_added, b, &xb[prefix + i]);
    }
  return diff;
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
