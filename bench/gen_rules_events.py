#!/usr/bin/env python3
"""Builds minimal newsalert events (CloudEvents, one JSON a line) from the shared corpus, the
feed-item stream or a plain-text article, for rule tests and benchmarks when the producer is not
at hand. Only headline and paragraphs are filled: the engine must cope without sentences,
quotes or quantities.

usage: gen_rules_events.py corpus|stream|text FILE [LIMIT] > events.jsonl
"""
import gzip
import json
import sys


def event(eid, headline, paragraphs, outlet=None, url=None):
    return {
        "specversion": "1.0",
        "id": eid,
        "source": "/newsalert/test",
        "type": "org.newsalert.article.v1",
        "time": "2022-01-26T00:00:00Z",
        "datacontenttype": "application/json",
        "data": {"headline": headline or "", "paragraphs": paragraphs, "url": url,
                 "outlet": outlet, "language": "en"},
    }


def corpus(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            yield event(a["id"], a.get("headline"), a.get("paragraphs") or [], a.get("source"))


def stream(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            a = json.loads(line)
            paras = [a["description"]] if a.get("description") else []
            yield event("s-%d" % i, a.get("title"), paras, a.get("outlet"), a.get("link"))


def text(path):
    with open(path, encoding="utf-8") as f:
        blocks = [b.strip() for b in f.read().split("\n\n") if b.strip()]
    yield event("t-0", blocks[0] if blocks else "", blocks[1:])


def main():
    kind, path = sys.argv[1], sys.argv[2]
    limit = int(sys.argv[3]) if len(sys.argv) > 3 else None
    gen = {"corpus": corpus, "stream": stream, "text": text}[kind](path)
    out = sys.stdout
    for i, ev in enumerate(gen):
        if limit is not None and i >= limit:
            break
        out.write(json.dumps(ev, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
