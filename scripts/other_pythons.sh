#!/usr/bin/env bash
# The concurrency test again on every other Python that requires-python admits and this machine has (3.12, 3.13):
# threads, locks and cached properties behave differently across versions. Each gets its own .venv-<version>.
# With CI set, a missing interpreter fails; elsewhere it is skipped with a note.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
for version in ${OTHER_PYTHONS:-3.12 3.13}; do
    python=""
    for candidate in "$(command -v "python$version" || true)" "$HOME"/.pyenv/versions/"$version".*/bin/"python$version"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c "" 2>/dev/null; then python="$candidate"; fi
    done
    if [ -z "$python" ]; then
        if [ -n "${CI:-}" ]; then echo "Python $version is required in CI and was not found" >&2; status=1; fi
        echo "Python $version not found: its concurrency test is skipped"
        continue
    fi
    venv=".venv-$version"
    if [ ! -f "$venv/.installed-test" ] || [ pyproject.toml -nt "$venv/.installed-test" ]; then
        "$python" -m venv "$venv"
        "$venv/bin/python" -m pip install --quiet --upgrade pip
        "$venv/bin/python" -m pip install --quiet -e '.[test]'
        touch "$venv/.installed-test"
    fi
    echo "Python $version: tests/test_concurrent_chats.py"
    "$venv/bin/python" -m pytest -q -p no:cacheprovider tests/test_concurrent_chats.py || status=1
done
exit $status
