from __future__ import annotations

import random

import numpy as np

from lvzhi.consultation.analytics.dedup import BandTable, NearDuplicateIndex, jaccard_containment
from lvzhi.consultation.analytics.normalise import canonical
from lvzhi.textkit.minhash import MinHasher

BASE = (
    "我们是江澜市的外卖骑手，对草案第二十三条规定的人流密集路段最高时速不得超过十五公里有不同意见。"
    "十五公里的时速和普通自行车差不多，平台给我们的配送时间本来就很紧，超时就要扣钱。"
    "建议将人流密集路段的限速调整为二十公里，并且明确具体路段、设置明显标志。"
)
OTHER = (
    "坚决支持草案第四十条关于禁止在住宅套内为电动自行车充电的规定！我们小区去年发生过一起充电起火事故，"
    "浓烟顺着楼梯往上蹿，好几户人家被困。希望条例尽快通过，同时要求物业加强巡查。"
)


def _groups(index: NearDuplicateIndex, urows: np.ndarray) -> list[int]:
    roots = index.roots()
    return [int(roots[u]) if u >= 0 else -1 for u in urows]


def test_exact_duplicates_share_a_unique_text() -> None:
    idx = NearDuplicateIndex()
    texts = [BASE, BASE.replace("，", ","), " ".join(BASE), BASE + "！！", OTHER, ""]
    u = idx.add([canonical(t) for t in texts])
    assert u[0] == u[1] == u[2] == u[3] != u[4]
    assert u[5] == -1
    assert len(idx) == 2


def test_near_duplicates_found_unrelated_kept_apart() -> None:
    idx = NearDuplicateIndex()
    variants = [
        BASE,
        "尊敬的领导：" + BASE,  # greeting
        BASE.replace("骑手", "配送员").replace("建议", "希望"),  # synonyms
        BASE + "——青溪区一名外卖骑手",  # signature
        BASE.split("。")[0] + "。" + BASE.split("。")[2] + "。",  # a sentence dropped
    ]
    u = idx.add([canonical(t) for t in [*variants, OTHER]])
    g = _groups(idx, u)
    assert len(set(g[:5])) == 1
    assert g[5] != g[0]


def test_short_texts_are_only_exact() -> None:
    idx = NearDuplicateIndex()
    u = idx.add([canonical(t) for t in ["同意本条", "同意本条例", "不同意本条", "同意本条"]])
    g = _groups(idx, u)
    assert g[0] == g[3]
    assert len({g[0], g[1], g[2]}) == 3


def test_jaccard_containment() -> None:
    a, b = frozenset("abcd"), frozenset("cdef")
    assert jaccard_containment(a, b) == (2 / 6, 2 / 4)
    assert jaccard_containment(frozenset(), b) == (0.0, 0.0)


def test_minhash_estimates_jaccard() -> None:
    rng = random.Random(1)
    chars = [chr(0x4E00 + i) for i in range(2000)]
    base = "".join(rng.choice(chars) for _ in range(150))
    other = base[:100] + "".join(rng.choice(chars) for _ in range(50))
    mh = MinHasher(num_perm=256)
    sig, counts = mh.signatures([base, other, "ab"])
    assert list(counts) == [148, 148, 0]
    s1 = frozenset(base[i : i + 3] for i in range(148))
    s2 = frozenset(other[i : i + 3] for i in range(148))
    true = jaccard_containment(s1, s2)[0]
    assert abs((sig[0] == sig[1]).mean() - true) < 0.1
    assert (sig[2] == 0xFFFFFFFF).all()


def test_band_table_matches_sequential_semantics() -> None:
    rng = np.random.default_rng(3)
    table = BandTable(capacity=8)  # forces several resizes
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    row = 0
    for _ in range(6):
        m = int(rng.integers(1, 400))
        keys = rng.integers(1, 300, size=m).astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        rows = np.arange(row, row + m, dtype=np.int64)
        fp, lp = table.visit(keys, rows)
        for k, r, f, lst in zip(keys.tolist(), rows.tolist(), fp.tolist(), lp.tolist(), strict=True):
            k |= 1
            assert f == first.get(k, -1)
            assert lst == last.get(k, -1)
            first.setdefault(k, r)
            last[k] = r
        row += m
    assert table.size == len(first)


def test_incremental_batches_give_the_same_groups(small_consultation) -> None:
    items, _truth, _arts = small_consultation
    texts = [canonical(it["text"]) for it in items[:2000]]
    one = NearDuplicateIndex()
    u1 = one.add(texts)
    many = NearDuplicateIndex()
    cuts = [0, 1, 7, 300, 301, 1200, 2000]
    u2 = np.concatenate([many.add(texts[a:b]) for a, b in zip(cuts, cuts[1:], strict=False)])
    assert np.array_equal(u1, u2)
    assert np.array_equal(one.roots(), many.roots())
    assert one.stats.edges == many.stats.edges > 0


def test_bridge_does_not_merge_two_families() -> None:
    rng = random.Random(5)
    idx = NearDuplicateIndex()

    def variant(t: str) -> str:
        s = list(t)
        for _ in range(3):
            i = rng.randrange(len(s))
            s[i] = rng.choice("的了是在有和人这中大为上个国我以要他时来用们")
        return "".join(s)

    fam_a = [variant(BASE) for _ in range(30)]
    fam_b = [variant(OTHER) for _ in range(30)]
    bridge = BASE + OTHER  # contains both templates: an edge to each family
    u = idx.add([canonical(t) for t in [*fam_a, *fam_b, bridge, *fam_a[:5], *fam_b[:5]]])
    g = _groups(idx, u)
    assert len(set(g[:30])) == 1 and len(set(g[30:60])) == 1
    assert g[0] != g[30]
    assert g[60] in (g[0], g[30])
    assert idx.stats.bridges_blocked >= 1
