"""The 修改前后对照表 as one self-contained HTML page (inline CSS, no external assets)."""

from __future__ import annotations

from html import escape

from .diff import DiffResult
from .layout import Block, Run, rows, summary, title_change, versions_line

_CSS = """
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif;
       margin: 2em auto; max-width: 1200px; color: #111; line-height: 1.7; }
h1 { text-align: center; font-size: 1.5em; }
p.summary, p.versions { text-align: center; color: #444; }
tr.title td { font-weight: bold; text-align: center; }
table.compare { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.compare th, table.compare td { border: 1px solid #888; padding: .4em .6em; vertical-align: top; }
table.compare th { background: #eee; }
table.compare col.text { width: 42%; } table.compare col.note { width: 16%; }
tr.division td { background: #f6f6f6; font-weight: bold; text-align: center; }
td p { margin: 0 0 .3em 0; }
span.label { font-weight: bold; margin-right: .5em; }
span.label.renumbered { color: #8a4b00; }
ins { background: #d9f5d0; text-decoration: underline; font-weight: bold; }
del { background: #fbd8d8; text-decoration: line-through; }
td.note { font-size: .9em; color: #333; }
tr.op-unchanged td.note { color: #888; }
"""


def _runs_html(runs: list[Run]) -> str:
    out = []
    for run in runs:
        text = escape(run.text)
        if run.mark == "ins":
            out.append(f"<ins>{text}</ins>")
        elif run.mark == "del":
            out.append(f"<del>{text}</del>")
        else:
            out.append(text)
    return "".join(out)


def _blocks_html(blocks: list[Block]) -> str:
    parts = []
    for block in blocks:
        cls = "label renumbered" if block.renumbered else "label"
        for k, line in enumerate(block.lines):
            label = f'<span class="{cls}">{escape(block.label)}</span>' if k == 0 else ""
            parts.append(f"<p>{label}{_runs_html(line)}</p>")
    return "".join(parts)


def render_html(
    result: DiffResult,
    *,
    include_unchanged: bool = True,
    title: str | None = None,
    old_label: str | None = None,
    new_label: str | None = None,
) -> str:
    """Render the comparison as a complete HTML document (UTF-8, escaped, self-contained).

    Deleted text is marked ``<del>``, inserted text ``<ins>``; renumbered labels get the
    class ``renumbered``; each article row has the class ``op-<op>`` and the entry's uid as
    ``data-uid``.  With ``include_unchanged=False`` unchanged articles are left out.
    ``old_label``/``new_label`` name the two versions under the title ("修改前：2019年版
    修改后：草案第二稿"); a changed title gets the first row (``class="title"``).
    """
    name = title or result.new.title or result.old.title or "法规"
    heading = f"《{name}》修改前后对照表"
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(heading)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(heading)}</h1>",
        f'<p class="summary">{escape(summary(result))}</p>',
        *(
            [f'<p class="versions">{escape(versions_line(old_label, new_label))}</p>']
            if old_label or new_label
            else []
        ),
        '<table class="compare"><colgroup><col class="text"><col class="text"><col class="note"></colgroup>',
        "<thead><tr><th>修改前</th><th>修改后</th><th>说明</th></tr></thead><tbody>",
    ]
    change = title_change(result)
    if change is not None:
        out.append(
            f'<tr class="title"><td><p>{_runs_html(change.old)}</p></td>'
            f'<td><p>{_runs_html(change.new)}</p></td><td class="note">标题修改</td></tr>'
        )
    for row in rows(result, include_unchanged=include_unchanged):
        if row.heading is not None:
            old = "".join(f"<p>{_runs_html(r)}</p>" for r in row.heading.old)
            new = "".join(f"<p>{_runs_html(r)}</p>" for r in row.heading.new)
            out.append(f'<tr class="division"><td>{old}</td><td>{new}</td><td></td></tr>')
        if not row.old and not row.new:
            continue
        entry = row.entry
        out.append(
            f'<tr class="op-{escape(entry.op)}" data-uid="{escape(entry.uid, quote=True)}">'
            f"<td>{_blocks_html(row.old)}</td><td>{_blocks_html(row.new)}</td>"
            f'<td class="note">{escape(row.note)}</td></tr>'
        )
    out.append("</tbody></table></body></html>")
    return "\n".join(out) + "\n"
