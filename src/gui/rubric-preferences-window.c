/* rubric-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-a11y.h"
#include "rubric-preferences-window.h"

struct _RubricPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;
  AdwEntryRow          *annotator_row;
  AdwComboRow          *style_row;
  GtkSwitch            *spell_switch;
  AdwEntryRow          *spell_language_row;
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (RubricPreferencesWindow, rubric_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *style_ids[] = { "default", "light", "dark" };

static gboolean
style_to_index (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  const char *id = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (style_ids); i++)
    {
      if (g_strcmp0 (id, style_ids[i]) == 0)
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
index_to_style (const GValue       *value,
                const GVariantType *type,
                gpointer            user_data)
{
  return g_variant_new_string (style_ids[MIN (g_value_get_uint (value), G_N_ELEMENTS (style_ids) - 1)]);
}

static void
rubric_preferences_window_dispose (GObject *object)
{
  RubricPreferencesWindow *self = (RubricPreferencesWindow *) object;

  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (rubric_preferences_window_parent_class)->dispose (object);
}

static void
rubric_preferences_window_class_init (RubricPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = rubric_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricPreferencesWindow, annotator_row);
  gtk_widget_class_bind_template_child (widget_class, RubricPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, RubricPreferencesWindow, spell_switch);
  gtk_widget_class_bind_template_child (widget_class, RubricPreferencesWindow, spell_language_row);
}

static void
rubric_preferences_window_init (RubricPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* What libadwaita 1.2 leaves unnamed: the search entry it builds in
   * (hidden while search is off, still on the accessibility tree) and
   * the items of the style list. */
  rubric_a11y_name_search_entries (GTK_WIDGET (self), _("Search Preferences"));
  rubric_a11y_name_combo_row_items (self->style_row);
}

GtkWidget *
rubric_preferences_window_new (RubricApplication *app)
{
  RubricPreferencesWindow *self = g_object_new (RUBRIC_TYPE_PREFERENCES_WINDOW, NULL);
  g_autofree char *real_name = NULL;
  g_autofree char *subtitle = NULL;

  self->settings = g_object_ref (rubric_application_get_settings (app));
  g_settings_bind (self->settings, "annotator-name", self->annotator_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "spell-check", self->spell_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "spell-language", self->spell_language_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "style-variant", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_to_index, index_to_style, NULL, NULL);

  real_name = rubric_application_dup_annotator (app);
  subtitle = g_strdup_printf (_("Recorded with every annotation. Now: %s"), real_name);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->annotator_row), _("Your Name"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->annotator_row), subtitle);
  return GTK_WIDGET (self);
}
