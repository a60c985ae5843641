/* rubric-annotation.c
 *
 * The one place that reads and writes an annotation's JSON: pages set
 * typed fields, the store keeps the JSON, exports write these fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-annotation"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-annotation.h"
#include "rubric-error.h"
#include "rubric-json.h"
#include "rubric-judgement.h"

typedef struct
{
  char *response_id;
  char *criterion_id;
  int   value;
} Score;

typedef struct
{
  char *response_id;
  char *flag_id;
} Flag;

static const char *state_names[] = { "draft", "submitted", "skipped" };

/* The keys this version writes in the data; any other is kept. */
static const char *known_keys[] = {
  "schema", "scores", "flags", "ranking", "ties", "spans", "verdict", "self_check", "overrides",
  "skip_reason", "pasted_chars", "system", "turns", "success", "category", "tags", "description",
  "safe_reply",
};

static const char *outcomes[] = { "complied", "partial", "refused" };

/* Kept once in the data by older versions, now view state. */
static const char *view_keys[] = { "cursor", "cursor_align" };

const char *
rubric_annotation_state_to_string (RubricAnnotationState state)
{
  g_return_val_if_fail (state >= 0 && state < (int) G_N_ELEMENTS (state_names), NULL);
  return state_names[state];
}

RubricAnnotationState
rubric_annotation_state_from_string (const char *str)
{
  for (guint i = 0; str != NULL && i < G_N_ELEMENTS (state_names); i++)
    {
      if (strcmp (str, state_names[i]) == 0)
        return (RubricAnnotationState) i;
    }
  return RUBRIC_ANNOTATION_NONE;
}

static void
score_free (Score *score)
{
  g_free (score->response_id);
  g_free (score->criterion_id);
  g_free (score);
}

static void
flag_free (Flag *flag)
{
  g_free (flag->response_id);
  g_free (flag->flag_id);
  g_free (flag);
}

static void
override_free (RubricOverride *override)
{
  g_free (override->check);
  g_free (override->message);
  g_free (override->reason);
  g_free (override);
}

RubricSpan *
rubric_span_new (void)
{
  return g_new0 (RubricSpan, 1);
}

RubricSpan *
rubric_span_copy (const RubricSpan *span)
{
  RubricSpan *copy = g_memdup2 (span, sizeof *span);

  copy->response_id = g_strdup (span->response_id);
  copy->quote = g_strdup (span->quote);
  copy->flag = g_strdup (span->flag);
  copy->severity = g_strdup (span->severity);
  copy->comment = g_strdup (span->comment);
  copy->correction = g_strdup (span->correction);
  return copy;
}

void
rubric_span_free (RubricSpan *span)
{
  if (span == NULL)
    return;
  g_free (span->response_id);
  g_free (span->quote);
  g_free (span->flag);
  g_free (span->severity);
  g_free (span->comment);
  g_free (span->correction);
  g_free (span);
}

static void
turn_free (RubricTurn *turn)
{
  g_free (turn->prompt);
  g_free (turn->reply);
  g_free (turn->outcome);
  g_free (turn);
}

static RubricTurn *
turn_new (const char *prompt,
          const char *reply,
          const char *outcome)
{
  RubricTurn *turn = g_new0 (RubricTurn, 1);

  turn->prompt = g_strdup (prompt ? prompt : "");
  turn->reply = g_strdup (reply ? reply : "");
  turn->outcome = g_strdup (outcome);
  return turn;
}

/**
 * rubric_annotation_add_turn:
 *
 * Appends an empty turn.
 *
 * Returns: (transfer none): the turn
 */
RubricTurn *
rubric_annotation_add_turn (RubricAnnotation *self)
{
  RubricTurn *turn = turn_new (NULL, NULL, NULL);

  g_ptr_array_add (self->turns, turn);
  return turn;
}

RubricTurn *
rubric_annotation_get_turn (const RubricAnnotation *self,
                            guint                   index)
{
  g_return_val_if_fail (index < self->turns->len, NULL);
  return g_ptr_array_index (self->turns, index);
}

gboolean
rubric_turn_outcome_is_valid (const char *outcome)
{
  for (guint i = 0; outcome != NULL && i < G_N_ELEMENTS (outcomes); i++)
    {
      if (strcmp (outcome, outcomes[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/**
 * rubric_turn_outcome_get_label:
 *
 * Returns: what a person reads for a model reply's outcome
 */
const char *
rubric_turn_outcome_get_label (const char *outcome)
{
  if (g_strcmp0 (outcome, "complied") == 0)
    return _("Complied");
  if (g_strcmp0 (outcome, "partial") == 0)
    return _("Partly Complied");
  if (g_strcmp0 (outcome, "refused") == 0)
    return _("Refused");
  return _("Not Marked");
}

static void
init_lists (RubricAnnotation *self)
{
  self->turns = g_ptr_array_new_with_free_func ((GDestroyNotify) turn_free);
  self->tags = g_ptr_array_new_with_free_func (g_free);
  self->scores = g_ptr_array_new_with_free_func ((GDestroyNotify) score_free);
  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) flag_free);
  self->ranking = g_ptr_array_new_with_free_func (g_free);
  self->ties = g_ptr_array_new_with_free_func (g_free);
  self->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) rubric_span_free);
  self->self_check = g_ptr_array_new_with_free_func (g_free);
  self->overrides = g_ptr_array_new_with_free_func ((GDestroyNotify) override_free);
}

RubricAnnotation *
rubric_annotation_new (gint64      task_id,
                       gint64      set_id,
                       const char *annotator)
{
  RubricAnnotation *self = g_rc_box_new0 (RubricAnnotation);

  self->task_id = task_id;
  self->set_id = set_id;
  self->annotator = g_strdup (annotator);
  self->state = RUBRIC_ANNOTATION_DRAFT;
  self->saved_state = RUBRIC_ANNOTATION_NONE;
  self->justification = g_strdup ("");
  self->answer = g_strdup ("");
  self->view_state = g_strdup ("{}");
  self->success = RUBRIC_SUCCESS_NONE;
  init_lists (self);
  return self;
}

static GPtrArray *
copy_strings (GPtrArray *strings)
{
  GPtrArray *copy = g_ptr_array_new_full (strings->len, g_free);

  for (guint i = 0; i < strings->len; i++)
    g_ptr_array_add (copy, g_strdup (g_ptr_array_index (strings, i)));
  return copy;
}

RubricAnnotation *
rubric_annotation_copy (const RubricAnnotation *self)
{
  RubricAnnotation *copy = g_rc_box_new0 (RubricAnnotation);

  *copy = *self;
  copy->annotator = g_strdup (self->annotator);
  copy->choice = g_strdup (self->choice);
  copy->justification = g_strdup (self->justification);
  copy->verdict = g_strdup (self->verdict);
  copy->answer = g_strdup (self->answer);
  copy->skip_reason = g_strdup (self->skip_reason);
  copy->view_state = g_strdup (self->view_state);
  copy->system = g_strdup (self->system);
  copy->category = g_strdup (self->category);
  copy->description = g_strdup (self->description);
  copy->safe_reply = g_strdup (self->safe_reply);
  copy->extra = self->extra ? json_object_get (self->extra) : NULL;
  init_lists (copy);
  for (guint i = 0; i < self->turns->len; i++)
    {
      RubricTurn *turn = g_ptr_array_index (self->turns, i);

      g_ptr_array_add (copy->turns, turn_new (turn->prompt, turn->reply, turn->outcome));
    }
  g_ptr_array_unref (copy->tags);
  copy->tags = copy_strings (self->tags);
  for (guint i = 0; i < self->scores->len; i++)
    {
      Score *score = g_ptr_array_index (self->scores, i);

      rubric_annotation_set_score (copy, score->response_id, score->criterion_id, score->value);
    }
  for (guint i = 0; i < self->flags->len; i++)
    {
      Flag *flag = g_ptr_array_index (self->flags, i);

      rubric_annotation_set_flag (copy, flag->response_id, flag->flag_id, TRUE);
    }
  g_ptr_array_unref (copy->ranking);
  copy->ranking = copy_strings (self->ranking);
  g_ptr_array_unref (copy->ties);
  copy->ties = copy_strings (self->ties);
  g_ptr_array_unref (copy->self_check);
  copy->self_check = copy_strings (self->self_check);
  for (guint i = 0; i < self->spans->len; i++)
    g_ptr_array_add (copy->spans, rubric_span_copy (g_ptr_array_index (self->spans, i)));
  for (guint i = 0; i < self->overrides->len; i++)
    {
      RubricOverride *override = g_ptr_array_index (self->overrides, i);
      RubricOverride *o = g_new0 (RubricOverride, 1);

      o->check = g_strdup (override->check);
      o->message = g_strdup (override->message);
      o->reason = g_strdup (override->reason);
      g_ptr_array_add (copy->overrides, o);
    }
  return copy;
}

RubricAnnotation *
rubric_annotation_ref (RubricAnnotation *self)
{
  return g_rc_box_acquire (self);
}

static void
annotation_clear (RubricAnnotation *self)
{
  g_free (self->annotator);
  g_free (self->choice);
  g_free (self->justification);
  g_free (self->verdict);
  g_free (self->answer);
  g_free (self->skip_reason);
  g_free (self->view_state);
  g_free (self->system);
  g_free (self->category);
  g_free (self->description);
  g_free (self->safe_reply);
  g_ptr_array_unref (self->turns);
  g_ptr_array_unref (self->tags);
  g_clear_pointer (&self->extra, json_object_put);
  g_ptr_array_unref (self->scores);
  g_ptr_array_unref (self->flags);
  g_ptr_array_unref (self->ranking);
  g_ptr_array_unref (self->ties);
  g_ptr_array_unref (self->spans);
  g_ptr_array_unref (self->self_check);
  g_ptr_array_unref (self->overrides);
}

/* The page that edits the work and the window that saves it both hold
 * it; it goes with the last of them. */
void
rubric_annotation_unref (RubricAnnotation *self)
{
  if (self != NULL)
    g_rc_box_release_full (self, (GDestroyNotify) annotation_clear);
}

/**
 * rubric_annotation_set_text:
 *
 * Replaces a text field of an annotation (choice, justification, …);
 * %NULL clears it.
 */
void
rubric_annotation_set_text (char       **field,
                            const char  *text)
{
  if (*field == text)
    return;
  g_free (*field);
  *field = g_strdup (text);
}

/* Scores and flags ---------------------------------------------------- */

static Score *
find_score (const RubricAnnotation *self,
            const char             *response_id,
            const char             *criterion_id,
            guint                  *index)
{
  for (guint i = 0; i < self->scores->len; i++)
    {
      Score *score = g_ptr_array_index (self->scores, i);

      if (g_strcmp0 (score->response_id, response_id) == 0 && g_strcmp0 (score->criterion_id, criterion_id) == 0)
        {
          if (index != NULL)
            *index = i;
          return score;
        }
    }
  return NULL;
}

/* Returns RUBRIC_SCORE_NONE for "not scored". */
int
rubric_annotation_get_score (const RubricAnnotation *self,
                             const char             *response_id,
                             const char             *criterion_id)
{
  Score *score = find_score (self, response_id, criterion_id, NULL);

  return score != NULL ? score->value : RUBRIC_SCORE_NONE;
}

/* RUBRIC_SCORE_NONE clears the score. */
void
rubric_annotation_set_score (RubricAnnotation *self,
                             const char       *response_id,
                             const char       *criterion_id,
                             int               value)
{
  guint index;
  Score *score = find_score (self, response_id, criterion_id, &index);

  if (value == RUBRIC_SCORE_NONE)
    {
      if (score != NULL)
        g_ptr_array_remove_index (self->scores, index);
      return;
    }
  if (score == NULL)
    {
      score = g_new0 (Score, 1);
      score->response_id = g_strdup (response_id);
      score->criterion_id = g_strdup (criterion_id);
      g_ptr_array_add (self->scores, score);
    }
  score->value = value;
}

guint
rubric_annotation_count_scores (const RubricAnnotation *self,
                                const char             *response_id)
{
  guint n = 0;

  for (guint i = 0; i < self->scores->len; i++)
    n += g_strcmp0 (((Score *) g_ptr_array_index (self->scores, i))->response_id, response_id) == 0;
  return n;
}

static int
find_flag (const RubricAnnotation *self,
           const char             *response_id,
           const char             *flag_id)
{
  for (guint i = 0; i < self->flags->len; i++)
    {
      Flag *flag = g_ptr_array_index (self->flags, i);

      if (g_strcmp0 (flag->response_id, response_id) == 0 && g_strcmp0 (flag->flag_id, flag_id) == 0)
        return i;
    }
  return -1;
}

gboolean
rubric_annotation_has_flag (const RubricAnnotation *self,
                            const char             *response_id,
                            const char             *flag_id)
{
  return find_flag (self, response_id, flag_id) >= 0;
}

void
rubric_annotation_set_flag (RubricAnnotation *self,
                            const char       *response_id,
                            const char       *flag_id,
                            gboolean          set)
{
  int index = find_flag (self, response_id, flag_id);
  Flag *flag;

  if (!set && index >= 0)
    g_ptr_array_remove_index (self->flags, index);
  if (!set || index >= 0)
    return;
  flag = g_new0 (Flag, 1);
  flag->response_id = g_strdup (response_id);
  flag->flag_id = g_strdup (flag_id);
  g_ptr_array_add (self->flags, flag);
}

guint
rubric_annotation_count_flags (const RubricAnnotation *self,
                               const char             *response_id)
{
  guint n = 0;

  for (guint i = 0; i < self->flags->len; i++)
    n += g_strcmp0 (((Flag *) g_ptr_array_index (self->flags, i))->response_id, response_id) == 0;
  return n;
}

gboolean
rubric_annotation_is_flagged (const RubricAnnotation *self)
{
  return self->flags->len > 0;
}

/* Ranking ----------------------------------------------------------- */

static void
set_strings (GPtrArray          *array,
             const char * const *ids,
             guint               n_ids)
{
  g_auto(GStrv) copy = g_new0 (char *, n_ids + 1);

  /* The ids may be the array's own strings, rearranged: copy them first. */
  for (guint i = 0; i < n_ids; i++)
    copy[i] = g_strdup (ids[i]);
  g_ptr_array_set_size (array, 0);
  for (guint i = 0; i < n_ids; i++)
    g_ptr_array_add (array, g_steal_pointer (&copy[i]));
}

void
rubric_annotation_set_ranking (RubricAnnotation   *self,
                               const char * const *ids,
                               guint               n_ids)
{
  set_strings (self->ranking, ids, n_ids);
}

void
rubric_annotation_set_ties (RubricAnnotation   *self,
                            const char * const *ids,
                            guint               n_ids)
{
  set_strings (self->ties, ids, n_ids);
}

static gboolean
contains (GPtrArray  *strings,
          const char *s)
{
  for (guint i = 0; i < strings->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (strings, i), s) == 0)
        return TRUE;
    }
  return FALSE;
}

gboolean
rubric_annotation_is_tied (const RubricAnnotation *self,
                           const char             *response_id)
{
  return contains (self->ties, response_id);
}

/* Spans, self-check, overrides -------------------------------------- */

/* Takes @span. */
void
rubric_annotation_add_span (RubricAnnotation *self,
                            RubricSpan       *span)
{
  g_ptr_array_add (self->spans, span);
}

void
rubric_annotation_remove_span (RubricAnnotation *self,
                               guint             index)
{
  g_return_if_fail (index < self->spans->len);
  g_ptr_array_remove_index (self->spans, index);
}

gboolean
rubric_annotation_is_self_checked (const RubricAnnotation *self,
                                   const char             *criterion_id)
{
  return contains (self->self_check, criterion_id);
}

void
rubric_annotation_set_self_checked (RubricAnnotation *self,
                                    const char       *criterion_id,
                                    gboolean          checked)
{
  for (guint i = 0; i < self->self_check->len; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (self->self_check, i), criterion_id) == 0)
        {
          if (!checked)
            g_ptr_array_remove_index (self->self_check, i);
          return;
        }
    }
  if (checked)
    g_ptr_array_add (self->self_check, g_strdup (criterion_id));
}

gboolean
rubric_annotation_has_tag (const RubricAnnotation *self,
                           const char             *tag)
{
  return contains (self->tags, tag);
}

void
rubric_annotation_set_tag (RubricAnnotation *self,
                           const char       *tag,
                           gboolean          set)
{
  guint index;

  if (g_ptr_array_find_with_equal_func (self->tags, tag, g_str_equal, &index))
    {
      if (!set)
        g_ptr_array_remove_index (self->tags, index);
    }
  else if (set)
    g_ptr_array_add (self->tags, g_strdup (tag));
}

/**
 * rubric_annotation_set_overrides:
 * @checks: (element-type RubricCheck): the warnings overruled
 *
 * Records that the person submitted despite @checks, for @reason;
 * replaces what an earlier submission recorded.
 */
void
rubric_annotation_set_overrides (RubricAnnotation *self,
                                 GPtrArray        *checks,
                                 const char       *reason)
{
  g_ptr_array_set_size (self->overrides, 0);
  for (guint i = 0; i < checks->len; i++)
    {
      RubricCheck *check = g_ptr_array_index (checks, i);
      RubricOverride *override = g_new0 (RubricOverride, 1);

      override->check = g_strdup (check->code);
      override->message = g_strdup (check->message);
      override->reason = g_strdup (reason);
      g_ptr_array_add (self->overrides, override);
    }
}

/* Reading ------------------------------------------------------------ */

static gboolean
is_known (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_keys); i++)
    {
      if (g_str_equal (key, known_keys[i]))
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_view_key (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (view_keys); i++)
    {
      if (g_str_equal (key, view_keys[i]))
        return TRUE;
    }
  return FALSE;
}

static void
read_strings (GPtrArray   *into,
              json_object *array)
{
  g_ptr_array_set_size (into, 0);
  for (gsize i = 0; array != NULL && i < json_object_array_length (array); i++)
    {
      json_object *item = json_object_array_get_idx (array, i);

      if (json_object_is_type (item, json_type_string))
        g_ptr_array_add (into, g_strdup (json_object_get_string (item)));
    }
}

static void
read_scores (RubricAnnotation *self,
             json_object      *scores)
{
  if (scores == NULL)
    return;
  json_object_object_foreach (scores, response_id, by_criterion)
    {
      if (!json_object_is_type (by_criterion, json_type_object))
        continue;
      json_object_object_foreach (by_criterion, criterion_id, value)
        {
          if (json_object_is_type (value, json_type_int))
            rubric_annotation_set_score (self, response_id, criterion_id, json_object_get_int (value));
        }
    }
}

static void
read_flags (RubricAnnotation *self,
            json_object      *flags)
{
  if (flags == NULL)
    return;
  json_object_object_foreach (flags, response_id, list)
    {
      for (gsize i = 0; json_object_is_type (list, json_type_array) && i < json_object_array_length (list); i++)
        {
          json_object *flag = json_object_array_get_idx (list, i);

          if (json_object_is_type (flag, json_type_string))
            rubric_annotation_set_flag (self, response_id, json_object_get_string (flag), TRUE);
        }
    }
}

static char *
dup_member (json_object *object,
            const char  *key)
{
  return g_strdup (rubric_json_get_string (object, key));
}

static void
read_spans (RubricAnnotation *self,
            json_object      *spans)
{
  for (gsize i = 0; spans != NULL && i < json_object_array_length (spans); i++)
    {
      json_object *item = json_object_array_get_idx (spans, i);
      json_object *start = rubric_json_get_typed (item, "start", json_type_int);
      json_object *end = rubric_json_get_typed (item, "end", json_type_int);
      RubricSpan *span;

      if (start == NULL || end == NULL)
        continue;
      span = rubric_span_new ();
      span->response_id = dup_member (item, "response");
      span->start = json_object_get_int (start);
      span->end = json_object_get_int (end);
      span->quote = dup_member (item, "quote");
      span->flag = dup_member (item, "flag");
      span->severity = dup_member (item, "severity");
      span->comment = dup_member (item, "comment");
      span->correction = dup_member (item, "correction");
      g_ptr_array_add (self->spans, span);
    }
}

static void
read_overrides (RubricAnnotation *self,
                json_object      *overrides)
{
  for (gsize i = 0; overrides != NULL && i < json_object_array_length (overrides); i++)
    {
      json_object *item = json_object_array_get_idx (overrides, i);
      RubricOverride *override = g_new0 (RubricOverride, 1);

      override->check = dup_member (item, "check");
      override->message = dup_member (item, "message");
      override->reason = dup_member (item, "reason");
      g_ptr_array_add (self->overrides, override);
    }
}

/**
 * rubric_annotation_read_written:
 * @data: an object holding the keys of an author's or red-teamer's
 *   work, as the data or a records line writes them
 *
 * Reads what an author or red-team task's person wrote.
 */
void
rubric_annotation_read_written (RubricAnnotation *self,
                                json_object      *data)
{
  json_object *turns = rubric_json_get_typed (data, "turns", json_type_array);
  json_object *success = rubric_json_get_typed (data, "success", json_type_int);

  rubric_annotation_set_text (&self->system, rubric_json_get_string (data, "system"));
  g_ptr_array_set_size (self->turns, 0);
  for (gsize i = 0; turns != NULL && i < json_object_array_length (turns); i++)
    {
      json_object *item = json_object_array_get_idx (turns, i);
      const char *outcome = rubric_json_get_string (item, "outcome");

      if (!json_object_is_type (item, json_type_object))
        continue;
      g_ptr_array_add (self->turns, turn_new (rubric_json_get_string (item, "prompt"),
                                              rubric_json_get_string (item, "reply"),
                                              rubric_turn_outcome_is_valid (outcome) ? outcome : NULL));
    }
  self->success = RUBRIC_SUCCESS_NONE;
  if (success != NULL && json_object_get_int64 (success) >= 0 && json_object_get_int64 (success) <= RUBRIC_MAX_SUCCESS)
    self->success = json_object_get_int (success);
  rubric_annotation_set_text (&self->category, rubric_json_get_string (data, "category"));
  read_strings (self->tags, rubric_json_get_typed (data, "tags", json_type_array));
  rubric_annotation_set_text (&self->description, rubric_json_get_string (data, "description"));
  rubric_annotation_set_text (&self->safe_reply, rubric_json_get_string (data, "safe_reply"));
}

/* Cursor positions older versions kept in the data become view state. */
static void
take_view_keys (RubricAnnotation *self,
                json_object      *data)
{
  g_autoptr(json_object) view = json_tokener_parse (self->view_state ? self->view_state : "{}");

  if (!json_object_is_type (view, json_type_object))
    {
      g_clear_pointer (&view, json_object_put);
      view = json_object_new_object ();
    }
  json_object_object_foreach (data, key, value)
    {
      if (is_view_key (key))
        json_object_object_add (view, key, json_object_get (value));
    }
  g_free (self->view_state);
  self->view_state = g_strdup (json_object_to_json_string_ext (view, JSON_C_TO_STRING_PLAIN));
}

/**
 * rubric_annotation_load_data:
 * @json: the data the store keeps, as written by rubric_annotation_dup_data()
 *   or by an older version
 *
 * Reads scores, flags, ranking, spans and the rest into the model. Keys
 * it does not know are kept and written back as they were.
 */
gboolean
rubric_annotation_load_data (RubricAnnotation  *self,
                             const char        *json,
                             GError           **error)
{
  g_autoptr(json_object) data = json_tokener_parse (json ? json : "{}");
  json_object *pasted;

  if (!json_object_is_type (data, json_type_object))
    {
      g_set_error (error, RUBRIC_ERROR, RUBRIC_ERROR_DAMAGED, _("The saved work of this task is not a JSON object"));
      return FALSE;
    }
  read_scores (self, rubric_json_get_typed (data, "scores", json_type_object));
  read_flags (self, rubric_json_get_typed (data, "flags", json_type_object));
  read_strings (self->ranking, rubric_json_get_typed (data, "ranking", json_type_array));
  read_strings (self->ties, rubric_json_get_typed (data, "ties", json_type_array));
  read_spans (self, rubric_json_get_typed (data, "spans", json_type_array));
  read_strings (self->self_check, rubric_json_get_typed (data, "self_check", json_type_array));
  read_overrides (self, rubric_json_get_typed (data, "overrides", json_type_array));
  rubric_annotation_set_text (&self->verdict, rubric_json_get_string (data, "verdict"));
  rubric_annotation_set_text (&self->skip_reason, rubric_json_get_string (data, "skip_reason"));
  rubric_annotation_read_written (self, data);
  pasted = rubric_json_get_typed (data, "pasted_chars", json_type_int);
  self->pasted_chars = pasted ? MAX (0, json_object_get_int (pasted)) : 0;
  take_view_keys (self, data);

  g_clear_pointer (&self->extra, json_object_put);
  json_object_object_foreach (data, key, value)
    {
      if (is_known (key) || is_view_key (key))
        continue;
      if (self->extra == NULL)
        self->extra = json_object_new_object ();
      json_object_object_add (self->extra, key, json_object_get (value));
    }
  return TRUE;
}

/* Writing ------------------------------------------------------------ */

static void
append_nullable (GString    *out,
                 const char *text)
{
  if (text == NULL)
    g_string_append (out, "null");
  else
    rubric_json_append_cstring (out, text);
}

/* Responses in the order they were first marked. */
static GPtrArray *
marked_responses (GPtrArray *items,
                  gsize      id_offset)
{
  GPtrArray *ids = g_ptr_array_new ();

  for (guint i = 0; i < items->len; i++)
    {
      const char *id = G_STRUCT_MEMBER (const char *, g_ptr_array_index (items, i), id_offset);

      if (!contains (ids, id))
        g_ptr_array_add (ids, (gpointer) id);
    }
  return ids;
}

static void
append_scores (GString                *out,
               const RubricAnnotation *self)
{
  g_autoptr(GPtrArray) responses = marked_responses (self->scores, G_STRUCT_OFFSET (Score, response_id));
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint r = 0; r < responses->len; r++)
    {
      const char *response_id = g_ptr_array_index (responses, r);
      gboolean inner = TRUE;

      rubric_json_append_key (out, &first, response_id);
      g_string_append_c (out, '{');
      for (guint i = 0; i < self->scores->len; i++)
        {
          Score *score = g_ptr_array_index (self->scores, i);

          if (g_strcmp0 (score->response_id, response_id) != 0)
            continue;
          rubric_json_append_key (out, &inner, score->criterion_id);
          g_string_append_printf (out, "%d", score->value);
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, '}');
}

static void
append_flags (GString                *out,
              const RubricAnnotation *self)
{
  g_autoptr(GPtrArray) responses = marked_responses (self->flags, G_STRUCT_OFFSET (Flag, response_id));
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  for (guint r = 0; r < responses->len; r++)
    {
      const char *response_id = g_ptr_array_index (responses, r);
      gboolean first_flag = TRUE;

      rubric_json_append_key (out, &first, response_id);
      g_string_append_c (out, '[');
      for (guint i = 0; i < self->flags->len; i++)
        {
          Flag *flag = g_ptr_array_index (self->flags, i);

          if (g_strcmp0 (flag->response_id, response_id) != 0)
            continue;
          if (!first_flag)
            g_string_append_c (out, ',');
          first_flag = FALSE;
          rubric_json_append_cstring (out, flag->flag_id);
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}

static void
append_spans (GString                *out,
              const RubricAnnotation *self)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->spans->len; i++)
    {
      RubricSpan *span = g_ptr_array_index (self->spans, i);
      gboolean first = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      if (span->response_id != NULL)
        {
          rubric_json_append_key (out, &first, "response");
          rubric_json_append_cstring (out, span->response_id);
        }
      rubric_json_append_key (out, &first, "start");
      g_string_append_printf (out, "%u", span->start);
      rubric_json_append_key (out, &first, "end");
      g_string_append_printf (out, "%u", span->end);
      rubric_json_append_key (out, &first, "quote");
      append_nullable (out, span->quote);
      rubric_json_append_key (out, &first, "flag");
      append_nullable (out, span->flag);
      rubric_json_append_key (out, &first, "severity");
      append_nullable (out, span->severity);
      rubric_json_append_key (out, &first, "comment");
      rubric_json_append_cstring (out, span->comment ? span->comment : "");
      rubric_json_append_key (out, &first, "correction");
      append_nullable (out, span->correction);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
append_overrides (GString                *out,
                  const RubricAnnotation *self)
{
  g_string_append_c (out, '[');
  for (guint i = 0; i < self->overrides->len; i++)
    {
      RubricOverride *override = g_ptr_array_index (self->overrides, i);
      gboolean first = TRUE;

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '{');
      rubric_json_append_key (out, &first, "check");
      append_nullable (out, override->check);
      rubric_json_append_key (out, &first, "message");
      append_nullable (out, override->message);
      rubric_json_append_key (out, &first, "reason");
      append_nullable (out, override->reason);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

/* An author or red-team task's work, member by member as there is
 * some: the other kinds' records stay as they were. */
static void
append_written (GString                *out,
                const RubricAnnotation *self,
                gboolean               *first)
{
  if (self->system != NULL)
    {
      rubric_json_append_key (out, first, "system");
      rubric_json_append_cstring (out, self->system);
    }
  if (self->turns->len > 0)
    {
      rubric_json_append_key (out, first, "turns");
      g_string_append_c (out, '[');
      for (guint i = 0; i < self->turns->len; i++)
        {
          RubricTurn *turn = g_ptr_array_index (self->turns, i);
          gboolean inner = TRUE;

          if (i > 0)
            g_string_append_c (out, ',');
          g_string_append_c (out, '{');
          rubric_json_append_key (out, &inner, "prompt");
          rubric_json_append_cstring (out, turn->prompt);
          rubric_json_append_key (out, &inner, "reply");
          rubric_json_append_cstring (out, turn->reply);
          if (turn->outcome != NULL)
            {
              rubric_json_append_key (out, &inner, "outcome");
              rubric_json_append_cstring (out, turn->outcome);
            }
          g_string_append_c (out, '}');
        }
      g_string_append_c (out, ']');
    }
  if (self->success != RUBRIC_SUCCESS_NONE)
    {
      rubric_json_append_key (out, first, "success");
      g_string_append_printf (out, "%d", self->success);
    }
  if (self->category != NULL)
    {
      rubric_json_append_key (out, first, "category");
      rubric_json_append_cstring (out, self->category);
    }
  if (self->tags->len > 0)
    {
      rubric_json_append_key (out, first, "tags");
      rubric_json_append_strings (out, self->tags);
    }
  if (self->description != NULL)
    {
      rubric_json_append_key (out, first, "description");
      rubric_json_append_cstring (out, self->description);
    }
  if (self->safe_reply != NULL)
    {
      rubric_json_append_key (out, first, "safe_reply");
      rubric_json_append_cstring (out, self->safe_reply);
    }
}

/**
 * rubric_annotation_append_fields:
 * @first: (inout): whether @out's object has no member yet
 *
 * Appends the judgement's members, every one of them whether set or
 * not, to a JSON object being written in @out, then the keys of a newer
 * version as one member "extra" if there are any. Columns of the store
 * (choice, strength, answer, justification) and view state are not
 * among them.
 */
void
rubric_annotation_append_fields (const RubricAnnotation *self,
                                 GString                *out,
                                 gboolean               *first)
{
  rubric_json_append_key (out, first, "scores");
  append_scores (out, self);
  rubric_json_append_key (out, first, "flags");
  append_flags (out, self);
  rubric_json_append_key (out, first, "ranking");
  rubric_json_append_strings (out, self->ranking);
  rubric_json_append_key (out, first, "ties");
  rubric_json_append_strings (out, self->ties);
  rubric_json_append_key (out, first, "spans");
  append_spans (out, self);
  rubric_json_append_key (out, first, "verdict");
  append_nullable (out, self->verdict);
  rubric_json_append_key (out, first, "self_check");
  rubric_json_append_strings (out, self->self_check);
  rubric_json_append_key (out, first, "overrides");
  append_overrides (out, self);
  rubric_json_append_key (out, first, "skip_reason");
  append_nullable (out, self->skip_reason);
  rubric_json_append_key (out, first, "pasted_chars");
  g_string_append_printf (out, "%u", self->pasted_chars);
  append_written (out, self, first);
}

static void
append_extra (GString                *out,
              const RubricAnnotation *self,
              gboolean               *first)
{
  if (self->extra == NULL)
    return;
  json_object_object_foreach (self->extra, key, value)
    {
      rubric_json_append_key (out, first, key);
      rubric_json_append_value (out, value);
    }
}

/**
 * rubric_annotation_append_extra:
 *
 * Appends the keys of a newer version, as they were, as one member
 * "extra"; nothing if there are none.
 */
void
rubric_annotation_append_extra (const RubricAnnotation *self,
                                GString                *out,
                                gboolean               *first)
{
  gboolean inner = TRUE;

  if (self->extra == NULL || json_object_object_length (self->extra) == 0)
    return;
  rubric_json_append_key (out, first, "extra");
  g_string_append_c (out, '{');
  append_extra (out, self, &inner);
  g_string_append_c (out, '}');
}

/**
 * rubric_annotation_dup_data:
 *
 * Returns: (transfer full): the JSON the store keeps for the judgement
 */
char *
rubric_annotation_dup_data (const RubricAnnotation *self)
{
  GString *out = g_string_new ("{");
  gboolean first = TRUE;

  rubric_json_append_key (out, &first, "schema");
  g_string_append_printf (out, "%d", RUBRIC_ANNOTATION_SCHEMA);
  rubric_annotation_append_fields (self, out, &first);
  /* Kept where a newer version put them, for it to find again. */
  append_extra (out, self, &first);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}
