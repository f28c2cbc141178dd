"""Afspraken through their services: planned, clashes and the past warned about, a week listed, held -> contactmoment."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from rules.afspraken import AfspraakError, AfspraakStatus, check_afspraak, reminder_line
from rules.policy import Policy
from services import aanmelding, afspraken
from services.afspraak_brief import brief_page, print_afspraak_brief
from services.afspraken import AfspraakServiceError
from services.store import open_store, resolve
from storage.audit import AUDIT
from storage.models import Contactmoment

TODAY = date(2026, 11, 23)  # a monday
NOW = datetime(2026, 11, 23, 10, 0)


@pytest.fixture
def store(tmp_path):
    opened = open_store(resolve(tmp_path / "regie.sqlite"), backup_on_start=False)
    yield opened
    opened.close()


def _person(store, naam="Amal Testpersoon", kenmerk="IB-1") -> int:
    nieuw = aanmelding.Aanmelding(naam=naam, doelgroep="asielstatushouder", kenmerk=kenmerk, koppeling=date(2025, 3, 3))
    return aanmelding.create_aanmelding(store=store, aanmelding=nieuw, today=TODAY).person_id


def _invoer(datum=TODAY, begin="09:30", eind=None, duur=None, soort="voortgangsgesprek", consulent="Anna de Vries",
            tolk=False, taal="", plaats="Stadskantoor, kamer 2.14", notitie=""):
    return check_afspraak(datum=datum, begin=afspraken.parse_tijd(begin),
                          eind=afspraken.parse_tijd(eind, veld="eind") if eind else None, duur_minuten=duur, soort=soort,
                          plaats=plaats, tolk_nodig=tolk, tolk_taal=taal, consulent=consulent, notitie=notitie)


def _audit(store, tabel):
    with store.engine.connect() as connection:
        return [r[0] for r in connection.execute(select(AUDIT.c.actie).where(AUDIT.c.tabel == tabel).order_by(AUDIT.c.id))]


@pytest.mark.parametrize(("begin", "eind", "duur", "verwacht"), [
    ("09:30", None, None, time(10, 15)),   # the standard 45 minutes
    ("9.30", None, 60, time(10, 30)),
    ("14", "15:15", None, time(15, 15)),
    ("23:00", None, 59, time(23, 59)),
])
def test_the_end_of_an_afspraak_is_its_eind_or_begin_plus_duur(begin, eind, duur, verwacht):
    assert _invoer(begin=begin, eind=eind, duur=duur).eind == verwacht


@pytest.mark.parametrize(("kwargs", "veld", "woorden"), [
    ({"begin": "10:00", "eind": "09:00"}, "eind", "niet na de begintijd"),
    ({"begin": "23:30", "duur": 60}, "eind", "middernacht"),
    ({"begin": "08:00", "eind": "17:30"}, "eind", "tikfout"),
    ({"consulent": "  "}, "consulent", "welke consulent"),
    ({"tolk": True, "taal": ""}, "tolk_taal", "taal"),
    ({"soort": "koffie"}, "soort", "soort"),
    ({"plaats": "kamer\x1b[31m"}, "plaats", "stuurteken"),
])
def test_a_wrong_afspraak_is_refused_in_dutch_naming_the_field(kwargs, veld, woorden):
    with pytest.raises(AfspraakError) as refused:
        _invoer(**kwargs)
    assert refused.value.veld == veld and woorden in refused.value.message


def test_a_typed_time_that_is_no_time_names_the_field():
    with pytest.raises(AfspraakError) as refused:
        afspraken.parse_tijd("25:00")
    assert refused.value.veld == "begin" and "uu:mm" in refused.value.message


def test_a_planned_afspraak_is_listed_on_its_day_and_audited(store):
    person = _person(store)
    new_id = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(tolk=True, taal="Arabisch"))
    agenda = afspraken.list_agenda(store=store, datum=TODAY, consulent="Anna de Vries")
    assert [(a.id, a.naam, a.kenmerk, a.tijden, a.tolk, a.status) for a in agenda.afspraken] == [
        (new_id, "Amal Testpersoon", "IB-1", "09:30-10:15", "tolk Arabisch", AfspraakStatus.GEPLAND)]
    assert afspraken.list_agenda(store=store, datum=TODAY, consulent="Mehmet Bakker").afspraken == ()
    assert _audit(store, "afspraak") == ["toegevoegd"]


def test_the_week_runs_from_monday_to_sunday_and_is_ordered_by_date_and_time(store):
    person = _person(store)
    for datum, begin in [(date(2026, 11, 29), "09:00"), (date(2026, 11, 25), "13:00"), (date(2026, 11, 25), "09:00"),
                         (date(2026, 11, 22), "09:00"), (date(2026, 11, 30), "09:00"), (date(2026, 11, 23), "16:00")]:
        afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(datum=datum, begin=begin))
    agenda = afspraken.list_agenda(store=store, datum=date(2026, 11, 26), week=True, consulent="Anna de Vries")
    assert (agenda.van, agenda.tot) == (date(2026, 11, 23), date(2026, 11, 29))
    assert [(a.datum.day, f"{a.begin:%H:%M}") for a in agenda.afspraken] == [
        (23, "16:00"), (25, "09:00"), (25, "13:00"), (29, "09:00")]


def test_a_clash_with_the_consulents_own_afspraak_and_the_past_are_warned_about(store):
    person = _person(store)
    first = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(begin="10:00", duur=60))
    # 10:30 overlaps 10:00-11:00; 11:00 only touches it; another consulent's agenda is free
    clash = afspraken.waarschuwingen(store=store, invoer=_invoer(begin="10:30"), now=NOW)
    assert [a.id for a in clash.botsingen] == [first] and not clash.verleden
    assert "Anna de Vries heeft dan al een afspraak: 10:00-11:00 voortgangsgesprek met Amal Testpersoon (IB-1)." in clash.regels
    assert not afspraken.waarschuwingen(store=store, invoer=_invoer(begin="11:00"), now=NOW)
    assert not afspraken.waarschuwingen(store=store, invoer=_invoer(begin="10:30", consulent="Sanne Jansen"), now=NOW)
    # changing the appointment itself is no clash with itself
    assert not afspraken.waarschuwingen(store=store, invoer=_invoer(begin="10:15"), now=NOW, except_id=first).botsingen
    past = afspraken.waarschuwingen(store=store, invoer=_invoer(begin="09:00"), now=NOW)
    assert past.verleden and past.regels == ["Deze afspraak ligt in het verleden."]
    # a cancelled appointment does not clash
    afspraken.annuleer_afspraak(store=store, afspraak_id=first)
    assert not afspraken.waarschuwingen(store=store, invoer=_invoer(begin="10:30"), now=NOW)


def test_a_held_afspraak_becomes_one_contactmoment_with_the_confirmed_note(store):
    person = _person(store)
    new_id = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(soort="pip_gesprek"))
    held = afspraken.load_afspraak(store=store, afspraak_id=new_id)
    assert afspraken.standaard_notitie(held) == "PIP-gesprek (09:30-10:15, Stadskantoor, kamer 2.14)."
    contact_id = afspraken.afspraak_gehouden(store=store, afspraak_id=new_id, datum=TODAY, soort="pip_gesprek",
                                             notitie="PIP besproken en ondertekend.")
    with store.engine.connect() as connection:
        rows = connection.execute(select(Contactmoment.__table__)).mappings().all()
    assert [(r["id"], r["datum"], r["soort"], r["notitie"]) for r in rows] == [
        (contact_id, TODAY, "pip_gesprek", "PIP besproken en ondertekend.")]
    after = afspraken.load_afspraak(store=store, afspraak_id=new_id)
    assert (after.status, after.contactmoment_id) == (AfspraakStatus.GEHOUDEN, contact_id)
    with pytest.raises(AfspraakServiceError, match="staat al op ‘gehouden’"):
        afspraken.afspraak_gehouden(store=store, afspraak_id=new_id, datum=TODAY, soort="pip_gesprek", notitie="")
    with store.engine.connect() as connection:
        assert connection.execute(select(Contactmoment.__table__.c.id)).scalars().all() == [contact_id]  # not twice
    assert _audit(store, "afspraak") == ["toegevoegd", "gewijzigd (gehouden)"]
    assert _audit(store, "contactmoment") == ["toegevoegd"]


def test_niet_verschenen_records_the_status_and_a_contactmoment_of_that_kind(store):
    person = _person(store)
    new_id = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer())
    contact_id = afspraken.niet_verschenen(store=store, afspraak_id=new_id, today=TODAY)
    assert afspraken.load_afspraak(store=store, afspraak_id=new_id).status is AfspraakStatus.NIET_VERSCHENEN
    with store.engine.connect() as connection:
        rows = connection.execute(select(Contactmoment.__table__.c.id, Contactmoment.__table__.c.soort)).all()
    assert [(row.id, row.soort) for row in rows] == [(contact_id, "niet_verschenen")]


def test_a_changed_afspraak_keeps_its_id_and_a_closed_one_cannot_be_changed(store):
    person = _person(store)
    new_id = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer())
    afspraken.wijzig_afspraak(store=store, afspraak_id=new_id, invoer=_invoer(datum=date(2026, 11, 24), begin="14:00"))
    moved = afspraken.load_afspraak(store=store, afspraak_id=new_id)
    assert (moved.datum, moved.tijden) == (date(2026, 11, 24), "14:00-14:45")
    afspraken.annuleer_afspraak(store=store, afspraak_id=new_id)
    with pytest.raises(AfspraakServiceError, match="al afgezegd"):
        afspraken.wijzig_afspraak(store=store, afspraak_id=new_id, invoer=_invoer())
    with pytest.raises(AfspraakServiceError, match="bestaat niet meer"):
        afspraken.annuleer_afspraak(store=store, afspraak_id=new_id + 99)


def test_the_next_afspraak_of_a_person_skips_past_and_closed_ones(store):
    person = _person(store)
    afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(begin="08:00"))  # over at 08:45
    later = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(begin="13:00"))
    afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(datum=date(2026, 11, 30)))
    assert afspraken.volgende_afspraak(store=store, person_id=person, now=NOW).id == later
    afspraken.annuleer_afspraak(store=store, afspraak_id=later)
    assert afspraken.volgende_afspraak(store=store, person_id=person, now=NOW).datum == date(2026, 11, 30)


def test_the_start_reminder_counts_todays_planned_afspraken_of_the_consulent(store):
    person = _person(store)
    assert afspraken.herinnering(store=store, today=TODAY, consulent="Anna de Vries") is None
    for begin in ("13:00", "09:30", "11:00"):
        afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(begin=begin))
    afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(begin="08:00", consulent="Sanne Jansen"))
    assert afspraken.herinnering(store=store, today=TODAY, consulent="Anna de Vries") == (
        "Vandaag 3 afspraken, de eerste om 09:30 (F8 toont de agenda).")
    assert reminder_line([]) is None


def test_consulenten_to_choose_from_come_from_the_caseload_and_the_agenda(store):
    person = _person(store)
    afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(consulent="Sanne Jansen"))
    assert "Sanne Jansen" in afspraken.list_consulenten(store=store)


def test_the_letter_says_when_where_what_to_bring_and_whom_to_call(store):
    person = _person(store, naam="Yonas <b>Tekle</b>")
    policy = Policy(gemeente_naam="Gemeente Westerkwartier", consulent_telefoon="0594 123 456")
    new_id = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer(
        datum=date(2026, 11, 24), soort="brede_intake", tolk=True, taal="Tigrinya"))
    page = brief_page(afspraken.load_afspraak(store=store, afspraak_id=new_id), policy=policy, gemaakt_op=TODAY)
    for text in ("Gemeente Westerkwartier", "Dinsdag 24 november 2026, 09:30 – 10:15 uur", "Stadskantoor, kamer 2.14",
                 "Er is een tolk Tigrinya.", "diploma&#x27;s en getuigschriften", "Anna de Vries", "0594 123 456",
                 "Brede intake", "Kenmerk IB-1", "Yonas &lt;b&gt;Tekle&lt;/b&gt;"):
        assert text in page, text
    assert "<b>Tekle" not in page


def test_the_printed_letter_is_owner_only_and_audited(store, tmp_path):
    import os
    import stat

    person = _person(store)
    new_id = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer())
    target = print_afspraak_brief(store, afspraak_id=new_id, policy=Policy(), today=TODAY)
    assert target.name == f"afspraak-IB-1-2026-11-23-{new_id}.html"
    assert "Amal Testpersoon" in target.read_text(encoding="utf-8")
    if os.name != "nt":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert _audit(store, "afspraak")[-1] == "geëxporteerd (afspraakbrief afgedrukt)"


def test_letters_older_than_a_day_and_those_of_erased_persons_are_removed(store):
    import os
    import time

    from services.afspraak_brief import remove_old_print_files

    person = _person(store)
    other = _person(store, naam="Yonas Tekle", kenmerk="IB-2")
    kept = print_afspraak_brief(store, afspraak_id=afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer()),
                                policy=Policy(), today=TODAY)
    erased = print_afspraak_brief(store, afspraak_id=afspraken.plan_afspraak(store=store, person_id=other, invoer=_invoer(
        begin="11:00")), policy=Policy(), today=TODAY)
    old = kept.with_name("afspraak-IB-9-2026-11-01-7.html")
    old.write_text("oud", encoding="utf-8")
    os.utime(old, (time.time() - 2 * 24 * 3600,) * 2)
    assert remove_old_print_files(kenmerken=["IB-2"]) == 2
    assert kept.exists() and not erased.exists() and not old.exists()


def test_the_printed_letter_gives_the_consulents_own_phone_before_the_teams(store):
    from services.preferences import save_consulent, save_telefoon

    person = _person(store)
    new_id = afspraken.plan_afspraak(store=store, person_id=person, invoer=_invoer())
    team = Policy(consulent_telefoon="0594 123 456")
    assert "0594 123 456" in print_afspraak_brief(store, afspraak_id=new_id, policy=team, today=TODAY).read_text(encoding="utf-8")
    save_consulent(store.locations.config_dir, "Anna de Vries")  # the letter's consulent prints it
    save_telefoon(store.locations.config_dir, "06 11223344")
    page = print_afspraak_brief(store, afspraak_id=new_id, policy=team, today=TODAY).read_text(encoding="utf-8")
    assert "06 11223344" in page and "0594 123 456" not in page


def test_a_letter_printed_for_a_colleagues_appointment_gives_the_teams_phone_not_the_printers(store):
    from services.preferences import save_consulent, save_telefoon

    save_consulent(store.locations.config_dir, "Mehmet Bakker")
    save_telefoon(store.locations.config_dir, "06 99999999")
    new_id = afspraken.plan_afspraak(store=store, person_id=_person(store), invoer=_invoer(consulent="Anna de Vries"))
    page = print_afspraak_brief(store, afspraak_id=new_id, policy=Policy(consulent_telefoon="0594 123 456"),
                                today=TODAY).read_text(encoding="utf-8")
    assert "Uw consulent is <strong>Anna de Vries</strong>" in page
    assert "0594 123 456" in page and "06 99999999" not in page and "Mehmet Bakker" not in page


def test_without_any_phone_the_letter_asks_no_call_and_the_printer_is_told_how_to_set_one(store):
    new_id = afspraken.plan_afspraak(store=store, person_id=_person(store), invoer=_invoer())
    warnings: list[str] = []
    page = print_afspraak_brief(store, afspraak_id=new_id, policy=Policy(), today=TODAY,
                                warnings=warnings).read_text(encoding="utf-8")
    assert "Bel" not in page and "telefoon" not in page
    assert "Laat het dan zo snel mogelijk weten aan uw consulent" in page
    assert ">Gemeente<" not in page and "Met vriendelijke groet,<br>Anna de Vries</p>" in page
    assert any("geen telefoonnummer" in w and "mijn naam en telefoon" in w and "consulent_telefoon" in w for w in warnings)
    assert any("gemeente_naam" in w for w in warnings)


def test_with_phone_and_gemeente_set_the_letter_signs_off_with_the_gemeente_and_warns_nothing(store):
    new_id = afspraken.plan_afspraak(store=store, person_id=_person(store), invoer=_invoer())
    warnings: list[str] = []
    page = print_afspraak_brief(store, afspraak_id=new_id, policy=Policy(consulent_telefoon="0594 123 456",
                                gemeente_naam="Westerkwartier"), today=TODAY, warnings=warnings).read_text(encoding="utf-8")
    assert "Met vriendelijke groet,<br>Anna de Vries<br>Westerkwartier</p>" in page
    assert "Bel dan uw consulent op 0594 123 456" in page
    assert warnings == []
