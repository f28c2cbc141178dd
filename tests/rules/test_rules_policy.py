"""The municipal settings file: defaults, good files and every kind of mistake."""

import pytest

from rules.errors import SettingsError
from rules.policy import Policy, load_policy, policy_to_toml


def write(tmp_path, text: str):
    path = tmp_path / "instellingen.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_gives_the_defaults(tmp_path):
    assert load_policy(tmp_path / "bestaat-niet.toml") == Policy()


def test_the_defaults_follow_the_domain_brief():
    p = Policy()
    assert (p.voortgangsgesprek_interval_maanden, p.ernst_urgent_dagen, p.ernst_binnenkort_dagen) == (3, 14, 42)
    assert p.zroute_achterstand_drempel == 0.9
    assert p.brede_intake_uren_tellen_mee is False
    assert (p.ontzorgen_standaard_maanden, p.bewaartermijn_jaren) == (6, 5)
    assert (p.weekdoel_taal_uren, p.weekdoel_participatie_uren, p.weekdoel_financiele_educatie_uren) == (12.0, 8.0, 1.0)


def test_a_good_file_sets_only_the_keys_it_names(tmp_path):
    path = write(
        tmp_path,
        "# gemeente Voorbeeld\n"
        "voortgangsgesprek_interval_maanden = 2\n"
        "brede_intake_uren_tellen_mee = true\n"
        "weekdoel_taal_uren = 16  # an int for a float field\n"
        "zroute_achterstand_drempel = 0.8\n",
    )
    policy = load_policy(path)
    assert policy == Policy(
        voortgangsgesprek_interval_maanden=2,
        brede_intake_uren_tellen_mee=True,
        weekdoel_taal_uren=16.0,
        zroute_achterstand_drempel=0.8,
    )
    assert isinstance(policy.weekdoel_taal_uren, float)


def test_an_empty_file_gives_the_defaults(tmp_path):
    assert load_policy(write(tmp_path, "")) == Policy()


def test_a_syntax_error_names_the_file_and_line(tmp_path):
    path = write(tmp_path, "ernst_urgent_dagen = 10\n\nernst_binnenkort_dagen = = 40\n")
    with pytest.raises(SettingsError) as info:
        load_policy(path)
    assert info.value.message.startswith("Fout in instellingen.toml op regel 3:")
    assert info.value.regel == 3


def test_a_list_never_closed_names_the_last_line(tmp_path):
    path = tmp_path / "instellingen.toml"
    path.write_text("urgent_dagen = 14\nvoortgangsgesprek_maanden = [\n", encoding="utf-8")
    with pytest.raises(SettingsError) as caught:
        load_policy(path)
    assert caught.value.regel == 2 and "regel 2" in caught.value.message


def test_an_unknown_key_names_the_key_and_line(tmp_path):
    path = write(tmp_path, "ernst_urgent_dagen = 10\n# typo below\nernst_urgnet_dagen = 12\n")
    with pytest.raises(SettingsError) as info:
        load_policy(path)
    assert "op regel 3" in info.value.message
    assert "‘ernst_urgnet_dagen’" in info.value.message
    assert (info.value.regel, info.value.sleutel) == (3, "ernst_urgnet_dagen")


def test_a_table_is_an_unknown_key_on_its_header_line(tmp_path):
    path = write(tmp_path, "ernst_urgent_dagen = 10\n[ernst]\nurgent = 3\n")
    with pytest.raises(SettingsError) as info:
        load_policy(path)
    assert (info.value.regel, info.value.sleutel) == (2, "ernst")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('ernst_urgent_dagen = "veertien"', "moet een geheel getal zijn"),
        ("ernst_urgent_dagen = 14.5", "moet een geheel getal zijn"),
        ("ernst_urgent_dagen = true", "moet een geheel getal zijn"),
        ("brede_intake_uren_tellen_mee = 1", "moet true of false zijn"),
        ('weekdoel_taal_uren = "12"', "moet een getal zijn"),
        ("zroute_achterstand_drempel = 90", "moet tussen 0 en 1 liggen"),
        ("zroute_achterstand_drempel = nan", "niet nan"),
        ("ontzorgen_standaard_maanden = 3", "moet tussen 6 en 36 liggen"),
        ("voortgangsgesprek_interval_maanden = 0", "moet tussen 1 en 24 liggen"),
        ("weekdoel_taal_uren = inf", "moet tussen 0 en 80 liggen"),
    ],
)
def test_a_wrong_type_or_value_names_the_key_and_line(tmp_path, line, fragment):
    path = write(tmp_path, "# instellingen\n" + line + "\n")
    with pytest.raises(SettingsError) as info:
        load_policy(path)
    key = line.split(" ")[0]
    assert f"op regel 2: {key}" in info.value.message
    assert fragment in info.value.message
    assert info.value.regel == 2


def test_binnenkort_below_urgent_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, "ernst_urgent_dagen = 30\nernst_binnenkort_dagen = 20\n")
    with pytest.raises(SettingsError) as info:
        load_policy(path)
    assert "op regel 2" in info.value.message
    assert "ernst_binnenkort_dagen" in info.value.message


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "instellingen.toml"
    path.write_bytes(b"weekdoel_taal_uren = 12 # \xff\xfe\n")
    with pytest.raises(SettingsError) as info:
        load_policy(path)
    assert "UTF-8" in info.value.message


def test_a_directory_instead_of_a_file_is_refused(tmp_path):
    with pytest.raises(SettingsError):
        load_policy(tmp_path)


def test_an_invalid_policy_cannot_be_constructed():
    with pytest.raises(SettingsError):
        Policy(ernst_urgent_dagen=-1)


@pytest.mark.parametrize(
    "policy",
    [Policy(), Policy(ernst_urgent_dagen=7, zroute_achterstand_drempel=0.75, brede_intake_uren_tellen_mee=True, weekdoel_taal_uren=10.5)],
)
def test_policy_to_toml_reads_back_to_the_same_policy(tmp_path, policy):
    text = policy_to_toml(policy)
    assert text.startswith("#")
    assert load_policy(write(tmp_path, text)) == policy


def test_the_default_file_documents_every_key():
    text = policy_to_toml()
    for name in Policy.__dataclass_fields__:
        assert f"\n{name} = " in text
