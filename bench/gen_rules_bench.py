#!/usr/bin/env python3
"""Generates a benchmark rule set from the vocabulary of a corpus of events: N rules mixing
term lists, prefixes, phrases, all/any/none, counts and proximity (no sentence or quantity
conditions, so a plain Python implementation can evaluate exactly the same rules).

usage: gen_rules_bench.py EVENTS.jsonl N SEED > rules.json"""
import collections
import json
import random
import re
import sys


def vocabulary(path, limit=21005):
    words = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= limit:
                break
            d = json.loads(line)["data"]
            for p in [d["headline"]] + d["paragraphs"]:
                words.update(w for w in re.findall(r"[a-z]{4,}", p.lower()))
    ranked = [w for w, _ in words.most_common(20000)]
    return ranked[800:20000]  # alert-worthy words are not the commonest ones


def phrases(path, limit=5000):
    pairs = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= limit:
                break
            for p in json.loads(line)["data"]["paragraphs"]:
                toks = re.findall(r"[a-z]{3,}", p.lower())
                pairs.update(" ".join(toks[k:k + 2]) for k in range(len(toks) - 1))
    return [p for p, n in pairs.most_common(20000)[1000:]]


def main():
    path, n, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rnd = random.Random(seed)
    vocab, phr = vocabulary(path), phrases(path)

    def term():
        r = rnd.random()
        if r < 0.15:
            return rnd.choice(phr)
        w = rnd.choice(vocab)
        return w[: max(4, len(w) - 2)] + "*" if r < 0.35 else w

    def terms(k):
        return {"terms": [term() for _ in range(k)]}

    rules = []
    for i in range(n):
        shape = i % 5
        if shape == 0:
            match = {"all": [terms(3), terms(2)]}
        elif shape == 1:
            match = {"all": [terms(2), {"any": [term(), term()]}]}
        elif shape == 2:
            match = {"near": [terms(2), terms(2)], "within": rnd.choice([3, 5, 8])}
        elif shape == 3:
            match = {"all": [terms(2), terms(2), {"none": [term()]}]}
        else:
            match = dict(terms(2), min=3)
        rules.append({"id": "bench-%04d" % i, "severity": "info", "match": match})
    json.dump({"rules": rules}, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
