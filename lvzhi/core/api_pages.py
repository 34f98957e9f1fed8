"""One page of a list answered by the API: the same envelope (``count``, ``page``,
``page_size``, ``pages``, ``results``) and the same error for a page past the end, for every
list operation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .errors import ValidationFailed

T = TypeVar("T")


def api_page(
    rows: QuerySet[Any] | Sequence[T], page: int, page_size: int, render: Callable[[Any], Any]
) -> dict[str, Any]:
    """Page ``page`` (from 1) of ``rows``, each rendered by ``render``; a page past the last one
    is refused with a validation error (422) naming it, as the API documents."""
    paginator = Paginator(rows, page_size)
    if page > max(paginator.num_pages, 1):
        raise ValidationFailed(_("Page %(p)s does not exist.") % {"p": page})
    return {
        "count": paginator.count,
        "page": page,
        "page_size": page_size,
        "pages": paginator.num_pages,
        "results": [render(row) for row in paginator.page(page)],
    }
