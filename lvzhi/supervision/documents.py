"""Documents of supervision: the 督办函 (a 公文 .docx, :mod:`lvzhi.office.gongwen`) and the
dashboard (.xlsx, :mod:`lvzhi.office.sheets`)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lvzhi.office.gongwen import Gongwen, render_docx
from lvzhi.office.sheets import Book


def supervision_letter_docx(*, task: Any) -> bytes:
    """督办函 to the responsible unit of an overdue rectification task."""
    today = timezone.localdate()
    chinese = (translation.get_language() or "").startswith("zh")
    return render_docx(
        Gongwen(
            title=_("Supervision letter"),
            addressee=task.unit.name,
            body=[
                _(
                    "The Standing Committee's item “%(item)s” assigned your unit the following problem to "
                    "rectify by %(deadline)s:"
                )
                % {"item": task.item.title, "deadline": task.deadline.isoformat()},
                task.problem,
                _(
                    "Progress reported so far: %(p)s%%. Please complete the rectification without delay and "
                    "report in writing with evidence."
                )
                % {"p": task.progress},
            ],
            # 成文日期 in Chinese numerals in a Chinese letter, as an ISO date otherwise
            date=today if chinese else today.isoformat(),
        )
    )


def dashboard_xlsx(data: dict[str, Any]) -> bytes:
    """The dashboard as a workbook: one sheet per grouping."""
    book = Book()
    header = [
        pgettext("of a thing", "Name"),
        _("Tasks"),
        _("Open"),
        _("Overdue"),
        _("Rectification rate (%)"),
        _("Days overdue"),
        _("Average days overdue"),
    ]
    for key, title in (
        ("by_body", _("By supervised body")),
        ("by_item", _("By item")),
        ("by_unit", _("By responsible unit")),
        ("by_type", _("By problem type")),
    ):
        sheet = book.sheet(title, header)
        for r in data[key]:
            sheet.append([r.label, r.total, r.open, r.overdue, r.rate, r.days_overdue, r.avg_days_overdue])
    return book.to_bytes()
