#!/usr/bin/env bash
# Build BudgetDesk with build.spec and run the frozen program's self-test.
#
#   packaging/build_and_check.sh [--onefile] [--untrimmed]
#
# Work files go to build/pyinstaller/, the program to dist/BudgetDesk/ (dist/onefile/ with
# --onefile). Prints the size and the self-test's lines; exits non-zero if the build or the
# self-test fails. Installs PyInstaller (as pyproject's "build" extra names it) when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

if ! "$PYTHON" -c "import PyInstaller" 2>/dev/null; then
    requirement=$("$PYTHON" -c "import tomllib; print(*tomllib.load(open('pyproject.toml', 'rb'))['project']['optional-dependencies']['build'])")
    "$PYTHON" -m pip install --quiet --disable-pip-version-check "$requirement"
fi

if [[ " $* " == *" --onefile "* ]]; then
    dist=dist/onefile  # beside, not over, the one-folder build (same name on Linux)
else
    dist=dist
fi
"$PYTHON" -m PyInstaller --noconfirm --clean --log-level WARN \
    --workpath build/pyinstaller --distpath "$dist" build.spec -- "$@"

if [[ " $* " == *" --onefile "* ]]; then
    program=$dist/BudgetDesk  # windowed: on Windows its output is lost, its exit status is not
    echo "built: $program ($(($(du -sk "$dist" | cut -f1) / 1024)) MB, one file)"
else
    program=$dist/BudgetDesk/budgetdesk-cli
    echo "built: $dist/BudgetDesk/ ($(($(du -sk "$dist/BudgetDesk" | cut -f1) / 1024)) MB," \
         "$(find "$dist/BudgetDesk" -type f | wc -l) files)"
fi

# The self-test runs offscreen in a throwaway data folder, from outside the source tree, so nothing
# can be picked up from the checkout instead of the bundle.
cd /
QT_QPA_PLATFORM=offscreen "$OLDPWD/$program" selftest
