#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""rubric-cli log: the contractor's work log, as a person or a script uses it."""
import csv
import io
import json
import os
import re
import sqlite3
import stat
import sys
import unittest
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from clitest import CliTestCase  # noqa: E402

# Every local time here is New York's, with its DST changes.
os.environ["TZ"] = "America/New_York"
NEW_YORK = ZoneInfo("America/New_York")
PERIOD_KEYS = {"period", "from", "to", "due", "hours", "earned", "by_platform"}


def ms(*when):
    """Milliseconds since the epoch of a New York local time."""
    return int(datetime(*when, tzinfo=NEW_YORK).timestamp() * 1000)


class WorklogCliTest(CliTestCase):
    prefix = "rubric-worklog-cli-"

    def setUp(self):
        super().setUp()
        self.db = self.path("w.db")

    def log(self, *args, check=True, db=None):
        return self.cli("log", *args, "--db", db or self.db, check=check)

    def items(self, db=None):
        return json.loads(self.log("list", "--json", db=db).stdout)["items"]

    def add_set(self, name, n=3):
        tasks = self.write(f"{name}.jsonl", [{"id": f"t{i}", "kind": "write", "prompt": f"p{i}"} for i in range(1, n + 1)],
                           text=json.dumps({"format": "rubric-tasks/1", "name": name}) + "\n")
        r = self.cli("import", tasks, "--db", self.db)
        return int(re.search(r"into task set (\d+)", r.stdout).group(1))

    def seed_span(self, set_id, start, end, annotator="Ada"):
        """A span of active time, as the app records it."""
        con = sqlite3.connect(self.db)
        con.execute("INSERT INTO work_sets (set_id, name) SELECT id, name FROM task_sets WHERE id = ?"
                    " ON CONFLICT (set_id) DO NOTHING", (set_id,))
        (work_set,) = con.execute("SELECT id FROM work_sets WHERE set_id = ?", (set_id,)).fetchone()
        con.execute("INSERT INTO work_spans (annotator, work_set, started_at, ended_at, active_ms)"
                    " VALUES (?, ?, ?, ?, ?)", (annotator, work_set, start, end, end - start))
        con.commit()
        con.close()

    def submit(self, set_id, ext_id, at):
        con = sqlite3.connect(self.db)
        con.execute("INSERT INTO annotations (task_id, set_id, annotator, state, created_at, updated_at, submitted_at)"
                    " SELECT id, set_id, 'Ada', 'submitted', 1, 1, ? FROM tasks WHERE set_id = ? AND ext_id = ?",
                    (at, set_id, ext_id))
        con.commit()
        con.close()

    def test_usage(self):
        r = self.cli("log", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("Usage: rubric-cli log SUBCOMMAND", r.stderr)
        r = self.cli("log", "--help")
        self.assertIn("YYYY-P1", r.stdout)
        self.assertIn("not tax advice", r.stdout)
        self.assertIn("log add|edit|delete|list|report", self.cli("--help").stdout)
        r = self.cli("log", "frobnicate", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("“frobnicate” is not a log command", r.stderr)

    def test_add_and_list(self):
        r = self.log("add", "--date", "2026-03-02", "--start", "09:00", "--end", "11:30", "--platform", "Outlier",
                     "--rate", "20", "--note", "review, batch 2")
        self.assertIn("Added manual entry 1: 2026-03-02, 2.50 h, Outlier, 20.00 USD/h", r.stdout)
        self.log("add", "--date", "2026-03-02", "--hours", "1", "--minutes", "30", "--platform", "Other")
        self.log("add", "--date", "2026-03-03", "--hours", "2", "--platform", "Tokyo", "--amount", "3000",
                 "--currency", "jpy")
        items = self.items()
        self.assertEqual([i["id"] for i in items], [2, 1, 3])
        self.assertEqual(items[1], {
            "source": "manual", "id": 1, "date": "2026-03-02",
            "start": "2026-03-02T09:00:00-05:00", "end": "2026-03-02T11:30:00-05:00",
            "hours": 2.5, "seconds": 9000, "platform": "Outlier", "set": None, "annotator": None, "tasks": None,
            "rate_kind": "hourly", "rate": "20.00", "currency": "USD", "earned": "50.00", "note": "review, batch 2"})
        self.assertEqual((items[0]["rate_kind"], items[0]["earned"], items[0]["hours"], items[0]["start"]),
                         ("none", None, 1.5, None))
        self.assertEqual((items[2]["rate_kind"], items[2]["rate"], items[2]["currency"], items[2]["earned"]),
                         ("amount", "3000", "JPY", "3000"))
        text = self.log("list", "--from", "2026-03-03").stdout
        self.assertIn("2026-03-03\n", text)
        self.assertNotIn("2026-03-02", text)
        self.assertIn("Total: 2.00 h; earned 3000 JPY; 0.00 h unpriced", text)
        self.assertIn("not tax advice", text)

    def test_report(self):
        add = [("2026-03-31", "Acme", "--rate", "10", "USD"), ("2026-04-01", "Acme", "--rate", "10", "USD"),
               ("2026-05-31", "Beta", "--amount", "25.50", "USD"), ("2026-06-01", "Acme", "--rate", "18", "EUR"),
               ("2026-12-31", "Acme", "--amount", "1.25", "KWD"), ("2027-01-01", "Acme", "--rate", "10", "USD")]
        for day, platform, kind, amount, currency in add:
            self.log("add", "--date", day, "--hours", "1", "--platform", platform, kind, amount, "--currency", currency)
        self.log("add", "--date", "2026-04-02", "--hours", "2", "--platform", "Volunteer")
        report = json.loads(self.log("report", "--year", "2026", "--json").stdout)
        self.assertEqual(set(report), {"periods"})
        periods = report["periods"]
        self.assertEqual([set(p) for p in periods], [PERIOD_KEYS] * 4)
        self.assertEqual([(p["period"], p["from"], p["to"], p["due"]) for p in periods], [
            ("2026-P1", "2026-01-01", "2026-03-31", "2026-04-15"),
            ("2026-P2", "2026-04-01", "2026-05-31", "2026-06-15"),
            ("2026-P3", "2026-06-01", "2026-08-31", "2026-09-15"),
            ("2026-P4", "2026-09-01", "2026-12-31", "2027-01-15")])
        self.assertEqual([p["hours"] for p in periods], [1, 4, 1, 1])
        self.assertEqual([p["earned"] for p in periods],
                         [{"USD": "10.00"}, {"USD": "35.50"}, {"EUR": "18.00"}, {"KWD": "1.250"}])
        self.assertEqual(periods[1]["by_platform"], {
            "Acme": {"hours": 1, "earned": {"USD": "10.00"}},
            "Beta": {"hours": 1, "earned": {"USD": "25.50"}},
            "Volunteer": {"hours": 2, "earned": {}}})

        months = json.loads(self.log("report", "--year", "2026", "--by", "month", "--json").stdout)["periods"]
        self.assertEqual(len(months), 12)
        self.assertEqual((months[3]["period"], months[3]["due"], months[3]["hours"]), ("2026-04", None, 3))

        self.log("pay", "--date", "2026-04-20", "--payer", "Acme", "--processor", "PayPal", "--gross", "15",
                 "--fees", "0.75", "--form", "1099-K")
        payers = json.loads(self.log("report", "--year", "2026", "--by", "payer", "--json").stdout)["payers"]
        acme = payers[0]
        self.assertEqual((acme["payer"], acme["earned"], acme["paid_gross"], acme["fees"], acme["paid_net"]),
                         ("Acme", {"EUR": "18.00", "KWD": "1.250", "USD": "20.00"}, {"USD": "15.00"},
                          {"USD": "0.75"}, {"USD": "14.25"}))
        self.assertEqual(acme["difference"], {"EUR": "18.00", "KWD": "1.250", "USD": "5.00"})
        self.assertEqual([p["difference"] for p in acme["periods"]],
                         [{"USD": "10.00"}, {"USD": "-5.00"}, {"EUR": "18.00"}, {"KWD": "1.250"}])

        text = self.log("report", "--year", "2026").stdout
        self.assertRegex(text, r"2026-P2\s+2026-04-01\s+2026-05-31\s+2026-06-15\s+4\.00\s+35\.50 USD \(\+2\.00 h unpriced\)")
        self.assertTrue(text.rstrip().endswith("These are record-keeping totals, not tax advice."))

    def test_bad_add_writes_nothing(self):
        self.log("add", "--date", "2026-03-02", "--hours", "1", "--platform", "Acme", "--rate", "20")
        before = self.items()
        base = ["add", "--date", "2026-03-02", "--platform", "Acme"]
        cases = [
            (["--start", "11:00", "--end", "10:00"], 1, "the end (10:00) is not after the start (11:00)"),
            (["--hours", "1", "--amount=-5"], 1, "“-5”: amounts cannot be negative"),
            (["--hours", "1", "--amount", "-5"], 1, "amounts cannot be negative"),
            (["--hours", "1", "--rate", "5", "--currency", "USX"], 1, "“USX” is not an ISO 4217 currency code"),
            (["--hours", "1", "--rate", "12.505"], 1, "USD has 2 decimals, not 3"),
            (["--hours", "1", "--rate", "5", "--amount", "3"], 2, "not both"),
            (["--start", "10:00"], 2, "--start and --end go together"),
            (["--hours", "0"], 1, "more than nothing"),
            (["--hours", "1.5"], 1, "--hours takes a whole number"),
            (["--start", "02:30", "--end", "03:30", "--date", "2026-03-08"], 1, "02:30 does not exist on 2026-03-08"),
        ]
        for extra, code, message in cases:
            r = self.log(*base, *extra, check=False)
            self.assertEqual(r.returncode, code, extra)
            self.assertIn("rubric-cli log add: ", r.stderr)
            self.assertIn(message, r.stderr, extra)
            self.assertEqual(self.items(), before, extra)
        r = self.log("add", "--date", "2026-02-30", "--hours", "1", "--platform", "Acme", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("rubric-cli log add: 2026-02-30 is not a day of the calendar", r.stderr)
        r = self.log("add", "--hours", "1", "--platform", "Acme", check=False)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--date", r.stderr)
        self.assertEqual(self.items(), before)
        # A mistake on a workspace not made yet makes none.
        fresh = self.path("never", "w.db")
        r = self.log("add", "--date", "2026-03-02", "--hours", "1", "--platform", "A", "--amount", "-1", check=False,
                     db=fresh)
        self.assertEqual(r.returncode, 1)
        self.assertFalse(os.path.exists(fresh))

    def test_fresh_db_path(self):
        fresh = self.path("a", "b", "log.db")
        self.log("add", "--date", "2026-03-02", "--hours", "1", "--platform", "Acme", db=fresh)
        self.assertEqual(stat.S_IMODE(os.stat(fresh).st_mode), 0o600)
        self.assertEqual(len(self.items(db=fresh)), 1)
        self.assertFalse(os.path.exists(self.db))

    def test_dst_entries(self):
        self.log("add", "--date", "2026-03-08", "--start", "01:30", "--end", "03:30", "--platform", "Acme",
                 "--rate", "20")
        self.log("add", "--date", "2026-11-01", "--start", "00:30", "--end", "02:30", "--platform", "Acme",
                 "--rate", "20")
        spring, fall = self.items()
        self.assertEqual((spring["start"], spring["end"], spring["hours"], spring["earned"]),
                         ("2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00", 1, "20.00"))
        self.assertEqual((fall["start"], fall["end"], fall["hours"], fall["earned"]),
                         ("2026-11-01T00:30:00-04:00", "2026-11-01T02:30:00-05:00", 3, "60.00"))

    def test_dst_session_split(self):
        set_id = self.add_set("Night shift")
        self.log("set-rate", "--set", str(set_id), "--payer", "Acme", "--per-task", "1.50", "--from", "2026-03-01")
        self.seed_span(set_id, ms(2026, 3, 7, 23, 0), ms(2026, 3, 8, 4, 0))
        self.submit(set_id, "t1", ms(2026, 3, 7, 23, 40))
        self.submit(set_id, "t2", ms(2026, 3, 8, 3, 50))
        self.submit(set_id, "t3", ms(2026, 3, 8, 4, 10))
        items = self.items()
        self.assertEqual([(i["date"], i["start"], i["end"], i["hours"], i["tasks"], i["earned"]) for i in items], [
            ("2026-03-07", "2026-03-07T23:00:00-05:00", "2026-03-08T00:00:00-05:00", 1, 1, "1.50"),
            ("2026-03-08", "2026-03-08T00:00:00-05:00", "2026-03-08T04:00:00-04:00", 3, 2, "3.00")])
        self.assertEqual({(i["source"], i["set"], i["annotator"], i["platform"]) for i in items},
                         {("app", "Night shift", "Ada", "Acme")})

    def test_rate_kept_after_edit(self):
        set_id = self.add_set("Rated")
        self.log("set-rate", "--set", str(set_id), "--payer", "Acme", "--hourly", "20", "--from", "2026-02-01")
        self.seed_span(set_id, ms(2026, 2, 2, 9, 0), ms(2026, 2, 2, 11, 0))
        r = self.log("set-rate", "--set", str(set_id), "--payer", "Acme", "--hourly", "30", "--from", "2026-02-03")
        self.assertIn(f"Set {set_id} is paid by Acme: 30.00 USD/h", r.stdout)
        self.seed_span(set_id, ms(2026, 2, 3, 9, 0), ms(2026, 2, 3, 10, 0))
        self.assertEqual([(i["rate"], i["earned"]) for i in self.items()], [("20.00", "40.00"), ("30.00", "30.00")])
        rates = self.log("rates", "--set", str(set_id)).stdout.splitlines()
        self.assertEqual(len(rates), 2)
        self.assertIn("“Rated” from 2026-02-01 00:00: Acme, 20.00 USD/h", rates[0])
        r = self.log("set-rate", "--set", "999", "--payer", "Acme", "--hourly", "30", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("There is no task set 999", r.stderr)

    def test_edit_delete(self):
        self.log("add", "--date", "2026-03-02", "--start", "09:00", "--end", "10:00", "--platform", "Acme",
                 "--rate", "20")
        self.log("edit", "1", "--date", "2026-03-04", "--rate", "25", "--note", "moved")
        (item,) = self.items()
        self.assertEqual((item["date"], item["start"], item["earned"], item["note"]),
                         ("2026-03-04", "2026-03-04T09:00:00-05:00", "25.00", "moved"))
        r = self.log("edit", "1", "--start", "10:00", "--end", "09:00", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.items(), [item])
        self.log("edit", "1", "--no-rate")
        self.assertEqual(self.items()[0]["earned"], None)
        self.log("delete", "1")
        self.assertEqual(self.items(), [])
        r = self.log("delete", "1", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("There is no manual entry 1 in the log", r.stderr)

    def test_timer(self):
        self.log("timer", "start", "--platform", "Outlier", "--note", "coding", "--at", "2026-03-02 09:00")
        self.assertIn("A timer has run since 2026-03-02 09:00", self.log("timer", "status").stdout)
        r = self.log("timer", "start", check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("stop it first", r.stderr)
        r = self.log("timer", "stop", "--at", "2026-03-02 10:30", "--rate", "20")
        self.assertIn("1.50 h, Outlier, 20.00 USD/h", r.stdout)
        (item,) = self.items()
        self.assertEqual((item["hours"], item["earned"], item["note"]), (1.5, "30.00", "coding"))
        self.assertIn("No timer is running", self.log("timer", "status").stdout)
        self.assertEqual(self.log("timer", "stop", check=False).returncode, 1)

    def test_pay(self):
        r = self.log("pay", "--date", "2026-04-10", "--payer", "Acme", "--gross", "100", "--net", "97.10")
        self.assertIn("Recorded payment 1: 2026-04-10 from Acme, 97.10 USD net", r.stdout)
        r = self.log("pay", "--date", "2026-04-10", "--payer", "Acme", "--gross", "100", "--fees", "1", "--net", "98",
                     check=False)
        self.assertEqual(r.returncode, 1)
        self.assertIn("net must be gross minus fees", r.stderr)
        payments = json.loads(self.log("list", "--payments", "--json").stdout)["payments"]
        self.assertEqual(payments, [{"id": 1, "date": "2026-04-10", "payer": "Acme", "processor": "", "gross": "100.00",
                                     "fees": "2.90", "net": "97.10", "currency": "USD", "form": "none", "note": ""}])
        self.log("delete", "--payment", "1")
        self.assertEqual(json.loads(self.log("list", "--payments", "--json").stdout)["payments"], [])

    def fill(self):
        set_id = self.add_set("Set, \"quoted\"")
        self.log("set-rate", "--set", str(set_id), "--payer", "Acme", "--hourly", "20", "--from", "2026-03-01")
        self.seed_span(set_id, ms(2026, 3, 7, 23, 0), ms(2026, 3, 8, 4, 0))
        self.submit(set_id, "t1", ms(2026, 3, 8, 1, 0))
        self.log("set-rate", "--set", str(set_id), "--payer", "Acme", "--per-task", "0.75", "--from", "2026-03-09")
        self.seed_span(set_id, ms(2026, 3, 9, 10, 0), ms(2026, 3, 9, 10, 45))
        self.submit(set_id, "t2", ms(2026, 3, 9, 10, 30))
        self.log("add", "--date", "2026-03-08", "--start", "09:00", "--end", "10:00", "--platform", "Outlier",
                 "--rate", "20", "--note", "two\nlines, \"quoted\"")
        self.log("add", "--date", "2026-03-09", "--hours", "2", "--platform", "Tokyo", "--amount", "3000",
                 "--currency", "JPY")
        self.log("add", "--date", "2026-03-09", "--hours", "1", "--platform", "Volunteer")

    def test_exports(self):
        self.fill()
        warrior = self.path("log.json")
        r = self.log("export", "--format", "timewarrior", "-o", warrior)
        self.assertIn("Wrote 6 log items as timewarrior", r.stdout)
        self.assertEqual(stat.S_IMODE(os.stat(warrior).st_mode), 0o600)
        with open(warrior, encoding="utf-8") as f:
            intervals = json.load(f)
        self.assertEqual([i["id"] for i in intervals], [6, 5, 4, 3, 2, 1])
        self.assertEqual(intervals[0], {"id": 6, "start": "20260308T040000Z", "end": "20260308T050000Z",
                                        "tags": ["Acme", "Set, \"quoted\""]})
        self.assertEqual(intervals[2]["annotation"], "two\nlines, \"quoted\"")
        for interval in intervals:
            self.assertRegex(interval["start"], r"^\d{8}T\d{6}Z$")
            self.assertLess(interval["start"], interval["end"])

        out = self.log("export", "--format", "timeclock", "-o", "-").stdout
        lines = out.splitlines()
        self.assertEqual(len(lines), 12)
        clock_in = re.compile(r"^i (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) (\S+(?: \S+)*)(?:  (.+))?$")
        clock_out = re.compile(r"^o (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$")
        for i in range(0, 12, 2):
            self.assertRegex(lines[i], clock_in)
            self.assertRegex(lines[i + 1], clock_out)
        self.assertEqual(clock_in.match(lines[0]).groups(),
                         ("2026-03-07", "23:00:00", "work:Acme", "Set, \"quoted\" (0 tasks)"))
        self.assertEqual(lines[3], "o 2026-03-08 04:00:00")
        self.assertEqual(lines[4], "i 2026-03-08 09:00:00 work:Outlier  two lines, \"quoted\"")

        table = self.path("log.csv")
        self.log("export", "--format", "csv", "-o", table)
        with open(table, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 6)
        night = rows[1]
        self.assertEqual((night["source"], night["date"], night["start"], night["end"], night["hours"],
                          night["seconds"], night["set"], night["tasks"], night["rate"], night["earned"]),
                         ("app", "2026-03-08", "2026-03-08T00:00:00-05:00", "2026-03-08T04:00:00-04:00", "3.00",
                          "10800", "Set, \"quoted\"", "1", "20.00", "60.00"))

    def test_csv_round_trip(self):
        self.fill()
        first = self.path("first.csv")
        second = self.path("second.csv")
        fresh = self.path("fresh.db")
        self.log("export", "--format", "csv", "-o", first)
        r = self.log("import", first, db=fresh)
        self.assertIn("Imported 3 sessions and 3 manual entries", r.stdout)
        self.log("export", "--format", "csv", "-o", second, db=fresh)
        with open(first, "rb") as a, open(second, "rb") as b:
            self.assertEqual(a.read(), b.read())
        r = self.log("import", first, db=fresh)
        self.assertIn("Imported 0 sessions and 0 manual entries", r.stdout)
        self.assertIn("(6 already in the log)", r.stdout)

    def test_import_bad_lines(self):
        self.fill()
        table = self.path("log.csv")
        self.log("export", "--format", "csv", "-o", table)
        with open(table, encoding="utf-8", newline="") as f:
            text = f.read()
        fresh = self.path("fresh.db")
        self.log("add", "--date", "2026-01-01", "--hours", "1", "--platform", "Kept", db=fresh)
        before = self.items(db=fresh)
        bad = text.replace(",3000,JPY,3000,", ",3000,JPY,3001,").replace("2026-03-09,,,1.00", "2026-02-30,,,1.00")
        bad += "manual,2026-03-10,,,1.00,3600,Acme,,,,hourly,5,USX,5.00,\n"
        path = self.path("bad.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(bad)
        r = self.log("import", path, check=False, db=fresh)
        self.assertEqual(r.returncode, 1)
        problems = r.stderr.splitlines()
        n = len(text.splitlines())
        self.assertTrue(any(re.fullmatch(rf"{re.escape(path)}:\d+: earned: “3001” is not what .*", p) for p in problems),
                        problems)
        self.assertIn(f"{path}:{n - 1}: date: 2026-02-30 is not a day of the calendar", problems)
        self.assertTrue(any(p.startswith(f"{path}:{n + 1}: currency: “USX”") for p in problems), problems)
        self.assertIn(f"rubric-cli log import: {path}: 3 problems; nothing was imported", problems)
        self.assertEqual(self.items(db=fresh), before)


if __name__ == "__main__":
    unittest.main(verbosity=2)
