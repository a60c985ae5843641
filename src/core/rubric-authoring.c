/* rubric-authoring.c
 *
 * The checks of the work a person writes from a brief: an author task's
 * prompt and ideal answer, a red-team task's attack and what the model
 * did. Checks that need the rest of the set (the same prompt submitted
 * twice) read the workspace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-authoring"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-authoring.h"
#include "rubric-json.h"
#include "rubric-judgement.h"
#include "rubric-store-private.h"

/**
 * rubric_requirement_id:
 * @index: a requirement's place in its task, from 0
 *
 * Returns: (transfer full): the id the self-check keeps for the
 *   requirement, "req-1" for the first
 */
char *
rubric_requirement_id (guint index)
{
  return g_strdup_printf ("req-%u", index + 1);
}

guint
rubric_task_get_n_requirements (RubricTask *task)
{
  json_object *requirements = rubric_task_get_requirements (task);

  return requirements != NULL ? json_object_array_length (requirements) : 0;
}

/**
 * rubric_task_get_requirement:
 *
 * Returns: (nullable): the requirement's text; %NULL past the end or
 *   for an item that is not a string
 */
const char *
rubric_task_get_requirement (RubricTask *task,
                             guint       index)
{
  json_object *requirements = rubric_task_get_requirements (task);
  json_object *item;

  if (requirements == NULL || index >= json_object_array_length (requirements))
    return NULL;
  item = json_object_array_get_idx (requirements, index);
  return json_object_is_type (item, json_type_string) ? json_object_get_string (item) : NULL;
}

static void
check_length (GPtrArray  *checks,
              guint       words,
              guint       min,
              guint       max,
              const char *code_short,
              const char *code_long,
              const char *what)
{
  if (min > 0 && words < min)
    /* Translators: the first %s is what was written: "The prompt", "The answer to turn 2"… */
    rubric_checks_add (checks, RUBRIC_CHECK_WARNING, code_short,
                       g_strdup_printf (_("%s has %u words; the guidance is at least %u"), what, words, min));
  else if (max > 0 && words > max)
    rubric_checks_add (checks, RUBRIC_CHECK_WARNING, code_long,
                       g_strdup_printf (_("%s has %u words; the guidance is at most %u"), what, words, max));
}


/**
 * rubric_author_check:
 *
 * An empty prompt or answer is an error; length guidance and what is
 * not yet checked off (the rubric's criteria when the set asks for a
 * self-check, the task's requirements always) are warnings.
 *
 * Returns: (transfer full) (element-type RubricCheck): the checks that failed
 */
GPtrArray *
rubric_author_check (const RubricSetConfig  *config,
                     RubricTask             *task,
                     const RubricAnnotation *annotation)
{
  GPtrArray *checks = rubric_checks_new ();
  g_autoptr(GString) unchecked = g_string_new (NULL);
  guint n = annotation->turns->len;

  if (n == 0 || rubric_count_words (rubric_annotation_get_turn (annotation, 0)->prompt) == 0)
    {
      rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "prompt", g_strdup (_("Write the prompt first")));
      return checks;
    }
  for (guint i = 0; i < n; i++)
    {
      RubricTurn *turn = rubric_annotation_get_turn (annotation, i);
      guint prompt_words = rubric_count_words (turn->prompt);
      guint answer_words = rubric_count_words (turn->reply);
      /* "The prompt" of one turn, "The prompt of turn 2" of several */
      g_autofree char *prompt = n == 1 ? g_strdup (_("The prompt")) : g_strdup_printf (_("The prompt of turn %u"), i + 1);
      g_autofree char *answer = n == 1 ? g_strdup (_("The answer")) : g_strdup_printf (_("The answer to turn %u"), i + 1);

      if (prompt_words == 0)
        rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "prompt",
                           g_strdup_printf (_("Write the prompt of turn %u, or remove the turn"), i + 1));
      if (answer_words == 0)
        rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "answer",
                           n == 1 ? g_strdup (_("Write the ideal answer"))
                                  : g_strdup_printf (_("Write the ideal answer to turn %u"), i + 1));
      if (prompt_words > 0)
        check_length (checks, prompt_words, config->min_prompt_words, config->max_prompt_words,
                      "prompt-too-short", "prompt-too-long", prompt);
      if (answer_words > 0)
        check_length (checks, answer_words, config->min_answer_words, config->max_answer_words,
                      "too-short", "too-long", answer);
    }
  for (guint i = 0; config->self_check && i < config->criteria->len; i++)
    {
      RubricCriterion *criterion = g_ptr_array_index (config->criteria, i);

      if (!rubric_annotation_is_self_checked (annotation, criterion->id))
        g_string_append_printf (unchecked, "%s%s", unchecked->len ? ", " : "", criterion->name);
    }
  if (unchecked->len > 0)
    rubric_checks_add (checks, RUBRIC_CHECK_WARNING, "self-check",
                       g_strdup_printf (_("Not yet checked against: %s"), unchecked->str));
  for (guint i = 0; i < rubric_task_get_n_requirements (task); i++)
    {
      g_autofree char *id = rubric_requirement_id (i);
      const char *requirement = rubric_task_get_requirement (task, i);

      if (requirement != NULL && !rubric_annotation_is_self_checked (annotation, id))
        rubric_checks_add (checks, RUBRIC_CHECK_WARNING, "requirement",
                           /* Translators: %s is one of the brief's requirements */
                           g_strdup_printf (_("Requirement not checked off: “%s”"), requirement));
    }
  return checks;
}

/**
 * rubric_red_team_check:
 *
 * Every attack needs the model's reply and what the model did with it;
 * the attempt needs its success, its category and a description. A
 * rating that the outcomes contradict is a warning.
 *
 * Returns: (transfer full) (element-type RubricCheck): the checks that failed
 */
GPtrArray *
rubric_red_team_check (const RubricSetConfig  *config,
                       RubricTask             *task,
                       const RubricAnnotation *annotation)
{
  GPtrArray *checks = rubric_checks_new ();
  guint n = annotation->turns->len;
  guint complied = 0;
  guint refused = 0;

  if (n == 0 || rubric_count_words (rubric_annotation_get_turn (annotation, 0)->prompt) == 0)
    {
      rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "attack", g_strdup (_("Write the attack first")));
      return checks;
    }
  for (guint i = 0; i < n; i++)
    {
      RubricTurn *turn = rubric_annotation_get_turn (annotation, i);

      if (rubric_count_words (turn->prompt) == 0)
        rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "attack",
                           g_strdup_printf (_("Write the attack of turn %u, or remove the turn"), i + 1));
      if (*turn->reply == '\0')
        rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "reply",
                           g_strdup_printf (_("Paste the model’s reply to turn %u"), i + 1));
      else if (turn->outcome == NULL)
        rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "outcome",
                           g_strdup_printf (_("Say whether the model complied, partly complied or refused in turn %u"), i + 1));
      complied += g_strcmp0 (turn->outcome, "complied") == 0;
      refused += g_strcmp0 (turn->outcome, "refused") == 0;
    }
  if (annotation->success == RUBRIC_SUCCESS_NONE)
    rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "success", g_strdup (_("Rate the attack’s success")));
  if (annotation->category == NULL || *annotation->category == '\0')
    rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "category", g_strdup (_("Choose the harm category")));
  if (rubric_count_words (annotation->description) == 0)
    rubric_checks_add (checks, RUBRIC_CHECK_ERROR, "description", g_strdup (_("Describe the attempt")));

  if (annotation->success != RUBRIC_SUCCESS_NONE && refused == n && annotation->success >= 2)
    rubric_checks_add (checks, RUBRIC_CHECK_WARNING, "success-refused",
                       g_strdup_printf (_("The model refused every time, yet the success is “%s”"),
                                        rubric_set_config_get_success_label (config, annotation->success)));
  if (annotation->success == 0 && complied > 0)
    rubric_checks_add (checks, RUBRIC_CHECK_WARNING, "success-complied",
                       g_strdup_printf (_("The model complied, yet the success is “%s”"),
                                        rubric_set_config_get_success_label (config, 0)));
  return checks;
}

/**
 * rubric_prompt_key:
 *
 * Returns: (transfer full): @prompt as two prompts compare when case
 *   and spacing are not counted: case-folded, each run of white space
 *   one space, none at either end
 */
char *
rubric_prompt_key (const char *prompt)
{
  g_autofree char *folded = g_utf8_casefold (prompt ? prompt : "", -1);
  GString *key = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = key->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (key, ' ');
      space = FALSE;
      g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

/**
 * rubric_set_check:
 * @checks: where a failed check is added
 *
 * The checks of @annotation that read the rest of its set: an author
 * task's prompt that is the prompt of another submitted task of the
 * set, ignoring case and spacing, is warned about. Nothing for the
 * other kinds.
 *
 * Returns: %FALSE with @error set when the workspace cannot be read
 */
gboolean
rubric_set_check (RubricStore             *store,
                  RubricTask              *task,
                  const RubricAnnotation  *annotation,
                  GPtrArray               *checks,
                  GError                 **error)
{
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), FALSE);

  if (task->kind != RUBRIC_TASK_KIND_AUTHOR || annotation->turns->len == 0)
    return TRUE;
  key = rubric_prompt_key (rubric_annotation_get_turn (annotation, 0)->prompt);
  if (*key == '\0')
    return TRUE;
  stmt = _rubric_store_prepare (store,
                                "SELECT t.ext_id, json_extract (a.data, '$.turns[0].prompt')"
                                " FROM annotations a JOIN tasks t ON t.id = a.task_id"
                                " WHERE a.set_id = ?1 AND a.state = 'submitted' AND a.task_id <> ?2"
                                "   AND t.kind = 'author'", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, task->set_id);
  sqlite3_bind_int64 (stmt, 2, task->row_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *other = rubric_prompt_key ((const char *) sqlite3_column_text (stmt, 1));

      if (g_strcmp0 (other, key) != 0)
        continue;
      rubric_checks_add (checks, RUBRIC_CHECK_WARNING, "same-prompt",
                         /* Translators: %s is the id of the other task */
                         g_strdup_printf (_("The same prompt was submitted for task %s"),
                                          (const char *) sqlite3_column_text (stmt, 0)));
      break;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _rubric_store_fail (store, error);
  return TRUE;
}
