/* rubric-task-list-row.c — a row of the task list: the task's id and the
 * state of its work on the first line, its kind and the prompt's first
 * words on the second.
 *
 * One widget that lays out and draws its text itself, rather than a box
 * of labels: GtkListView keeps up to 200 rows alive, makes them anew for
 * a new model (a filter, a search) and binds them again on every jump.
 * With five widgets a row, each bound row re-shaped its texts for a
 * size request; here a row's height comes from the font alone, its
 * texts are shaped when it is drawn, and a filter switch on a list
 * scrolled into a million tasks no longer waits for 200 rows of labels.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "rubric-draw.h"
#include "rubric-task-list-row.h"

#define MARGIN_Y 6
#define LINE_GAP 3
#define ICON_SIZE 16
#define SPACING 6
#define BADGE_PAD_X 7
#define BADGE_PAD_Y 1
#define BADGE_RADIUS 9
#define CAPTION_SCALE 0.82
#define DIM_ALPHA 0.55

struct _RubricTaskListRow
{
  GtkWidget       parent_instance;

  RubricTaskItem *item;
  char           *id;
  char           *kind;
  char           *preview;
  char           *icon_name;
  char           *state_label;

  /* Shaped when first drawn at a width; dropped with a new item or a
   * new font. */
  PangoLayout    *id_layout;
  PangoLayout    *kind_layout;
  PangoLayout    *preview_layout;
  int             laid_out_width;

  /* The two lines' heights for the font they were measured in. */
  int             heading_height;
  int             caption_height;
};

G_DEFINE_FINAL_TYPE (RubricTaskListRow, rubric_task_list_row, GTK_TYPE_WIDGET)

static void
drop_layouts (RubricTaskListRow *self)
{
  g_clear_object (&self->id_layout);
  g_clear_object (&self->kind_layout);
  g_clear_object (&self->preview_layout);
  self->laid_out_width = -1;
}

static PangoFontDescription *
font_for (RubricTaskListRow *self,
          gboolean           heading)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (context));

  if (heading)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  else
    {
      int size = pango_font_description_get_size (font);

      if (pango_font_description_get_size_is_absolute (font))
        pango_font_description_set_absolute_size (font, size * CAPTION_SCALE);
      else
        pango_font_description_set_size (font, (int) (size * CAPTION_SCALE));
    }
  return font;
}

static int
line_height (RubricTaskListRow *self,
             gboolean           heading)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  g_autoptr(PangoFontDescription) font = font_for (self, heading);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, font, NULL);
  int height = pango_font_metrics_get_height (metrics);

  if (height <= 0)
    height = pango_font_metrics_get_ascent (metrics) + pango_font_metrics_get_descent (metrics);
  pango_font_metrics_unref (metrics);
  return PANGO_PIXELS_CEIL (height);
}

/* Heights for the font last measured: 200 new rows after a filter
 * switch would otherwise ask Pango for the same metrics 400 times. */
static PangoFontDescription *measured_font;
static int measured_heading;
static int measured_caption;

static void
ensure_heights (RubricTaskListRow *self)
{
  const PangoFontDescription *font;

  if (self->heading_height > 0)
    return;
  font = pango_context_get_font_description (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  if (measured_font == NULL || !pango_font_description_equal (font, measured_font))
    {
      g_clear_pointer (&measured_font, pango_font_description_free);
      measured_font = pango_font_description_copy (font);
      measured_heading = MAX (line_height (self, TRUE), ICON_SIZE);
      measured_caption = line_height (self, FALSE) + 2 * BADGE_PAD_Y;
    }
  self->heading_height = measured_heading;
  self->caption_height = measured_caption;
}

static PangoLayout *
layout_new (RubricTaskListRow *self,
            const char        *text,
            gboolean           heading,
            int                width)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text ? text : "");
  g_autoptr(PangoFontDescription) font = font_for (self, heading);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_single_paragraph_mode (layout, TRUE);
  if (width >= 0)
    {
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_width (layout, MAX (width, 0) * PANGO_SCALE);
    }
  return layout;
}

static void
ensure_layouts (RubricTaskListRow *self,
                int                width)
{
  int kind_width;

  if (self->laid_out_width == width && self->id_layout != NULL)
    return;
  drop_layouts (self);
  self->laid_out_width = width;
  self->id_layout = layout_new (self, self->id, TRUE, width - ICON_SIZE - SPACING);
  self->kind_layout = layout_new (self, self->kind, FALSE, -1);
  pango_layout_get_pixel_size (self->kind_layout, &kind_width, NULL);
  self->preview_layout = layout_new (self, self->preview, FALSE,
                                     width - kind_width - 2 * BADGE_PAD_X - SPACING);
}

static void
rubric_task_list_row_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  RubricTaskListRow *self = RUBRIC_TASK_LIST_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Texts are cut short to the list's width, as ellipsized labels. */
      *minimum = ICON_SIZE + SPACING;
      *natural = 200;
      return;
    }
  ensure_heights (self);
  *minimum = *natural = 2 * MARGIN_Y + self->heading_height + LINE_GAP + self->caption_height;
}

/* x of something @width wide placed at @x from the start of the line. */
static int
start_x (GtkWidget *widget,
         int        x,
         int        width)
{
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    return gtk_widget_get_width (widget) - x - width;
  return x;
}

static void
draw_icon (RubricTaskListRow *self,
           GtkSnapshot       *snapshot,
           int                x,
           int                y,
           const GdkRGBA     *color)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (widget));
  g_autoptr(GtkIconPaintable) icon = gtk_icon_theme_lookup_icon (theme, self->icon_name, NULL, ICON_SIZE,
                                                                 gtk_widget_get_scale_factor (widget),
                                                                 gtk_widget_get_direction (widget), 0);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_symbolic_paintable_snapshot_symbolic (GTK_SYMBOLIC_PAINTABLE (icon), snapshot, ICON_SIZE, ICON_SIZE, color, 1);
  gtk_snapshot_restore (snapshot);
}

static void
rubric_task_list_row_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  RubricTaskListRow *self = RUBRIC_TASK_LIST_ROW (widget);
  GtkStyleContext *style = gtk_widget_get_style_context (widget);
  int width = gtk_widget_get_width (widget);
  GdkRGBA color, dim, accent, accent_bg;
  PangoRectangle id_size, kind_size, preview_size;
  GskRoundedRect badge;
  int y, badge_width;

  if (self->item == NULL)
    return;
  ensure_heights (self);
  ensure_layouts (self, width);
  gtk_style_context_get_color (style, &color);
  dim = color;
  dim.alpha *= DIM_ALPHA;
  if (!gtk_style_context_lookup_color (style, "accent_color", &accent))
    accent = color;
  if (!gtk_style_context_lookup_color (style, "accent_bg_color", &accent_bg))
    accent_bg = accent;
  accent_bg.alpha *= 0.15;

  /* The id and the state. */
  y = MARGIN_Y;
  pango_layout_get_pixel_extents (self->id_layout, NULL, &id_size);
  rubric_draw_layout (snapshot, self->id_layout, start_x (widget, 0, id_size.width),
               y + (self->heading_height - id_size.height) / 2, &color);
  if (self->icon_name != NULL && *self->icon_name != '\0')
    draw_icon (self, snapshot, start_x (widget, width - ICON_SIZE, ICON_SIZE),
               y + (self->heading_height - ICON_SIZE) / 2, &color);

  /* The kind in its badge, and the prompt. */
  y += self->heading_height + LINE_GAP;
  pango_layout_get_pixel_extents (self->kind_layout, NULL, &kind_size);
  badge_width = kind_size.width + 2 * BADGE_PAD_X;
  gsk_rounded_rect_init_from_rect (&badge,
                                   &GRAPHENE_RECT_INIT (start_x (widget, 0, badge_width), y,
                                                        badge_width, self->caption_height),
                                   MIN (BADGE_RADIUS, self->caption_height / 2.f));
  gtk_snapshot_push_rounded_clip (snapshot, &badge);
  gtk_snapshot_append_color (snapshot, &accent_bg, &badge.bounds);
  gtk_snapshot_pop (snapshot);
  rubric_draw_layout (snapshot, self->kind_layout, start_x (widget, BADGE_PAD_X, kind_size.width),
               y + (self->caption_height - kind_size.height) / 2, &accent);
  pango_layout_get_pixel_extents (self->preview_layout, NULL, &preview_size);
  rubric_draw_layout (snapshot, self->preview_layout, start_x (widget, badge_width + SPACING, preview_size.width),
               y + (self->caption_height - preview_size.height) / 2, &dim);
}

static void
rubric_task_list_row_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  RubricTaskListRow *self = RUBRIC_TASK_LIST_ROW (widget);

  if (width != self->laid_out_width)
    drop_layouts (self);
}

static void
rubric_task_list_row_css_changed (GtkWidget         *widget,
                                  GtkCssStyleChange *change)
{
  RubricTaskListRow *self = RUBRIC_TASK_LIST_ROW (widget);

  GTK_WIDGET_CLASS (rubric_task_list_row_parent_class)->css_changed (widget, change);
  /* A new font (text size, a theme): measure and shape again. */
  self->heading_height = 0;
  drop_layouts (self);
  gtk_widget_queue_resize (widget);
}

static void
rubric_task_list_row_direction_changed (GtkWidget        *widget,
                                        GtkTextDirection  previous)
{
  drop_layouts (RUBRIC_TASK_LIST_ROW (widget));
  gtk_widget_queue_draw (widget);
}

static gboolean
rubric_task_list_row_query_tooltip (GtkWidget  *widget,
                                    int         x,
                                    int         y,
                                    gboolean    keyboard,
                                    GtkTooltip *tooltip)
{
  RubricTaskListRow *self = RUBRIC_TASK_LIST_ROW (widget);
  int icon_x = start_x (widget, gtk_widget_get_width (widget) - ICON_SIZE, ICON_SIZE);

  if (self->state_label == NULL || *self->state_label == '\0')
    return FALSE;
  if (!keyboard && (x < icon_x || x >= icon_x + ICON_SIZE || y >= MARGIN_Y + self->heading_height))
    return FALSE;
  gtk_tooltip_set_text (tooltip, self->state_label);
  return TRUE;
}

static void
rubric_task_list_row_dispose (GObject *object)
{
  rubric_task_list_row_set_item (RUBRIC_TASK_LIST_ROW (object), NULL);
  G_OBJECT_CLASS (rubric_task_list_row_parent_class)->dispose (object);
}

static void
rubric_task_list_row_class_init (RubricTaskListRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_task_list_row_dispose;
  widget_class->measure = rubric_task_list_row_measure;
  widget_class->size_allocate = rubric_task_list_row_size_allocate;
  widget_class->snapshot = rubric_task_list_row_snapshot;
  widget_class->css_changed = rubric_task_list_row_css_changed;
  widget_class->direction_changed = rubric_task_list_row_direction_changed;
  widget_class->query_tooltip = rubric_task_list_row_query_tooltip;
  gtk_widget_class_set_css_name (widget_class, "taskrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
rubric_task_list_row_init (RubricTaskListRow *self)
{
  self->laid_out_width = -1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

GtkWidget *
rubric_task_list_row_new (void)
{
  return g_object_new (RUBRIC_TYPE_TASK_LIST_ROW, NULL);
}

static char *
item_string (RubricTaskItem *item,
             const char     *property)
{
  char *text = NULL;

  if (item != NULL)
    g_object_get (item, property, &text, NULL);
  return text;
}

static void
update_state (RubricTaskListRow *self)
{
  g_autofree char *accessible = NULL;

  g_free (self->icon_name);
  g_free (self->state_label);
  self->icon_name = item_string (self->item, "state-icon");
  self->state_label = item_string (self->item, "state-label");
  accessible = g_strjoin (", ", self->id ? self->id : "", self->kind ? self->kind : "",
                          self->state_label ? self->state_label : "", self->preview ? self->preview : "", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * rubric_task_list_row_set_item:
 * @item: (nullable): the task to show
 *
 * Shows @item; its state follows the item's, which changes in place
 * when the task's work is saved.
 */
void
rubric_task_list_row_set_item (RubricTaskListRow *self,
                               RubricTaskItem    *item)
{
  g_return_if_fail (RUBRIC_IS_TASK_LIST_ROW (self));

  if (self->item == item)
    return;
  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, update_state, self);
  g_set_object (&self->item, item);
  g_free (self->id);
  g_free (self->kind);
  g_free (self->preview);
  self->id = item_string (item, "id");
  self->kind = item_string (item, "kind-label");
  self->preview = item_string (item, "preview");
  drop_layouts (self);
  if (item != NULL)
    g_signal_connect_swapped (item, "notify::state-icon", G_CALLBACK (update_state), self);
  update_state (self);
}

/**
 * rubric_task_list_row_get_task_id:
 *
 * Returns: (nullable): the id the row shows, %NULL when it shows none
 */
const char *
rubric_task_list_row_get_task_id (RubricTaskListRow *self)
{
  g_return_val_if_fail (RUBRIC_IS_TASK_LIST_ROW (self), NULL);

  return self->item != NULL ? self->id : NULL;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, rubric_task_list_row_new ());
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item)
{
  GtkWidget *row = gtk_list_item_get_child (list_item);

  rubric_task_list_row_set_item (RUBRIC_TASK_LIST_ROW (row), gtk_list_item_get_item (list_item));
  /* GTK 4.8 has no accessible label for a list item (4.12 does), and the
   * item, not the row, takes the focus: it reads as its row. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (gtk_widget_get_parent (row)),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item)
{
  rubric_task_list_row_set_item (RUBRIC_TASK_LIST_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/**
 * rubric_task_list_row_factory_new:
 *
 * The factory of the task list's rows.
 *
 * Returns: (transfer full): a new factory
 */
GtkListItemFactory *
rubric_task_list_row_factory_new (void)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);
  return factory;
}
