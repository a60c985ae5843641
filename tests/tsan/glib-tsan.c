/* glib-tsan.c — GLib's synchronisation, told to ThreadSanitizer
 *
 * Debian's GLib is not built with -fsanitize=thread. Its GMutex and
 * GCond are futexes, and GAsyncQueue and GThreadPool are built on them:
 * ThreadSanitizer sees none of the ordering they give, and reports a
 * race for every piece of data handed from one thread to another
 * through them (a batch of tasks, a chunk of an export, a piece of a
 * file to hash), although each handover is ordered by the queue's lock.
 *
 * tests/tsan/run-tsan.sh links this file into every program of the
 * TSan build with -Wl,--wrap for the functions below. Each wrapper
 * calls GLib's own function and adds to ThreadSanitizer exactly the
 * happens-before edge that GLib documents for it, and no other:
 *
 *   g_mutex_lock / unlock / trylock    a lock (TSan's mutex annotations,
 *                                      so lock-order inversions are
 *                                      found too)
 *   g_cond_wait / wait_until           the wait releases and retakes
 *                                      its mutex
 *   g_async_queue_push / pop           every push before a later pop:
 *                                      both take the queue's one lock
 *   g_async_queue_unref                takes that lock too (the last
 *                                      unref frees what is left in it)
 *   g_thread_pool_push → the pool's    what the pusher did before the
 *     function                         push, before the function runs
 *   g_thread_pool_free (wait = TRUE)   every run of the function before
 *                                      the return
 *   g_once_init_enter / leave          the initialisation before any
 *                                      use
 *   g_atomic_rc_box_release_full       a reference count: everything a
 *                                      holder did before the box is
 *                                      cleared and freed
 *   g_task_run_in_thread → the         what the caller did before, before
 *     task's function                  the function runs (GIO's pool)
 *   g_task_return_* → g_task_propagate_*, g_task_had_error,
 *     g_task_get_task_data             what the thread did before it
 *                                      returned, before the result (or
 *                                      the task's data) is looked at
 *
 * GLib's own bookkeeping inside these calls (the queue's list nodes, the
 * pool's structure: allocated by one thread, freed by another under
 * GLib's lock) is hidden from ThreadSanitizer with an ignore region
 * around the call, since it is not our code's to order. Our callbacks
 * never run inside such a region.
 *
 * --wrap only redirects the calls of the objects linked with it, ours
 * (src/, tests/); GLib's calls inside GLib are not touched, and GLib's
 * own memory is not instrumented anyway. This file is a shared library
 * of its own, linked without --wrap, so its calls of the same names
 * reach GLib. A race in Rubric's code is still reported: only the
 * orderings GLib really provides are added.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>
#include <sanitizer/tsan_interface.h>
#include <stdlib.h>

/* In libtsan, not in its header: memory accesses of this thread are not
 * recorded in between (malloc and free included). */
void __tsan_ignore_thread_begin (void);
void __tsan_ignore_thread_end (void);

#define IGNORED(call) G_STMT_START { __tsan_ignore_thread_begin (); call; __tsan_ignore_thread_end (); } G_STMT_END

/* The functions wrapped; tests/tsan/run-tsan.sh reads this list to make
 * its -Wl,--wrap= flags:
 * WRAP: g_mutex_lock g_mutex_unlock g_mutex_trylock g_mutex_clear
 * WRAP: g_cond_wait g_cond_wait_until
 * WRAP: g_async_queue_push g_async_queue_push_front g_async_queue_pop
 * WRAP: g_async_queue_try_pop g_async_queue_timeout_pop g_async_queue_unref
 * WRAP: g_thread_pool_new g_thread_pool_push g_thread_pool_free
 * WRAP: g_once_init_enter g_once_init_leave
 * WRAP: g_atomic_rc_box_release_full
 * WRAP: g_task_run_in_thread g_task_run_in_thread_sync
 * WRAP: g_task_return_boolean g_task_return_int g_task_return_pointer g_task_return_value
 * WRAP: g_task_return_error g_task_return_new_error g_task_return_error_if_cancelled
 * WRAP: g_task_propagate_boolean g_task_propagate_int g_task_propagate_pointer
 * WRAP: g_task_propagate_value g_task_had_error g_task_get_task_data
 */

/* The declarations of the wrappers, for -Wmissing-prototypes. */
void     __wrap_g_mutex_lock (GMutex *mutex);
void     __wrap_g_mutex_unlock (GMutex *mutex);
gboolean __wrap_g_mutex_trylock (GMutex *mutex);
void     __wrap_g_mutex_clear (GMutex *mutex);
void     __wrap_g_cond_wait (GCond *cond, GMutex *mutex);
gboolean __wrap_g_cond_wait_until (GCond *cond, GMutex *mutex, gint64 end_time);
void     __wrap_g_async_queue_push (GAsyncQueue *queue, gpointer data);
void     __wrap_g_async_queue_push_front (GAsyncQueue *queue, gpointer item);
gpointer __wrap_g_async_queue_pop (GAsyncQueue *queue);
gpointer __wrap_g_async_queue_try_pop (GAsyncQueue *queue);
gpointer __wrap_g_async_queue_timeout_pop (GAsyncQueue *queue, guint64 timeout);
void     __wrap_g_async_queue_unref (GAsyncQueue *queue);
GThreadPool *__wrap_g_thread_pool_new (GFunc func, gpointer user_data, gint max_threads,
                                       gboolean exclusive, GError **error);
gboolean __wrap_g_thread_pool_push (GThreadPool *pool, gpointer data, GError **error);
void     __wrap_g_thread_pool_free (GThreadPool *pool, gboolean immediate, gboolean wait_);
gboolean __wrap_g_once_init_enter (volatile void *location);
void     __wrap_g_once_init_leave (volatile void *location, gsize result);
void     __wrap_g_atomic_rc_box_release_full (gpointer mem_block, GDestroyNotify clear_func);
void     __wrap_g_task_run_in_thread (GTask *task, GTaskThreadFunc task_func);
void     __wrap_g_task_run_in_thread_sync (GTask *task, GTaskThreadFunc task_func);
void     __wrap_g_task_return_boolean (GTask *task, gboolean result);
void     __wrap_g_task_return_int (GTask *task, gssize result);
void     __wrap_g_task_return_pointer (GTask *task, gpointer result, GDestroyNotify result_destroy);
void     __wrap_g_task_return_value (GTask *task, GValue *result);
void     __wrap_g_task_return_error (GTask *task, GError *error);
void     __wrap_g_task_return_new_error (GTask *task, GQuark domain, gint code, const char *format, ...) G_GNUC_PRINTF (4, 5);
gboolean __wrap_g_task_return_error_if_cancelled (GTask *task);
gboolean __wrap_g_task_propagate_boolean (GTask *task, GError **error);
gssize   __wrap_g_task_propagate_int (GTask *task, GError **error);
gpointer __wrap_g_task_propagate_pointer (GTask *task, GError **error);
gboolean __wrap_g_task_propagate_value (GTask *task, GValue *value, GError **error);
gboolean __wrap_g_task_had_error (GTask *task);
gpointer __wrap_g_task_get_task_data (GTask *task);

/* GMutex, GCond ------------------------------------------------------ */

void
__wrap_g_mutex_lock (GMutex *mutex)
{
  __tsan_mutex_pre_lock (mutex, 0);
  g_mutex_lock (mutex);
  __tsan_mutex_post_lock (mutex, 0, 0);
}

void
__wrap_g_mutex_unlock (GMutex *mutex)
{
  __tsan_mutex_pre_unlock (mutex, 0);
  g_mutex_unlock (mutex);
  __tsan_mutex_post_unlock (mutex, 0);
}

gboolean
__wrap_g_mutex_trylock (GMutex *mutex)
{
  gboolean locked;

  __tsan_mutex_pre_lock (mutex, __tsan_mutex_try_lock);
  locked = g_mutex_trylock (mutex);
  __tsan_mutex_post_lock (mutex, __tsan_mutex_try_lock | (locked ? 0 : __tsan_mutex_try_lock_failed), 0);
  return locked;
}

void
__wrap_g_mutex_clear (GMutex *mutex)
{
  __tsan_mutex_destroy (mutex, 0);
  g_mutex_clear (mutex);
}

void
__wrap_g_cond_wait (GCond  *cond,
                    GMutex *mutex)
{
  __tsan_mutex_pre_unlock (mutex, 0);
  __tsan_mutex_post_unlock (mutex, 0);
  g_cond_wait (cond, mutex);
  __tsan_mutex_pre_lock (mutex, 0);
  __tsan_mutex_post_lock (mutex, 0, 0);
}

gboolean
__wrap_g_cond_wait_until (GCond  *cond,
                          GMutex *mutex,
                          gint64  end_time)
{
  gboolean signalled;

  __tsan_mutex_pre_unlock (mutex, 0);
  __tsan_mutex_post_unlock (mutex, 0);
  signalled = g_cond_wait_until (cond, mutex, end_time);
  __tsan_mutex_pre_lock (mutex, 0);
  __tsan_mutex_post_lock (mutex, 0, 0);
  return signalled;
}

/* GAsyncQueue: one lock orders all its pushes and pops; the queue's
 * address stands for it. */

void
__wrap_g_async_queue_push (GAsyncQueue *queue,
                           gpointer     data)
{
  __tsan_release (queue);
  IGNORED (g_async_queue_push (queue, data));
}

void
__wrap_g_async_queue_push_front (GAsyncQueue *queue,
                                 gpointer     item)
{
  __tsan_release (queue);
  IGNORED (g_async_queue_push_front (queue, item));
}

gpointer
__wrap_g_async_queue_pop (GAsyncQueue *queue)
{
  gpointer data;

  IGNORED (data = g_async_queue_pop (queue));
  __tsan_acquire (queue);
  return data;
}

gpointer
__wrap_g_async_queue_try_pop (GAsyncQueue *queue)
{
  gpointer data;

  IGNORED (data = g_async_queue_try_pop (queue));
  __tsan_acquire (queue);
  return data;
}

gpointer
__wrap_g_async_queue_timeout_pop (GAsyncQueue *queue,
                                  guint64      timeout)
{
  gpointer data;

  IGNORED (data = g_async_queue_timeout_pop (queue, timeout));
  __tsan_acquire (queue);
  return data;
}

void
__wrap_g_async_queue_unref (GAsyncQueue *queue)
{
  __tsan_acquire (queue);
  __tsan_release (queue);
  g_async_queue_unref (queue);
}

/* GThreadPool: the pool runs a trampoline, which acquires what the push
 * of its item released, and releases, for g_thread_pool_free, what the
 * function did. */

typedef struct
{
  GFunc    func;
  gpointer user_data;
} Trampoline;

static void
trampoline_run (gpointer data,
                gpointer user_data)
{
  Trampoline *trampoline = user_data;

  __tsan_acquire (data);
  trampoline->func (data, trampoline->user_data);
  __tsan_release (trampoline);
}

GThreadPool *
__wrap_g_thread_pool_new (GFunc     func,
                          gpointer  user_data,
                          gint      max_threads,
                          gboolean  exclusive,
                          GError  **error)
{
  Trampoline *trampoline = malloc (sizeof *trampoline);
  GThreadPool *pool;

  trampoline->func = func;
  trampoline->user_data = user_data;
  IGNORED (pool = g_thread_pool_new (trampoline_run, trampoline, max_threads, exclusive, error));
  if (pool == NULL)
    free (trampoline);
  return pool;
}

gboolean
__wrap_g_thread_pool_push (GThreadPool *pool,
                           gpointer     data,
                           GError     **error)
{
  /* Items are pointers to our data: a chunk, a batch. */
  gboolean pushed;

  __tsan_release (data);
  IGNORED (pushed = g_thread_pool_push (pool, data, error));
  return pushed;
}

void
__wrap_g_thread_pool_free (GThreadPool *pool,
                           gboolean     immediate,
                           gboolean     wait_)
{
  Trampoline *trampoline;

  /* The pool is GLib's: its last thread frees it. */
  IGNORED (trampoline = pool->user_data; g_thread_pool_free (pool, immediate, wait_));
  if (wait_)
    {
      __tsan_acquire (trampoline);
      free (trampoline);
    }
  /* Without waiting, a thread may still run the function: the
   * trampoline stays (a few bytes a pool, in a test build). */
}

/* g_once_init_enter () is a macro: an atomic read of *location (ours,
 * instrumented) and, while it is 0, this function. */

gboolean
__wrap_g_once_init_enter (volatile void *location)
{
  gboolean enter = (g_once_init_enter) (location);  /* the function, not the macro */

  __tsan_acquire ((void *) location);
  return enter;
}

void
__wrap_g_once_init_leave (volatile void *location,
                          gsize          result)
{
  __tsan_release ((void *) location);
  (g_once_init_leave) (location, result);
}

/* A reference count: the release before GLib's decrement, the acquire
 * (for the holder that drops the last one and clears the box) too,
 * since it cannot go between the decrement and the clear. */

void
__wrap_g_atomic_rc_box_release_full (gpointer       mem_block,
                                     GDestroyNotify clear_func)
{
  __tsan_release (mem_block);
  __tsan_acquire (mem_block);
  g_atomic_rc_box_release_full (mem_block, clear_func);
}

/* GTask: GIO runs the function on a thread of its pool and hands the
 * result back through the main context, both unseen. The task's
 * address stands for both handovers. */

static GQuark
func_quark (void)
{
  return g_quark_from_static_string ("glib-tsan-task-func");
}

static void
task_trampoline (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GTaskThreadFunc func;

  __tsan_acquire (task);
  func = (GTaskThreadFunc) g_object_get_qdata (G_OBJECT (task), func_quark ());
  func (task, source_object, task_data, cancellable);
}

/* A task returned off the thread of its context only hands its result
 * over (GLib calls the callback later, there): GLib's bookkeeping of
 * that (a GSource, freed by the context's thread) is GLib's to order.
 * On the context's thread, the return may call the callback (ours) at
 * once, and nothing is hidden. */
#define RETURN(call) G_STMT_START { \
    if (g_main_context_is_owner (g_task_get_context (task))) \
      call; \
    else \
      IGNORED (call); \
  } G_STMT_END

void
__wrap_g_task_run_in_thread (GTask           *task,
                             GTaskThreadFunc  task_func)
{
  g_object_set_qdata (G_OBJECT (task), func_quark (), (gpointer) task_func);
  __tsan_release (task);
  IGNORED (g_task_run_in_thread (task, task_trampoline));
}

void
__wrap_g_task_run_in_thread_sync (GTask           *task,
                                  GTaskThreadFunc  task_func)
{
  g_object_set_qdata (G_OBJECT (task), func_quark (), (gpointer) task_func);
  __tsan_release (task);
  g_task_run_in_thread_sync (task, task_trampoline);
  __tsan_acquire (task);
}

void
__wrap_g_task_return_boolean (GTask    *task,
                              gboolean  result)
{
  __tsan_release (task);
  RETURN (g_task_return_boolean (task, result));
}

void
__wrap_g_task_return_int (GTask  *task,
                          gssize  result)
{
  __tsan_release (task);
  RETURN (g_task_return_int (task, result));
}

void
__wrap_g_task_return_pointer (GTask          *task,
                              gpointer        result,
                              GDestroyNotify  result_destroy)
{
  __tsan_release (task);
  RETURN (g_task_return_pointer (task, result, result_destroy));
}

void
__wrap_g_task_return_value (GTask  *task,
                            GValue *result)
{
  __tsan_release (task);
  RETURN (g_task_return_value (task, result));
}

void
__wrap_g_task_return_error (GTask  *task,
                            GError *error)
{
  __tsan_release (task);
  RETURN (g_task_return_error (task, error));
}

void
__wrap_g_task_return_new_error (GTask      *task,
                                GQuark      domain,
                                gint        code,
                                const char *format,
                                ...)
{
  va_list args;

  va_start (args, format);
  __tsan_release (task);
  RETURN (g_task_return_error (task, g_error_new_valist (domain, code, format, args)));
  va_end (args);
}

gboolean
__wrap_g_task_return_error_if_cancelled (GTask *task)
{
  __tsan_release (task);
  return g_task_return_error_if_cancelled (task);
}

gboolean
__wrap_g_task_propagate_boolean (GTask   *task,
                                 GError **error)
{
  __tsan_acquire (task);
  return g_task_propagate_boolean (task, error);
}

gssize
__wrap_g_task_propagate_int (GTask   *task,
                             GError **error)
{
  __tsan_acquire (task);
  return g_task_propagate_int (task, error);
}

gpointer
__wrap_g_task_propagate_pointer (GTask   *task,
                                 GError **error)
{
  __tsan_acquire (task);
  return g_task_propagate_pointer (task, error);
}

gboolean
__wrap_g_task_propagate_value (GTask   *task,
                               GValue  *value,
                               GError **error)
{
  __tsan_acquire (task);
  return g_task_propagate_value (task, value, error);
}

gboolean
__wrap_g_task_had_error (GTask *task)
{
  __tsan_acquire (task);
  return g_task_had_error (task);
}

gpointer
__wrap_g_task_get_task_data (GTask *task)
{
  __tsan_acquire (task);
  return g_task_get_task_data (task);
}
