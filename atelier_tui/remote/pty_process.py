"""One program on its own pseudo-terminal, driven from an asyncio loop: what a terminal emulator
or sshd does for a shell. The program gets the pty as its controlling terminal, so that a window
resize reaches it as SIGWINCH and a hang-up as SIGHUP, like any terminal program."""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import signal
import struct
import termios
from collections.abc import Callable, Mapping, Sequence
from multiprocessing.process import BaseProcess

# Starts the program on the terminal at the path given; returns its process.
Launcher = Callable[[str, Sequence[str], Mapping[str, str]], BaseProcess]

# What a terminal program leaves switched on when a signal ends it before it can restore the
# screen: kitty keyboard mode, mouse reporting, bracketed paste, focus events, the alternate
# screen, a hidden cursor. Sent only then, so the person's terminal is usable again.
TERMINAL_RESET = (b"\x1b[<u\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l"
                  b"\x1b[?2004l\x1b[?1004l\x1b[?1049l\x1b[?25h\x1b[0m\r\n")
KILL_GRACE_SECONDS = 5.0


def _window_size(columns: int, rows: int, pixel_width: int = 0, pixel_height: int = 0) -> bytes:
    return struct.pack("HHHH", rows, columns, pixel_width, pixel_height)


class PtyProcess:
    """A program on a new pty of `columns`×`rows`. `on_output(bytes)` receives what it writes;
    `on_exit(returncode)` is called once, after its last output."""

    def __init__(self, on_output: Callable[[bytes], None], on_exit: Callable[[int], None]) -> None:
        self._on_output = on_output
        self._on_exit = on_exit
        self._loop = asyncio.get_running_loop()
        self._master = self._slave = -1
        self._process: BaseProcess | None = None
        self._pending_input = bytearray()
        self._reading = False
        self._finished = False

    def start(self, launch: Launcher, arguments: Sequence[str], environment: Mapping[str, str], columns: int, rows: int) -> None:
        """`launch(terminal path, arguments, environment)` starts the program on the pty's slave
        side. This side keeps the slave open until the program has exited, so that a program which
        has not opened it yet is never taken for one that has finished."""
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, _window_size(columns or 80, rows or 24))
        try:
            self._process = launch(os.ttyname(slave), arguments, environment)
        except BaseException:
            os.close(master)
            os.close(slave)
            raise
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self._loop.add_reader(self._process.sentinel, self._exited)
        self.resume_output()

    def write(self, data: bytes) -> None:
        """Keystrokes for the program; kept in order when it is slow to read them."""
        if self._master < 0 or self._finished:
            return
        self._pending_input += data
        self._flush_input()

    def _flush_input(self) -> None:
        try:
            while self._pending_input:
                written = os.write(self._master, self._pending_input)
                del self._pending_input[:written]
        except BlockingIOError:
            self._loop.add_writer(self._master, self._flush_when_writable)
            return
        except OSError:  # the program is gone: nothing more to give it
            self._pending_input.clear()
        self._loop.remove_writer(self._master)

    def _flush_when_writable(self) -> None:
        self._flush_input()

    def resize(self, columns: int, rows: int, pixel_width: int = 0, pixel_height: int = 0) -> None:
        if self._master >= 0 and not self._finished:
            fcntl.ioctl(self._master, termios.TIOCSWINSZ, _window_size(columns, rows, pixel_width, pixel_height))

    def pause_output(self) -> None:
        """Stop reading the program's output while the client's side is full (it then blocks on
        its writes), instead of buffering without limit."""
        if self._reading:
            self._loop.remove_reader(self._master)
            self._reading = False

    def resume_output(self) -> None:
        if not self._reading and self._master >= 0 and not self._finished:
            self._loop.add_reader(self._master, self._read_output)
            self._reading = True

    def _read_output(self) -> None:
        try:
            data = os.read(self._master, 65536)
        except (BlockingIOError, InterruptedError):
            return
        if data:
            self._on_output(data)

    def _exited(self) -> None:
        """The program has ended: pass on what it wrote last (restoring the terminal), then say so."""
        if self._finished:
            return
        assert self._process is not None
        self._loop.remove_reader(self._process.sentinel)
        self._process.join()
        self.pause_output()
        while True:
            try:
                data = os.read(self._master, 65536)
            except OSError:
                break
            if not data:
                break
            self._on_output(data)
        self._finished = True
        self._loop.remove_writer(self._master)
        os.close(self._master)
        os.close(self._slave)
        returncode = self._process.exitcode
        self._on_exit(returncode if returncode is not None else 1)

    def hang_up(self, sig: int = signal.SIGHUP) -> None:
        """Ask the program to end, as a terminal does when it closes; kill it if it has not ended
        after KILL_GRACE_SECONDS."""
        if self._process is None or self._finished:
            return
        self._signal_group(sig)
        self._loop.call_later(KILL_GRACE_SECONDS, self._kill_if_alive)

    def _kill_if_alive(self) -> None:
        if self._process is not None and not self._finished:
            self._signal_group(signal.SIGKILL)

    def _signal_group(self, sig: int) -> None:
        assert self._process is not None and self._process.pid is not None
        try:
            os.killpg(self._process.pid, sig)  # the program leads its own session and process group
        except ProcessLookupError:  # not yet: it has not called setsid
            try:
                os.kill(self._process.pid, sig)
            except ProcessLookupError:
                pass
