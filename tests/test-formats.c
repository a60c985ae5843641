/* test-formats.c — reading foreign formats: detection, HH, CSV, compression
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-task-reader.h"
#include "test-util.h"

static void
test_hh_realdata (void)
{
  g_autofree char *path = test_realdata_path ("hh-rlhf-harmless-base-test.jsonl");
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *format = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tasks = test_read_tasks (path, NULL, &format, &problems, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (format, ==, "hh");
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (tasks->len, ==, 200);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/formats/hh/realdata", test_hh_realdata);
  return g_test_run ();
}
