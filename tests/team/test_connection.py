"""How regie reaches the teamdatabase: the password never from a file, TLS options passed on."""

from __future__ import annotations

import pytest

from services import team


def test_the_password_comes_from_regie_team_password_and_tls_options_are_kept(monkeypatch):
    monkeypatch.setenv(team.ENV_PASSWORD, "geheim-uit-de-omgeving")
    engine = team.server_engine("postgresql://anna@team.gemeente.nl:5432/regie?sslmode=verify-full&sslrootcert=/etc/ca.pem")
    try:
        assert engine.url.password == "geheim-uit-de-omgeving"
        assert engine.url.drivername == "postgresql+psycopg"
        assert engine.url.query == {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem"}
    finally:
        engine.dispose()


def test_the_stored_and_shown_address_never_holds_a_password():
    shown = team.public_url("postgresql://anna:geheim@team.gemeente.nl/regie?sslmode=verify-full")
    assert "geheim" not in shown and shown.startswith("postgresql://anna@team.gemeente.nl/regie")


@pytest.mark.parametrize("url", ["sqlite:///team.db", "geen adres"])
def test_a_teamdatabase_that_is_not_postgresql_is_refused_in_dutch(url):
    with pytest.raises(team.TeamError, match="PostgreSQL|geen geldig adres"):
        team.server_engine(url)
