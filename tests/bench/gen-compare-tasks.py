#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write a deterministic rubric-tasks/1 JSONL file of N compare tasks.

    gen-compare-tasks.py N OUT [--seed S]

The file has one header line, then N compare tasks averaging about 2,500
bytes each (100,000 tasks is about 250 MB).  Prompts and responses are
markdown built from real English words: paragraphs, headings, bullet and
numbered lists, fenced code blocks, links with "/" in them, and some
non-ASCII text (accents, dashes, curly quotes, emoji).  A few tasks carry a
system prompt and earlier conversation turns.  About one task in a hundred
is written with \\uXXXX escapes (emoji as surrogate pairs) and about one in
a hundred with "\\/" escapes, as other JSON writers produce them.

Same N and seed, same bytes.  Standard library only.
"""

import json
import random
import re
import sys
import time

NOUNS = """
account address agent algorithm analysis answer application argument array
assumption attention backup balance batch benchmark boundary branch browser
buffer budget cache calendar candidate capacity category channel chapter
character checklist choice client cluster column comment committee community
compiler component condition configuration connection constraint contract
conversation cost counter customer dashboard database deadline decision
default definition delay department dependency deployment description design
detail developer device dialog dictionary difference directory document
domain draft editor effect element engine entry environment error estimate
evaluation event evidence example exception experiment explanation export
expression extension factor failure feature feedback field figure file
filter format framework function gallery garden gateway goal graph guide
handler header history hypothesis image impact implementation import index
input instance instruction interface interval inventory issue item journal
kernel keyboard label language layer layout library limit list location
logic machine manager manual margin market measure memory message method
metric migration model module monitor network node notebook number object
offset opinion option order outcome output owner package page parameter
parser partner pattern payload performance permission pipeline platform
policy pool position practice preference prefix pressure principle priority
problem procedure process product profile program project property proposal
protocol provider query question queue quote range rate reader reason
record reference region registry release report repository request
requirement resource response result review revision risk routine rule
sample scale schedule schema scope screen script section sequence server
service session setting signal snapshot solution source specification stage
standard statement status step storage strategy stream string structure
student summary supplier support surface survey symbol system table target
task teacher template term test thread threshold ticket timeline token tool
topic transaction translation tree trend type unit update user value
variable vendor version view volume warning window workflow workspace
""".split()

VERBS = """
accept adjust allocate analyze apply approve assign avoid balance build
calculate capture change check clarify collect combine compare compile
compute configure confirm connect consider contain convert copy create
debug decide define delete deliver deploy describe design detect determine
document download edit enable encode ensure estimate evaluate examine
execute expand explain export extend extract filter fix follow format
generate handle identify ignore implement import improve include increase
index inspect install integrate interpret keep launch limit list load
locate maintain manage measure merge migrate monitor move normalize observe
optimize organize parse perform prepare preserve prevent print process
produce protect provide publish query read record reduce refactor register
reject release remove render repair replace report request require resolve
restore retrieve return review revise run save scan schedule select send
separate serialize share simplify sort split store submit summarize support
test track transform translate trigger update upgrade validate verify write
""".split()

ADJECTIVES = """
accurate active additional annual automatic available basic brief careful
central clear common complete complex concise consistent correct critical
current custom dedicated default detailed different direct distinct dynamic
early effective efficient empty entire essential exact existing explicit
external familiar final flexible formal frequent full general global good
helpful hidden high important incomplete independent initial internal key
large late least legal likely limited local logical low main major manual
maximum minimal minor missing modern narrow native natural necessary new
nominal normal obvious official old optional ordinary original overall
partial particular permanent personal plain portable possible practical
precise previous primary private proper public quick random rare raw
readable recent regular relevant reliable remote reasonable robust safe
secure separate serious shared short significant simple single small
specific stable standard static strict strong structured subtle suitable
temporary typical unique unusual useful valid visible vulnerable weak whole
""".split()

ADVERBS = """
accurately automatically briefly carefully clearly closely consistently
correctly currently directly easily effectively efficiently entirely
especially exactly explicitly finally frequently fully generally gradually
immediately independently initially largely likely manually mostly
naturally necessarily normally often partially precisely previously
primarily properly quickly rarely readily regularly reliably roughly safely
separately significantly simply slightly specifically strictly typically
usually
""".split()

NONASCII_WORDS = [
    "café", "naïve", "résumé", "façade", "déjà vu", "coöperate", "señor",
    "Zürich", "São Paulo", "Kraków", "Ångström", "jalapeño", "piñata",
    "crème brûlée", "über", "fiancée", "Málaga", "Île-de-France",
]
EMOJI = ["🚀", "✅", "📌", "🙂", "⚠️", "🔍", "💡", "📊", "🧪", "✨"]
TOPICS = [
    "databases", "web development", "statistics", "machine learning",
    "cooking", "travel planning", "personal finance", "gardening", "history",
    "physics", "chemistry", "music theory", "writing", "linguistics",
    "project management", "networking", "security", "operating systems",
    "mathematics", "biology", "law", "education", "marketing", "design",
]
MODELS = [
    "atlas-7b", "atlas-70b", "borealis-mini", "borealis-pro", "cirrus-2",
    "cirrus-2.5-instruct", "delta-chat-v3", "ember-13b", "fjord-large",
    "gale-instruct-8x7b",
]
LANGS = ["python", "c", "javascript", "sql", "bash", "rust", "go", "json"]
HOSTS = [
    "docs.example.org", "en.wikipedia.org", "developer.mozilla.org",
    "www.sqlite.org", "github.com", "docs.python.org", "gitlab.gnome.org",
    "stackoverflow.com", "arxiv.org", "www.rfc-editor.org",
]

SENTENCE_TEMPLATES = [
    "The {adj} {noun} should {verb} the {noun2} before the {noun3} is {adj2}.",
    "You can {verb} the {noun} {adv} if the {noun2} is {adj}.",
    "A {adj} {noun} makes it easier to {verb} each {noun2}.",
    "First, {verb} the {noun}; then {verb2} the {adj} {noun2}.",
    "In most cases the {noun} is {adj}, so there is no need to {verb} it.",
    "This {noun} does not {verb} the {noun2}, which keeps the {noun3} {adj}.",
    "If you {verb} the {noun} too early, the {noun2} may become {adj}.",
    "Each {noun} has a {adj} {noun2} that you can {verb} {adv}.",
    "The main reason to {verb} a {noun} is to keep the {noun2} {adj}.",
    "Note that the {noun} will {verb} the {noun2} only when it is {adj}.",
    "Why would anyone {verb} a {adj} {noun} instead of the {noun2}?",
    "We {adv} {verb} the {noun} and {verb2} the {noun2} afterwards.",
    "Remember: a {adj} {noun} is better than a {adj2} {noun2}.",
    "The {noun} and the {noun2} are {adj}, but the {noun3} is not.",
    "To {verb} the {noun}, open the {noun2} and {verb2} the {adj} {noun3}.",
    "It is {adj} to {verb} the {noun} {adv} — especially in {topic}.",
    "Most people who work in {topic} {verb} the {noun} {adv}.",
    "“{Adj} {noun}s,” as one {noun2} put it, “are {adj2} by design.”",
    "The {noun} at {nonascii} was {adv} {adj}, which surprised the {noun2}.",
    "Try to {verb} the {noun} now {emoji}",
]

PROMPT_TEMPLATES = [
    "Explain how to {verb} a {adj} {noun} in {topic}.",
    "What is the difference between a {noun} and a {noun2} in {topic}?",
    "Write a short guide on how to {verb} the {noun} {adv}.",
    "Can you help me {verb} my {noun}? It keeps getting {adj}.",
    "Summarize the main ideas behind {adj} {noun}s for a beginner.",
    "Compare two ways to {verb} a {noun} and say which one is better.",
    "Give me a checklist to {verb} a {adj} {noun} before a {noun2}.",
    "Why does my {noun} {verb} the {noun2} when it is {adj}?",
    "Write a {lang} function that can {verb} a list of {noun}s.",
    "I read about {noun}s at {url} — is that advice still {adj}?",
]

SYSTEM_PROMPTS = [
    "You are a helpful assistant. Answer clearly and cite sources when you can.",
    "You are a careful tutor in {topic}. Explain each step; never skip the reasoning.",
    "You are a concise assistant. Use markdown, keep answers under 300 words.",
    "You are an expert in {topic}. If the question is unclear, ask for clarification first.",
]

DIFFICULTIES = ["easy", "medium", "hard"]


ARTICLE = re.compile(r"\b([Aa]) ([aeiouAEIOU])")


def make_filler(rng):
    def fill(template):
        adj = rng.choice(ADJECTIVES)
        return ARTICLE.sub(r"\1n \2", template.format(
            adj=adj, Adj=adj.capitalize(), adj2=rng.choice(ADJECTIVES),
            noun=rng.choice(NOUNS), noun2=rng.choice(NOUNS),
            noun3=rng.choice(NOUNS), verb=rng.choice(VERBS),
            verb2=rng.choice(VERBS), adv=rng.choice(ADVERBS),
            topic=rng.choice(TOPICS), nonascii=rng.choice(NONASCII_WORDS),
            emoji=rng.choice(EMOJI), lang=rng.choice(LANGS),
            url=make_url(rng),
        ))
    return fill


def make_url(rng):
    path = "/".join(rng.choice(NOUNS) for _ in range(rng.randint(1, 4)))
    url = "https://%s/%s" % (rng.choice(HOSTS), path)
    if rng.random() < 0.3:
        url += "?q=%s&page=%d" % (rng.choice(NOUNS), rng.randint(1, 40))
    return url


def make_code(rng, fill):
    lang = rng.choice(LANGS)
    name = "%s_%s" % (rng.choice(VERBS), rng.choice(NOUNS))
    var = rng.choice(NOUNS)
    if lang == "python":
        body = [
            "def %s(%ss):" % (name, var),
            '    """%s"""' % fill(rng.choice(SENTENCE_TEMPLATES[:8])),
            "    result = []",
            "    for %s in %ss:" % (var, var),
            "        if %s.%s:" % (var, rng.choice(ADJECTIVES)),
            "            result.append(%s)" % var,
            "    return sorted(result, key=lambda x: x.%s)" % rng.choice(NOUNS),
        ]
    elif lang == "c":
        body = [
            "static int",
            "%s (const char *%s, size_t len)" % (name, var),
            "{",
            "  size_t i;",
            "  int count = 0;",
            "",
            "  for (i = 0; i < len; i++)",
            "    if (%s[i] == '/' || %s[i] == '\\\\')" % (var, var),
            "      count++;",
            "  return count; /* %s */" % rng.choice(ADJECTIVES),
            "}",
        ]
    elif lang == "javascript":
        body = [
            "async function %s(url) {" % name,
            "  const res = await fetch(`%s/${url}`);" % make_url(rng),
            "  if (!res.ok) throw new Error(\"%s failed\");" % var,
            "  const data = await res.json();",
            "  return data.%ss.filter((x) => x.%s !== null);" % (var, rng.choice(NOUNS)),
            "}",
        ]
    elif lang == "sql":
        t = rng.choice(NOUNS)
        body = [
            "SELECT %s_id, COUNT(*) AS n, MAX(%s) AS last_%s" % (t, var, var),
            "  FROM %ss" % t,
            " WHERE status = '%s' AND created_at >= '2024-0%d-01'" % (rng.choice(ADJECTIVES), rng.randint(1, 9)),
            " GROUP BY %s_id" % t,
            " ORDER BY n DESC",
            " LIMIT %d;" % rng.randint(5, 100),
        ]
    elif lang == "bash":
        body = [
            "#!/bin/sh",
            "set -eu",
            "dir=\"${1:-/var/lib/%s}\"" % var,
            "for f in \"$dir\"/*.%s; do" % rng.choice(["json", "log", "txt", "csv"]),
            "  grep -c '%s' \"$f\" || true" % rng.choice(VERBS),
            "done | sort -n | tail -n %d" % rng.randint(3, 20),
        ]
    elif lang == "rust":
        body = [
            "fn %s(%ss: &[&str]) -> Vec<String> {" % (name, var),
            "    %ss" % var,
            "        .iter()",
            "        .filter(|s| !s.is_empty())",
            "        .map(|s| s.replace('/', \"_\"))",
            "        .collect()",
            "}",
        ]
    elif lang == "go":
        body = [
            "func %s(%ss []string) map[string]int {" % (name.replace("_", ""), var),
            "\tcounts := make(map[string]int)",
            "\tfor _, s := range %ss {" % var,
            "\t\tcounts[strings.ToLower(s)]++",
            "\t}",
            "\treturn counts",
            "}",
        ]
    else:
        body = [
            "{",
            '  "%s": "%s",' % (var, rng.choice(ADJECTIVES)),
            '  "url": "%s",' % make_url(rng),
            '  "limit": %d,' % rng.randint(1, 1000),
            '  "tags": ["%s", "%s"]' % (rng.choice(NOUNS), rng.choice(NOUNS)),
            "}",
        ]
    return "```%s\n%s\n```" % (lang, "\n".join(body))


class Pools:
    """Pre-built text pieces; tasks are drawn from these so that the
    per-task cost is a handful of random choices and joins."""

    def __init__(self, rng):
        fill = make_filler(rng)
        plain = SENTENCE_TEMPLATES[:-3]
        self.sentences = []
        for _ in range(12000):
            r = rng.random()
            if r < 0.90:
                t = rng.choice(plain)
            else:
                t = rng.choice(SENTENCE_TEMPLATES[-3:])
            self.sentences.append(fill(t))
        self.items = []
        for _ in range(3000):
            s = fill(rng.choice(plain)).rstrip(".?")
            if rng.random() < 0.3:
                s = "**%s** — %s" % (rng.choice(NOUNS).capitalize(), s[0].lower() + s[1:])
            if rng.random() < 0.08:
                s = "%s (see [%s](%s))" % (s, rng.choice(NOUNS), make_url(rng))
            self.items.append(s)
        self.headings = [
            "%s %s" % (rng.choice(["#", "##", "##", "###"]),
                       fill(rng.choice(["{Adj} {noun}s", "How to {verb} the {noun}",
                                        "Why {noun}s matter", "Step {n}: {verb} the {noun}",
                                        "Summary", "Example", "Caveats"]).replace("{n}", str(rng.randint(1, 9)))))
            for _ in range(1500)
        ]
        self.codes = [make_code(rng, fill) for _ in range(600)]
        self.urls = [make_url(rng) for _ in range(2000)]
        self.prompts = [fill(rng.choice(PROMPT_TEMPLATES)) for _ in range(4000)]
        self.systems = [fill(t) for t in SYSTEM_PROMPTS for _ in range(20)]


def paragraph(rng, pools, lo, hi):
    return " ".join(rng.choices(pools.sentences, k=rng.randint(lo, hi)))


def response(rng, pools):
    parts = []
    r = rng.random
    if r() < 0.35:
        parts.append(rng.choice(pools.headings))
    parts.append(paragraph(rng, pools, 3, 9))
    if r() < 0.55:
        items = rng.choices(pools.items, k=rng.randint(3, 7))
        if r() < 0.3:
            parts.append("\n".join("%d. %s" % (i + 1, s) for i, s in enumerate(items)))
        else:
            parts.append("\n".join("- " + s for s in items))
    if r() < 0.30:
        parts.append(rng.choice(pools.codes))
    if r() < 0.78:
        parts.append(paragraph(rng, pools, 2, 8))
    if r() < 0.15:
        parts.append("> " + paragraph(rng, pools, 1, 2))
    if r() < 0.25:
        parts.append("See [the %s](%s) for details." % (rng.choice(NOUNS), rng.choice(pools.urls)))
    if r() < 0.05:
        parts.append("| %s | %s |\n|---|---|\n| %d | %s |\n| %d | %s |" % (
            rng.choice(NOUNS), rng.choice(NOUNS), rng.randint(1, 99),
            rng.choice(ADJECTIVES), rng.randint(1, 99), rng.choice(ADJECTIVES)))
    text = "\n\n".join(parts)
    if r() < 0.04:
        text = " " + text  # a leading space must survive (see realdata v1)
    return text


def prompt(rng, pools, seq):
    p = rng.choice(pools.prompts)
    r = rng.random()
    if r < 0.45:
        p = "%s\n\n%s" % (p, paragraph(rng, pools, 1, 4))
    elif r < 0.55:
        p = "%s\n\n%s" % (p, rng.choice(pools.codes))
    if rng.random() < 0.2:
        p += "\n\nReference: %s (request #%d)" % (rng.choice(pools.urls), seq)
    return p


def task(rng, pools, seq):
    t = {"id": "t%06d" % seq, "kind": "compare"}
    x = rng.random()
    if x < 0.04:
        t["system"] = rng.choice(pools.systems)
    if x < 0.015 or 0.04 <= x < 0.065:
        ctx = []
        for turn in range(rng.choice((2, 2, 4))):
            if turn % 2 == 0:
                ctx.append({"role": "user", "content": rng.choice(pools.prompts)})
            else:
                ctx.append({"role": "assistant", "content": paragraph(rng, pools, 1, 4)})
        t["context"] = ctx
    t["prompt"] = prompt(rng, pools, seq)
    m1, m2 = rng.sample(MODELS, 2)
    t["responses"] = [
        {"id": "a", "model": m1, "content": response(rng, pools)},
        {"id": "b", "model": m2, "content": response(rng, pools)},
    ]
    t["meta"] = {
        "source": "bench-gen",
        "topic": rng.choice(TOPICS),
        "difficulty": rng.choice(DIFFICULTIES),
        "seq": seq,
        "batch": "b%03d" % (seq // 1000),
        "tags": rng.sample(NOUNS, rng.randint(0, 3)),
    }
    return t


def header(n):
    return {
        "format": "rubric-tasks/1",
        "name": "Benchmark: %d compare tasks" % n,
        "guidelines": "# Guidelines\n\nPick the better response. Judge *helpfulness*, "
                      "*correctness* and *clarity* — in that order.",
        "rubric": {
            "id": "bench-compare",
            "version": 1,
            "criteria": [
                {"id": "helpfulness", "name": "Helpfulness",
                 "description": "Does the response address the request?",
                 "scale": {"min": 1, "max": 5, "labels": {"1": "Not at all", "5": "Fully"}}},
                {"id": "correctness", "name": "Correctness",
                 "description": "Are the statements and code correct?",
                 "scale": {"min": 1, "max": 5}, "weight": 2},
                {"id": "clarity", "name": "Clarity",
                 "description": "Is it well organised and easy to read?",
                 "scale": {"min": 1, "max": 5}},
            ],
            "flags": [
                {"id": "unsafe", "name": "Unsafe", "description": "Harmful or dangerous content."},
                {"id": "hallucination", "name": "Hallucination", "description": "States things that are not true."},
            ],
        },
        "settings": {
            "allow_tie": True,
            "allow_both_bad": True,
            "preference_scale": 7,
            "min_justification_words": 10,
            "require_criterion_citation": False,
            "randomize_sides": True,
        },
    }


def main(argv):
    args = argv[1:]
    seed = 20240611
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.stderr.write("usage: gen-compare-tasks.py N OUT [--seed S]\n")
        return 2
    n = int(args[0])
    out = args[1]
    start = time.monotonic()
    rng = random.Random(seed)
    pools = Pools(rng)
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    escaped = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode
    total = 0
    with open(out, "wb") as f:
        chunk = [compact(header(n))]
        for seq in range(1, n + 1):
            t = task(rng, pools, seq)
            v = rng.random()
            if v < 0.01:
                line = escaped(t)
            elif v < 0.02:
                line = compact(t).replace("/", "\\/")
            else:
                line = compact(t)
            chunk.append(line)
            if len(chunk) >= 2000:
                data = ("\n".join(chunk) + "\n").encode("utf-8")
                total += len(data)
                f.write(data)
                chunk = []
        if chunk:
            data = ("\n".join(chunk) + "\n").encode("utf-8")
            total += len(data)
            f.write(data)
    sys.stderr.write("wrote %d tasks, %.1f MB (%d bytes/task) to %s in %.1f s\n" % (
        n, total / 1e6, total // max(n, 1), out, time.monotonic() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
