"""The actor knowledge base: packaged data validate, and the validator catches real problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from marsad.config import KNOWLEDGE_DIR
from marsad.knowledge.kb import alias_key, load_kb, validate_kb

REQUIRED_GROUPS = [
    "grp:pmf", "grp:kataib-hezbollah", "grp:nujaba", "grp:asaib-ahl-al-haq", "grp:badr",
    "grp:kataib-sayyid-al-shuhada", "grp:kataib-imam-ali", "grp:ansar-allah-al-awfiya", "grp:abu-fadl-abbas",
    "grp:liwa-dhulfiqar", "grp:asad-allah-al-ghalib", "grp:fatemiyoun", "grp:zainabiyoun", "grp:hezbollah",
    "grp:irgc", "grp:irgc-quds-force", "grp:syrian-army", "grp:syrian-army-11th-division", "grp:fourth-division",
    "grp:ndf", "grp:qaterji", "grp:fifth-corps", "grp:russian-forces", "grp:jaysh-al-islam",
    "grp:faylaq-al-rahman", "grp:jaysh-al-fustat", "grp:hts", "grp:ahrar-al-sham", "grp:sna", "grp:sdf",
    "grp:ypg", "grp:isis", "grp:us-led-coalition", "grp:us-forces", "grp:israeli-forces", "grp:turkish-forces",
]


def test_packaged_kb_validates() -> None:
    assert validate_kb() == []


def test_counts() -> None:
    kb = load_kb()
    assert len(kb.of_type("ARMED_GROUP")) >= 150
    assert len(kb.of_type("ORGANIZATION")) >= 40
    persons = yaml.safe_load((KNOWLEDGE_DIR / "persons.yaml").read_text(encoding="utf-8")) \
        if (KNOWLEDGE_DIR / "persons.yaml").exists() else []
    if len(persons or []) >= 150:
        assert len(kb.of_type("PERSON")) == len(persons)


def test_required_groups_present() -> None:
    kb = load_kb()
    missing = [gid for gid in REQUIRED_GROUPS if gid not in kb]
    assert missing == []
    assert kb.get("grp:sohr") is None and kb.get("org:sohr").type == "ORGANIZATION"


@pytest.mark.parametrize(("alias", "expected"), [
    ("كتائب حزب الله العراق", "grp:kataib-hezbollah"),
    ("حزب الله العراقي", "grp:kataib-hezbollah"),
    ("حزب الله", "grp:hezbollah"),
    ("كتائب الامام علي", "grp:kataib-imam-ali"),  # hamza variant via the normaliser
    ("حركة النجباء", "grp:nujaba"),
    ("قوات الأسد", "grp:syrian-army"),
    ("الفرقة الحادية عشرة", "grp:syrian-army-11th-division"),
    ("لواء ذي الفقار", "grp:liwa-dhulfiqar"),
    ("SDF", "grp:sdf"),
    ("المرصد السوري لحقوق الإنسان", "org:sohr"),
])
def test_by_alias(alias: str, expected: str) -> None:
    assert [e.id for e in load_kb().by_alias(alias)] == [expected]


def test_weak_aliases_only_on_request() -> None:
    kb = load_kb()
    assert kb.by_alias("التنظيم") == []
    assert [e.id for e in kb.by_alias("التنظيم", include_weak=True)] == ["grp:isis"]


def test_entity_fields() -> None:
    kh = load_kb().get("grp:kataib-hezbollah")
    assert kh.part_of == "grp:pmf" and kh.sponsored_by == ["grp:irgc-quds-force"]
    assert kh.name_ar == "كتائب حزب الله" and kh.aliases[0] == kh.name_ar
    assert "Kataib Hezbollah" in kh.aliases_en and "حزب الله العراقي" in kh.aliases_ar
    assert kh.kind == "militia" and kh.active_in == ["IQ", "SY"]


def test_alias_key_drops_quotes() -> None:
    assert alias_key('كتائب "الإمام  علي"') == alias_key("كتائب الامام علي") == "كتايب الامام علي"


# --- the validator on small hand-made data sets ----------------------------------------------------

GOOD_GROUP = {
    "id": "grp:alpha", "name_ar": "كتائب ألف", "name_en": "Alpha", "aliases_ar": ["ألف"], "aliases_en": [],
    "weak_aliases_ar": [], "wikidata": None, "kind": "militia", "part_of": None, "sponsored_by": [],
    "origin_country": "IQ", "active_in": ["IQ"],
}


def _write(tmp: Path, groups: list[dict], orgs: list[dict] | None = None, persons: str | None = None,
           cues: dict | None = None) -> Path:
    (tmp / "groups.yaml").write_text(yaml.safe_dump(groups, allow_unicode=True), encoding="utf-8")
    if orgs is not None:
        (tmp / "organizations.yaml").write_text(yaml.safe_dump(orgs, allow_unicode=True), encoding="utf-8")
    if persons is not None:
        (tmp / "persons.yaml").write_text(persons, encoding="utf-8")
    if cues is not None:
        (tmp / "entity_cues.yaml").write_text(yaml.safe_dump(cues, allow_unicode=True), encoding="utf-8")
    return tmp


def test_validator_accepts_minimal_good_data(tmp_path: Path) -> None:
    assert validate_kb(_write(tmp_path, [GOOD_GROUP])) == []


def test_validator_reports_schema_problems(tmp_path: Path) -> None:
    bad = dict(GOOD_GROUP, id="org:alpha", wikidata="Q0x", kind="army", origin_country="Iraq", colour="red")
    bad.pop("name_en")
    problems = "\n".join(validate_kb(_write(tmp_path, [bad])))
    for needle in ("bad id 'org:alpha'", "bad wikidata id 'Q0x'", "bad kind 'army'",
                   "bad origin_country 'Iraq'", "unknown field(s) colour", "missing or empty 'name_en'"):
        assert needle in problems


def test_validator_reports_duplicates_and_dangling_refs(tmp_path: Path) -> None:
    dup = dict(GOOD_GROUP, name_ar="كتائب باء", aliases_ar=["باء"])
    child = dict(GOOD_GROUP, id="grp:beta", name_ar="لواء جيم", aliases_ar=[], part_of="grp:nowhere",
                 sponsored_by=["grp:alpha", "org:ghost"])
    problems = "\n".join(validate_kb(_write(tmp_path, [GOOD_GROUP, dup, child])))
    assert "duplicate id" in problems
    assert "part_of refers to unknown id 'grp:nowhere'" in problems
    assert "sponsored_by refers to unknown id 'org:ghost'" in problems
    assert "grp:alpha'" not in problems.split("sponsored_by")[0]  # the valid reference is not reported


def test_validator_shared_alias_needs_declaration(tmp_path: Path) -> None:
    other = dict(GOOD_GROUP, id="grp:beta", name_ar="لواء باء", name_en="Beta", aliases_ar=["الف"])  # = ألف after normalising
    problems = validate_kb(_write(tmp_path, [GOOD_GROUP, other]))
    assert any("'الف' is shared by grp:alpha, grp:beta" in p for p in problems)
    cues = {"ambiguous_aliases": [{"alias": "ألف", "ids": ["grp:alpha", "grp:beta"], "default": None}]}
    assert validate_kb(_write(tmp_path, [GOOD_GROUP, other], cues=cues)) == []
    stale = {"ambiguous_aliases": [{"alias": "كتائب ألف", "ids": ["grp:alpha", "grp:zeta"]}],
             "blockers": ["لواء باء"]}
    problems = "\n".join(validate_kb(_write(tmp_path, [GOOD_GROUP, dict(other, aliases_ar=[])], cues=stale)))
    assert "stale declaration" in problems and "unknown id 'grp:zeta'" in problems
    assert "blocker 'لواء باء' is also an alias" in problems


def test_validator_checks_persons_and_roles(tmp_path: Path) -> None:
    persons = yaml.safe_dump([{
        "id": "per:x-y", "name_ar": "سين صاد", "name_en": "X Y", "aliases_ar": [], "aliases_en": [],
        "weak_aliases_ar": ["صاد"], "wikidata": None, "nationality": "IQ",
        "roles": [{"role": "leader", "org": "grp:alpha"}, {"role": "king", "org": "grp:omega"}],
    }], allow_unicode=True)
    problems = "\n".join(validate_kb(_write(tmp_path, [GOOD_GROUP], persons=persons)))
    assert "bad role" in problems and "roles.org refers to unknown id 'grp:omega'" in problems
    assert "grp:alpha'" not in problems


def test_load_tolerates_missing_or_broken_persons(tmp_path: Path) -> None:
    kb = load_kb(_write(tmp_path, [GOOD_GROUP], orgs=[]))
    assert list(kb.entities) == ["grp:alpha"]
    broken = tmp_path / "broken"
    broken.mkdir()
    kb = load_kb(_write(broken, [GOOD_GROUP], persons="- id: per:a\n  name_ar: [unclosed\n"))
    assert "grp:alpha" in kb and len(kb) == 1
    assert any("persons.yaml: YAML error" in p for p in validate_kb(broken))


def test_validator_checks_context_aliases(tmp_path: Path) -> None:
    good = dict(GOOD_GROUP, context_aliases_ar={"IQ": ["القوات الحكومية"]})
    assert validate_kb(_write(tmp_path, [good])) == []
    bad = dict(GOOD_GROUP, context_aliases_ar={"Iraq": ["القوات"], "SY": [], "IQ": ["government forces"]})
    problems = "\n".join(validate_kb(_write(tmp_path, [bad])))
    assert "bad country code 'Iraq'" in problems
    assert "context_aliases_ar[SY] must be a non-empty list" in problems
    assert "context_aliases_ar[IQ] must be a non-empty list of Arabic aliases" in problems
    clash = dict(GOOD_GROUP, id="grp:beta", name_ar="لواء باء", name_en="Beta", aliases_ar=[],
                 context_aliases_ar={"IQ": ["ألف"]})  # another entity's strong alias
    assert any("'الف' is shared by grp:alpha, grp:beta" in p for p in validate_kb(_write(tmp_path, [GOOD_GROUP, clash])))


def test_context_aliases_loaded_and_indexed_as_weak() -> None:
    kb = load_kb()
    ypg = kb.get("grp:ypg")
    assert ypg is not None and "القوات الكردية" in ypg.context_aliases["SY"]
    assert ypg in kb.by_alias("الفصائل الكردية", include_weak=True)
    assert kb.by_alias("الفصائل الكردية") == []
