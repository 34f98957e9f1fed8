"""Tests for rules profiles (no database).

Citation checks read the statute texts from ``$LVZHI_SHARED_DIR`` or ``<repo>/../shared`` and
are skipped when neither exists.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lvzhi.core.rules import (
    Basis,
    InvalidProfileError,
    RuleKindError,
    RuleSet,
    UnknownRuleError,
    load_builtin_profiles,
    profile_digest,
)
from lvzhi.core.rules.citations import find_shared_dir, parse_articles, statutes_dir, verify_citations
from lvzhi.core.rules.reference import TABLE_END, TABLE_START, render_reference_tables
from lvzhi.core.rules.spec import KNOWN_SOURCES, LOCAL_PRACTICE, RULE_SPECS, SECTIONS, validate_profile
from lvzhi.core.workdays import Period, WorkCalendar

REPO = Path(__file__).resolve().parents[3]
PROFILES = load_builtin_profiles()
STATUTES = statutes_dir()
needs_statutes = pytest.mark.skipif(STATUTES is None, reason="shared/reference/statutes not available")


def _default() -> dict[str, Any]:
    return copy.deepcopy(PROFILES["default"])


# --- shipped profiles -----------------------------------------------------------------------------


def test_builtin_profiles_are_default_and_shanghai() -> None:
    assert list(PROFILES) == ["default", "shanghai"]
    for code, profile in PROFILES.items():
        assert profile["code"] == code
        assert profile["name_zh"] and profile["name_en"] and profile["city"]


@pytest.mark.parametrize("code", ["default", "shanghai"])
def test_builtin_profile_validates(code: str) -> None:
    assert validate_profile(PROFILES[code]) == []


@pytest.mark.parametrize("code", ["default", "shanghai"])
def test_every_spec_key_present(code: str) -> None:
    assert set(PROFILES[code]["rules"]) == set(RULE_SPECS)


@pytest.mark.parametrize("code", ["default", "shanghai"])
def test_local_practice_is_explained(code: str) -> None:
    for key, entry in PROFILES[code]["rules"].items():
        basis = entry["basis"]
        if basis["source"] == LOCAL_PRACTICE:
            assert len(basis["note"]) > 20, key
            assert "article" not in basis and "quote" not in basis, key


def test_registry_covers_every_section_and_is_well_formed() -> None:
    assert {spec.section for spec in RULE_SPECS.values()} == set(SECTIONS)
    for key, spec in RULE_SPECS.items():
        assert spec.key == key
        assert spec.label_zh and spec.label_en and spec.description, key


def test_load_returns_fresh_copies() -> None:
    first = load_builtin_profiles()
    first["default"]["rules"].clear()
    assert load_builtin_profiles()["default"]["rules"]


def test_profile_files_are_tidy_json() -> None:
    folder = REPO / "lvzhi" / "core" / "rules" / "profiles"
    for path in folder.glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert list(data["rules"]) == list(RULE_SPECS), f"{path.name}: keep rules in registry order"


# --- citations against the statute texts ----------------------------------------------------------


@needs_statutes
@pytest.mark.parametrize("code", ["default", "shanghai"])
def test_quotes_occur_verbatim_in_cited_articles(code: str) -> None:
    assert STATUTES is not None
    assert verify_citations(PROFILES[code], STATUTES) == []


@needs_statutes
def test_known_sources_match_the_statute_index() -> None:
    assert STATUTES is not None
    index = json.loads((STATUTES / "index.json").read_text(encoding="utf-8"))
    assert {Path(item["file"]).stem: item["title"] for item in index} == dict(KNOWN_SOURCES)


@needs_statutes
def test_verifier_catches_wrong_citations() -> None:
    assert STATUTES is not None
    profile = _default()
    rules = profile["rules"]
    rules["suggestions.assignment_deadline"]["basis"]["quote"] = "并自收到之日起七个工作日内交办"
    rules["suggestions.reply_deadline"]["basis"]["article"] = "第五十条"
    rules["budget.reserve_fund_min_percent"]["basis"]["source"] = "no-such-law"
    rules["suggestions.reply_deadline"]["also"][0]["quote"] = "三个星期"
    problems = verify_citations(profile, STATUTES)
    assert len(problems) == 4
    assert any(
        "suggestions.assignment_deadline: basis: quote" in p and "does not occur" in p for p in problems
    )
    assert any(
        "suggestions.reply_deadline: basis:" in p and "does not occur in deputies-law-2025 第五十条" in p
        for p in problems
    )
    assert any("no-such-law.md not found" in p for p in problems)
    assert any("suggestions.reply_deadline: also[0]" in p for p in problems)


def test_verifier_with_a_small_statute(tmp_path: Path) -> None:
    (tmp_path / "tiny-law.md").write_text(
        "# 小法\n\n## 第一章 总则\n\n第一条 本法自公布之日起施行。\n\n第二条 应当在十日内答复。\n\n"
        "第二款继续。\n\n## 第二章\n\n无关的标题下文字。\n\n第二条之一 补充规定。\n",
        encoding="utf-8",
    )
    profile = {
        "rules": {
            "a": {"basis": {"source": "tiny-law", "article": "第二条", "quote": "第二款继续"}},
            "b": {"basis": {"source": "tiny-law", "article": "第一条", "quote": "十日内"}},
            "c": {"basis": {"source": "tiny-law", "article": "第三条", "quote": "x"}},
            "d": {"basis": {"source": "tiny-law", "article": "第二条之一", "quote": "补充规定"}},
            "e": {"basis": {"source": LOCAL_PRACTICE, "note": "n"}},
        }
    }
    problems = verify_citations(profile, tmp_path)
    assert problems == [
        "b: basis: quote '十日内' does not occur in tiny-law 第一条",
        "c: basis: tiny-law has no article 第三条",
    ]


def test_parse_articles() -> None:
    text = (
        "<!-- INFO END -->\n## 第一章　总则\n第一条 甲。\n\n乙。\n### 第一节\n第二条　丙。\n第二条之一 丁。\n"
    )
    assert parse_articles(text) == {"第一条": "甲。\n乙。", "第二条": "丙。", "第二条之一": "丁。"}


def test_find_shared_dir_uses_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "reference" / "statutes").mkdir(parents=True)
    monkeypatch.setenv("LVZHI_SHARED_DIR", str(tmp_path))
    assert find_shared_dir() == tmp_path
    assert statutes_dir() == tmp_path / "reference" / "statutes"


# --- invalid profiles -----------------------------------------------------------------------------


def _problems_after(change: Any) -> list[str]:
    profile = _default()
    change(profile)
    return validate_profile(profile)


def test_missing_key() -> None:
    problems = _problems_after(lambda p: p["rules"].pop("suggestions.reply_deadline"))
    assert problems == ["missing rule suggestions.reply_deadline (答复期限)"]


def test_unknown_key() -> None:
    def change(p: dict[str, Any]) -> None:
        p["rules"]["suggestions.typo"] = copy.deepcopy(p["rules"]["suggestions.reply_deadline"])

    assert _problems_after(change) == ["unknown rule 'suggestions.typo'"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        (
            "motions.congress_signer_threshold",
            "10",
            "motions.congress_signer_threshold: expected a whole number",
        ),
        ("motions.congress_signer_threshold", True, "expected a whole number, got True"),
        ("motions.congress_signer_threshold", 0, "0 is below the minimum 1"),
        (
            "suggestions.assignment_deadline",
            {"amount": 5, "unit": "weeks"},
            "suggestions.assignment_deadline: unknown period unit 'weeks'",
        ),
        ("suggestions.assignment_deadline", 5, "must be an object with amount and unit"),
        ("suggestions.assignment_deadline", {"amount": -5, "unit": "days"}, "must not be negative"),
        ("suggestions.fast_lane_enabled", "yes", "suggestions.fast_lane_enabled: expected true or false"),
        ("suggestions.reply_recipients", "everyone", "'everyone' is not one of lead_deputy, every_signer"),
        ("budget.december_spending_share_threshold", 150, "150 is above the maximum 100"),
        ("budget.execution_lag_threshold", "15", "expected a number"),
        (
            "suggestions.reminder_lead_times",
            [5, "1"],
            "suggestions.reminder_lead_times[1]: expected a whole number",
        ),
        ("suggestions.reminder_lead_times", [5, 5], "suggestions.reminder_lead_times: duplicate entries"),
        (
            "suggestions.reminder_lead_times",
            [5, -1],
            "suggestions.reminder_lead_times[1]: -1 is below the minimum 0",
        ),
        ("suggestions.reply_categories", "A,B,C", "expected a list"),
        ("suggestions.reply_categories", [], "the list must not be empty"),
        (
            "suggestions.reply_categories",
            [{"code": "A", "label_zh": "甲", "label_en": "A", "needs_date": False}],
            "suggestions.reply_categories[0]: missing field 'commitment'",
        ),
        (
            "suggestions.reply_categories",
            [{"code": "A", "label_zh": "甲", "label_en": "A", "needs_date": "no", "commitment": False}],
            "field 'needs_date' must be bool",
        ),
        (
            "supervision.satisfaction_vote_options",
            [
                {"code": "x", "label_zh": "甲", "label_en": "A"},
                {"code": "x", "label_zh": "乙", "label_en": "B"},
            ],
            "supervision.satisfaction_vote_options: duplicate codes",
        ),
        (
            "supervision.satisfaction_vote_options",
            [{"code": "x", "label_zh": "甲", "label_en": "A", "n": 1}],
            "unexpected field(s) n",
        ),
    ],
)
def test_wrong_value(key: str, value: Any, message: str) -> None:
    def change(p: dict[str, Any]) -> None:
        p["rules"][key]["value"] = value

    problems = _problems_after(change)
    assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize(
    ("basis", "message"),
    [
        (None, "suggestions.reply_deadline: missing citation (basis)"),
        ({"article": "第五十一条", "quote": "x"}, "basis: missing citation source"),
        ({"source": "deputies-law-2025", "quote": "x"}, "basis: missing citation article (e.g. 第十四条)"),
        (
            {"source": "deputies-law-2025", "article": "51", "quote": "x"},
            "article '51' is not of the form 第X条",
        ),
        ({"source": "deputies-law-2025", "article": "第五十一条"}, "basis: missing citation quote"),
        ({"source": "deputies-law-2025", "article": "第五十一条", "quote": "长" * 81}, "keep it to 80"),
        (
            {"source": "civil-code", "article": "第二百条", "quote": "x"},
            "unknown citation source 'civil-code'",
        ),
        ({"source": LOCAL_PRACTICE}, "a local-practice value needs a note explaining it"),
        ({"source": LOCAL_PRACTICE, "note": "n", "article": "第一条"}, "cites no article or quote"),
        ({"source": LOCAL_PRACTICE, "note": "n", "page": 3}, "unexpected basis field(s) page"),
        ("deputies law", "the basis must be an object"),
    ],
)
def test_wrong_citation(basis: Any, message: str) -> None:
    def change(p: dict[str, Any]) -> None:
        if basis is None:
            del p["rules"]["suggestions.reply_deadline"]["basis"]
        else:
            p["rules"]["suggestions.reply_deadline"]["basis"] = basis

    problems = _problems_after(change)
    assert any(message in problem for problem in problems), problems


def test_also_lists_statutes_only() -> None:
    def change(p: dict[str, Any]) -> None:
        p["rules"]["suggestions.reply_deadline"]["also"] = [{"source": LOCAL_PRACTICE, "note": "n"}]

    assert _problems_after(change) == [
        "suggestions.reply_deadline: also[0]: 'also' lists statute citations only"
    ]


def test_entry_shape() -> None:
    def change(p: dict[str, Any]) -> None:
        p["rules"]["suggestions.reply_deadline"] = 3
        p["rules"]["suggestions.assignment_deadline"].pop("value")
        p["rules"]["suggestions.fast_lane_enabled"]["comment"] = "x"

    problems = _problems_after(change)
    assert "suggestions.reply_deadline: expected an object with value and basis" in problems
    assert "suggestions.assignment_deadline: missing value" in problems
    assert "suggestions.fast_lane_enabled: unexpected field(s) comment" in problems


def test_top_level_problems() -> None:
    assert validate_profile([]) == ["the profile must be a JSON object"]
    problems = validate_profile(
        {"code": "Bad Code", "name_zh": "", "schema_version": 2, "extra": 1, "rules": []}
    )
    assert "missing top-level field 'name_en'" in problems
    assert "missing top-level field 'city'" in problems
    assert "unexpected top-level field 'extra'" in problems
    assert "code must be lower-case letters, digits, '-' or '_' (at most 40)" in problems
    assert "name_zh must be non-empty text" in problems
    assert "schema_version 2 is not supported (expected 1)" in problems
    assert "rules must be an object keyed by rule key" in problems
    assert validate_profile({"code": "x", "name_zh": "x", "name_en": "x", "city": "x"}) == [
        "missing top-level field 'rules'"
    ]


def test_consistency_checks() -> None:
    def change(p: dict[str, Any]) -> None:
        rules = p["rules"]
        rules["legislation.readings_min"]["value"] = 3
        rules["legislation.readings_max"]["value"] = 2
        rules["standing_committee.members_min"]["value"] = 60
        rules["budget.reserve_fund_min_percent"]["value"] = 4
        rules["suggestions.reply_deadline"]["value"] = {"amount": 1, "unit": "years"}

    problems = _problems_after(change)
    assert (
        "legislation.readings_min (3) is greater than legislation.readings_default (2): readings out of order"
        in problems
    )
    assert not any(p.startswith("legislation.readings_default") for p in problems)  # 2 <= 2
    assert any("standing_committee.members_min (60) is greater than" in p for p in problems)
    assert any("budget.reserve_fund_min_percent (4) is greater than" in p for p in problems)
    assert any(
        "suggestions.reply_deadline is longer than suggestions.reply_deadline_max" in p for p in problems
    )


# --- RuleSet --------------------------------------------------------------------------------------


def test_ruleset_typed_access() -> None:
    rules = RuleSet(PROFILES["default"])
    assert rules.code == "default"
    assert rules.city == "默认城市"
    assert rules.name_en.startswith("Default")
    assert rules.period("suggestions.reply_deadline") == Period(3, "months")
    assert rules.period("suggestions.assignment_deadline") == Period(5, "working_days")
    assert rules.integer("motions.congress_signer_threshold") == 10
    assert rules.integer("motions.standing_committee_signer_threshold") == 5
    assert rules.percent("budget.reserve_fund_max_percent") == Decimal("3")
    assert rules.decimal("budget.reserve_fund_max_percent") == Decimal("3")
    assert rules.decimal("budget.execution_lag_threshold") == Decimal("15")
    assert rules.boolean("suggestions.fast_lane_enabled") is True
    assert rules.choice("suggestions.reply_recipients") == "lead_deputy"
    assert [c["code"] for c in rules.items("suggestions.reply_categories")] == ["A", "B", "C"]
    assert rules.items("suggestions.reminder_lead_times") == [10, 5, 1]
    assert "suggestions.reply_deadline" in rules
    assert "suggestions.typo" not in rules
    assert list(rules.keys()) == list(RULE_SPECS)
    assert repr(rules) == "RuleSet('default')"


def test_ruleset_basis() -> None:
    rules = RuleSet(PROFILES["default"])
    basis = rules.basis("suggestions.reply_deadline")
    assert basis == Basis("deputies-law-2025", "第五十一条", "并自交办之日起三个月内答复")
    assert basis.citation_zh == "《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》第五十一条"
    assert not basis.is_local_practice
    assert [b.source for b in rules.bases("suggestions.reply_deadline")] == [
        "deputies-law-2025",
        "qingdao-deputy-suggestions-2021",
    ]
    local = rules.basis("suggestions.feedback_window")
    assert local.is_local_practice and local.citation_zh == "地方惯例" and local.title is None
    assert local.note


def test_ruleset_errors() -> None:
    rules = RuleSet(PROFILES["default"])
    with pytest.raises(UnknownRuleError, match="unknown rule key 'suggestions.typo'") as info:
        rules.period("suggestions.typo")
    assert isinstance(info.value, KeyError)
    assert str(info.value) == "unknown rule key 'suggestions.typo'"
    with pytest.raises(UnknownRuleError):
        rules.basis("nope")
    with pytest.raises(RuleKindError, match="is a period, not a integer"):
        rules.integer("suggestions.reply_deadline")
    with pytest.raises(TypeError):
        rules.period("motions.congress_signer_threshold")
    with pytest.raises(RuleKindError):
        rules.percent("budget.execution_lag_threshold")
    with pytest.raises(UnknownRuleError, match="no built-in rules profile 'atlantis'"):
        RuleSet.builtin("atlantis")


def test_ruleset_validates_unless_told_not_to() -> None:
    profile = _default()
    del profile["rules"]["suggestions.reply_deadline"]
    with pytest.raises(InvalidProfileError) as info:
        RuleSet(profile)
    assert info.value.problems == ["missing rule suggestions.reply_deadline (答复期限)"]
    assert "rules profile 'default' is not valid" in str(info.value)
    old = RuleSet(profile, validate=False)  # e.g. a version frozen before a key was added
    assert old.integer("motions.congress_signer_threshold") == 10
    with pytest.raises(UnknownRuleError, match="has no value for 'suggestions.reply_deadline'"):
        old.period("suggestions.reply_deadline")


def test_ruleset_is_isolated_from_its_input() -> None:
    profile = _default()
    rules = RuleSet(profile)
    profile["rules"]["motions.congress_signer_threshold"]["value"] = 99
    assert rules.integer("motions.congress_signer_threshold") == 10
    rules.items("suggestions.reply_categories").clear()
    assert len(rules.items("suggestions.reply_categories")) == 3
    snapshot = rules.as_dict()
    snapshot["rules"].clear()
    assert rules.integer("motions.congress_signer_threshold") == 10


def test_digest() -> None:
    default = RuleSet.builtin("default")
    assert default.digest() == profile_digest(PROFILES["default"])
    assert default.digest() != RuleSet.builtin("shanghai").digest()
    changed = _default()
    changed["rules"]["motions.congress_signer_threshold"]["value"] = 11
    assert profile_digest(changed) != default.digest()
    assert profile_digest(json.loads(json.dumps(PROFILES["default"], indent=1))) == default.digest()


def test_profiles_differ_where_the_cities_differ() -> None:
    default, shanghai = RuleSet.builtin("default"), RuleSet.builtin("shanghai")
    cal = WorkCalendar()
    received = dt.date(2026, 2, 12)  # Thursday before the 2026 Spring Festival
    # Qingdao: 5 working days -> Thu 26 Feb; Shanghai: 7 -> Sat 28 Feb (a 调休 working day)
    assert default.period("suggestions.assignment_deadline").due_from(received, cal) == dt.date(2026, 2, 26)
    assert shanghai.period("suggestions.assignment_deadline").due_from(received, cal) == dt.date(2026, 2, 28)
    assert default.choice("suggestions.reply_recipients") == "lead_deputy"
    assert shanghai.choice("suggestions.reply_recipients") == "every_signer"
    assert default.period("legislation.public_consultation_min") == Period(20, "days")
    assert shanghai.period("legislation.public_consultation_min") == Period(30, "days")
    assert default.boolean("legislation.provincial_approval_required")
    assert not shanghai.boolean("legislation.provincial_approval_required")
    assert (
        default.integer("standing_committee.members_min"),
        default.integer("standing_committee.members_max"),
    ) == (29, 51)
    assert len(shanghai.items("suggestions.reply_categories")) == 4
    # shared statutory values
    for rules in (default, shanghai):
        assert rules.period("suggestions.reply_deadline") == Period(3, "months")
        assert rules.period("suggestions.reply_deadline_max") == Period(6, "months")
        assert rules.period("supervision.audit_rectification_report_deadline") == Period(6, "months")
        assert rules.integer("supervision.inquiry_signer_threshold") == 5
        assert rules.integer("deputies.unexcused_absences_end_mandate") == 2
        assert rules.period("legislation.provincial_approval_deadline") == Period(4, "months")
    # reply due three months after assignment on 1 Jul 2026 falls on 国庆 -> Thu 8 Oct
    assert default.period("suggestions.reply_deadline").due_from(dt.date(2026, 7, 1), cal) == dt.date(
        2026, 10, 8
    )


# --- docs -----------------------------------------------------------------------------------------


def test_reference_table_in_docs_is_current() -> None:
    doc = (REPO / "docs" / "rules-profile.md").read_text(encoding="utf-8")
    start = doc.index(TABLE_START) + len(TABLE_START)
    end = doc.index(TABLE_END)
    expected = render_reference_tables(list(PROFILES.values()))
    assert doc[start:end].strip() == expected.strip(), (
        "docs/rules-profile.md is out of date: run python -m lvzhi.core.rules.reference docs/rules-profile.md"
    )
    for key in RULE_SPECS:
        assert f"`{key}`" in doc


def test_find_shared_dir_env_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LVZHI_SHARED_DIR", str(tmp_path / "missing"))
    assert find_shared_dir() is None
    assert statutes_dir() is None
