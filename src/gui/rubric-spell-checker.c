/* rubric-spell-checker.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-spell-checker"

#include "config.h"

#include <enchant.h>
#include <glib/gi18n.h>

#include "rubric-spell-checker.h"

/*
 * Only what changed is checked again: edits widen a dirty line range,
 * and an idle handler checks it a slice at a time, so typing in a long
 * answer never waits for the dictionary. Code spans and blocks (what
 * the language marks "no-spell-check") are left alone.
 */

#define SLICE_US 3000
#define MAX_SUGGESTIONS 6

struct _RubricSpellChecker
{
  GObject          parent_instance;
  GtkSourceView   *view;       /* weak */
  GtkTextBuffer   *buffer;
  GtkTextTag      *tag;
  EnchantBroker   *broker;
  EnchantDict     *dict;
  char            *language;
  gboolean         enabled;
  int              dirty_start;  /* lines, -1 when clean */
  int              dirty_end;
  guint            idle;
  GtkTextMark     *word_start;
  GtkTextMark     *word_end;
  GMenu           *menu;
};

G_DEFINE_FINAL_TYPE (RubricSpellChecker, rubric_spell_checker, G_TYPE_OBJECT)

static gboolean check_idle_cb (gpointer user_data);

static void
mark_dirty (RubricSpellChecker *self,
            int                 start,
            int                 end)
{
  if (self->dirty_start < 0)
    {
      self->dirty_start = start;
      self->dirty_end = end;
    }
  else
    {
      self->dirty_start = MIN (self->dirty_start, start);
      self->dirty_end = MAX (self->dirty_end, end);
    }
  if (self->idle == 0 && self->enabled && self->dict != NULL)
    self->idle = g_idle_add_full (G_PRIORITY_LOW, check_idle_cb, self, NULL);
}

static void
insert_text_cb (GtkTextBuffer      *buffer,
                GtkTextIter        *location,
                const char         *text,
                int                 len,
                RubricSpellChecker *self)
{
  int end = gtk_text_iter_get_line (location);
  int lines = 0;

  for (int i = 0; i < len; i++)
    lines += text[i] == '\n';
  mark_dirty (self, MAX (0, end - lines), end);
}

static void
delete_range_cb (GtkTextBuffer      *buffer,
                 GtkTextIter        *start,
                 GtkTextIter        *end,
                 RubricSpellChecker *self)
{
  int line = gtk_text_iter_get_line (start);

  mark_dirty (self, line, line);
}

static gboolean
skip_word (const char *word)
{
  /* Numbers, identifiers and addresses are not words to correct. */
  for (const char *p = word; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) || c == '_' || c == '/' || c == '@')
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_code (RubricSpellChecker *self,
         const GtkTextIter  *iter)
{
  return gtk_source_buffer_iter_has_context_class (GTK_SOURCE_BUFFER (self->buffer), iter, "no-spell-check");
}

static void
check_word (RubricSpellChecker *self,
            GtkTextIter        *start,
            GtkTextIter        *end)
{
  g_autofree char *word = gtk_text_iter_get_text (start, end);

  if (*word == '\0' || skip_word (word) || is_code (self, start))
    return;
  if (enchant_dict_check (self->dict, word, -1) != 0)
    gtk_text_buffer_apply_tag (self->buffer, self->tag, start, end);
}

/* Checks lines [first, last]; returns the line where time ran out, or
 * -1 when done. */
static int
check_lines (RubricSpellChecker *self,
             int                 first,
             int                 last,
             gint64              deadline)
{
  GtkTextIter start, end, word_start, word_end;

  gtk_text_buffer_get_iter_at_line (self->buffer, &start, first);
  if (!gtk_text_buffer_get_iter_at_line (self->buffer, &end, last + 1))
    gtk_text_buffer_get_end_iter (self->buffer, &end);
  gtk_source_buffer_ensure_highlight (GTK_SOURCE_BUFFER (self->buffer), &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);

  /* Not while forward_word_end() returns TRUE: it returns FALSE when it
   * moves to the end of the text, and a last word ending there would go
   * unchecked. */
  word_end = start;
  for (;;)
    {
      GtkTextIter before = word_end;

      gtk_text_iter_forward_word_end (&word_end);
      if (gtk_text_iter_equal (&word_end, &before) || gtk_text_iter_compare (&word_end, &end) > 0 ||
          !gtk_text_iter_ends_word (&word_end))
        break;
      word_start = word_end;
      gtk_text_iter_backward_word_start (&word_start);
      check_word (self, &word_start, &word_end);
      if (g_get_monotonic_time () > deadline && gtk_text_iter_get_line (&word_end) < last)
        return gtk_text_iter_get_line (&word_end) + 1;
    }
  return -1;
}

static gboolean
check_idle_cb (gpointer user_data)
{
  RubricSpellChecker *self = user_data;
  gint64 deadline = g_get_monotonic_time () + SLICE_US;
  int first = self->dirty_start;
  int last = self->dirty_end;
  int resume;

  if (first < 0 || !self->enabled || self->dict == NULL)
    {
      self->idle = 0;
      return G_SOURCE_REMOVE;
    }
  self->dirty_start = self->dirty_end = -1;
  resume = check_lines (self, first, last, deadline);
  if (resume >= 0)
    mark_dirty (self, resume, last);
  if (self->dirty_start >= 0)
    return G_SOURCE_CONTINUE;
  self->idle = 0;
  return G_SOURCE_REMOVE;
}

static void
recheck_all (RubricSpellChecker *self)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->tag, &start, &end);
  if (self->enabled && self->dict != NULL)
    mark_dirty (self, 0, gtk_text_buffer_get_line_count (self->buffer));
}

/* Right-click: suggestions for the misspelled word under the pointer. */
static void
pressed_cb (GtkGestureClick    *gesture,
            int                 n_press,
            double              x,
            double              y,
            RubricSpellChecker *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self->view);
  GtkTextIter iter, start, end;
  g_auto(GStrv) suggestions = NULL;
  g_autofree char *word = NULL;
  g_autofree char *add_label = NULL;
  g_autoptr(GMenu) section = g_menu_new ();
  int bx, by;

  g_menu_remove_all (self->menu);
  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by) || !gtk_text_iter_has_tag (&iter, self->tag))
    return;
  start = end = iter;
  if (!gtk_text_iter_starts_tag (&start, self->tag))
    gtk_text_iter_backward_to_tag_toggle (&start, self->tag);
  gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
  gtk_text_buffer_move_mark (self->buffer, self->word_start, &start);
  gtk_text_buffer_move_mark (self->buffer, self->word_end, &end);

  word = gtk_text_iter_get_text (&start, &end);
  suggestions = rubric_spell_checker_suggest (self, word);
  for (guint i = 0; suggestions[i] != NULL; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (suggestions[i], NULL);

      g_menu_item_set_action_and_target_value (item, "spell.replace", g_variant_new_string (suggestions[i]));
      g_menu_append_item (self->menu, item);
    }
  if (suggestions[0] == NULL)
    g_menu_append (self->menu, _("No Suggestions"), "spell.none");
  add_label = g_strdup_printf (_("Add “%s” to Dictionary"), word);
  g_menu_append (section, add_label, "spell.add");
  g_menu_append_section (self->menu, NULL, G_MENU_MODEL (section));
}

static void
replace_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  RubricSpellChecker *self = user_data;
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->word_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->word_end);
  gtk_text_buffer_begin_user_action (self->buffer);
  gtk_text_buffer_delete (self->buffer, &start, &end);
  gtk_text_buffer_insert (self->buffer, &start, g_variant_get_string (param, NULL), -1);
  gtk_text_buffer_end_user_action (self->buffer);
}

static void
add_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  RubricSpellChecker *self = user_data;
  g_autofree char *word = NULL;
  GtkTextIter start, end;

  gtk_text_buffer_get_iter_at_mark (self->buffer, &start, self->word_start);
  gtk_text_buffer_get_iter_at_mark (self->buffer, &end, self->word_end);
  word = gtk_text_iter_get_text (&start, &end);
  enchant_dict_add (self->dict, word, -1);
  recheck_all (self);
}

static void
rubric_spell_checker_dispose (GObject *object)
{
  RubricSpellChecker *self = (RubricSpellChecker *) object;

  g_clear_handle_id (&self->idle, g_source_remove);
  if (self->dict != NULL)
    enchant_broker_free_dict (self->broker, self->dict);
  self->dict = NULL;
  g_clear_pointer (&self->broker, enchant_broker_free);
  g_clear_object (&self->buffer);
  g_clear_object (&self->menu);
  g_clear_pointer (&self->language, g_free);
  g_clear_weak_pointer (&self->view);

  G_OBJECT_CLASS (rubric_spell_checker_parent_class)->dispose (object);
}

static void
rubric_spell_checker_class_init (RubricSpellCheckerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rubric_spell_checker_dispose;
}

static void
rubric_spell_checker_init (RubricSpellChecker *self)
{
  self->dirty_start = self->dirty_end = -1;
  self->enabled = TRUE;
  self->broker = enchant_broker_init ();
  self->menu = g_menu_new ();
}

/**
 * rubric_spell_checker_new:
 *
 * Checks the spelling in @view's buffer for as long as @view lives.
 */
RubricSpellChecker *
rubric_spell_checker_new (GtkSourceView *view)
{
  static const GActionEntry actions[] = {
    { "replace", replace_action, "s" },
    { "add", add_action },
  };
  RubricSpellChecker *self = g_object_new (RUBRIC_TYPE_SPELL_CHECKER, NULL);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkTextIter start;

  g_set_weak_pointer (&self->view, view);
  self->buffer = g_object_ref (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  self->tag = gtk_text_buffer_create_tag (self->buffer, "misspelled", "underline", PANGO_UNDERLINE_ERROR, NULL);
  gtk_text_buffer_get_start_iter (self->buffer, &start);
  self->word_start = gtk_text_buffer_create_mark (self->buffer, NULL, &start, TRUE);
  self->word_end = gtk_text_buffer_create_mark (self->buffer, NULL, &start, FALSE);
  g_signal_connect_object (self->buffer, "insert-text", G_CALLBACK (insert_text_cb), self, G_CONNECT_AFTER);
  g_signal_connect_object (self->buffer, "delete-range", G_CALLBACK (delete_range_cb), self, G_CONNECT_AFTER);

  g_action_map_add_action_entries (G_ACTION_MAP (group), actions, G_N_ELEMENTS (actions), self);
  gtk_widget_insert_action_group (GTK_WIDGET (view), "spell", G_ACTION_GROUP (group));
  gtk_text_view_set_extra_menu (GTK_TEXT_VIEW (view), G_MENU_MODEL (self->menu));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (pressed_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (view), GTK_EVENT_CONTROLLER (click));
  return self;
}

static char *
normalise (const char *language)
{
  char *tag = g_strdup (language);

  g_strdelimit (tag, "-", '_');
  return tag;
}

/**
 * rubric_spell_checker_set_language:
 * @language: (nullable): "en", "en-GB", "de_DE"…; %NULL or "" for the
 *   system language
 *
 * Returns: whether a dictionary was found
 */
gboolean
rubric_spell_checker_set_language (RubricSpellChecker *self,
                                   const char         *language)
{
  const char * const *system = g_get_language_names ();
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (RUBRIC_IS_SPELL_CHECKER (self), FALSE);

  if (language != NULL && *language != '\0')
    {
      g_autofree char *tag = normalise (language);
      g_autofree char *upper = g_ascii_strup (tag, -1);

      g_ptr_array_add (candidates, g_strdup (tag));
      /* A bare language takes its most common dictionary. */
      g_ptr_array_add (candidates, g_strdup_printf ("%s_%s", tag, upper));
      g_ptr_array_add (candidates, g_strdup_printf ("%s_US", tag));
      g_ptr_array_add (candidates, g_strdup_printf ("%s_GB", tag));
    }
  for (guint i = 0; system[i] != NULL; i++)
    {
      g_autofree char *tag = normalise (system[i]);
      char *dot = strchr (tag, '.');

      if (dot)
        *dot = '\0';
      if (g_strcmp0 (tag, "C") != 0 && g_strcmp0 (tag, "POSIX") != 0)
        g_ptr_array_add (candidates, g_steal_pointer (&tag));
    }
  g_ptr_array_add (candidates, g_strdup ("en_US"));

  for (guint i = 0; i < candidates->len; i++)
    {
      const char *tag = g_ptr_array_index (candidates, i);

      if (g_strcmp0 (tag, self->language) == 0 && self->dict != NULL)
        return TRUE;
      if (enchant_broker_dict_exists (self->broker, tag))
        {
          if (self->dict != NULL)
            enchant_broker_free_dict (self->broker, self->dict);
          self->dict = enchant_broker_request_dict (self->broker, tag);
          g_free (self->language);
          self->language = g_strdup (tag);
          recheck_all (self);
          return self->dict != NULL;
        }
    }
  return FALSE;
}

const char *
rubric_spell_checker_get_language (RubricSpellChecker *self)
{
  g_return_val_if_fail (RUBRIC_IS_SPELL_CHECKER (self), NULL);
  return self->language;
}

void
rubric_spell_checker_set_enabled (RubricSpellChecker *self,
                                  gboolean            enabled)
{
  g_return_if_fail (RUBRIC_IS_SPELL_CHECKER (self));

  self->enabled = enabled;
  recheck_all (self);
}

/* Checks whatever is pending at once, for tests and before a screenshot. */
void
rubric_spell_checker_check_now (RubricSpellChecker *self)
{
  while (self->dirty_start >= 0 && self->enabled && self->dict != NULL)
    {
      int first = self->dirty_start, last = self->dirty_end;

      self->dirty_start = self->dirty_end = -1;
      check_lines (self, first, last, G_MAXINT64);
    }
  g_clear_handle_id (&self->idle, g_source_remove);
}

/**
 * rubric_spell_checker_get_misspelled:
 *
 * Returns: (transfer full): the words underlined now, in order
 */
GStrv
rubric_spell_checker_get_misspelled (RubricSpellChecker *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GtkTextIter iter;

  gtk_text_buffer_get_start_iter (self->buffer, &iter);
  while (gtk_text_iter_starts_tag (&iter, self->tag) || gtk_text_iter_forward_to_tag_toggle (&iter, self->tag))
    {
      GtkTextIter end = iter;
      g_autofree char *word = NULL;

      if (!gtk_text_iter_starts_tag (&iter, self->tag))
        continue;
      gtk_text_iter_forward_to_tag_toggle (&end, self->tag);
      word = gtk_text_iter_get_text (&iter, &end);
      g_strv_builder_add (builder, word);
      iter = end;
    }
  return g_strv_builder_end (builder);
}

GStrv
rubric_spell_checker_suggest (RubricSpellChecker *self,
                              const char         *word)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  char **list;
  size_t n = 0;

  if (self->dict == NULL)
    return g_strv_builder_end (builder);
  list = enchant_dict_suggest (self->dict, word, -1, &n);
  for (size_t i = 0; i < n && i < MAX_SUGGESTIONS; i++)
    g_strv_builder_add (builder, list[i]);
  if (list != NULL)
    enchant_dict_free_string_list (self->dict, list);
  return g_strv_builder_end (builder);
}
