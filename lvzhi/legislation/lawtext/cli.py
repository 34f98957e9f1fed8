"""Command line of the law-text engine (``lvzhi lawtext ...``).

::

    lvzhi lawtext parse FILE [--format json|text|plain|markdown|akn] [-o OUT]
    lvzhi lawtext diff OLD NEW [--format json|json-full|html|docx|decision|text] [-o OUT] [--changed-only]

Exit codes: 0 success; 2 bad usage, missing/unreadable file, not a regulation, or a format
that needs ``-o`` (docx); 1 when the output file cannot be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .errors import LawTextError

PROG = "lvzhi lawtext"


def _emit(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _error(message: str) -> None:
    sys.stderr.write(f"{PROG}: error: {message}\n")


def _outline(doc_json: dict[str, object], doc: object) -> str:
    from .model import Article, Division, Document

    assert isinstance(doc, Document)
    lines = [f"标题 title: {doc.title or '（无）'}"]
    for note in doc.header.notes:
        lines.append(f"  注 note: {note}")
    for text in doc.header.preamble:
        lines.append(f"  文 text: {text}")
    if doc.toc is not None:
        lines.append(f"目录 toc: {len(doc.toc.entries)} entries")

    def walk(nodes: list[Division | Article], depth: int) -> None:
        pad = "  " * depth
        for node in nodes:
            if isinstance(node, Article):
                first = node.text.split("\n", 1)[0]
                if len(first) > 40:
                    first = first[:40] + "…"
                n_items = sum(len(p.items) for p in node.paragraphs)
                extra = f" [{len(node.paragraphs)}款" + (f" {n_items}项" if n_items else "") + "]"
                lines.append(f"{pad}{node.label}{extra} {first}")
            else:
                lines.append(f"{pad}{node.label} {node.compact_title}")
                walk(node.children, depth + 1)

    walk(doc.body, 0)
    lines.append(f"条文数 articles: {doc_json['article_count']}")
    for warning in doc.warnings:
        lines.append(f"警告 warning: {warning}")
    return "\n".join(lines) + "\n"


def _diff_text(result: object) -> str:
    from .diff import DiffResult
    from .layout import summary

    assert isinstance(result, DiffResult)
    lines = [summary(result)]
    for dc in result.divisions:
        if dc.op != "unchanged":
            old = f"{dc.old.label} {dc.old.compact_title}" if dc.old else "—"
            new = f"{dc.new.label} {dc.new.compact_title}" if dc.new else "—"
            lines.append(f"{dc.kind} {dc.op:10} {old} → {new}")
    for e in result.entries:
        old = "、".join(a.label for a in e.old) or "—"
        new = "、".join(b.label for b in e.new) or "—"
        flag = " (renumbered)" if e.renumbered else ""
        lines.append(f"{e.op:10} {old} → {new}{flag}")
    return "\n".join(lines) + "\n"


def _write(out: str | None, data: str | bytes) -> int:
    if out is None:
        _emit(data if isinstance(data, str) else data.decode("utf-8"))
        return 0
    try:
        path = Path(out)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        _error(f"无法写入输出文件（cannot write output file）：{out}: {exc.strerror}")
        return 1
    return 0


def _cmd_parse(args: argparse.Namespace) -> int:
    from .akn import to_akn
    from .parser import parse_file, render_text, to_json

    doc = parse_file(args.file)
    data = to_json(doc)
    if args.format == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "text":
        text = _outline(data, doc)
    elif args.format == "plain":
        text = render_text(doc)
    elif args.format == "markdown":
        text = render_text(doc, markdown=True)
    else:
        text = to_akn(doc)
    return _write(args.output, text)


def _cmd_diff(args: argparse.Namespace) -> int:
    from .decision import render_decision
    from .diff import diff_documents
    from .parser import parse_file
    from .table_docx import docx_bytes
    from .table_html import render_html

    if args.format == "docx" and not args.output:
        _error("docx 输出需要用 -o 指定文件（docx output needs -o FILE）")
        return 2
    old = parse_file(args.old)
    new = parse_file(args.new)
    result = diff_documents(old, new)
    include = not args.changed_only
    data: str | bytes
    if args.format in ("json", "json-full"):
        payload = result.to_json()
        if args.changed_only:
            payload["entries"] = [e for e in payload["entries"] if e["op"] != "unchanged" or e["renumbered"]]
        body = payload["entries"] if args.format == "json" else payload
        data = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    elif args.format == "html":
        data = render_html(result, include_unchanged=include)
    elif args.format == "docx":
        data = docx_bytes(result, include_unchanged=include)
    elif args.format == "decision":
        data = render_decision(result)
    else:
        data = _diff_text(result)
    return _write(args.output, data)


def build_parser() -> argparse.ArgumentParser:
    """The argparse parser of ``lvzhi lawtext``."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="法规文本解析与修改前后对照（parse regulations and compare versions）",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="{parse,diff}")
    p = sub.add_parser("parse", help="parse a regulation (.txt, .md, .docx) and print its structure")
    p.add_argument("file", help="regulation file (.txt, .md or .docx)")
    p.add_argument(
        "--format",
        "-f",
        choices=("json", "text", "plain", "markdown", "akn"),
        default="json",
        help="json (default): tree and articles; text: outline; plain/markdown: the text "
        "re-rendered; akn: Akoma Ntoso 3.0 XML",
    )
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.set_defaults(func=_cmd_parse)
    d = sub.add_parser("diff", help="compare two versions article by article (修改前后对照)")
    d.add_argument("old", help="old version (修改前)")
    d.add_argument("new", help="new version (修改后)")
    d.add_argument(
        "--format",
        "-f",
        choices=("json", "json-full", "html", "docx", "decision", "text"),
        default="json",
        help="json (default): a list of entries with op, old_number, new_number, changes; json-full: an "
        "object with titles, counts, division changes and the entries; html/docx: the 对照表 (docx "
        "requires -o); decision: amendment-decision draft; text: summary",
    )
    d.add_argument("-o", "--output", help="write to this file instead of standard output")
    d.add_argument("--changed-only", action="store_true", help="leave unchanged articles out of the table")
    d.set_defaults(func=_cmd_diff)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``lvzhi lawtext`` with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and usage errors (2)
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        return int(args.func(args))
    except LawTextError as exc:
        _error(exc.message)
        return 2
    except KeyboardInterrupt:  # pragma: no cover
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
