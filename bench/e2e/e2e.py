#!/usr/bin/env python3
"""bench/e2e driver (run through bench/e2e/run, which makes the venv and the broker): the floor,
newsalert and the Python peer on one local broker, in one run, printed as one table."""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from confluent_kafka.admin import AdminClient, NewTopic

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def opts():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--brokers", required=True)
    p.add_argument("--build", default=os.path.join(ROOT, "build"))
    p.add_argument("--corpus", default=os.environ.get("NA_SHARED", os.path.join(
        ROOT, "..", "shared")) + "/corpus/articles.jsonl.gz")
    p.add_argument("--rates", default="200,2000", help="events/s of the latency runs")
    p.add_argument("--duration", type=float, default=6, help="measured seconds per latency run")
    p.add_argument("--rounds", type=int, default=3,
                   help="floor, newsalert and peer runs alternate this many times, so a stall "
                        "of the machine hits each alike; the figures pool the rounds")
    p.add_argument("--warmup", type=float, default=3, help="seconds sent first, not measured")
    p.add_argument("--drain", type=float, default=5, help="max seconds to wait for stragglers")
    p.add_argument("--events", type=int, default=10000, help="events of the throughput runs")
    p.add_argument("--latency-rules", type=int, default=100, help="generated rules, latency runs")
    p.add_argument("--extra-rules", type=int, default=1000, help="generated rules added")
    return p.parse_args()


class Bench:
    def __init__(self, a, tmp):
        self.a, self.tmp, self.n = a, tmp, 0
        self.admin = AdminClient({"bootstrap.servers": a.brokers})
        self.e2e = os.path.join(a.build, "bench", "bench_e2e")
        self.consumer = os.path.join(a.build, "consumer", "newsalert-consumer")
        self.every = os.path.join(a.build, "bench", "bench_delivery_daemon")
        self.peer = [sys.executable, os.path.join(HERE, "peer.py")]

    def path(self, name):
        return os.path.join(self.tmp, name)

    def topic(self, what):
        self.n += 1
        name = "e2e-%s-%d-%d" % (what, os.getpid(), self.n)
        for f in self.admin.create_topics([NewTopic(name, 3, 1)]).values():
            f.result()
        return name, name + "-g"

    def receiver(self, log):
        p = subprocess.Popen([self.e2e, "receive", log], stdout=subprocess.PIPE, text=True)
        port = p.stdout.readline().strip()
        url = "http://127.0.0.1:%s/hook" % port
        cfg = self.path("cfg-%s.json" % port)
        with open(cfg, "w") as f:
            json.dump({"destinations": {"bench": {"type": "generic", "url": url,
                                                  "secret": SECRET, "default": True}},
                       "delivery": {"max_in_flight": 64},
                       "dead_letter_topic": "e2e-dlq-%d" % os.getpid()}, f)
        return p, url, cfg

    @staticmethod
    def stop(p):
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
        try:
            p.wait(30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()

    def produce(self, topic, events, rate, seconds, sendlog):
        subprocess.run([self.e2e, "produce", self.a.brokers, topic, events, str(rate),
                        str(seconds), sendlog], check=True, stderr=subprocess.DEVNULL)

    def timed(self, cmd, **kw):
        """Runs cmd to its end under /usr/bin/time: wall s, CPU s, peak RSS MB, stdout."""
        tf = self.path("time")
        r = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf] + cmd,
                           capture_output=True, text=True, **kw)
        e, u, s, m = open(tf).read().split()[-4:]
        return {"wall": float(e), "cpu": float(u) + float(s), "rss": int(m) / 1024,
                "out": r.stdout, "rc": r.returncode}


def pct(xs, q):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def read_pairs(path):
    with open(path) as f:
        return [l.split() for l in f if l.strip()]


def make_events(b, a):
    """Real events through the producer (--dry-run), else a small generated fixture."""
    events = b.path("events.jsonl")
    if os.path.exists(a.corpus):
        with open(events, "w") as f:
            subprocess.run([os.path.join(a.build, "producer", "newsalert-producer"), "--dry-run",
                            "-q", a.corpus], stdout=f, check=True)
        return events, "newsalert-producer --dry-run of %s" % a.corpus
    with open(events, "w") as f:
        subprocess.run([os.path.join(a.build, "bench", "bench_delivery_events"), "5000",
                        "gen"], stdout=f, check=True)
    return events, "bench_delivery_events 5000 (no shared corpus)"


def gen_rules(b, events, n, seed, out):
    with open(out, "w") as f:
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen_rules_bench.py"),
                        events, str(n), str(seed)], stdout=f, check=True)
    return out


def latency_fixture(b, events, rules):
    """~10% events that raise an alert under RULES, 90% that raise none (newsalert decides)."""
    out = subprocess.run([b.consumer, "--input", events, "--dry-run", "-q", "-r", rules],
                         capture_output=True, text=True).stdout
    hot = {json.loads(l)["event_id"] for l in out.splitlines() if l.strip()}
    lines = open(events).readlines()
    yes = [l for l in lines if json.loads(l)["id"] in hot]
    no = [l for l in lines if json.loads(l)["id"] not in hot]
    fixture, flags = b.path("latency.jsonl"), []
    with open(fixture, "w") as f:
        for i in range(min(len(yes), len(no) // 9, 400)):
            for j, l in enumerate([yes[i]] + no[9 * i:9 * i + 9]):
                f.write(l)
                flags.append(j == 0)
    return fixture, flags


def latency_run(b, who, rate, fixture, flags, rules):
    a = b.a
    topic, group = b.topic("lat-%s-%d" % (who.replace("+", "-"), rate))
    total = int(rate * (a.warmup + a.duration))
    warm = int(rate * a.warmup)
    sendlog, rlog = b.path("sent"), b.path("recv")
    recv = None
    bare = who in ("floor", "floor+decode")
    if bare:
        cons = subprocess.Popen([b.e2e, "floor", a.brokers, topic, group, str(total), rlog] +
                                (["decode"] if who == "floor+decode" else []))
    else:
        recv, url, cfg = b.receiver(rlog)
        if who == "newsalert":
            # --no-stories: the fixture is sent again and again under fresh ids; folded as
            # copies of one story, its alerts would not be sent (the peer does not fold either)
            cmd = [b.consumer, "-b", a.brokers, "-t", topic, "-g", group, "-r", rules, "-c", cfg,
                   "--from", "beginning", "-q", "--no-stories"]
        else:
            cmd = b.peer + ["-b", a.brokers, "-t", topic, "-g", group, "--url", url,
                            "--secret", SECRET, "--rules", rules]
        cons = subprocess.Popen(cmd, stderr=open(b.path("%s-%d.log" % (who, rate)), "w"))
    time.sleep(2)  # group join
    b.produce(topic, fixture, rate, a.warmup + a.duration, sendlog)
    if bare:
        try:
            cons.wait(a.drain)
        except subprocess.TimeoutExpired:
            pass
    else:
        time.sleep(a.drain)
    b.stop(cons)
    if recv:
        b.stop(recv)
    sent = {int(i): int(t) for i, t in read_pairs(sendlog)}
    # the same records for everyone: those that raise alerts (the floor also over all records)
    lat, want = {}, [i for i in range(warm, total) if flags[i % len(flags)]]
    for k, t in read_pairs(rlog):
        i = int(k) if bare else (int(k[4:]) if k.startswith("e2e-") else -1)
        if i >= warm and i not in lat:
            lat[i] = (int(t) if bare else int(t) - sent[i]) / 1e6
    return {"lat": [lat[i] for i in want if i in lat], "want": len(want),
            "all": [lat[i] for i in range(warm, total) if i in lat], "want_all": total - warm}


def pooled_latency(runs):
    got = [x for r in runs for x in r["lat"]]
    return {"p50": pct(got, .5), "p99": pct(got, .99), "max": max(got) if got else float("nan"),
            "n": len(got), "want": sum(r["want"] for r in runs)}


def pooled_tput(runs, n):
    """Rounds of one consume run: wall and CPU summed over all their events, peak RSS."""
    ok = all(r["ok"] for r in runs)
    wall, cpu, k = sum(r["wall"] for r in runs), sum(r["cpu"] for r in runs), n * len(runs)
    out = {"ok": ok, "rss": max(r["rss"] for r in runs), "wall": wall, "cpu": cpu,
           "aps": k / wall if ok else float("nan"), "cpu1k": cpu / k * 1000 if ok else float("nan")}
    return out


def receipts(log):
    ts = sorted(int(t) for _, t in read_pairs(log))
    return len(ts), ((len(ts) - 1) / ((ts[-1] - ts[0]) / 1e9) if len(ts) > 1 else 0)


def tput_run(b, topic, n, who, rules=None, every=False):
    a = b.a
    rlog = b.path("recv-tput")
    recv, url, cfg = b.receiver(rlog)
    group = "%s-%s-%d" % (topic, who, time.monotonic_ns())
    if who == "decode":
        b.stop(recv)
        r = b.timed([b.e2e, "decode", a.brokers, topic, group])
    elif who == "newsalert":
        exe = b.every if every else b.consumer
        cmd = [exe, "-b", a.brokers, "-t", topic, "-g", group, "-c", cfg, "--from", "beginning",
               "--exit-at-end"] + (["-r", rules] if rules else []) + \
            ([] if every else ["-q", "--rules-cache", b.path("rules-cache")])
        r = b.timed(cmd)
    else:
        cmd = b.peer + ["-b", a.brokers, "-t", topic, "-g", group, "--url", url, "--secret",
                        SECRET, "--exit-at-end"] + (["--every-event"] if every else
                                                    ["--rules", rules])
        r = b.timed(cmd)
    if who != "decode":
        b.stop(recv)
        r["deliveries"], r["dps"] = receipts(rlog)
    r["ok"] = r["rc"] == 0
    r["aps"] = n / r["wall"] if r["ok"] else float("nan")
    r["cpu1k"] = r["cpu"] / n * 1000 if r["ok"] else float("nan")
    return r


def fmt(v, spec="%.1f"):
    return "n/a" if v is None or v != v else spec % v


def ratio(x, y):
    return "n/a" if not x or not y or x != x or y != y else "%.2fx" % (x / y)


def main():
    a = opts()
    with tempfile.TemporaryDirectory() as tmp:
        b = Bench(a, tmp)
        events, origin = make_events(b, a)
        lat_rules = gen_rules(b, events, a.latency_rules, 11, b.path("lat-rules.json"))
        fixture, flags = latency_fixture(b, events, lat_rules)
        print("events: %s; latency fixture %d events, %d%% raise alerts under %d generated rules"
              % (origin, len(flags), round(100 * sum(flags) / max(1, len(flags))),
                 a.latency_rules))
        rates = [int(r) for r in a.rates.split(",")]
        runs = {}
        for r in rates:
            for _ in range(a.rounds):
                for w in ("floor", "floor+decode", "newsalert", "peer"):
                    runs.setdefault((w, r), []).append(
                        latency_run(b, w, r, fixture, flags, lat_rules))
        lat = {k: pooled_latency(v) for k, v in runs.items()}
        for r in rates:
            lat[("floor, all records", r)] = pooled_latency(
                [{"lat": x["all"], "want": x["want_all"]} for x in runs[("floor", r)]])

        tput_events = b.path("tput.jsonl")
        with open(events) as f, open(tput_events, "w") as g:
            g.writelines(l for _, l in zip(range(a.events), f))
        n = sum(1 for _ in open(tput_events))
        topic, _ = b.topic("tput")
        b.produce(topic, tput_events, 20000, n / 20000, b.path("sent-tput"))
        rules_dir = os.path.join(tmp, "rules+extra")
        os.mkdir(rules_dir)
        with open(os.path.join(rules_dir, "default.json"), "w") as f:
            subprocess.run([b.consumer, "--print-default-rules"], stdout=f, check=True)
        extra = gen_rules(b, events, a.extra_rules, 7, os.path.join(rules_dir, "extra.json"))
        # A restart with unchanged rules, as under the systemd unit (CacheDirectory): their
        # compiled databases are in the rules cache (docs/rules.md) before the first round.
        for rules in (None, rules_dir):
            subprocess.run([b.consumer, "--check", "--rules-cache", b.path("rules-cache")] +
                           (["-r", rules] if rules else []), check=True, capture_output=True)
        rounds = {}
        for _ in range(a.rounds):  # alternating, like the latency runs
            for k, who, rules, every in (("decode", "decode", None, False),
                                         ("na-default", "newsalert", None, False),
                                         ("na-extra", "newsalert", rules_dir, False),
                                         ("na-every", "newsalert", None, True)):
                rounds.setdefault(k, []).append(tput_run(b, topic, n, who, rules, every))
        t = {k: pooled_tput(v, n) for k, v in rounds.items()}
        every = sorted(rounds["na-every"], key=lambda r: r["dps"])
        t["na-every"].update({k: every[len(every) // 2][k] for k in ("dps", "deliveries")})
        t.update({"peer-default": tput_run(b, topic, n, "peer", b.path("no-such-rules.json")),
                  "peer-extra": tput_run(b, topic, n, "peer", extra),
                  "peer-every": tput_run(b, topic, n, "peer", every=True)})
        t["peer-default"]["ok"] = False  # the default pack uses sentence/quantity/windows

    print()
    print("%-52s %9s %9s %9s" % ("produce -> receipt, ms (alerting events only)", "p50", "p99",
                                 "max"))
    for r in rates:
        for w in ("floor, all records", "floor", "floor+decode", "newsalert", "peer"):
            x = lat[(w, r)]
            miss = "" if x["n"] >= x["want"] else "  (%d of %d arrived)" % (x["n"], x["want"])
            print("%-52s %9s %9s %9s%s" % ("  %s at %d events/s" % (w, r), fmt(x["p50"], "%.2f"),
                                           fmt(x["p99"], "%.2f"), fmt(x["max"], "%.2f"), miss))
        f, fd, na, pe = (lat[(w, r)] for w in ("floor", "floor+decode", "newsalert", "peer"))
        for name, base in (("floor", f), ("floor+decode", fd), ("peer", pe)):
            print("%-52s %9s %9s %9s" % ("  newsalert / %s at %d/s" % (name, r),
                                         ratio(na["p50"], base["p50"]),
                                         ratio(na["p99"], base["p99"]),
                                         ratio(na["max"], base["max"])))
    print()
    print("%-52s %10s %9s %9s" % ("consume + ... (%d real events, newsalert and floor: %d rounds)"
                                  % (n, a.rounds), "articles/s", "CPU s/1k", "RSS MB"))
    rows = [("decode", "floor: bare consume + jansson decode"),
            ("na-default", "newsalert: rules + delivery, default pack"),
            ("na-extra", "newsalert: default pack + %d generated rules" % a.extra_rules),
            ("peer-default", "peer: default pack (not expressible in the peer)"),
            ("peer-extra", "peer: the %d generated rules only" % a.extra_rules)]
    for k, label in rows:
        x = t[k]
        print("%-52s %10s %9s %9s" % (label, fmt(x["aps"], "%.0f"), fmt(x["cpu1k"], "%.3f"),
                                      fmt(x["rss"] if x["ok"] else None, "%.1f")))
    print("%-52s %10s %9s" % ("articles per CPU-s, newsalert default / floor", "",
                              ratio(t["decode"]["cpu1k"], t["na-default"]["cpu1k"])))
    print("%-52s %10s %9s" % ("articles per CPU-s, newsalert +extra / floor", "",
                              ratio(t["decode"]["cpu1k"], t["na-extra"]["cpu1k"])))
    print("%-52s %10s %9s" % ("articles per CPU-s, newsalert +extra / peer (extra only)", "",
                              ratio(t["peer-extra"]["cpu1k"], t["na-extra"]["cpu1k"])))
    print()
    print("%-52s %10s %9s %9s" % ("deliveries, one alert per real event", "deliv./s", "count",
                                  "RSS MB"))
    for k, label in (("na-every", "newsalert daemon (bench_delivery_daemon)"),
                     ("peer-every", "peer")):
        x = t[k]
        print("%-52s %10s %9d %9s" % (label, fmt(x["dps"], "%.0f"), x["deliveries"],
                                      fmt(x["rss"], "%.1f")))
    print("%-52s %10s" % ("newsalert / peer", ratio(t["na-every"]["dps"], t["peer-every"]["dps"])))
    print("\nlatency: the rounds' samples pooled; newsalert deliveries/s: the median round")
    print("articles/s and deliveries/s: wall time of the whole process (start and group join "
          "included) resp. first to last receipt; CPU: user+sys of the process; newsalert starts "
          "with its rules cache warm (--rules-cache, a restart with unchanged rules)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
