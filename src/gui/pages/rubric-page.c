/* rubric-page.c
 *
 * The page owns what every kind of task shows and does alike: the
 * conversation, the decision bar, the checks, the side panel, the
 * read-only state after a submission, and telling the window about a
 * change. A kind subclasses it, lays these parts out in its template,
 * shows its own widgets in load() and installs its own actions.
 *
 * The annotation is the window's: the page sets its fields, the window
 * saves it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-page"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-judgement.h"
#include "rubric-page.h"
#include "rubric-shadows.h"

typedef struct
{
  RubricTask         *task;
  RubricSetConfig    *config;
  RubricAnnotation   *annotation;
  RubricConversation *conversation;
  RubricDecisionBar  *decision_bar;
  RubricChecksView   *checks;
  AdwFlap            *side_panel;
  gboolean            loading;
  gboolean            read_only;
  gboolean            panel_wanted;      /* beside the work, where there is room */
  gboolean            panel_over_work;   /* asked for while folded */
  gboolean            panel_allocated;   /* the flap has been laid out once */
  gboolean            reveal_pending;    /* a change held until then */
  gboolean            pending_reveal;
  int                 conversation_cap;
  guint               fit_source;
  gboolean            narrow;            /* laid out for a phone's width */
} RubricPagePrivate;

/* Below this width a page puts side by side parts one above the other;
 * laid out so, every kind fits a phone's 360 pixels. Not above it: at
 * 480 two answers side by side are some 220 pixels wide each, while one
 * above the other they left two lines each in a window of 800×600
 * beside the task list. */
#define NARROW_BELOW 480
#define NARROW_MINIMUM 340

G_DEFINE_TYPE_WITH_PRIVATE (RubricPage, rubric_page, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_SIDE_PANEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void folded_changed_cb (RubricPage *self);

static void
reveal_changed_cb (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  if (!adw_flap_get_reveal_flap (priv->side_panel))
    priv->panel_over_work = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDE_PANEL]);
}

static void
rubric_page_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_SIDE_PANEL:
      g_value_set_boolean (value, rubric_page_get_side_panel (RUBRIC_PAGE (object)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rubric_page_real_load (RubricPage *self)
{
}

static void
rubric_page_real_update_state (RubricPage *self)
{
}

static void
rubric_page_real_collect (RubricPage *self)
{
}

static GPtrArray *
rubric_page_real_check (RubricPage *self)
{
  return g_ptr_array_new ();
}

static GtkTextView *
rubric_page_real_get_justification (RubricPage *self)
{
  return NULL;
}

static gboolean
rubric_page_real_focus_text (RubricPage *self)
{
  GtkTextView *justification = rubric_page_get_justification (self);

  return justification != NULL && gtk_widget_grab_focus (GTK_WIDGET (justification));
}

static void
rubric_page_real_focus_default (RubricPage *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static gboolean
rubric_page_real_can_judge (RubricPage *self)
{
  return TRUE;
}

static RubricCriteriaPanel *
rubric_page_real_get_criteria_panel (RubricPage *self)
{
  return NULL;
}

static void
rubric_page_dispose (GObject *object)
{
  RubricPage *self = RUBRIC_PAGE (object);
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);
  GtkWidget *child;

  g_clear_handle_id (&priv->fit_source, g_source_remove);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&priv->annotation, rubric_annotation_unref);
  g_clear_pointer (&priv->config, rubric_set_config_unref);
  g_clear_pointer (&priv->task, rubric_task_free);

  G_OBJECT_CLASS (rubric_page_parent_class)->dispose (object);
}

/* Layout ------------------------------------------------------------ */

/* The page holds one child, its template's: a bin, with one thing more
 * on allocation (below). */
static GtkSizeRequestMode
rubric_page_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
rubric_page_measure (GtkWidget      *widget,
                     GtkOrientation  orientation,
                     int             for_size,
                     int            *minimum,
                     int            *natural,
                     int            *minimum_baseline,
                     int            *natural_baseline)
{
  GtkWidget *child = gtk_widget_get_first_child (widget);

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
  /* A kind that can lay itself out narrow asks for no more than a
   * phone's width: the layout changes as the width is given. */
  if (orientation == GTK_ORIENTATION_HORIZONTAL && RUBRIC_PAGE_GET_CLASS (widget)->set_narrow != NULL)
    *minimum = MIN (*minimum, NARROW_MINIMUM);
}

static void
set_narrow (RubricPage *self,
            gboolean    narrow)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  if (narrow == priv->narrow)
    return;
  priv->narrow = narrow;
  RUBRIC_PAGE_GET_CLASS (self)->set_narrow (self, narrow);
  if (narrow)
    gtk_widget_add_css_class (GTK_WIDGET (self), "narrow");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "narrow");
}

/* Narrow below NARROW_BELOW, or wherever the wide layout does not fit;
 * decided before the child is allocated, so that it is allocated at
 * least its minimum. */
static int
fit_layout (RubricPage *self,
            int         width)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self));
  int minimum = 0;

  if (RUBRIC_PAGE_GET_CLASS (self)->set_narrow == NULL || child == NULL)
    return width;
  set_narrow (self, width < NARROW_BELOW);
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  if (!priv->narrow && minimum > width)
    {
      set_narrow (self, TRUE);
      gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
    }
  return MAX (width, minimum);
}

/*
 * libadwaita 1.2's AdwFlap starts a slide with a velocity divided by
 * the panel's width, which it knows only once laid out: a panel shown
 * or hidden between a page's mapping and its first allocation got 0/0,
 * and the page a width of G_MININT for the slide's frames. The window
 * lays a page out before it shows it, but not before the window itself
 * was laid out. Until the first allocation the change waits for it; a
 * page not yet mapped changes at once, without a slide.
 */
static void
set_revealed (RubricPagePrivate *priv,
              gboolean           reveal)
{
  if (!priv->panel_allocated && gtk_widget_get_mapped (GTK_WIDGET (priv->side_panel)))
    {
      priv->reveal_pending = TRUE;
      priv->pending_reveal = reveal;
      return;
    }
  priv->reveal_pending = FALSE;
  adw_flap_set_reveal_flap (priv->side_panel, reveal);
}

static gboolean
is_revealed (RubricPagePrivate *priv)
{
  return priv->reveal_pending ? priv->pending_reveal : adw_flap_get_reveal_flap (priv->side_panel);
}

static gboolean
is_folded (RubricPagePrivate *priv)
{
  /* Before its first allocation the flap does not know yet; it says
   * when it folds (below). The window lays a page out before it shows
   * it, where it can. */
  return priv->panel_allocated && adw_flap_get_folded (priv->side_panel);
}

/* Once the flap is laid out, a change that waited. */
static void
panel_allocated (RubricPagePrivate *priv)
{
  if (priv->panel_allocated || priv->side_panel == NULL)
    return;
  priv->panel_allocated = TRUE;
  if (priv->reveal_pending)
    set_revealed (priv, priv->pending_reveal);
}

static GtkScrolledWindow *
conversation_scroller (RubricPagePrivate *priv)
{
  GtkWidget *scroller = priv->conversation ? gtk_widget_get_ancestor (GTK_WIDGET (priv->conversation),
                                                                      GTK_TYPE_SCROLLED_WINDOW) : NULL;

  if (scroller == NULL || !gtk_scrolled_window_get_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller)))
    return NULL;
  return GTK_SCROLLED_WINDOW (scroller);
}

static gboolean
fit_conversation_cb (gpointer user_data)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (user_data);
  GtkScrolledWindow *scroller = conversation_scroller (priv);

  priv->fit_source = 0;
  if (scroller != NULL)
    gtk_scrolled_window_set_max_content_height (scroller, priv->conversation_cap);
  return G_SOURCE_REMOVE;
}

/* Where the conversation sits above the work (compare, rank, review),
 * it takes the height it needs up to two fifths of the page, and
 * scrolls beyond that: a fixed cap hid the prompt of a conversation
 * with a few turns, and a tall window has room for more. */
static void
rubric_page_size_allocate (GtkWidget *widget,
                           int        width,
                           int        height,
                           int        baseline)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (RUBRIC_PAGE (widget));
  GtkWidget *child = gtk_widget_get_first_child (widget);
  GtkScrolledWindow *scroller = conversation_scroller (priv);
  int cap = MAX (120, height * 2 / 5);

  if (child != NULL && gtk_widget_should_layout (child))
    {
      gtk_widget_allocate (child, fit_layout (RUBRIC_PAGE (widget), width), height, baseline, NULL);
      panel_allocated (priv);
    }
  if (scroller != NULL && cap != gtk_scrolled_window_get_max_content_height (scroller) && priv->fit_source == 0)
    {
      priv->conversation_cap = cap;
      priv->fit_source = g_idle_add_full (GTK_PRIORITY_RESIZE - 1, fit_conversation_cb, widget, NULL);
    }
}

static void
rubric_page_class_init (RubricPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_page_dispose;
  object_class->get_property = rubric_page_get_property;
  klass->load = rubric_page_real_load;
  klass->update_state = rubric_page_real_update_state;
  klass->collect = rubric_page_real_collect;
  klass->check = rubric_page_real_check;
  klass->get_justification = rubric_page_real_get_justification;
  klass->focus_text = rubric_page_real_focus_text;
  klass->focus_default = rubric_page_real_focus_default;
  klass->can_judge = rubric_page_real_can_judge;
  klass->get_criteria_panel = rubric_page_real_get_criteria_panel;

  /**
   * RubricPage::changed:
   *
   * The person changed the work: it is to be saved.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  /**
   * RubricPage:side-panel:
   *
   * Whether the rubric or guidelines panel shows.
   */
  properties[PROP_SIDE_PANEL] = g_param_spec_boolean ("side-panel", NULL, NULL, FALSE,
                                                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  widget_class->get_request_mode = rubric_page_get_request_mode;
  widget_class->measure = rubric_page_measure;
  widget_class->size_allocate = rubric_page_size_allocate;
}

static void
rubric_page_init (RubricPage *self)
{
  /* A page takes the keys of its kind when nothing in it wants them. */
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
}

/**
 * rubric_page_set_parts:
 * @side_panel: (nullable): the flap that holds the rubric or guidelines
 *
 * Called by a kind once its template is built: the parts of its
 * template that the page drives.
 */
void
rubric_page_set_parts (RubricPage         *self,
                       RubricConversation *conversation,
                       RubricDecisionBar  *decision_bar,
                       RubricChecksView   *checks,
                       AdwFlap            *side_panel)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  priv->conversation = conversation;
  priv->decision_bar = decision_bar;
  priv->checks = checks;
  priv->side_panel = side_panel;
  if (side_panel == NULL)
    return;
  rubric_shadows_hide_when_unfolded (GTK_WIDGET (side_panel));
  g_signal_connect_object (side_panel, "notify::reveal-flap", G_CALLBACK (reveal_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (side_panel, "notify::folded", G_CALLBACK (folded_changed_cb), self, G_CONNECT_SWAPPED);
}

static gboolean
is_submitted (RubricPagePrivate *priv)
{
  return priv->annotation != NULL && priv->annotation->id != 0 &&
         priv->annotation->state == RUBRIC_ANNOTATION_SUBMITTED;
}

/**
 * rubric_page_show:
 * @task: (transfer none): the task, copied
 * @annotation: the work on @task, shared with the window that saves it
 */
void
rubric_page_show (RubricPage       *self,
                  RubricTask       *task,
                  RubricSetConfig  *config,
                  RubricAnnotation *annotation)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_if_fail (RUBRIC_IS_PAGE (self));
  g_return_if_fail (task != NULL && config != NULL && annotation != NULL);

  g_clear_pointer (&priv->task, rubric_task_free);
  priv->task = rubric_task_copy (task);
  rubric_set_config_ref (config);
  g_clear_pointer (&priv->config, rubric_set_config_unref);
  priv->config = config;
  rubric_annotation_ref (annotation);
  g_clear_pointer (&priv->annotation, rubric_annotation_unref);
  priv->annotation = annotation;

  priv->loading = TRUE;
  if (priv->conversation != NULL)
    rubric_conversation_show (priv->conversation, priv->task);
  if (priv->conversation != NULL && config->show_gold)
    {
      /* The dataset's own label stays out of sight unless the set
       * shows it: a blind re-annotation must stay blind. */
      g_autofree char *gold = rubric_task_describe_gold (priv->task);

      if (gold != NULL)
        rubric_conversation_add_note (priv->conversation, _("Label"), gold);
    }
  if (priv->checks != NULL)
    rubric_checks_view_show (priv->checks, NULL);
  RUBRIC_PAGE_GET_CLASS (self)->load (self);
  rubric_page_show_state (self, TRUE);
  priv->loading = FALSE;
}

/**
 * rubric_page_show_state:
 * @saved: whether the workspace holds what the page shows
 *
 * Says whether the work is a draft, submitted or skipped; a submitted
 * judgement is read-only until reopened.
 */
void
rubric_page_show_state (RubricPage *self,
                        gboolean    saved)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_if_fail (RUBRIC_IS_PAGE (self));

  priv->read_only = is_submitted (priv) || !RUBRIC_PAGE_GET_CLASS (self)->can_judge (self);
  if (priv->decision_bar != NULL)
    {
      rubric_decision_bar_show_state (priv->decision_bar, priv->annotation, saved);
      gtk_widget_set_visible (GTK_WIDGET (priv->decision_bar), RUBRIC_PAGE_GET_CLASS (self)->can_judge (self));
    }
  RUBRIC_PAGE_GET_CLASS (self)->update_state (self);
}

/**
 * rubric_page_show_checks:
 * @checks: (nullable) (element-type RubricCheck): failed checks, or
 *   %NULL to hide them
 */
void
rubric_page_show_checks (RubricPage *self,
                         GPtrArray  *checks)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_if_fail (RUBRIC_IS_PAGE (self));
  if (priv->checks != NULL)
    rubric_checks_view_show (priv->checks, checks);
}

/* Whether the work can be changed now: not submitted, and of a task this
 * version judges. */
gboolean
rubric_page_get_read_only (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_val_if_fail (RUBRIC_IS_PAGE (self), TRUE);
  return priv->annotation == NULL || priv->read_only;
}

/* Brings the annotation up to what the page's text widgets hold. */
void
rubric_page_collect (RubricPage *self)
{
  g_return_if_fail (RUBRIC_IS_PAGE (self));
  RUBRIC_PAGE_GET_CLASS (self)->collect (self);
}

/**
 * rubric_page_check:
 *
 * Returns: (transfer full) (element-type RubricCheck): what stops or
 *   questions a submission
 */
GPtrArray *
rubric_page_check (RubricPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  rubric_page_collect (self);
  return RUBRIC_PAGE_GET_CLASS (self)->check (self);
}

/**
 * rubric_page_set_side_panel:
 * @wanted: whether the person wants the rubric or guidelines beside the
 *   work
 *
 * Where the window is too narrow for the panel beside the work, it
 * would cover the responses: there it shows only when asked for, with
 * rubric_page_toggle_side_panel_over().
 */
void
rubric_page_set_side_panel (RubricPage *self,
                            gboolean    wanted)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_if_fail (RUBRIC_IS_PAGE (self));
  if (priv->side_panel == NULL)
    return;
  priv->panel_wanted = wanted;
  priv->panel_over_work = FALSE;
  set_revealed (priv, wanted && !is_folded (priv));
}

/* Whether the page is laid out for a phone's width. */
gboolean
rubric_page_get_narrow (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_val_if_fail (RUBRIC_IS_PAGE (self), FALSE);
  return priv->narrow;
}

/* Whether the panel would cover the work if shown. */
gboolean
rubric_page_get_side_panel_folded (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_val_if_fail (RUBRIC_IS_PAGE (self), FALSE);
  return priv->side_panel != NULL && is_folded (priv);
}

/* Shows the panel over the work, or closes it. */
void
rubric_page_toggle_side_panel_over (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_if_fail (RUBRIC_IS_PAGE (self));
  if (priv->side_panel == NULL)
    return;
  priv->panel_over_work = !is_revealed (priv);
  set_revealed (priv, priv->panel_over_work);
}

/* As the window narrows past the panel it closes, unless asked for;
 * as it widens it comes back if wanted. */
static void
folded_changed_cb (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  if (!adw_flap_get_folded (priv->side_panel))
    {
      priv->panel_over_work = FALSE;
      set_revealed (priv, priv->panel_wanted);
    }
  else if (!priv->panel_over_work)
    set_revealed (priv, FALSE);
}

/* Whether the panel shows, beside the work or over it. */
gboolean
rubric_page_get_side_panel (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_val_if_fail (RUBRIC_IS_PAGE (self), FALSE);
  return priv->side_panel != NULL && is_revealed (priv);
}


/**
 * rubric_page_get_justification:
 *
 * Returns: (transfer none) (nullable): the text in which the person
 *   justifies the work, where a rubric criterion is cited
 */
GtkTextView *
rubric_page_get_justification (RubricPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  return RUBRIC_PAGE_GET_CLASS (self)->get_justification (self);
}

gboolean
rubric_page_focus_text (RubricPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_PAGE (self), FALSE);
  return RUBRIC_PAGE_GET_CLASS (self)->focus_text (self);
}

void
rubric_page_focus_default (RubricPage *self)
{
  g_return_if_fail (RUBRIC_IS_PAGE (self));
  RUBRIC_PAGE_GET_CLASS (self)->focus_default (self);
}

/**
 * rubric_page_cite:
 * @criterion: index of the criterion in the set's rubric
 *
 * Cites a criterion by its name in brackets at the cursor of the
 * justification, with a space before it where the cursor touches a
 * word, and moves focus there.
 *
 * Returns: %FALSE when there is nothing to cite into
 */
gboolean
rubric_page_cite (RubricPage *self,
                  guint       criterion)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);
  GtkTextView *justification = rubric_page_get_justification (self);
  g_autofree char *reference = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter cursor;

  if (justification == NULL || priv->config == NULL || criterion >= priv->config->criteria->len ||
      !gtk_text_view_get_editable (justification))
    return FALSE;
  buffer = gtk_text_view_get_buffer (justification);
  reference = g_strdup_printf ("[%s] ", ((RubricCriterion *) g_ptr_array_index (priv->config->criteria, criterion))->name);
  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  if (!gtk_text_iter_starts_line (&cursor) && !g_unichar_isspace (gtk_text_iter_get_char (&cursor)))
    {
      GtkTextIter before = cursor;

      if (gtk_text_iter_backward_char (&before) && !g_unichar_isspace (gtk_text_iter_get_char (&before)))
        gtk_text_buffer_insert (buffer, &cursor, " ", 1);
    }
  gtk_text_buffer_insert (buffer, &cursor, reference, -1);
  gtk_text_buffer_place_cursor (buffer, &cursor);
  gtk_widget_grab_focus (GTK_WIDGET (justification));
  return TRUE;
}

/**
 * rubric_page_get_criteria_panel:
 *
 * Returns: (transfer none) (nullable): where scores and flags are set
 */
RubricCriteriaPanel *
rubric_page_get_criteria_panel (RubricPage *self)
{
  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  return RUBRIC_PAGE_GET_CLASS (self)->get_criteria_panel (self);
}

RubricTask *
rubric_page_get_task (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  return priv->task;
}

RubricSetConfig *
rubric_page_get_config (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  return priv->config;
}

RubricAnnotation *
rubric_page_get_annotation (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_val_if_fail (RUBRIC_IS_PAGE (self), NULL);
  return priv->annotation;
}

gboolean
rubric_page_is_loading (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  return priv->loading;
}

/* A kind says the person changed the work; nothing is said while the
 * page loads, nor of a page that cannot be changed. */
void
rubric_page_changed (RubricPage *self)
{
  RubricPagePrivate *priv = rubric_page_get_instance_private (self);

  g_return_if_fail (RUBRIC_IS_PAGE (self));
  if (!priv->loading && !rubric_page_get_read_only (self))
    {
      rubric_checks_view_show (priv->checks, NULL);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}
