/* rubric-task-list-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-task-list-model"

#include "config.h"

#include "rubric-task-item.h"
#include "rubric-task-list-model.h"

/*
 * A task set may hold a million tasks: the list asks the store for the
 * page around the rows it shows and keeps a handful of pages, so the
 * number of live items is bounded by the cache, not by the set.
 */
#define PAGE_SIZE 128
#define MAX_PAGES 8

struct _RubricTaskListModel
{
  GObject      parent_instance;
  RubricStore *store;
  gint64       set_id;
  char        *annotator;
  RubricFilter state;
  char        *search;
  guint        n_items;
  GHashTable  *pages;     /* page number → GPtrArray of RubricTaskItem */
  GQueue       lru;       /* page numbers, most recent first */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RubricTaskListModel, rubric_task_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GPtrArray *
load_page (RubricTaskListModel *self,
           guint                page)
{
  g_autoptr(GError) error = NULL;
  RubricTaskQuery query = { self->state, self->search };
  g_autoptr(GPtrArray) rows = rubric_store_get_matching_rows (self->store, self->set_id, self->annotator, &query,
                                                              page * PAGE_SIZE, PAGE_SIZE, &error);
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  if (rows == NULL)
    {
      g_warning ("Could not read tasks: %s", error->message);
      return items;
    }
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, rubric_task_item_new (g_ptr_array_index (rows, i)));
  return items;
}

static GPtrArray *
get_page (RubricTaskListModel *self,
          guint                page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));

  if (items != NULL)
    {
      g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
      g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
      return items;
    }
  if (g_queue_get_length (&self->lru) >= MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));

  items = load_page (self, page);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  return items;
}

static guint
count (RubricTaskListModel *self)
{
  g_autoptr(GError) error = NULL;
  RubricTaskQuery query = { self->state, self->search };
  guint n = rubric_store_count_matching (self->store, self->set_id, self->annotator, &query, &error);

  if (error != NULL)
    g_warning ("Could not count tasks: %s", error->message);
  return n;
}

static GType
rubric_task_list_model_get_item_type (GListModel *model)
{
  return RUBRIC_TYPE_TASK_ITEM;
}

static guint
rubric_task_list_model_get_n_items (GListModel *model)
{
  return RUBRIC_TASK_LIST_MODEL (model)->n_items;
}

static gpointer
rubric_task_list_model_get_item (GListModel *model,
                                 guint       position)
{
  RubricTaskListModel *self = RUBRIC_TASK_LIST_MODEL (model);
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;
  items = get_page (self, position / PAGE_SIZE);
  if (position % PAGE_SIZE >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position % PAGE_SIZE));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = rubric_task_list_model_get_item_type;
  iface->get_n_items = rubric_task_list_model_get_n_items;
  iface->get_item = rubric_task_list_model_get_item;
}

static void
rubric_task_list_model_finalize (GObject *object)
{
  RubricTaskListModel *self = (RubricTaskListModel *) object;

  g_clear_object (&self->store);
  g_free (self->annotator);
  g_free (self->search);
  g_hash_table_unref (self->pages);
  g_queue_clear (&self->lru);

  G_OBJECT_CLASS (rubric_task_list_model_parent_class)->finalize (object);
}

static void
rubric_task_list_model_class_init (RubricTaskListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rubric_task_list_model_finalize;
}

static void
rubric_task_list_model_init (RubricTaskListModel *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  g_queue_init (&self->lru);
}

/**
 * rubric_task_list_model_new:
 * @query: (nullable): which tasks to list; all when %NULL
 */
RubricTaskListModel *
rubric_task_list_model_new (RubricStore           *store,
                            gint64                 set_id,
                            const char            *annotator,
                            const RubricTaskQuery *query)
{
  RubricTaskListModel *self;

  g_return_val_if_fail (RUBRIC_IS_STORE (store), NULL);

  self = g_object_new (RUBRIC_TYPE_TASK_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  self->set_id = set_id;
  self->annotator = g_strdup (annotator);
  if (query != NULL)
    {
      self->state = query->state;
      self->search = g_strdup (query->search);
    }
  self->n_items = count (self);
  return self;
}


/* Rereads a cached page. Rows that are still the same tasks change
 * their state in place, so that the list keeps its selection and
 * scroll; a page whose rows are other tasks now is replaced. */
static void
refresh_page (RubricTaskListModel *self,
              guint                page)
{
  GPtrArray *items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  g_autoptr(GPtrArray) fresh = load_page (self, page);
  guint start = page * PAGE_SIZE;
  guint n = start < self->n_items ? MIN (PAGE_SIZE, self->n_items - start) : 0;
  gboolean same = fresh->len == items->len;

  for (guint i = 0; same && i < items->len; i++)
    same = rubric_task_item_get_row_id (g_ptr_array_index (items, i)) ==
           rubric_task_item_get_row_id (g_ptr_array_index (fresh, i));
  if (same)
    {
      for (guint i = 0; i < items->len; i++)
        rubric_task_item_set_state (g_ptr_array_index (items, i),
                                    rubric_task_item_get_state (g_ptr_array_index (fresh, i)));
      return;
    }
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), g_steal_pointer (&fresh));
  if (n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), start, n, n);
}

/**
 * rubric_task_list_model_reload:
 *
 * Reads the list again after the workspace changed elsewhere: the rows
 * already read are refreshed, the others are read when shown.
 */
void
rubric_task_list_model_reload (RubricTaskListModel *self)
{
  guint old = self->n_items;
  g_autoptr(GList) pages = NULL;

  g_return_if_fail (RUBRIC_IS_TASK_LIST_MODEL (self));

  self->n_items = count (self);
  if (old != self->n_items)
    {
      g_hash_table_remove_all (self->pages);
      g_queue_clear (&self->lru);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old, self->n_items);
      return;
    }
  pages = g_hash_table_get_keys (self->pages);
  for (GList *l = pages; l != NULL; l = l->next)
    refresh_page (self, GPOINTER_TO_UINT (l->data));
}

/* Returns the position of a task in this list, or
 * GTK_INVALID_LIST_POSITION (G_MAXUINT) when the filter hides it: the
 * store counts what comes before it, by index. */
guint
rubric_task_list_model_find_row (RubricTaskListModel *self,
                                 gint64               row_id)
{
  RubricTaskQuery query = { self->state, self->search };
  g_autoptr(GError) error = NULL;
  guint position = G_MAXUINT;

  g_return_val_if_fail (RUBRIC_IS_TASK_LIST_MODEL (self), G_MAXUINT);

  if (!rubric_store_find_matching_position (self->store, self->set_id, self->annotator, &query, row_id, &position,
                                            &error))
    {
      if (error != NULL)
        g_warning ("Could not find the task in the list: %s", error->message);
      return G_MAXUINT;
    }
  return position < self->n_items ? position : G_MAXUINT;
}

/**
 * rubric_task_list_model_task_changed:
 *
 * Rereads the row at @position (its state changed) and tells the list
 * about that one row only.
 */
void
rubric_task_list_model_task_changed (RubricTaskListModel *self,
                                     guint                position)
{
  guint page = position / PAGE_SIZE;

  g_return_if_fail (RUBRIC_IS_TASK_LIST_MODEL (self));
  g_return_if_fail (position < self->n_items);

  if (g_hash_table_contains (self->pages, GUINT_TO_POINTER (page)))
    refresh_page (self, page);
}
