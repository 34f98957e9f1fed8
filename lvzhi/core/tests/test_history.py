"""Change-history entries read as sentences, never as raw data."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import translation

from lvzhi.core.history import describe


def row(action, changes, object_type="suggestions.suggestion"):
    return SimpleNamespace(action=action, changes=changes, object_type=object_type)


def test_registered_sentences_name_their_values():
    with translation.override("en"):
        assert describe(
            row("suggestion.assign", {"mode": "joint", "units": [[3, "lead", ""]], "recommended": [0.5]})
        ) == ("Assigned to handling units (Jointly (会同办理))")
        assert (
            describe(
                row("suggestion.register", {"number": "16届2次会议第0001号", "assign_due": "2026-03-10"})
            )
            == "Registered as 16届2次会议第0001号; to be assigned by 2026-03-10"
        )
        assert describe(row("suggestion.rate", {"unit": 4, "round": 1, "rating": "basically"})) == (
            "The deputy rated reply 1: Basically satisfied"
        )
        assert (
            describe(row("suggestion.submit", {"status": ["draft", "submitted"], "signers": [1, 2]}))
            == "Submitted by the lead deputy"
        )


def test_a_missing_value_reads_as_a_dash():
    with translation.override("en"):
        assert describe(row("suggestion.return", {})) == "Returned for revision: —"


def test_sentences_are_translated():
    with translation.override("zh-hans"):
        text = describe(row("suggestion.assign", {"mode": "joint"}))
    assert "joint" not in text and "{" not in text and "会同办理" in text


def test_unregistered_actions_fall_back_to_a_readable_sentence():
    with translation.override("en"):
        text = describe(
            row(
                "suggestion.something_new",
                {"status": ["draft", "submitted"], "confidential": True, "assign_due": None},
            )
        )
    assert text == "Something new (status: Draft → Submitted; confidential: yes; assignment due: —)"
    assert "{" not in text and "'" not in text


def test_label_only_actions_list_the_changed_fields():
    with translation.override("en"):
        text = describe(row("suggestion.close", {"status": "closed"}))
    assert text == "Closed (status: Closed)"


def test_values_of_every_kind_are_humanised():
    with translation.override("en"):
        text = describe(
            row(
                "admin.core.user.update",
                {"roles": ["staff", "admin", "leader"], "filters": {"term": 16}, "day": dt.date(2026, 1, 2)},
                "",
            )
        )
    assert text == "Update (roles: staff、admin、leader; filters: term: 16; day: 2026-01-02)"
