"""The search text rules, shared by the query and the highlighting: case and accents do not
count ("Ünal" is "unal"), and a query is a few words, each of which must be found."""

import unicodedata

from django.utils.html import format_html, format_html_join

MIN_LENGTH = 2
MAX_LENGTH = 100
MAX_WORDS = 5


def fold(text):
    """Lower case without accents, one character for one (so positions carry over)."""
    return "".join(_fold_char(char) for char in text)


def _fold_char(char):
    base = unicodedata.normalize("NFKD", char)[:1] or char
    folded = base.lower()
    return folded if len(folded) == 1 else char.lower()[:1] or char


def words_of(query):
    """The distinct folded words of a query (at most MAX_WORDS), longest first."""
    words = []
    for word in fold(query).split():
        if word not in words:
            words.append(word)
    return sorted(words, key=len, reverse=True)[:MAX_WORDS]


def highlight(label, words):
    """`label` as HTML with every occurrence of a word marked (<mark>); a label found by
    similarity only (a typo) has its most similar word marked instead."""
    label = str(label or "")
    folded = fold(label)
    marked = [False] * len(label)
    for word in words:
        start = folded.find(word)
        while word and start != -1:
            marked[start : start + len(word)] = [True] * len(word)
            start = folded.find(word, start + len(word))
    if not any(marked) and words:
        _mark_most_similar(folded, words, marked)
    return _render(label, marked)


def _mark_most_similar(folded, words, marked):
    best, best_span = 0.0, None
    position = 0
    for token in folded.split(" "):
        for word in words:
            score = _similarity(token, word)
            if token and score > best:
                best, best_span = score, (position, position + len(token))
        position += len(token) + 1
    if best_span and best >= 0.3:
        marked[best_span[0] : best_span[1]] = [True] * (best_span[1] - best_span[0])


def _trigrams(text):
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _similarity(a, b):
    left, right = _trigrams(a), _trigrams(b)
    return len(left & right) / len(left | right) if left and right else 0.0


def _render(label, marked):
    parts, start = [], 0
    for index in range(1, len(label) + 1):
        if index == len(label) or marked[index] != marked[start]:
            parts.append((label[start:index], marked[start]))
            start = index
    return format_html_join(
        "", "{}", ((format_html("<mark>{}</mark>", text) if hit else text,) for text, hit in parts)
    )
