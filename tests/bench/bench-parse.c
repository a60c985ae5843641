/* bench-parse.c — the peer of the convert benchmark: json-c parses each
 * line of a JSONL file, strictly as Rubric's reader does, and throws it
 * away, nothing else. What Rubric's
 * convert does on top of this is the cost of converting and writing.
 *
 *   bench-parse FILE
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
main (int    argc,
      char **argv)
{
  json_tokener *tok = json_tokener_new_ex (64);
  size_t size = 1 << 20, len = 0;
  char *line = malloc (size);
  unsigned long n = 0;
  FILE *file;
  int c;

  /* As strict as Rubric's reader, which takes no JSON5 liberties. */
  json_tokener_set_flags (tok, JSON_TOKENER_STRICT);
  if (argc != 2 || (file = fopen (argv[1], "rb")) == NULL)
    {
      fprintf (stderr, "usage: bench-parse FILE\n");
      return 2;
    }
  while ((c = getc_unlocked (file)) != EOF)
    {
      if (c != '\n')
        {
          if (len + 1 >= size)
            line = realloc (line, size *= 2);
          line[len++] = (char) c;
          continue;
        }
      json_tokener_reset (tok);
      json_object_put (json_tokener_parse_ex (tok, line, (int) len));
      n++;
      len = 0;
    }
  fclose (file);
  free (line);
  json_tokener_free (tok);
  printf ("%lu records parsed\n", n);
  return 0;
}
