"""Shared fixtures: every test gets its own data and config directories."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """No test ever touches a real user's database or settings."""
    home = tmp_path_factory.mktemp("regie-home")
    monkeypatch.setenv("REGIE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("REGIE_CONFIG_DIR", str(home / "config"))
    monkeypatch.delenv("REGIE_DB", raising=False)
    return home
