"""A Kafka test topology for the window stages (issue 13): the shared stream produced to a topic
of N partitions, M consumer processes in one group (each running both stages), optional
restarts (SIGKILL or SIGTERM mid-run) and live pace (--speed). The window alert ids received
at a local webhook must equal those of the offline --input run exactly; every per-article alert
must be received. Used by test_stream_topology (3 x 2) and test_stream_matrix (slow)."""
import gzip
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kafka_admin import create_topic  # noqa: E402

BROKERS = os.environ.get("NEWSALERT_TEST_BROKERS")
SHARED = os.environ.get("NA_SHARED", "")
STREAM = os.path.join(SHARED, "stream", "feed-items-2022-04-08.jsonl.gz")
CORPUS = os.path.join(SHARED, "corpus", "articles.jsonl.gz")


def skip_unless_ready(need_corpus=False):
    if not BROKERS:
        print("skipped: NEWSALERT_TEST_BROKERS not set")
        sys.exit(77)
    for path in [STREAM] + ([CORPUS] if need_corpus else []):
        if not os.path.exists(path):
            print("skipped: shared data not found at %s" % path)
            sys.exit(77)


PRODUCER = os.environ.get("NA_PRODUCER", "")
CONSUMER = os.environ.get("NA_CONSUMER", "")
RECEIVER = os.path.join(os.environ.get("NA_BUILD_DIR", ""), "bench", "bench_delivery_receiver")


class Receiver:
    def __init__(self, path):
        self.log = path
        self.p = subprocess.Popen([RECEIVER, "--log", path], stdout=subprocess.PIPE, text=True)
        self.port = int(self.p.stdout.readline())

    def alerts(self):
        """(webhook-id, alert) per request answered 200 so far."""
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            rows = [json.loads(line) for line in f if line.endswith("\n")]
        return [(r["id"], json.loads(r["body"])) for r in rows if r["status"] == 200]

    def stop(self):
        self.p.send_signal(signal.SIGTERM)
        self.p.wait(timeout=30)


def events(tmp, name, sources):
    """The producer's events (--dry-run) for the given input files, as one JSONL file."""
    path = os.path.join(tmp, name)
    with open(path, "wb") as out:
        for src in sources:
            p = subprocess.run([PRODUCER, "--dry-run", "-q", src], stdout=out,
                               stderr=subprocess.PIPE, timeout=600)
            if p.returncode != 0:
                raise RuntimeError("producer --dry-run %s: %s" % (src, p.stderr[-300:]))
    return path


def offline(path):
    """The offline run's alerts: (window alert ids, per-article alert ids)."""
    p = subprocess.run([CONSUMER, "--input", path, "--dry-run"], stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, timeout=600)
    if p.returncode not in (0, 1):
        raise RuntimeError("offline run: " + p.stderr[-300:])
    alerts = [json.loads(line) for line in p.stdout.splitlines()]
    return split(alerts)


def split(alerts):
    win = {a["id"] for a in alerts if a.get("window")}
    per = {a["id"] for a in alerts if not a.get("window")}
    return win, per


def produce(topic, sources, speed=0, max_gap=None):
    """The producer sending the input files in order (a Popen)."""
    args = [PRODUCER, "-q", "--speed", str(speed), "-b", BROKERS, "-t", topic]
    if max_gap is not None:
        args += ["--max-gap", str(max_gap)]
    return subprocess.Popen(args + list(sources), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def config(tmp, topic, port):
    path = os.path.join(tmp, "cfg.json")
    with open(path, "w") as f:
        json.dump({"destinations": {"sink": {"type": "generic", "default": True,
                                             "url": "http://127.0.0.1:%d/hook" % port}},
                   "dead_letter_topic": topic + ".dlq"}, f)
    return path


class Member:
    """One newsalert-consumer process of the group (both stages)."""

    def __init__(self, tmp, i, topic, group, cfg, report=False):
        self.args = [CONSUMER, "-b", BROKERS, "-t", topic, "-g", group, "-c", cfg,
                     "--log-level", "info"]
        self.tmp, self.i, self.runs, self.p, self.report = tmp, i, 0, None, report

    def report_path(self, run):
        return os.path.join(self.tmp, "report-%d-%d.json" % (self.i, run))

    def start(self):
        self.runs += 1
        self.err = open(os.path.join(self.tmp, "member-%d-%d.log" % (self.i, self.runs)), "w")
        args = self.args + (["--report", self.report_path(self.runs)] if self.report else [])
        self.p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=self.err)

    def window_alerts_reported(self):
        """Window alerts counted in this member's --report files (None: a file is missing)."""
        n = 0
        for r in range(1, self.runs + 1):
            if not os.path.exists(self.report_path(r)):
                return None
            with open(self.report_path(r)) as f:
                n += sum(x["window_alerts"] for x in json.load(f)["rules"])
        return n

    def stop(self, sig=signal.SIGTERM):
        if self.p and self.p.poll() is None:
            self.p.send_signal(sig)
            rc = self.p.wait(timeout=120)
        else:
            rc = self.p.returncode if self.p else None
        self.err.close()
        return rc

    def logs(self):
        out = []
        for r in range(1, self.runs + 1):
            with open(os.path.join(self.tmp, "member-%d-%d.log" % (self.i, r))) as f:
                out.append(f.read())
        return "\n".join(out)


def wait_for(rec, want_win, want_per, deadline, settle=6.0):
    """Waits until every wanted id arrived (and nothing new for settle s), or the deadline."""
    last, stable_since = -1, time.time()
    while time.time() < deadline:
        got = rec.alerts()
        ids = {i for i, _ in got}
        if len(got) != last:
            last, stable_since = len(got), time.time()
        if want_win <= ids and want_per <= ids and time.time() - stable_since >= settle:
            return
        time.sleep(0.5)


def run_case(partitions, members, restart=None, speed=0, label="", sources=None, want=None,
             timeout=420, report=False):
    """One topology run of sources (default: the stream) against want (default: the offline
    run of the same sources); returns a list of failure messages (empty: passed). report: each
    member writes --report, whose window alerts must cover those received."""
    fails = []
    sources = sources or [STREAM]
    with tempfile.TemporaryDirectory() as tmp:
        want_win, want_per = want or offline(events(tmp, "events.jsonl", sources))
        base = "na.topo.%d.%s%dx%d" % (os.getpid(), label, partitions, members)
        topic = base + ".articles"
        why = create_topic(BROKERS, topic, partitions)
        if why is not None:
            return ["create %s: %s" % (topic, why)]
        rec = Receiver(os.path.join(tmp, "recv.jsonl"))
        cfg = config(tmp, topic, rec.port)
        group = base + ".g"
        ms = [Member(tmp, i, topic, group, cfg, report) for i in range(members)]
        t0 = time.time()
        if speed:
            for m in ms:
                m.start()
            time.sleep(3)
        prod = produce(topic, sources, speed, max_gap=1 if speed else None)
        if not speed:
            prod.wait(timeout=600)
            for m in ms:
                m.start()
        deadline = time.time() + timeout
        if restart:
            # Mid-run: once some alerts have arrived, stop one member (SIGKILL or SIGTERM),
            # let the group run without it for a while, then start it again.
            sig = restart
            while time.time() < deadline and len(rec.alerts()) < max(3, len(want_per) // 3):
                time.sleep(0.2)
            rc = ms[0].stop(sig)
            if sig == signal.SIGTERM and rc != 0:
                fails.append("%s: SIGTERM exit %s" % (label, rc))
            time.sleep(4)
            ms[0].start()
        if speed:
            prod.wait(timeout=timeout)
        wait_for(rec, want_win, want_per, deadline)
        t_all = time.time() - t0
        for m in ms:
            rc = m.stop()
            if rc != 0:
                fails.append("%s member %d exits %s: %s" % (label, m.i, rc, m.logs()[-600:]))
        got = rec.alerts()
        rec.stop()
        g_win, g_per = split([a for _, a in got])
        ids_ok = all(i == a["id"] for i, a in got)
        print("%s %d partitions x %d consumers%s%s: %d window alerts (offline %d), %d "
              "per-article (offline %d), %d requests, all in %.0f s, stopped at %.0f s"
              % (label, partitions, members, " restart " + restart.name if restart else "",
                 " speed %s" % speed if speed else "", len(g_win), len(want_win), len(g_per),
                 len(want_per), len(got), t_all, time.time() - t0))
        logs = "\n".join(m.logs() for m in ms)
        if os.environ.get("NA_TOPOLOGY_LOGS"):
            with open(os.environ["NA_TOPOLOGY_LOGS"], "w") as f:
                f.write(logs)
        late = [line for line in logs.splitlines() if "late match" in line]
        if late:
            print("  late matches logged: %d, first: %s" % (len(late), late[0][-200:]))
        if g_win != want_win:
            fails.append("%s: window alert ids differ: missing %s, unexpected %s"
                         % (label, sorted(want_win - g_win), sorted(g_win - want_win)))
        if not want_per <= g_per:
            fails.append("%s: %d per-article alerts missing" % (label, len(want_per - g_per)))
        if g_per - want_per:
            fails.append("%s: unexpected per-article alerts %s" % (label, sorted(g_per - want_per)))
        if not ids_ok:
            fails.append("%s: a webhook-id differs from its alert id" % label)
        if report:
            # A window alert is raised once, or again with its id after a hand-over; every one
            # received was counted in the report of the member that raised it.
            counts = [m.window_alerts_reported() for m in ms]
            print("  window alerts in the members' reports: %s" % counts)
            if None in counts or sum(counts) < len(g_win):
                fails.append("%s: reports count %s window alerts, %d received"
                             % (label, counts, len(g_win)))
    return fails
