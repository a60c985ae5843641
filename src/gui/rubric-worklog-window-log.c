/* rubric-worklog-window-log.c
 *
 * The Work Log window's year of data, and its Log and Payments pages.
 *
 * The Log groups the year's items, newest first, by day, week or
 * month. By day each item is a row: work in Rubric (a set's session on
 * that day) with the computer's icon and what it was, work logged by
 * hand with a pencil and buttons to edit and delete it; a day with
 * more than one platform ends with a subtotal for each. By week and by
 * month each platform is one row of hours and earnings.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "rubric-worklog-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rubric-worklog-export.h"
#include "rubric-worklog-window-private.h"

/* By day the Log shows this many days; Week and Month sum the year. */
#define MAX_DAYS 62

typedef struct
{
  char              *name;
  gint64             ms;
  guint              n;
  RubricMoneyTotals *earned;
} Subtotal;

typedef struct
{
  char       key[RUBRIC_DAY_LEN];   /* the day, the week's Monday or the month's first */
  GPtrArray *items;                 /* RubricLogItem, borrowed, newest first */
  GPtrArray *platforms;             /* Subtotal, by name */
  Subtotal   total;
} LogGroup;

static void
subtotal_free (Subtotal *self)
{
  g_free (self->name);
  rubric_money_totals_free (self->earned);
  g_free (self);
}

static void
subtotal_add (Subtotal            *self,
              const RubricLogItem *item)
{
  self->ms += item->active_ms;
  self->n++;
  /* A sum too large to count is left out rather than shown wrong. */
  if (item->priced && !rubric_money_totals_add (self->earned, item->rate.currency, item->earned, NULL))
    g_debug ("An earning of %s is too large to add up", item->rate.currency);
}

/* The subtotal of @name, made where there is none yet, in order of names. */
static Subtotal *
subtotal_for (GPtrArray  *subtotals,
              const char *name)
{
  Subtotal *subtotal;
  guint i = 0;

  while (i < subtotals->len && strcmp (((Subtotal *) g_ptr_array_index (subtotals, i))->name, name) < 0)
    i++;
  if (i < subtotals->len && strcmp (((Subtotal *) g_ptr_array_index (subtotals, i))->name, name) == 0)
    return g_ptr_array_index (subtotals, i);
  subtotal = g_new0 (Subtotal, 1);
  subtotal->name = g_strdup (name);
  subtotal->earned = rubric_money_totals_new ();
  g_ptr_array_insert (subtotals, i, subtotal);
  return subtotal;
}

static LogGroup *
log_group_new (const char *key)
{
  LogGroup *group = g_new0 (LogGroup, 1);

  g_strlcpy (group->key, key, sizeof group->key);
  group->items = g_ptr_array_new ();
  group->platforms = g_ptr_array_new_with_free_func ((GDestroyNotify) subtotal_free);
  group->total.earned = rubric_money_totals_new ();
  return group;
}

static void
log_group_free (LogGroup *group)
{
  g_ptr_array_unref (group->items);
  g_ptr_array_unref (group->platforms);
  rubric_money_totals_free (group->total.earned);
  g_free (group);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LogGroup, log_group_free)

static void
log_group_add (LogGroup            *group,
               const RubricLogItem *item)
{
  g_ptr_array_add (group->items, (gpointer) item);
  subtotal_add (subtotal_for (group->platforms, item->platform), item);
  subtotal_add (&group->total, item);
}

/* The year's data ------------------------------------------------------ */

RubricWorklogData *
_rubric_worklog_data_load (RubricStore  *store,
                           int           year,
                           GError      **error)
{
  g_autoptr(RubricWorklogData) data = g_new0 (RubricWorklogData, 1);
  g_autofree char *from = g_strdup_printf ("%04d-01-01", year);
  g_autofree char *to = g_strdup_printf ("%04d-12-31", year);
  RubricLogQuery query = { from, to, NULL };

  /* The year is read once; the three groupings count what was read. */
  data->year = year;
  if (!(data->items = rubric_worklog_list (store, &query, error)) ||
      !(data->payments = rubric_worklog_list_payments (store, &query, error)) ||
      !(data->periods = rubric_worklog_report_from_log (year, RUBRIC_REPORT_BY_PERIOD, data->items, data->payments, error)) ||
      !(data->months = rubric_worklog_report_from_log (year, RUBRIC_REPORT_BY_MONTH, data->items, data->payments, error)) ||
      !(data->payers = rubric_worklog_report_from_log (year, RUBRIC_REPORT_BY_PAYER, data->items, data->payments, error)))
    return NULL;
  return g_steal_pointer (&data);
}

/* Says whether anything the pages show changed since they were built:
 * the window looks again whenever it is focused. */
char *
_rubric_worklog_data_fingerprint (const RubricWorklogData *data)
{
  g_autofree char *items = rubric_worklog_items_to_json (data->items);
  g_autofree char *payments = rubric_worklog_payments_to_json (data->payments);
  g_autofree char *all = g_strdup_printf ("%d\n%s\n%s", data->year, items, payments);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, all, -1);
}

void
_rubric_worklog_data_free (RubricWorklogData *data)
{
  if (data == NULL)
    return;
  g_clear_pointer (&data->items, g_ptr_array_unref);
  g_clear_pointer (&data->payments, g_ptr_array_unref);
  g_clear_pointer (&data->periods, rubric_worklog_report_free);
  g_clear_pointer (&data->months, rubric_worklog_report_free);
  g_clear_pointer (&data->payers, rubric_worklog_report_free);
  g_free (data);
}

/* Shared by the pages ----------------------------------------------------- */

void
_rubric_worklog_clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

/* "1.50 h" */
char *
_rubric_worklog_hours_text (gint64 ms)
{
  g_autofree char *hours = rubric_worklog_format_hours (ms);

  /* Translators: hours worked, to the hundredth: "1.50 h" */
  return g_strdup_printf (_("%s h"), hours);
}

/* "12.50 USD, 1500 JPY", or a dash for no money. */
char *
_rubric_worklog_money_text (const RubricMoneyTotals *totals)
{
  g_autofree char *text = rubric_money_localize (rubric_money_totals_to_text (totals));

  return *text != '\0' ? g_steal_pointer (&text) : g_strdup ("—");
}

/* "1.50 h · 12.50 USD"; hours alone when nothing was priced. */
char *
_rubric_worklog_summary_text (gint64                   ms,
                              const RubricMoneyTotals *earned)
{
  g_autofree char *hours = _rubric_worklog_hours_text (ms);
  g_autofree char *money = rubric_money_localize (rubric_money_totals_to_text (earned));

  if (*money == '\0')
    return g_steal_pointer (&hours);
  return g_strdup_printf ("%s · %s", hours, money);
}

/* One amount a line, for the end of a row, where a line of several
 * currencies would not fit a phone. */
char *
_rubric_worklog_money_lines (const RubricMoneyTotals *totals)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < rubric_money_totals_get_n (totals); i++)
    {
      gint64 minor;
      const char *currency = rubric_money_totals_get_nth (totals, i, &minor);
      g_autofree char *amount = rubric_money_localize (rubric_money_format_with_code (minor, currency));

      g_string_append_printf (text, "%s%s", i > 0 ? "\n" : "", amount);
    }
  return text->len > 0 ? g_string_free (g_steal_pointer (&text), FALSE) : g_strdup ("—");
}

/* The hours over the money, for the end of a row. */
char *
_rubric_worklog_summary_lines (gint64                   ms,
                               const RubricMoneyTotals *earned)
{
  g_autofree char *hours = _rubric_worklog_hours_text (ms);
  g_autofree char *money = _rubric_worklog_money_lines (earned);

  if (rubric_money_totals_get_n (earned) == 0)
    return g_steal_pointer (&hours);
  return g_strdup_printf ("%s\n%s", hours, money);
}

const char *
_rubric_worklog_platform_label (const char *name)
{
  return name != NULL && *name != '\0' ? name : _("No platform");
}

/* Amounts at the end of a row, right-aligned line by line. */
GtkWidget *
_rubric_worklog_value_label (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* A row of plain text (names are the person's, never markup) with a
 * value at its end. */
GtkWidget *
_rubric_worklog_row (const char *title,
                     const char *subtitle,
                     const char *value)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (value != NULL && *value != '\0')
    adw_action_row_add_suffix (ADW_ACTION_ROW (row), _rubric_worklog_value_label (value));
  return row;
}

/* The Log page ------------------------------------------------------------ */

static void
group_key (const char *day,
           const char *range,
           char        key[RUBRIC_DAY_LEN])
{
  GDate date;

  g_strlcpy (key, day, RUBRIC_DAY_LEN);
  if (g_strcmp0 (range, "month") == 0)
    memcpy (key + 8, "01", 2);
  else if (g_strcmp0 (range, "week") == 0 && rubric_worklog_parse_day (day, &date, NULL))
    {
      g_date_subtract_days (&date, g_date_get_weekday (&date) - G_DATE_MONDAY);
      rubric_worklog_format_day (&date, key);
    }
}

static GDateTime *
local_midnight (const char *day)
{
  GDate date;

  if (!rubric_worklog_parse_day (day, &date, NULL))
    return g_date_time_new_now_local ();
  return g_date_time_new_local (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);
}

static char *
group_title (const char *key,
             const char *range)
{
  g_autoptr(GDateTime) date = local_midnight (key);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GDateTime) before = g_date_time_add_days (now, -1);
  g_autofree char *yesterday = g_date_time_format (before, "%Y-%m-%d");
  g_autofree char *monday = NULL;

  if (g_strcmp0 (range, "month") == 0)
    return g_date_time_format (date, "%B %Y");
  if (g_strcmp0 (range, "week") == 0)
    {
      monday = g_date_time_format (date, "%-d %B %Y");
      return g_strdup_printf (_("Week of %s"), monday);
    }
  if (g_strcmp0 (key, today) == 0)
    return g_strdup (_("Today"));
  if (g_strcmp0 (key, yesterday) == 0)
    return g_strdup (_("Yesterday"));
  return g_date_time_format (date, "%A, %-d %B %Y");
}

static char *
clock_text (gint64 time)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (time / 1000);

  return g_date_time_format (local, "%H:%M");
}

/* What the item was: where it was done, when, what on, at what rate. */
static char *
item_details (const RubricLogItem *item)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *rate = item->priced ? rubric_money_localize (rubric_rate_to_text (&item->rate)) : g_strdup (_("no rate"));

  g_ptr_array_add (parts, g_strdup (item->source == RUBRIC_LOG_SOURCE_APP ? _("In Rubric") : _("Logged by hand")));
  if (item->started_at != 0)
    {
      g_autofree char *start = clock_text (item->started_at);
      g_autofree char *end = clock_text (item->ended_at);

      g_ptr_array_add (parts, g_strdup_printf ("%s–%s", start, end));
    }
  if (item->source == RUBRIC_LOG_SOURCE_APP)
    {
      g_ptr_array_add (parts, g_strdup (item->set_name));
      g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u task", "%u tasks", item->n_tasks),
                                               item->n_tasks));
    }
  g_ptr_array_add (parts, g_steal_pointer (&rate));
  if (item->note != NULL && *item->note != '\0')
    g_ptr_array_add (parts, g_strdup (item->note));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* Hours over earnings, at the end of an item's row. */
static GtkWidget *
amounts_box (const RubricLogItem *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  g_autofree char *hours = _rubric_worklog_hours_text (item->active_ms);
  g_autofree char *earned = item->priced ? rubric_money_localize (rubric_money_format_with_code (item->earned, item->rate.currency)) : NULL;
  GtkWidget *hours_label = gtk_label_new (hours);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_label_set_xalign (GTK_LABEL (hours_label), 1);
  gtk_widget_add_css_class (hours_label, "numeric");
  gtk_widget_add_css_class (hours_label, "heading");
  gtk_box_append (GTK_BOX (box), hours_label);
  if (earned != NULL)
    {
      GtkWidget *earned_label = gtk_label_new (earned);

      gtk_label_set_xalign (GTK_LABEL (earned_label), 1);
      gtk_widget_add_css_class (earned_label, "numeric");
      gtk_widget_add_css_class (earned_label, "dim-label");
      gtk_box_append (GTK_BOX (box), earned_label);
    }
  return box;
}

static GtkWidget *
entry_button (const char *icon,
              const char *tooltip,
              const char *action,
              gint64      id)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), g_variant_new_int64 (id));
  return button;
}

static GtkWidget *
item_row (const RubricLogItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *details = item_details (item);
  gboolean manual = item->source == RUBRIC_LOG_SOURCE_MANUAL;
  GtkWidget *icon = gtk_image_new_from_icon_name (manual ? "document-edit-symbolic" : "computer-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _rubric_worklog_platform_label (item->platform));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_tooltip_text (icon, manual ? _("Logged by hand") : _("Work in Rubric"));
  if (!manual)
    gtk_widget_add_css_class (icon, "accent");
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), amounts_box (item));
  if (manual)
    {
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 entry_button ("document-edit-symbolic", _("Edit"), "worklog.edit-entry", item->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 entry_button ("user-trash-symbolic", _("Delete"), "worklog.delete-entry", item->id));
    }
  return row;
}

static GtkWidget *
subtotal_row (const Subtotal *subtotal,
              gboolean        by_day)
{
  g_autofree char *value = _rubric_worklog_summary_lines (subtotal->ms, subtotal->earned);
  g_autofree char *count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u item", "%u items", subtotal->n),
                                            subtotal->n);
  GtkWidget *row = _rubric_worklog_row (_rubric_worklog_platform_label (subtotal->name),
                                        by_day ? _("Subtotal") : count, value);

  if (by_day)
    gtk_widget_add_css_class (row, "dim-label");
  return row;
}

static void
add_group (GtkBox         *box,
           const LogGroup *group,
           const char     *range)
{
  GtkWidget *prefs = adw_preferences_group_new ();
  g_autofree char *title = group_title (group->key, range);
  g_autofree char *total = _rubric_worklog_summary_text (group->total.ms, group->total.earned);
  gboolean by_day = g_strcmp0 (range, "day") == 0;

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (prefs), title);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (prefs), total);
  for (guint i = 0; by_day && i < group->items->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (prefs), item_row (g_ptr_array_index (group->items, i)));
  for (guint i = 0; (!by_day || group->platforms->len > 1) && i < group->platforms->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (prefs), subtotal_row (g_ptr_array_index (group->platforms, i), by_day));
  gtk_box_append (box, prefs);
}

static void
add_more_note (GtkBox *box)
{
  GtkWidget *note = gtk_label_new (_("Older days are summed up by week and by month, and are in the export."));

  gtk_label_set_wrap (GTK_LABEL (note), TRUE);
  gtk_widget_add_css_class (note, "dim-label");
  gtk_box_append (box, note);
}

/**
 * _rubric_worklog_fill_log:
 * @range: "day", "week" or "month"
 *
 * Returns: whether the year has anything to show
 */
gboolean
_rubric_worklog_fill_log (GtkBox                  *box,
                          const RubricWorklogData *data,
                          const char              *range)
{
  g_autoptr(LogGroup) group = NULL;
  guint n_groups = 0;

  _rubric_worklog_clear_box (box);
  for (guint i = data->items->len; i-- > 0;)
    {
      const RubricLogItem *item = g_ptr_array_index (data->items, i);
      char key[RUBRIC_DAY_LEN];

      group_key (item->day, range, key);
      if (group != NULL && strcmp (group->key, key) != 0)
        {
          add_group (box, group, range);
          g_clear_pointer (&group, log_group_free);
          if (++n_groups == MAX_DAYS)
            {
              add_more_note (box);
              return TRUE;
            }
        }
      if (group == NULL)
        group = log_group_new (key);
      log_group_add (group, item);
    }
  if (group != NULL)
    add_group (box, group, range);
  return data->items->len > 0;
}

/* The Payments page --------------------------------------------------------- */

static char *
payment_details (const RubricPayment *payment)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *gross = rubric_money_localize (rubric_money_format_with_code (payment->gross, payment->currency));
  g_autofree char *fees = rubric_money_localize (rubric_money_format_with_code (payment->fees, payment->currency));
  g_autoptr(GDateTime) date = local_midnight (payment->day);

  g_ptr_array_add (parts, g_date_time_format (date, "%-d %B %Y"));
  if (*payment->processor != '\0')
    g_ptr_array_add (parts, g_strdup_printf (_("through %s"), payment->processor));
  g_ptr_array_add (parts, g_strdup_printf (_("gross %s, fees %s"), gross, fees));
  if (payment->form != RUBRIC_TAX_FORM_NONE)
    g_ptr_array_add (parts, g_strdup (rubric_tax_form_to_string (payment->form)));
  if (*payment->note != '\0')
    g_ptr_array_add (parts, g_strdup (payment->note));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

static GtkWidget *
payment_row (const RubricPayment *payment)
{
  g_autofree char *details = payment_details (payment);
  g_autofree char *net = rubric_money_localize (rubric_money_format_with_code (payment->net, payment->currency));
  GtkWidget *row = _rubric_worklog_row (payment->payer, details, net);

  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             entry_button ("user-trash-symbolic", _("Delete"), "worklog.delete-payment", payment->id));
  return row;
}

static GtkWidget *
add_payment_button (void)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Add Payment"));
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "worklog.add-payment");
  return button;
}

/**
 * _rubric_worklog_fill_payments:
 *
 * Returns: whether the year has payments
 */
gboolean
_rubric_worklog_fill_payments (GtkBox                  *box,
                               const RubricWorklogData *data)
{
  GtkWidget *prefs = adw_preferences_group_new ();
  g_autofree char *net = _rubric_worklog_money_text (data->periods->total->paid_net);
  g_autofree char *description = g_strdup_printf (_("Net received in %d: %s"), data->year, net);

  _rubric_worklog_clear_box (box);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (prefs), _("Payments Received"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (prefs), description);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (prefs), add_payment_button ());
  for (guint i = data->payments->len; i-- > 0;)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (prefs), payment_row (g_ptr_array_index (data->payments, i)));
  gtk_box_append (box, prefs);
  return data->payments->len > 0;
}
