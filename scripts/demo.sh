#!/usr/bin/env bash
# The seeds' two-shell walkthrough, replayed with our binaries only.
# (Filled in by issue 5.)
set -euo pipefail
echo "demo: not written yet" >&2
exit 1
