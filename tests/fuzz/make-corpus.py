#!/usr/bin/env python3
# make-corpus.py — (re)writes the generated seeds of tests/fuzz/corpus/
#
# Seeds named gen-* come from resources/samples/tasks.jsonl and the
# published files of ../shared/realdata (tests/data/realdata holds the
# same files when the shared folder is missing): the first lines or a
# small slice of each, every seed under 20 KB. The other seeds (test-*,
# hand-*) were written by hand or taken from the unit tests' inputs and
# are left alone. Each harness's header comment says what its input
# starts with; the prefixes below follow it.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import gzip
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLES = os.path.join(ROOT, "resources", "samples", "tasks.jsonl")
REALDATA = os.path.join(os.path.dirname(ROOT), "shared", "realdata")
if not os.path.isdir(REALDATA):
    REALDATA = os.path.join(ROOT, "tests", "data", "realdata")
MAX_SEED = 20 * 1024
DETECT = 0xFF

# fuzz-formats.c's ids[], in its order.
FORMAT_IDS = [
    "rubric-tasks", "records", "llamafactory-v1", "sharegpt", "oasst-trees", "oasst1",
    "openai-preference", "ultrafeedback", "ultrafeedback-binarized", "helpsteer3",
    "helpsteer2-nemo", "helpsteer", "shp", "chatbot-arena", "labelstudio", "prodigy",
    "argilla", "kto", "trl-unpaired", "alpaca", "sft", "prompt-completion", "trl", "hh",
    "arena-csv", "labelstudio-csv", "csv",
]


def dumps(value, **kw):
    return json.dumps(value, ensure_ascii=False, **kw)


def write(harness, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_SEED:
        sys.exit(f"{harness}/{name}: {len(data)} bytes, over {MAX_SEED}")
    folder = os.path.join(HERE, "corpus", harness)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "gen-" + name), "wb") as f:
        f.write(data)


def clean():
    for harness in os.listdir(os.path.join(HERE, "corpus")):
        folder = os.path.join(HERE, "corpus", harness)
        for name in os.listdir(folder):
            if name.startswith("gen-"):
                os.unlink(os.path.join(folder, name))


def realdata(name):
    with open(os.path.join(REALDATA, name), "rb") as f:
        return f.read()


def head_lines(data, n, limit=MAX_SEED - 16):
    """The first n lines, fewer if they would pass limit (at least one, cut)."""
    out = b""
    for line in data.splitlines(keepends=True)[:n]:
        if len(out) + len(line) > limit:
            break
        out += line
    return out or data[:limit]


def zstd(data):
    return subprocess.run(["zstd", "-q", "-c", "-19"], input=data, stdout=subprocess.PIPE, check=True).stdout


def small_task(task, limit=1500):
    """A task with long texts cut, so that a few fit in a seed."""
    def cut(value):
        if isinstance(value, str):
            return value[:limit]
        if isinstance(value, list):
            return [cut(v) for v in value]
        if isinstance(value, dict):
            return {k: cut(v) for k, v in value.items()}
        return value
    return cut(task)


# Native task files ------------------------------------------------------

def task_reader_seeds(header, tasks):
    small = [small_task(t) for t in tasks[:4]]
    small_header = small_task(header, 600)
    jsonl = "".join(dumps(x) + "\n" for x in [small_header] + small)
    doc = {**small_header, "tasks": small[:3]}
    seeds = {
        "samples-jsonl": (0x00, jsonl),
        "samples-jsonl-lean": (0x01, jsonl),
        "samples-jsonl-nodup-smallfield": (0x06, jsonl),
        "samples-jsonl-options": (0x08, jsonl),
        "samples-jsonl-from-native-cut4093": (0x30, jsonl),
        "samples-jsonl-lean-first": (0x81, jsonl),
        "samples-crlf-bom": (0x00, "\ufeff" + jsonl.replace("\n", "\r\n")),
        "samples-tasks-only-cut7": (0x60, "".join(dumps(x) + "\n" for x in small[:2])),
        "samples-document": (0x00, dumps(doc, indent=2) + "\n"),
        "samples-document-cut7": (0x60, dumps({"tasks": small[:1]}, indent=1)),
        "samples-document-lean": (0x11, dumps(doc, indent=2)),
        "samples-array": (0x00, dumps(small[:3], indent=2) + "\n"),
        "samples-one-line-document": (0x00, dumps(doc) + "\n"),
        "samples-one-line-array": (0x00, dumps(small[:3]) + "\n"),
        "samples-duplicates": (0x00, "".join(dumps(x) + "\n" for x in [small[0], small[0], small[1]])),
        "samples-duplicates-unchecked": (0x02, "".join(dumps(x) + "\n" for x in [small[0], small[0]])),
    }
    for name, (flags, text) in seeds.items():
        write("task-reader", name, bytes([flags]) + text.encode("utf-8"))
    raw = jsonl.encode("utf-8")
    write("task-reader", "samples-jsonl.gz", bytes([0x00]) + gzip.compress(raw, mtime=0))
    write("task-reader", "samples-jsonl.zst", bytes([0x01]) + zstd(raw))
    write("task-reader", "samples-document.gz", bytes([0x20]) + gzip.compress(seeds["samples-document"][1].encode(), mtime=0))


# Records exports --------------------------------------------------------

def record(task, annotator, **judgement):
    r = {"task_id": task["id"], "task_set": "Rubric sample tasks", "kind": task["kind"], "annotator": annotator,
         "state": "submitted", "choice": None, "strength": None, "justification": "", "swapped": False,
         "scores": {}, "flags": {}, "ranking": [], "ties": [], "spans": [], "verdict": None, "self_check": [],
         "overrides": [], "skip_reason": None, "pasted_chars": 0,
         "created_at": "2026-11-02T09:00:00Z", "updated_at": "2026-11-02T09:03:00Z",
         "submitted_at": "2026-11-02T09:03:00Z", "active_seconds": 42.5}
    r.update(judgement)
    r["task"] = task
    return r


def judgement(task, n):
    kind = task["kind"]
    ids = [r["id"] for r in task.get("responses", [])]
    if kind == "compare":
        return {"choice": "AB"[n % 2], "strength": 1 + n % 3, "swapped": n % 2 == 1,
                "justification": f"Response {'AB'[n % 2]} is correct, \"quoted\"\n\tand kept.",
                "scores": {ids[0]: {"correctness": 4, "helpfulness": 3}, ids[1]: {"correctness": 2}},
                "spans": [{"response": ids[0], "start": 0, "end": 4, "quote": task["responses"][0]["content"][:4],
                           "flag": "style", "severity": "minor", "comment": "c", "correction": None}]}
    if kind == "rank":
        order = ids if n % 2 == 0 else list(reversed(ids))
        return {"ranking": order, "ties": [] if n < 2 else [[order[0], order[1]]]}
    if kind == "review":
        return {"verdict": "incorrect" if n % 2 else "correct", "justification": "Checked the claim."}
    return {"answer": f"An answer by annotator {n}.\n", "justification": ""}


def records_seeds(tasks):
    small = [small_task(t, 160) for t in tasks[:8]]
    lines = []
    for n, annotator in enumerate(["ann1", "ann2"]):
        for i, task in enumerate(small[:5]):
            if n == 1 and i == 2:
                lines.append(record(task, annotator, state="skipped", skip_reason="unsure", submitted_at=None))
            else:
                lines.append(record(task, annotator, **judgement(task, n + i)))
    adjudicated = record(small[0], "adjudicator", **judgement(small[0], 0))
    repeat = record(small[0], "ann1", repeat=True, **judgement(small[0], 1))
    flagged = record(small[1], "ann2", extra={"adjudicated": True}, **judgement(small[1], 0))
    text = "".join(dumps(r) + "\n" for r in lines)
    more = "".join(dumps(r) + "\n" for r in lines[:3] + [adjudicated, repeat, flagged])
    bad = "".join(dumps(r) + "\n" for r in lines[:2]) + "not json\n" + dumps(lines[2]) + "\n"
    conflict = dict(lines[1], task=dict(lines[1]["task"], prompt="Another prompt under the same id"))
    conflicts = "".join(dumps(r) + "\n" for r in [lines[0], lines[1], conflict, lines[0]]) + "\n  \n"
    seeds = {"two-annotators": text, "adjudicated-repeat": more, "bad-line": bad, "conflicts": conflicts,
             "no-task-id": dumps({"annotator": "x", "task": small[0]}) + "\n" + dumps(lines[0]) + "\n"}
    for name, data in seeds.items():
        write("records", name, b"\x00" + data.encode())
        write("review", name, b"\x00" + data.encode())
    write("records", "two-annotators-batch1-2workers", b"\x04" + text.encode())
    write("records", "bad-line-batch64", b"\x01" + bad.encode())
    write("records", "two-annotators.gz", b"\x02" + gzip.compress(text.encode(), mtime=0))
    write("review", "two-annotators-summary-majority", b"\x01" + text.encode())
    write("review", "adjudicated-summary-adjudicated", b"\x03" + more.encode())
    write("review", "conflicts-summary-mean", b"\x05" + conflicts.encode())
    write("review", "two-annotators.zst", b"\x01" + zstd(text.encode()))
    # An export read as a task file (rubric-cli import of records).
    write("task-reader", "records-from-records", bytes([0x18]) + more.encode())
    write("formats", "records-detected", bytes([DETECT, 0x00]) + text.encode())
    write("formats", "records-from", bytes([FORMAT_IDS.index("records"), 0x00]) + more.encode())


# Published formats ------------------------------------------------------

def formats_seeds():
    lines = {
        "hh-rlhf-harmless-base-test.jsonl": ("hh", 4),
        "oasst1-en-validation-flat.jsonl": ("oasst1", 12),
        "openai-cookbook-toy_chat_fine_tuning.jsonl": ("sft", 4),
        "llamafactory-v1_dpo_demo.jsonl": ("llamafactory-v1", 3),
        "oasst-trees-en100-head20.jsonl": ("oasst-trees", 2),
        "nemo-aligner-helpsteer2-regression-rm.jsonl": ("helpsteer2-nemo", 3),
    }
    for name, (fmt, n) in lines.items():
        data = head_lines(realdata(name), n)
        stem = name.split(".")[0]
        write("formats", stem + "-detected", bytes([DETECT, 0x00]) + data)
        write("formats", stem + "-from", bytes([FORMAT_IDS.index(fmt), 0x01]) + data)
    # JSON arrays: the first few elements, pretty-printed as published.
    arrays = {"llamafactory-dpo_en_demo.sharegpt.json": "sharegpt", "llamafactory-kto_en_demo.json": "kto"}
    for name, fmt in arrays.items():
        items = json.loads(realdata(name))
        for n in (4, 3, 2, 1):
            data = dumps(items[:n], indent=2).encode()
            if len(data) < MAX_SEED - 16:
                break
        stem = name.split(".")[0]
        write("formats", stem + "-detected", bytes([DETECT, 0x00]) + data)
        write("formats", stem + "-from-lean", bytes([FORMAT_IDS.index(fmt), 0x10]) + data)
        write("formats", stem + "-one-line", bytes([DETECT, 0x00]) + dumps(items[:n]).encode() + b"\n")
    # HH read as TRL pairs for review, and kinds forced on others.
    hh = head_lines(realdata("hh-rlhf-harmless-base-test.jsonl"), 2)
    write("formats", "hh-as-trl-review", bytes([FORMAT_IDS.index("trl"), 0x08]) + hh)
    sft = head_lines(realdata("openai-cookbook-toy_chat_fine_tuning.jsonl"), 2)
    write("formats", "sft-kind-write-cut7", bytes([FORMAT_IDS.index("sft"), 0x62]) + sft)
    write("formats", "sft-wrong-format", bytes([FORMAT_IDS.index("shp"), 0x00]) + sft)
    tsv = realdata("labelstudio-sdk-csv-export.tsv")
    write("formats", "labelstudio-tsv-detected", bytes([DETECT, 0x00]) + tsv)
    write("csv", "labelstudio-tsv-detected", b"\x00\n" + tsv)
    write("csv", "labelstudio-tsv-from", b"\x03\n" + tsv)
    write("csv", "labelstudio-tsv-mapped", b"\x01prompt=uri;response=title;response=title_1\n" + tsv)
    write("csv", "labelstudio-tsv-mapped-cut7", b"\xc1prompt=uri;response=title;response=title_1\n" + tsv)


# Text: markdown and diffs -------------------------------------------------

def texts(tasks):
    out = []
    for task in tasks:
        for response in task.get("responses", []):
            out.append(response["content"])
        gold = task.get("gold") or {}
        if isinstance(gold.get("answer"), str):
            out.append(gold["answer"])
    return out


def text_seeds(header, tasks):
    contents = texts(tasks)
    picked = sorted(contents, key=len)
    # A spread of sizes: short answers, code, long structured replies.
    chosen = picked[:: max(1, len(picked) // 10)][:10]
    guidelines = header.get("guidelines", "")[:MAX_SEED - 100]
    for i, text in enumerate(chosen + [guidelines]):
        data = text.encode()[:MAX_SEED - 8]
        write("markdown", f"samples-{i:02d}", data)
        write("markdown-align", f"samples-{i:02d}", bytes([i * 37 % 256, i, (i * 91) % 256, 1]) + data)
    pairs = []
    for task in tasks:
        responses = task.get("responses", [])
        if task.get("kind") == "compare" and len(responses) == 2:
            pairs.append((responses[0]["content"], responses[1]["content"]))
        gold = task.get("gold") or {}
        if isinstance(task.get("draft"), str) and isinstance(gold.get("answer"), str):
            pairs.append((task["draft"], gold["answer"]))
    for i, (a, b) in enumerate(pairs[:8]):
        data = a.encode()[:8000] + b"\0" + b.encode()[:8000]
        write("diff", f"samples-{i:02d}", data)


def main():
    with open(SAMPLES, encoding="utf-8") as f:
        objects = [json.loads(line) for line in f if line.strip()]
    header, tasks = objects[0], objects[1:]
    clean()
    task_reader_seeds(header, tasks)
    records_seeds(tasks)
    formats_seeds()
    text_seeds(header, tasks)
    total = 0
    for folder, _, names in os.walk(os.path.join(HERE, "corpus")):
        total += sum(os.path.getsize(os.path.join(folder, n)) for n in names)
    print(f"corpus: {total} bytes")


if __name__ == "__main__":
    main()
