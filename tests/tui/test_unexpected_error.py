"""An error no screen caught ends regie with one Dutch line and code 1, never Textual's traceback (which lists
local variables, where a name or BSN may be)."""

from __future__ import annotations

import pytest

from tests.tui.conftest import caseload_loaded, demo_app


async def test_an_unexpected_error_ends_the_app_with_a_dutch_line_and_no_traceback(monkeypatch):
    def broken(self) -> None:
        bsn = "999990019"  # a local variable Textual's traceback would have printed
        raise RuntimeError(f"kapot bij {bsn}")

    app = demo_app()
    printed: list = []
    monkeypatch.setattr(app.error_console, "print", lambda *items, **_: printed.extend(items))
    with pytest.raises(RuntimeError):  # Pilot hands the error to the test, as Textual does
        async with app.run_test(size=(120, 36)) as pilot:
            await caseload_loaded(pilot)
            app.call_next(broken, app.screen)  # in the app's own loop, as a key's action would run
            await pilot.pause()
    shown = " ".join(str(item) for item in printed)
    assert "regie is gestopt door een onverwachte fout (RuntimeError)" in shown
    assert "Alles wat u had opgeslagen, is bewaard" in shown
    assert "999990019" not in shown and "Traceback" not in shown
    assert app.return_code == 1
