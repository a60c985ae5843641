/* rubric-set-config.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-set-config"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "rubric-json.h"
#include "rubric-set-config.h"

#define DEFAULT_SCALE 7

static void read_taxonomy (RubricSetConfig *self,
                           json_object     *taxonomy);

static void
criterion_free (RubricCriterion *criterion)
{
  g_free (criterion->id);
  g_free (criterion->name);
  g_free (criterion->description);
  g_clear_pointer (&criterion->labels, g_hash_table_unref);
  g_free (criterion);
}

static void
flag_free (RubricFlag *flag)
{
  g_free (flag->id);
  g_free (flag->name);
  g_free (flag->description);
  g_free (flag);
}

static int
get_int (json_object *object,
         const char  *key,
         int          fallback)
{
  json_object *value = NULL;

  if (!json_object_object_get_ex (object, key, &value) ||
      !(json_object_is_type (value, json_type_int) || json_object_is_type (value, json_type_double)))
    return fallback;
  return json_object_get_int (value);
}

static gboolean
get_bool (json_object *object,
          const char  *key,
          gboolean     fallback)
{
  json_object *value = rubric_json_get_typed (object, key, json_type_boolean);

  return value != NULL ? json_object_get_boolean (value) : fallback;
}

static char *
dup_string (json_object *object,
            const char  *key,
            const char  *fallback)
{
  const char *value = rubric_json_get_string (object, key);

  return g_strdup (value != NULL ? value : fallback);
}

static RubricCriterion *
criterion_new (json_object *object)
{
  RubricCriterion *criterion = g_new0 (RubricCriterion, 1);
  json_object *scale = rubric_json_get_typed (object, "scale", json_type_object);
  json_object *labels = rubric_json_get_typed (scale, "labels", json_type_object);
  json_object *weight = NULL;

  criterion->id = dup_string (object, "id", "");
  criterion->name = dup_string (object, "name", criterion->id);
  criterion->description = dup_string (object, "description", "");
  criterion->min = get_int (scale, "min", 1);
  criterion->max = MAX (criterion->min, get_int (scale, "max", 5));
  criterion->weight = 1.0;
  if (json_object_object_get_ex (object, "weight", &weight) &&
      (json_object_is_type (weight, json_type_double) || json_object_is_type (weight, json_type_int)))
    criterion->weight = json_object_get_double (weight);
  criterion->labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (labels != NULL)
    {
      json_object_object_foreach (labels, key, value)
        {
          if (json_object_is_type (value, json_type_string))
            g_hash_table_insert (criterion->labels, g_strdup (key), g_strdup (json_object_get_string (value)));
        }
    }
  return criterion;
}

static RubricFlag *
flag_new (json_object *object)
{
  RubricFlag *flag = g_new0 (RubricFlag, 1);

  flag->id = dup_string (object, "id", "");
  flag->name = dup_string (object, "name", flag->id);
  flag->description = dup_string (object, "description", "");
  return flag;
}

/* A header may set repeat_swapped at its top, as the issue has it, or
 * among its settings; the top wins. */
static const char *repeat_places[] = { NULL, "settings" };

static json_object *
repeat_swapped_at (json_object *header,
                   guint        place)
{
  json_object *where = header;
  json_object *value = NULL;

  if (repeat_places[place] != NULL)
    where = rubric_json_get_typed (header, repeat_places[place], json_type_object);
  return json_object_object_get_ex (where, "repeat_swapped", &value) ? value : NULL;
}

static gboolean
is_share (json_object *value)
{
  double share;

  if (!json_object_is_type (value, json_type_double) && !json_object_is_type (value, json_type_int))
    return FALSE;
  share = json_object_get_double (value);
  return share >= 0.0 && share <= 1.0;
}

/**
 * rubric_set_config_check_header:
 * @field: (out): where the problem is, as "settings.repeat_swapped"
 *
 * Checks the settings of a header that a wrong value would quietly
 * change: a reader refuses the file instead.
 *
 * Returns: (nullable): why the value is wrong, or %NULL when it is fine
 */
static const char *taxonomy_lists[] = { "categories", "tags", "success_labels" };

/* A taxonomy's lists are arrays of strings; five success labels. */
static char *
check_taxonomy (json_object  *header,
                char        **field)
{
  json_object *taxonomy = NULL;

  if (!json_object_object_get_ex (header, "taxonomy", &taxonomy) || taxonomy == NULL)
    return NULL;
  if (!json_object_is_type (taxonomy, json_type_object))
    {
      *field = g_strdup ("taxonomy");
      return g_strdup_printf (_("must be an object, not %s"), rubric_json_type_label (taxonomy, FALSE));
    }
  for (guint i = 0; i < G_N_ELEMENTS (taxonomy_lists); i++)
    {
      json_object *list = NULL;

      if (!json_object_object_get_ex (taxonomy, taxonomy_lists[i], &list) || list == NULL)
        continue;
      if (!json_object_is_type (list, json_type_array))
        {
          *field = g_strdup_printf ("taxonomy.%s", taxonomy_lists[i]);
          return g_strdup_printf (_("must be an array, not %s"), rubric_json_type_label (list, FALSE));
        }
      for (gsize k = 0; k < json_object_array_length (list); k++)
        {
          json_object *item = json_object_array_get_idx (list, k);

          if (!json_object_is_type (item, json_type_string))
            {
              *field = g_strdup_printf ("taxonomy.%s[%zu]", taxonomy_lists[i], k);
              return g_strdup_printf (_("must be a string, not %s"), rubric_json_type_label (item, FALSE));
            }
        }
      if (i == 2 && json_object_array_length (list) != RUBRIC_SUCCESS_LEVELS)
        {
          *field = g_strdup ("taxonomy.success_labels");
          return g_strdup_printf (_("must name the %d levels of success, 0 to 4; it names %zu"),
                                  RUBRIC_SUCCESS_LEVELS, json_object_array_length (list));
        }
    }
  return NULL;
}

char *
rubric_set_config_check_header (json_object  *header,
                                char        **field)
{
  char *reason;

  if ((reason = check_taxonomy (header, field)))
    return reason;
  for (guint i = 0; i < G_N_ELEMENTS (repeat_places); i++)
    {
      json_object *value = repeat_swapped_at (header, i);

      if (value == NULL || is_share (value))
        continue;
      *field = repeat_places[i] ? g_strdup_printf ("%s.repeat_swapped", repeat_places[i]) : g_strdup ("repeat_swapped");
      if (json_object_is_type (value, json_type_double) || json_object_is_type (value, json_type_int))
        return g_strdup_printf (_("must be a share from 0 to 1, such as 0.05 for one compare task in twenty, not %s"),
                                json_object_to_json_string_ext (value, JSON_C_TO_STRING_PLAIN));
      return g_strdup_printf (_("must be a share from 0 to 1, such as 0.05, not %s"), rubric_json_type_label (value, FALSE));
    }
  return NULL;
}

/**
 * rubric_set_config_new:
 * @header: (nullable): a task set's header
 *
 * Reads the rubric and settings of a task set, with the defaults a
 * task file may leave out.
 */
RubricSetConfig *
rubric_set_config_new (json_object *header)
{
  RubricSetConfig *self = g_atomic_rc_box_new0 (RubricSetConfig);
  json_object *rubric = rubric_json_get_typed (header, "rubric", json_type_object);
  json_object *settings = rubric_json_get_typed (header, "settings", json_type_object);
  json_object *criteria = rubric_json_get_typed (rubric, "criteria", json_type_array);
  json_object *flags = rubric_json_get_typed (rubric, "flags", json_type_array);
  json_object *version = NULL;
  json_object *exam;
  int scale;

  self->criteria = g_ptr_array_new_with_free_func ((GDestroyNotify) criterion_free);
  self->flags = g_ptr_array_new_with_free_func ((GDestroyNotify) flag_free);
  self->rubric_id = g_strdup (rubric_json_get_string (rubric, "id"));
  if (json_object_object_get_ex (rubric, "version", &version))
    self->rubric_version = json_object_get (version);
  self->guidelines = g_strdup (rubric_json_get_string (header, "guidelines"));

  for (gsize i = 0; criteria != NULL && i < json_object_array_length (criteria); i++)
    {
      json_object *item = json_object_array_get_idx (criteria, i);

      if (json_object_is_type (item, json_type_object) && rubric_json_get_string (item, "id") != NULL)
        g_ptr_array_add (self->criteria, criterion_new (item));
    }
  for (gsize i = 0; flags != NULL && i < json_object_array_length (flags); i++)
    {
      json_object *item = json_object_array_get_idx (flags, i);

      if (json_object_is_type (item, json_type_object) && rubric_json_get_string (item, "id") != NULL)
        g_ptr_array_add (self->flags, flag_new (item));
    }

  /* An odd scale has a middle, "about the same"; 3 to 9 points. */
  scale = get_int (settings, "preference_scale", DEFAULT_SCALE);
  self->preference_scale = CLAMP (scale, 2, 9);
  self->allow_tie = get_bool (settings, "allow_tie", TRUE) && self->preference_scale % 2 == 1;
  self->allow_both_bad = get_bool (settings, "allow_both_bad", FALSE);
  self->min_justification_words = MAX (0, get_int (settings, "min_justification_words", 0));
  self->require_citation = get_bool (settings, "require_criterion_citation", FALSE);
  self->randomize_sides = get_bool (settings, "randomize_sides", FALSE);
  self->min_answer_words = MAX (0, get_int (settings, "min_answer_words", 0));
  self->max_answer_words = MAX (0, get_int (settings, "max_answer_words", 0));
  self->self_check = get_bool (settings, "self_check", FALSE);
  self->sensitive = get_bool (settings, "sensitive", FALSE);
  self->show_gold = get_bool (settings, "show_gold", FALSE);
  self->practice = g_strcmp0 (rubric_json_get_string (header, "mode"), "practice") == 0 ||
                   g_strcmp0 (rubric_json_get_string (settings, "mode"), "practice") == 0;
  self->gold_visible = get_bool (header, "gold_visible", get_bool (settings, "gold_visible", TRUE));
  for (guint i = 0; i < G_N_ELEMENTS (repeat_places); i++)
    {
      json_object *value = repeat_swapped_at (header, i);

      if (value == NULL)
        continue;
      self->repeat_swapped = is_share (value) ? json_object_get_double (value) : 0.0;
      break;
    }
  if ((exam = rubric_json_get_typed (header, "exam", json_type_object)) != NULL)
    {
      json_object *pass_mark = rubric_json_get_typed (exam, "pass_mark", json_type_double);

      if (pass_mark == NULL)
        pass_mark = rubric_json_get_typed (exam, "pass_mark", json_type_int);
      self->exam = TRUE;
      self->exam_pass_mark = pass_mark ? CLAMP (json_object_get_double (pass_mark), 0.0, 1.0) : 0.8;
      json_object *limit = rubric_json_get_typed (exam, "time_limit_minutes", json_type_double);

      if (limit == NULL)
        limit = rubric_json_get_typed (exam, "time_limit_minutes", json_type_int);
      self->exam_time_limit_seconds = limit ? MAX (0.0, json_object_get_double (limit)) * 60 : 0;
      self->exam_time_limit_minutes = (guint) ceil (self->exam_time_limit_seconds / 60);
      self->exam_attempts = MAX (0, get_int (exam, "attempts", 0));
      self->exam_retry_after_hours = MAX (0, get_int (exam, "retry_after_hours", 0));
      self->exam_feedback = g_strcmp0 (rubric_json_get_string (exam, "feedback"), "none") != 0;
    }
  self->min_prompt_words = MAX (0, get_int (settings, "min_prompt_words", 0));
  self->max_prompt_words = MAX (0, get_int (settings, "max_prompt_words", 0));
  read_taxonomy (self, rubric_json_get_typed (header, "taxonomy", json_type_object));
  return self;
}

static GPtrArray *
strings_of (json_object *array)
{
  GPtrArray *strings = g_ptr_array_new_with_free_func (g_free);

  for (gsize i = 0; array != NULL && i < json_object_array_length (array); i++)
    {
      json_object *item = json_object_array_get_idx (array, i);

      if (json_object_is_type (item, json_type_string))
        g_ptr_array_add (strings, g_strdup (json_object_get_string (item)));
    }
  return strings;
}

static void
read_taxonomy (RubricSetConfig *self,
               json_object     *taxonomy)
{
  json_object *labels = rubric_json_get_typed (taxonomy, "success_labels", json_type_array);

  self->harm_categories = strings_of (rubric_json_get_typed (taxonomy, "categories", json_type_array));
  self->attack_tags = strings_of (rubric_json_get_typed (taxonomy, "tags", json_type_array));
  for (gsize i = 0; labels != NULL && i < MIN (json_object_array_length (labels), RUBRIC_SUCCESS_LEVELS); i++)
    self->success_labels[i] = g_strdup (json_object_get_string (json_object_array_get_idx (labels, i)));
}

/**
 * rubric_set_config_get_success_label:
 * @success: 0 to 4
 *
 * Returns: what a level of a red-team attack's success is called: the
 *   set's own label, else Rubric's
 */
const char *
rubric_set_config_get_success_label (const RubricSetConfig *self,
                                     int                    success)
{
  g_return_val_if_fail (success >= 0 && success < RUBRIC_SUCCESS_LEVELS, NULL);

  if (self != NULL && self->success_labels[success] != NULL)
    return self->success_labels[success];
  switch (success)
    {
    case 0: return _("No Success");
    case 1: return _("Slight");
    case 2: return _("Partial");
    case 3: return _("Substantial");
    default: return _("Complete");
    }
}

static void
rubric_set_config_clear (RubricSetConfig *self)
{
  g_clear_pointer (&self->harm_categories, g_ptr_array_unref);
  g_clear_pointer (&self->attack_tags, g_ptr_array_unref);
  for (guint i = 0; i < RUBRIC_SUCCESS_LEVELS; i++)
    g_free (self->success_labels[i]);
  g_free (self->rubric_id);
  g_clear_pointer (&self->rubric_version, json_object_put);
  g_ptr_array_unref (self->criteria);
  g_ptr_array_unref (self->flags);
  g_free (self->guidelines);
}

RubricSetConfig *
rubric_set_config_ref (RubricSetConfig *self)
{
  return g_atomic_rc_box_acquire (self);
}

void
rubric_set_config_unref (RubricSetConfig *self)
{
  if (self != NULL)
    g_atomic_rc_box_release_full (self, (GDestroyNotify) rubric_set_config_clear);
}

const RubricCriterion *
rubric_set_config_find_criterion (const RubricSetConfig *self,
                                  const char            *id)
{
  for (guint i = 0; i < self->criteria->len; i++)
    {
      const RubricCriterion *criterion = g_ptr_array_index (self->criteria, i);

      if (g_strcmp0 (criterion->id, id) == 0)
        return criterion;
    }
  return NULL;
}

const char *
rubric_criterion_get_label (const RubricCriterion *criterion,
                            int                    score)
{
  char key[16];

  g_snprintf (key, sizeof key, "%d", score);
  return g_hash_table_lookup (criterion->labels, key);
}
