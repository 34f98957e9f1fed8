from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lvzhi.textkit import tokenise
from lvzhi.textkit.lexicons import CONSULTATION, SUGGESTIONS
from lvzhi.textkit.tokenise import Lexicon, cut, get_tokenizer

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import jieba

SENTENCES = [
    "老旧小区加装电梯难，建议市政府出台补贴政策。",
    "关于加强我市电动自行车飞线充电治理的建议",
    "众包骑手是否属于企业的管理对象？",
    "第23条规定在人流密集路段限速15公里，外卖骑手的配送时间怎么保证？",
    "我是ABC小区的业主，2024年起楼道里天天有人充电，物业服务人不管。",
    "Email: test@example.com  电话 010-12345678\r\n下一行\t制表符",
    "医保异地就医备案和门诊慢特病待遇衔接问题",
    "",
    "   ",
    "！！！",
]


def _reference(lexicon: Lexicon | None) -> Any:
    """A private jieba tokenizer with only this lexicon's words, built the way the engines
    built theirs before they shared one."""
    tk = jieba.Tokenizer()
    tk.tmp_dir = tokenise.cache_dir()
    tk.initialize()
    for word in lexicon.user_words if lexicon else ():
        tk.add_word(word, freq=lexicon.user_word_freq if lexicon else 0)
    return tk


@pytest.fixture(scope="module")
def references() -> dict[str, Any]:
    return {
        "none": _reference(None),
        "suggestions": _reference(SUGGESTIONS),
        "consultation": _reference(CONSULTATION),
    }


LEXICONS: dict[str, Lexicon | None] = {"none": None, "suggestions": SUGGESTIONS, "consultation": CONSULTATION}


@pytest.mark.parametrize("name", list(LEXICONS))
def test_cut_equals_jieba_with_that_lexicon_only(name: str, references: dict[str, Any]) -> None:
    ref = references[name]
    for text in SENTENCES:
        assert cut(text, LEXICONS[name]) == ref.lcut(text, HMM=False), text


def _alphabet() -> list[str]:
    chars = set("的了是在不有人这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会")
    for lex in (SUGGESTIONS, CONSULTATION):
        for w in lex.user_words + tuple(lex.stop_words):
            chars.update(w)
    chars.update("abcXYZ0129 .-_%#&+，。！？、：；“”（）\t\n\r\u3000")
    return sorted(chars)


_WORDS = sorted({w for lex in (SUGGESTIONS, CONSULTATION) for w in lex.user_words})
texts = st.lists(
    st.one_of(st.text(alphabet=_alphabet(), min_size=1, max_size=6), st.sampled_from(_WORDS)), max_size=12
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_cut_equals_jieba_on_random_text(text: str, references: dict[str, Any]) -> None:
    for name, lexicon in LEXICONS.items():
        assert cut(text, lexicon) == references[name].lcut(text, HMM=False)


def test_lexicons_keep_their_words_whole() -> None:
    assert "加装电梯" in cut("老旧小区加装电梯", SUGGESTIONS)
    assert "配送时间" in cut("平台合理确定配送时间", CONSULTATION)
    assert "问题" in SUGGESTIONS.stop_words and "电动自行车" in CONSULTATION.stop_words


def test_one_shared_tokenizer() -> None:
    tk = get_tokenizer()
    cut("电梯", SUGGESTIONS)
    cut("电梯", CONSULTATION)
    assert get_tokenizer() is tk
    assert tk is not jieba.dt  # the global tokenizer is left alone
    # The lexicons' words went into their own tables, not into the shared dictionary.
    assert tk.FREQ.get("加装电梯") is None and tk.FREQ.get("电梯") != 20000


@pytest.fixture()
def fresh_state(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    """Forget the loaded tokenizer and tables; count the tokenizers created."""
    created: list[object] = []
    real = jieba.Tokenizer

    class Counting(real):  # type: ignore[misc,valid-type]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            created.append(self)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(tokenise, "_tokenizer", None)
    monkeypatch.setattr(tokenise, "_tables", {})
    monkeypatch.setattr(jieba, "Tokenizer", Counting)
    yield created


def test_concurrent_first_use_loads_once(fresh_state: list[object]) -> None:
    results: list[list[str]] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def work(lexicon: Lexicon) -> None:
        try:
            barrier.wait()
            results.append(cut("老旧小区加装电梯难", lexicon))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(lex,)) for lex in (SUGGESTIONS, CONSULTATION) * 3]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(fresh_state) == 1
    assert sorted(map(tuple, results)) == sorted(
        [tuple(cut("老旧小区加装电梯难", SUGGESTIONS))] * 3
        + [tuple(cut("老旧小区加装电梯难", CONSULTATION))] * 3
    )


def test_cache_goes_to_the_configured_directory(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LVZHI_JIEBA_CACHE_DIR", str(tmp_path / "cache"))
    assert tokenise.cache_dir() == str(tmp_path / "cache")
    assert (tmp_path / "cache").is_dir()


def test_empty_text() -> None:
    assert cut("", SUGGESTIONS) == [] and cut("") == []
