#!/usr/bin/env bash
# Runs a command in a private X server the size of a laptop screen.
# -noreset: a test may set up the server (a keymap) before its clients.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
exec xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp -noreset" "$@"
