#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every language in po/LINGUAS translates every string the app shows.

Extracts the strings afresh from the files po/POTFILES.in lists, as
meson's "glib" gettext preset does, merges each po/LANG.po with them
and fails on any untranslated or fuzzy message, or on anything
`msgfmt --check` rejects (a format that does not match, a bad plural).
"""

import os
import re
import subprocess
import sys
import tempfile

SRC = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GLIB_PRESET = [
    "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_print:1:c-format",
    "--flag=g_printerr:1:c-format",
]


def languages():
    with open(os.path.join(SRC, "po", "LINGUAS"), encoding="utf-8") as f:
        return [w for line in f for w in line.split("#", 1)[0].split()]


def main():
    langs = languages()
    if not langs:
        print("po/LINGUAS names no language")
        return 1
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "rubric.pot")
        subprocess.run(["xgettext", *GLIB_PRESET, "--package-name=rubric", "-o", pot,
                        "-D", SRC, "-f", os.path.join(SRC, "po", "POTFILES.in")], check=True)
        for lang in langs:
            po = os.path.join(SRC, "po", lang + ".po")
            merged = os.path.join(tmp, lang + ".po")
            subprocess.run(["msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot], check=True)
            stats = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, merged],
                                   capture_output=True, text=True)
            report = (stats.stdout + stats.stderr).strip()
            print("%s: %s" % (lang, report.replace(merged, "po/%s.po" % lang)))
            if stats.returncode != 0 or re.search(r"untranslated|fuzzy", report):
                failed = True
                listing = subprocess.run(["msgattrib", "--untranslated", "--only-fuzzy", "--no-wrap", merged],
                                         capture_output=True, text=True).stdout
                listing += subprocess.run(["msgattrib", "--untranslated", "--no-wrap", merged],
                                          capture_output=True, text=True).stdout
                print("\n".join(l for l in listing.splitlines() if l.startswith("msgid "))[:4000])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
