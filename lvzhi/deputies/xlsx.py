"""Import the roster from .xlsx and export it back.

An import checks every row first and writes nothing unless every row is good: the result is
either the number of deputies created and updated, or a row-by-row error report.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from lvzhi.core.actors import Actor
from lvzhi.core.errors import ValidationFailed
from lvzhi.core.models import Gender, Person, Term
from lvzhi.core.uploads import check_office_file
from lvzhi.office.sheets import Book

from .masking import mask_email, mask_id_number, mask_phone
from .models import Delegation, Deputy, DeputyGroup, ElectoralUnit, LiaisonStation, Sector
from .states import DeputyStatus
from .validation import is_valid_id_number, parse_date

MAX_ROWS = 20000


@dataclass(frozen=True)
class Column:
    key: str
    header: Any  # lazy translated header used in exported files and templates
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS: tuple[Column, ...] = (
    Column("code", gettext_lazy("Deputy number"), True, ("代表编号", "deputy number", "code")),
    Column("name", gettext_lazy("Name"), True, ("姓名", "name")),
    Column("gender", gettext_lazy("Gender"), False, ("性别", "gender")),
    Column("birth_date", gettext_lazy("Date of birth"), False, ("出生日期", "date of birth", "birth date")),
    Column("ethnicity", gettext_lazy("Ethnicity"), False, ("民族", "ethnicity")),
    Column(
        "party",
        gettext_lazy("Political affiliation"),
        False,
        ("政治面貌", "党派", "political affiliation", "party"),
    ),
    Column(
        "id_number", gettext_lazy("ID number"), True, ("身份证号", "公民身份号码", "身份证号码", "id number")
    ),
    Column(
        "phone",
        gettext_lazy("Mobile phone"),
        False,
        ("手机", "手机号码", "联系电话", "mobile phone", "phone"),
    ),
    Column("email", gettext_lazy("E-mail"), False, ("电子邮箱", "邮箱", "e-mail", "email")),
    Column(
        "workplace",
        gettext_lazy("Workplace and position"),
        False,
        ("工作单位及职务", "工作单位和职务", "workplace and position", "workplace"),
    ),
    Column("electoral_unit", gettext_lazy("Electoral unit"), True, ("选举单位", "electoral unit")),
    Column("delegation", gettext_lazy("Delegation"), True, ("代表团", "delegation")),
    Column("group", gettext_lazy("Group"), False, ("代表小组", "group")),
    Column(
        "station",
        gettext_lazy("Liaison station"),
        False,
        ("联络站", "代表联络站", "liaison station", "station"),
    ),
    Column("sector", gettext_lazy("Sector"), False, ("界别", "代表构成", "sector")),
    Column("status", gettext_lazy("Status"), False, ("状态", "代表状态", "status")),
    Column("status_reason", gettext_lazy("Reason"), False, ("状态原因", "原因", "reason")),
    Column("status_date", gettext_lazy("Status since"), False, ("状态日期", "status since", "status date")),
)
_ALIASES = {alias.strip().lower(): col.key for col in COLUMNS for alias in col.aliases}


#: The longest text each column may hold (the database columns' lengths): longer is an error
#: of the row, never cut silently.
def _max_length(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.CharField) and field.max_length
    return field.max_length


_MAX_LENGTHS: dict[str, int] = {
    **{
        key: _max_length(Person, key) for key in ("name", "ethnicity", "party", "phone", "email", "workplace")
    },
    "code": _max_length(Deputy, "code"),
    "status_reason": _max_length(Deputy, "status_reason"),
}
_REQUIRED = [c for c in COLUMNS if c.required]

_GENDERS = {
    "男": Gender.MALE,
    "女": Gender.FEMALE,
    "m": Gender.MALE,
    "f": Gender.FEMALE,
    "male": Gender.MALE,
    "female": Gender.FEMALE,
}
_STATUSES = {
    "在任": DeputyStatus.ACTIVE,
    "暂停": DeputyStatus.SUSPENDED,
    "暂停执行代表职务": DeputyStatus.SUSPENDED,
    "终止": DeputyStatus.TERMINATED,
    "代表资格终止": DeputyStatus.TERMINATED,
}


def _status_lookup(text: str) -> str | None:
    text = text.strip()
    if not text:
        return DeputyStatus.ACTIVE
    if text in _STATUSES:
        return _STATUSES[text]
    for choice in DeputyStatus:
        if text.lower() in {choice.value, str(choice.label).lower()}:
            return choice.value
    return None


def _sector_lookup(text: str) -> str | None:
    text = text.strip()
    if not text:
        return Sector.OTHER
    zh = {
        "工人": Sector.WORKER,
        "农民": Sector.FARMER,
        "专业技术人员": Sector.PROFESSIONAL,
        "党政领导干部": Sector.OFFICIAL,
        "企业负责人": Sector.BUSINESS,
        "解放军": Sector.MILITARY,
        "军人": Sector.MILITARY,
        "其他": Sector.OTHER,
    }
    if text in zh:
        return zh[text]
    for choice in Sector:
        if text.lower() in {choice.value, str(choice.label).lower()}:
            return choice.value
    return None


@dataclass
class RowError:
    row: int  # 1-based spreadsheet row; 0 for file-level problems
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_rows(data: bytes) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The first sheet's header and its non-blank rows (with their spreadsheet row numbers).

    The workbook's zip directory is checked before anything is unpacked
    (:func:`lvzhi.core.uploads.check_office_file`); only the columns that have a header are read,
    and at most ``2 * MAX_ROWS`` rows (blank ones included) are looked at, so neither a sheet
    that claims a million columns nor one of a million empty rows takes long."""
    if not data:
        raise ValidationFailed(_("The file is empty."))
    not_xlsx = _("The file is not an .xlsx workbook.")
    check_office_file(data, not_xlsx)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationFailed(not_xlsx) from exc
    try:
        ws = wb.worksheets[0] if wb.worksheets else None
        if ws is None:
            raise ValidationFailed(_("The workbook has no sheet."))
        ws.reset_dimensions()  # read every row there is, not only those the sheet claims to have
        header_row = next(ws.iter_rows(max_row=1, values_only=True), None)
        if header_row is None:
            raise ValidationFailed(_("The sheet is empty."))
        headers = [str(h).strip() if h is not None else "" for h in header_row]
        while headers and not headers[-1]:
            headers.pop()
        body: list[tuple[int, list[Any]]] = []
        rows = ws.iter_rows(min_row=2, max_col=max(1, len(headers)), values_only=True)
        for index, values in enumerate(rows, start=2):
            if index > 2 * MAX_ROWS + 1:
                raise ValidationFailed(
                    _("The sheet has more than %(n)s rows (blank ones included).") % {"n": 2 * MAX_ROWS}
                )
            if values is None or all(v is None or str(v).strip() == "" for v in values):
                continue
            body.append((index, list(values)))
            if len(body) > MAX_ROWS:
                raise ValidationFailed(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:  # a damaged sheet
        raise ValidationFailed(not_xlsx) from exc
    finally:
        wb.close()
    return headers, body


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _unmask(text: dict[str, str], person: Person) -> None:
    """A masked contact value exactly as the (masked) export wrote it for this deputy means
    "unchanged": the keeper re-imports the ordinary export without the full details."""
    current = {"id_number": person.id_number or "", "phone": person.phone, "email": person.email}
    masks = {
        "id_number": mask_id_number(person.id_number),
        "phone": mask_phone(person.phone),
        "email": mask_email(person.email),
    }
    for key, full in current.items():
        value = text.get(key, "")
        if full and "*" in value and value.upper() == masks[key].upper():
            text[key] = full


@dataclass
class RosterPlan:
    """A checked roster workbook, ready for ``services.deputies_import``: per row (its
    spreadsheet row number, the person's values, the mandate's values)."""

    term: Term
    rows: list[tuple[int, dict[str, Any], dict[str, Any]]]
    existing: dict[str, Deputy]
    persons_by_id: dict[str, Person]


def deputies_import_xlsx(*, data: bytes, term: Term, acting_user: Actor) -> ImportResult:
    """Import a roster workbook: the service ``services.deputies_import`` (kept for callers)."""
    from .services import deputies_import

    return deputies_import(data=data, term=term, acting_user=acting_user)


def roster_check(*, data: bytes, term: Term) -> tuple[ImportResult, RosterPlan | None]:
    """Read and check every row (writes nothing). The plan is None when any row is bad; the
    result then lists every problem."""
    result = ImportResult()
    try:
        headers, body = _read_rows(data)
    except ValidationFailed as exc:
        result.errors.append(RowError(0, "", str(exc.message)))
        return result, None

    positions: dict[str, int] = {}
    unknown_headers = []
    for i, header in enumerate(headers):
        if not header:
            continue
        key = _ALIASES.get(header.lower())
        if key is None:
            unknown_headers.append(header)
        elif key in positions:
            result.errors.append(RowError(1, header, _("The column %(c)s appears twice.") % {"c": header}))
        else:
            positions[key] = i
    for header in unknown_headers:
        result.errors.append(RowError(1, header, _("Unknown column: %(c)s") % {"c": header}))
    for col in _REQUIRED:
        if col.key not in positions:
            result.errors.append(
                RowError(1, str(col.header), _("Required column missing: %(c)s") % {"c": col.header})
            )
    if result.errors:
        return result, None
    if not body:
        result.errors.append(RowError(0, "", _("The sheet has a header but no rows.")))
        return result, None

    delegations = {d.name: d for d in Delegation.objects.filter(term=term)}
    groups = {(g.delegation_id, g.name): g for g in DeputyGroup.objects.filter(delegation__term=term)}
    units = {u.name: u for u in ElectoralUnit.objects.filter(term=term)}
    stations = {s.name: s for s in LiaisonStation.objects.all()}
    existing = {d.code: d for d in Deputy.objects.filter(term=term).select_related("person")}
    persons_by_id: dict[str, Person] = {}
    header_of = {c.key: str(c.header) for c in COLUMNS}

    seen_codes: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    prepared: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for row_no, values in body:

        def cell(key: str, _values: list[Any] = values) -> Any:
            pos = positions.get(key)
            return _values[pos] if pos is not None and pos < len(_values) else None

        def err(key: str, message: str, _row: int = row_no) -> None:
            result.errors.append(RowError(_row, header_of[key], message))

        text = {c.key: _cell_text(cell(c.key)) for c in COLUMNS}
        known = existing.get(text["code"])
        if known is not None:
            _unmask(text, known.person)
        for col in _REQUIRED:
            if not text[col.key]:
                err(col.key, _("%(c)s is required.") % {"c": col.header})
        code = text["code"]
        if code:
            if code in seen_codes:
                err(
                    "code",
                    _("Deputy number %(code)s also appears in row %(row)s.")
                    % {"code": code, "row": seen_codes[code]},
                )
            seen_codes.setdefault(code, row_no)
        idn = text["id_number"].upper()
        if idn:
            if not is_valid_id_number(idn):
                err("id_number", _("The ID number %(id)s is not valid.") % {"id": idn})
            elif idn in seen_ids:
                err(
                    "id_number",
                    _("ID number %(id)s also appears in row %(row)s.") % {"id": idn, "row": seen_ids[idn]},
                )
            seen_ids.setdefault(idn, row_no)
        for key, limit in _MAX_LENGTHS.items():
            if len(text[key]) > limit:
                err(
                    key,
                    _("%(c)s is %(n)s characters long; the limit is %(max)s.")
                    % {"c": header_of[key], "n": len(text[key]), "max": limit},
                )
        person_values: dict[str, Any] = {
            "name": text["name"],
            "ethnicity": text["ethnicity"],
            "party": text["party"],
            "id_number": idn or None,
            "phone": text["phone"],
            "email": text["email"],
            "workplace": text["workplace"],
        }
        gender = text["gender"]
        if gender:
            if gender.lower() not in _GENDERS:
                err("gender", _("Unknown gender: %(v)s") % {"v": gender})
            else:
                person_values["gender"] = _GENDERS[gender.lower()]
        for key in ("birth_date", "status_date"):
            try:
                parsed = parse_date(cell(key))
            except ValueError:
                err(key, _("%(v)s is not a date (use YYYY-MM-DD).") % {"v": text[key]})
                parsed = None
            except Exception:  # an impossible date such as 2023-02-30
                err(key, _("%(v)s is not a date (use YYYY-MM-DD).") % {"v": text[key]})
                parsed = None
            if parsed is not None and (
                parsed.year < 1900 or parsed > dt.date.today() + dt.timedelta(days=366)
            ):
                err(key, _("%(v)s is out of range.") % {"v": parsed.isoformat()})
            if key == "birth_date":
                person_values["birth_date"] = parsed
            else:
                text["_status_date"] = parsed  # type: ignore[assignment]
        if text["email"] and "@" not in text["email"]:
            err("email", _("%(v)s is not an e-mail address.") % {"v": text["email"]})
        delegation = delegations.get(text["delegation"]) if text["delegation"] else None
        if text["delegation"] and delegation is None:
            err("delegation", _("Unknown delegation: %(v)s") % {"v": text["delegation"]})
        unit = units.get(text["electoral_unit"]) if text["electoral_unit"] else None
        if text["electoral_unit"] and unit is None:
            err("electoral_unit", _("Unknown electoral unit: %(v)s") % {"v": text["electoral_unit"]})
        group = None
        if text["group"] and delegation is not None:
            group = groups.get((delegation.pk, text["group"]))
            if group is None:
                err(
                    "group",
                    _("Unknown group %(g)s in delegation %(d)s") % {"g": text["group"], "d": delegation.name},
                )
        station = None
        if text["station"]:
            station = stations.get(text["station"])
            if station is None:
                err("station", _("Unknown liaison station: %(v)s") % {"v": text["station"]})
        sector = _sector_lookup(text["sector"])
        if sector is None:
            err("sector", _("Unknown sector: %(v)s") % {"v": text["sector"]})
        status = _status_lookup(text["status"])
        if status is None:
            err("status", _("Unknown status: %(v)s") % {"v": text["status"]})
        elif status != DeputyStatus.ACTIVE and (not text["status_reason"] or not text.get("_status_date")):
            err("status_reason", _("A suspended or terminated mandate needs a reason and a date."))
        deputy_values: dict[str, Any] = {
            "code": code,
            "electoral_unit": unit,
            "delegation": delegation,
            "group": group,
            "station": station,
            "sector": sector or Sector.OTHER,
            "status": status or DeputyStatus.ACTIVE,
            "status_reason": text["status_reason"] if status != DeputyStatus.ACTIVE else "",
            "status_date": text.get("_status_date") if status != DeputyStatus.ACTIVE else None,
        }
        prepared.append((person_values, deputy_values))

    # Conflicts with records already in the database.
    if idns := [p["id_number"] for p, _d in prepared if p["id_number"]]:
        persons_by_id = {p.id_number or "": p for p in Person.objects.filter(id_number__in=idns)}
        taken = dict(
            Deputy.objects.filter(term=term, person__id_number__in=idns).values_list(
                "person__id_number", "code"
            )
        )
        for (row_no, _values), (p, d) in zip(body, prepared, strict=True):
            holder = taken.get(p["id_number"])
            if holder and holder != d["code"]:
                result.errors.append(
                    RowError(
                        row_no,
                        header_of["id_number"],
                        _("ID number %(id)s already belongs to deputy %(code)s.")
                        % {"id": p["id_number"], "code": holder},
                    )
                )
    if result.errors:
        result.errors.sort(key=lambda e: (e.row, e.column))
        return result, None

    rows = [(row_no, p, d) for (row_no, _values), (p, d) in zip(body, prepared, strict=True)]
    return result, RosterPlan(term=term, rows=rows, existing=existing, persons_by_id=persons_by_id)


def deputies_export_xlsx(*, deputies: Iterable[Deputy], reveal_contacts: bool) -> bytes:
    """The roster as .xlsx in the import layout; contact details masked unless ``reveal_contacts``.
    Written through :mod:`lvzhi.office.sheets`: every text (a workplace, a reason) is a text
    cell, never a formula; dates are date cells."""
    book = Book(write_only=True)
    sheet = book.sheet(_("Deputies"), [str(c.header) for c in COLUMNS])
    status_labels = {s.value: str(s.label) for s in DeputyStatus}
    sector_labels = {s.value: str(s.label) for s in Sector}
    gender_labels = {"M": "男", "F": "女"}
    for d in deputies:
        p = d.person
        idn = p.id_number or ""
        sheet.append(
            [
                d.code,
                p.name,
                gender_labels.get(p.gender, ""),
                p.birth_date,
                p.ethnicity,
                p.party,
                idn if reveal_contacts else mask_id_number(idn),
                p.phone if reveal_contacts else mask_phone(p.phone),
                p.email if reveal_contacts else mask_email(p.email),
                p.workplace,
                d.electoral_unit.name,
                d.delegation.name,
                d.group.name if d.group else "",
                d.station.name if d.station else "",
                sector_labels.get(d.sector, d.sector),
                status_labels.get(d.status, d.status),
                d.status_reason,
                d.status_date,
            ]
        )
    return book.to_bytes()


def deputies_template_xlsx() -> bytes:
    """An empty workbook with the import columns, for staff to fill in."""
    return deputies_export_xlsx(deputies=[], reveal_contacts=True)


def read_upload(file: IO[bytes], limit: int = 20 * 1024 * 1024) -> bytes:
    data = file.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(_("The file is larger than 20 MB."))
    return data
