/* test-sha256.c — the hardware SHA-256 against GChecksum's and the
 * published test vectors, fed in pieces of every awkward size
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-hasher.h"
#include "rubric-sha256.h"

static char *
digest_in_pieces (const guint8 *data,
                  gsize         len,
                  GRand        *rand)
{
  g_autoptr(RubricSha256) sha = rubric_sha256_new ();
  gsize at = 0;

  while (at < len)
    {
      /* MIN() evaluates its arguments twice. */
      gsize piece = g_rand_int_range (rand, 0, 200);

      piece = MIN (len - at, piece);

      rubric_sha256_update (sha, data + at, piece);
      at += piece;
    }
  return g_strdup (rubric_sha256_get_string (sha));
}

static void
test_vectors (void)
{
  static const struct { const char *text; const char *digest; } vectors[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  };

  if (!rubric_sha256_is_fast ())
    g_test_message ("this processor has no SHA extensions: GChecksum is what is tested");
  for (guint i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(RubricSha256) sha = rubric_sha256_new ();

      rubric_sha256_update (sha, vectors[i].text, strlen (vectors[i].text));
      g_assert_cmpstr (rubric_sha256_get_string (sha), ==, vectors[i].digest);
      /* Asked again, the same. */
      g_assert_cmpstr (rubric_sha256_get_string (sha), ==, vectors[i].digest);
    }
}

/* A million "a": the long vector, in 1000-byte pieces. */
static void
test_million (void)
{
  g_autoptr(RubricSha256) sha = rubric_sha256_new ();
  char piece[1000];

  memset (piece, 'a', sizeof piece);
  for (guint i = 0; i < 1000; i++)
    rubric_sha256_update (sha, piece, sizeof piece);
  g_assert_cmpstr (rubric_sha256_get_string (sha), ==,
                   "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* Every length around the block and padding edges, and random data of
 * random lengths in random pieces, agree with GChecksum. */
static void
test_against_gchecksum (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261201);
  g_autofree guint8 *data = g_malloc (70000);

  for (gsize i = 0; i < 70000; i++)
    data[i] = (guint8) g_rand_int (rand);
  for (gsize len = 0; len < 300 + 400; len++)
    {
      gsize n = len < 300 ? len : (gsize) g_rand_int_range (rand, 300, 70000);
      g_autofree char *ours = digest_in_pieces (data, n, rand);
      g_autofree char *glib = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, n);

      g_assert_cmpstr (ours, ==, glib);
    }
}

/* The stream hasher gives the same digest with and without its thread. */
static void
test_hasher (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree guint8 *data = g_malloc (1 << 20);
  g_autoptr(RubricHasher) hasher = rubric_hasher_new ();
  g_autofree char *glib = NULL;

  for (gsize i = 0; i < (1 << 20); i++)
    data[i] = (guint8) g_rand_int (rand);
  for (gsize at = 0; at < (1 << 20); at += 65536)
    rubric_hasher_update (hasher, data + at, 65536);
  glib = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, 1 << 20);
  g_assert_cmpstr (rubric_hasher_finish (hasher), ==, glib);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sha256/vectors", test_vectors);
  g_test_add_func ("/sha256/million", test_million);
  g_test_add_func ("/sha256/against-gchecksum", test_against_gchecksum);
  g_test_add_func ("/sha256/hasher", test_hasher);

  return g_test_run ();
}
