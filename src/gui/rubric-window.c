/* rubric-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-json.h"
#include "rubric-task-item.h"
#include "rubric-window-private.h"

G_DEFINE_FINAL_TYPE (RubricWindow, rubric_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_APPLICATION_OBJECT,
  PROP_TASK_SET_ID,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_rubric_window_toast (RubricWindow *self,
                      const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

void
_rubric_window_error (RubricWindow *self,
                      const char   *heading,
                      const char   *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_rubric_window_set_busy (RubricWindow *self,
                         gboolean      busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  if (busy)
    {
      gtk_progress_bar_set_fraction (self->import_progress, 0.0);
      gtk_stack_set_visible_child_name (self->stack, "busy");
    }
  else
    gtk_stack_set_visible_child_name (self->stack, self->task != NULL ? "task" : "empty");
  _rubric_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static guint
setting_uint (RubricWindow *self,
              const char   *key)
{
  json_object *settings = rubric_json_get_typed (self->set_header, "settings", json_type_object);
  json_object *value = rubric_json_get_typed (settings, key, json_type_int);

  return value != NULL ? (guint) MAX (0, json_object_get_int (value)) : 0;
}

static void
update_progress (RubricWindow *self)
{
  guint total = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  guint done = 0;
  g_autofree char *text = NULL;

  gtk_widget_set_visible (self->progress_box, total > 0);
  if (total == 0)
    return;
  done = rubric_store_count_state (self->store, self->set_id, self->annotator, RUBRIC_ANNOTATION_SUBMITTED) +
         rubric_store_count_state (self->store, self->set_id, self->annotator, RUBRIC_ANNOTATION_SKIPPED);
  text = g_strdup_printf (_("%u of %u done"), done, total);
  gtk_label_set_label (self->progress_label, text);
  gtk_progress_bar_set_fraction (self->progress_bar, (double) done / total);
}

static void
update_task_title (RubricWindow *self)
{
  g_autofree char *subtitle = NULL;

  if (self->task == NULL)
    {
      adw_window_title_set_title (self->task_title, "");
      adw_window_title_set_subtitle (self->task_title, "");
      return;
    }
  subtitle = g_strdup_printf (_("%s · %u of %u"), rubric_task_kind_get_label (self->task->kind),
                              self->task_position + 1, g_list_model_get_n_items (G_LIST_MODEL (self->model)));
  adw_window_title_set_title (self->task_title, rubric_task_get_id (self->task));
  adw_window_title_set_subtitle (self->task_title, subtitle);
}

/* Time on a task counts only while the window has the person's focus. */
static void
account_active_time (RubricWindow *self)
{
  gint64 now = g_get_monotonic_time ();

  if (self->annotation != NULL && self->active_since != 0)
    self->annotation->active_ms += (now - self->active_since) / 1000;
  self->active_since = gtk_window_is_active (GTK_WINDOW (self)) ? now : 0;
}

static gboolean
save_annotation (RubricWindow          *self,
                 RubricAnnotationState  state)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (self->task == NULL || self->annotation == NULL)
    return TRUE;

  account_active_time (self);
  g_free (self->annotation->choice);
  self->annotation->choice = g_strdup (rubric_task_view_get_choice (self->task_view));
  g_free (self->annotation->justification);
  self->annotation->justification = rubric_task_view_dup_justification (self->task_view);
  if (self->annotation->state != state)
    self->annotation->submitted_at = 0;
  self->annotation->state = state;

  if (!rubric_store_save_annotation (self->store, self->annotation, &error))
    {
      _rubric_window_error (self, _("Your Work Could Not Be Saved"), error->message);
      return FALSE;
    }
  rubric_task_list_model_task_changed (self->model, self->task_position);
  rubric_task_view_show_state (self->task_view, self->annotation);
  return TRUE;
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  RubricWindow *self = user_data;

  self->save_source = 0;
  save_annotation (self, RUBRIC_ANNOTATION_DRAFT);
  update_progress (self);
  return G_SOURCE_REMOVE;
}

/* Typing is saved as a draft shortly after it stops. */
static void
task_view_changed_cb (RubricWindow *self)
{
  if (self->annotation == NULL)
    return;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add (SAVE_DELAY_MS, save_timeout_cb, self);
}

/**
 * rubric_window_save_now:
 *
 * Writes pending changes at once, as a draft.
 */
void
rubric_window_save_now (RubricWindow *self)
{
  g_return_if_fail (RUBRIC_IS_WINDOW (self));

  if (self->save_source != 0)
    save_annotation (self, RUBRIC_ANNOTATION_DRAFT);
}

static void
show_task (RubricWindow *self,
           guint         position)
{
  g_autoptr(RubricTaskItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  g_autoptr(GError) error = NULL;
  RubricTask *task;

  rubric_window_save_now (self);
  account_active_time (self);
  if (item == NULL)
    return;
  if (!(task = rubric_store_get_task (self->store, rubric_task_item_get_row_id (item), &error)))
    {
      _rubric_window_error (self, _("This Task Cannot Be Shown"), error->message);
      return;
    }

  g_clear_pointer (&self->task, rubric_task_free);
  g_clear_pointer (&self->annotation, rubric_annotation_free);
  self->task = task;
  self->task_position = position;
  self->annotation = rubric_store_get_annotation (self->store, task->row_id, self->annotator, NULL);
  if (self->annotation == NULL)
    self->annotation = rubric_annotation_new (task->row_id, self->set_id, self->annotator);
  account_active_time (self);

  rubric_task_view_show (self->task_view, task, self->annotation->id ? self->annotation : NULL);
  update_task_title (self);
  if (!self->busy)
    gtk_stack_set_visible_child_name (self->stack, "task");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  _rubric_window_update_actions (self);
}

static void
selection_changed_cb (RubricWindow *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  if (position != GTK_INVALID_LIST_POSITION && (self->task == NULL || position != self->task_position))
    show_task (self, position);
}

void
_rubric_window_select (RubricWindow *self,
                       guint         position)
{
  if (self->model == NULL || position >= g_list_model_get_n_items (G_LIST_MODEL (self->model)))
    return;
  gtk_single_selection_set_selected (self->selection, position);
  gtk_widget_activate_action (GTK_WIDGET (self->task_list), "list.scroll-to-item", "u", position);
  if (self->task == NULL || self->task_position != position)
    show_task (self, position);
}

static guint
next_open_task (RubricWindow *self,
                guint         from)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

  for (guint i = 1; i <= n; i++)
    {
      guint position = (from + i) % n;
      g_autoptr(RubricTaskItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

      if (item != NULL && rubric_task_item_get_state (item) != RUBRIC_ANNOTATION_SUBMITTED &&
          rubric_task_item_get_state (item) != RUBRIC_ANNOTATION_SKIPPED)
        return position;
    }
  return GTK_INVALID_LIST_POSITION;
}

static guint
count_words (const char *text)
{
  g_auto(GStrv) words = g_regex_split_simple ("\\s+", text, 0, 0);
  guint n = 0;

  for (guint i = 0; words[i] != NULL; i++)
    n += words[i][0] != '\0';
  return n;
}

/* Errors a person can fix before the judgement is stored. */
static char *
check_judgement (RubricWindow *self)
{
  g_autofree char *justification = rubric_task_view_dup_justification (self->task_view);
  guint min_words = setting_uint (self, "min_justification_words");
  guint words = count_words (justification);

  if (rubric_task_view_get_choice (self->task_view) == NULL)
    return g_strdup (_("Choose the better response first (Alt+A or Alt+B)"));
  if (words == 0)
    return g_strdup (_("Write a justification: say why, citing the rubric"));
  if (words < min_words)
    return g_strdup_printf (_("The justification has %u words; this task set asks for at least %u"), words, min_words);
  return NULL;
}

gboolean
_rubric_window_submit (RubricWindow *self)
{
  g_autofree char *problem = NULL;
  guint next;

  if (self->task == NULL || !rubric_task_view_can_judge (self->task_view))
    return FALSE;
  if ((problem = check_judgement (self)) != NULL)
    {
      _rubric_window_toast (self, problem);
      return FALSE;
    }
  if (!save_annotation (self, RUBRIC_ANNOTATION_SUBMITTED))
    return FALSE;
  update_progress (self);

  next = next_open_task (self, self->task_position);
  if (next == GTK_INVALID_LIST_POSITION)
    {
      _rubric_window_toast (self, _("Every task in this set is done"));
      rubric_task_view_show (self->task_view, self->task, self->annotation);
      return TRUE;
    }
  _rubric_window_select (self, next);
  return TRUE;
}

/**
 * rubric_window_load_task_set:
 *
 * Shows a task set of the workspace, at its first open task.
 */
gboolean
rubric_window_load_task_set (RubricWindow *self,
                             gint64        set_id)
{
  g_autoptr(RubricTaskSet) set = NULL;
  g_autoptr(GError) error = NULL;
  guint first;

  g_return_val_if_fail (RUBRIC_IS_WINDOW (self), FALSE);

  rubric_window_save_now (self);
  if (!(set = rubric_store_get_task_set (self->store, set_id, &error)))
    {
      _rubric_window_error (self, _("Could Not Open the Task Set"), error->message);
      return FALSE;
    }

  g_clear_pointer (&self->task, rubric_task_free);
  g_clear_pointer (&self->annotation, rubric_annotation_free);
  g_clear_pointer (&self->set_header, json_object_put);
  self->set_header = json_object_get (set->header);
  self->set_id = set_id;

  g_clear_object (&self->model);
  self->model = rubric_task_list_model_new (self->store, set_id, self->annotator);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  adw_window_title_set_title (self->set_title, set->name);
  adw_window_title_set_subtitle (self->set_title, "");
  g_settings_set_int64 (rubric_application_get_settings (self->app), "last-task-set", set_id);
  update_progress (self);

  first = next_open_task (self, g_list_model_get_n_items (G_LIST_MODEL (self->model)) - 1);
  _rubric_window_select (self, first == GTK_INVALID_LIST_POSITION ? 0 : first);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TASK_SET_ID]);
  return TRUE;
}

void
rubric_window_open_file (RubricWindow *self,
                         GFile        *file)
{
  g_return_if_fail (RUBRIC_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  _rubric_window_import (self, file, RUBRIC_IMPORT_NONE);
}

static gboolean
drop_cb (RubricWindow *self,
         const GValue *value,
         double        x,
         double        y)
{
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = g_value_get_boxed (value);
  if (files == NULL)
    return FALSE;
  rubric_window_open_file (self, files->data);
  return TRUE;
}

static void
active_changed_cb (RubricWindow *self)
{
  account_active_time (self);
}

static gboolean
rubric_window_close_request (GtkWindow *window)
{
  RubricWindow *self = RUBRIC_WINDOW (window);
  GSettings *settings = rubric_application_get_settings (self->app);
  int width, height;

  rubric_window_save_now (self);
  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (rubric_window_parent_class)->close_request (window);
}

static void
rubric_window_constructed (GObject *object)
{
  RubricWindow *self = (RubricWindow *) object;
  GSettings *settings = rubric_application_get_settings (self->app);
  gint64 last = g_settings_get_int64 (settings, "last-task-set");
  g_autoptr(RubricTaskSet) set = NULL;

  G_OBJECT_CLASS (rubric_window_parent_class)->constructed (object);

  self->store = g_object_ref (rubric_application_get_store (self->app));
  self->annotator = rubric_application_dup_annotator (self->app);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  if (last > 0 && (set = rubric_store_get_task_set (self->store, last, NULL)) != NULL)
    rubric_window_load_task_set (self, last);
  _rubric_window_update_actions (self);
}

static void
rubric_window_dispose (GObject *object)
{
  RubricWindow *self = (RubricWindow *) object;

  g_clear_handle_id (&self->save_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_WINDOW);
  g_clear_pointer (&self->task, rubric_task_free);
  g_clear_pointer (&self->annotation, rubric_annotation_free);
  g_clear_pointer (&self->set_header, json_object_put);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  g_clear_pointer (&self->annotator, g_free);

  G_OBJECT_CLASS (rubric_window_parent_class)->dispose (object);
}

static void
rubric_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RubricWindow *self = RUBRIC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_TASK_SET_ID:
      g_value_set_int64 (value, self->set_id);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  RubricWindow *self = RUBRIC_WINDOW (object);

  switch (prop_id)
    {
    case PROP_APPLICATION_OBJECT:
      self->app = g_value_get_object (value);
      gtk_window_set_application (GTK_WINDOW (self), GTK_APPLICATION (self->app));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_window_class_init (RubricWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = rubric_window_constructed;
  object_class->dispose = rubric_window_dispose;
  object_class->get_property = rubric_window_get_property;
  object_class->set_property = rubric_window_set_property;
  window_class->close_request = rubric_window_close_request;

  properties[PROP_APPLICATION_OBJECT] =
    g_param_spec_object ("rubric-application", NULL, NULL, RUBRIC_TYPE_APPLICATION,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TASK_SET_ID] =
    g_param_spec_int64 ("task-set-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RUBRIC_TYPE_TASK_VIEW);
  g_type_ensure (RUBRIC_TYPE_TASK_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, content);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, set_title);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, task_title);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, task_list);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, progress_box);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, import_progress);
  gtk_widget_class_bind_template_child (widget_class, RubricWindow, task_view);

  _rubric_window_class_actions_init (widget_class);
}

static void
rubric_window_init (RubricWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_list_view_set_model (self->task_list, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->task_view, "changed",
                           G_CALLBACK (task_view_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (active_changed_cb), NULL);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  gtk_widget_set_visible (self->progress_box, FALSE);
}

RubricWindow *
rubric_window_new (RubricApplication *app)
{
  return g_object_new (RUBRIC_TYPE_WINDOW, "rubric-application", app, NULL);
}

gint64
rubric_window_get_task_set_id (RubricWindow *self)
{
  g_return_val_if_fail (RUBRIC_IS_WINDOW (self), 0);
  return self->set_id;
}

gboolean
rubric_window_get_busy (RubricWindow *self)
{
  g_return_val_if_fail (RUBRIC_IS_WINDOW (self), FALSE);
  return self->busy;
}
