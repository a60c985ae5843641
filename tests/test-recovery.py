#!/usr/bin/env python3
# A damaged workspace W, as a person meets it: the app started on it
# (under Xvfb, driven with real keystrokes from xdotool, its screen read
# back with tesseract) must say so in a dialog, and what the person
# chooses there must leave the files as promised. It proves that:
#  1. W with a header SQLite cannot read and a backup: the dialog offers
#     "Restore Backup"; Return restores it, a main window opens, W is
#     sound, owner-only and holds the backed-up work, and the damaged
#     bytes are kept aside, byte for byte, under exactly one new name;
#  2. the same without a backup: the dialog offers "Start a New
#     Workspace"; Return gives a main window on an empty workspace that
#     takes a submission, and the damaged bytes are kept aside;
#  3. a healthy W with a W.damaged marker (damage seen while it was
#     open): the dialog shows the reason, Alt+O ("Open Anyway") opens W
#     itself (not the backup), the marker goes and W's file is not
#     rewritten;
#  4. Escape (the close response, Quit) ends the app within 5 s and
#     leaves every file as it was: nothing moved, nothing written.
# Prints TAP. Needs xdotool, ImageMagick (import, convert) and tesseract.
# SPDX-License-Identifier: GPL-3.0-or-later
import glob, hashlib, json, os, re, sqlite3, stat, subprocess, sys, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xapp
from xapp import check, cli, has, kill_all, note, read_shot, take_shot, xdo

MAIN_AREA = 600 * 400         # a main window is at least this big; the dialog is smaller


class App(xapp.App):
    """The app started on a workspace that is expected to bring up the damaged-workspace dialog."""

    def __init__(self, db, tasks, name):
        super().__init__(db, tasks, name)
        self.dialog, self.win = None, None

    def wait_dialog(self, timeout=20):
        """The first window the app shows, which should be the dialog; None if none came."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            found = self.windows()
            if found:
                time.sleep(1)     # let it draw, and a second window show up if there is one
                found = self.windows()
                small = [w for w in found if w[1] < MAIN_AREA]
                if len(found) > 1 or not small:
                    note(f"{self.name}: windows {found} (expected one dialog)")
                self.dialog = min(found, key=lambda w: w[1])[0]
                return self.dialog
            time.sleep(0.25)
        return None

    def wait_main(self, timeout=20):
        """A main window (big, not the dialog); None if none came."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            big = [w for w, area in self.windows() if area >= MAIN_AREA and w != self.dialog]
            if big:
                self.win = big[0]
                return self.win
            time.sleep(0.25)
        return None

    def focus(self, win):
        # No window manager under Xvfb, so no windowactivate: raise and focus.
        xdo("windowraise", win, "windowfocus", "--sync", win, check_rc=False)
        time.sleep(0.3)

    def key(self, win, keys):
        self.focus(win)
        xdo("key", keys)

    def wait_exit(self, timeout):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None


def read_screen_until(tag, phrases_sets, timeout=6):
    """OCR of the whole screen, retried until every set of phrases is found or `timeout` passes."""
    deadline, n, text = time.monotonic() + timeout, 0, ""
    while True:
        n += 1
        text = read_shot(take_shot("root", f"{tag}-{n}" if n > 1 else tag))
        if all(has(text, p) for p in phrases_sets) or time.monotonic() > deadline:
            return text
        time.sleep(0.5)


def read_window_burst(win, tag, phrases_sets, seconds=4.0):
    """Captures `win` every 0.3 s for `seconds` (a toast shows for 5 s, sliding in first, and OCR
    is too slow to keep up), then reads the captures until every set of phrases was found in one
    of them. Returns what was read, all captures joined."""
    shots, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        shots.append(take_shot(win, f"{tag}-{len(shots) + 1}"))
        time.sleep(0.3)
    texts = []
    for shot in shots[1::2] + shots[0::2]:      # every other one first: fewer to read when all is there
        texts.append(read_shot(shot))
        if all(any(has(t, p) for t in texts) for p in phrases_sets):
            break
    return " || ".join(texts)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def listing(directory):
    """{relative path: sha256} of every file under `directory`."""
    out = {}
    for root, _, files in os.walk(directory):
        for name in files:
            path = os.path.join(root, name)
            out[os.path.relpath(path, directory)] = sha256(path)
    return out


def write_tasks(path, n, tag):
    with open(path, "w") as f:
        for i in range(1, n + 1):
            f.write(json.dumps({"id": f"w{i:02d}", "kind": "write",
                                "prompt": f"Describe the {tag} harbour number {i} at dawn."}) + "\n")
    return path


def export(db, out):
    r = cli("export", "--db", db, "--format", "records", "-o", out)
    if r.returncode != 0:
        return None, r.stderr
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()], ""


def submitted_answers(records):
    return [r.get("answer") or "" for r in records if r.get("state") == "submitted"]


def add_submitted(db, ext_id, answer):
    """One submitted annotation, written by SQLite (Python's sqlite3) while nothing else has W open."""
    con = sqlite3.connect(db, timeout=10)
    try:
        now = int(time.time() * 1000)
        task_id, set_id = con.execute("SELECT id, set_id FROM tasks WHERE ext_id = ?", (ext_id,)).fetchone()
        con.execute("INSERT INTO annotations (task_id, set_id, annotator, state, created_at, updated_at, "
                    "submitted_at, answer) VALUES (?, ?, 'tester', 'submitted', ?, ?, ?, ?)",
                    (task_id, set_id, now, now, now, answer))
        con.commit()
    finally:
        con.close()


def make_workspace(name, answers=(), backup=False, after_backup=()):
    """A directory of its own (backups go beside W) with W imported by rubric-cli from a task file,
    the given submitted answers, optionally a backup, then more answers. Nothing has W open after."""
    d = os.path.join(xapp.TMP, name)
    os.makedirs(d)
    db, tasks = os.path.join(d, "w.db"), write_tasks(os.path.join(d, "tasks.jsonl"), 5, name)
    r = cli("import", tasks, "--db", db)
    if r.returncode != 0:
        raise RuntimeError(f"rubric-cli import: {r.stderr}")
    for i, text in enumerate(answers, 1):
        add_submitted(db, f"w{i:02d}", text)
    if backup:
        r = cli("backup", "--db", db)
        if r.returncode != 0:
            raise RuntimeError(f"rubric-cli backup: {r.stderr}")
        note(r.stdout)
    for i, text in enumerate(after_backup, len(answers) + 1):
        add_submitted(db, f"w{i:02d}", text)
    left = [p for p in (db + "-wal", db + "-shm", db + "-journal") if os.path.exists(p)]
    if left:
        raise RuntimeError(f"still beside W after setup: {left}")
    return d, db, tasks


def damage(db):
    """Overwrites W's first 100 bytes (SQLite's header) with garbage; returns the damaged file's SHA-256."""
    with open(db, "r+b") as f:
        f.write(b"this is not a database any more, the header was written over by a test. " + b"\xff" * 27)
    return sha256(db)


def aside_files(db):
    return sorted(glob.glob(glob.escape(db) + ".damaged-*"))


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def db_check(db):
    r = cli("check", "--db", db)
    return r.returncode, (r.stdout + r.stderr).strip()


DIALOG_TITLE = ("workspace is damaged",)
RESTORE = ("restore backup", "restore the backup")
NO_BACKUP = ("no backup",)
START_NEW = ("start a new workspace",)


def scenario_restore():
    print("# 1. damaged workspace with a backup: Return restores it")
    answer = "the lighthouse keeper counted seven boats"
    d, db, tasks = make_workspace("restore", answers=[answer], backup=True)
    damaged = damage(db)
    app = App(db, tasks, "s1")
    if not check(app.wait_dialog() is not None, "s1: a window appears", f"exit status {app.proc.poll()}", [app]):
        return
    text = read_screen_until("s1-dialog", [DIALOG_TITLE, RESTORE])
    check(has(text, DIALOG_TITLE) and has(text, RESTORE),
          "s1: the dialog says the workspace is damaged and offers to restore the backup", f"OCR: {text[:600]}", [app])
    check(not os.path.exists(db + ".damaged") and aside_files(db) == [] and sha256(db) == damaged,
          "s1: nothing is moved or written while the dialog waits",
          f"files: {sorted(os.listdir(d))}", [app])
    app.key(app.dialog, "Return")
    win = app.wait_main()
    if not check(win is not None, "s1: Return gives a main window",
                 lambda: f"exit status {app.proc.poll()}; screen: " + read_shot(take_shot("root", "s1-no-main"))[:600],
                 [app]):
        return
    # At once, and for a few seconds only: the toast goes after a while.
    text = read_window_burst(win, "s1-main", [("restored the backup",), ("restore harbour",)])
    check(has(text, ("restored the backup",)), "s1: the window says it restored the backup", f"OCR: {text[:600]}", [app])
    check(has(text, ("restore harbour",)), "s1: the task file given on the command line is open",
          f"OCR: {text[:600]}", [app])
    rc, out = db_check(db)
    check(rc == 0, "s1: rubric-cli check says W is sound", out, [app])
    records, err = export(db, os.path.join(d, "out.jsonl"))
    check(records is not None and answer in submitted_answers(records),
          "s1: the backed-up submission is in rubric-cli export", err or f"records: {records}", [app])
    aside = aside_files(db)
    check(len(aside) == 1, "s1: exactly one W.damaged-* file", f"files: {sorted(os.listdir(d))}", [app])
    check(len(aside) == 1 and sha256(aside[0]) == damaged, "s1: it holds exactly the damaged bytes",
          f"{aside}: {[sha256(a) for a in aside]}, damaged {damaged}", [app])
    check(mode(db) == 0o600, "s1: W is mode 0600", f"mode {mode(db):o}", [app])
    check(not os.path.exists(db + ".damaged"), "s1: no damage marker is left", "", [app])
    check(app.proc.poll() is None, "s1: the app still runs", f"exit status {app.proc.poll()}", [app])
    app.kill()


def scenario_new_workspace():
    print("# 2. damaged workspace without a backup: Return starts a new one")
    d, db, tasks = make_workspace("fresh", answers=["the old answer that was lost"])
    damaged = damage(db)
    app = App(db, tasks, "s2")
    if not check(app.wait_dialog() is not None, "s2: a window appears", f"exit status {app.proc.poll()}", [app]):
        return
    text = read_screen_until("s2-dialog", [DIALOG_TITLE, NO_BACKUP, START_NEW])
    check(has(text, DIALOG_TITLE) and has(text, NO_BACKUP), "s2: the dialog says the workspace is damaged and "
          "there is no backup", f"OCR: {text[:600]}", [app])
    check(has(text, START_NEW), "s2: the dialog offers to start a new workspace", f"OCR: {text[:600]}", [app])
    check(not has(text, RESTORE), "s2: the dialog offers no backup to restore", f"OCR: {text[:600]}", [app])
    app.key(app.dialog, "Return")
    win = app.wait_main()
    if not check(win is not None, "s2: Return gives a main window",
                 lambda: f"exit status {app.proc.poll()}; screen: " + read_shot(take_shot("root", "s2-no-main"))[:600],
                 [app]):
        return
    text = read_window_burst(win, "s2-main", [("started a new workspace",), ("fresh harbour",)])
    check(has(text, ("started a new workspace",)), "s2: the window says it started a new workspace",
          f"OCR: {text[:600]}", [app])
    rc, out = db_check(db)
    check(has(text, ("fresh harbour",)), "s2: the task file given on the command line is open",
          f"OCR: {text[:600]}", [app])
    check(rc == 0, "s2: rubric-cli check says the new W is sound", out, [app])
    records, err = export(db, os.path.join(d, "out.jsonl"))
    check(records == [], "s2: the new workspace holds no annotations", err or f"records: {records}", [app])
    # It works: an answer typed and submitted with Ctrl+Enter is in the export.
    xdo("windowsize", win, 1280, 800, "windowmove", win, 0, 0, check_rc=False)
    time.sleep(0.5)
    app.key(win, "ctrl+j")
    time.sleep(0.3)
    typed = "a fresh answer in the new workspace"
    xdo("type", "--delay", 15, typed)
    app.key(win, "ctrl+Return")
    deadline, records = time.monotonic() + 5, None
    while time.monotonic() < deadline:
        records, err = export(db, os.path.join(d, "out.jsonl"))
        if records and typed in submitted_answers(records):
            break
        time.sleep(0.25)
    check(records is not None and typed in submitted_answers(records),
          "s2: a submission in the new workspace reaches rubric-cli export",
          lambda: f"{err} records: {records}; window: " + read_shot(take_shot(win, "s2-submit"))[:400], [app])
    aside = aside_files(db)
    check(len(aside) == 1 and sha256(aside[0]) == damaged, "s2: the damaged file is kept aside byte for byte",
          f"files: {sorted(os.listdir(d))}, {[sha256(a) for a in aside]}, damaged {damaged}", [app])
    check(mode(db) == 0o600, "s2: the new W is mode 0600", f"mode {mode(db):o}", [app])
    check(app.proc.poll() is None, "s2: the app still runs", f"exit status {app.proc.poll()}", [app])
    app.kill()


def scenario_marker():
    print("# 3. healthy workspace with a damage marker: Alt+O opens it anyway")
    before, after = "the ferry left at nine", "the ferry came back at noon"
    d, db, tasks = make_workspace("marker", answers=[before], backup=True, after_backup=[after])
    reason = "Tree 7 page 12 cell 3 was seen twice"
    with open(db + ".damaged", "w") as f:
        f.write(reason)
    healthy = sha256(db)
    ino = os.stat(db).st_ino
    app = App(db, tasks, "s3")
    if not check(app.wait_dialog() is not None, "s3: a window appears", f"exit status {app.proc.poll()}", [app]):
        return
    text = read_screen_until("s3-dialog", [DIALOG_TITLE, (reason,), ("open anyway",)])
    check(has(text, DIALOG_TITLE), "s3: the dialog says the workspace is damaged",
          f"OCR: {text[:600]}", [app])
    check(has(text, (reason,)), "s3: the dialog shows the reason from the marker", f"OCR: {text[:600]}", [app])
    check(has(text, ("open anyway",)), "s3: the dialog offers Open Anyway", f"OCR: {text[:600]}", [app])
    app.key(app.dialog, "alt+o")
    win = app.wait_main()
    if not check(win is not None, "s3: Alt+O gives a main window",
                 lambda: f"exit status {app.proc.poll()}; screen: " + read_shot(take_shot("root", "s3-no-main"))[:600],
                 [app]):
        return
    take_shot(win, "s3-main")
    check(not os.path.exists(db + ".damaged"), "s3: the marker file is gone", f"files: {sorted(os.listdir(d))}", [app])
    check(os.stat(db).st_ino == ino and sha256(db) == healthy, "s3: W is untouched (same file, same bytes)",
          f"inode {os.stat(db).st_ino} (was {ino}), sha256 {sha256(db)} (was {healthy})", [app])
    check(aside_files(db) == [], "s3: nothing is moved aside", f"files: {sorted(os.listdir(d))}", [app])
    records, err = export(db, os.path.join(d, "out.jsonl"))
    answers = submitted_answers(records or [])
    check(before in answers and after in answers, "s3: W's own work is there, including what came after the backup",
          err or f"answers: {answers}", [app])
    check(app.proc.poll() is None, "s3: the app still runs", f"exit status {app.proc.poll()}", [app])
    app.kill()


def scenario_quit():
    print("# 4. damaged workspace: Escape quits and leaves everything as it was")
    d, db, tasks = make_workspace("quit", answers=["the tide was out"], backup=True)
    damaged = damage(db)
    files = listing(d)
    app = App(db, tasks, "s4")
    if not check(app.wait_dialog() is not None, "s4: a window appears", f"exit status {app.proc.poll()}", [app]):
        return
    text = read_screen_until("s4-dialog", [DIALOG_TITLE])
    check(has(text, DIALOG_TITLE), "s4: the dialog says the workspace is damaged", f"OCR: {text[:600]}", [app])
    app.key(app.dialog, "Escape")
    pressed = time.monotonic()
    status = app.wait_exit(5)
    took = time.monotonic() - pressed
    check(status is not None, "s4: Escape ends the app within 5 s"
          + (f" ({took:.1f} s, exit status {status})" if status is not None else ""),
          lambda: "screen: " + read_shot(take_shot("root", "s4-still-running"))[:600], [app])
    app.kill()
    check(sha256(db) == damaged, "s4: W still holds exactly the damaged bytes", f"sha256 {sha256(db)}", [app])
    now = listing(d)
    changes = sorted(set(now.items()) ^ set(files.items()))
    check(not changes, "s4: nothing is moved, created or written beside W",
          "\n".join(f"{p} {h[:12]} ({'now' if (p, h) in now.items() else 'before'})" for p, h in changes), [app])


def main():
    xapp.start("rubric-recovery-")
    note(f"work in {xapp.TMP}, screenshots in {xapp.SHOTS}")
    for number, run in (("1", scenario_restore), ("2", scenario_new_workspace),
                        ("3", scenario_marker), ("4", scenario_quit)):
        try:
            run()
        except Exception as e:    # a step of the harness broke: say so, go on with the next scenario
            check(False, f"scenario {number} ran to the end", repr(e), xapp.apps)
        kill_all()
    return xapp.finish()


if __name__ == "__main__":
    sys.exit(main())
