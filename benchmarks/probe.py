"""Child processes the benchmark times: each prints one line and exits.

    python benchmarks/probe.py baseline            first frame of a minimal Textual app
    python benchmarks/probe.py regie DB            first frame of regie's caseload screen
    python benchmarks/probe.py memory DB           peak memory with the caseload loaded (MB)

Both first-frame probes are started the same way, headless, and report
when their first screen has been painted.
"""

from __future__ import annotations

import sys
import time

START = time.perf_counter()


def _baseline() -> None:
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Static("hallo")
            yield Footer()

        def on_mount(self) -> None:
            self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            print(f"frame {time.perf_counter() - START:.4f}", flush=True)
            self.exit()

    Minimal().run(headless=True)


def peak_memory_mb() -> float:
    """This process's own peak resident memory in MB.

    Not ``getrusage(RUSAGE_SELF).ru_maxrss``: Linux carries that figure over
    an exec from the process that started this one (the benchmark, which by
    then has run the whole app itself), so it read the parent's 217 MB
    instead of the probe's own ~100 MB. ``VmHWM`` belongs to this process's
    own memory map, which starts empty at exec.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024  # kB
    except OSError:
        pass
    import resource  # elsewhere (macOS: bytes, and not inherited across exec)

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _regie(db: str, *, memory: bool) -> None:
    import cli.main  # noqa: F401 - the console script's own import path
    from storage.paths import resolve
    from tui.app import RegieApp
    from tui.screens.caseload import CaseloadScreen

    class Probe(RegieApp):
        def on_mount(self) -> None:
            super().on_mount()
            if memory:
                self.set_interval(0.05, self._check_loaded)
            else:
                self.call_after_refresh(self._painted)

        def _painted(self) -> None:
            assert isinstance(self.screen, CaseloadScreen)
            print(f"frame {time.perf_counter() - START:.4f}", flush=True)
            self.exit()

        def _check_loaded(self) -> None:
            if isinstance(self.screen, CaseloadScreen) and self.screen.entries:
                print(f"memory {peak_memory_mb():.1f}", flush=True)
                self.exit()

    Probe(resolve(db), backups=False).run(headless=True, size=(120, 40))


if __name__ == "__main__":
    kind = sys.argv[1]
    if kind == "baseline":
        _baseline()
    elif kind == "regie":
        _regie(sys.argv[2], memory=False)
    elif kind == "memory":
        _regie(sys.argv[2], memory=True)
    else:
        raise SystemExit(f"unknown probe {kind}")
