/* rubric-cli.c — Rubric without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "rubric-agreement.h"
#include "rubric-assign.h"
#include "rubric-backup.h"
#include "rubric-bias.h"
#include "rubric-atomic-file.h"
#include "rubric-export.h"
#include "rubric-format.h"
#include "rubric-conversion.h"
#include "rubric-grade.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-merge.h"
#include "rubric-review.h"
#include "rubric-report.h"
#include "rubric-stats.h"
#include "rubric-store.h"

#define HELP_WIDTH  80
#define HELP_INDENT 21

static const char usage_commands[] =
  "Usage: rubric-cli COMMAND [OPTION…]\n"
  "\n"
  "Commands:\n"
  "  validate FILE… [READ OPTIONS]         check task files, name their format, print every problem\n"
  "  import FILE [--skip-invalid] [--verify] [READ OPTIONS] [--db PATH]\n"
  "                                        import a task file or a dataset into the workspace\n"
  "  convert INPUT --to FORMAT -o OUT [READ OPTIONS]\n"
  "                                        convert a dataset or task file without a workspace\n"
  "                                        (FORMAT: an export format or rubric-tasks; -o - for stdout)\n"
  "\n"
  "Read options: --from FORMAT (a format read, below), --kind KIND, --map FIELD=COLUMN\n"
  "  (CSV: FIELD is id, prompt, system, response (repeat, in order), chosen, rejected,\n"
  "  answer or label), --labels keep|drop (the dataset's own labels, kept as gold)\n"
  "  export --format FORMAT -o OUT [--db PATH] [--set ID] [--annotator NAME]\n"
  "         [--margin] [--ties drop|unpaired]\n"
  "                                        write annotations in a FORMAT below\n"
  "  grade --tasks TASKS --records RECORDS [--json]\n"
  "                                        grade a records export against the gold answers\n"
  "  grade --tasks TASKS --exam RESULT     check an exam result: its task file, every answer, the score\n"
  "  agreement RECORDS… [--json]           inter-annotator agreement over records exports\n"
  "  bias RECORDS… [--json]                per-annotator bias, speed, gold accuracy, pasting\n"
  "  report RECORDS… -o OUT                agreement, bias and their charts as one HTML file\n"
  "  assign TASKS --annotators N --overlap K -o DIR   split tasks into N files, each task in K\n"
  "  merge RECORDS… --method majority|mean-strength|adjudicated -o OUT --format FORMAT [--tasks TASKS] [--models]\n"
  "                                        merge annotators' records into one judgement a task\n"
  "  review RECORDS… [--db PATH] [-o OUT --format FORMAT [--method METHOD]]\n"
  "                                        open records exports (files or folders) as one review in the\n"
  "                                        workspace; with -o, write it merged, the app's decisions included\n"
  "  stats [--db PATH]                     tasks and annotations by set, kind and state\n"
  "  check [--db PATH]                     run SQLite's integrity check, list the backups\n"
  "  backup [--db PATH]                    back the workspace up now\n"
  "  restore BACKUP [--db PATH]            move the workspace aside, put a backup in its place\n";

static const char usage_end[] =
  "\n"
  "The workspace defaults to $XDG_DATA_HOME/rubric/workspace.db.\n"
  "Run “rubric-cli COMMAND --help” for a command's options.\n";

/* Appends @text at column @column, breaking lines at spaces before
 * HELP_WIDTH and indenting the lines after the first by @indent. */
static void
append_wrapped (GString    *out,
                const char *text,
                guint       column,
                guint       indent)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      guint len = g_utf8_strlen (words[i], -1);

      if (i > 0 && column + 1 + len > HELP_WIDTH)
        {
          g_string_append_printf (out, "\n%*s", indent, "");
          column = indent;
        }
      else if (i > 0)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, words[i]);
      column += len;
    }
  g_string_append_c (out, '\n');
}

/* "  id    text", the text wrapped in a column of its own. */
static void
append_entry (GString    *out,
              const char *id,
              const char *text)
{
  guint width = MAX (strlen (id), HELP_INDENT - 3);

  g_string_append_printf (out, "  %-*s ", (int) width, id);
  append_wrapped (out, text, width + 3, HELP_INDENT);
}

/* "a, b or c": the names of every export format, from their table. */
static char *
export_format_names (void)
{
  guint n;
  const RubricExportWriter *writers = rubric_export_writers (&n);
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (names, i + 1 < n ? ", " : " or ");
      g_string_append (names, writers[i].id);
    }
  return g_string_free (names, FALSE);
}

static void
append_export_formats (GString *out)
{
  guint n;
  const RubricExportWriter *writers = rubric_export_writers (&n);

  g_string_append (out, "\nExport formats (export --format FORMAT):\n");
  for (guint i = 0; i < n; i++)
    append_entry (out, writers[i].id, writers[i].description);
}

/* Every format read, from the readers' table. */
static void
append_task_formats (GString *out)
{
  guint n;
  const RubricFormatReader *readers = rubric_format_readers (&n);

  g_string_append (out, "\nFormats read (validate, import and convert detect them; --from FORMAT names one):\n");
  for (guint i = 0; i < n; i++)
    append_entry (out, readers[i].id, readers[i].label);
}

static void
print_usage (FILE *stream)
{
  g_autoptr(GString) out = g_string_new (usage_commands);

  append_export_formats (out);
  append_task_formats (out);
  g_string_append (out, usage_end);
  fputs (out->str, stream);
}

static char *db_path;

static GOptionEntry db_entries[] = {
  { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, N_("Workspace database"), N_("PATH") },
  { NULL }
};

static gboolean force_output;
static GOptionEntry force_entries[] = {
  { "force", 0, 0, G_OPTION_ARG_NONE, &force_output,
    N_("Replace OUT even if it is not a regular file Rubric may write (a device, a pipe, a read-only file)"), NULL },
  { NULL }
};

static gboolean
parse_options (const char    *command,
               const char    *parameter,
               GOptionEntry  *entries,
               int           *argc,
               char        ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = g_strdup_printf ("rubric-cli %s", command);

  g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* A command that writes a file can be told to replace what is there. */
  for (GOptionEntry *entry = entries; entry != NULL && entry->long_name != NULL; entry++)
    if (g_str_equal (entry->long_name, "output") && entry->arg == G_OPTION_ARG_FILENAME)
      {
        g_option_context_add_main_entries (context, force_entries, GETTEXT_PACKAGE);
        break;
      }
  g_option_context_add_main_entries (context, db_entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("rubric-cli %s: %s\n", command, error->message);
      return FALSE;
    }
  rubric_atomic_file_set_force (force_output);
  return TRUE;
}

static char *
workspace_path (void)
{
  return db_path ? g_strdup (db_path) : rubric_store_default_path ();
}

static RubricStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = workspace_path ();
  RubricStore *store = rubric_store_new (path, &error);

  if (store == NULL)
    g_printerr ("rubric-cli: %s\n", error->message);
  return store;
}

/* For the commands that only read: nothing is created or changed, and a
 * workspace one may not write is read all the same. */
static RubricStore *
open_store_to_read (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = workspace_path ();
  RubricStore *store = rubric_store_open_read_only (path, &error);

  if (store == NULL)
    g_printerr ("rubric-cli: %s\n", error->message);
  return store;
}

/* --from, --kind, --map and --labels, which validate, import and
 * convert share. */
static char *read_from;
static char *read_kind;
static char **read_map;
static char *read_labels;

static GOptionEntry read_entries[] = {
  { "from", 0, 0, G_OPTION_ARG_STRING, &read_from, N_("Read the file as FORMAT rather than detect it"), N_("FORMAT") },
  { "kind", 0, 0, G_OPTION_ARG_STRING, &read_kind, N_("Task kind, where the format leaves it open"), N_("KIND") },
  { "map", 0, 0, G_OPTION_ARG_STRING_ARRAY, &read_map, N_("CSV column of a field (repeat)"), N_("FIELD=COLUMN") },
  { "labels", 0, 0, G_OPTION_ARG_STRING, &read_labels, N_("keep (default) or drop the dataset's labels"), N_("keep|drop") },
  { NULL }
};

static gboolean
read_options (const char        *command,
              RubricReadOptions *options)
{
  static const char *kinds[] = { "write", "compare", "rank", "review", NULL };

  if (read_from != NULL && rubric_format_reader_lookup (read_from) == NULL)
    {
      g_autofree char *json = rubric_format_list_ids (FALSE);
      g_autofree char *csv = rubric_format_list_ids (TRUE);

      g_printerr ("rubric-cli %s: --from must be %s, or for CSV %s; not %s\n", command, json, csv, read_from);
      return FALSE;
    }
  if (read_kind != NULL && !g_strv_contains (kinds, read_kind))
    {
      g_printerr ("rubric-cli %s: --kind must be write, compare, rank or review, not %s\n", command, read_kind);
      return FALSE;
    }
  if (read_labels != NULL && !g_str_equal (read_labels, "keep") && !g_str_equal (read_labels, "drop"))
    {
      g_printerr ("rubric-cli %s: --labels must be keep or drop, not %s\n", command, read_labels);
      return FALSE;
    }
  for (guint i = 0; read_map != NULL && read_map[i] != NULL; i++)
    {
      static const char *fields[] = { "id", "prompt", "system", "response", "chosen", "rejected", "answer", "label", NULL };
      g_autofree char *field = g_strndup (read_map[i], strcspn (read_map[i], "="));

      if (strchr (read_map[i], '=') == NULL || !g_strv_contains (fields, field))
        {
          g_printerr ("rubric-cli %s: --map takes FIELD=COLUMN, FIELD being id, prompt, system, response, "
                      "chosen, rejected, answer or label; not %s\n", command, read_map[i]);
          return FALSE;
        }
    }
  options->from = read_from;
  options->kind = read_kind;
  options->map = (const char * const *) read_map;
  options->drop_labels = g_strcmp0 (read_labels, "drop") == 0;
  return TRUE;
}

static GOptionEntry *
with_read_entries (GOptionEntry *entries)
{
  GArray *all = g_array_new (TRUE, TRUE, sizeof (GOptionEntry));

  for (guint i = 0; entries != NULL && entries[i].long_name != NULL; i++)
    g_array_append_val (all, entries[i]);
  for (guint i = 0; read_entries[i].long_name != NULL; i++)
    g_array_append_val (all, read_entries[i]);
  return (GOptionEntry *) g_array_free (all, FALSE);
}

static void
print_problems (RubricImportResult *result)
{
  for (guint i = 0; result->notes != NULL && result->notes[i] != NULL; i++)
    g_printerr ("%s (left out)\n", result->notes[i]);
  for (guint i = 0; i < result->problems->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (result->problems, i));
  if (result->n_problems > result->problems->len)
    g_printerr ("%s: … and %u more problems\n", result->path, result->n_problems - result->problems->len);
}

static int
cmd_validate (int    argc,
              char **argv)
{
  g_autofree GOptionEntry *entries = with_read_entries (NULL);
  RubricReadOptions options = { 0 };
  int status = 0;

  if (!parse_options ("validate", "FILE…", entries, &argc, &argv) || !read_options ("validate", &options))
    return 2;
  if (argc < 2)
    {
      g_printerr ("rubric-cli validate: name at least one task file\n");
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(RubricImportResult) result = NULL;
      g_autoptr(GError) error = NULL;

      if (rubric_validate_file_full (argv[i], &options, &result, &error))
        {
          g_print ("%s: valid, %u tasks (“%s”), read as %s\n", argv[i], result->n_tasks, result->name,
                   result->format_description);
          print_problems (result);
          continue;
        }
      status = 1;
      if (result != NULL)
        print_problems (result);
      g_printerr ("%s\n", error->message);
    }
  return status;
}

static int
cmd_import (int    argc,
            char **argv)
{
  gboolean skip_invalid = FALSE;
  gboolean verify = FALSE;
  GOptionEntry own_entries[] = {
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid, N_("Import the valid tasks and list the rest"), NULL },
    { "verify", 0, 0, G_OPTION_ARG_NONE, &verify,
      N_("Read a file imported before whole, rather than know it by its size, time and first 64 KiB"), NULL },
    { NULL }
  };
  g_autofree GOptionEntry *entries = with_read_entries (own_entries);
  RubricReadOptions options = { 0 };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!parse_options ("import", "FILE", entries, &argc, &argv) || !read_options ("import", &options))
    return 2;
  if (argc != 2)
    {
      g_printerr ("rubric-cli import: name one task file\n");
      return 2;
    }
  if (!(store = open_store ()))
    return 1;

  ok = rubric_import_file_full (store, argv[1], &options,
                                (skip_invalid ? RUBRIC_IMPORT_SKIP_INVALID : RUBRIC_IMPORT_NONE) |
                                (verify ? RUBRIC_IMPORT_NONE : RUBRIC_IMPORT_TRUST_STAMP),
                                NULL, NULL, NULL, &result, &error);
  if (result != NULL)
    print_problems (result);
  if (!ok)
    {
      g_printerr ("rubric-cli import: %s\n", error->message);
      return 1;
    }
  if (result->reused)
    g_print ("%s was imported before: task set %" G_GINT64_FORMAT " “%s”, %u tasks%s\n",
             argv[1], result->set_id, result->name, result->n_tasks,
             result->unverified ? " (known by its size, time and first 64 KiB; --verify reads it whole)" : "");
  else
    g_print ("Imported %u tasks from %s (%s) into task set %" G_GINT64_FORMAT " “%s”%s\n",
             result->n_tasks, argv[1], result->format_description, result->set_id, result->name,
             result->n_problems ? " (invalid tasks skipped)" : "");
  if (result->n_repeats > 0)
    g_print ("%u of them repeat compare tasks with the sides swapped (repeat_swapped)\n", result->n_repeats);
  return 0;
}

static int
cmd_export (int    argc,
            char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *ties = NULL;
  g_autofree char *format_names = export_format_names ();
  gboolean margin = FALSE;
  gint64 set_id = 0;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, format_names, N_("FORMAT") },
    { "margin", 0, 0, G_OPTION_ARG_NONE, &margin, N_("TRL pairs carry the preference strength as margin"), NULL },
    { "ties", 0, 0, G_OPTION_ARG_STRING, &ties, N_("drop ties (default), or write them to trl-unpaired"), N_("POLICY") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write, - for standard output"), N_("OUT") },
    { "set", 0, 0, G_OPTION_ARG_INT64, &set_id, N_("Only this task set"), N_("ID") },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, N_("Only this annotator"), N_("NAME") },
    { NULL }
  };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  RubricExportOptions options = { 0 };
  RubricExportFormat format;
  guint n = 0;

  if (!parse_options ("export", NULL, entries, &argc, &argv))
    return 2;
  if (!rubric_export_format_from_string (format_name, &format))
    {
      g_printerr ("rubric-cli export: --format must be %s%s%s\n", format_names,
                  format_name ? ", not " : "", format_name ? format_name : "");
      return 2;
    }
  if (ties != NULL && !g_str_equal (ties, "drop") && !g_str_equal (ties, "unpaired"))
    {
      g_printerr ("rubric-cli export: --ties must be drop or unpaired, not %s\n", ties);
      return 2;
    }
  if (output == NULL)
    {
      g_printerr ("rubric-cli export: name the file to write with -o OUT\n");
      return 2;
    }
  if (!(store = open_store_to_read ()))
    return 1;

  options.set_id = set_id;
  options.annotator = annotator;
  options.margin = margin;
  options.ties = g_strcmp0 (ties, "unpaired") == 0 ? RUBRIC_TIES_UNPAIRED : RUBRIC_TIES_DROP;
  if (!rubric_export (store, format, &options, output, NULL, &n, &error))
    {
      g_printerr ("rubric-cli export: %s\n", error->message);
      return 1;
    }
  /* Standard output holds the data: the summary goes beside it. */
  if (g_str_equal (output, "-"))
    g_printerr ("Wrote %u %s lines to standard output\n", n, rubric_export_format_to_string (format));
  else
    g_print ("Wrote %u %s lines to %s\n", n, rubric_export_format_to_string (format), output);
  return 0;
}

static int
cmd_convert (int    argc,
             char **argv)
{
  g_autofree char *to = NULL;
  g_autofree char *output = NULL;
  g_autofree char *ties = NULL;
  g_autofree char *names = export_format_names ();
  g_autofree char *to_help = g_strdup_printf ("%s, or rubric-tasks", names);
  gboolean margin = FALSE;
  gboolean skip_invalid = FALSE;
  GOptionEntry own_entries[] = {
    { "to", 't', 0, G_OPTION_ARG_STRING, &to, to_help, N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write, - for standard output"), N_("OUT") },
    { "margin", 0, 0, G_OPTION_ARG_NONE, &margin, N_("TRL pairs carry the preference strength as margin"), NULL },
    { "ties", 0, 0, G_OPTION_ARG_STRING, &ties, N_("unpaired (default): ties go to trl-unpaired as two good completions; drop"), N_("POLICY") },
    { "skip-invalid", 0, 0, G_OPTION_ARG_NONE, &skip_invalid, N_("Convert the valid records and list the rest"), NULL },
    { NULL }
  };
  g_autofree GOptionEntry *entries = with_read_entries (own_entries);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RubricReadOptions read = { 0 };
  RubricConvertOptions options = { 0 };
  guint n = 0;

  if (!parse_options ("convert", "INPUT", entries, &argc, &argv) || !read_options ("convert", &read))
    return 2;
  if (argc != 2)
    {
      g_printerr ("rubric-cli convert: name one input file (- for standard input)\n");
      return 2;
    }
  if (to == NULL || (!g_str_equal (to, RUBRIC_CONVERT_TASKS) && rubric_export_writer_lookup (to) == NULL))
    {
      g_printerr ("rubric-cli convert: --to must be %s or rubric-tasks%s%s\n", names,
                  to ? ", not " : "", to ? to : "");
      return 2;
    }
  if (ties != NULL && !g_str_equal (ties, "drop") && !g_str_equal (ties, "unpaired"))
    {
      g_printerr ("rubric-cli convert: --ties must be drop or unpaired, not %s\n", ties);
      return 2;
    }
  if (output == NULL)
    {
      g_printerr ("rubric-cli convert: name the file to write with -o OUT (- for standard output)\n");
      return 2;
    }

  options.to = to;
  options.margin = margin;
  options.ties = g_strcmp0 (ties, "drop") == 0 ? RUBRIC_TIES_DROP : RUBRIC_TIES_UNPAIRED;
  options.skip_invalid = skip_invalid;
  if (!rubric_convert_file (argv[1], &read, &options, output, NULL, &n, &result, &error))
    {
      if (result != NULL)
        print_problems (result);
      g_printerr ("rubric-cli convert: %s\n", error->message);
      return 1;
    }
  print_problems (result);
  /* Standard output carries the data; the summary goes beside it. */
  if (g_str_equal (output, "-"))
    g_printerr ("Wrote %u %s lines from %u tasks of %s (%s)\n", n, to, result->n_tasks, argv[1],
                result->format_description);
  else
    g_print ("Wrote %u %s lines to %s from %u tasks of %s (%s)\n", n, to, output, result->n_tasks, argv[1],
             result->format_description);
  return 0;
}

static int
cmd_assign (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  int n_annotators = 0;
  int overlap = 1;
  GOptionEntry own_entries[] = {
    { "annotators", 0, 0, G_OPTION_ARG_INT, &n_annotators, N_("How many annotators (files)"), N_("N") },
    { "overlap", 0, 0, G_OPTION_ARG_INT, &overlap, N_("How many annotators see each task (default 1)"), N_("K") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Directory for DIR/<stem>-01.jsonl…"), N_("DIR") },
    { NULL }
  };
  g_autofree GOptionEntry *entries = with_read_entries (own_entries);
  g_autoptr(RubricImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) written = NULL;
  RubricReadOptions read = { 0 };
  guint n_tasks = 0;

  if (!parse_options ("assign", "TASKS", entries, &argc, &argv) || !read_options ("assign", &read))
    return 2;
  if (argc != 2 || output == NULL)
    {
      g_printerr ("rubric-cli assign: name one task file and the directory to write with -o DIR\n");
      return 2;
    }
  if (n_annotators < 1)
    {
      g_printerr ("rubric-cli assign: --annotators must be at least 1\n");
      return 2;
    }
  if (overlap < 1 || overlap > n_annotators)
    {
      g_printerr ("rubric-cli assign: --overlap must be between 1 and --annotators (%d), not %d\n", n_annotators, overlap);
      return 2;
    }
  if (!rubric_assign_file (argv[1], &read, (guint) n_annotators, (guint) overlap, output, &written, &n_tasks,
                           &result, &error))
    {
      if (result != NULL)
        print_problems (result);
      g_printerr ("rubric-cli assign: %s\n", error->message);
      return 1;
    }
  print_problems (result);
  g_print ("Assigned %u tasks of %s to %d annotators, each task to %d:\n", n_tasks, argv[1], n_annotators, overlap);
  for (guint i = 0; written[i] != NULL; i++)
    g_print ("  %s\n", written[i]);
  return 0;
}

/* The header of a task file: its settings and rubric ({} if it has none). */
static json_object *
read_header (const char  *path,
             GError     **error)
{
  g_autoptr(RubricTaskReader) reader = rubric_task_reader_new_for_path (path, error);
  json_object *header;

  if (reader == NULL)
    return NULL;
  if (rubric_task_reader_next (reader, NULL, error) == NULL && error != NULL && *error != NULL)
    return NULL;
  header = rubric_task_reader_get_header (reader);
  return header != NULL ? json_object_get (header) : json_object_new_object ();
}

static int
cmd_merge (int    argc,
           char **argv)
{
  g_autofree char *method = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *tasks = NULL;
  g_autofree char *names = export_format_names ();
  g_autofree char *format_help = g_strdup_printf ("%s, or rubric-tasks", names);
  g_autoptr(json_object) header = NULL;
  RubricMergeOptions options = { RUBRIC_MERGE_MAJORITY, NULL, FALSE, NULL };
  gboolean models = FALSE;
  GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("majority (default), mean-strength or adjudicated"), N_("METHOD") },
    { "tasks", 0, 0, G_OPTION_ARG_FILENAME, &tasks, N_("The task file, whose settings give the tie rule"), N_("TASKS") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, format_help, N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write, - for standard output"), N_("OUT") },
    { "models", 0, 0, G_OPTION_ARG_NONE, &models, N_("Print each response model's Bradley–Terry strength"), NULL },
    { NULL }
  };
  g_autoptr(RubricMergeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!parse_options ("merge", "RECORDS…", entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("rubric-cli merge: name at least one records export\n");
      return 2;
    }
  if (method != NULL && !rubric_merge_method_from_string (method, &options.method))
    {
      g_printerr ("rubric-cli merge: --method must be majority, mean-strength or adjudicated, not %s\n", method);
      return 2;
    }
  if (tasks != NULL && (header = read_header (tasks, &error)) == NULL)
    {
      g_printerr ("rubric-cli merge: %s\n", error->message);
      return 1;
    }
  if (format == NULL || (!g_str_equal (format, RUBRIC_CONVERT_TASKS) && rubric_export_writer_lookup (format) == NULL))
    {
      g_printerr ("rubric-cli merge: --format must be %s or rubric-tasks%s%s\n", names,
                  format ? ", not " : "", format ? format : "");
      return 2;
    }
  if (output == NULL)
    {
      g_printerr ("rubric-cli merge: name the file to write with -o OUT (- for standard output)\n");
      return 2;
    }
  options.format = format;
  options.models = models;
  options.header = header;
  if (!rubric_merge_files_full ((const char * const *) argv + 1, (guint) argc - 1, &options, output, &n, &report,
                                &error))
    {
      for (guint i = 0; report != NULL && i < report->problems->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (report->problems, i));
      g_printerr ("rubric-cli merge: %s\n", error->message);
      return 1;
    }
  /* Standard output carries the data; the summary goes beside it. */
  {
    FILE *summary = g_str_equal (output, "-") ? stderr : stdout;

    fprintf (summary, "Merged %u records into %u tasks: %u unanimous, %u majority, %u adjudicated, %u unresolved\n",
             report->n_records, report->n_tasks, report->n_unanimous, report->n_majority, report->n_adjudicated,
             report->n_unresolved);
    fprintf (summary, "Wrote %u %s lines to %s\n", n, format, output);
    for (guint i = 0; models && i < report->n_models; i++)
      fprintf (summary, "%s\t%.6f\n", report->models[i], report->strengths[i]);
  }
  return 0;
}

static int
cmd_grade (int    argc,
           char **argv)
{
  g_autofree char *tasks = NULL;
  g_autofree char *records = NULL;
  g_autofree char *exam = NULL;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "tasks", 0, 0, G_OPTION_ARG_FILENAME, &tasks, N_("Task file with gold answers"), N_("TASKS") },
    { "records", 0, 0, G_OPTION_ARG_FILENAME, &records, N_("Export in the records format"), N_("RECORDS") },
    { "exam", 0, 0, G_OPTION_ARG_FILENAME, &exam, N_("Check an exam result the app exported"), N_("RESULT") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { NULL }
  };
  g_autoptr(RubricGradeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!parse_options ("grade", NULL, entries, &argc, &argv))
    return 2;
  if (tasks != NULL && exam != NULL && records == NULL && argc == 1)
    {
      g_autofree char *checked = NULL;

      if (!rubric_grade_check_exam (tasks, exam, &checked, &error))
        {
          if (error == NULL)
            {
              g_printerr ("%s", checked);
              return 1;
            }
          g_printerr ("rubric-cli grade: %s\n", error->message);
          return 1;
        }
      g_print ("%s", checked);
      return 0;
    }
  if (tasks == NULL || records == NULL || argc != 1)
    {
      g_printerr ("rubric-cli grade: name the task file with --tasks TASKS and the records export with --records RECORDS,"
                  " or an exam result with --exam RESULT\n");
      return 2;
    }
  if (!(report = rubric_grade_files (tasks, records, &error)))
    {
      g_printerr ("rubric-cli grade: %s\n", error->message);
      return 1;
    }
  text = json ? rubric_grade_report_to_json (report) : rubric_grade_report_to_text (report);
  g_print ("%s%s", text, json ? "\n" : "");
  return 0;
}

static int
cmd_review (int    argc,
            char **argv)
{
  g_autofree char *method = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *names = export_format_names ();
  g_autofree char *format_help = g_strdup_printf ("%s, or rubric-tasks", names);
  GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("Merge: majority (default), mean-strength or adjudicated"), N_("METHOD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, format_help, N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the merged review to OUT (- for standard output)"), N_("OUT") },
    { NULL }
  };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricReviewImport) result = NULL;
  g_autoptr(RubricMergeReport) report = NULL;
  g_autoptr(GError) error = NULL;
  RubricMergeMethod merge_method = RUBRIC_MERGE_MAJORITY;
  FILE *summary;
  guint n = 0;

  if (!parse_options ("review", "RECORDS…", entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("rubric-cli review: name records exports, or folders of them\n");
      return 2;
    }
  if (method != NULL && !rubric_merge_method_from_string (method, &merge_method))
    {
      g_printerr ("rubric-cli review: --method must be majority, mean-strength or adjudicated, not %s\n", method);
      return 2;
    }
  if ((output == NULL) != (format == NULL) ||
      (format != NULL && !g_str_equal (format, RUBRIC_CONVERT_TASKS) && rubric_export_writer_lookup (format) == NULL))
    {
      g_printerr ("rubric-cli review: a merged review needs -o OUT and --format, one of %s or rubric-tasks\n", names);
      return 2;
    }
  if (!(store = open_store ()))
    return 1;
  if (!rubric_review_import (store, (const char * const *) argv + 1, NULL, &result, &error))
    {
      g_printerr ("rubric-cli review: %s\n", error->message);
      return 1;
    }
  summary = output != NULL && g_str_equal (output, "-") ? stderr : stdout;
  for (guint i = 0; i < result->warnings->len; i++)
    fprintf (stderr, "%s\n", (const char *) g_ptr_array_index (result->warnings, i));
  fprintf (summary, "%s “%s” (set %" G_GINT64_FORMAT "): %u records of %u annotators on %u tasks, %u decisions\n",
           result->reused ? "Back to review" : "Review", result->name, result->set_id, result->n_records,
           result->n_annotators, result->n_tasks, result->n_adjudications);
  if (output == NULL)
    return 0;
  if (!rubric_review_merge (store, result->set_id, merge_method, format, output, &n, &report, &error))
    {
      g_printerr ("rubric-cli review: %s\n", error->message);
      return 1;
    }
  fprintf (summary, "Merged into %u tasks: %u unanimous, %u majority, %u adjudicated, %u unresolved\n",
           report->n_tasks, report->n_unanimous, report->n_majority, report->n_adjudicated, report->n_unresolved);
  fprintf (summary, "Wrote %u %s lines to %s\n", n, format, output);
  return 0;
}

static int
cmd_agreement (int    argc,
               char **argv)
{
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { NULL }
  };
  g_autoptr(RubricAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!parse_options ("agreement", "RECORDS…", entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("rubric-cli agreement: name one or more records exports (rubric-cli export --format records)\n");
      return 2;
    }
  if (!(agreement = rubric_agreement_from_files ((const char * const *) argv + 1, &error)))
    {
      g_printerr ("rubric-cli agreement: %s\n", error->message);
      return 1;
    }
  if (agreement->n_shared == 0)
    {
      g_printerr ("rubric-cli agreement: fewer than two annotators share a task: there is no agreement to measure"
                  " (%u submitted records of %u annotators on %u tasks)\n",
                  agreement->n_records, agreement->annotators->len, agreement->n_units);
      return 1;
    }
  text = json ? rubric_agreement_to_json (agreement) : rubric_agreement_to_text (agreement);
  g_print ("%s%s", text, json ? "\n" : "");
  return 0;
}

static int
cmd_bias (int    argc,
          char **argv)
{
  gboolean json = FALSE;
  double too_fast = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print the report as JSON"), NULL },
    { "too-fast", 0, 0, G_OPTION_ARG_DOUBLE, &too_fast,
      N_("Submissions faster than this are too fast (default: a quarter of the median time)"), N_("SECONDS") },
    { NULL }
  };
  g_autoptr(RubricBias) bias = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!parse_options ("bias", "RECORDS…", entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("rubric-cli bias: name one or more records exports (rubric-cli export --format records)\n");
      return 2;
    }
  if (!(bias = rubric_bias_from_files_full ((const char * const *) argv + 1, too_fast, &error)))
    {
      g_printerr ("rubric-cli bias: %s\n", error->message);
      return 1;
    }
  if (bias->n_records == 0)
    {
      g_printerr ("rubric-cli bias: no submitted records to measure\n");
      return 1;
    }
  text = json ? rubric_bias_to_json (bias) : rubric_bias_to_text (bias);
  g_print ("%s%s", text, json ? "\n" : "");
  return 0;
}

static int
cmd_report (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("HTML file to write, - for standard output"), N_("OUT") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;

  if (!parse_options ("report", "RECORDS…", entries, &argc, &argv))
    return 2;
  if (argc < 2)
    {
      g_printerr ("rubric-cli report: name one or more records exports (rubric-cli export --format records)\n");
      return 2;
    }
  if (output == NULL)
    {
      g_printerr ("rubric-cli report: name the HTML file to write with -o OUT (- for standard output)\n");
      return 2;
    }
  if (!rubric_report_write_html ((const char * const *) argv + 1, output, &error))
    {
      g_printerr ("rubric-cli report: %s\n", error->message);
      return 1;
    }
  if (!g_str_equal (output, "-"))
    g_print ("Wrote %s from %d records export%s\n", output, argc - 1, argc == 2 ? "" : "s");
  return 0;
}

static int
cmd_stats (int    argc,
           char **argv)
{
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options ("stats", NULL, NULL, &argc, &argv))
    return 2;
  if (!(store = open_store_to_read ()))
    return 1;
  if (!(rows = rubric_stats_by_kind (store, &error)))
    {
      g_printerr ("rubric-cli stats: %s\n", error->message);
      return 1;
    }
  if (rows->len == 0)
    {
      g_print ("The workspace %s has no tasks.\n", rubric_store_get_path (store));
      return 0;
    }
  g_print ("%-4s %-32s %-8s %7s %7s %9s %7s\n", "set", "name", "kind", "tasks", "draft", "submitted", "skipped");
  for (guint i = 0; i < rows->len; i++)
    {
      RubricKindStats *row = g_ptr_array_index (rows, i);

      g_print ("%-4" G_GINT64_FORMAT " %-32.32s %-8s %7u %7u %9u %7u\n", row->set_id, row->set_name,
               rubric_task_kind_to_string (row->kind), row->n_tasks, row->n_draft, row->n_submitted,
               row->n_skipped);
    }
  return 0;
}

static void
print_backups (const char *path)
{
  g_autoptr(GPtrArray) backups = rubric_backup_list (path, NULL);
  g_autofree char *dir = rubric_backup_dir (path);

  if (backups == NULL || backups->len == 0)
    {
      g_print ("No backups in %s\n", dir);
      return;
    }
  g_print ("Backups in %s, newest first:\n", dir);
  for (guint i = 0; i < backups->len; i++)
    {
      RubricBackup *backup = g_ptr_array_index (backups, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (backup->time / G_USEC_PER_SEC);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *when = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *size = g_format_size (backup->size);
      g_autofree char *base = g_path_get_basename (backup->path);

      g_print ("  %s  %9s  %s\n", when, size, base);
    }
}

static int
cmd_check (int    argc,
           char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!parse_options ("check", NULL, NULL, &argc, &argv))
    return 2;
  path = workspace_path ();
  ok = rubric_workspace_check (path, &problems, &error);
  if (error != NULL)
    {
      g_printerr ("rubric-cli check: %s\n", error->message);
      print_backups (path);
      return 1;
    }
  if (ok)
    g_print ("%s: ok\n", path);
  else
    {
      g_print ("%s: damaged\n", path);
      for (guint i = 0; i < problems->len; i++)
        g_print ("  %s\n", (const char *) g_ptr_array_index (problems, i));
    }
  print_backups (path);
  return ok ? 0 : 1;
}

static int
cmd_backup (int    argc,
            char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr(RubricBackup) backup = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options ("backup", NULL, NULL, &argc, &argv))
    return 2;
  path = workspace_path ();
  if (!(backup = rubric_backup_make (path, g_get_real_time (), &error)))
    {
      g_printerr ("rubric-cli backup: %s\n", error->message);
      return 1;
    }
  rubric_backup_prune (path, g_get_real_time ());
  g_print ("Backed up %s to %s\n", path, backup->path);
  return 0;
}

static int
cmd_restore (int    argc,
             char **argv)
{
  g_autofree char *path = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options ("restore", "BACKUP", NULL, &argc, &argv))
    return 2;
  if (argc != 2)
    {
      g_printerr ("rubric-cli restore: name one backup (rubric-cli check lists them)\n");
      return 2;
    }
  path = workspace_path ();
  if (!rubric_workspace_restore (path, argv[1], g_get_real_time (), &aside, &error))
    {
      g_printerr ("rubric-cli restore: %s\n", error->message);
      return 1;
    }
  if (aside != NULL)
    g_print ("Moved the workspace aside to %s\n", aside);
  g_print ("Restored %s from %s\n", path, argv[1]);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int, char **);
  } commands[] = {
    { "validate", cmd_validate },
    { "import", cmd_import },
    { "export", cmd_export },
    { "convert", cmd_convert },
    { "assign", cmd_assign },
    { "merge", cmd_merge },
    { "grade", cmd_grade },
    { "agreement", cmd_agreement },
    { "bias", cmd_bias },
    { "report", cmd_report },
    { "review", cmd_review },
    { "stats", cmd_stats },
    { "check", cmd_check },
    { "backup", cmd_backup },
    { "restore", cmd_restore },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("rubric-cli %s\n", PACKAGE_VERSION);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        return commands[i].run (argc - 1, argv + 1);
    }
  g_printerr ("rubric-cli: “%s” is not a command\n\n", argv[1]);
  print_usage (stderr);
  return 2;
}
