"""What a report borrows while it computes (the cyclic garbage collector paused, a large page cache) it gives back."""

from __future__ import annotations

import gc
from datetime import date

import pytest

import services.monitor as service
from rules.policy import Policy
from storage import sqlite as local
from storage.db import read_session
from storage.monitor import use_report_cache
from tests.monitor.conftest import Q1, add_person

VAN, TOT = Q1


@pytest.fixture
def gc_restored():
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()
    else:
        gc.disable()


def test_the_collector_is_paused_during_the_report_and_on_again_afterwards(store, gc_restored, monkeypatch):
    add_person(store, brp_inschrijving=date(2026, 2, 1), pip_datum=date(2026, 3, 2), leerroute="b1")
    seen = []
    read = service._read
    monkeypatch.setattr(service, "_read", lambda *args, **kwargs: (seen.append(gc.isenabled()), read(*args, **kwargs))[1])
    gc.enable()

    figures = service.rapport(store, van=VAN, tot=TOT, policy=Policy())

    assert seen == [False]
    assert gc.isenabled()
    assert figures.pip_vastgesteld["totaal"] == 1


def test_a_collector_switched_off_before_the_report_stays_off(store, gc_restored):
    gc.disable()
    service.rapport(store, van=VAN, tot=TOT, policy=Policy())
    assert not gc.isenabled()


def test_the_collector_is_on_again_after_a_report_that_failed(store, gc_restored, monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(service, "_read", broken)
    gc.enable()
    with pytest.raises(RuntimeError):
        service.rapport(store, van=VAN, tot=TOT, policy=Policy())
    assert gc.isenabled()


def _cache_size(connection) -> int:
    return connection.exec_driver_sql("PRAGMA cache_size").scalar()


def test_a_report_reads_with_a_large_page_cache_and_the_connection_gives_it_back(store):
    with read_session(store.engine) as session:
        connection = session.connection()
        assert _cache_size(connection) == -local.CACHE_SIZE_KIB
        use_report_cache(connection)
        assert _cache_size(connection) == -local.BULK_CACHE_SIZE_KIB
    with read_session(store.engine) as session:  # the pool hands out the same connection, with the usual cache
        assert _cache_size(session.connection()) == -local.CACHE_SIZE_KIB
