"""The words of a list entry, as matching compares them: its text cut into words by jieba (search mode, so
that 数控机床 also gives 数控 and 机床), lower-cased, without stop words, numbers, punctuation and single
characters (data/stopwords.txt), except the single characters that name equipment on their own (泵, 阀, 炉 …).

jieba loads its dictionary once per process (about a second; the prefix dictionary is cached in the data
directory, so later processes take half that), on the first entry segmented, not at start-up."""

import logging
import re
import threading
from pathlib import Path

from django.conf import settings

MAX_LENGTH = 40  # a token longer than this is a part number or a run-on, not a word to match

# single characters that are a piece of equipment by themselves; every other single character is dropped
KEEP_SINGLE = frozenset("泵阀炉窑罐釜塔缆柜秤钻锯铣刨磨锅车船灯")


def _stop_words() -> frozenset[str]:
    text = (Path(__file__).parent.parent / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() for w in line.split("#", 1)[0].split())


STOP_WORDS = _stop_words()

_MEANINGLESS = re.compile(r"^[\W_]+$|^\d+(\.\d+)?$")  # punctuation, spaces, plain numbers

_lock = threading.Lock()
_segmenter = None


def _jieba():
    """The process's one jieba tokenizer, its cache in the data directory and its log quiet."""
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer()
                cache_dir = settings.DATA_DIR / "cache"
                cache_dir.mkdir(parents=True, exist_ok=True)
                tokenizer.tmp_dir = str(cache_dir)
                tokenizer.initialize()
                _segmenter = tokenizer
    return _segmenter


def keep(word: str) -> bool:
    if not word or len(word) > MAX_LENGTH or _MEANINGLESS.match(word):
        return False
    if len(word) == 1:
        return word in KEEP_SINGLE
    return word not in STOP_WORDS


def words(*texts: str) -> list[str]:
    """The distinct words of the texts, in the order they first appear."""
    text = " ".join(t for t in texts if t).strip()
    if not text:
        return []
    found: dict[str, None] = {}
    for word in _jieba().cut_for_search(text):
        word = word.strip().lower()
        if keep(word):
            found.setdefault(word, None)
    return list(found)
