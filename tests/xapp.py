# Shared by the tests that run the real app under Xvfb beside other
# processes: TAP output, child processes that die with the test, xdotool,
# rubric-cli, and screenshots read back with tesseract.
# SPDX-License-Identifier: GPL-3.0-or-later
import atexit, os, re, shutil, signal, subprocess, sys, tempfile

APP, CLI = os.environ["RUBRIC_APP"], os.environ["RUBRIC_CLI"]
TMP = ""                      # this run's folder, removed when every check passed
SHOTS = ""                    # where screenshots go
children = []                 # every Popen started here, killed at exit
apps = []                     # every app started, for their logs
counter = failures = 0


def start(prefix):
    """Makes the run's folders and arranges for the children and the folder to go at exit."""
    global TMP, SHOTS
    TMP = tempfile.mkdtemp(prefix=prefix)
    SHOTS = os.path.join(os.environ.get("G_TEST_BUILDDIR") or TMP, "screenshots")
    os.makedirs(SHOTS, exist_ok=True)
    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))


def kill_all():
    for p in children:
        if p.poll() is None:
            p.kill()
            p.wait()


def cleanup():
    kill_all()
    if failures == 0:
        shutil.rmtree(TMP, ignore_errors=True)
    else:
        print(f"# kept {TMP}")


def finish():
    """Prints the TAP plan; the exit status."""
    print(f"1..{counter}")
    return 1 if failures else 0


def note(text):
    for line in str(text).rstrip().splitlines():
        print("# " + line)


def check(ok, desc, detail="", logs=()):
    """One TAP line. `detail` (or a function giving it, when it is costly) and the logs of
    the apps in `logs` are printed on failure only."""
    global counter, failures
    counter += 1
    print(f"{'ok' if ok else 'not ok'} {counter} - {desc}", flush=True)
    if not ok:
        failures += 1
        if callable(detail):
            detail = detail()
        if detail:
            note(detail)
        for app in logs:
            app.dump_log()
    return ok


def xdo(*args, check_rc=True):
    return subprocess.run(["xdotool", *map(str, args)], capture_output=True, text=True, check=check_rc,
                          timeout=30).stdout


def cli(*args, timeout=120):
    return subprocess.run([CLI, *args], capture_output=True, text=True, timeout=timeout)


def take_shot(win, tag):
    """`win` is an X window id, or "root" for the whole screen."""
    shot = os.path.join(SHOTS, f"{tag}.png")
    subprocess.run(["import", "-window", str(win), shot], check=True, timeout=30)
    return shot


def read_shot(shot):
    """What tesseract reads in a screenshot, lowercase, whitespace collapsed. It reads the image
    as taken, in grey (in colour it missed dark text on light blue), and cut down to what is not
    black background and doubled in size (a small dialog alone on a black screen reads badly)."""
    grey, big = os.path.join(TMP, "grey.png"), os.path.join(TMP, "big.png")
    subprocess.run(["convert", shot, "-colorspace", "Gray", grey], check=True, timeout=30)
    subprocess.run(["convert", shot, "-bordercolor", "black", "-border", "1", "-trim", "+repage",
                    "-colorspace", "Gray", "-resize", "200%", big], check=True, timeout=30,
                   stderr=subprocess.DEVNULL)  # a window not drawn yet is all black: nothing to trim
    out = [subprocess.run(["tesseract", image, "-"], capture_output=True, text=True, timeout=60).stdout
           for image in (big, grey, shot)]
    return re.sub(r"\s+", " ", " | ".join(out)).lower()


def has(text, phrases):
    """OCR drops and adds spaces and stray marks: compare letters only."""
    letters = re.sub(r"[^a-z]", "", text)
    return any(re.sub(r"[^a-z]", "", p.lower()) in letters for p in phrases)


class App:
    """The app, started as a process of its own on workspace `db` and task file `tasks`,
    without a session bus, so that every start is an instance of its own."""

    def __init__(self, db, tasks, name):
        self.name, self.log, self.shown = name, os.path.join(TMP, f"{name}-{len(children)}.log"), 0
        env = {k: v for k, v in os.environ.items() if k != "DBUS_SESSION_BUS_ADDRESS"}
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([APP, "--db", db, tasks], stdout=log, stderr=subprocess.STDOUT, env=env)
        children.append(self.proc)
        apps.append(self)
        self.pid = self.proc.pid

    def windows(self):
        """[(xid, area)] of this process's visible windows."""
        found = []
        for w in xdo("search", "--onlyvisible", "--pid", self.pid, check_rc=False).split():
            geo = dict(l.split("=", 1) for l in xdo("getwindowgeometry", "--shell", w, check_rc=False).split()
                       if "=" in l)
            found.append((w, int(geo.get("WIDTH", 0)) * int(geo.get("HEIGHT", 0))))
        return found

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def dump_log(self):
        with open(self.log, errors="replace") as f:
            f.seek(self.shown)
            text = f.read()
            self.shown = f.tell()
        if text.strip():
            note(f"--- {self.name} (pid {self.pid}) log ---\n{text}")
