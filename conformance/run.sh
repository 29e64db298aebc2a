#!/usr/bin/env bash
# Runs the conformance suite: the official OpenAI, Anthropic and Google GenAI Python SDKs against the BUILT gateway.
#
#   conformance/run.sh [pytest args...]
#
# Needs the binaries built first (`swift build`), or SWITCHBOARD_BIN / SWITCHBOARD_TEST_UPSTREAM_BIN
# pointing at them. Creates conformance/.venv on first use and installs requirements.txt into it.
# Exits with pytest's status; "no tests collected" (pytest's 5) counts as a failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

if ! "$python" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
    echo "conformance: $("$python" --version 2>&1) is too old; the openai SDK pinned here needs Python 3.11+" >&2
    exit 2
fi

venv_ok() { [ -x "$venv/bin/python" ] && "$venv/bin/python" -m pip --version >/dev/null 2>&1; }

if ! venv_ok; then
    rm -rf "$venv"
    if ! "$python" -m venv "$venv" >/dev/null 2>&1 || ! venv_ok; then
        # No ensurepip (e.g. Debian without python3-venv): bootstrap virtualenv from PyPI instead.
        rm -rf "$venv"
        bootstrap="$(mktemp -d)"
        trap 'rm -rf "$bootstrap"' EXIT
        "$python" -m pip install -q --disable-pip-version-check --target "$bootstrap" virtualenv
        PYTHONPATH="$bootstrap" "$python" -m virtualenv -q "$venv"
    fi
fi

"$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$here/requirements.txt"

cd "$here"
set +e
"$venv/bin/python" -m pytest -q "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "conformance: no tests were collected" >&2
    exit 1
fi
exit "$status"
