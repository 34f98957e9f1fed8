from __future__ import annotations

import pytest

from lvzhi.consultation.analytics.stance import detect_stance


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("我非常支持这一条，很有必要！", "support"),
        ("同意。", "support"),
        ("我反对第十六条。", "oppose"),
        ("不同意。", "oppose"),
        ("这条规定不合理，建议删除。", "oppose"),
        ("限速太低，建议将最高时速调整为二十公里。", "change"),
        ("我们有不同意见。建议把过渡期延长到二〇二九年底。", "change"),
        ("就这一条提出我的修改意见。", "change"),
        ("没有意见。", "unknown"),
        ("想咨询一下临时号牌到期以后怎么办？", "unknown"),
        ("今天天气不错。", "unknown"),
        ("支持本条，建议同时在校门口设置警示标志。", "support"),
    ],
)
def test_labels(text: str, label: str) -> None:
    assert detect_stance(text).label == label


def test_negations_are_not_read_as_support() -> None:
    s = detect_stance("我不支持，也不赞成")
    assert s.label == "oppose" and "support" not in s.hints
    assert detect_stance("没有必要这样规定").label == "oppose"


def test_hints_and_cues() -> None:
    s = detect_stance("我支持，但请问人流密集路段怎么界定？")
    assert s.label == "support" and "question" in s.hints and "支持" in s.cues
    mixed = detect_stance("既支持又反对")
    assert mixed.label == "oppose" and set(mixed.hints) >= {"support", "oppose"}
