/* test-screen.c — what a person sees of each task, read off the screen
 *
 * Every kind of task, at 1280×800 and 900×700, with the side panel open
 * and closed, reached three ways: in a new window, by submitting the
 * task before it, and by a real click on its row in the sidebar. Each
 * time the picture the window draws is read back with tesseract, and
 * the system message, every earlier turn with its role, the prompt and
 * the text of each response must be there. The content varies as real
 * files do: one-word answers, answers that look like markdown ("1945.",
 * "- Walvis", "# Shark"), a tool turn, right-to-left text, colour emoji
 * and a 300 KB answer. A prompt of megabytes scrolls in a view of its
 * own, and its first and last words are drawn. A submitted task's panel
 * of scores is drawn dimmed as libadwaita dims it, as one layer. Code
 * wrapped inside a name shows no hyphen; a set with no rubric says so;
 * a ranked answer of many lines shows them; at 800×600 a comparison's
 * answers are side by side; a long set name leaves the task list as
 * wide as any.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>
#include <math.h>
#include <sys/wait.h>

#include "app-test-util.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-conversation.h"
#include "rubric-criteria-panel.h"
#include "rubric-message.h"
#include "rubric-markdown-view.h"
#include "rubric-page.h"
#include "rubric-rank-card.h"
#include "rubric-write-page.h"
#include "rubric-store.h"
#include "rubric-task-list-row.h"
#include "test-util.h"

typedef struct
{
  const char *id;
  const char *kind;
  const char *line;         /* the task, less its id and kind */
  const char *words[12];    /* what must be read on screen */
} Target;

#define CONTEXT(a, b, c) \
  "\"system\":\"" a " rules apply here.\",\"context\":[{\"role\":\"user\",\"content\":\"" b " opening question?\"}," \
  "{\"role\":\"assistant\",\"content\":\"" c " earlier answer.\"}],"

static const Target targets[] = {
  { "cmp", "compare",
    CONTEXT ("Zebrafish", "Quokka", "Walrus")
    "\"prompt\":\"Pelican final prompt: when did it end?\","
    "\"responses\":[{\"id\":\"a\",\"content\":\"1945.\"},{\"id\":\"b\",\"content\":\"LONG\"}]",
    { "System", "Zebrafish rules apply", "User", "Quokka opening question", "Assistant", "Walrus earlier answer",
      "Prompt", "Pelican final prompt", "1945.", "Tapir begins the long answer", NULL } },
  { "wr", "write",
    CONTEXT ("Gecko", "Bison", "Heron")
    "\"prompt\":\"Narwhal write prompt: a short note.\"",
    { "System", "Gecko rules apply", "User", "Bison opening question", "Assistant", "Heron earlier answer",
      "Prompt", "Narwhal write prompt", NULL } },
  { "rk", "rank",
    "\"system\":\"Badger rules apply here.\",\"context\":[{\"role\":\"user\",\"content\":\"Lynx opening question?\"},"
    "{\"role\":\"tool\",\"content\":\"Falcon tool output.\"},{\"role\":\"assistant\",\"content\":\"Otter earlier answer.\"}],"
    "\"prompt\":\"Marmot rank prompt: name the ocean.\","
    "\"responses\":[{\"id\":\"a\",\"content\":\"Pacific.\"},{\"id\":\"b\",\"content\":\"- Walvis\"},"
    "{\"id\":\"c\",\"content\":\"# Shark\"}]",
    { "System", "Badger rules apply", "Lynx opening question", "Tool", "Falcon tool output", "Otter earlier answer",
      "Marmot rank prompt", "Pacific.", "Walvis", "Shark", NULL } },
  { "rv", "review",
    CONTEXT ("Koala", "Puffin", "Viper")
    "\"prompt\":\"Moose review prompt: greet me.\","
    "\"responses\":[{\"id\":\"r\",\"content\":\"Ocelot says שלום עולם and مرحبا 😀 to you.\\n\\n1. first point\\n2. second point\"}]",
    { "System", "Koala rules apply", "Puffin opening question", "Viper earlier answer", "Prompt", "Moose review prompt",
      "Ocelot says", "to you", "first point", "second point", NULL } },
};

static const char *header =
  "{\"format\":\"rubric-tasks/1\",\"name\":\"NAME\",\"guidelines\":\"# Guidelines\\n\\nRead everything.\","
  "\"rubric\":{\"id\":\"s\",\"version\":1,\"criteria\":[{\"id\":\"accuracy\",\"name\":\"Accuracy\","
  "\"scale\":{\"min\":1,\"max\":5}}],\"flags\":[{\"id\":\"factual-error\",\"name\":\"Factual error\"}]},"
  "\"settings\":{\"min_justification_words\":0,\"require_criterion_citation\":false}}\n";

static char *tmpdir;
static char *db;     /* the app's workspace */
static char *long_answer;
static RubricApplication *app;
static RubricWindow *window;
static guint n_reads;
static gboolean panel_asked;   /* whether the layout asks for the side panel */

/* The set ----------------------------------------------------------------- */

static void
append_target (GString      *file,
               const Target *target)
{
  g_autofree char *line = g_strdup_printf ("{\"id\":\"%s\",\"kind\":\"%s\",%s}\n", target->id, target->kind, target->line);
  g_auto(GStrv) parts = g_strsplit (line, "\"LONG\"", 2);
  g_autoptr(json_object) text = json_object_new_string (long_answer);

  g_string_append (file, parts[0]);
  if (parts[1] != NULL)
    g_string_append_printf (file, "%s%s", json_object_to_json_string_ext (text, JSON_C_TO_STRING_PLAIN), parts[1]);
}

/* A comparison to submit on the way to each target. */
static void
append_lead (GString    *file,
             const char *id)
{
  g_string_append_printf (file, "{\"id\":\"lead-%s\",\"kind\":\"compare\",\"prompt\":\"Pick one.\","
                                "\"responses\":[{\"id\":\"a\",\"content\":\"Yes.\"},{\"id\":\"b\",\"content\":\"No.\"}]}\n",
                          id);
}

/* The targets, @first's first; each behind its lead. */
static char *
write_set (const char *name,
           guint       first)
{
  g_autoptr(GString) file = g_string_new (header);

  /* A set of its own, not the same content imported again. */
  g_string_replace (file, "NAME", name, 1);

  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      const Target *target = &targets[(first + i) % G_N_ELEMENTS (targets)];

      if (i > 0)
        append_lead (file, target->id);
      append_target (file, target);
    }
  return test_write_file (tmpdir, name, file->str, file->len);
}

/* The window ------------------------------------------------------------- */

static gboolean
is_conversation (GtkWidget *widget)
{
  return RUBRIC_IS_CONVERSATION (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_shown_page (GtkWidget *widget)
{
  return RUBRIC_IS_PAGE (widget) && gtk_widget_get_mapped (widget);
}

static const char *row_label;

static gboolean
is_row_label (GtkWidget *widget)
{
  return RUBRIC_IS_TASK_LIST_ROW (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (rubric_task_list_row_get_task_id (RUBRIC_TASK_LIST_ROW (widget)), row_label) == 0;
}

static gboolean
window_idle (gpointer data)
{
  return !rubric_window_get_busy (window) && rubric_window_get_task_set_id (window) > 0;
}

static void
activate (const char *action,
          GVariant   *param)
{
  app_test_activate (window, action, param);
}

static RubricPage *
shown_page (void)
{
  GtkWidget *page = app_test_find_widget (GTK_WIDGET (window), is_shown_page);

  g_assert_nonnull (page);
  return RUBRIC_PAGE (page);
}

static const char *
shown_task_id (void)
{
  RubricTask *task = rubric_page_get_task (shown_page ());

  return task ? rubric_task_get_id (task) : NULL;
}

static gboolean
width_is (gpointer data)
{
  return gtk_widget_get_width (GTK_WIDGET (window)) == GPOINTER_TO_INT (data);
}

static void
set_size (int width,
          int height)
{
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (test_wait_until (width_is, GINT_TO_POINTER (width - 10), 5000) ||
                 test_wait_until (width_is, GINT_TO_POINTER (width), 100));
  app_test_settle (400);
}

/* A window that has shown nothing yet, on a new set with @first's
 * target first. */
static void
new_window (guint  first,
            int    width,
            int    height,
            gboolean panel)
{
  g_autofree char *name = g_strdup_printf ("fresh-%u-%d-%d.jsonl", first, width, panel);
  g_autofree char *path = write_set (name, first);
  RubricWindow *old = window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  app_test_settle (300);
  window = RUBRIC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (window != old);
  gtk_window_destroy (GTK_WINDOW (old));
  g_object_set (window, "show-rubric", panel, NULL);
  set_size (width, height);
  activate ("win.open-file", g_variant_new_string (path));
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
  /* A second after the file is open, as a person would first look. */
  app_test_settle (1000);
}

/* A new window of 1280×800 in place of the one there was, @path open. */
static void
open_in_new_window (const char *path)
{
  RubricWindow *old = window;

  g_action_group_activate_action (G_ACTION_GROUP (app), "new-window", NULL);
  app_test_settle (300);
  window = RUBRIC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_destroy (GTK_WINDOW (old));
  set_size (1280, 800);
  activate ("win.open-file", g_variant_new_string (path));
  g_assert_true (test_wait_until (window_idle, NULL, 20000));
}

/* As a person would: the preference, the scores, a word of why, Submit;
 * and a reason for the reading-time warning. */
static void
submit_lead (void)
{
  RubricPage *page = shown_page ();
  GtkTextView *why = rubric_page_get_justification (page);
  AdwMessageDialog *dialog;

  g_assert_true (g_str_has_prefix (shown_task_id (), "lead-"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "compare.prefer", "u", 1));
  activate ("win.score", g_variant_new ("(uui)", 0, 0, 5));
  activate ("win.score", g_variant_new ("(uui)", 0, 1, 2));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (why), "Yes is accurate.", -1);
  app_test_settle (200);
  activate ("win.submit", NULL);
  app_test_settle (300);
  if ((dialog = app_test_find_dialog ()) != NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "Read them before.");
      adw_message_dialog_response (dialog, "submit");
      gtk_window_destroy (GTK_WINDOW (dialog));
    }
  app_test_settle (700);
  if (g_str_has_prefix (shown_task_id (), "lead-"))
    {
      g_autoptr(GPtrArray) checks = rubric_page_check (shown_page ());

      for (guint i = 0; i < checks->len; i++)
        g_test_message ("check: %s", ((RubricCheck *) g_ptr_array_index (checks, i))->message);
      g_error ("submitting %s did not move on", shown_task_id ());
    }
}

/* A real click, from the X server, on the row that names @id. */
static void
click_row (const char *id)
{
  GtkNative *native = GTK_NATIVE (window);
  GtkWidget *label;
  graphene_rect_t bounds;
  double sx, sy;
  g_autofree char *xid = NULL, *x = NULL, *y = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  row_label = id;
  label = app_test_find_widget (GTK_WIDGET (window), is_row_label);
  g_assert_nonnull (label);
  g_assert_true (gtk_widget_compute_bounds (label, GTK_WIDGET (window), &bounds));
  gtk_native_get_surface_transform (native, &sx, &sy);
  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
  x = g_strdup_printf ("%d", (int) (sx + bounds.origin.x + bounds.size.width / 2));
  y = g_strdup_printf ("%d", (int) (sy + bounds.origin.y + bounds.size.height / 2));
  {
    const char *argv[] = { "xdotool", "mousemove", "--window", xid, x, y, "click", "1", NULL };
    GPid pid;

    g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                  NULL, NULL, &pid, &error));
    g_assert_no_error (error);
    /* The app must keep running while xdotool works. */
    for (int i = 0; i < 100 && waitpid (pid, &status, WNOHANG) == 0; i++)
      app_test_settle (30);
    g_spawn_close_pid (pid);
  }
  app_test_settle (800);
}

/* Reading the screen ---------------------------------------------------- */

/* OCR drops spaces and stray marks, so letters and digits are compared
 * ("1945." is digits alone). */
static char *
alnum_of (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
    }
  return g_string_free (out, FALSE);
}

/* Colour emoji draw yellow faces; a missing font draws grey boxes. */
static guint
count_yellow (const char *path)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, NULL);
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *pixels = g_malloc ((gsize) width * height * 4);
  guint n = 0;

  gdk_texture_download (texture, pixels, width * 4);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint8 b = pixels[i * 4], g = pixels[i * 4 + 1], r = pixels[i * 4 + 2];

      n += r > 200 && g > 150 && b < 90;
    }
  return n;
}

static gboolean
all_read (const Target *target,
          const char   *text,
          GString      *missing)
{
  g_autofree char *letters = alnum_of (text);
  gboolean all = TRUE;

  for (guint i = 0; target->words[i] != NULL; i++)
    {
      g_autofree char *wanted = alnum_of (target->words[i]);

      if (strstr (letters, wanted) != NULL)
        continue;
      all = FALSE;
      if (missing != NULL)
        g_string_append_printf (missing, " “%s”", target->words[i]);
    }
  return all;
}

static void
assert_on_screen (const Target *target,
                  const char   *how)
{
  RubricPage *page = shown_page ();
  g_autofree char *name = g_strdup_printf ("screen-%s-%dx%d-%s-%s.png", target->id,
                                           gtk_widget_get_width (GTK_WIDGET (window)),
                                           gtk_widget_get_height (GTK_WIDGET (window)),
                                           panel_asked ? "panel" : "nopanel", how);
  g_autofree char *text = NULL;
  g_autoptr(GString) missing = g_string_new (NULL);

  g_assert_cmpstr (shown_task_id (), ==, target->id);
  /* Only the page is read: the sidebar repeats each prompt's start. */
  text = app_test_read_screen_large (GTK_WIDGET (window), GTK_WIDGET (page), name);
  n_reads++;
  if (!all_read (target, text, NULL))
    {
      /* Tesseract may pass over a line one way and read it another. */
      g_autofree char *again = app_test_read_screen (GTK_WIDGET (window), GTK_WIDGET (page), name);
      char *both = g_strconcat (text, " | ", again, NULL);

      g_free (text);
      text = both;
    }
  if (!all_read (target, text, NULL))
    {
      /* Small grey role labels beside the page's buttons are read
       * best on their own: the conversation alone, large. */
      GtkWidget *conversation = app_test_find_widget (GTK_WIDGET (page), is_conversation);
      g_autofree char *alone_name = g_strdup_printf ("conversation-%s", name);
      g_autofree char *alone = conversation ? app_test_read_screen_large (GTK_WIDGET (window), conversation, alone_name)
                                            : NULL;
      char *all = g_strconcat (text, " | ", alone ? alone : "", NULL);

      g_free (text);
      text = all;
    }
  all_read (target, text, missing);
  if (rubric_page_get_side_panel (page))
    {
      /* The panel, where it shows, is drawn in full as well. */
      g_autofree char *letters = alnum_of (text);

      if (strstr (letters, "accuracy") == NULL)
        g_string_append (missing, " “Accuracy” (the rubric panel)");
      if (g_str_equal (target->kind, "write") && strstr (letters, "readeverything") == NULL)
        g_string_append (missing, " “Read everything.” (the guidelines)");
    }
  g_test_message ("%s: the panel %s", name, rubric_page_get_side_panel (page) ? "shows" : "is closed");
  if (missing->len > 0)
    g_error ("%s (%s): not on screen:%s\nread: %s", name, how, missing->str, text);

  /* Too narrow for the panel beside the work, it is closed; asked for,
   * it opens over the work, in full, and closes again. */
  if (panel_asked && !rubric_page_get_side_panel (page))
    {
      g_autofree char *over_name = g_strdup_printf ("over-%s", name);
      g_autofree char *over = NULL;
      g_autofree char *over_letters = NULL;

      activate ("win.show-rubric", NULL);
      app_test_settle (500);
      g_assert_true (rubric_page_get_side_panel (page));
      over = app_test_read_screen_large (GTK_WIDGET (window), GTK_WIDGET (page), over_name);
      over_letters = alnum_of (over);
      if (strstr (over_letters, "accuracy") == NULL ||
          (g_str_equal (target->kind, "write") && strstr (over_letters, "readeverything") == NULL))
        g_error ("%s: the panel asked for is not drawn in full\nread: %s", over_name, over);
      activate ("win.show-rubric", NULL);
      app_test_settle (400);
      g_assert_false (rubric_page_get_side_panel (page));
    }

  if (g_str_equal (target->id, "rv"))
    {
      g_autofree char *dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "screenshots", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_cmpuint (count_yellow (path), >, 40);
    }
}

/* The lead, reached from a target with earlier turns, is drawn with
 * its own prompt and none of those turns: the messages a task no
 * longer needs are kept for later, hidden. */
static void
assert_lead_alone (const char   *lead,
                   const Target *before)
{
  static const char *earlier[] = { "rules apply", "opening question", "earlier answer" };
  RubricPage *page = shown_page ();
  g_autofree char *name = g_strdup_printf ("screen-%s-after-%s-%dx%d.png", lead, before->id,
                                           gtk_widget_get_width (GTK_WIDGET (window)),
                                           gtk_widget_get_height (GTK_WIDGET (window)));
  g_autofree char *text = NULL;
  g_autofree char *letters = NULL;

  g_assert_cmpstr (shown_task_id (), ==, lead);
  text = app_test_read_screen_large (GTK_WIDGET (window), GTK_WIDGET (page), name);
  n_reads++;
  letters = alnum_of (text);
  if (strstr (letters, "pickone") == NULL)
    g_error ("%s: the lead's prompt “Pick one.” is not on screen\nread: %s", name, text);
  for (guint i = 0; i < G_N_ELEMENTS (earlier); i++)
    {
      g_autofree char *unwanted = alnum_of (earlier[i]);

      if (strstr (letters, unwanted) != NULL)
        g_error ("%s: “%s” of %s's earlier turns is still on screen\nread: %s", name, earlier[i], before->id, text);
    }
}

/* The messages drawn on the page shown, each held. */
static void
collect_messages (GtkWidget *widget,
                  GPtrArray *messages)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (RUBRIC_IS_MESSAGE (child) && gtk_widget_get_mapped (child))
        g_ptr_array_add (messages, g_object_ref (child));
      collect_messages (child, messages);
    }
}

static GPtrArray *
shown_messages (void)
{
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_object_unref);

  collect_messages (GTK_WIDGET (shown_page ()), messages);
  return messages;
}

/* A prompt of megabytes ------------------------------------------------ */

static gboolean
is_long_prompt (GtkWidget *widget)
{
  return RUBRIC_IS_MARKDOWN_VIEW (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (rubric_markdown_view_get_text (RUBRIC_MARKDOWN_VIEW (widget)), "Gopher long prompt");
}

static gboolean
long_prompt_shown (gpointer data)
{
  GtkWidget *view = app_test_find_widget (GTK_WIDGET (window), is_long_prompt);

  return view != NULL && rubric_markdown_view_is_shown (RUBRIC_MARKDOWN_VIEW (view));
}

static void
assert_read (const char *what,
             GtkWidget  *widget,
             const char *name,
             const char *wanted)
{
  g_autofree char *text = app_test_read_screen_large (GTK_WIDGET (window), widget, name);
  g_autofree char *letters = alnum_of (text);
  g_autofree char *want = alnum_of (wanted);

  n_reads++;
  if (strstr (letters, want) == NULL)
    g_error ("%s: “%s” is not on screen\nread: %s", what, wanted, text);
}

/* A new window of 1280×800 on a set of its own, @set_name, of one task
 * with the id @set_name: its @prompt and, unless NULL, its @responses
 * (NULL-terminated; ids "a", "b" and on). */
static void
open_one_task (const char         *set_name,
               const char         *kind,
               const char         *prompt,
               const char * const *responses)
{
  g_autoptr(GString) file = g_string_new (header);
  g_autoptr(json_object) task = json_object_new_object ();
  g_autofree char *file_name = g_strconcat (set_name, ".jsonl", NULL);
  g_autofree char *path = NULL;

  g_string_replace (file, "NAME", set_name, 1);
  json_object_object_add (task, "id", json_object_new_string (set_name));
  json_object_object_add (task, "kind", json_object_new_string (kind));
  json_object_object_add (task, "prompt", json_object_new_string (prompt));
  if (responses != NULL)
    {
      json_object *array = json_object_new_array ();

      for (guint i = 0; responses[i] != NULL; i++)
        {
          json_object *response = json_object_new_object ();
          char id[2] = { (char) ('a' + i), '\0' };

          json_object_object_add (response, "id", json_object_new_string (id));
          json_object_object_add (response, "content", json_object_new_string (responses[i]));
          json_object_array_add (array, response);
        }
      json_object_object_add (task, "responses", array);
    }
  g_string_append_printf (file, "%s\n", json_object_to_json_string_ext (task, JSON_C_TO_STRING_PLAIN));
  path = test_write_file (tmpdir, file_name, file->str, file->len);
  open_in_new_window (path);
}

static gboolean
is_code_answer (GtkWidget *widget)
{
  return RUBRIC_IS_MARKDOWN_VIEW (widget) && gtk_widget_get_mapped (widget) &&
         strstr (rubric_markdown_view_get_text (RUBRIC_MARKDOWN_VIEW (widget)), "SELECT") != NULL;
}

/* Code is wrapped where the line is full, inside a name if it must be,
 * and nothing is drawn there that is not in the code: Pango puts a
 * hyphen at a break inside a word, and a hyphen in code reads as a
 * minus ("inventory_r-ecords", "OR-DER BY"). Neither the code block
 * nor inline code has one of its own, so none may be read. */
static void
test_code_unhyphenated (void)
{
  static const char *code =
    "```sql\nSELECT inventoryrecordswarehouselocationscreatedtimestamps FROM stock ORDER BY quantity DESC;\n```"
    "\n\nInline `configurationdirectorypathnameforeveryuserprofile` code.";
  const char *responses[] = { code, "No.", NULL };
  g_autofree char *read = NULL;
  GtkWidget *view;

  open_one_task ("code-wrap", "compare", "Which query?", responses);
  app_test_settle (500);

  view = app_test_find_widget (GTK_WIDGET (window), is_code_answer);
  g_assert_nonnull (view);
  /* Narrower than the longest name: it is wrapped inside it. */
  g_assert_cmpint (gtk_widget_get_width (view), <, 450);
  read = app_test_read_screen_large (GTK_WIDGET (window), view, "code-wrap.png");
  n_reads++;
  g_assert_true (app_test_text_has (read, "inventoryrecordswarehouselocationscreatedtimestamps"));
  g_assert_true (app_test_text_has (read, "configurationdirectorypathnameforeveryuserprofile"));
  if (strchr (read, '-') != NULL)
    g_error ("a hyphen is drawn in code that has none\nread: %s", read);
}

static gboolean
is_shown_panel (GtkWidget *widget)
{
  return RUBRIC_IS_CRITERIA_PANEL (widget) && gtk_widget_get_mapped (widget);
}

static gboolean
is_long_card (GtkWidget *widget)
{
  return RUBRIC_IS_RANK_CARD (widget) && gtk_widget_get_mapped (widget) &&
         g_strcmp0 (rubric_rank_card_get_id (RUBRIC_RANK_CARD (widget)), "b") == 0;
}

/* A ranked response of many lines shows them, up to the height of its
 * card, and scrolls the rest: a list box gives a row its minimum
 * height, and each card showed the first two or three lines of its
 * response, as if that were all of it (OpenAssistant's answers). */
static void
test_rank_card_height (void)
{
  g_autoptr(GString) answer = g_string_new (NULL);
  const char *animals[] = { "otters", "beavers", "herons", "badgers", "walruses", "wolves", "lynxes", "ibises",
                            "tapirs", "okapis", "jackals", "gophers" };
  const char *responses[] = { "Yes.", NULL, NULL };
  g_autofree char *read = NULL;
  GtkWidget *card;

  for (guint i = 0; i < G_N_ELEMENTS (animals); i++)
    g_string_append_printf (answer, "Paragraph %u is about %s.\n\n", i + 1, animals[i]);
  responses[1] = answer->str;
  open_one_task ("rank-long", "rank", "Rank them.", responses);
  app_test_settle (500);

  card = app_test_find_widget (GTK_WIDGET (window), is_long_card);
  g_assert_nonnull (card);
  read = app_test_read_screen (GTK_WIDGET (window), card, "rank-long.png");
  n_reads++;
  /* The first eight paragraphs fit in the card's 260 pixels of text. */
  for (guint i = 0; i < 8; i++)
    if (!app_test_text_has (read, animals[i]))
      g_error ("paragraph %u of the ranked response is not on screen\nread: %s", i + 1, read);
  /* The rest scrolls: the card is not as high as the whole response. */
  g_assert_false (app_test_text_has (read, animals[G_N_ELEMENTS (animals) - 1]));
}

static const char *small_text;

static gboolean
is_small_answer (GtkWidget *widget)
{
  return RUBRIC_IS_MARKDOWN_VIEW (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (rubric_markdown_view_get_text (RUBRIC_MARKDOWN_VIEW (widget)), small_text);
}

/* In a window of 800×600 beside the task list, a comparison keeps its
 * answers side by side, each as high as the page leaves: one above the
 * other (the layout for a phone's width), each showed two lines. */
static void
test_small_window (void)
{
  const char *names[2][5] = { { "Alpaca", "Bongo", "Caribou", "Dingo", "Eland" },
                              { "Ferret", "Gazelle", "Hyena", "Impala", "Jerboa" } };
  g_autoptr(GString) first = g_string_new (NULL);
  g_autoptr(GString) second = g_string_new (NULL);
  const char *responses[] = { NULL, NULL, NULL };

  for (guint i = 0; i < G_N_ELEMENTS (names[0]); i++)
    {
      g_string_append_printf (first, "%s is animal %u.\n\n", names[0][i], i + 1);
      g_string_append_printf (second, "%s is animal %u.\n\n", names[1][i], i + 1);
    }
  responses[0] = first->str;
  responses[1] = second->str;
  /* With the panel's slide. It was turned off here: libadwaita 1.2's
   * AdwFlap gave the page a width of G_MININT for a frame (GTK warns,
   * and the warning is fatal here) in 1 run of 4 or 5 of this program.
   * rubric-page.c now holds a change to the panel until the flap's
   * first allocation (/screen/narrow-new-kinds). */
  open_one_task ("small-window", "compare", "Name five animals.", responses);
  g_object_set (window, "show-rubric", FALSE, NULL);
  set_size (800, 600);
  app_test_settle (500);

  for (guint r = 0; r < 2; r++)
    {
      g_autofree char *name = g_strdup_printf ("small-window-%c.png", 'a' + r);
      g_autofree char *read = NULL;

      small_text = names[r][0];
      read = app_test_read_screen (GTK_WIDGET (window), app_test_find_widget (GTK_WIDGET (window), is_small_answer), name);
      n_reads++;
      for (guint i = 0; i < G_N_ELEMENTS (names[r]); i++)
        if (!app_test_text_has (read, names[r][i]))
          g_error ("response %c: “%s” is not on screen\nread: %s", 'A' + r, names[r][i], read);
    }
  set_size (1280, 800);
}

static gboolean
is_task_search (GtkWidget *widget)
{
  return GTK_IS_SEARCH_ENTRY (widget) && gtk_widget_has_css_class (widget, "task-search");
}

static gboolean
is_leaflet (GtkWidget *widget)
{
  return ADW_IS_LEAFLET (widget) && gtk_widget_get_mapped (widget);
}

/* A set named as public datasets are ("openai-cookbook-toy_chat_fine_
 * tuning") keeps the task list as wide as any other: the name in its
 * header asked for its whole width, and the page beside it lost it. */
static void
test_long_set_name (void)
{
  GtkWidget *leaflet, *sidebar;

  open_one_task ("a-long-task-set-name-as-public-datasets-are-named-v2", "write", "Write a note.", NULL);
  app_test_settle (300);

  leaflet = app_test_find_widget (GTK_WIDGET (window), is_leaflet);
  g_assert_nonnull (leaflet);
  g_assert_false (adw_leaflet_get_folded (ADW_LEAFLET (leaflet)));
  /* The leaflet's child the task list's search is in. */
  for (sidebar = app_test_find_widget (leaflet, is_task_search); gtk_widget_get_parent (sidebar) != leaflet;)
    sidebar = gtk_widget_get_parent (sidebar);
  g_assert_cmpint (gtk_widget_get_width (sidebar), >=, 280);
  g_assert_cmpint (gtk_widget_get_width (sidebar), <=, 300);
}

/* A set whose file has no rubric (most public datasets) says so in the
 * panel, and does not ask for criteria to be cited. */
static void
test_no_rubric (void)
{
  static const char *file =
    "{\"format\":\"rubric-tasks/1\",\"name\":\"no-rubric\"}\n"
    "{\"id\":\"bare\",\"kind\":\"compare\",\"prompt\":\"Which is kinder?\","
    "\"responses\":[{\"id\":\"a\",\"content\":\"Yes.\"},{\"id\":\"b\",\"content\":\"No.\"}]}\n";
  g_autofree char *path = test_write_file (tmpdir, "no-rubric.jsonl", file, strlen (file));
  g_autofree char *panel = NULL;
  g_autofree char *why = NULL;
  GtkWidget *overlay, *placeholder;

  open_in_new_window (path);
  g_object_set (window, "show-rubric", TRUE, NULL);
  app_test_settle (500);
  g_assert_cmpstr (shown_task_id (), ==, "bare");
  panel = app_test_read_screen_large (GTK_WIDGET (window), app_test_find_widget (GTK_WIDGET (window), is_shown_panel),
                                      "no-rubric-panel.png");
  /* The placeholder over the empty text (the whole box, frame and all,
   * is read as nothing). */
  overlay = gtk_widget_get_ancestor (GTK_WIDGET (rubric_page_get_justification (shown_page ())), GTK_TYPE_OVERLAY);
  for (placeholder = gtk_widget_get_first_child (overlay); placeholder && !GTK_IS_LABEL (placeholder);)
    placeholder = gtk_widget_get_next_sibling (placeholder);
  g_assert_nonnull (placeholder);
  why = app_test_read_screen (GTK_WIDGET (window), placeholder, "no-rubric-why.png");
  n_reads += 2;
  if (!app_test_text_has (panel, "No Rubric") || !app_test_text_has (panel, "names no criteria to score the answers"))
    g_error ("the panel does not say the set has no rubric\nread: %s", panel);
  if (!app_test_text_has (why, "Why? Give your reasons") || app_test_text_has (why, "Cite the rubric criteria"))
    g_error ("the justification's placeholder asks for what the set has not\nread: %s", why);
}

/* A text view lays out and draws all of its height. A 2 MB prompt at
 * its full height in the conversation froze the window for over a
 * second and kept it busy for minutes; in a view of its own, as high as
 * the conversation shows, it lays out a screenful. Its start is drawn
 * where the prompt begins, its end is reached by scrolling that view,
 * on a write page (the conversation beside the answer) and a
 * comparison (the conversation above the responses). */
static void
test_long_prompt (void)
{
  g_autoptr(GString) prompt = g_string_new ("Gopher long prompt begins here.\n\n");
  g_autoptr(GString) file = g_string_new (header);
  g_autoptr(json_object) text = NULL;
  g_autofree char *path = NULL;
  const char *kinds[] = { "write", "compare" };

  for (guint i = 0; prompt->len < 2 * 1024 * 1024; i++)
    g_string_append_printf (prompt, "Paragraph %u of the document the prompt quotes, with a claim to check "
                                    "and a number, %u, to check it against.\n\n", i, i * 7);
  g_string_append (prompt, "Jackal closing words of the prompt.");
  text = json_object_new_string (prompt->str);
  g_string_replace (file, "NAME", "long-prompt", 1);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    g_string_append_printf (file, "{\"id\":\"long-%s\",\"kind\":\"%s\",\"prompt\":%s%s}\n", kinds[k], kinds[k],
                            json_object_to_json_string_ext (text, JSON_C_TO_STRING_PLAIN),
                            g_str_equal (kinds[k], "compare") ? ",\"responses\":[{\"id\":\"a\",\"content\":\"Yes.\"},"
                                                                "{\"id\":\"b\",\"content\":\"No.\"}]" : "");
  path = test_write_file (tmpdir, "long-prompt.jsonl", file->str, file->len);

  open_in_new_window (path);

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *id = g_strconcat ("long-", kinds[k], NULL);
      g_autofree char *start_name = g_strdup_printf ("long-prompt-%s-start.png", kinds[k]);
      g_autofree char *end_name = g_strdup_printf ("long-prompt-%s-end.png", kinds[k]);
      GtkWidget *view, *scroller;
      GtkAdjustment *adjustment;

      if (k > 0)
        {
          activate ("win.select-task", g_variant_new_uint32 (app_test_find_task (window, id)));
          app_test_settle (400);
        }
      g_assert_cmpstr (shown_task_id (), ==, id);
      g_assert_true (test_wait_until (long_prompt_shown, NULL, 30000));
      app_test_settle (500);
      view = app_test_find_widget (GTK_WIDGET (window), is_long_prompt);
      scroller = gtk_widget_get_parent (view);
      g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
      g_assert_cmpint (gtk_widget_get_height (view), <=, gtk_widget_get_height (GTK_WIDGET (window)));
      g_assert_cmpint (gtk_widget_get_height (scroller), >=, 120);
      assert_read (id, GTK_WIDGET (shown_page ()), start_name, "Gopher long prompt begins here");

      adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
      for (guint i = 0; i < 20; i++)
        {
          /* The height grows as lines are laid out beyond the screen. */
          gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
          app_test_settle (150);
        }
      assert_read (id, scroller, end_name, "Jackal closing words of the prompt");
    }
}

/* Long answers rendered ahead ------------------------------------------ */

static const char *view_prefix;

static gboolean
is_view_of (GtkWidget *widget)
{
  return RUBRIC_IS_MARKDOWN_VIEW (widget) && gtk_widget_get_mapped (widget) &&
         g_str_has_prefix (rubric_markdown_view_get_text (RUBRIC_MARKDOWN_VIEW (widget)), view_prefix);
}

static GtkWidget *
view_of (const char *prefix)
{
  view_prefix = prefix;
  return app_test_find_widget (GTK_WIDGET (window), is_view_of);
}

static gboolean
view_shown (gpointer data)
{
  return rubric_markdown_view_is_shown (data);
}

/* What a reader of @view gets: its text, and at each change of style
 * the styles there (the code's colours, added later, left out). */
static char *
what_view_shows (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GString *out = g_string_new (NULL);
  g_autoptr(GString) last = g_string_new ("-");
  GtkTextIter iter, end;

  g_assert_true (test_wait_until (view_shown, view, 20000));
  gtk_text_buffer_get_bounds (buffer, &iter, &end);
  g_string_append (out, gtk_text_buffer_get_text (buffer, &iter, &end, TRUE));
  do
    {
      g_autoptr(GSList) tags = gtk_text_iter_get_tags (&iter);
      g_autoptr(GString) here = g_string_new (NULL);

      for (GSList *l = tags; l != NULL; l = l->next)
        {
          g_autofree char *name = NULL;

          g_object_get (l->data, "name", &name, NULL);
          if (name == NULL)
            g_string_append_printf (here, " link=%s", (char *) g_object_get_data (l->data, "href"));
          else if (!g_str_has_prefix (name, "hl:"))
            g_string_append_printf (here, " %s", name);
        }
      if (!g_str_equal (here->str, last->str))
        g_string_append_printf (out, "\n@%d:%s", gtk_text_iter_get_offset (&iter), here->str);
      g_string_assign (last, here->str);
    }
  while (gtk_text_iter_forward_to_tag_toggle (&iter, NULL) && !gtk_text_iter_is_end (&iter));
  return g_string_free (out, FALSE);
}

/* @view shows its text as a view given the text anew shows it. */
static void
assert_same_as_fresh (GtkWidget *view)
{
  GtkWidget *fresh = g_object_ref_sink (rubric_markdown_view_new ());
  g_autofree char *shown = what_view_shows (view);
  g_autofree char *wanted = NULL;

  rubric_markdown_view_set_text (RUBRIC_MARKDOWN_VIEW (fresh), rubric_markdown_view_get_text (RUBRIC_MARKDOWN_VIEW (view)));
  wanted = what_view_shows (fresh);
  g_assert_cmpuint (strlen (shown), >, 40 * 1024);
  if (strcmp (shown, wanted) != 0)
    {
      gsize at = 0;

      while (shown[at] == wanted[at])
        at++;
      at = at > 200 ? at - 200 : 0;
      g_error ("the view shows\n%.400s\n\nwhere a fresh view shows\n%.400s", shown + at, wanted + at);
    }
  g_object_unref (fresh);
}

static void
append_long (GString    *file,
             const char *first_words,
             gsize       size,
             const char *last_words)
{
  g_autoptr(GString) text = g_string_new (first_words);
  g_autoptr(json_object) string = NULL;

  for (guint i = 0; text->len < size; i++)
    g_string_append_printf (text, "\n\n## Part %u\n\nA **claim** with `len - 1`, a [source](https://example.org/%u) "
                                  "and a list:\n\n1. one\n2. two\n\n> quoted %u\n\n```c\nint part_%u = %u;\n```", i, i, i, i, i);
  if (last_words != NULL)
    g_string_append_printf (text, "\n\n%s", last_words);
  string = json_object_new_string (text->str);
  g_string_append (file, json_object_to_json_string_ext (string, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
}

/* A compare task's two answers of 60 KB of markdown, from @a and @b,
 * and the end of the task's line. */
static void
append_long_answers (GString    *file,
                     const char *a,
                     const char *b)
{
  g_string_append (file, "\"responses\":[{\"id\":\"a\",\"content\":");
  append_long (file, a, 60 * 1024, NULL);
  g_string_append (file, "},{\"id\":\"b\",\"content\":");
  append_long (file, b, 60 * 1024, NULL);
  g_string_append (file, "}]}\n");
}

/* The next task's long texts are rendered while the person reads the
 * one shown: it shows them exactly as it would have rendered them
 * itself, reached by "Next Task" after a moment's reading; paging on at
 * once, or by a click, renders them as before. Each is read back from
 * the screen. */
static void
test_read_ahead (void)
{
  g_autoptr(GString) file = g_string_new (header);
  g_autofree char *path = NULL;
  guint taken, tasks;

  g_string_replace (file, "NAME", "read-ahead", 1);
  for (guint t = 1; t <= 4; t++)
    {
      g_autofree char *a = g_strdup_printf ("Ocelot %u answer A opens here.", t);
      g_autofree char *b = g_strdup_printf ("Ocelot %u answer B opens here.", t);

      g_string_append_printf (file, "{\"id\":\"ra%u\",\"kind\":\"compare\",", t);
      if (t == 4)
        {
          g_string_append (file, "\"system\":");
          append_long (file, "Lynx system message of task four.", 20 * 1024, "Lynx closing words.");
          g_string_append_c (file, ',');
        }
      g_string_append_printf (file, "\"prompt\":\"Which answer to task %u is better?\",", t);
      append_long_answers (file, a, b);
    }
  path = test_write_file (tmpdir, "read-ahead.jsonl", file->str, file->len);

  open_in_new_window (path);
  g_assert_cmpstr (shown_task_id (), ==, "ra1");

  /* A moment on the first task; then the next is shown from renderings
   * made ahead of both answers. Paged on from it at once, the task
   * after is rendered as it is shown. */
  app_test_settle (1500);
  taken = _rubric_markdown_view_get_n_taken_ahead ();
  tasks = _rubric_window_get_n_tasks_read_ahead ();
  activate ("win.next-task", NULL);
  g_assert_cmpstr (shown_task_id (), ==, "ra2");
  g_assert_cmpuint (_rubric_markdown_view_get_n_taken_ahead (), ==, taken + 2);
  g_assert_cmpuint (_rubric_window_get_n_tasks_read_ahead (), ==, tasks + 1);
  activate ("win.next-task", NULL);
  g_assert_cmpstr (shown_task_id (), ==, "ra3");
  g_assert_cmpuint (_rubric_markdown_view_get_n_taken_ahead (), ==, taken + 2);
  g_assert_cmpuint (_rubric_window_get_n_tasks_read_ahead (), ==, tasks + 1);
  app_test_settle (400);
  assert_read ("paged on", GTK_WIDGET (window), "read-ahead-quick.png", "Ocelot 3 answer A opens here");
  assert_same_as_fresh (view_of ("Ocelot 3 answer B"));

  /* Read a while: the last task's answers and system message are
   * rendered ahead, shown, and are what a fresh view shows. Another
   * process opened the workspace meanwhile (it committed): the task
   * read ahead is not trusted, and is read again. */
  app_test_settle (1000);
  {
    g_autoptr(RubricStore) other = rubric_store_new (db, NULL);
    gint64 presence;

    g_assert_nonnull (other);
    g_assert_cmpint ((presence = rubric_store_register_presence (other, NULL)), >, 0);
    /* Gone again, or every window after would say it is there. */
    rubric_store_unregister_presence (other, presence);
  }
  taken = _rubric_markdown_view_get_n_taken_ahead ();
  activate ("win.next-task", NULL);
  g_assert_cmpstr (shown_task_id (), ==, "ra4");
  g_assert_cmpuint (_rubric_markdown_view_get_n_taken_ahead (), ==, taken + 3);
  g_assert_cmpuint (_rubric_window_get_n_tasks_read_ahead (), ==, tasks + 1);
  /* The conversation is brought down to the prompt, under the end of
   * the system message. */
  app_test_settle (1500);
  assert_read ("read ahead", GTK_WIDGET (window), "read-ahead-next.png", "Ocelot 4 answer A opens here");
  assert_read ("read ahead", GTK_WIDGET (window), "read-ahead-next.png", "Ocelot 4 answer B opens here");
  assert_read ("read ahead", app_test_find_widget (GTK_WIDGET (window), is_conversation), "read-ahead-next-prompt.png",
               "Lynx closing words. Prompt Which answer to task 4 is better");
  assert_same_as_fresh (view_of ("Ocelot 4 answer A"));
  assert_same_as_fresh (view_of ("Ocelot 4 answer B"));
  assert_same_as_fresh (view_of ("Lynx system message"));

  /* A click back on a task whose renderings were used: rendered anew. */
  taken = _rubric_markdown_view_get_n_taken_ahead ();
  click_row ("ra2");
  g_assert_cmpstr (shown_task_id (), ==, "ra2");
  g_assert_cmpuint (_rubric_markdown_view_get_n_taken_ahead (), ==, taken);
  assert_read ("clicked", GTK_WIDGET (window), "read-ahead-click.png", "Ocelot 2 answer B opens here");
  assert_same_as_fresh (view_of ("Ocelot 2 answer A"));
}

/* A submission goes to the next open task, which is not the next row
 * when that one is done: after a moment on a task, the long answers of
 * the next open one are rendered ahead all the same, shown, and read
 * back from the screen. */
static void
test_read_ahead_next_open (void)
{
  g_autoptr(GString) file = g_string_new (header);
  g_autofree char *path = NULL;
  guint taken, tasks;

  g_string_replace (file, "NAME", "read-ahead-open", 1);
  append_lead (file, "first");
  append_lead (file, "done");
  g_string_append (file, "{\"id\":\"open3\",\"kind\":\"compare\",\"prompt\":\"Which answer is better?\",");
  append_long_answers (file, "Puma answer A opens here.", "Puma answer B opens here.");
  path = test_write_file (tmpdir, "read-ahead-open.jsonl", file->str, file->len);

  /* The second task done; back on the first, whose next row it is. */
  open_in_new_window (path);
  g_assert_cmpstr (shown_task_id (), ==, "lead-first");
  activate ("win.next-task", NULL);
  submit_lead ();
  g_assert_cmpstr (shown_task_id (), ==, "open3");
  click_row ("lead-first");
  g_assert_cmpstr (shown_task_id (), ==, "lead-first");

  app_test_settle (1500);
  taken = _rubric_markdown_view_get_n_taken_ahead ();
  tasks = _rubric_window_get_n_tasks_read_ahead ();
  submit_lead ();
  g_assert_cmpstr (shown_task_id (), ==, "open3");
  g_assert_cmpuint (_rubric_markdown_view_get_n_taken_ahead (), ==, taken + 2);
  g_assert_cmpuint (_rubric_window_get_n_tasks_read_ahead (), ==, tasks + 1);
  app_test_settle (1000);
  assert_read ("next open", GTK_WIDGET (window), "read-ahead-open.png", "Puma answer A opens here");
  assert_read ("next open", GTK_WIDGET (window), "read-ahead-open.png", "Puma answer B opens here");
  assert_same_as_fresh (view_of ("Puma answer A"));
  assert_same_as_fresh (view_of ("Puma answer B"));
}

static gboolean
channels_differ (guint32 p,
                 guint32 q,
                 guint   tolerance)
{
  for (guint shift = 0; shift < 32; shift += 8)
    {
      int a = (p >> shift) & 0xff, b = (q >> shift) & 0xff;

      if ((guint) ABS (a - b) > tolerance)
        return TRUE;
    }
  return FALSE;
}

/* The pixels that differ between the pictures at @a and @b, of the same
 * size, within @area: in a colour channel by more than @tolerance. */
static guint
count_changed (const char            *a,
               const char            *b,
               const graphene_rect_t *area,
               guint                  tolerance)
{
  g_autoptr(GdkTexture) first = gdk_texture_new_from_filename (a, NULL);
  g_autoptr(GdkTexture) second = gdk_texture_new_from_filename (b, NULL);
  int width, height;
  g_autofree guint32 *p = NULL, *q = NULL;
  guint changed = 0;

  g_assert_nonnull (first);
  g_assert_nonnull (second);
  width = gdk_texture_get_width (first);
  height = gdk_texture_get_height (first);
  g_assert_cmpint (gdk_texture_get_width (second), ==, width);
  g_assert_cmpint (gdk_texture_get_height (second), ==, height);
  p = g_new (guint32, width * height);
  q = g_new (guint32, width * height);
  gdk_texture_download (first, (guchar *) p, width * 4);
  gdk_texture_download (second, (guchar *) q, width * 4);
  for (int y = MAX (0, (int) area->origin.y); y < MIN (height, (int) (area->origin.y + area->size.height)); y++)
    for (int x = MAX (0, (int) area->origin.x); x < MIN (width, (int) (area->origin.x + area->size.width)); x++)
      if (channels_differ (p[y * width + x], q[y * width + x], tolerance))
        {
          if (changed++ == 0)
            g_test_message ("first pixel changed at %d,%d", x, y);
        }
  return changed;
}

/* Next task draws the task whole in its first frame, and nothing moves
 * after it: a prompt taller than the one before was drawn cut off at
 * the old prompt's height, its other lines laid out after the frame,
 * and the answers jumped down a moment later; a shorter one left a gap
 * that closed a moment later. The first frame painted is compared with
 * the frame after, pixel for pixel; the texts are read back from it.
 * Answers that overflow their panes (their lines laid out ahead of the
 * frame, at the width and down to the height the pane had) come after
 * short ones and before them, in panes that grow and shrink with the
 * prompt above. */
static void
test_first_frame (void)
{
  /* Each task less its id, kind and answers; LONG is a prompt of ten
   * paragraphs, and EARLIER earlier turns that overflow the place the
   * conversation has, so that it is scrolled to the prompt. */
  static const char *tasks[] = {
    "\"prompt\":\"Heron asks a short question?\"",
    "\"prompt\":LONG",
    "\"prompt\":\"Stoat asks a short question?\"",
    "\"system\":\"Civet rules apply.\",\"prompt\":\"Civet asks a question of two paragraphs.\\n\\n"
    "Civet closes the prompt here.\"",
    "\"system\":\"Magpie rules apply.\",\"context\":[EARLIER],\"prompt\":\"Magpie final prompt?\"",
    "\"prompt\":\"Wombat asks a short question?\"",
    "KIND:rank\"prompt\":\"Kestrel rank prompt: name the ocean.\"",
    "KIND:rank\"system\":\"Kestrel rules apply.\",\"prompt\":LONG",
    "KIND:write\"prompt\":\"Jackal write prompt: a short note.\"",
    "KIND:write\"system\":\"Jackal rules apply.\",\"context\":[EARLIER],\"prompt\":\"Jackal final prompt?\"",
  };
  g_autoptr(GString) file = g_string_new (header);
  g_autoptr(GString) earlier = g_string_new (NULL);
  g_autoptr(GString) prompt = g_string_new ("Ibis opens a long prompt.");
  g_autoptr(GString) overflowing = g_string_new (NULL);
  g_autoptr(json_object) long_prompt = NULL;
  g_autoptr(json_object) overflowing_json = NULL;
  g_autofree char *path = NULL;

  for (guint i = 0; i < 9; i++)
    g_string_append_printf (prompt, "\n\nParagraph %u of the Ibis prompt, long enough to wrap over more than "
                                    "one line at the width the prompt has in this window.", i + 1);
  g_string_append (prompt, "\n\nIbis closes the prompt here.");
  long_prompt = json_object_new_string (prompt->str);
  for (guint i = 0; i < 6; i++)
    g_string_append_printf (earlier, "%s{\"role\":\"%s\",\"content\":\"Earlier turn %u of the Magpie conversation, "
                                     "long enough to wrap over more than one line at the width it has here.\"}",
                            i ? "," : "", i % 2 ? "assistant" : "user", i + 1);

  /* Answer A of the odd tasks overflows its pane: paragraphs, a list
   * and a code block. */
  for (guint i = 0; i < 8; i++)
    g_string_append_printf (overflowing, "%sParagraph %u of the long answer, long enough to wrap over more than "
                                         "one line at the width an answer has in this window.",
                            i ? "\n\n" : "", i + 1);
  g_string_append (overflowing, "\n\n- a point in a list\n- another point\n\n```\nprint(\"code line\")\n```\n\n"
                                "The long answer closes here.");
  overflowing_json = json_object_new_string (overflowing->str);

  g_string_replace (file, "NAME", "first-frame", 1);
  for (guint t = 0; t < G_N_ELEMENTS (tasks); t++)
    {
      const char *kind = g_str_has_prefix (tasks[t], "KIND:rank") ? "rank"
                         : g_str_has_prefix (tasks[t], "KIND:write") ? "write" : "compare";
      g_autoptr(GString) line = g_string_new (strchr (tasks[t], '"'));

      g_string_replace (line, "LONG", json_object_to_json_string (long_prompt), 1);
      g_string_replace (line, "EARLIER", earlier->str, 1);
      g_string_append_printf (file, "{\"id\":\"ff%u\",\"kind\":\"%s\",%s", t + 1, kind, line->str);
      if (g_str_equal (kind, "rank"))
        g_string_append_printf (file, ",\"responses\":[{\"id\":\"a\",\"content\":\"Pacific.\"},{\"id\":\"b\","
                                      "\"content\":\"- Walvis\"},{\"id\":\"c\",\"content\":\"# Shark %u\"}]", t + 1);
      else if (g_str_equal (kind, "compare") && t % 2 == 0)
        g_string_append_printf (file, ",\"responses\":[{\"id\":\"a\",\"content\":%s},"
                                      "{\"id\":\"b\",\"content\":\"Answer B to task %u.\"}]",
                                json_object_to_json_string (overflowing_json), t + 1);
      else if (g_str_equal (kind, "compare"))
        g_string_append_printf (file, ",\"responses\":[{\"id\":\"a\",\"content\":\"Answer A to task %u.\"},"
                                      "{\"id\":\"b\",\"content\":\"Answer B to task %u.\"}]", t + 1, t + 1);
      g_string_append (file, "}\n");
    }
  path = test_write_file (tmpdir, "first-frame.jsonl", file->str, file->len);

  /* Until the toast of the import is gone: it fades out. */
  open_in_new_window (path);
  app_test_settle (6000);
  for (guint t = 2; t <= G_N_ELEMENTS (tasks); t++)
    {
      g_autofree char *first_name = g_strdup_printf ("first-frame-%u.png", t);
      g_autofree char *settled_name = g_strdup_printf ("first-frame-%u-settled.png", t);
      g_autofree char *first = NULL, *settled = NULL;
      GtkWidget *conversation;
      graphene_rect_t area;
      guint changed;

      activate ("win.next-task", NULL);
      first = app_test_save_screenshot (GTK_WIDGET (window), first_name);
      app_test_settle (1500);
      settled = app_test_save_screenshot (GTK_WIDGET (window), settled_name);
      conversation = app_test_find_widget (GTK_WIDGET (window), is_conversation);
      /* The page; on a write page, the column of the conversation: the
       * editor beside it takes the focus (its cursor comes a frame
       * later) and shows its scrollbar a moment. */
      g_assert_true (gtk_widget_compute_bounds (RUBRIC_IS_WRITE_PAGE (shown_page ())
                                                  ? gtk_widget_get_ancestor (conversation, GTK_TYPE_SCROLLED_WINDOW)
                                                  : GTK_WIDGET (shown_page ()),
                                                GTK_WIDGET (window), &area));
      changed = count_changed (first, settled, &area, 0);
      g_test_message ("task %u: %u pixels changed after the first frame", t, changed);
      /* A page shown for the first time too (tasks 7 and 9): it had no
       * width to lay its texts out at before its first frame, which
       * drew a write page's prompt and guidelines not at all, and the
       * last rows of pixels of a rank page's prompt. */
      g_assert_cmpuint (changed, ==, 0);

      if (t == 2)
        assert_read ("first frame", conversation, "first-frame-long.png", "Paragraph 1 of the Ibis prompt");
      else if (t == 4)
        assert_read ("first frame", conversation, "first-frame-system.png",
                     "System Civet rules apply. Prompt Civet asks a question of two paragraphs. "
                     "Civet closes the prompt here.");
      else if (t == 5)
        assert_read ("first frame", conversation, "first-frame-earlier.png",
                     "Earlier turn 6 of the Magpie conversation");
      else if (t == 7)
        assert_read ("first frame", conversation, "first-frame-rank-first.png",
                     "Prompt Kestrel rank prompt: name the ocean.");
      else if (t == 9)
        assert_read ("first frame", conversation, "first-frame-write-first.png",
                     "Prompt Jackal write prompt: a short note.");
      else if (t == 10)
        assert_read ("first frame", conversation, "first-frame-write.png", "Prompt Jackal final prompt?");
      else if (t == 3)
        assert_read ("first frame", GTK_WIDGET (shown_page ()), "first-frame-answer.png",
                     "Paragraph 1 of the long answer, long enough to wrap");
      else if (t == 8)
        assert_read ("first frame", conversation, "first-frame-rank.png",
                     "Prompt Ibis opens a long prompt. Paragraph 1 of the Ibis prompt");
    }
}

/* A judged task's panel ------------------------------------------------- */

static gboolean
is_criteria_panel (GtkWidget *widget)
{
  return RUBRIC_IS_CRITERIA_PANEL (widget) && gtk_widget_get_mapped (widget);
}

/* The widgets under @widget with the style class @name, into @found. */
static void
collect_with_class (GtkWidget  *widget,
                    const char *name,
                    GPtrArray  *found)
{
  if (gtk_widget_has_css_class (widget, name))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_with_class (child, name, found);
}

/* How many color-matrix nodes drawing @widget takes: what libadwaita's
 * dimming of each disabled widget makes, and GTK's cairo renderer
 * works out pixel by pixel. */
static guint
count_color_matrices (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *text, *at;
  gsize size;
  guint n = 0;

  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (widget), gtk_widget_get_height (widget));
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  bytes = gsk_render_node_serialize (node);
  text = g_bytes_get_data (bytes, &size);
  for (at = text; (at = g_strstr_len (at, size - (at - text), "color-matrix {")) != NULL; at++)
    n++;
  return n;
}

/* A submitted comparison's panel of scores and its preference scale
 * are drawn dimmed as libadwaita dims disabled widgets, but each as
 * one layer: the window's picture is the one libadwaita's own dimming
 * draws, but for rounding (up to 5 in 255 seen); the panel differs
 * from the panel of the same task reopened; and no widget in it is
 * dimmed on its own. The test screen-high-contrast runs this again in
 * high contrast, which dims more. */
static void
test_judged_panel (void)
{
  g_autoptr(GString) file = g_string_new (header);
  g_autoptr(GPtrArray) layered = g_ptr_array_new ();
  g_autofree char *path = NULL, *ours = NULL, *theirs = NULL, *open = NULL;
  const graphene_rect_t whole = GRAPHENE_RECT_INIT (0, 0, G_MAXINT16, G_MAXINT16);
  GtkWidget *panel, *scrolled, *content;
  graphene_rect_t area;
  guint differ;

  g_string_replace (file, "NAME", "judged-panel", 1);
  append_lead (file, "judged");
  append_target (file, &targets[0]);
  path = test_write_file (tmpdir, "judged-panel.jsonl", file->str, file->len);
  open_in_new_window (path);
  g_object_set (window, "show-rubric", TRUE, NULL);
  app_test_settle (6000);
  submit_lead ();
  activate ("win.select-task", g_variant_new_uint32 (app_test_find_task (window, "lead-judged")));
  app_test_settle (1000);
  g_assert_cmpstr (shown_task_id (), ==, "lead-judged");
  panel = app_test_find_widget (GTK_WIDGET (window), is_criteria_panel);
  g_assert_nonnull (panel);
  /* What the panel scrolls is made insensitive, not the panel: a long
   * rubric still scrolls, and its scrollbars keep their state. */
  scrolled = gtk_widget_get_first_child (panel);
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_is_sensitive (scrolled));
  g_assert_true (gtk_widget_is_sensitive (gtk_scrolled_window_get_vscrollbar (GTK_SCROLLED_WINDOW (scrolled))));
  content = gtk_viewport_get_child (GTK_VIEWPORT (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled))));
  g_assert_true (gtk_widget_has_css_class (content, "dims-as-one"));
  g_assert_false (gtk_widget_is_sensitive (content));
  g_assert_true (gtk_widget_compute_bounds (panel, GTK_WIDGET (window), &area));
  g_assert_cmpuint (count_color_matrices (panel), ==, 0);
  ours = app_test_save_screenshot (GTK_WIDGET (window), "judged-panel.png");

  /* libadwaita's own dimming, each widget on its own. */
  collect_with_class (GTK_WIDGET (window), "dims-as-one", layered);
  g_assert_cmpuint (layered->len, >=, 3);
  for (guint i = 0; i < layered->len; i++)
    gtk_widget_remove_css_class (g_ptr_array_index (layered, i), "dims-as-one");
  app_test_settle (600);
  g_assert_cmpuint (count_color_matrices (panel), >, 20);
  theirs = app_test_save_screenshot (GTK_WIDGET (window), "judged-panel-libadwaita.png");
  for (guint i = 0; i < layered->len; i++)
    gtk_widget_add_css_class (g_ptr_array_index (layered, i), "dims-as-one");
  /* The whole window: the preference scale below the answers too. In
   * high contrast, linked buttons have borders, and where two meet,
   * libadwaita's dimming draws the line between them twice, one layer
   * once: a shade lighter (27 in 255 seen), 1 pixel wide. */
  differ = count_changed (ours, theirs, &whole, 6);
  g_test_message ("judged task: %u pixels differ from libadwaita's dimming", differ);
  if (adw_style_manager_get_high_contrast (adw_style_manager_get_default ()))
    {
      g_assert_cmpuint (differ, <=, 1000);
      g_assert_cmpuint (count_changed (ours, theirs, &whole, 32), ==, 0);
    }
  else
    g_assert_cmpuint (differ, ==, 0);

  activate ("win.reopen", NULL);
  app_test_settle (800);
  g_assert_true (gtk_widget_is_sensitive (content));
  open = app_test_save_screenshot (GTK_WIDGET (window), "judged-panel-reopened.png");
  differ = count_changed (ours, open, &area, 3);
  g_test_message ("judged panel: %u pixels differ from the reopened one", differ);
  g_assert_cmpuint (differ, >, (guint) (area.size.width * area.size.height / 20));
}

static gboolean
is_mapped_flap (GtkWidget *widget)
{
  return ADW_IS_FLAP (widget) && gtk_widget_get_mapped (widget);
}

/* Too narrow for the panel beside the work, the panel asked for slides
 * over the work and dims it, as libadwaita draws a folded flap: the
 * parts of its shadow, hidden while it is unfolded (rubric-shadows.c),
 * are drawn again. */
static void
test_panel_over (void)
{
  g_autofree char *under = NULL, *over = NULL;
  graphene_rect_t work, panel;
  RubricPage *page;
  GtkWidget *flap;
  guint differ;

  new_window (0, 640, 800, TRUE);
  page = shown_page ();
  g_assert_false (rubric_page_get_side_panel (page));
  under = app_test_save_screenshot (GTK_WIDGET (window), "panel-over-closed.png");
  activate ("win.show-rubric", NULL);
  app_test_settle (800);
  g_assert_true (rubric_page_get_side_panel (page));
  over = app_test_save_screenshot (GTK_WIDGET (window), "panel-over.png");
  flap = app_test_find_widget (GTK_WIDGET (page), is_mapped_flap);
  g_assert_nonnull (flap);
  g_assert_true (adw_flap_get_folded (ADW_FLAP (flap)));
  /* The work left of the panel, all of it dimmed. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (page), GTK_WIDGET (window), &work));
  g_assert_true (gtk_widget_compute_bounds (adw_flap_get_flap (ADW_FLAP (flap)), GTK_WIDGET (window), &panel));
  work.size.width = panel.origin.x - work.origin.x;
  g_assert_cmpfloat (work.size.width, >, 100);
  differ = count_changed (under, over, &work, 3);
  g_test_message ("panel over the work: %u of %.0f pixels of the work dimmed", differ,
                  work.size.width * work.size.height);
  g_assert_cmpuint (differ, >, (guint) (work.size.width * work.size.height * 0.9));
  activate ("win.show-rubric", NULL);
  app_test_settle (400);
  g_assert_false (rubric_page_get_side_panel (page));
}

/* What the flaps showed, frame by frame: the most of a panel shown over
 * the work, and whether a slide went NaN (libadwaita 1.2 divides by a
 * width of 0). */
static double panel_shown_most;
static gboolean panel_nan;
static GHashTable *kinds_shown;

static void
note_flaps (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_get_mapped (child))
        continue;
      if (ADW_IS_FLAP (child))
        {
          double progress = adw_flap_get_reveal_progress (ADW_FLAP (child));

          if (isnan (progress))
            panel_nan = TRUE;
          else if (adw_flap_get_folded (ADW_FLAP (child)))
            panel_shown_most = MAX (panel_shown_most, progress);
        }
      if (RUBRIC_IS_PAGE (child))
        g_hash_table_add (kinds_shown, (gpointer) G_OBJECT_TYPE_NAME (child));
      note_flaps (child);
    }
}

static gboolean
watch_flaps_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  note_flaps (widget);
  return G_SOURCE_CONTINUE;
}

/* Where a kind is too narrow for the panel, the panel wanted stays
 * closed when the kind is first reached: it covered the work for the
 * first frames and then slid away (or vanished, its slide gone NaN).
 * At 640 pixels the rank page has room for it beside the work. */
static void
test_narrow_new_kinds (void)
{
  guint tick;

  new_window (0, 640, 800, TRUE);
  g_assert_false (rubric_page_get_side_panel (shown_page ()));
  kinds_shown = g_hash_table_new (g_str_hash, g_str_equal);
  panel_shown_most = 0;
  panel_nan = FALSE;
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), watch_flaps_cb, NULL, NULL);
  for (guint i = 0; i < 2 * G_N_ELEMENTS (targets); i++)
    {
      activate ("win.next-task", NULL);
      app_test_settle (300);
      /* Wanted, it shows where there is room for it. */
      g_assert_true (rubric_page_get_side_panel (shown_page ()) != rubric_page_get_side_panel_folded (shown_page ()));
    }
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);
  g_test_message ("%u kinds of page shown; the panel showed at most %.2f%s", g_hash_table_size (kinds_shown),
                  panel_shown_most, panel_nan ? ", and went NaN" : "");
  g_assert_cmpuint (g_hash_table_size (kinds_shown), ==, G_N_ELEMENTS (targets));
  g_assert_false (panel_nan);
  g_assert_cmpfloat (panel_shown_most, ==, 0);
  g_clear_pointer (&kinds_shown, g_hash_table_unref);
}

/* The tests ------------------------------------------------------------- */

typedef struct
{
  int      width;
  int      height;
  gboolean panel;
} Layout;

static const Layout layouts[] = {
  { 1280, 800, TRUE }, { 1280, 800, FALSE }, { 900, 700, TRUE }, { 900, 700, FALSE },
};

/* Each target first in a new window; then, in that window, reached by
 * submitting its lead; then reached again by a click on its row from
 * another task. */
static void
test_every_kind (gconstpointer data)
{
  const Layout *layout = data;

  panel_asked = layout->panel;
  for (guint k = 0; k < G_N_ELEMENTS (targets); k++)
    {
      const Target *target = &targets[k];
      const Target *next = &targets[(k + 1) % G_N_ELEMENTS (targets)];
      g_autofree char *lead = g_strconcat ("lead-", next->id, NULL);
      g_autoptr(GPtrArray) made = NULL;
      g_autoptr(GPtrArray) again = NULL;

      new_window (k, layout->width, layout->height, layout->panel);
      assert_on_screen (target, "fresh");
      made = shown_messages ();

      /* The next target's lead, submitted, lands on the next target. */
      activate ("win.select-task", g_variant_new_uint32 (app_test_find_task (window, lead)));
      app_test_settle (400);
      assert_lead_alone (lead, target);
      submit_lead ();
      assert_on_screen (next, "after-submit");

      click_row (target->id);
      assert_on_screen (target, "click");
      /* Its turns, shown again, are in the messages made for them, not
       * in new ones. For cmp this is the point: its lead, a comparison
       * too, was shown on the same page and put aside the turns it did
       * not need. The other kinds' pages showed nothing in between. */
      again = shown_messages ();
      g_assert_cmpuint (again->len, ==, made->len);
      for (guint i = 0; i < again->len; i++)
        g_assert_true (g_ptr_array_find (made, g_ptr_array_index (again, i), NULL));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GString) text = g_string_new ("Tapir begins the long answer here.\n\n");
  int status;

  app_test_init (&argc, &argv);
  tmpdir = test_tmpdir ();
  for (guint i = 0; text->len < 300 * 1024; i++)
    g_string_append_printf (text, "## Section %u\n\nParagraph %u with *emphasis*, `code` and a "
                                  "[link](https://example.org/%u).\n\n- item one\n- item two\n\n"
                                  "```python\nprint(%u)\n```\n\n", i, i, i, i);
  long_answer = g_string_free (g_steal_pointer (&text), FALSE);
  db = g_build_filename (tmpdir, "w.db", NULL);
  app = app_test_new_app (db, &window);

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    {
      g_autofree char *path = g_strdup_printf ("/screen/%dx%d/%s", layouts[i].width, layouts[i].height,
                                               layouts[i].panel ? "panel-open" : "panel-closed");

      g_test_add_data_func (path, &layouts[i], test_every_kind);
    }
  g_test_add_func ("/screen/long-prompt", test_long_prompt);
  g_test_add_func ("/screen/code-unhyphenated", test_code_unhyphenated);
  g_test_add_func ("/screen/no-rubric", test_no_rubric);
  g_test_add_func ("/screen/rank-card-height", test_rank_card_height);
  g_test_add_func ("/screen/small-window", test_small_window);
  g_test_add_func ("/screen/long-set-name", test_long_set_name);
  g_test_add_func ("/screen/read-ahead", test_read_ahead);
  g_test_add_func ("/screen/read-ahead-next-open", test_read_ahead_next_open);
  g_test_add_func ("/screen/first-frame", test_first_frame);
  g_test_add_func ("/screen/judged-panel", test_judged_panel);
  g_test_add_func ("/screen/panel-over", test_panel_over);
  g_test_add_func ("/screen/narrow-new-kinds", test_narrow_new_kinds);
  status = g_test_run ();
  g_test_message ("%u screens read", n_reads);

  gtk_window_destroy (GTK_WINDOW (window));
  g_clear_object (&app);
  g_free (long_answer);
  test_rm_rf (tmpdir);
  g_free (db);
  return status;
}
