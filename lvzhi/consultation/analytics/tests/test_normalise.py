from __future__ import annotations

from lvzhi.consultation.analytics.normalise import canonical, display_text


def test_canonical_removes_punctuation_space_and_width() -> None:
    assert canonical("支持！ 第１２条，很好。") == "支持第12条很好"
    assert canonical("ＡＢＣ　abc") == "abcabc"
    assert canonical("同意。") == canonical("同意!!") == canonical(" 同意 ") == "同意"
    assert canonical("🎉👍") == ""
    assert canonical("") == ""


def test_display_text_collapses_whitespace() -> None:
    assert display_text("  支持\n\n本条\u3000规定 ") == "支持 本条 规定"
