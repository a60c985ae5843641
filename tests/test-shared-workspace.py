#!/usr/bin/env python3
# One workspace file W shared by the app, rubric-cli and a second app,
# driven with real keystrokes (xdotool) under Xvfb. It proves that:
#  - while the app runs, W-wal and W-shm exist and the app holds no
#    deleted W* file open (rubric-cli closing beside it must not delete
#    the app's WAL), whatever rubric-cli does or however it dies;
#  - every Ctrl+Enter is in `rubric-cli export` within 1 s, nothing
#    confirmed earlier ever goes missing, and the file stays intact
#    (PRAGMA integrity_check) through kill -9 of rubric-cli and the app,
#    also while rubric-cli imports a pipe that stops half way, and what
#    a killed import wrote goes with the next import;
#  - two windows on W each say so in a banner (read back by OCR), both
#    can submit, and the banner goes when the other one dies;
#  - a second window editing the same task does not overwrite the first
#    one's draft: its text goes to the history as a conflict, with a banner.
# Prints TAP. Needs xdotool, ImageMagick (import, convert) and tesseract.
# SPDX-License-Identifier: GPL-3.0-or-later
import json, os, random, re, signal, sqlite3, subprocess, sys, threading, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xapp
from xapp import check, cli, has, kill_all, note, read_shot, take_shot, xdo

confirmed = []                # (db, answer text) seen submitted in an export


class App(xapp.App):
    """The app with its main window found, sized and focused."""

    def __init__(self, db, tasks, name):
        super().__init__(db, tasks, name)
        self.started = time.monotonic()
        self.win, found = None, []
        deadline = time.monotonic() + 20
        while not found and time.monotonic() < deadline and self.proc.poll() is None:
            time.sleep(0.25)
            found = self.windows()
        time.sleep(1)             # a dialog may come up beside the window: take the largest
        found = self.windows()
        if not found:
            self.dump_log()
            raise RuntimeError(f"{name}: no window appeared (exit status {self.proc.poll()})")
        self.win, area = max(found, key=lambda w: w[1])
        if area < 600 * 400:      # only a dialog, such as "Could Not Open the Workspace"
            raise RuntimeError(f"{name}: only a dialog appeared: " + read_shot(take_shot(self.win, f"{name}-dialog"))[:300])
        for w, _ in found:
            if w != self.win:
                note(f"{name}: another window {xdo('getwindowname', w, check_rc=False).strip()!r} reads: "
                     + read_shot(take_shot(w, f"{name}-extra-{w}"))[:300])
        xdo("windowsize", self.win, 1280, 800, "windowmove", self.win, 0, 0, "windowfocus", "--sync", self.win)
        time.sleep(1)

    def focus(self):
        # No window manager under Xvfb, so no windowactivate: raise and focus.
        xdo("windowraise", self.win, "windowfocus", "--sync", self.win)
        time.sleep(0.2)

    def type(self, text, delay=15):
        self.focus()
        xdo("key", "ctrl+j")      # into the answer editor
        time.sleep(0.3)
        xdo("type", "--delay", delay, text)

    def submit(self):
        self.focus()
        xdo("key", "ctrl+Return")
        return time.monotonic()

    def capture(self, tag):
        """Raises the window (so the capture is this window, not one above it) and grabs it."""
        self.focus()
        time.sleep(0.3)
        return take_shot(self.win, tag)


def take_shot(win, tag):
    shot = os.path.join(xapp.SHOTS, f"{tag}.png")
    subprocess.run(["import", "-window", str(win), shot], check=True, timeout=30)
    return shot


def read_shot(shot):
    """What tesseract reads in a screenshot, lowercase, whitespace collapsed. It reads the image
    in grey as well: in colour it missed dark text on the light blue of a banner."""
    grey = os.path.join(xapp.TMP, "grey.png")
    subprocess.run(["convert", shot, "-colorspace", "Gray", grey], check=True, timeout=30)
    out = [subprocess.run(["tesseract", image, "-"], capture_output=True, text=True, timeout=60).stdout
           for image in (grey, shot)]
    return re.sub(r"\s+", " ", " | ".join(out)).lower()


def has(text, phrases):
    """OCR drops and adds spaces and stray marks: compare letters only."""
    letters = re.sub(r"[^a-z]", "", text)
    return any(re.sub(r"[^a-z]", "", p) in letters for p in phrases)


def read_windows_at(apps, deadline, tag):
    """{app: OCR text} of each window captured just before `deadline` (at once if it has passed).
    A banner stays up, so what is drawn then is what the app showed within the time allowed."""
    time.sleep(max(0.0, deadline - 0.8 * len(apps) - time.monotonic()))
    shots = [(app, app.capture(f"{tag}-{app.name}")) for app in apps]
    if time.monotonic() > deadline + 0.1:
        note(f"{tag}: captured {time.monotonic() - deadline:.1f} s late")
    return {app: read_shot(shot) for app, shot in shots}


def write_tasks(path, n, tag=""):
    with open(path, "w") as f:
        for i in range(1, n + 1):
            f.write(json.dumps({"id": f"w{i:02d}", "kind": "write", "prompt": f"Prompt number {i}{tag}: say something."}) + "\n")
    return path


def compare_tasks(path, n):
    nonce = "%016x" % random.getrandbits(64)
    with open(path, "w") as f:
        for i in range(1, n + 1):
            f.write(json.dumps({"id": f"c{i}", "kind": "compare", "prompt": f"p {nonce} {i}",
                                "responses": [{"id": "a", "content": "x"}, {"id": "b", "content": "y"}]}) + "\n")
    return path


def export(db, out):
    r = cli("export", "--db", db, "--format", "records", "-o", out)
    if r.returncode != 0:
        return None, r.stderr
    with open(out, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()], ""


def submitted_answers(records):
    return [r.get("answer") or "" for r in records if r.get("state") == "submitted"]


def wait_in_export(db, text, pressed, limit=1.0):
    """Exports every ~100 ms until an export started within `limit` s of the key press has the answer."""
    out, err = os.path.join(xapp.TMP, "poll.jsonl"), ""
    while True:
        started = time.monotonic()
        records, err = export(db, out)
        if records is not None and any(text in a for a in submitted_answers(records)):
            return started - pressed, ""
        if time.monotonic() - pressed > limit:
            return None, err
        time.sleep(max(0.0, 0.1 - (time.monotonic() - started)))


def query(db, sql):
    """Read-only (a reader never checkpoints or deletes the WAL), closed at once."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def integrity(db):
    try:
        return query(db, "PRAGMA integrity_check")[0][0]
    except sqlite3.Error as e:
        return f"error: {e}"


def step_checks(label, db, apps):
    """What must hold after every step: WAL/SHM there, no deleted fd, intact, nothing lost."""
    problems = []
    for app in apps:
        if app.proc.poll() is not None:
            problems.append(f"{app.name} exited with {app.proc.returncode}")
            continue
        for suffix in ("-wal", "-shm"):
            if not os.path.exists(db + suffix):
                problems.append(f"{os.path.basename(db)}{suffix} is missing while {app.name} runs")
        fddir = f"/proc/{app.pid}/fd"
        for fd in os.listdir(fddir):
            try:
                target = os.readlink(os.path.join(fddir, fd))
            except OSError:
                continue
            if target.startswith(db) and target.endswith("(deleted)"):
                problems.append(f"{app.name} fd {fd} -> {target}")
    check(not problems, f"{label}: W-wal and W-shm exist, no deleted W* open in the app", "\n".join(problems), apps)
    result = integrity(db)
    check(result == "ok", f"{label}: integrity_check is ok", result, apps)
    records, err = export(db, os.path.join(xapp.TMP, "all.jsonl"))
    answers = submitted_answers(records or [])
    missing = [t for d, t in confirmed if d == db and not any(t in a for a in answers)]
    check(records is not None and not missing, f"{label}: every earlier submission is still in the export",
          err + "".join(f"missing: {t!r}\n" for t in missing), apps)


def submit_and_confirm(label, db, app, text, apps, pause=0.0):
    app.type(text)
    time.sleep(pause)
    pressed = app.submit()
    took, err = wait_in_export(db, text, pressed)
    if check(took is not None, f"{label}: submission in the export within 1 s" + (f" ({took:.2f} s)" if took is not None else ""),
             err, apps):
        confirmed.append((db, text))


def nonce():
    return "".join(random.choice("abcdefghkmnpqrstuvwxyz") for _ in range(8))


BANNER_SHARED = ("also open in another", "open in another rubric")
BANNER_CONFLICT = ("changed in another window", "changed in another", "in another window")


def scenario_cli_beside_app(db, tasks):
    print("# 1. the app beside rubric-cli stats / export / import")
    app = App(db, tasks, "app")
    stop, errors, runs = threading.Event(), [], [0]

    def background():
        scratch = os.path.join(xapp.TMP, "bg.jsonl")
        while not stop.is_set():
            for args in (["stats", "--db", db], ["export", "--db", db, "--format", "records", "-o", scratch],
                         ["import", compare_tasks(os.path.join(xapp.TMP, "bg-tasks.jsonl"), 3), "--db", db]):
                r = cli(*args)
                runs[0] += 1
                if r.returncode != 0:
                    errors.append(f"rubric-cli {args[0]}: {r.stderr.strip()}")

    thread = threading.Thread(target=background, daemon=True)
    thread.start()
    try:
        for i in range(1, 9):
            submit_and_confirm(f"s1 round {i}", db, app, f"first scenario round {i} {nonce()} words", [app],
                               random.uniform(0, 1.2))
            step_checks(f"s1 round {i}", db, [app])
    finally:
        stop.set()
        thread.join(60)
    check(not errors, f"s1: {runs[0]} rubric-cli commands beside the app all succeeded", "\n".join(errors[:10]), [app])
    return app


def scenario_cli_killed(db, app):
    print("# 2. kill -9 of rubric-cli import")
    big = compare_tasks(os.path.join(xapp.TMP, "big.jsonl"), 20000)
    for i in range(1, 4):
        p = subprocess.Popen([xapp.CLI, "import", big, "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        xapp.children.append(p)
        time.sleep(random.uniform(0.05, 0.4))
        p.kill()
        p.wait()
        step_checks(f"s2 kill {i}", db, [app])
    os.unlink(big)
    submit_and_confirm("s2 after the kills", db, app, f"second scenario {nonce()} words", [app])
    step_checks("s2 after the kills", db, [app])

    # An import from a pipe that stops half way commits what it read and
    # lets the app save meanwhile; killed there, it leaves a set no one
    # sees, which the next import removes.
    lines = open(compare_tasks(os.path.join(xapp.TMP, "piped.jsonl"), 3000), "rb").read().splitlines(keepends=True)
    p = subprocess.Popen([xapp.CLI, "import", "-", "--db", db], stdin=subprocess.PIPE,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    xapp.children.append(p)
    p.stdin.write(b"".join(lines[:2000]))
    p.stdin.flush()
    pending = "SELECT count(*) FROM task_sets WHERE content_hash LIKE 'pending:%'"
    deadline = time.monotonic() + 10
    while query(db, pending)[0][0] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    check(query(db, pending)[0][0] == 1, "s2: an import waiting for its pipe has committed what it read, unseen", "", [app])
    submit_and_confirm("s2 while rubric-cli import waits for its pipe", db, app, f"second scenario pipe {nonce()} words",
                       [app])
    p.kill()
    p.wait()
    left = query(db, "SELECT count(*) FROM tasks t JOIN task_sets s ON s.id = t.set_id"
                     " WHERE s.content_hash LIKE 'pending:%'")[0][0]
    step_checks("s2 pipe import killed", db, [app])
    r = cli("import", compare_tasks(os.path.join(xapp.TMP, "after.jsonl"), 3), "--db", db)
    gone = query(db, pending)[0][0] == 0 and \
        query(db, "SELECT count(*) FROM tasks WHERE set_id NOT IN (SELECT id FROM task_sets)")[0][0] == 0
    check(r.returncode == 0 and left > 0 and gone,
          f"s2: the {left} tasks the killed import left are gone after the next import", r.stderr, [app])
    step_checks("s2 after the next import", db, [app])


def scenario_app_killed(db, tasks, app):
    print("# 3. kill -9 of the app at random moments")
    for i in range(1, 5):
        text = f"third scenario round {i} {nonce()} words"
        app.type(text)
        time.sleep(random.uniform(0, 1.5))
        pressed = random.random() < 0.5
        if pressed:
            app.submit()
        time.sleep(random.uniform(0, 0.5))
        app.kill()
        note(f"round {i}: {'Ctrl+Enter, then ' if pressed else ''}kill -9")
        records, _ = export(db, os.path.join(xapp.TMP, "s3.jsonl"))
        if pressed and records and any(text in a for a in submitted_answers(records)):
            confirmed.append((db, text))
        result = integrity(db)
        check(result == "ok", f"s3 round {i}: integrity_check is ok after kill -9", result, [app])
        app = App(db, tasks, "app")
        step_checks(f"s3 round {i} restarted", db, [app])
    submit_and_confirm("s3 after the restarts", db, app, f"third scenario end {nonce()} words", [app])
    step_checks("s3 after the restarts", db, [app])
    return app


def scenario_two_windows(db, tasks):
    print("# 4. two app instances on W")
    kill_all()
    a = App(db, tasks, "A")
    b = App(db, tasks, "B")
    both = [a, b]
    texts = read_windows_at(both, b.started + 5, "s4-shared")
    shown = all(has(t, BANNER_SHARED) for t in texts.values())
    check(shown, "s4: both windows show 'also open in another Rubric window' within 5 s",
          "\n".join(f"{x.name} OCR: {t[:400]}" for x, t in texts.items()), both)
    step_checks("s4 two windows", db, both)
    a.focus()
    xdo("key", "alt+Down")     # A moves to the following task
    time.sleep(0.5)
    submit_and_confirm("s4 A submits", db, a, f"window a {nonce()} words", both)
    submit_and_confirm("s4 B submits", db, b, f"window b {nonce()} words", both)
    step_checks("s4 both submitted", db, both)
    a.kill()
    text = read_windows_at([b], time.monotonic() + 6, "s4-alone")[b]
    check(shown and not has(text, BANNER_SHARED), "s4: B's banner is gone within 6 s of kill -9 of A",
          f"B OCR: {text[:400]}" + ("" if shown else "\n(and it was never shown)"), [b])
    submit_and_confirm("s4 B alone submits", db, b, f"window b alone {nonce()} words", [b])
    step_checks("s4 B alone", db, [b])
    kill_all()


def scenario_conflict():
    print("# 5. two windows on the same task")
    db = os.path.join(xapp.TMP, "conflict.db")
    tasks = write_tasks(os.path.join(xapp.TMP, "conflict.jsonl"), 5, " (conflict)")
    a = App(db, tasks, "A5")
    b = App(db, tasks, "B5")
    both = [a, b]
    answer = "SELECT a.answer FROM annotations a JOIN tasks t ON t.id = a.task_id WHERE t.ext_id = 'w01'"
    # B types, and is frozen before its autosave (0.7 s after the first
    # key) can run: its change is unsaved while A saves the same task.
    b.type("beta words there", delay=8)
    b.proc.send_signal(signal.SIGSTOP)
    a.type("alpha words here")
    time.sleep(1.5)
    b.proc.send_signal(signal.SIGCONT)
    time.sleep(2.0)
    rows = query(db, answer)
    check([r[0] for r in rows] == ["alpha words here"], "s5: A's draft is not overwritten by B", f"answers: {rows}", both)
    try:
        rows = query(db, "SELECT answer FROM annotation_history WHERE reason = 'conflict'")
        kept = any("beta words there" in (r[0] or "") for r in rows)
        detail = f"conflict rows: {rows}"
    except sqlite3.Error as e:
        kept, detail = False, f"error: {e}"
    check(kept, "s5: B's text is kept in annotation_history as a conflict", detail, both)
    text = read_windows_at([b], time.monotonic() + 3, "s5-conflict")[b]
    check(has(text, BANNER_CONFLICT), "s5: B shows 'changed in another window'", f"B OCR: {text[:400]}", both)
    # Keep Mine (Alt+M): B's version becomes the draft, A's goes to the history.
    b.focus()
    xdo("key", "alt+m")
    time.sleep(1.0)
    rows = query(db, answer)
    check([r[0] for r in rows] == ["beta words there"], "s5: Keep Mine saves B's version", f"answers: {rows}", both)
    rows = query(db, "SELECT answer FROM annotation_history WHERE reason = 'overwritten'")
    check(any(r[0] == "alpha words here" for r in rows), "s5: A's overwritten version is in the history",
          f"overwritten rows: {rows}", both)
    text = read_windows_at([b], time.monotonic() + 1, "s5-resolved")[b]
    check(not has(text, BANNER_CONFLICT), "s5: B's conflict banner is gone", f"B OCR: {text[:400]}", both)
    step_checks("s5", db, both)
    kill_all()


def main():
    xapp.start("rubric-shared-")
    db = os.path.join(xapp.TMP, "w.db")
    tasks = write_tasks(os.path.join(xapp.TMP, "tasks.jsonl"), 40)
    seed = int(os.environ.get("SEED") or time.time())
    random.seed(seed)
    note(f"workspace {db}, screenshots in {xapp.SHOTS}, SEED={seed} to repeat the random timings")
    steps = [("1", lambda app: scenario_cli_beside_app(db, tasks)),
             ("2", lambda app: scenario_cli_killed(db, app) or app),
             ("3", lambda app: scenario_app_killed(db, tasks, app)),
             ("4", lambda app: scenario_two_windows(db, tasks)),
             ("5", lambda app: scenario_conflict())]
    app = None
    for number, run in steps:
        try:
            if number in ("2", "3") and app is None:
                app = App(db, tasks, "app")
            app = run(app)
        except Exception as e:    # a step of the harness broke: say so, go on with the next scenario
            check(False, f"scenario {number} ran to the end", repr(e), xapp.apps)
            kill_all()
            app = None
    return xapp.finish()


if __name__ == "__main__":
    sys.exit(main())
