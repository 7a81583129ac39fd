#!/usr/bin/env bash
# Build BudgetDesk with build.spec and run the frozen program's self-test.
#
#   packaging/build_and_check.sh [--onefile] [--untrimmed]
#
# Output goes to build/pyinstaller/ (work files) and dist/ (the program). Prints the folder's size and
# the self-test's lines; exits non-zero if the build or the self-test fails. Installs PyInstaller
# (as pyproject's "build" extra names it) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    requirement=$("$PYTHON" -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['build'])")
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "$requirement"
fi

"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller --distpath dist build.spec -- "$@"

if [[ " $* " == *" --onefile "* ]]; then
    program=dist/BudgetDesk
    size=$(du -sk "$program" | cut -f1)
    echo "built: $program ($((size / 1024)) MB, one file)"
else
    program=dist/BudgetDesk/budgetdesk-cli
    size=$(du -sk dist/BudgetDesk | cut -f1)
    echo "built: dist/BudgetDesk/ ($((size / 1024)) MB, $(find dist/BudgetDesk -type f | wc -l) files)"
fi

# The self-test runs offscreen in a throwaway data folder, from outside the source tree, so nothing
# can be picked up from the checkout instead of the bundle.
cd /
QT_QPA_PLATFORM=offscreen "$OLDPWD/$program" selftest
