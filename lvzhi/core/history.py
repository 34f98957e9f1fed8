"""Change-history entries as sentences a person reads.

An audit row stores its action and its changes as data (``suggestion.assign {'mode': 'joint',
…}``); an object's page shows it as "Assigned to handling units (jointly)". Each app registers
its actions' labels and sentences (``registry.AuditAction``); an action nobody registered reads
as its humanised name followed by the changed fields, named as the model names them, with their
values' labels. Never the raw dictionary.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from . import registry

EMPTY = "—"
MAX_VALUE = 80


def describe(row: Any) -> str:
    """One audit row (``AuditLog``) as a sentence in the active language."""
    entry = registry.audit_action(row.action)
    changes = row.changes if isinstance(row.changes, Mapping) else {}
    model = _model(row.object_type)
    choices = dict(entry.choices) if entry is not None else {}
    if entry is not None and entry.sentence:
        values = _Values({k: _value(k, v, model, choices) for k, v in changes.items()})
        try:
            return str(entry.sentence) % values
        except (TypeError, ValueError):
            pass
    label = str(entry.label) if entry is not None else _humanise_action(row.action)
    details = [
        _("%(field)s: %(value)s") % {"field": _field_name(k, model), "value": _value(k, v, model, choices)}
        for k, v in changes.items()
    ]
    return (
        _("%(what)s (%(details)s)") % {"what": label, "details": _("; ").join(details)} if details else label
    )


class _Values(dict[str, str]):
    """A missing key reads as a dash, not an error."""

    def __missing__(self, key: str) -> str:
        return EMPTY


def _model(label: str) -> type[models.Model] | None:
    if not label or "." not in label:
        return None
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(key: str, model: type[models.Model] | None) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _field_name(key: str, model: type[models.Model] | None) -> str:
    field = _field(key, model)
    name = getattr(field, "verbose_name", None)
    return str(name) if name else key.replace("_", " ")


def _humanise_action(action: str) -> str:
    """``admin.core.user.update`` → "Update"; ``suggestion.key_progress`` → "Key progress"."""
    last = action.rsplit(".", 1)[-1].replace("_", " ").strip()
    return last[:1].upper() + last[1:] if last else action


def _value(key: str, value: Any, model: type[models.Model] | None, choices: Mapping[str, Any]) -> str:
    labels = dict(choices.get(key) or ())
    field = _field(key, model)
    if not labels and field is not None and getattr(field, "choices", None):
        labels = dict(field.flatchoices)
    return _text(value, labels)


def _text(value: Any, labels: Mapping[Any, Any]) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list) and len(value) == 2 and not any(isinstance(v, (list, dict)) for v in value):
        return _("%(before)s → %(after)s") % {
            "before": _text(value[0], labels),
            "after": _text(value[1], labels),
        }
    if isinstance(value, (list, tuple)):
        return "、".join(_text(v, labels) for v in value) or EMPTY
    if isinstance(value, dict):
        return _("; ").join(f"{k.replace('_', ' ')}: {_text(v, labels)}" for k, v in value.items())
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value in labels:
        return str(labels[value])
    text = str(value)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"
