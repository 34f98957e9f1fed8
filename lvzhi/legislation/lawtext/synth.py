"""Synthetic revisions of a parsed regulation with known ground truth, for evaluating the diff.

:func:`synthesize` applies, deterministically for a seed, a mix of operations to a copy of a
:class:`~.model.Document`:

* ``insert`` – a new article of generated (fictional) legal text;
* ``delete`` – an article is removed;
* ``modify_light`` – one or two small edits (a few characters replaced, inserted or deleted);
* ``modify_heavy`` – 30–45 % of the article's characters replaced by generated text;
* ``move`` – an article moves at least three places (possibly to another chapter), half of
  the longer ones with a light edit;
* ``split`` – an article becomes two consecutive articles (at a paragraph or sentence
  boundary);
* ``merge`` – two consecutive articles of the same division become one.

Then all articles are renumbered sequentially (renumbering) and internal cross-references
("本条例第十条", "第十条至第十二条", but not "《某法》第十条") are rewritten to follow the new
numbers.  Touched articles are never adjacent (an untouched article separates any two
operations), so the ground truth is unambiguous.

The ground truth uses the op vocabulary of :mod:`.diff`: an article only renumbered is
``unchanged``; one whose only textual change is a rewritten reference is ``renumbered``.
:func:`evaluate` scores a :class:`~.diff.DiffResult` against it (per-op precision/recall).
"""

from __future__ import annotations

import copy
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from lvzhi.textkit.articles import ArticleKey
from lvzhi.textkit.numerals import NUMERAL_CHARS, article_label, cn_to_int

from .diff import OPS, DiffResult, canonical
from .model import Article, Division, Document, Paragraph
from .parser import render_text

__all__ = [
    "SYNTH_OPS",
    "SynthConfig",
    "SynthResult",
    "TruthEntry",
    "evaluate",
    "generated_sentence",
    "synthesize",
]

#: Operations the generator can apply.
SYNTH_OPS: tuple[str, ...] = ("insert", "delete", "modify_light", "modify_heavy", "move", "split", "merge")

_SUBJECTS = (
    "市人民政府",
    "区人民政府",
    "有关行政管理部门",
    "街道办事处",
    "乡镇人民政府",
    "行业协会",
    "管理单位",
    "经营者",
    "社会组织",
    "村民委员会",
    "居民委员会",
    "主管部门",
    "服务机构",
    "监督机构",
)
_VERBS = (
    "应当建立健全",
    "应当加强",
    "可以组织开展",
    "负责",
    "应当定期开展",
    "鼓励",
    "支持",
    "应当完善",
    "不得擅自变更",
    "应当及时公布",
    "应当会同有关单位落实",
    "可以委托第三方开展",
)
_OBJECTS = (
    "工作协调机制",
    "信息共享平台",
    "监督检查制度",
    "宣传教育活动",
    "应急处置预案",
    "档案管理制度",
    "服务质量标准",
    "培训考核制度",
    "投诉举报渠道",
    "数据统计分析",
    "资金保障措施",
    "评估评价机制",
    "志愿服务活动",
    "风险防控体系",
    "便民服务事项",
)
_TAILS = (
    "，并向社会公布",
    "，具体办法由市人民政府另行制定",
    "，提高服务水平",
    "，保障公众合法权益",
    "，接受社会监督",
    "，做好相关保障工作",
    "，每年至少开展一次",
    "",
)
_SHORT = ("及时", "依法", "有关", "相应", "统一", "公开", "书面", "规范", "专项", "定期")

_REF_RE = re.compile(rf"第([{NUMERAL_CHARS}]+)条(?:之([一二三四五六七八九十]+))?")
_CHAIN_GAP_RE = re.compile(rf"^(?:[、，和或者及以至到]|第[{NUMERAL_CHARS}]+[款项目])*$")


def generated_sentence(rng: random.Random) -> str:
    """One sentence of fictional legal text ("区人民政府应当加强档案管理制度，接受社会监督。")."""
    return rng.choice(_SUBJECTS) + rng.choice(_VERBS) + rng.choice(_OBJECTS) + rng.choice(_TAILS) + "。"


@dataclass(frozen=True)
class TruthEntry:
    """A ground-truth entry: op with the keys of the old and new articles involved."""

    op: str
    old_keys: tuple[str, ...]
    new_keys: tuple[str, ...]


@dataclass(frozen=True)
class SynthConfig:
    """How much to change: ``rate`` × article count operations of each kind (at least one)."""

    rate: float = 0.04
    ops: tuple[str, ...] = SYNTH_OPS
    spacing: int = 1  #: untouched articles kept between two operations (0 allows adjacent edits)
    heavy: tuple[float, float] = (0.3, 0.45)
    update_references: bool = True


@dataclass
class SynthResult:
    """The revised document, its text and the ground truth."""

    new_doc: Document
    new_text: str
    truth: list[TruthEntry]
    seed: int
    applied: Counter[str] = field(default_factory=Counter)

    def truth_counts(self) -> dict[str, int]:
        """Ground-truth entries per op."""
        c = Counter(t.op for t in self.truth)
        return {op: c.get(op, 0) for op in OPS}


@dataclass
class _Unit:
    article: Article
    container: list[Division | Article]
    op: str
    old: list[int]
    group: int


# --------------------------------------------------------------------------------------
# text edits


def _text_slots(article: Article) -> list[tuple[object, str]]:
    """Editable text fields of an article: (owner, attribute name)."""
    slots: list[tuple[object, str]] = []
    for para in article.paragraphs:
        if para.text:
            slots.append((para, "text"))
        for item in para.items:
            if item.text:
                slots.append((item, "text"))
            for sub in item.subitems:
                if sub.text:
                    slots.append((sub, "text"))
    return slots


def _light_edit(article: Article, rng: random.Random) -> None:
    before = canonical(article.text)
    for _ in range(10):
        _light_edit_once(article, rng)
        if canonical(article.text) != before:
            return


def _light_edit_once(article: Article, rng: random.Random) -> None:
    slots = [s for s in _text_slots(article) if len(getattr(s[0], s[1])) >= 8]
    if not slots:
        slots = _text_slots(article)
    if not slots:
        article.paragraphs.append(Paragraph(text=rng.choice(_SHORT) + "。"))
        return
    for _ in range(rng.choice((1, 1, 2))):
        owner, attr = rng.choice(slots)
        text: str = getattr(owner, attr)
        pos = rng.randrange(2, max(3, len(text) - 1))
        kind = rng.choice(("replace", "insert", "delete"))
        word = rng.choice(_SHORT)
        if kind == "insert" or len(text) < 12:
            text = text[:pos] + word + text[pos:]
        elif kind == "delete":
            span = rng.randint(2, 4)
            text = text[:pos] + text[pos + span :]
        else:
            span = rng.randint(2, 3)
            text = text[:pos] + word + text[pos + span :]
        setattr(owner, attr, text)


def _heavy_edit(article: Article, rng: random.Random, low: float, high: float) -> None:
    total = len(article.text)
    target = int(total * rng.uniform(low, high))
    replaced = 0
    slots = _text_slots(article)
    guard = 0
    while replaced < target and guard < 50:
        guard += 1
        owner, attr = rng.choice(slots)
        text: str = getattr(owner, attr)
        if len(text) < 6:
            continue
        span = min(target - replaced, len(text) - 3, rng.randint(12, 40))
        if span < 2:
            continue
        start = rng.randrange(1, len(text) - span)
        new = ""
        while len(new) < span:
            new += generated_sentence(rng)
        new = new[: max(2, span + rng.randint(-3, 3))]
        setattr(owner, attr, text[:start] + new + text[start + span :])
        replaced += span
    if replaced == 0:
        article.paragraphs.append(Paragraph(text=generated_sentence(rng)))


def _generated_article(rng: random.Random, number: int) -> Article:
    paragraphs = []
    for _ in range(rng.choice((1, 1, 2))):
        paragraphs.append(Paragraph(text="".join(generated_sentence(rng) for _ in range(rng.randint(1, 3)))))
    return Article(number=number, label=article_label(number), paragraphs=paragraphs)


def _split_points(article: Article) -> list[tuple[str, int]]:
    """Where an article can be split: ("para", k) before paragraph k or ("char", offset)."""
    total = len(article.text)
    paras = article.paragraphs
    if len(paras) >= 2:
        sizes = [len("\n".join(p.lines())) for p in paras]
        cuts = [
            ("para", k)
            for k in range(1, len(paras))
            if min(sum(sizes[:k]), sum(sizes[k:])) >= max(15, total * 0.2)
        ]
        if cuts:
            return cuts
    if len(paras) == 1 and not paras[0].items:
        text = paras[0].text
        ends = [m.end() for m in re.finditer("。", text)][:-1]
        return [("char", e) for e in ends if min(e, len(text) - e) >= max(15, len(text) * 0.2)]
    return []


def _split_article(article: Article, rng: random.Random) -> tuple[Article, Article] | None:
    points = _split_points(article)
    if not points:
        return None
    kind, k = rng.choice(points)
    first = copy.deepcopy(article)
    if kind == "para":
        first.paragraphs = first.paragraphs[:k]
        second = Article(number=0, label="", paragraphs=copy.deepcopy(article.paragraphs[k:]))
    else:
        text = article.paragraphs[0].text
        first.paragraphs = [Paragraph(text=text[:k])]
        second = Article(number=0, label="", paragraphs=[Paragraph(text=text[k:])])
    return first, second


# --------------------------------------------------------------------------------------
# references


def _rewrite_refs(text: str, mapping: dict[tuple[int, int], tuple[int, int]]) -> str:
    """Rewrite internal article references through ``mapping`` (old (n, s) → new (n, s))."""
    out: list[str] = []
    last = 0
    external = False
    prev_end = -1
    for m in _REF_RE.finditer(text):
        chained = prev_end >= 0 and _CHAIN_GAP_RE.match(text[prev_end : m.start()]) is not None
        if not chained:
            external = m.start() > 0 and text[m.start() - 1] == "》"
        prev_end = m.end()
        out.append(text[last : m.start()])
        last = m.end()
        try:
            key = (cn_to_int(m.group(1)), cn_to_int(m.group(2)) if m.group(2) else 0)
        except ValueError:
            out.append(m.group(0))
            continue
        target = None if external else mapping.get(key)
        if target is None:
            out.append(m.group(0))
        else:
            out.append(article_label(*target))
    out.append(text[last:])
    return "".join(out)


def _apply_refs(article: Article, mapping: dict[tuple[int, int], tuple[int, int]]) -> None:
    for owner, attr in _text_slots(article):
        setattr(owner, attr, _rewrite_refs(getattr(owner, attr), mapping))


# --------------------------------------------------------------------------------------
# main


def _containers(doc: Document) -> dict[int, list[Division | Article]]:
    out: dict[int, list[Division | Article]] = {}

    def walk(nodes: list[Division | Article]) -> None:
        for node in nodes:
            if isinstance(node, Article):
                out[id(node)] = nodes
            else:
                walk(node.children)

    walk(doc.body)
    return out


def _all_containers(doc: Document) -> list[list[Division | Article]]:
    out: list[list[Division | Article]] = [doc.body]
    for d in doc.divisions():
        out.append(d.children)
    return out


def synthesize(doc: Document, seed: int, config: SynthConfig | None = None) -> SynthResult:
    """Apply random operations to a copy of ``doc``; return the new text and the ground truth.

    The input document is not modified.  The same ``doc`` and ``seed`` give the same result.
    """
    cfg = config or SynthConfig()
    rng = random.Random(seed)
    work = copy.deepcopy(doc)
    arts = work.articles()
    old_keys = [a.key for a in doc.articles()]
    n = len(arts)
    container_of = _containers(work)
    canon = [canonical(a.text) for a in arts]
    text_count = Counter(canon)
    unique = [text_count[c] == 1 for c in canon]
    blocked: set[int] = set()
    applied: Counter[str] = Counter()
    plan: dict[int, str] = {}
    per_op = max(1, round(n * cfg.rate))

    def free(i: int, width: int = 1) -> bool:
        return all(0 <= k < n and k not in blocked and unique[k] for k in range(i, i + width))

    def block(i: int, width: int = 1) -> None:
        blocked.update(range(i - cfg.spacing, i + width + cfg.spacing))

    def choose(pred: Callable[[int], bool], width: int = 1) -> int | None:
        cands = [i for i in range(n) if free(i, width) and pred(i)]
        return rng.choice(cands) if cands else None

    ops = [op for op in cfg.ops for _ in range(per_op)]
    rng.shuffle(ops)
    split_parts: dict[int, tuple[Article, Article]] = {}
    inserts_after: list[int] = []
    for op in ops:
        if op == "delete":
            # never delete the last remaining article
            i = choose(lambda i: True) if applied["delete"] + applied["merge"] < n - 1 else None
        elif op == "modify_light":
            i = choose(lambda i: len(arts[i].text) >= 10)
        elif op == "modify_heavy":
            i = choose(lambda i: len(arts[i].text) >= 60)
        elif op == "move":
            i = choose(lambda i: len(arts[i].text) >= 20)
        elif op == "split":
            i = choose(lambda i: bool(_split_points(arts[i])))
        elif op == "merge":
            i = choose(
                lambda i: (
                    container_of[id(arts[i])] is container_of[id(arts[i + 1])]
                    and min(len(arts[i].text), len(arts[i + 1].text)) >= 20
                ),
                width=2,
            )
        elif op == "insert":
            i = choose(lambda i: True)
        else:
            raise ValueError(f"unknown synthetic op {op!r}")
        if i is None:
            continue
        if op == "merge":
            block(i, 2)
            plan[i] = plan[i + 1] = "merge"
        elif op == "insert":
            block(i)
            inserts_after.append(i)
        else:
            block(i)
            plan[i] = op
            if op == "split":
                parts = _split_article(arts[i], rng)
                assert parts is not None
                split_parts[i] = parts
        applied[op] += 1

    units: list[_Unit] = []
    group = 0
    skip_next = False
    insert_set = Counter(inserts_after)
    for i, art in enumerate(arts):
        cont = container_of[id(art)]
        op = plan.get(i, "unchanged")
        if skip_next:
            skip_next = False
        elif op == "delete":
            pass
        elif op == "modify_light":
            _light_edit(art, rng)
            units.append(_Unit(art, cont, "modified", [i], group))
        elif op == "modify_heavy":
            _heavy_edit(art, rng, *cfg.heavy)
            units.append(_Unit(art, cont, "modified", [i], group))
        elif op == "split":
            first, second = split_parts[i]
            units.append(_Unit(first, cont, "split", [i], group))
            units.append(_Unit(second, cont, "split", [i], group))
        elif op == "merge":
            merged = copy.deepcopy(art)
            merged.paragraphs = merged.paragraphs + copy.deepcopy(arts[i + 1].paragraphs)
            units.append(_Unit(merged, cont, "merged", [i, i + 1], group))
            skip_next = True
        else:  # unchanged, move (positioned below)
            units.append(_Unit(art, cont, "moved" if op == "move" else "unchanged", [i], group))
        group += 1
        for _ in range(insert_set.get(i, 0)):
            units.append(_Unit(_generated_article(rng, 0), cont, "inserted", [], group))
            group += 1

    # moves: take each moved unit out and put it at least three places away
    for unit in [u for u in units if u.op == "moved"]:
        p = units.index(unit)
        units.pop(p)
        matched = [0]  # matched[k]: units before position k that have an old counterpart
        for u in units:
            matched.append(matched[-1] + (u.op != "inserted"))
        targets = [
            q
            for q, u in enumerate(units)
            if u.op == "unchanged"
            and q > 0
            and units[q - 1].op == "unchanged"
            and abs(matched[q] - matched[p]) >= 3
        ]
        if not targets:
            units.insert(p, unit)
            unit.op = "unchanged"
            applied["move"] -= 1
            continue
        q = rng.choice(sorted(targets))
        unit.container = units[q].container
        units.insert(q, unit)
        if len(unit.article.text) >= 80 and rng.random() < 0.5:
            _light_edit(unit.article, rng)
        # mark neighbours so later moves keep an untouched article on each side
        for k in (q - 1, q + 1):
            if cfg.spacing and 0 <= k < len(units) and units[k].op == "unchanged":
                units[k].op = "unchanged*"
    for u in units:
        if u.op == "unchanged*":
            u.op = "unchanged"

    # make inserted texts unique
    seen = {canonical(u.article.text) for u in units if u.op != "inserted"} | set(canon)
    for u in units:
        if u.op == "inserted":
            while canonical(u.article.text) in seen:
                u.article = _generated_article(rng, 0)
            seen.add(canonical(u.article.text))

    # renumber sequentially and rewrite internal references
    mapping: dict[tuple[int, int], tuple[int, int]] = {}
    for k, u in enumerate(units, start=1):
        for i in u.old:
            mapping.setdefault(arts[i].sort_key, (k, 0))
    before = [canonical(u.article.text) for u in units]
    for k, u in enumerate(units, start=1):
        a = u.article
        a.number, a.suffix, a.label = k, 0, article_label(k)
        a.uid = None
        if not a.paragraphs:
            a.paragraphs = [Paragraph(text="")]
        if cfg.update_references and u.op != "inserted":
            _apply_refs(a, mapping)
    for u, b in zip(units, before, strict=True):
        if u.op == "unchanged" and canonical(u.article.text) != b:
            u.op = "renumbered"

    # rebuild the tree
    assigned: dict[int, list[Article]] = {}
    for u in units:
        assigned.setdefault(id(u.container), []).append(u.article)
    for cont in _all_containers(work):
        new_arts = assigned.get(id(cont), [])
        rebuilt: list[Division | Article] = []
        placed = False
        for child in cont:
            if isinstance(child, Article):
                if not placed:
                    rebuilt.extend(new_arts)
                    placed = True
            else:
                if not placed and not any(isinstance(c, Article) for c in cont):
                    rebuilt.extend(new_arts)
                    placed = True
                rebuilt.append(child)
        if not placed:
            rebuilt.extend(new_arts)
        cont[:] = rebuilt

    truth: list[TruthEntry] = []
    by_group: dict[int, list[int]] = {}
    for k, u in enumerate(units, start=1):
        by_group.setdefault(u.group, []).append(k)
    done: set[int] = set()
    for u in units:
        if u.group in done:
            continue
        done.add(u.group)
        new_keys = tuple(str(ArticleKey(k)) for k in by_group[u.group])
        truth.append(TruthEntry(u.op, tuple(old_keys[i] for i in u.old), new_keys))
    deleted = [i for i, op in plan.items() if op == "delete"]
    for i in sorted(deleted):
        truth.append(TruthEntry("deleted", (old_keys[i],), ()))
    return SynthResult(new_doc=work, new_text=render_text(work), truth=truth, seed=seed, applied=applied)


def evaluate(result: DiffResult, truth: list[TruthEntry]) -> dict[str, dict[str, int]]:
    """Per-op true positives, false positives and false negatives.

    An entry counts as a true positive when op, old keys and new keys all equal a
    ground-truth entry's.
    """
    pred = Counter((e.op, tuple(a.key for a in e.old), tuple(b.key for b in e.new)) for e in result.entries)
    gold = Counter((t.op, t.old_keys, t.new_keys) for t in truth)
    out: dict[str, dict[str, int]] = {}
    for op in OPS:
        tp = sum(min(c, gold.get(k, 0)) for k, c in pred.items() if k[0] == op)
        n_pred = sum(c for k, c in pred.items() if k[0] == op)
        n_gold = sum(c for k, c in gold.items() if k[0] == op)
        out[op] = {"tp": tp, "fp": n_pred - tp, "fn": n_gold - tp}
    return out
