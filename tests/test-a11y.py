#!/usr/bin/env python3
# What a screen reader finds: the real app on the sample tasks, walked
# through the AT-SPI tree on each page kind (compare, review, write,
# rank), the Task Sets library, the Work Log window and every dialog
# they open from the keyboard: the flag dialog on a passage of a review
# task, the reason dialog (Skip), the Preferences, the keyboard
# shortcuts, the work log's entry and payment dialogs; then a lead's
# review of three records exports (rubric --review) on each of its
# pages and its export dialog. Every control a person can operate must
# have a name; a score button must say its criterion, its response and
# its value out of the maximum; the compare page's controls come in
# reading order.
# Run under a private X server and D-Bus session (dbus-run-session): the
# accessibility bus is started on demand by at-spi-bus-launcher.
# SPDX-License-Identifier: GPL-3.0-or-later
import json, os, re, shutil, subprocess, sys, tempfile, time

import pyatspi

APP = os.environ["RUBRIC_APP"]
SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "samples", "tasks.jsonl")

BUTTONS = {pyatspi.ROLE_PUSH_BUTTON, pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_CHECK_BOX, pyatspi.ROLE_RADIO_BUTTON,
           pyatspi.ROLE_COMBO_BOX, pyatspi.ROLE_PUSH_BUTTON_MENU, pyatspi.ROLE_MENU_ITEM, pyatspi.ROLE_CHECK_MENU_ITEM,
           pyatspi.ROLE_RADIO_MENU_ITEM, pyatspi.ROLE_SPIN_BUTTON, pyatspi.ROLE_SLIDER, pyatspi.ROLE_LINK,
           pyatspi.ROLE_PAGE_TAB, pyatspi.ROLE_ENTRY, pyatspi.ROLE_PASSWORD_TEXT}
# Interactive only when they take the focus: a text view that can be
# read or typed into, a row that can be activated.
FOCUSED = {pyatspi.ROLE_TEXT, pyatspi.ROLE_LIST_ITEM, pyatspi.ROLE_TREE_ITEM, pyatspi.ROLE_TABLE_CELL,
           pyatspi.ROLE_TABLE_ROW}
# GTK 4.8 falls back on the widget's type name when it has none.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Rubric)[A-Z][A-Za-z]*$")
SCORE_NAME = re.compile(r"^(?P<criterion>[^,]+), response (?P<response>[A-Z]), (?P<value>\d+) of (?P<max>\d+)$")

failures = []


def fail(message):
    print("FAIL: " + message, flush=True)
    failures.append(message)


def key(*keys):
    subprocess.run(["xdotool", "key", *keys], check=True, timeout=30)
    time.sleep(1.5)


def nodes(node, path=()):
    """(node, role, name, path) of every node under `node`, in tree order, which is
    GTK's focus order."""
    try:
        role, name = node.getRole(), node.name or ""
        children = [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:  # a widget destroyed while it is walked
        return
    here = path + (f"{node.getRoleName()} '{name}'",)
    yield node, role, name, here
    for child in children:
        if child is not None:
            yield from nodes(child, here)


def unnamed(node, role, name):
    if role in BUTTONS:
        pass
    elif role in FOCUSED:
        if not node.getState().contains(pyatspi.STATE_FOCUSABLE):
            return False
    else:
        return False
    return not name.strip() or TYPE_NAME.match(name) is not None


def describe(node):
    """The tooltip, which GTK gives as the description: it tells which control it is."""
    try:
        return f" (described as '{node.description}')" if node.description else ""
    except Exception:
        return ""


def the_app(pid):
    for _ in range(60):
        for app in pyatspi.Registry.getDesktop(0):
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except Exception:
                pass
        time.sleep(0.5)
    sys.exit("FAIL: the app never appeared on the accessibility bus")


def untitled(node, role, name):
    """A window that reads as its type, or as nothing."""
    return (role in (pyatspi.ROLE_FRAME, pyatspi.ROLE_DIALOG, pyatspi.ROLE_WINDOW)
            and (not name.strip() or TYPE_NAME.match(name) is not None))


def walk(app, view, seen):
    """Lists every unnamed control under `app`, once per place in the tree, and every untitled window."""
    found = list(nodes(app))
    bad = [" > ".join(path[1:]) + describe(node) for node, role, name, path in found
           if unnamed(node, role, name) or (len(path) == 2 and untitled(node, role, name))]
    bad = [b for b in bad if b not in seen]
    seen.update(bad)
    for b in bad:
        fail(f"{view}: unnamed control: {b}")
    print(f"# {view}: {len(found)} nodes, {len(bad)} newly unnamed", flush=True)
    return found


def windows(app):
    """The names of the app's toplevels that are showing."""
    names = []
    for i in range(app.childCount):
        try:
            w = app.getChildAtIndex(i)
            if w is not None and w.getState().contains(pyatspi.STATE_VISIBLE):
                names.append(w.name or "")
        except Exception:
            pass
    return names


def opened(app, view, title):
    """Waits for a toplevel whose name matches `title`; a dialog that never opened is a failure,
    not a pass."""
    for _ in range(20):
        if any(re.search(title, name) for name in windows(app)):
            return True
        time.sleep(0.5)
    fail(f"{view}: no window like '{title}' opened; windows: {windows(app)!r}")
    return False


def dialog(app, view, title, *keys, close=("Escape",)):
    """Opens a window with `keys`, walks it with the rest of the app, closes it with `close`."""
    key(*keys)
    if opened(app, view, title):
        walk(app, view, seen_all)
        key(*close)
        for _ in range(10):
            if not any(re.search(title, name) for name in windows(app)):
                break
            time.sleep(0.5)
        else:
            fail(f"{view}: {' '.join(close)} did not close it")


def select_passage(app):
    """Selects a few words of the review task's response, as a person would with the mouse: in every
    response view on the tree, since the other pages' stay on it, hidden."""
    selected = False
    for node, role, name, _ in nodes(app):
        if role == pyatspi.ROLE_TEXT and name.startswith("Response"):
            try:
                text = node.queryText()
                try:
                    # GTK 4.8 selects, then replies with the wrong type: the reply is lost.
                    text.addSelection(5, 15)
                except Exception:
                    pass
                time.sleep(0.3)
                selected = selected or text.getNSelections() > 0
            except Exception as e:
                print(f"# selecting in '{name}' through the Text interface: {e}", flush=True)
    return selected


seen_all = set()


def check_scores(found):
    scores = [SCORE_NAME.match(name) for _, _, name, _ in found]
    scores = [m for m in scores if m is not None]
    if not any(m["criterion"] == "Correctness" and m["response"] == "A" and m["value"] == "4" and m["max"] == "5"
               for m in scores):
        fail("no score button reads like “Correctness, response A, 4 of 5”; score names: "
             + repr([m.group(0) for m in scores][:8]))
    else:
        print(f"ok: {len(scores)} score buttons named like “Correctness, response A, 4 of 5”")


def check_reading_order(found):
    """The compare page, in focus (tree) order: the prompt, response A, response B, the preference
    scale, the justification, Submit."""
    wanted = [("prompt", lambda r, n: r == pyatspi.ROLE_TEXT and n.startswith("Prompt")),
              ("response A", lambda r, n: r == pyatspi.ROLE_TEXT and n.startswith("Response A")),
              ("response B", lambda r, n: r == pyatspi.ROLE_TEXT and n.startswith("Response B")),
              ("preference scale", lambda r, n: n.startswith("A much better")),
              ("justification", lambda r, n: r == pyatspi.ROLE_TEXT and n == "Justification"),
              ("Submit", lambda r, n: r == pyatspi.ROLE_PUSH_BUTTON and n == "Submit")]
    at = []
    for what, test in wanted:
        index = next((i for i, (_, role, name, _) in enumerate(found) if test(role, name)), None)
        if index is None:
            fail(f"compare page: no {what} in the accessible tree")
            return
        at.append(index)
    if at != sorted(at):
        fail(f"compare page: the focus order is not the reading order: {[w for w, _ in wanted]} at {at}")
    else:
        print("ok: compare page in reading order: " + " → ".join(w for w, _ in wanted))


def review(tmp, env):
    """A lead's review window on each of its pages, and its export dialog."""
    folder = os.path.join(tmp, "in")
    os.makedirs(folder)
    subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-lead-records.py"),
                    folder], check=True)
    log = open(os.path.join(tmp, "review.log"), "wb")
    proc = subprocess.Popen([APP, "--db", os.path.join(tmp, "review.db"), "--review", folder], stdout=log,
                            stderr=subprocess.STDOUT, env=env)
    try:
        app = the_app(proc.pid)
        win = []
        for _ in range(40):
            win = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "Batch Seven"], capture_output=True,
                                 text=True, timeout=30).stdout.split()
            if win:
                break
            time.sleep(0.5)
        if not win:
            fail("review window: it never appeared")
            return
        subprocess.run(["xdotool", "windowsize", win[-1], "1280", "800", "windowmove", win[-1], "0", "0",
                        "windowfocus", "--sync", win[-1]], timeout=30)
        time.sleep(3)
        walk(app, "review window: adjudicate", seen_all)
        key("ctrl+2")
        walk(app, "review window: agreement", seen_all)
        key("ctrl+3")
        walk(app, "review window: annotators", seen_all)
        key("ctrl+1")
        dialog(app, "review window: export dialog", r"^Export", "ctrl+shift+e")
    finally:
        proc.kill()
        proc.wait()
        log.close()


def main():
    tmp = tempfile.mkdtemp(prefix="rubric-a11y-")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_AT_BRIDGE", "GTK_A11Y")}
    log = open(os.path.join(tmp, "app.log"), "wb")
    proc = subprocess.Popen([APP, "--db", os.path.join(tmp, "w.db"), SAMPLES], stdout=log,
                            stderr=subprocess.STDOUT, env=env)
    try:
        app = the_app(proc.pid)
        time.sleep(3)
        win = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(proc.pid)], capture_output=True,
                             text=True, timeout=30).stdout.split()
        if win:
            subprocess.run(["xdotool", "windowsize", win[-1], "1280", "800", "windowmove", win[-1], "0", "0",
                            "windowfocus", "--sync", win[-1]], timeout=30)
            time.sleep(1.5)
        seen = seen_all
        # The samples: compare, review, compare, write, rank, …, author, red-team.
        found = walk(app, "compare page", seen)
        check_scores(found)
        check_reading_order(found)
        key("alt+Down")
        walk(app, "review page", seen)
        if not select_passage(app):
            fail("review page: could not select a passage of the response")
        dialog(app, "flag dialog", r"^Flag", "ctrl+shift+f")
        dialog(app, "reason dialog", r"^Skip", "ctrl+shift+s")
        key("alt+Down")
        key("alt+Down")
        walk(app, "write page", seen)
        key("alt+Down")
        walk(app, "rank page", seen)
        # The samples end with four author tasks, then four red-team tasks:
        # each page with a task in it and a second turn added.
        subprocess.run(["xdotool", "key", "--delay", "150"] + ["alt+Down"] * 26, check=True, timeout=60)
        time.sleep(1.5)
        key("ctrl+shift+t")
        found = walk(app, "author page", seen)
        if not any(name == "Prompt of turn 2" for _, _, name, _ in found):
            fail("author page: no second turn's prompt in the accessible tree")
        subprocess.run(["xdotool", "key", "--delay", "150"] + ["alt+Down"] * 4, check=True, timeout=60)
        time.sleep(1.5)
        key("ctrl+shift+t")
        found = walk(app, "red-team page", seen)
        if not any(name == "Attack, turn 2" for _, _, name, _ in found):
            fail("red-team page: no second turn's attack in the accessible tree")
        key("ctrl+shift+o")
        walk(app, "library", seen)
        dialog(app, "preferences", r"^Preferences", "ctrl+comma")
        dialog(app, "keyboard shortcuts", r"^Keyboard Shortcuts", "ctrl+question")
        key("ctrl+shift+l")
        time.sleep(1)
        if opened(app, "work log", r"^Work Log"):
            walk(app, "work log", seen)
            dialog(app, "work log entry dialog", r"^New Entry", "ctrl+n")
            dialog(app, "work log payment dialog", r"^New Payment", "F10", "Return")
    finally:
        proc.kill()
        proc.wait()
        log.close()
    review(tmp, env)
    if failures:
        print(f"{len(failures)} problems", flush=True)
        for name in ("app.log", "review.log"):
            if os.path.exists(os.path.join(tmp, name)):
                with open(os.path.join(tmp, name), errors="replace") as f:
                    sys.stdout.write(f.read()[-4000:])
        print(f"# kept {tmp}")
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    print("ok: every control has a name")
    return 0


if __name__ == "__main__":
    sys.exit(main())
