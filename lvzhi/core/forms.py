"""Form pieces shared by every app."""

from __future__ import annotations

from typing import Any

from django import forms

ISO_DATE = "%Y-%m-%d"


class DateInput(forms.DateInput):
    """A browser date picker (`<input type="date">`).

    The browser reads and writes its value only as an ISO date (RFC 3339 full-date); a
    localised one (the Chinese format's "2026/12/31") leaves the field empty. The value is
    therefore always rendered ISO, whatever the page's language.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, format: str | None = None) -> None:
        super().__init__(attrs=attrs, format=format or ISO_DATE)
