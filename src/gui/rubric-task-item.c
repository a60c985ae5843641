/* rubric-task-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-task-item"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-task-item.h"

struct _RubricTaskItem
{
  GObject                parent_instance;
  gint64                 row_id;
  guint                  position;
  char                  *id;
  RubricTaskKind         kind;
  char                  *preview;
  RubricAnnotationState  state;
};

G_DEFINE_FINAL_TYPE (RubricTaskItem, rubric_task_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_KIND_LABEL,
  PROP_PREVIEW,
  PROP_STATE_ICON,
  PROP_STATE_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
state_icon (RubricAnnotationState state)
{
  switch (state)
    {
    case RUBRIC_ANNOTATION_SUBMITTED: return "object-select-symbolic";
    case RUBRIC_ANNOTATION_DRAFT: return "document-edit-symbolic";
    case RUBRIC_ANNOTATION_SKIPPED: return "media-seek-forward-symbolic";
    case RUBRIC_ANNOTATION_NONE:
    default: return NULL;
    }
}

static const char *
state_label (RubricAnnotationState state)
{
  switch (state)
    {
    case RUBRIC_ANNOTATION_SUBMITTED: return _("Submitted");
    case RUBRIC_ANNOTATION_DRAFT: return _("Draft");
    case RUBRIC_ANNOTATION_SKIPPED: return _("Skipped");
    case RUBRIC_ANNOTATION_NONE:
    default: return _("To do");
    }
}

static void
rubric_task_item_finalize (GObject *object)
{
  RubricTaskItem *self = (RubricTaskItem *) object;

  g_free (self->id);
  g_free (self->preview);

  G_OBJECT_CLASS (rubric_task_item_parent_class)->finalize (object);
}

static void
rubric_task_item_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RubricTaskItem *self = RUBRIC_TASK_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_KIND_LABEL:
      g_value_set_string (value, rubric_task_kind_get_label (self->kind));
      break;
    case PROP_PREVIEW:
      g_value_set_string (value, self->preview);
      break;
    case PROP_STATE_ICON:
      g_value_set_string (value, state_icon (self->state));
      break;
    case PROP_STATE_LABEL:
      g_value_set_string (value, state_label (self->state));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_task_item_class_init (RubricTaskItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rubric_task_item_finalize;
  object_class->get_property = rubric_task_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND_LABEL] = g_param_spec_string ("kind-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREVIEW] = g_param_spec_string ("preview", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_ICON] = g_param_spec_string ("state-icon", NULL, NULL, NULL,
                                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE_LABEL] = g_param_spec_string ("state-label", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rubric_task_item_init (RubricTaskItem *self)
{
}

RubricTaskItem *
rubric_task_item_new (const RubricTaskRow *row)
{
  RubricTaskItem *self = g_object_new (RUBRIC_TYPE_TASK_ITEM, NULL);

  self->row_id = row->row_id;
  self->position = row->position;
  self->id = g_strdup (row->id);
  self->kind = row->kind;
  self->preview = g_strdup (row->preview);
  self->state = row->state;
  return self;
}

gint64
rubric_task_item_get_row_id (RubricTaskItem *self)
{
  g_return_val_if_fail (RUBRIC_IS_TASK_ITEM (self), 0);
  return self->row_id;
}

RubricAnnotationState
rubric_task_item_get_state (RubricTaskItem *self)
{
  g_return_val_if_fail (RUBRIC_IS_TASK_ITEM (self), RUBRIC_ANNOTATION_NONE);
  return self->state;
}

void
rubric_task_item_set_state (RubricTaskItem        *self,
                            RubricAnnotationState  state)
{
  g_return_if_fail (RUBRIC_IS_TASK_ITEM (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_ICON]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_LABEL]);
}
