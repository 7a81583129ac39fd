"""BudgetDesk 部门预算绩效编报: ``python main.py [DOC]`` opens the window; ``python main.py COMMAND …``
runs a headless command (see ``python main.py --help``)."""

import os
import sys


def main(argv: list[str]) -> int:
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:  # the windowed Windows build has no console: print() must not fail there
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
        elif not stream.isatty() and (stream.encoding or "").lower().replace("-", "") != "utf8":
            # piped or redirected in a code page that has no Chinese (cp1252 on a build server):
            # UTF-8 rather than a UnicodeEncodeError. A console gets Unicode from Python anyway.
            stream.reconfigure(encoding="utf-8", errors="replace")
    if argv[:1] == ["selftest"]:
        from ui.selftest import main as selftest

        return selftest(argv[1:])
    from core.cli import COMMANDS

    if argv and (argv[0] in COMMANDS or argv[0] in ("-h", "--help")):
        from core.cli import main as cli_main

        return cli_main(argv)
    try:
        from ui.app import run

        return run(argv)
    except Exception as exc:  # noqa: BLE001 - the window could not even start: say so plainly
        return _could_not_start(exc)


def _could_not_start(exc: Exception) -> int:
    """Log the failure and tell the officer without Qt (it may be what failed): a Windows message
    box, or stderr elsewhere. Never PyInstaller's traceback dialog."""
    from core.error_log import record

    try:
        log = record(exc, "start-up")
    except Exception:  # noqa: BLE001
        log = "（日志无法写入）"
    text = f"BudgetDesk 无法启动。请重新安装；如果仍然不行，请把这个日志文件发给技术支持：\n{log}"
    print(text, file=sys.stderr)
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, text, "BudgetDesk", 0x10)  # MB_ICONERROR
    return 3


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # the frozen program runs the batch review's workers (core/batch)
    sys.exit(main(sys.argv[1:]))
