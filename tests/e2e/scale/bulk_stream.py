"""A 100 MB `_bulk` body streams: wharf reads the NDJSON line by line as it arrives, so its
resident memory stays far below the body's size (issue 4: "NDJSON streaming so a 100 MB bulk body
is not held twice"), and every document of it is there afterwards.

    python3 tests/e2e/scale/bulk_stream.py [--mb N]

Starts its own server, sends the body with chunked transfer encoding from a generator (so the
client holds none of it either), samples the server's RSS from /proc, and ends with
`N passed, N failed`.
"""
import argparse
import http.client
import json
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import harness  # noqa: E402

MiB = 1 << 20
RSS_LIMIT = 80 * MiB  # well under the body: holding it once would already exceed this


def rss(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=100)
    args = ap.parse_args()
    passed = failed = 0
    srv = harness.Server().start()
    try:
        host, port = "127.0.0.1", srv.search_port
        conn = http.client.HTTPConnection(host, port, timeout=600)
        # Stored but not analysed: the test is about the body's path, not about analysis speed.
        conn.request("PUT", "/bulkstream", json.dumps({
            "settings": {"number_of_replicas": 0},
            "mappings": {"properties": {"n": {"type": "long"},
                                        "blob": {"type": "text", "index": False}}}}),
            {"Content-Type": "application/json"})
        assert conn.getresponse().read()
        blob = "x" * (100 * 1024)
        line_pair = len(json.dumps({"index": {"_id": "0000000"}})) + len(json.dumps({"n": 0, "blob": blob})) + 2
        docs = args.mb * MiB // line_pair

        def body():
            for i in range(docs):
                yield (json.dumps({"index": {"_id": "%07d" % i}}) + "\n" +
                       json.dumps({"n": i, "blob": blob}) + "\n").encode()

        peak = [0]
        done = [False]

        def sample():
            while not done[0]:
                peak[0] = max(peak[0], rss(srv.proc.pid))
                time.sleep(0.05)
        t = threading.Thread(target=sample, daemon=True)
        t.start()
        started = time.time()
        conn.request("POST", "/bulkstream/_bulk?refresh=true", body(),
                     {"Content-Type": "application/x-ndjson"}, encode_chunked=True)
        resp = conn.getresponse()
        result = json.loads(resp.read())
        done[0] = True
        t.join()
        took = time.time() - started
        sent_mb = docs * line_pair / MiB
        print("bulk of %.0f MB (%d docs) in %.1f s; server peak RSS %.0f MiB (limit %d MiB)"
              % (sent_mb, docs, took, peak[0] / MiB, RSS_LIMIT // MiB))
        checks = [
            ("bulk answered 200 without item errors", resp.status == 200 and result.get("errors") is False),
            ("one item per document", len(result.get("items", [])) == docs),
            ("peak RSS under the limit", peak[0] < RSS_LIMIT),
        ]
        conn.request("GET", "/bulkstream/_count")
        count = json.loads(conn.getresponse().read()).get("count")
        checks.append(("every document counted (%s of %d)" % (count, docs), count == docs))
        conn.request("GET", "/bulkstream/_doc/%07d" % (docs - 1))
        last = json.loads(conn.getresponse().read())
        checks.append(("the last document is intact", last.get("_source", {}).get("n") == docs - 1
                       and len(last["_source"].get("blob", "")) == len(blob)))
        for name, ok in checks:
            print(("ok   " if ok else "FAIL ") + name)
            passed += ok
            failed += not ok
    finally:
        srv.cleanup()
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
