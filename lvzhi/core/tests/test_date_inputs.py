"""Every date picker renders its value as an ISO date whatever the page's language.

A browser's `<input type="date">` accepts only "2026-12-31"; the Chinese format's
"2026/12/31" left the fields empty (legislation's reading, consultation and approval forms,
key supervision, contact records...)."""

from __future__ import annotations

import datetime
import importlib
import re
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.utils import translation

import lvzhi

DAY = datetime.date(2026, 12, 31)
ROOT = Path(lvzhi.__file__).parent


def _form_classes() -> list[tuple[str, type[forms.BaseForm]]]:
    found = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("lvzhi."):
            continue
        for module_name in (f"{app}.forms", f"{app}.views"):
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError:
                continue
            for name, obj in vars(module).items():
                if (
                    isinstance(obj, type)
                    and issubclass(obj, forms.BaseForm)
                    and obj.__module__ == module_name
                ):
                    found.append((f"{module_name}.{name}", obj))
    return found


def _date_fields() -> list[tuple[str, forms.Field]]:
    fields = []
    for label, cls in _form_classes():
        for name, field in cls.base_fields.items():
            if isinstance(field, forms.DateField):
                fields.append((f"{label}.{name}", field))
    return fields


def test_the_scan_finds_the_forms_named_in_the_report() -> None:
    names = {label for label, _ in _date_fields()}
    assert "lvzhi.suggestions.forms.ContactForm.date" in names
    assert "lvzhi.suggestions.forms.KeyForm.decided_on" in names
    assert any(n.startswith("lvzhi.legislation.forms.") for n in names)
    assert len(names) > 30


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_date_field_renders_an_iso_value(language: str) -> None:
    wrong = []
    with translation.override(language):
        for label, field in _date_fields():
            html = field.widget.render("d", DAY)
            if 'type="date"' not in html or 'value="2026-12-31"' not in html:
                wrong.append(f"{label}: {html}")
    assert not wrong, "\n".join(wrong)


def test_a_bound_form_with_an_initial_date_renders_iso_in_chinese() -> None:
    from lvzhi.suggestions.forms import ContactForm, KeyForm

    with translation.override("zh-hans"):
        assert 'value="2026-12-31"' in str(ContactForm(initial={"date": DAY})["date"])
        assert 'value="2026-12-31"' in str(KeyForm(initial={"decided_on": DAY})["decided_on"])


def test_hand_written_date_inputs_format_their_value_iso() -> None:
    wrong = []
    for path in ROOT.rglob("*.html"):
        for tag in re.findall(r'<input[^>]*type="date"[^>]*>', path.read_text(encoding="utf-8")):
            for value in re.findall(r'value="([^"]*)"', tag):
                if "{{" in value and "|date:'Y-m-d'" not in value and '|date:"Y-m-d"' not in value:
                    wrong.append(f"{path.relative_to(ROOT)}: {tag}")
    assert not wrong, "\n".join(wrong)
