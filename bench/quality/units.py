"""Labelled units of the quality bench: references into ../shared, resolved to text at run time.

A unit is (source, article, paragraph, sentence): source "corpus" (articles.jsonl.gz, article =
its "id") or "stream" (feed-items-*.jsonl.gz, article = the 0-based line number); paragraph -1
is the headline (a feed item's title), a feed item's description is paragraph 0. Sentences are
split by split() below, which must never change (labels refer to its indexes)."""
import gzip
import json
import os
import re

SPLIT = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)]*\s+(?=[A-Z0-9\"'\u201c\u2018])")
ABBR = re.compile(r"(?:\b[A-Z]\.|\bMr|\bMrs|\bMs|\bDr|\bSt|\bGen|\bCol|\bLt|\bGov|\bSen|\bRep|\bNo|\bJan|\bFeb|\bAug|\bSept?|\bOct|\bNov|\bDec)\.$")


def split(text):
    """Sentences of a paragraph: after . ! ? (and closing quotes) before a capital or digit,
    not after an initial or a common abbreviation."""
    out, start = [], 0
    for m in SPLIT.finditer(text):
        if ABBR.search(text[max(0, m.start() - 6):m.start()]):
            continue
        out.append(text[start:m.start()].strip())
        start = m.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def load_sources(shared):
    """{("corpus", id): [headline, paragraphs...]} and {("stream", n): [title, description]}."""
    docs = {}
    with gzip.open(os.path.join(shared, "corpus", "articles.jsonl.gz"), "rt") as f:
        for line in f:
            d = json.loads(line)
            docs[("corpus", d["id"])] = [d.get("headline") or ""] + list(d.get("paragraphs") or [])
    sdir = os.path.join(shared, "stream")
    for name in sorted(os.listdir(sdir)):
        if not name.endswith(".jsonl.gz"):
            continue
        with gzip.open(os.path.join(sdir, name), "rt") as f:
            for n, line in enumerate(f):
                d = json.loads(line)
                docs[("stream", str(n))] = [d.get("title") or "", d.get("description") or ""]
    return docs


def unit_text(docs, source, article, paragraph, sentence):
    parts = docs.get((source, article))
    if parts is None or paragraph + 1 >= len(parts):
        return None
    sents = split(parts[paragraph + 1])
    return sents[sentence] if 0 <= sentence < len(sents) else None


def sentences(docs):
    """Every unit: (source, article, paragraph, sentence, text)."""
    for (source, article), parts in docs.items():
        for p, para in enumerate(parts):
            for s, text in enumerate(split(para)):
                yield source, article, p - 1, s, text
