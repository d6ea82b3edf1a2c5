"""Runs a Python command and, as it ends, writes its own peak resident memory (VmHWM, KiB) to the
file named first: exec gives the process a new memory map, so VmHWM is its own, where a child's
ru_maxrss would count the pages of the test process it was forked from.

    python own_peak_memory.py OUT -c CODE ARG...      (as `python -c CODE ARG...`)
    python own_peak_memory.py OUT SCRIPT ARG...       (as `python SCRIPT ARG...`)"""

import atexit
import runpy
import sys
from pathlib import Path


def _write_peak(out: str) -> None:
    status = Path("/proc/self/status").read_text()
    Path(out).write_text(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def main() -> None:
    out, *command = sys.argv[1:]
    atexit.register(_write_peak, out)
    if command[0] == "-c":
        sys.argv = ["-c", *command[2:]]
        exec(compile(command[1], "<string>", "exec"), {"__name__": "__main__"})
    else:
        sys.argv = command
        runpy.run_path(command[0], run_name="__main__")


if __name__ == "__main__":
    main()
