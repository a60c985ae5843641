/* rubric-columns-dialog.c
 *
 * A table names its columns as it likes: a CSV or TSV file whose
 * columns are no format Rubric knows (or, as in Label Studio's CSV
 * export, do not say which holds the prompt) is read through a column
 * map, rubric-cli's --map. Here a person makes that map: a row for
 * each column, titled with its name and showing its cell in the first
 * row, and what it holds, guessed from common names. The line under
 * the rows says what each row of the file becomes, or what is missing;
 * Import is enabled only when the map can be read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-columns-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-columns-dialog.h"

#define MAX_RESPONSES  9     /* as a rank task holds */
#define SAMPLE_CHARS   90
#define LIST_WIDTH     470

typedef enum
{
  ROLE_NONE,
  ROLE_PROMPT,
  ROLE_RESPONSE,
  ROLE_CHOSEN,
  ROLE_REJECTED,
  ROLE_SYSTEM,
  ROLE_ID,
  ROLE_ANSWER,
  ROLE_LABEL,
  N_ROLES
} Role;

/* What a column may hold: the FIELD of --map FIELD=COLUMN. */
static const struct
{
  const char *field;
  const char *label;
} roles[N_ROLES] = {
  [ROLE_NONE] = { NULL, N_("Not Used") },
  [ROLE_PROMPT] = { "prompt", N_("Prompt") },
  [ROLE_RESPONSE] = { "response", N_("Response") },
  [ROLE_CHOSEN] = { "chosen", N_("Chosen Response") },
  [ROLE_REJECTED] = { "rejected", N_("Rejected Response") },
  [ROLE_SYSTEM] = { "system", N_("System Message") },
  [ROLE_ID] = { "id", N_("Task ID") },
  [ROLE_ANSWER] = { "answer", N_("Gold Answer") },
  [ROLE_LABEL] = { "label", N_("Gold Choice or Verdict") },
};

struct _RubricColumnsDialog
{
  AdwMessageDialog  parent_instance;

  char             *path;
  GStrv             columns;
  GPtrArray        *rows;      /* an AdwComboRow a column */
  GtkLabel         *summary;
};

G_DEFINE_FINAL_TYPE (RubricColumnsDialog, rubric_columns_dialog, ADW_TYPE_MESSAGE_DIALOG)

/* What a column's name says it holds, as datasets name them. */
static Role
guess_role (const char *column,
            gboolean    labelstudio)
{
  static const struct
  {
    const char *name;
    Role        role;
    gboolean    prefix;
  } names[] = {
    { "prompt", ROLE_PROMPT, FALSE },       { "question", ROLE_PROMPT, FALSE },
    { "instruction", ROLE_PROMPT, FALSE },  { "query", ROLE_PROMPT, FALSE },
    { "input", ROLE_PROMPT, FALSE },        { "system", ROLE_SYSTEM, FALSE },
    { "system_prompt", ROLE_SYSTEM, FALSE }, { "system_message", ROLE_SYSTEM, FALSE },
    { "chosen", ROLE_CHOSEN, FALSE },       { "rejected", ROLE_REJECTED, FALSE },
    { "response", ROLE_RESPONSE, TRUE },    { "completion", ROLE_RESPONSE, TRUE },
    { "output", ROLE_RESPONSE, TRUE },      { "id", ROLE_ID, FALSE },
    { "task_id", ROLE_ID, FALSE },          { "label", ROLE_LABEL, FALSE },
  };
  g_autofree char *name = g_ascii_strdown (column, -1);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (names[i].prefix ? g_str_has_prefix (name, names[i].name) : strcmp (name, names[i].name) == 0)
        /* Label Studio's own id is the task's already. */
        return labelstudio && names[i].role == ROLE_ID ? ROLE_NONE : names[i].role;
    }
  return ROLE_NONE;
}

/* The first row's cell, on one line and cut short. */
static char *
sample_of (const char *cell)
{
  g_autofree char *line = g_strdup (cell);
  char *end;

  if (*g_strstrip (line) == '\0')
    return g_strdup (_("Empty in the first row"));
  g_strdelimit (line, "\r\n\t", ' ');
  if (g_utf8_strlen (line, -1) <= SAMPLE_CHARS)
    return g_steal_pointer (&line);
  end = g_utf8_offset_to_pointer (line, SAMPLE_CHARS);
  return g_strdup_printf ("%.*s…", (int) (end - line), line);
}

static Role
role_of (RubricColumnsDialog *self,
         guint                i)
{
  return (Role) adw_combo_row_get_selected (g_ptr_array_index (self->rows, i));
}

/* What each task of the file will be, or what the map lacks; @valid
 * says whether Import can go on. */
static char *
describe (RubricColumnsDialog *self,
          gboolean            *valid)
{
  guint count[N_ROLES] = { 0 };

  for (guint i = 0; i < self->rows->len; i++)
    count[role_of (self, i)]++;
  *valid = FALSE;
  for (guint role = ROLE_PROMPT; role < N_ROLES; role++)
    {
      if (role != ROLE_RESPONSE && count[role] > 1)
        /* Translators: %s is what a column holds, such as “Prompt”. */
        return g_strdup_printf (_("Two columns are set to “%s”: choose one."), _(roles[role].label));
    }
  if (count[ROLE_PROMPT] == 0)
    return g_strdup (_("Choose the column that holds the prompt."));
  if (count[ROLE_CHOSEN] != count[ROLE_REJECTED])
    return g_strdup (count[ROLE_CHOSEN] ? _("A chosen response needs a rejected one beside it.")
                                        : _("A rejected response needs a chosen one beside it."));
  if (count[ROLE_CHOSEN] > 0 && count[ROLE_RESPONSE] > 0)
    return g_strdup (_("Choose chosen and rejected, or responses: not both."));
  if (count[ROLE_RESPONSE] > MAX_RESPONSES)
    return g_strdup_printf (_("A task holds at most %u responses."), MAX_RESPONSES);
  if (count[ROLE_LABEL] > 0 && count[ROLE_CHOSEN] > 0)
    return g_strdup (_("Chosen and rejected already say which is better: leave the gold choice out."));
  if (count[ROLE_LABEL] > 0 && count[ROLE_RESPONSE] > 2)
    return g_strdup (_("A ranking has no gold choice or verdict: leave it out."));
  if (count[ROLE_LABEL] > 0 && count[ROLE_RESPONSE] == 0 && count[ROLE_CHOSEN] == 0)
    return g_strdup (_("A prompt to write an answer to has no gold choice: choose a Gold Answer instead."));
  if (count[ROLE_ANSWER] > 0 && (count[ROLE_RESPONSE] > 0 || count[ROLE_CHOSEN] > 0))
    return g_strdup (_("A gold answer goes with a prompt to write an answer to, not with responses."));

  *valid = TRUE;
  if (count[ROLE_CHOSEN] > 0)
    return g_strdup (_("Each task: a comparison of the chosen and the rejected response."));
  switch (count[ROLE_RESPONSE])
    {
    case 0:
      return g_strdup (_("Each task: a prompt to write an answer to."));
    case 1:
      return g_strdup (_("Each task: a review of one response."));
    case 2:
      return g_strdup (_("Each task: a comparison of two responses."));
    default:
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Each task: a ranking of %u response.",
                                           "Each task: a ranking of %u responses.", count[ROLE_RESPONSE]),
                              count[ROLE_RESPONSE]);
    }
}

static void
update_summary (RubricColumnsDialog *self)
{
  gboolean valid;
  g_autofree char *text = describe (self, &valid);

  gtk_label_set_text (self->summary, text);
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (self->summary), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->summary), "error");
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "import", valid);
}

/* With every column guessed, Enter imports; else the first row is
 * where to start. */
static void
rubric_columns_dialog_map (GtkWidget *widget)
{
  GtkWidget *import = NULL;

  GTK_WIDGET_CLASS (rubric_columns_dialog_parent_class)->map (widget);
  if (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (widget), "import"))
    import = gtk_window_get_default_widget (GTK_WINDOW (widget));
  if (import != NULL)
    gtk_widget_grab_focus (import);
}

static void
rubric_columns_dialog_dispose (GObject *object)
{
  RubricColumnsDialog *self = (RubricColumnsDialog *) object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (rubric_columns_dialog_parent_class)->dispose (object);
}

static void
rubric_columns_dialog_finalize (GObject *object)
{
  RubricColumnsDialog *self = (RubricColumnsDialog *) object;

  g_free (self->path);
  g_strfreev (self->columns);
  G_OBJECT_CLASS (rubric_columns_dialog_parent_class)->finalize (object);
}

static void
rubric_columns_dialog_class_init (RubricColumnsDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rubric_columns_dialog_dispose;
  object_class->finalize = rubric_columns_dialog_finalize;
  GTK_WIDGET_CLASS (klass)->map = rubric_columns_dialog_map;
}

static void
rubric_columns_dialog_init (RubricColumnsDialog *self)
{
  self->rows = g_ptr_array_new ();
}

/* Enter on a row opens its choices, as Space does, rather than import
 * with what the row says now (the dialog's default elsewhere). */
static GtkEventController *
open_on_enter (void)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutAction *action = gtk_signal_action_new ("activate");

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return, 0),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter, 0)),
                                                          action));
  return controller;
}

static Role
role_of_field (const char *field)
{
  for (guint role = ROLE_PROMPT; role < N_ROLES; role++)
    {
      if (strcmp (roles[role].field, field) == 0)
        return role;
    }
  return ROLE_NONE;
}

/* What the file's last import read each column as: each FIELD=COLUMN
 * names the first column of that name not named yet. */
static void
choose_as_before (RubricColumnsDialog *self,
                  const char * const  *map)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_combo_row_set_selected (g_ptr_array_index (self->rows, i), ROLE_NONE);
  for (guint m = 0; map[m] != NULL; m++)
    {
      const char *eq = strchr (map[m], '=');
      g_autofree char *field = eq ? g_strndup (map[m], eq - map[m]) : NULL;

      for (guint i = 0; field != NULL && i < self->rows->len; i++)
        {
          GtkWidget *row = g_ptr_array_index (self->rows, i);

          if (strcmp (self->columns[i], eq + 1) == 0 && gtk_widget_get_sensitive (row) && role_of (self, i) == ROLE_NONE)
            {
              adw_combo_row_set_selected (ADW_COMBO_ROW (row), role_of_field (field));
              break;
            }
        }
    }
}

/* The rows are the file's columns, so the dialog is built here rather
 * than from a template. @last_map, when the file was read with one
 * before, chooses each column's part as then. */
RubricColumnsDialog *
rubric_columns_dialog_new (GtkWindow          *parent,
                           const char         *path,
                           const RubricTable  *table,
                           const char * const *last_map)
{
  g_autofree char *basename = g_path_get_basename (path);
  gboolean again = last_map != NULL && last_map[0] != NULL;
  g_autofree char *body = NULL;
  RubricColumnsDialog *self;

  if (table->records)
    body = again ? g_strdup_printf (_("The fields of “%s” are chosen as when it was last imported. Check them; the "
                                      "other fields are kept with each task."), basename)
                 : g_strdup_printf (_("Rubric does not know the fields of “%s”. Say which hold the prompt and the "
                                      "responses; the other fields are kept with each task."), basename);
  else
    body = again ? g_strdup_printf (_("The columns of “%s” are chosen as when it was last imported. Check them; the "
                                      "other columns are kept with each task."), basename)
                 : g_strdup_printf (_("Rubric does not know the columns of “%s”. Say which hold the prompt and the "
                                      "responses; the other columns are kept with each task."), basename);
  self = g_object_new (RUBRIC_TYPE_COLUMNS_DIALOG, "transient-for", parent, "modal", TRUE, "heading",
                       table->records ? _("Which Field Holds What?") : _("Which Column Holds What?"), "body", body, NULL);
  gboolean labelstudio = g_strcmp0 (table->format, "labelstudio-csv") == 0;
  GtkStringList *labels = gtk_string_list_new (NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  g_autoptr(GPtrArray) seen = g_ptr_array_new_null_terminated (8, NULL, TRUE);
  gboolean taken[N_ROLES] = { FALSE };
  guint n_responses = 0;

  self->path = g_strdup (path);
  self->columns = g_strdupv (table->columns);
  for (guint role = 0; role < N_ROLES; role++)
    gtk_string_list_append (labels, _(roles[role].label));

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; table->columns[i] != NULL; i++)
    {
      GtkWidget *row = adw_combo_row_new ();
      const char *column = table->columns[i];
      g_autofree char *title = *column ? g_strdup (column) : g_strdup_printf (_("Column %u"), i + 1);
      g_autofree char *sample = sample_of (table->first_row && table->first_row[i] ? table->first_row[i] : "");
      Role role = guess_role (column, labelstudio);

      /* Each holds what its name says, once; responses in their order. */
      if ((role == ROLE_RESPONSE && n_responses++ >= MAX_RESPONSES) || (role != ROLE_RESPONSE && taken[role]))
        role = ROLE_NONE;
      /* A row is read by its columns' names: a column without one, or
       * with the name of one before it, is never read. */
      if (*column == '\0' || g_strv_contains ((const char * const *) seen->pdata, column))
        {
          role = ROLE_NONE;
          g_free (sample);
          sample = g_strdup (*column == '\0' ? _("No name in the header: it cannot be read")
                                              : _("Named as a column before it: only that one is read"));
          gtk_widget_set_sensitive (row, FALSE);
        }
      g_ptr_array_add (seen, (gpointer) column);
      taken[role] = role != ROLE_NONE;
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sample);
      adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
      adw_combo_row_set_selected (ADW_COMBO_ROW (row), role);
      g_signal_connect_swapped (row, "notify::selected", G_CALLBACK (update_summary), self);
      gtk_widget_add_controller (row, open_on_enter ());
      gtk_list_box_append (GTK_LIST_BOX (list), row);
      g_ptr_array_add (self->rows, row);
    }
  g_object_unref (labels);

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 340);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_label_set_xalign (self->summary, 0.0f);
  /* Wide enough for a name, a line of its cell and the longest choice
   * side by side; the dialog is at most 550 pixels wide. */
  gtk_widget_set_size_request (box, LIST_WIDTH, -1);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self), "cancel", _("_Cancel"), "import", _("_Import"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "import", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "import");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  if (last_map != NULL && last_map[0] != NULL)
    choose_as_before (self, last_map);
  update_summary (self);
  return self;
}

/* The map as rubric-cli's --map takes it, FIELD=COLUMN, in the file's
 * order of columns (which is the responses' order); NULL-terminated. */
GStrv
rubric_columns_dialog_dup_map (RubricColumnsDialog *self)
{
  g_autoptr(GStrvBuilder) map = g_strv_builder_new ();

  g_return_val_if_fail (RUBRIC_IS_COLUMNS_DIALOG (self), NULL);
  for (guint i = 0; i < self->rows->len; i++)
    {
      Role role = role_of (self, i);

      g_autofree char *entry = NULL;

      if (role == ROLE_NONE)
        continue;
      entry = g_strdup_printf ("%s=%s", roles[role].field, self->columns[i]);
      g_strv_builder_add (map, entry);
    }
  return g_strv_builder_end (map);
}

const char *
rubric_columns_dialog_get_path (RubricColumnsDialog *self)
{
  g_return_val_if_fail (RUBRIC_IS_COLUMNS_DIALOG (self), NULL);
  return self->path;
}
