"""Property tests (hypothesis): round trip, self-diff, diff invariants on random edits."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lvzhi.legislation.lawtext import LawTextError, diff_documents, normalise, parse_text, render_text
from lvzhi.legislation.lawtext.synth import SynthConfig, evaluate, synthesize
from lvzhi.textkit.numerals import article_label, int_to_cn

from .conftest import assert_partition

PROPS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
HANZI = "本市区人民政府应当加强管理工作有关部门依法规定公园河道养犬登记单位个人组织实施监督检查保护建设服务"


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = [draw(st.text(alphabet=HANZI, min_size=2, max_size=20))]
    for _ in range(draw(st.integers(0, 2))):
        sep = draw(st.sampled_from("，、；"))
        if draw(st.booleans()):
            parts.append(f"{sep}依照本条例第{int_to_cn(draw(st.integers(1, 30)))}条规定")
        parts.append(sep + draw(st.text(alphabet=HANZI, min_size=2, max_size=20)))
    return "".join(parts) + "。"


@dataclass
class Style:
    space: str
    markdown: bool
    bold: bool
    blank: bool
    half_brackets: bool


@st.composite
def regulations(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A fictional regulation text and the labels of its articles, in a random house style."""
    style = Style(
        space=draw(st.sampled_from([" ", "\u3000", "  ", "\u3000\u3000"])),
        markdown=draw(st.booleans()),
        bold=draw(st.booleans()),
        blank=draw(st.booleans()),
        half_brackets=draw(st.booleans()),
    )
    lines = [
        ("# " if style.markdown else "")
        + "江澜市"
        + draw(st.text(alphabet=HANZI, min_size=2, max_size=8))
        + "条例"
    ]
    if draw(st.booleans()):
        lines.append("（2023年5月6日江澜市第十六届人民代表大会常务委员会第九次会议通过）")
    labels: list[str] = []
    n_chapters = draw(st.sampled_from([0, 2, 3]))
    number = 0
    for chapter in range(1, max(1, n_chapters) + 1):
        if n_chapters:
            title = draw(st.sampled_from(["总\u3000则", "总 则", "管理与服务", "法律责任", "附则"]))
            lines.append(("## " if style.markdown else "") + f"第{int_to_cn(chapter)}章{style.space}{title}")
        for _ in range(draw(st.integers(1, 4))):
            number += 1
            label = article_label(number)
            labels.append(label)
            shown = f"**{label}**" if style.bold else label
            lines.append(f"{shown}{style.space}{draw(sentences())}")
            for _ in range(draw(st.integers(0, 2))):
                lines.append(draw(sentences()))
            if draw(st.integers(0, 3)) == 0:
                lines[-1] = lines[-1][:-1] + "："
                for k in range(1, draw(st.integers(2, 4))):
                    o, c = ("(", ")") if style.half_brackets else ("（", "）")
                    lines.append(f"{o}{int_to_cn(k)}{c}{draw(sentences())}")
            if draw(st.integers(0, 5)) == 0:
                suffix = f"{label}之一"
                labels.append(suffix)
                lines.append(f"{suffix}{style.space}{draw(sentences())}")
    text = ("\n\n" if style.blank else "\n").join(lines) + "\n"
    return text, labels


@PROPS
@given(regulations())
def test_round_trip_on_generated_regulations(case: tuple[str, list[str]]) -> None:
    text, labels = case
    doc = parse_text(text)
    assert [a.label for a in doc.articles()] == labels
    rendered = render_text(doc)
    assert normalise(rendered) == normalise(text)
    assert normalise(render_text(parse_text(rendered), markdown=True)) == normalise(text)


@PROPS
@given(st.text(alphabet="第一二十条章节之（）()1.# *\u3000\n甲乙，。目录【】", max_size=120))
def test_round_trip_or_clear_error_on_arbitrary_text(text: str) -> None:
    try:
        doc = parse_text(text)
    except LawTextError as exc:
        assert str(exc)
        return
    assert normalise(render_text(doc)) == normalise(text)


@PROPS
@given(regulations())
def test_diff_with_itself_is_all_unchanged(case: tuple[str, list[str]]) -> None:
    text, _ = case
    result = diff_documents(parse_text(text), parse_text(text))
    assert_partition(result)
    assert {e.op for e in result.entries} == {"unchanged"}
    assert not any(e.renumbered for e in result.entries)


@PROPS
@given(regulations(), st.integers(0, 10_000), st.sampled_from([0.05, 0.15, 0.3]), st.sampled_from([0, 1]))
def test_diff_invariants_on_random_synthetic_edits(
    case: tuple[str, list[str]], seed: int, rate: float, spacing: int
) -> None:
    text, _ = case
    base = parse_text(text)
    revision = synthesize(base, seed, SynthConfig(rate=rate, spacing=spacing))
    new = parse_text(revision.new_text)
    assert len(new.articles()) == len({k for t in revision.truth for k in t.new_keys})
    result = diff_documents(parse_text(text), new)
    assert_partition(result)
    scores = evaluate(result, revision.truth)
    assert sum(s["tp"] + s["fn"] for s in scores.values()) == len(revision.truth)
    # the synthetic revision is deterministic for its seed
    assert synthesize(base, seed, SynthConfig(rate=rate, spacing=spacing)).new_text == revision.new_text
