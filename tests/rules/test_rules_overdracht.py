"""The warme overdracht lists what the next gemeente needs, reasoned on the last day here."""

from datetime import date

from rules.model import Doelgroep, Leerroute, Niveau, PersonFacts, Verlenging, VerlengingGrond
from rules.overdracht import warme_overdracht
from rules.policy import Policy

FACTS = PersonFacts(
    kenmerk="W-1", naam="Test Persoon", doelgroep=Doelgroep.ASIELSTATUSHOUDER, bijstand=True,
    brp_inschrijving=date(2025, 1, 10), pip_datum=date(2025, 1, 31), leerroute=Leerroute.B1, niveau=Niveau.B1,
    aanbod_start=date(2025, 3, 1), vertrokken_op=date(2026, 3, 1), vertrek_bestemming="Zwolle",
    verlengingen=(Verlenging(VerlengingGrond.ZIEKTE),),
)


def test_warme_overdracht_holds_termijn_pip_progress_and_the_open_signalen_of_the_last_day():
    o = warme_overdracht(FACTS, date(2026, 6, 1), Policy())
    secties = {s.kop: dict(s.regels) for s in o.secties}
    assert (o.peildatum, o.bestemming) == (date(2026, 3, 1), "Zwolle")
    assert secties["Inburgeringstermijn"]["start termijn"] == "01-02-2025"
    assert secties["Inburgeringstermijn"]["einde termijn (exclusief)"] == "01-02-2028"
    assert "ziekte; besluit nog niet" in secties["Inburgeringstermijn"]["verlenging"]
    assert secties["Leerroute en PIP"]["PIP 1"].startswith("31-01-2025, deze gemeente, B1-route")
    # reasoned on 28-02-2026, the last day here: the signalen are still open (after departure there are none)
    open_signalen = secties["Open signalen op de laatste dag"]
    assert "verlenging overwegen" in open_signalen
    assert "Participatiewet art. 56a" in secties["Ontzorgen"]["grond"]
