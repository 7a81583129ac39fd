"""This process's peak memory, for the benchmarks that run each measurement in a process of its own."""

from __future__ import annotations

import resource


def peak_mb() -> float:
    """The most resident memory this process has held since it started, in MB: Linux's VmHWM.
    (``getrusage``'s ru_maxrss is not it in a child: Linux carries the parent's peak over fork and
    exec, so a child of a parent holding 330 MB reports at least 330 MB.) Elsewhere, ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
