#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Flatpak manifests use a supported GNOME runtime (49 or newer) and
pin every source: a git source by its commit (beside its tag), an archive
or a downloaded file by its sha256. Rubric itself is the checkout (a dir)."""
import json
import pathlib
import re
import sys

MIN_RUNTIME = 49
COMMIT = re.compile(r"^[0-9a-f]{40}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Sources that are part of the checkout or run commands: nothing to download.
LOCAL = {"dir", "shell", "script", "inline"}

root = pathlib.Path(__file__).resolve().parent.parent
manifests = [pathlib.Path(p) for p in sys.argv[1:]] or sorted((root / "flatpak").glob("*.json"))
problems = []


def load(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        problems.append(f"{path}: not readable JSON: {e}")
        return None


def check_source(where, source, base):
    if isinstance(source, str):  # a file of sources
        sources = load(base / source)
        for s in sources if isinstance(sources, list) else [sources] if sources else []:
            check_source(f"{where} ({source})", s, (base / source).parent)
        return
    kind = source.get("type")
    if kind == "git":
        if not COMMIT.match(source.get("commit", "")):
            problems.append(f"{where}: git source {source.get('url')} has no commit (40 hex digits)")
        if "branch" in source:
            problems.append(f"{where}: git source {source.get('url')} follows a branch; pin a tag and its commit")
    elif kind in ("archive", "file", "extra-data"):
        if "url" in source and not SHA256.match(source.get("sha256", "")):
            problems.append(f"{where}: {kind} source {source.get('url')} has no sha256")
    elif kind == "patch" or kind in LOCAL:
        if "url" in source:
            problems.append(f"{where}: {kind} source with a url cannot be pinned")
    else:
        problems.append(f"{where}: source of type {kind!r} is not one this check knows how to pin")


def check_modules(path, modules, base):
    for module in modules:
        if isinstance(module, str):  # a module in a file of its own
            sub = load(base / module)
            if sub is not None:
                check_modules(path, [sub], (base / module).parent)
            continue
        where = f"{path}: module {module.get('name')}"
        if not module.get("sources"):
            problems.append(f"{where}: no sources")
        for source in module.get("sources", []):
            check_source(where, source, base)
        check_modules(path, module.get("modules", []), base)


for path in manifests:
    manifest = load(path)
    if manifest is None:
        continue
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append(f"{path}: runtime and sdk are not org.gnome.Platform and org.gnome.Sdk")
    version = str(manifest.get("runtime-version", ""))
    if not version.isdigit() or int(version) < MIN_RUNTIME:
        problems.append(f"{path}: runtime-version {version!r} is below {MIN_RUNTIME}, no longer supported")
    modules = manifest.get("modules", [])
    check_modules(path, modules, path.parent)
    last = modules[-1] if modules and isinstance(modules[-1], dict) else {}
    if not any(s.get("type") == "dir" and s.get("path") == ".." for s in last.get("sources", []) if isinstance(s, dict)):
        problems.append(f"{path}: the last module is not Rubric built from this checkout (a dir source, path \"..\")")

if not manifests:
    problems.append("flatpak/: no manifest")
for p in problems:
    print(p)
print(f"{len(manifests)} manifest(s) checked, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
