from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np

from lvzhi.consultation.analytics.engine import Analyzer, parse_time
from lvzhi.consultation.analytics.synth import KINDS, pair_metrics

KEYS = {"near_duplicate_groups", "exact_duplicate_groups", "campaigns", "themes", "articles", "summary"}


def test_result_keys_and_summary(analysed: Any, small_consultation: Any) -> None:
    an, res = analysed
    items, _truth, _arts = small_consultation
    assert KEYS <= set(res)
    s = res["summary"]
    assert s["comments"] == len(items) == len(an)
    assert s["unique_texts"] + s["exact_duplicates"] + s["empty_texts"] == len(items)
    assert sum(res["articles"].values()) >= s["attributed"]
    grouped = [i for g in res["near_duplicate_groups"] for i in g]
    assert len(grouped) == len(set(grouped)) == s["comments_in_near_duplicate_groups"]


def test_exact_duplicates_are_in_one_group(analysed: Any, small_consultation: Any) -> None:
    _an, res = analysed
    items, truth, _arts = small_consultation
    group_of = {i: k for k, g in enumerate(res["near_duplicate_groups"]) for i in g}
    by_text: dict[str, list[str]] = {}
    for it in items:
        by_text.setdefault("".join(ch for ch in it["text"] if ch.isalnum()).lower(), []).append(it["id"])
    for ids in by_text.values():
        if len(ids) > 1:
            assert len({group_of.get(i) for i in ids}) == 1
            assert None not in {group_of.get(i) for i in ids}
    resub = [it["id"] for it, k in zip(items, truth.kind.tolist(), strict=True) if KINDS[k] == "resubmission"]
    assert resub and all(i in group_of for i in resub)


def test_near_duplicate_pairs_against_truth(analysed: Any, small_consultation: Any) -> None:
    an, _res = analysed
    _items, truth, _arts = small_consultation
    urow = an._urow.view()
    roots = an.index.roots()
    pred = np.where(urow >= 0, roots[np.maximum(urow, 0)], -1 - np.arange(len(urow)))
    m = pair_metrics(pred, truth.family)
    assert m["precision"] >= 0.95 and m["recall"] >= 0.95


def test_campaigns_detected_with_the_right_size(analysed: Any, small_consultation: Any) -> None:
    _an, res = analysed
    items, truth, _arts = small_consultation
    pos = {it["id"]: i for i, it in enumerate(items)}
    sizes = {ci: s for ci, s in truth.campaign_sizes.items() if s >= 25}
    assert len(sizes) >= 4
    found = 0
    for ci in sizes:
        true_ids = {items[i]["id"] for i in np.flatnonzero(truth.campaign == ci)}
        best = max(res["campaigns"], key=lambda c: len(true_ids & set(c["members"])))
        overlap = len(true_ids & set(best["members"]))
        if overlap >= 0.95 * len(true_ids) and overlap >= 0.95 * best["size"]:
            found += 1
        assert best["template"] and best["template_id"] in pos
        assert best["timeline"]["counts"] and 0.0 <= best["burst_share"] <= 1.0
    assert found == len(sizes)
    for c in res["campaigns"]:
        assert c["size"] >= 20 and len(c["members"]) == c["size"]


def test_themes_have_labels_keywords_members(analysed: Any) -> None:
    _an, res = analysed
    assert 2 <= len(res["themes"]) <= 8
    for th in res["themes"]:
        assert th["label"] and th["keywords"] and len(th["members"]) == th["size"] > 0
        assert th["representatives"] and th["representatives"][0]["text"]
    assert len({t["label"] for t in res["themes"]}) >= 2


def test_theme_labels_are_readable_phrases_from_the_comments(analysed: Any, small_consultation: Any) -> None:
    """Labels were raw keyword lists (限速、十五公里、公里): now each is a phrase the theme's
    comments actually contain, short enough to read, and the keywords stay alongside."""
    from lvzhi.consultation.analytics.themes import PHRASE_MAX

    items, _truth, _articles = small_consultation
    texts = [it["text"] for it in items]
    _an, res = analysed
    for th in res["themes"]:
        label = th["label"]
        assert label != "、".join(th["keywords"][:3])
        assert len(label) <= PHRASE_MAX
        core = label.rstrip("…")
        assert len(core) >= 4 and any(core in t for t in texts), label


def test_articles_counted(analysed: Any, small_consultation: Any) -> None:
    _an, res = analysed
    _items, truth, _arts = small_consultation
    want = Counter(a for a in truth.article if a is not None)
    top = want.most_common(1)[0][0]
    assert abs(res["articles"][top] - want[top]) <= 0.02 * want[top] + 2
    stats = {a["article"]: a for a in res["article_stats"]}
    assert (
        stats[top]["label"].startswith("第") and stats[top]["independent_opinions"] <= stats[top]["comments"]
    )


def test_incremental_add_equals_one_batch(small_consultation: Any) -> None:
    items, _truth, arts = small_consultation
    one = Analyzer(articles=arts, themes=False)
    one.add(items)
    inc = Analyzer(articles=arts, themes=False, batch_size=250)
    inc.add(items[:1000])
    r_mid = inc.results()
    inc.add(iter(items[1000:]))
    r1, r2 = one.results(), inc.results()
    assert r1["near_duplicate_groups"] == r2["near_duplicate_groups"]
    assert [c["members"] for c in r1["campaigns"]] == [c["members"] for c in r2["campaigns"]]
    assert r1["articles"] == r2["articles"]
    assert r_mid["summary"]["comments"] == 1000


def test_empty_input() -> None:
    an = Analyzer()
    an.add([])
    res = an.results()
    assert KEYS <= set(res)
    assert res["summary"]["comments"] == 0
    assert res["near_duplicate_groups"] == [] and res["campaigns"] == [] and res["themes"] == []
    assert res["articles"] == {}


def test_invalid_comment_raises() -> None:
    an = Analyzer(themes=False)
    try:
        an.add([{"id": "a", "text": "x"}, {"text": "no id"}])
    except ValueError as exc:
        assert "comment 2" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected ValueError")


def test_parse_time_forms() -> None:
    assert parse_time("2025-03-03T08:00:00+08:00") == parse_time("2025-03-03 08:00:00") == 1740960000.0
    assert parse_time("2025-03-03T00:00:00Z") == 1740960000.0
    assert parse_time(1740960000) == parse_time(1740960000000) == 1740960000.0
    assert np.isnan(parse_time("yesterday")) and np.isnan(parse_time(None))


def test_themes_are_kept_and_extended_between_calls(small_consultation: Any) -> None:
    items, _truth, arts = small_consultation
    an = Analyzer(articles=arts, n_themes=5, theme_refit_growth=10.0)
    an.add(items[:1500])
    first = an.results()
    an.add(items[1500:])
    second = an.results()
    labels_first = {t["id"]: t["label"] for t in first["themes"]}
    assert labels_first
    for t in second["themes"]:
        assert labels_first[t["id"]] == t["label"]  # not refitted: only the new texts were assigned
    assert sum(t["size"] for t in second["themes"]) > sum(t["size"] for t in first["themes"])
    members = {i for t in second["themes"] for i in t["members"]}
    assert len(members) >= 0.95 * len(items)


def test_article_top_opinions(analysed: Any) -> None:
    _an, res = analysed
    camp_ids = {c["id"]: c for c in res["campaigns"]}
    seen_campaign = False
    for a in res["article_stats"]:
        tops = a["top_opinions"]
        assert [t["comments"] for t in tops] == sorted((t["comments"] for t in tops), reverse=True)
        for t in tops:
            assert t["comments"] >= 2 and t["text"]
            if t["campaign"] is not None:
                seen_campaign = True
                assert t["text"] == camp_ids[t["campaign"]]["template"]
    assert seen_campaign
