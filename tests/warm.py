"""Child processes that start warm: forked from a process that has already imported regie.

The kill tests (tests/storage/test_crash_safety.py, test_reliability.py) start a Python child
dozens of times and kill it at a random moment. Starting each one cold costs about a second of
importing SQLAlchemy, SQLModel and regie before it does anything, which made those tests the
slowest of the suite. `WarmStarter` starts one small server process that imports what the
children need once; each child is then an `os.fork()` of it that runs the script as `__main__`,
with its standard input, output and error on named pipes the test reads, like `subprocess.Popen`
with pipes. The child is a real, separate process: the test kills it with SIGKILL exactly as
before, and the database it was writing knows nothing of how it started.

POSIX only (fork and named pipes). Where there is no fork (Windows) `WarmStarter.start` is plain
`subprocess.Popen`, so the same test runs there, only slower.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

FORKS = hasattr(os, "fork") and hasattr(os, "mkfifo")

# The server: imports the modules it is given, then forks a child per request line
# {"script", "args", "pipes": [stdin, stdout, stderr]} and answers {"pid"}; {"wait": pid} answers
# {"returncode"} (negative: the signal that ended it, as subprocess reports it).
_SERVER = r"""
import importlib, json, os, runpy, sys

warm_up, *modules = sys.argv[1:]
for name in modules:
    importlib.import_module(name)
exec(warm_up)
requests, answers = sys.stdin, sys.stdout
for line in requests:
    request = json.loads(line)
    if "wait" in request:
        _, status = os.waitpid(request["wait"], 0)
        code = -os.WTERMSIG(status) if os.WIFSIGNALED(status) else os.WEXITSTATUS(status)
        answers.write(json.dumps({"returncode": code}) + "\n")
        answers.flush()
        continue
    answers.flush()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            stdin, stdout, stderr = request["pipes"]
            os.dup2(os.open(stdin, os.O_RDONLY), 0)
            os.dup2(os.open(stdout, os.O_WRONLY), 1)
            os.dup2(os.open(stderr, os.O_WRONLY), 2)
            sys.stdin = open(0, closefd=False)  # not the server's request pipe, whatever it had read ahead
            sys.argv = [request["script"], *request["args"]]
            try:
                runpy.run_path(request["script"], run_name="__main__")
                code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            import traceback
            traceback.print_exc()
        finally:
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:
                    pass
            os._exit(code)
    answers.write(json.dumps({"pid": pid}) + "\n")
    answers.flush()
"""


class WarmProcess:
    """A forked child with the parts of `subprocess.Popen` the kill tests use."""

    def __init__(self, server: WarmStarter, pid: int, folder: Path, *, text: bool) -> None:
        self._server = server
        self.pid = pid
        self.returncode: int | None = None
        self._folder = folder
        mode = "" if text else "b"
        # Opening a named pipe waits for the other end: the child opens them in the same order.
        self.stdin = open(folder / "in", "w" + mode)
        self.stdout = open(folder / "out", "r" + mode)
        self.stderr = open(folder / "err", "r" + mode)

    def send_signal(self, number: int) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, number)
            except ProcessLookupError:
                pass

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            self.returncode = self._server.reap(self.pid, timeout=timeout)
        return self.returncode

    def communicate(self, timeout: float | None = None):
        """Everything the child still writes, until it has ended; then its return code is set."""
        if not self.stdin.closed:
            self.stdin.close()
        errors: list = []
        reader = threading.Thread(target=lambda: errors.append(self.stderr.read()), daemon=True)
        reader.start()
        output = self.stdout.read()
        reader.join(timeout)
        self.wait(timeout)
        for stream in (self.stdout, self.stderr):
            stream.close()
        return output, errors[0] if errors else ""


# Opening a store once in a folder of its own (removed again): what a child that opens a store needs is loaded.
OPEN_A_STORE = """
import shutil, tempfile
from pathlib import Path
from storage.paths import resolve
from storage.store import open_store
folder = Path(tempfile.mkdtemp(prefix="regie-warm-up-"))
try:
    open_store(resolve(folder / "warm.sqlite"), backup_on_start=False).close()
finally:
    shutil.rmtree(folder, ignore_errors=True)
"""


class WarmStarter:
    """Start `script ARGS` as warm children (see the module docstring); `close()` ends the server."""

    def __init__(self, *, preload: tuple[str, ...], warm_up: str = "", env: dict[str, str] | None = None,
                 cwd: Path | None = None) -> None:
        """`preload`: modules the server imports; `warm_up`: Python code it then runs once (e.g. opening a
        throwaway store, which loads what opening a store loads lazily: the keyring, the SQLite dialect)."""
        self._env, self._cwd = env, cwd
        self._lock = threading.Lock()
        self._folder = Path(tempfile.mkdtemp(prefix="regie-warm-"))
        self._count = 0
        self._server = None
        if FORKS:
            self._server = subprocess.Popen([sys.executable, "-c", _SERVER, warm_up, *preload], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, text=True, env=env, cwd=cwd)

    def start(self, script: Path, *args: str, text: bool = True):
        if self._server is None:  # no fork here: an ordinary child
            return subprocess.Popen([sys.executable, str(script), *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=text, env=self._env, cwd=self._cwd)
        with self._lock:
            self._count += 1
            folder = self._folder / str(self._count)
            folder.mkdir()
            for name in ("in", "out", "err"):
                os.mkfifo(folder / name, 0o600)
            pid = self._ask({"script": str(script), "args": list(args),
                             "pipes": [str(folder / name) for name in ("in", "out", "err")]})["pid"]
        return WarmProcess(self, pid, folder, text=text)

    def reap(self, pid: int, *, timeout: float | None) -> int:
        with self._lock:
            return self._ask({"wait": pid})["returncode"]

    def _ask(self, request: dict) -> dict:
        self._server.stdin.write(json.dumps(request) + "\n")
        self._server.stdin.flush()
        answer = self._server.stdout.readline()
        if not answer:
            raise RuntimeError("the warm start server ended")
        return json.loads(answer)

    def close(self) -> None:
        if self._server is not None:
            self._server.stdin.close()
            self._server.wait(timeout=30)
        import shutil

        shutil.rmtree(self._folder, ignore_errors=True)

    def __enter__(self) -> WarmStarter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
