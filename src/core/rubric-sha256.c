/* rubric-sha256.c — SHA-256 with the processor's SHA instructions
 *
 * A task file is known by the SHA-256 of its bytes. GLib's is portable
 * C: on a file of 250 MB it took a fifth of an import's processor time
 * and as long as reading the file. Most x86-64 processors since 2017
 * compute the rounds in hardware (the SHA extensions); there the blocks
 * go through them, several times faster. Anywhere else, GChecksum does
 * the work, and the digest is the same either way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "rubric-sha256.h"

#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_SHA_NI 1
#include <cpuid.h>
#include <immintrin.h>
#endif

#define BLOCK 64

struct _RubricSha256
{
  GChecksum *fallback;     /* without the SHA extensions */
  guint32    state[8];
  guint8     pending[BLOCK];
  gsize      n_pending;
  guint64    total;
  char      *digest;
};

#ifdef HAVE_SHA_NI

static const guint32 K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* The SHA extensions, and the SSSE3 and SSE4.1 shuffles around them. */
static gboolean
cpu_has_sha (void)
{
  static gsize checked = 0;
  static gboolean has;

  if (g_once_init_enter (&checked))
    {
      unsigned int a, b, c, d;

      has = __get_cpuid (1, &a, &b, &c, &d) && (c & bit_SSSE3) && (c & bit_SSE4_1) &&
            __get_cpuid_count (7, 0, &a, &b, &c, &d) && (b & bit_SHA) &&
            g_getenv ("RUBRIC_SHA256_PORTABLE") == NULL;
      g_once_init_leave (&checked, 1);
    }
  return has;
}

/* The rounds of @n blocks. The eight words are held as two vectors,
 * ABEF and CDGH, the order sha256rnds2 takes them in; each of its calls
 * does two rounds. The message schedule is four vectors of four words,
 * each group of four words made from the four before it. */
__attribute__((target ("sha,sse4.1,ssse3")))
static void
compress_sha_ni (guint32      state[8],
                 const guint8 *data,
                 gsize         n)
{
  const __m128i big_endian = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i abcd = _mm_loadu_si128 ((const __m128i *) &state[0]);
  __m128i efgh = _mm_loadu_si128 ((const __m128i *) &state[4]);
  __m128i abef, cdgh;

  abcd = _mm_shuffle_epi32 (abcd, 0xb1);                 /* b a d c */
  efgh = _mm_shuffle_epi32 (efgh, 0x1b);                 /* h g f e */
  abef = _mm_alignr_epi8 (abcd, efgh, 8);                /* f e b a */
  cdgh = _mm_blend_epi16 (efgh, abcd, 0xf0);             /* h g d c */

  for (; n > 0; n--, data += BLOCK)
    {
      __m128i saved_abef = abef, saved_cdgh = cdgh;
      __m128i w[4];

#pragma GCC unroll 16
      for (guint g = 0; g < 16; g++)
        {
          __m128i *now = &w[g % 4];
          __m128i k;

          if (g < 4)
            *now = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (data + 16 * g)), big_endian);
          else
            {
              /* W[t] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16] */
              __m128i before = _mm_sha256msg1_epu32 (*now, w[(g + 1) % 4]);

              before = _mm_add_epi32 (before, _mm_alignr_epi8 (w[(g + 3) % 4], w[(g + 2) % 4], 4));
              *now = _mm_sha256msg2_epu32 (before, w[(g + 3) % 4]);
            }
          k = _mm_add_epi32 (*now, _mm_loadu_si128 ((const __m128i *) &K[4 * g]));
          cdgh = _mm_sha256rnds2_epu32 (cdgh, abef, k);
          /* Two rounds on: the old ABEF is the new CDGH. */
          abef = _mm_sha256rnds2_epu32 (abef, cdgh, _mm_shuffle_epi32 (k, 0x0e));
        }
      abef = _mm_add_epi32 (abef, saved_abef);
      cdgh = _mm_add_epi32 (cdgh, saved_cdgh);
    }

  abef = _mm_shuffle_epi32 (abef, 0x1b);                 /* a b e f */
  cdgh = _mm_shuffle_epi32 (cdgh, 0xb1);                 /* g h c d */
  _mm_storeu_si128 ((__m128i *) &state[0], _mm_blend_epi16 (abef, cdgh, 0xf0));
  _mm_storeu_si128 ((__m128i *) &state[4], _mm_alignr_epi8 (cdgh, abef, 8));
}

#endif

RubricSha256 *
rubric_sha256_new (void)
{
  static const guint32 initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };
  RubricSha256 *self = g_new0 (RubricSha256, 1);

  if (!rubric_sha256_is_fast ())
    self->fallback = g_checksum_new (G_CHECKSUM_SHA256);
  memcpy (self->state, initial, sizeof initial);
  return self;
}

/**
 * rubric_sha256_is_fast:
 *
 * Whether the processor computes the rounds: hashing is then cheap
 * enough to do where the bytes are read.
 */
gboolean
rubric_sha256_is_fast (void)
{
#ifdef HAVE_SHA_NI
  return cpu_has_sha ();
#else
  return FALSE;
#endif
}

void
rubric_sha256_update (RubricSha256 *self,
                      const void   *data,
                      gsize         len)
{
  const guint8 *bytes = data;

  g_return_if_fail (self != NULL && self->digest == NULL);

  if (self->fallback != NULL)
    {
      while (len > 0)
        {
          /* GChecksum takes a gssize. */
          gsize piece = MIN (len, (gsize) G_MAXSSIZE);

          g_checksum_update (self->fallback, bytes, piece);
          bytes += piece;
          len -= piece;
        }
      return;
    }
#ifdef HAVE_SHA_NI
  self->total += len;
  if (self->n_pending > 0)
    {
      gsize take = MIN (len, BLOCK - self->n_pending);

      memcpy (self->pending + self->n_pending, bytes, take);
      self->n_pending += take;
      bytes += take;
      len -= take;
      if (self->n_pending < BLOCK)
        return;
      compress_sha_ni (self->state, self->pending, 1);
      self->n_pending = 0;
    }
  if (len >= BLOCK)
    {
      compress_sha_ni (self->state, bytes, len / BLOCK);
      bytes += len / BLOCK * BLOCK;
      len %= BLOCK;
    }
  memcpy (self->pending, bytes, len);
  self->n_pending = len;
#endif
}

/**
 * rubric_sha256_get_string:
 *
 * Returns: the digest in lowercase hexadecimal, as GChecksum writes it;
 *   owned by @self, which takes nothing more
 */
const char *
rubric_sha256_get_string (RubricSha256 *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->digest != NULL)
    return self->digest;
  if (self->fallback != NULL)
    {
      self->digest = g_strdup (g_checksum_get_string (self->fallback));
      return self->digest;
    }
#ifdef HAVE_SHA_NI
  {
    guint64 bits = self->total * 8;
    guint8 tail[2 * BLOCK] = { 0 };
    gsize n = self->n_pending;
    gsize tail_len = n + 1 + 8 <= BLOCK ? BLOCK : 2 * BLOCK;
    GString *hex = g_string_sized_new (64);

    memcpy (tail, self->pending, n);
    tail[n] = 0x80;
    for (guint i = 0; i < 8; i++)
      tail[tail_len - 1 - i] = (guint8) (bits >> (8 * i));
    compress_sha_ni (self->state, tail, tail_len / BLOCK);
    for (guint i = 0; i < 8; i++)
      g_string_append_printf (hex, "%08x", self->state[i]);
    self->digest = g_string_free (hex, FALSE);
  }
#endif
  return self->digest;
}

void
rubric_sha256_free (RubricSha256 *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->fallback, g_checksum_free);
  g_free (self->digest);
  g_free (self);
}
