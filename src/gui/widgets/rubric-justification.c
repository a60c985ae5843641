/* rubric-justification.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-justification"

#include "config.h"

#include <glib/gi18n.h>

#include "rubric-judgement.h"
#include "rubric-justification.h"

struct _RubricJustification
{
  GtkWidget        parent_instance;

  GtkTextView     *view;
  GtkWidget       *placeholder;
  GtkLabel        *word_count;
  GtkLabel        *citations;

  RubricSetConfig *config;
  gboolean         loading;
};

G_DEFINE_FINAL_TYPE (RubricJustification, rubric_justification, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_dim (GtkWidget *widget,
         gboolean   dim)
{
  if (dim)
    gtk_widget_add_css_class (widget, "dim-label");
  else
    gtk_widget_remove_css_class (widget, "dim-label");
}

static void
update_counts (RubricJustification *self)
{
  g_autofree char *text = rubric_justification_dup_text (self);
  guint words = rubric_count_words (text);
  guint min = self->config ? self->config->min_justification_words : 0;
  g_autofree char *count = NULL;
  g_autoptr(GString) cites = g_string_new (NULL);
  g_autoptr(GPtrArray) cited = NULL;

  if (min > 0)
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of at least %u word", "%u of at least %u words", min),
                             words, min);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u word", "%u words", words), words);
  gtk_label_set_label (self->word_count, count);
  if (words < min)
    gtk_widget_add_css_class (GTK_WIDGET (self->word_count), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->word_count), "warning");
  gtk_widget_set_visible (self->placeholder, *text == '\0');

  if (self->config == NULL || self->config->criteria->len == 0)
    {
      gtk_label_set_label (self->citations, "");
      return;
    }
  cited = rubric_cited_criteria (self->config, text);
  for (guint i = 0; i < cited->len; i++)
    g_string_append_printf (cites, "%s%s", i ? ", " : "", ((RubricCriterion *) g_ptr_array_index (cited, i))->name);
  if (cited->len > 0)
    {
      g_autofree char *label = g_strdup_printf (_("Cites %s"), cites->str);

      gtk_label_set_label (self->citations, label);
    }
  else
    gtk_label_set_label (self->citations, self->config->require_citation ? _("Cites no criterion yet: Ctrl+1… inserts one")
                                                                         : _("Cites no criterion"));
  set_dim (GTK_WIDGET (self->citations), cited->len == 0);
}

static void
buffer_changed_cb (RubricJustification *self)
{
  update_counts (self);
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
rubric_justification_dispose (GObject *object)
{
  RubricJustification *self = (RubricJustification *) object;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUBRIC_TYPE_JUSTIFICATION);
  /* Children the template does not bind are ours to unparent. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->config, rubric_set_config_unref);

  G_OBJECT_CLASS (rubric_justification_parent_class)->dispose (object);
}

static void
rubric_justification_class_init (RubricJustificationClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rubric_justification_dispose;

  /**
   * RubricJustification::changed:
   *
   * The person changed the text.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/rubricapp/Rubric/rubric-justification.ui");
  gtk_widget_class_bind_template_child (widget_class, RubricJustification, view);
  gtk_widget_class_bind_template_child (widget_class, RubricJustification, placeholder);
  gtk_widget_class_bind_template_child (widget_class, RubricJustification, word_count);
  gtk_widget_class_bind_template_child (widget_class, RubricJustification, citations);
  gtk_widget_class_set_css_name (widget_class, "justification");
}

static void
rubric_justification_init (RubricJustification *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->view), "changed", G_CALLBACK (buffer_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

void
rubric_justification_set_config (RubricJustification *self,
                                 RubricSetConfig     *config)
{
  g_return_if_fail (RUBRIC_IS_JUSTIFICATION (self));

  rubric_set_config_ref (config);
  g_clear_pointer (&self->config, rubric_set_config_unref);
  self->config = config;
  /* A set with no rubric has no criteria to cite. */
  gtk_label_set_label (GTK_LABEL (self->placeholder), config != NULL && config->criteria->len > 0
                                                        ? _("Why? Cite the rubric criteria…")
                                                        : _("Why? Give your reasons…"));
  update_counts (self);
}

char *
rubric_justification_dup_text (RubricJustification *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
}

/* Shows @text as the saved justification: not a change. */
void
rubric_justification_set_text (RubricJustification *self,
                               const char          *text)
{
  g_return_if_fail (RUBRIC_IS_JUSTIFICATION (self));

  self->loading = TRUE;
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->view), text ? text : "", -1);
  self->loading = FALSE;
}

void
rubric_justification_set_editable (RubricJustification *self,
                                   gboolean             editable)
{
  gtk_text_view_set_editable (self->view, editable);
}

GtkTextView *
rubric_justification_get_view (RubricJustification *self)
{
  g_return_val_if_fail (RUBRIC_IS_JUSTIFICATION (self), NULL);
  return self->view;
}
