"""A program in a pseudo-terminal, its screen read the way a terminal shows it to a person.

The program runs in a real pseudo-terminal (ptyprocess), so it sees a
terminal exactly as on a consulent's laptop; everything it writes is fed to a
terminal emulator (pyte) that keeps the screen; keys are written to the
terminal as the bytes a keyboard sends. `wait_for` stops the clock at the
read that put the expected text on the screen.

POSIX only. On Windows the same needs a ConPTY: pywinpty's `PtyProcess`
offers the same spawn/read/write calls, but a ConPTY re-renders the screen
itself, so the timings would not be comparable; the benchmark skips there.
"""

from __future__ import annotations

import os
import re
import select
import sys
import time
from collections.abc import Callable
from pathlib import Path

SUPPORTED = os.name == "posix"

# The bytes a terminal sends for the keys the benchmark presses (xterm).
KEYS = {
    "enter": b"\r",
    "escape": b"\x1b",
    "backspace": b"\x7f",
    "down": b"\x1b[B",
    "up": b"\x1b[A",
    "f5": b"\x1b[15~",
    "ctrl+q": b"\x11",
    "ctrl+u": b"\x15",
}


class ScreenTimeout(RuntimeError):
    """The expected screen did not appear in time; carries what was on the screen (no personal data: synthetic)."""


class Terminal:
    """`argv` running in a pseudo-terminal of `rows` × `columns`, its screen in `self.screen`."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path | str | None = None,
                 rows: int = 40, columns: int = 120) -> None:
        if not SUPPORTED:
            raise RuntimeError("a pseudo-terminal needs POSIX (on Windows: pywinpty, not supported here)")
        import pyte
        from ptyprocess import PtyProcess

        self.screen = pyte.Screen(columns, rows)
        self._stream = pyte.ByteStream(self.screen)
        env = dict(env, TERM="xterm-256color", COLUMNS=str(columns), LINES=str(rows))
        self.started = time.perf_counter()
        self.process = PtyProcess.spawn(argv, env=env, cwd=str(cwd) if cwd else None, dimensions=(rows, columns))
        self.pid = self.process.pid
        self.ended: float | None = None

    # -- reading -------------------------------------------------------------
    def _read(self, timeout: float) -> bool:
        """Feed whatever the program wrote within `timeout` to the screen; False at end of output."""
        try:
            ready, _, _ = select.select([self.process.fd], [], [], timeout)
        except (OSError, ValueError):
            return False
        if not ready:
            return True
        try:
            data = os.read(self.process.fd, 1 << 16)
        except OSError:  # EIO: the program has ended and the terminal is closed
            data = b""
        if not data:
            if self.ended is None:
                self.ended = time.perf_counter()
            return False
        self._stream.feed(data)
        return True

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, predicate: Callable[[str], bool], *, timeout: float, what: str = "") -> float:
        """Read until `predicate(screen text)` holds; the perf_counter time of the read that made it so."""
        deadline = time.perf_counter() + timeout
        while True:
            if predicate(self.text()):
                return time.perf_counter()
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise ScreenTimeout(f"{what or 'verwacht scherm'} niet gezien binnen {timeout:.0f} s; scherm:\n{self.text()}")
            if not self._read(min(remaining, 0.5)) and not self.process.isalive():
                if predicate(self.text()):
                    return time.perf_counter()
                raise ScreenTimeout(f"programma gestopt voor {what or 'verwacht scherm'}; scherm:\n{self.text()}")

    def settle(self, quiet: float = 0.3, *, timeout: float = 30.0) -> None:
        """Read until the program has written nothing for `quiet` seconds (between measurements, never in one)."""
        deadline = time.perf_counter() + timeout
        last = time.perf_counter()
        while time.perf_counter() < deadline:
            before = self.text()
            if not self._read(0.05):
                return
            if self.text() != before:
                last = time.perf_counter()
            elif time.perf_counter() - last >= quiet:
                return

    def last_change(self, since: float, *, before: str, quiet: float, timeout: float,
                    until: Callable[[str], bool] = lambda _text: True) -> float:
        """The time of the last read that changed the screen after `since`, once it has stayed still for `quiet` s.

        For a keystroke whose result cannot be told in advance (a filter's rows): the clock
        stops at the final repaint it caused. `until` must hold too, so a slow second repaint
        (the rows after the echo of the typed letter) is waited for, however long it takes."""
        deadline = since + timeout
        current, last = before, None
        while True:
            now = time.perf_counter()
            if last is not None and now - last >= quiet and until(current):
                return last
            if now > deadline:
                raise ScreenTimeout(f"het scherm veranderde niet binnen {timeout:.0f} s; scherm:\n{self.text()}")
            alive = self._read(0.01)
            text = self.text()
            if text != current:
                current, last = text, time.perf_counter()
            elif not alive and not self.process.isalive():
                raise ScreenTimeout(f"programma gestopt; scherm:\n{self.text()}")

    # -- keys --------------------------------------------------------------
    def press(self, *keys: str) -> float:
        """Write the keys to the terminal (names from KEYS, or plain text); the time just before writing."""
        data = b"".join(KEYS.get(key, key.encode("utf-8")) for key in keys)
        self._read(0)  # keep the screen current, so the predicate sees only what follows
        start = time.perf_counter()
        os.write(self.process.fd, data)
        return start

    # -- the end ----------------------------------------------------------
    def wait_exit(self, *, timeout: float) -> float:
        """Read until the program has ended; the time it was seen to end."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.process.isalive():
                return time.perf_counter()
            self._read(0.005)
        raise ScreenTimeout(f"programma niet gestopt binnen {timeout:.0f} s")

    def peak_memory_mb(self) -> float | None:
        """The program's own peak resident memory (Linux VmHWM); None where the system does not say."""
        return peak_memory_mb(self.pid)

    def close(self) -> None:
        if self.process.isalive():
            self.process.terminate(force=True)
        try:
            self.process.close(force=True)
        except Exception:
            pass

    def __enter__(self) -> Terminal:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def peak_memory_mb(pid: int) -> float | None:
    """Peak resident memory of process `pid` in MB, from /proc (VmHWM: that process's own, not inherited)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def count(pattern: str | re.Pattern[str], text: str) -> int:
    return len(re.findall(pattern, text))


def regie_command() -> list[str]:
    """The installed `regie` console script beside this Python, else the module that holds its main()."""
    scripts = Path(sys.executable).parent
    for name in ("regie", "regie.exe"):
        if (scripts / name).is_file():
            return [str(scripts / name)]
    import importlib.util

    for module in ("cli.main", "tui.cli"):
        try:
            if importlib.util.find_spec(module) is not None:
                return [sys.executable, "-m", module]
        except ModuleNotFoundError:
            continue
    raise RuntimeError("geen regie-opdracht gevonden: installeer regie (pip install -e .)")
