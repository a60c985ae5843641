/* rubric-cli.c — Rubric without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "rubric-agreement.h"
#include "rubric-assign.h"
#include "rubric-backup.h"
#include "rubric-bias.h"
#include "rubric-atomic-file.h"
#include "rubric-export.h"
#include "rubric-format.h"
#include "rubric-conversion.h"
#include "rubric-error.h"
#include "rubric-grade.h"
#include "rubric-import.h"
#include "rubric-json.h"
#include "rubric-merge.h"
#include "rubric-review.h"
#include "rubric-report.h"
#include "rubric-stats.h"
#include "rubric-store.h"
#include "rubric-worklog-export.h"
#include "rubric-worklog-report.h"
#include "rubric-worklog.h"

#define HELP_WIDTH  80
#define HELP_INDENT 21

/* Translators: keep the command lines and option names as they are; the
 * descriptions may wrap, indented to the same column. */
static const char usage_commands[] = N_(
  "Usage: rubric-cli COMMAND [OPTION…]\n"
  "\n"
  "Commands:\n"
  "  validate FILE… [READ OPTIONS]         check task files, name their format, print every problem\n"
  "  import FILE [--skip-invalid] [--verify] [READ OPTIONS] [--db PATH]\n"
  "                                        import a task file or a dataset into the workspace\n"
  "  convert INPUT --to FORMAT -o OUT [READ OPTIONS]\n"
  "                                        convert a dataset or task file without a workspace\n"
  "                                        (FORMAT: an export format or rubric-tasks; -o - for stdout)\n"
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
  "  restore BACKUP [--db PATH]            move the workspace aside, put a backup in its place\n");

static const char usage_read_options[] = N_(
  "\n"
  "Read options: --from FORMAT (a format read, below), --kind KIND, --map FIELD=COLUMN\n"
  "  (CSV, or JSON records of no format: FIELD is id, prompt, system, response (repeat,\n"
  "  in order), chosen, rejected, answer or label), --labels keep|drop (the dataset's\n"
  "  own labels, kept as gold)\n");

static const char usage_log_command[] = N_(
  "  log add|edit|delete|list|report|export|import|pay|timer|set-rate|rates [--db PATH]\n"
  "                                        the contractor's work log: hours, earnings, payments\n"
  "                                        and tax-period totals (rubric-cli log --help)\n");

static const char usage_end[] = N_(
  "\n"
  "The workspace defaults to $XDG_DATA_HOME/rubric/workspace.db.\n"
  "Run “rubric-cli COMMAND --help” for a command's options.\n");

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

/* "a, b or c": the names of the export formats, from their table.
 * Convert, merge and review (not @export) write a task file of their
 * own in place of the writers of task files (those with a header). */
static char *
export_format_names (gboolean export)
{
  guint n;
  const RubricExportWriter *writers = rubric_export_writers (&n);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    if (export || writers[i].header == NULL)
      g_ptr_array_add (ids, (gpointer) writers[i].id);
  if (!export)
    g_ptr_array_add (ids, (gpointer) RUBRIC_CONVERT_TASKS);
  for (guint i = 0; i < ids->len; i++)
    {
      if (i > 0)
        g_string_append (names, i + 1 < ids->len ? ", " : " or ");
      g_string_append (names, g_ptr_array_index (ids, i));
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
  g_autoptr(GString) out = g_string_new (_(usage_commands));

  g_string_append (out, _(usage_log_command));
  g_string_append (out, _(usage_read_options));
  append_export_formats (out);
  append_task_formats (out);
  g_string_append (out, _(usage_end));
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

/*
 * SIGINT or SIGTERM during an import: the import stops and removes what
 * it had written (a big file goes in chunks), then the process ends by
 * the signal, as it would have. A second signal ends it at once.
 */
typedef struct
{
  sigset_t      signals;
  GCancellable *cancellable;
  int           received;
} Stopper;

static void
die_by (int signal_number)
{
  sigset_t one;

  signal (signal_number, SIG_DFL);
  sigemptyset (&one);
  sigaddset (&one, signal_number);
  pthread_sigmask (SIG_UNBLOCK, &one, NULL);
  raise (signal_number);
}

static gpointer
stopper_thread (gpointer data)
{
  Stopper *stopper = data;
  int signal_number;

  if (sigwait (&stopper->signals, &signal_number) != 0)
    return NULL;
  g_atomic_int_set (&stopper->received, signal_number);
  g_cancellable_cancel (stopper->cancellable);
  if (sigwait (&stopper->signals, &signal_number) == 0)
    die_by (signal_number);
  return NULL;
}

/* Before any other thread: they all leave the signals to the stopper. */
static void
stopper_start (Stopper *stopper)
{
  sigemptyset (&stopper->signals);
  sigaddset (&stopper->signals, SIGINT);
  sigaddset (&stopper->signals, SIGTERM);
  pthread_sigmask (SIG_BLOCK, &stopper->signals, NULL);
  stopper->cancellable = g_cancellable_new ();
  g_thread_unref (g_thread_new ("rubric-cli-stop", stopper_thread, stopper));
}

static int
cmd_import (int    argc,
            char **argv)
{
  static Stopper stopper;
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
  stopper_start (&stopper);
  if (!(store = open_store ()))
    return 1;

  ok = rubric_import_file_full (store, argv[1], &options,
                                (skip_invalid ? RUBRIC_IMPORT_SKIP_INVALID : RUBRIC_IMPORT_NONE) |
                                (verify ? RUBRIC_IMPORT_NONE : RUBRIC_IMPORT_TRUST_STAMP),
                                stopper.cancellable, NULL, NULL, &result, &error);
  if (g_atomic_int_get (&stopper.received) != 0)
    {
      g_clear_object (&store);
      die_by (g_atomic_int_get (&stopper.received));
    }
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
  g_autofree char *format_names = export_format_names (TRUE);
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
  g_autofree char *names = export_format_names (FALSE);
  gboolean margin = FALSE;
  gboolean skip_invalid = FALSE;
  GOptionEntry own_entries[] = {
    { "to", 't', 0, G_OPTION_ARG_STRING, &to, names, N_("FORMAT") },
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
      g_printerr ("rubric-cli convert: --to must be %s%s%s\n", names,
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
  g_autofree char *names = export_format_names (FALSE);
  g_autoptr(json_object) header = NULL;
  RubricMergeOptions options = { RUBRIC_MERGE_MAJORITY, NULL, FALSE, NULL };
  gboolean models = FALSE;
  GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("majority (default), mean-strength or adjudicated"), N_("METHOD") },
    { "tasks", 0, 0, G_OPTION_ARG_FILENAME, &tasks, N_("The task file, whose settings give the tie rule"), N_("TASKS") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, names, N_("FORMAT") },
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
      g_printerr ("rubric-cli merge: --format must be %s%s%s\n", names,
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
  g_autofree char *names = export_format_names (FALSE);
  GOptionEntry entries[] = {
    { "method", 0, 0, G_OPTION_ARG_STRING, &method, N_("Merge: majority (default), mean-strength or adjudicated"), N_("METHOD") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, names, N_("FORMAT") },
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
      g_printerr ("rubric-cli review: a merged review needs -o OUT and --format, one of %s\n", names);
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

/* The work log (rubric-cli log …). The rules and the formats are the
 * core's (src/core/worklog/); these only read options and print. */

static const char usage_log[] = N_(
  "Usage: rubric-cli log SUBCOMMAND [OPTION…] [--db PATH]\n"
  "\n"
  "The contractor's work log: hours, earnings and payments, kept in the workspace\n"
  "and nowhere else.\n"
  "\n"
  "  add --date YYYY-MM-DD (--start HH:MM --end HH:MM | --hours H [--minutes M])\n"
  "      --platform NAME [--rate R | --amount A] [--currency CODE] [--note TEXT]\n"
  "                          log work done elsewhere: --rate is per hour, --amount a\n"
  "                          fixed sum, neither leaves it unpriced (default currency USD)\n"
  "  edit ID [the options of add] [--no-rate]\n"
  "                          change a manual entry\n"
  "  delete ID | delete --payment ID\n"
  "                          remove a manual entry, or a payment\n"
  "  list [--from DATE] [--to DATE] [--annotator NAME] [--payments] [--json]\n"
  "                          the log by day: the app's sessions and the manual entries\n"
  "                          (or the payments)\n"
  "  report --year Y [--by period|month|payer] [--annotator NAME] [--json]\n"
  "                          totals by estimated-tax period (default), month, or payer\n"
  "                          (earned against paid, per period)\n"
  "  export --format csv|timeclock|timewarrior -o OUT [--from DATE] [--to DATE]\n"
  "                          write the log (-o - for standard output); a new file is\n"
  "                          readable by its owner only\n"
  "  import FILE             read a CSV of “log export” back, all or nothing\n"
  "  pay --date D --payer P --gross G [--fees F | --net N] [--processor X]\n"
  "      [--currency CODE] [--form 1099-NEC|1099-K|none] [--note TEXT]\n"
  "                          record a payment received\n"
  "  timer start [--platform P] [--note N] [--at TIME]\n"
  "  timer stop [--at TIME] [--rate R | --amount A] [--currency CODE]\n"
  "  timer status            time work done elsewhere; stopping makes a manual entry\n"
  "                          (TIME: HH:MM today, or YYYY-MM-DD HH:MM)\n"
  "  set-rate --set ID --payer P (--hourly R | --per-task R | --none) [--currency CODE]\n"
  "      [--from DATE]       who pays for a set's work and how, from now (or DATE) on;\n"
  "                          sessions begun before keep the rate they had\n"
  "  rates [--set ID]        the sets' payers and rates, oldest first\n"
  "\n"
  "Money is written in the currency's own decimals (12.50 USD, 1500 JPY, 1.250 KWD)\n"
  "and is never negative; amounts of different currencies are never added together.\n"
  "In JSON, money is an object of decimal strings by ISO 4217 code ({\"USD\": \"12.50\"})\n"
  "and hours are numbers to the hundredth. Report periods are the US estimated-tax\n"
  "periods, labelled YYYY-P1 to YYYY-P4: P1 January to March (due April 15), P2 April\n"
  "and May (June 15), P3 June to August (September 15), P4 September to December\n"
  "(January 15). Times are local ($TZ); an app session over midnight is split by day.\n"
  "These are record-keeping totals, not tax advice.\n");

static int
log_fail (const char *command,
          GError     *error)
{
  g_printerr ("rubric-cli %s: %s\n", command, error->message);
  return 1;
}

static int
log_usage_error (const char *command,
                 const char *message)
{
  g_printerr ("rubric-cli %s: %s\n", command, message);
  return 2;
}

/* A positional ID. */
static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    return FALSE;
  *id = (gint64) value;
  return TRUE;
}

/* What add and edit take. */
typedef struct
{
  char     *date;
  char     *start;
  char     *end;
  char     *hours;
  char     *minutes;
  char     *platform;
  char     *rate;
  char     *amount;
  char     *currency;
  char     *note;
  gboolean  no_rate;
} EntryOptions;

static void
entry_options_clear (EntryOptions *self)
{
  g_free (self->date);
  g_free (self->start);
  g_free (self->end);
  g_free (self->hours);
  g_free (self->minutes);
  g_free (self->platform);
  g_free (self->rate);
  g_free (self->amount);
  g_free (self->currency);
  g_free (self->note);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (EntryOptions, entry_options_clear)

static GOptionEntry *
entry_option_entries (EntryOptions *o,
                      gboolean      edit)
{
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &o->date, N_("The day worked"), N_("YYYY-MM-DD") },
    { "start", 0, 0, G_OPTION_ARG_STRING, &o->start, N_("Local time the work began"), N_("HH:MM") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &o->end, N_("Local time it ended (24:00 for midnight)"), N_("HH:MM") },
    { "hours", 0, 0, G_OPTION_ARG_STRING, &o->hours, N_("Hours worked, instead of a start and an end"), N_("H") },
    { "minutes", 0, 0, G_OPTION_ARG_STRING, &o->minutes, N_("And minutes"), N_("M") },
    { "platform", 0, 0, G_OPTION_ARG_STRING, &o->platform, N_("Platform or client worked for"), N_("NAME") },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &o->rate, N_("Hourly rate"), N_("R") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &o->amount, N_("A fixed amount for the work"), N_("A") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &o->currency, N_("ISO 4217 code (default USD)"), N_("CODE") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o->note, N_("A note"), N_("TEXT") },
    { "no-rate", 0, 0, G_OPTION_ARG_NONE, &o->no_rate, N_("Leave the entry unpriced"), NULL },
    { NULL }
  };

  /* add has no --no-rate: an entry without a rate is unpriced already. */
  if (!edit)
    memset (&entries[G_N_ELEMENTS (entries) - 2], 0, sizeof (GOptionEntry));
  return g_memdup2 (entries, sizeof entries);
}

/* The options that cannot go together, or are missing: a usage error. */
static const char *
entry_usage_problem (const EntryOptions *o,
                     gboolean            edit)
{
  if (!edit && o->date == NULL)
    return _("say which day with --date YYYY-MM-DD");
  if (!edit && o->platform == NULL)
    return _("say where the work was done with --platform NAME");
  if ((o->start != NULL) != (o->end != NULL))
    return _("--start and --end go together");
  if (o->start != NULL && (o->hours != NULL || o->minutes != NULL))
    return _("give either --start and --end, or --hours and --minutes, not both");
  if (!edit && o->start == NULL && o->hours == NULL && o->minutes == NULL)
    return _("give the time worked: --start and --end, or --hours (and --minutes)");
  if ((o->rate != NULL) + (o->amount != NULL) + o->no_rate > 1)
    return _("give one of --rate (per hour) and --amount (a fixed sum), not both");
  return NULL;
}

static gboolean
parse_whole (const char  *text,
             const char  *option,
             guint64      max,
             guint64     *value,
             GError     **error)
{
  if (text == NULL)
    {
      *value = 0;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, max, value, NULL))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("%s takes a whole number from 0 to %llu, not “%s”"),
                   option, (unsigned long long) max, text);
      return FALSE;
    }
  return TRUE;
}

/* HH:MM of a time on @day, 24:00 for the midnight that ends it. */
static char *
clock_of (gint64      time,
          const char *day)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (time / 1000);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  g_autofree char *local_day = g_date_time_format (local, "%Y-%m-%d");

  if (g_strcmp0 (local_day, day) != 0 && g_date_time_get_hour (local) == 0 && g_date_time_get_minute (local) == 0)
    return g_strdup ("24:00");
  return g_date_time_format (local, "%H:%M");
}

static gboolean
set_entry_times (const EntryOptions  *o,
                 RubricLogEntry      *entry,
                 const char          *old_day,
                 GError             **error)
{
  g_autofree char *start = g_strdup (o->start);
  g_autofree char *end = g_strdup (o->end);
  GDate day;

  if (!rubric_worklog_parse_day (entry->day, &day, error))
    return FALSE;
  /* A timed entry moved to another day keeps its hours. */
  if (start == NULL && entry->started_at != 0 && o->hours == NULL && o->minutes == NULL)
    {
      start = clock_of (entry->started_at, old_day);
      end = clock_of (entry->ended_at, old_day);
    }
  if (start == NULL)
    return TRUE;
  if (!rubric_worklog_local_time (&day, start, &entry->started_at, error) ||
      !rubric_worklog_local_time (&day, end, &entry->ended_at, error))
    return FALSE;
  if (entry->ended_at <= entry->started_at)
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("the end (%s) is not after the start (%s)"), end, start);
      return FALSE;
    }
  entry->duration_ms = entry->ended_at - entry->started_at;
  return TRUE;
}

static gboolean
set_entry_duration (const EntryOptions  *o,
                    RubricLogEntry      *entry,
                    GError             **error)
{
  guint64 hours, minutes;

  if (o->hours == NULL && o->minutes == NULL)
    return TRUE;
  if (!parse_whole (o->hours, "--hours", 24, &hours, error) || !parse_whole (o->minutes, "--minutes", 59, &minutes, error))
    return FALSE;
  if (hours * 60 + minutes == 0 || hours * 60 + minutes > 24 * 60)
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID,
                           _("the time worked must be more than nothing and at most 24 hours"));
      return FALSE;
    }
  entry->started_at = entry->ended_at = 0;
  entry->duration_ms = (gint64) (hours * 60 + minutes) * 60 * 1000;
  return TRUE;
}

/* The new rate, or the old one in another currency. */
static gboolean
set_entry_rate (const EntryOptions  *o,
                RubricLogEntry      *entry,
                GError             **error)
{
  g_autofree char *old_amount = NULL;
  /* rubric_rate_init() clears the rate it fills: the old currency is copied first. */
  g_autofree char *currency = g_strdup (o->currency != NULL ? o->currency
                                        : *entry->rate.currency != '\0' ? entry->rate.currency : "USD");

  if (o->no_rate)
    return rubric_rate_init (&entry->rate, RUBRIC_RATE_NONE, NULL, NULL, error);
  if (o->rate != NULL || o->amount != NULL)
    return rubric_rate_init (&entry->rate, o->rate != NULL ? RUBRIC_RATE_HOURLY : RUBRIC_RATE_AMOUNT,
                             o->rate != NULL ? o->rate : o->amount, currency, error);
  if (o->currency == NULL || entry->rate.kind == RUBRIC_RATE_NONE)
    return TRUE;
  old_amount = rubric_money_format (entry->rate.amount, entry->rate.currency);
  return rubric_rate_init (&entry->rate, entry->rate.kind, old_amount, currency, error);
}

/* @entry, the one to edit or a new one, changed as the options say. */
static gboolean
apply_entry_options (const EntryOptions  *o,
                     RubricLogEntry      *entry,
                     GError             **error)
{
  char old_day[RUBRIC_DAY_LEN];
  GDate day;

  memcpy (old_day, entry->day, sizeof old_day);
  if (o->date != NULL)
    {
      if (!rubric_worklog_parse_day (o->date, &day, error))
        return FALSE;
      rubric_worklog_format_day (&day, entry->day);
    }
  if (o->platform != NULL)
    {
      g_free (entry->platform);
      entry->platform = g_strdup (o->platform);
    }
  if (o->note != NULL)
    {
      g_free (entry->note);
      entry->note = g_strdup (o->note);
    }
  return set_entry_duration (o, entry, error) && set_entry_times (o, entry, old_day, error) &&
         set_entry_rate (o, entry, error) && rubric_log_entry_check (entry, error);
}

static void
print_entry (const char           *verb,
             gint64                id,
             const RubricLogEntry *entry)
{
  g_autofree char *hours = rubric_worklog_format_hours (entry->duration_ms);
  g_autofree char *rate = rubric_rate_to_text (&entry->rate);

  g_print (_("%s manual entry %lld: %s, %s h, %s, %s\n"), verb, (long long) id, entry->day, hours,
           *entry->platform != '\0' ? entry->platform : "—", rate);
}

static int
log_add (int    argc,
         char **argv)
{
  g_auto(EntryOptions) o = { 0 };
  g_autofree GOptionEntry *entries = entry_option_entries (&o, FALSE);
  g_auto(RubricLogEntry) entry = { 0 };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *problem;
  gint64 id;

  if (!parse_options ("log add", NULL, entries, &argc, &argv))
    return 2;
  if (argc != 1)
    return log_usage_error ("log add", _("add takes options only"));
  if ((problem = entry_usage_problem (&o, FALSE)) != NULL)
    return log_usage_error ("log add", problem);
  entry.platform = g_strdup ("");
  entry.note = g_strdup ("");
  /* Everything is checked before the workspace is opened: a mistake
   * writes nothing, not even a new workspace. */
  if (!apply_entry_options (&o, &entry, &error))
    return log_fail ("log add", error);
  if (!(store = open_store ()))
    return 1;
  if ((id = rubric_worklog_add_entry (store, &entry, &error)) == 0)
    return log_fail ("log add", error);
  print_entry (_("Added"), id, &entry);
  return 0;
}

static int
log_edit (int    argc,
          char **argv)
{
  g_auto(EntryOptions) o = { 0 };
  g_autofree GOptionEntry *entries = entry_option_entries (&o, TRUE);
  g_autoptr(RubricLogEntry) entry = NULL;
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  const char *problem;
  gint64 id;

  if (!parse_options ("log edit", "ID", entries, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id))
    return log_usage_error ("log edit", _("name one manual entry by its number (log list shows them)"));
  if ((problem = entry_usage_problem (&o, TRUE)) != NULL)
    return log_usage_error ("log edit", problem);
  if (!(store = open_store ()))
    return 1;
  if (!(entry = rubric_worklog_get_entry (store, id, &error)) || !apply_entry_options (&o, entry, &error) ||
      !rubric_worklog_update_entry (store, entry, &error))
    return log_fail ("log edit", error);
  print_entry (_("Changed"), id, entry);
  return 0;
}

static int
log_delete (int    argc,
            char **argv)
{
  gboolean payment = FALSE;
  GOptionEntry entries[] = {
    { "payment", 0, 0, G_OPTION_ARG_NONE, &payment, N_("Delete a payment rather than a manual entry"), NULL },
    { NULL }
  };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!parse_options ("log delete", "ID", entries, &argc, &argv))
    return 2;
  if (argc != 2 || !parse_id (argv[1], &id))
    return log_usage_error ("log delete", _("name one manual entry (or, with --payment, one payment) by its number"));
  if (!(store = open_store ()))
    return 1;
  if (!(payment ? rubric_worklog_delete_payment (store, id, &error) : rubric_worklog_delete_entry (store, id, &error)))
    return log_fail ("log delete", error);
  g_print (payment ? _("Deleted payment %lld\n") : _("Deleted manual entry %lld\n"), (long long) id);
  return 0;
}

/* --from and --to, checked. */
static gboolean
check_days (const char *command,
            const char *from,
            const char *to)
{
  g_autoptr(GError) error = NULL;
  GDate day;

  if ((from != NULL && !rubric_worklog_parse_day (from, &day, &error)) ||
      (to != NULL && !rubric_worklog_parse_day (to, &day, &error)))
    {
      log_fail (command, error);
      return FALSE;
    }
  return TRUE;
}

static int
log_list (int    argc,
          char **argv)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *annotator = NULL;
  gboolean json = FALSE;
  gboolean payments = FALSE;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day"), N_("YYYY-MM-DD") },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, N_("Only this annotator's sessions"), N_("NAME") },
    { "payments", 0, 0, G_OPTION_ARG_NONE, &payments, N_("List the payments received"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  RubricLogQuery query = { 0 };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!parse_options ("log list", NULL, entries, &argc, &argv))
    return 2;
  if (argc != 1)
    return log_usage_error ("log list", _("list takes options only"));
  if (!check_days ("log list", from, to))
    return 1;
  if (!(store = open_store_to_read ()))
    return 1;
  query = (RubricLogQuery) { from, to, annotator };
  rows = payments ? rubric_worklog_list_payments (store, &query, &error) : rubric_worklog_list (store, &query, &error);
  if (rows == NULL)
    return log_fail ("log list", error);
  if (payments)
    text = json ? rubric_worklog_payments_to_json (rows) : rubric_worklog_payments_to_text (rows);
  else
    text = json ? rubric_worklog_items_to_json (rows) : rubric_worklog_items_to_text (rows);
  g_print ("%s%s", text, json ? "\n" : "");
  return 0;
}

static int
log_report (int    argc,
            char **argv)
{
  g_autofree char *by = NULL;
  g_autofree char *annotator = NULL;
  int year = 0;
  gboolean json = FALSE;
  GOptionEntry entries[] = {
    { "year", 0, 0, G_OPTION_ARG_INT, &year, N_("The calendar year"), N_("Y") },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by, N_("period (default), month or payer"), N_("GROUP") },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, N_("Only this annotator's sessions"), N_("NAME") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON"), NULL },
    { NULL }
  };
  RubricReportBy grouping = RUBRIC_REPORT_BY_PERIOD;
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricWorklogReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!parse_options ("log report", NULL, entries, &argc, &argv))
    return 2;
  if (argc != 1 || year == 0)
    return log_usage_error ("log report", _("say which year with --year Y"));
  if (by != NULL && !rubric_report_by_from_string (by, &grouping))
    return log_usage_error ("log report", _("--by must be period, month or payer"));
  if (!(store = open_store_to_read ()))
    return 1;
  if (!(report = rubric_worklog_report (store, year, grouping, annotator, &error)))
    return log_fail ("log report", error);
  text = json ? rubric_worklog_report_to_json (report) : rubric_worklog_report_to_text (report);
  g_print ("%s%s", text, json ? "\n" : "");
  return 0;
}

static int
log_export (int    argc,
            char **argv)
{
  g_autofree char *format_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *annotator = NULL;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("csv, timeclock (hledger) or timewarrior"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("File to write, - for standard output"), N_("OUT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("First day"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Last day"), N_("YYYY-MM-DD") },
    { "annotator", 0, 0, G_OPTION_ARG_STRING, &annotator, N_("Only this annotator's sessions"), N_("NAME") },
    { NULL }
  };
  RubricLogFormat format;
  RubricLogQuery query = { 0 };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  if (!parse_options ("log export", NULL, entries, &argc, &argv))
    return 2;
  if (argc != 1 || !rubric_log_format_from_string (format_name, &format))
    return log_usage_error ("log export", _("--format must be csv, timeclock or timewarrior"));
  if (output == NULL)
    return log_usage_error ("log export", _("name the file to write with -o OUT (- for standard output)"));
  if (!check_days ("log export", from, to) || !(store = open_store_to_read ()))
    return 1;
  query = (RubricLogQuery) { from, to, annotator };
  if (!rubric_worklog_export (store, &query, format, output, &n, &error))
    return log_fail ("log export", error);
  /* Standard output holds the data: the summary goes beside it. */
  if (g_str_equal (output, "-"))
    g_printerr (_("Wrote %u log items as %s to standard output\n"), n, format_name);
  else
    g_print (_("Wrote %u log items as %s to %s\n"), n, format_name, output);
  return 0;
}

static int
log_import (int    argc,
            char **argv)
{
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricLogImport) result = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options ("log import", "FILE", NULL, &argc, &argv))
    return 2;
  if (argc != 2)
    return log_usage_error ("log import", _("name one CSV that log export wrote"));
  if (!(store = open_store ()))
    return 1;
  if (!rubric_worklog_import_csv (store, argv[1], &result, &error))
    {
      for (guint i = 0; result != NULL && i < result->problems->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (result->problems, i));
      return log_fail ("log import", error);
    }
  g_print (_("Imported %u sessions and %u manual entries from %s (%u already in the log)\n"), result->n_sessions,
           result->n_entries, argv[1], result->n_known);
  return 0;
}

typedef struct
{
  char *date;
  char *payer;
  char *processor;
  char *gross;
  char *fees;
  char *net;
  char *currency;
  char *form;
  char *note;
} PayOptions;

static void
pay_options_clear (PayOptions *self)
{
  g_free (self->date);
  g_free (self->payer);
  g_free (self->processor);
  g_free (self->gross);
  g_free (self->fees);
  g_free (self->net);
  g_free (self->currency);
  g_free (self->form);
  g_free (self->note);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PayOptions, pay_options_clear)

/* Net is gross minus fees: either may be left out. */
static gboolean
build_payment (const PayOptions  *o,
               RubricPayment     *payment,
               GError           **error)
{
  GDate day;

  if (!rubric_worklog_parse_day (o->date, &day, error) ||
      !rubric_currency_normalize (o->currency != NULL ? o->currency : "USD", payment->currency, error) ||
      !rubric_money_parse (o->gross, payment->currency, &payment->gross, error) ||
      (o->fees != NULL && !rubric_money_parse (o->fees, payment->currency, &payment->fees, error)) ||
      (o->net != NULL && !rubric_money_parse (o->net, payment->currency, &payment->net, error)))
    return FALSE;
  rubric_worklog_format_day (&day, payment->day);
  if (o->net == NULL)
    payment->net = payment->gross - payment->fees;
  else if (o->fees == NULL)
    payment->fees = payment->gross - payment->net;
  if (o->form != NULL && !rubric_tax_form_from_string (o->form, &payment->form))
    {
      g_set_error_literal (error, RUBRIC_ERROR, RUBRIC_ERROR_INVALID, _("--form must be 1099-NEC, 1099-K or none"));
      return FALSE;
    }
  payment->payer = g_strdup (o->payer);
  payment->processor = g_strdup (o->processor != NULL ? o->processor : "");
  payment->note = g_strdup (o->note != NULL ? o->note : "");
  return rubric_payment_check (payment, error);
}

static int
log_pay (int    argc,
         char **argv)
{
  g_auto(PayOptions) o = { 0 };
  GOptionEntry entries[] = {
    { "date", 0, 0, G_OPTION_ARG_STRING, &o.date, N_("The day it was received"), N_("YYYY-MM-DD") },
    { "payer", 0, 0, G_OPTION_ARG_STRING, &o.payer, N_("Who paid (the platform or client)"), N_("NAME") },
    { "processor", 0, 0, G_OPTION_ARG_STRING, &o.processor, N_("Through whom (PayPal, a bank…)"), N_("NAME") },
    { "gross", 0, 0, G_OPTION_ARG_STRING, &o.gross, N_("The amount paid"), N_("G") },
    { "fees", 0, 0, G_OPTION_ARG_STRING, &o.fees, N_("Fees taken from it"), N_("F") },
    { "net", 0, 0, G_OPTION_ARG_STRING, &o.net, N_("What arrived"), N_("N") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &o.currency, N_("ISO 4217 code (default USD)"), N_("CODE") },
    { "form", 0, 0, G_OPTION_ARG_STRING, &o.form, N_("The form to expect: 1099-NEC, 1099-K or none"), N_("FORM") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &o.note, N_("A note"), N_("TEXT") },
    { NULL }
  };
  g_auto(RubricPayment) payment = { 0 };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *net = NULL;
  gint64 id;

  if (!parse_options ("log pay", NULL, entries, &argc, &argv))
    return 2;
  if (argc != 1 || o.date == NULL || o.payer == NULL || o.gross == NULL)
    return log_usage_error ("log pay", _("a payment needs --date, --payer and --gross"));
  if (!build_payment (&o, &payment, &error))
    return log_fail ("log pay", error);
  if (!(store = open_store ()))
    return 1;
  if ((id = rubric_worklog_add_payment (store, &payment, &error)) == 0)
    return log_fail ("log pay", error);
  net = rubric_money_format_with_code (payment.net, payment.currency);
  g_print (_("Recorded payment %lld: %s from %s, %s net\n"), (long long) id, payment.day, payment.payer, net);
  return 0;
}

static gboolean
timer_moment (const char  *at,
              gint64      *time,
              GError     **error)
{
  gint64 now = g_get_real_time () / 1000;

  if (at == NULL)
    {
      *time = now;
      return TRUE;
    }
  return rubric_worklog_parse_moment (at, now, time, error);
}

static int
timer_start (int    argc,
             char **argv)
{
  g_autofree char *platform = NULL;
  g_autofree char *note = NULL;
  g_autofree char *at = NULL;
  GOptionEntry entries[] = {
    { "platform", 0, 0, G_OPTION_ARG_STRING, &platform, N_("Platform or client worked for"), N_("NAME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When the work began, if not now"), N_("TIME") },
    { NULL }
  };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started_at;

  if (!parse_options ("log timer start", NULL, entries, &argc, &argv))
    return 2;
  if (argc != 1)
    return log_usage_error ("log timer start", _("start takes options only"));
  if (!timer_moment (at, &started_at, &error))
    return log_fail ("log timer start", error);
  if (!(store = open_store ()))
    return 1;
  if (!rubric_worklog_timer_start (store, platform, note, started_at, &error))
    return log_fail ("log timer start", error);
  g_print (_("Timer started\n"));
  return 0;
}

static int
timer_stop (int    argc,
            char **argv)
{
  g_autofree char *at = NULL;
  g_autofree char *rate_text = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *currency = NULL;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When the work ended, if not now"), N_("TIME") },
    { "rate", 0, 0, G_OPTION_ARG_STRING, &rate_text, N_("Hourly rate"), N_("R") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("A fixed amount for the work"), N_("A") },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, N_("ISO 4217 code (default USD)"), N_("CODE") },
    { NULL }
  };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricLogEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  RubricRate rate = { 0 };
  gint64 ended_at;
  gint64 id;

  if (!parse_options ("log timer stop", NULL, entries, &argc, &argv))
    return 2;
  if (argc != 1 || (rate_text != NULL && amount != NULL))
    return log_usage_error ("log timer stop", _("give one of --rate and --amount, not both"));
  if (!timer_moment (at, &ended_at, &error) ||
      !rubric_rate_init (&rate, rate_text != NULL ? RUBRIC_RATE_HOURLY : amount != NULL ? RUBRIC_RATE_AMOUNT : RUBRIC_RATE_NONE,
                         rate_text != NULL ? rate_text : amount, currency != NULL ? currency : "USD", &error))
    return log_fail ("log timer stop", error);
  if (!(store = open_store ()))
    return 1;
  if ((id = rubric_worklog_timer_stop (store, ended_at, &rate, &error)) == 0 ||
      !(entry = rubric_worklog_get_entry (store, id, &error)))
    return log_fail ("log timer stop", error);
  print_entry (_("Timer stopped: added"), id, entry);
  return 0;
}

static int
timer_status (int    argc,
              char **argv)
{
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(RubricLogTimer) timer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *since = NULL;
  g_autofree char *hours = NULL;

  if (!parse_options ("log timer status", NULL, NULL, &argc, &argv))
    return 2;
  if (!(store = open_store_to_read ()))
    return 1;
  if (!(timer = rubric_worklog_timer_get (store, &error)))
    {
      if (error != NULL)
        return log_fail ("log timer status", error);
      g_print (_("No timer is running\n"));
      return 0;
    }
  utc = g_date_time_new_from_unix_utc (timer->started_at / 1000);
  local = g_date_time_to_local (utc);
  since = g_date_time_format (local, "%Y-%m-%d %H:%M");
  hours = rubric_worklog_format_hours (MAX (g_get_real_time () / 1000 - timer->started_at, 0));
  g_print (_("A timer has run since %s (%s h), for %s%s%s\n"), since, hours,
           *timer->platform != '\0' ? timer->platform : "—", *timer->note != '\0' ? ": " : "", timer->note);
  return 0;
}

static int
log_timer (int    argc,
           char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "start"))
    return timer_start (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "stop"))
    return timer_stop (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "status"))
    return timer_status (argc - 1, argv + 1);
  return log_usage_error ("log timer", _("say start, stop or status"));
}

static int
log_set_rate (int    argc,
              char **argv)
{
  g_autofree char *payer = NULL;
  g_autofree char *hourly = NULL;
  g_autofree char *per_task = NULL;
  g_autofree char *currency = NULL;
  g_autofree char *from = NULL;
  gboolean none = FALSE;
  gint64 set_id = 0;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_INT64, &set_id, N_("The task set"), N_("ID") },
    { "payer", 0, 0, G_OPTION_ARG_STRING, &payer, N_("Who pays for its work"), N_("NAME") },
    { "hourly", 0, 0, G_OPTION_ARG_STRING, &hourly, N_("Paid per hour of active time"), N_("R") },
    { "per-task", 0, 0, G_OPTION_ARG_STRING, &per_task, N_("Paid per submitted task"), N_("R") },
    { "none", 0, 0, G_OPTION_ARG_NONE, &none, N_("Not paid, or not known: hours only"), NULL },
    { "currency", 0, 0, G_OPTION_ARG_STRING, &currency, N_("ISO 4217 code (default USD)"), N_("CODE") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("In effect from the start of this day, not from now"), N_("YYYY-MM-DD") },
    { NULL }
  };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RubricRate rate;
  gint64 effective_from = g_get_real_time () / 1000;
  GDate day;

  if (!parse_options ("log set-rate", NULL, entries, &argc, &argv))
    return 2;
  if (argc != 1 || set_id <= 0 || payer == NULL || (hourly != NULL) + (per_task != NULL) + none != 1)
    return log_usage_error ("log set-rate", _("give --set ID, --payer NAME and one of --hourly R, --per-task R and --none"));
  if ((from != NULL && !rubric_worklog_parse_day (from, &day, &error)) ||
      !rubric_rate_init (&rate, none ? RUBRIC_RATE_NONE : hourly != NULL ? RUBRIC_RATE_HOURLY : RUBRIC_RATE_PER_TASK,
                         hourly != NULL ? hourly : per_task, currency != NULL ? currency : "USD", &error))
    return log_fail ("log set-rate", error);
  if (from != NULL)
    effective_from = rubric_worklog_day_start (&day);
  if (!(store = open_store ()))
    return 1;
  if (!rubric_worklog_set_rate (store, set_id, payer, &rate, effective_from, &error))
    return log_fail ("log set-rate", error);
  text = rubric_rate_to_text (&rate);
  g_print (_("Set %lld is paid by %s: %s\n"), (long long) set_id, payer, text);
  return 0;
}

static int
log_rates (int    argc,
           char **argv)
{
  gint64 set_id = 0;
  GOptionEntry entries[] = {
    { "set", 0, 0, G_OPTION_ARG_INT64, &set_id, N_("Only this task set"), N_("ID") },
    { NULL }
  };
  g_autoptr(RubricStore) store = NULL;
  g_autoptr(GPtrArray) rates = NULL;
  g_autoptr(GError) error = NULL;

  if (!parse_options ("log rates", NULL, entries, &argc, &argv))
    return 2;
  if (!(store = open_store_to_read ()))
    return 1;
  if (!(rates = rubric_worklog_list_rates (store, set_id, &error)))
    return log_fail ("log rates", error);
  if (rates->len == 0)
    g_print (_("No set has a rate yet (log set-rate gives one)\n"));
  for (guint i = 0; i < rates->len; i++)
    {
      RubricSetRate *rate = g_ptr_array_index (rates, i);
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (rate->effective_from / 1000);
      g_autoptr(GDateTime) local = g_date_time_to_local (utc);
      g_autofree char *from = g_date_time_format (local, "%Y-%m-%d %H:%M");
      g_autofree char *text = rubric_rate_to_text (&rate->rate);
      g_autofree char *set = rate->set_id != 0 ? g_strdup_printf (_("set %lld"), (long long) rate->set_id)
                                               : g_strdup (_("(no set)"));

      g_print (_("%s “%s” from %s: %s, %s\n"), set, rate->set_name, from, rate->payer, text);
    }
  return 0;
}

static int
cmd_log (int    argc,
         char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int, char **);
  } subcommands[] = {
    { "add", log_add },
    { "edit", log_edit },
    { "delete", log_delete },
    { "list", log_list },
    { "report", log_report },
    { "export", log_export },
    { "import", log_import },
    { "pay", log_pay },
    { "timer", log_timer },
    { "set-rate", log_set_rate },
    { "rates", log_rates },
  };

  if (argc < 2 || g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      fputs (_(usage_log), argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
    {
      if (g_str_equal (argv[1], subcommands[i].name))
        return subcommands[i].run (argc - 1, argv + 1);
    }
  g_printerr (_("rubric-cli log: “%s” is not a log command\n\n"), argv[1]);
  fputs (_(usage_log), stderr);
  return 2;
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
    { "log", cmd_log },
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RUBRIC_LOCALEDIR") ? g_getenv ("RUBRIC_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

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
