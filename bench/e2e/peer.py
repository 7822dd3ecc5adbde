#!/usr/bin/env python3
"""The Python peer of bench/e2e: what a competent engineer writes instead of newsalert.
confluent-kafka in, `re` rules, aiohttp out (signed like newsalert's generic webhooks, 64 in
flight, retries with backoff), offsets committed once every alert of a record is delivered.

usage: peer.py -b BROKERS -t TOPIC -g GROUP --url URL [--secret whsec_...]
               (--rules RULES.json | --every-event) [--exit-at-end]
Rules: the terms / all / any / none / near subset of docs/rules.md (what bench/gen_rules_bench.py
writes); a rule using anything else makes the peer refuse the file (exit 3)."""
import argparse
import asyncio
import base64
import collections
import hashlib
import hmac
import json
import re
import sys
import time
import unicodedata

import aiohttp
from confluent_kafka import Consumer, KafkaError, TopicPartition

QUOTES = {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032\u2035\u02bc"}
QUOTES.update({ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u2033\u2036\u00ab\u00bb"})
QUOTES.update({ord(c): " " for c in "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})
KNOWN = {"terms", "all", "any", "none", "near", "within", "min"}


def fold(text):
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c)).translate(QUOTES)
    return re.sub(r"\s+", " ", text)


def term_regex(term):
    """The term's regex and its literal head: a cheap `in` test skips the regex mostly."""
    folded = fold(term).strip()
    body = "".join(r"\w*" if c == "*" else re.escape(c) for c in folded)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)"), folded.split("*")[0]


class Rules:
    def __init__(self, doc):
        self.rules = [(r["id"], self.node(r["match"])) for r in doc["rules"]]

    def node(self, n):
        if isinstance(n, str):
            return ("terms", [term_regex(n)], 1)
        unknown = set(n) - KNOWN
        if unknown:
            raise ValueError("unsupported rule keys: %s" % ", ".join(sorted(unknown)))
        for op in ("all", "any", "none"):
            if op in n:
                return (op, [self.node(k) for k in n[op]], n.get("min", 1))
        if "near" in n:
            return ("near", [self.node(k) for k in n["near"]], n["within"])
        t = n["terms"]
        return ("terms", [term_regex(x) for x in ([t] if isinstance(t, str) else t)],
                n.get("min", 1))

    def hits(self, node, segs):
        return [(i, m.start(), m.end()) for r, lit in node[1] if lit in segs[-1]
                for i, s in enumerate(segs[:-1]) if lit in s for m in r.finditer(s)]

    def holds(self, node, segs):
        op = node[0]
        if op == "terms":
            return len(self.hits(node, segs)) >= node[2]
        if op == "all":
            return all(self.holds(k, segs) for k in node[1])
        if op == "any":
            return sum(self.holds(k, segs) for k in node[1]) >= node[2]
        if op == "none":
            return not any(self.holds(k, segs) for k in node[1])
        for i, s1, e1 in self.hits(node[1][0], segs):
            for j, s2, e2 in self.hits(node[1][1], segs):
                if i == j and not (s1 < e2 and s2 < e1):
                    gap = segs[i][e1:s2] if e1 <= s2 else segs[i][e2:s1]
                    if len(re.findall(r"\w+", gap)) <= node[2]:
                        return True
        return False

    def match(self, data):
        segs = [fold(data.get("headline") or "")] + [fold(p) for p in data.get("paragraphs", [])]
        segs.append("\n".join(segs))  # the whole text, for the literal test
        return [rid for rid, node in self.rules if self.holds(node, segs)]


class Offsets:
    """Per partition, the records taken and how many of their alerts are still unsettled."""

    def __init__(self):
        self.parts = collections.defaultdict(collections.deque)
        self.ready = {}

    def take(self, part, offset, n_alerts):
        entry = [offset, n_alerts]
        self.parts[part].append(entry)
        self.advance(part)
        return entry

    def settle(self, part, entry):
        entry[1] -= 1
        self.advance(part)

    def advance(self, part):
        q = self.parts[part]
        while q and q[0][1] == 0:
            self.ready[part] = q.popleft()[0] + 1

    def unsettled(self):
        return sum(len(q) for q in self.parts.values())


class Peer:
    def __init__(self, args):
        self.args = args
        self.rules = None if args.every_event else Rules(json.load(open(args.rules)))
        self.key = base64.b64decode(args.secret.split("_", 1)[1]) if args.secret else None
        self.offsets = Offsets()
        self.stats = collections.Counter()

    def alerts(self, event):
        data = event.get("data") or {}
        rules = ["every-event"] if self.rules is None else self.rules.match(data)
        for rid in rules:
            yield rid, {"event_id": event.get("id"), "rule_id": rid, "severity": "info",
                        "headline": data.get("headline"), "url": data.get("url")}

    async def deliver(self, session, sem, part, entry, rid, alert):
        body = json.dumps(alert, separators=(",", ":")).encode()
        wid = "msg_" + hashlib.sha256(("%s|%s" % (rid, alert["event_id"])).encode()).hexdigest()[:32]
        async with sem:
            for attempt in range(6):
                ts = str(int(time.time()))
                headers = {"content-type": "application/json", "webhook-id": wid,
                           "webhook-timestamp": ts}
                if self.key:
                    mac = hmac.new(self.key, b"%s.%s.%s" % (wid.encode(), ts.encode(), body),
                                   hashlib.sha256).digest()
                    headers["webhook-signature"] = "v1," + base64.b64encode(mac).decode()
                try:
                    async with session.post(self.args.url, data=body, headers=headers) as r:
                        if r.status < 300:
                            self.stats["delivered"] += 1
                            break
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(min(0.1 * 2 ** attempt, 5))
            else:
                self.stats["failed"] += 1
        self.offsets.settle(part, entry)

    def commit(self, consumer):
        if self.offsets.ready:
            consumer.commit(offsets=[TopicPartition(self.args.topic, p, o)
                                     for p, o in self.offsets.ready.items()], asynchronous=True)
            self.offsets.ready = {}

    async def run(self):
        a = self.args
        consumer = Consumer({"bootstrap.servers": a.brokers, "group.id": a.group,
                             "enable.auto.commit": False, "auto.offset.reset": "earliest",
                             "enable.partition.eof": a.exit_at_end})
        consumer.subscribe([a.topic])
        loop = asyncio.get_running_loop()
        sem, tasks, at_eof = asyncio.Semaphore(64), set(), set()
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64)) as session:
            while True:
                if len(tasks) > 4096:
                    await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
                msgs = await loop.run_in_executor(None, consumer.consume, 500, 0.01)
                for m in msgs:
                    if m.error():
                        if m.error().code() == KafkaError._PARTITION_EOF:
                            at_eof.add(m.partition())
                        continue
                    at_eof.discard(m.partition())
                    self.stats["records"] += 1
                    try:
                        found = list(self.alerts(json.loads(m.value())))
                    except ValueError:
                        found = []
                    entry = self.offsets.take(m.partition(), m.offset(), len(found))
                    for rid, alert in found:
                        t = asyncio.ensure_future(
                            self.deliver(session, sem, m.partition(), entry, rid, alert))
                        tasks.add(t)
                        t.add_done_callback(tasks.discard)
                await asyncio.sleep(0)
                self.commit(consumer)
                assigned = consumer.assignment()
                if (a.exit_at_end and assigned and len(at_eof) >= len(assigned) and not tasks
                        and not self.offsets.unsettled()):
                    break
        self.commit(consumer)
        consumer.close()
        print("peer: %(records)d records, %(delivered)d delivered, %(failed)d failed" % (
            collections.defaultdict(int, self.stats)), file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("-b", "--brokers", required=True)
    p.add_argument("-t", "--topic", required=True)
    p.add_argument("-g", "--group", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--secret")
    p.add_argument("--rules")
    p.add_argument("--every-event", action="store_true")
    p.add_argument("--exit-at-end", action="store_true")
    a = p.parse_args()
    try:
        peer = Peer(a)
    except (ValueError, KeyError) as e:
        print("peer: %s: %s" % (a.rules, e), file=sys.stderr)
        return 3
    try:
        asyncio.run(peer.run())
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
