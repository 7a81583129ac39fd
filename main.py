"""BudgetDesk 部门预算绩效编报: ``python main.py [DOC]`` opens the window; ``python main.py COMMAND …``
runs a headless command (see ``python main.py --help``)."""

import os
import sys


def main(argv: list[str]) -> int:
    # The windowed Windows build has no console: print() must not fail there.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    if argv[:1] == ["selftest"]:
        from ui.selftest import main as selftest

        return selftest(argv[1:])
    from core.cli import COMMANDS

    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help")):
        from core.cli import main as cli_main

        return cli_main(argv)
    from ui.app import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
