#!/usr/bin/env python3
"""End-to-end pipelines: `wharf run` on a fresh data dir against a real PostgreSQL and Redis that
this suite starts (on loopback, in temp dirs) and stops, then checked through psycopg2,
redis-cli, and unmodified boto3 / elasticsearch-py against `wharf serve` on the same data dir.
Also: kill -9 during runs and resume, every bad input a user can give, the e-commerce demo, and
the seed's RDSManager against `wharf serve --postgres`.

    /usr/bin/python3 tests/e2e/pipelines/pipelines_e2e.py [-k SUBSTR]

Prints `N passed, N failed`; exit status 1 when a test failed.
"""
import base64
import csv
import glob
import gzip
import hashlib
import io
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from decimal import Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.dirname(HERE))
import harness  # noqa: E402

WHARF = os.environ.get("WHARF_BIN", os.path.join(ROOT, "build", "wharf"))


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def pg_bin():
    dirs = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    assert dirs, "PostgreSQL is not installed (apt-get install postgresql)"
    return dirs[-1]


class Postgres:
    """A throwaway PostgreSQL cluster owned by the postgres account (it refuses root)."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wharf-pg-")
        os.chmod(self.dir, 0o755)
        shutil.chown(self.dir, "postgres")
        self.port = free_port()
        self.pgdata = os.path.join(self.dir, "data")
        self._as_postgres([os.path.join(pg_bin(), "initdb"), "-D", self.pgdata, "-U", "wharf",
                           "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
        self.start()
        self.url = "postgresql://wharf@127.0.0.1:%d/postgres" % self.port

    def _as_postgres(self, argv):
        subprocess.run(["runuser", "-u", "postgres", "--"] + argv, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self):
        self._as_postgres([os.path.join(pg_bin(), "pg_ctl"), "-D", self.pgdata, "-w", "-l",
                           os.path.join(self.dir, "log"), "-o",
                           "-p %d -k %s -c listen_addresses=127.0.0.1 -c fsync=off" % (self.port, self.dir),
                           "start"])

    def stop(self):
        self._as_postgres([os.path.join(pg_bin(), "pg_ctl"), "-D", self.pgdata, "-m", "fast", "stop"])

    def connect(self):
        import psycopg2
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="wharf", dbname="postgres")

    def query(self, sql, params=None):
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute(sql, params)
                rows = cur.fetchall() if cur.description else None
            conn.commit()
            return rows
        finally:
            conn.close()

    def close(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class Redis:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wharf-redis-")
        self.port = free_port()
        self.proc = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                      "--save", "", "--appendonly", "no", "--dir", self.dir],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if self.cli("PING") == "PONG":
                break
            time.sleep(0.05)
        self.url = "redis://127.0.0.1:%d/0" % self.port

    def cli(self, *args):
        r = subprocess.run(["redis-cli", "-p", str(self.port)] + list(args), capture_output=True, text=True)
        return r.stdout.strip()

    def close(self):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.dir, ignore_errors=True)


class Workdir:
    """A pipeline directory and a data dir; `run` is `wharf run` on them."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="wharf-pipe-")
        self.data = os.path.join(self.dir, "data")

    def path(self, name):
        return os.path.join(self.dir, name)

    def write(self, name, text, mode="w", encoding="utf-8"):
        os.makedirs(os.path.dirname(self.path(name)), exist_ok=True)
        if "b" in mode:
            with open(self.path(name), mode) as f:
                f.write(text)
        else:
            with open(self.path(name), mode, encoding=encoding, newline="") as f:
                f.write(text)
        return self.path(name)

    def read(self, name):
        with open(self.path(name), encoding="utf-8") as f:
            return f.read()

    def run(self, *pipelines, env=None, extra=()):
        """Runs pipelines; returns (exit code, stdout, stderr, report dict or None)."""
        report = self.path("report-%d.json" % random.randrange(1 << 30))
        argv = [WHARF, "run", "--data", self.data, "--json", report] + list(extra) + [self.path(p) for p in pipelines]
        r = subprocess.run(argv, capture_output=True, text=True, timeout=300, env=dict(os.environ, **(env or {})))
        rep = None
        if os.path.exists(report):
            with open(report) as f:
                rep = json.load(f)
        return r.returncode, r.stdout, r.stderr, rep

    def serve(self, extra=(), port=None):
        return serve(self.data, extra, port)

    def rejects(self, pipeline):
        out = []
        for p in sorted(glob.glob(os.path.join(self.data, "pipelines", pipeline, "rejects", "*.ndjson"))):
            with open(p) as f:
                out += [json.loads(line) for line in f if line.strip()]
        return out

    def close(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def serve(data, extra=(), port=None):
    """`wharf serve` on an existing data dir (harness.Server makes and removes its own)."""
    srv = harness.Server(binary=WHARF, extra_args=list(extra))
    srv.data_dir = data
    if port:
        srv.port = port
        srv.endpoint = "http://127.0.0.1:%d" % port
    return srv


def boto(server, service):
    import boto3
    return boto3.client(service, endpoint_url=server.endpoint, aws_access_key_id="wharf",
                        aws_secret_access_key="wharf-secret", region_name="us-east-1")


def eq(a, b, what=""):
    if a != b:
        raise AssertionError("%s: expected %.2000r, got %.2000r" % (what or "value", b, a))


def contains(text, part, what=""):
    if part not in text:
        raise AssertionError("%s: %r not found in %r" % (what or "text", part, text[-2000:]))


# ---------------------------------------------------------------------------------------------
# The tests. Each gets the shared Postgres and Redis and makes its own Workdir.

USERS_CSV = (
    "\ufeffuser_id,name,email,age,updated_at\r\n"
    "1, Zhang San ,ZHANG.SAN@Example.com,30,2026-01-01T08:00:00+08:00\r\n"
    "2,李四,lisi@example.com,N/A,2026-01-02T00:00:00Z\r\n"
    "3,\"Wilson, Emma\",emma@example.com,abc,2026-01-03T00:00:00Z\r\n"
    "4,Bro\"ken,broken@example.com,40,2026-01-04T00:00:00Z\r\n"
    "5,No Mail,,22,2026-01-05T00:00:00Z\r\n"
    "6,Zhang San,zhang.san@example.com,31,2026-02-01T00:00:00Z\r\n"
    "7,王五,wangwu@example,28,2026-01-07T00:00:00Z\r\n"
)

USERS_TO_PG = """
pipeline: users_pg
source: {file: users.csv}
steps:
  - trim: all
  - null_tokens: ["", "N/A"]
  - required: [user_id, email]
  - coerce: {user_id: int, email: email, age: {type: int, on_error: null}, updated_at: timestamp}
  - dedupe: {key: [email], latest_by: updated_at}
sinks:
  pg: {sql: "%(url)s", table: users, key: [user_id]}
"""


def test_csv_cleaned_into_postgres_idempotently(pg, redis):
    w = Workdir()
    try:
        w.write("users.csv", USERS_CSV)
        w.write("p.yaml", USERS_TO_PG % {"url": pg.url})
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        contains(out, "pipeline users_pg")
        rows = pg.query("SELECT user_id, name, email, age, updated_at FROM users ORDER BY user_id")
        eq([r[0] for r in rows], [2, 3, 6], "users loaded (1 lost to 6 by updated_at, 4 malformed, 5 no mail, 7 bad)")
        eq(rows[0][1], "李四")
        eq(rows[0][3], None, "N/A age")
        eq(rows[1][1], "Wilson, Emma")
        eq(rows[2][2], "zhang.san@example.com")
        eq(rows[2][4].isoformat(), "2026-02-01T00:00:00+00:00")
        reasons = sorted(r["reason"] for r in w.rejects("users_pg"))
        eq(len(reasons), 3, "rejects")
        contains(reasons[0], "field 'email': 'wangwu@example' is not an email address")
        contains(" ".join(reasons), "missing required field 'email'")
        contains(" ".join(reasons), "malformed CSV: line 5")
        eq(rep["runs"][0]["rows_read"], 7)
        eq(rep["runs"][0]["rows_rejected"], 3)
        # Again: same state, no duplicates, and the state table records two runs.
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        eq(pg.query("SELECT count(*) FROM users")[0][0], 3)
        state = json.loads(pg.query("SELECT state FROM _wharf_pipeline_state WHERE pipeline = 'users_pg'")[0][0])
        eq(state["runs"], 2)
    finally:
        pg.query("DROP TABLE IF EXISTS users")
        w.close()


def test_postgres_source_incremental_by_compound_cursor(pg, redis):
    w = Workdir()
    try:
        pg.query("CREATE TABLE events (id int PRIMARY KEY, updated_at timestamptz NOT NULL, v text)")
        pg.query("INSERT INTO events VALUES (1, '2026-01-01T00:00:00Z', 'a'), (2, '2026-01-01T00:00:00Z', 'b'),"
                 " (3, '2026-01-02T00:00:00Z', 'c')")
        w.write("p.yaml", """
pipeline: events
source: {sql: "SELECT id, updated_at, v FROM events", database: "%s"}
incremental: {cursor: [updated_at, id]}
sinks:
  out: {file: "out/{run}.ndjson", mode: append}
  tbl: {table: events, key: [id]}
""" % pg.url)
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        first = rep["runs"][0]
        eq(first["rows_written"], 6)
        # A row at the same instant as the cursor but with a greater id is new; one equal to
        # the cursor is not; an update moves a row past the cursor.
        pg.query("INSERT INTO events VALUES (4, '2026-01-02T00:00:00Z', 'd'), (0, '2026-01-03T00:00:00Z', 'e')")
        pg.query("UPDATE events SET v = 'a2', updated_at = '2026-01-04T00:00:00Z' WHERE id = 1")
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        run = rep["runs"][0]
        eq(run["rows_read"], 3, "the database skipped what was loaded (pushdown)")
        rows = [json.loads(line) for line in w.read("out/%s.ndjson" % run["run_id"]).splitlines()]
        eq([r["v"] for r in rows], ["d", "e", "a2"])
        eq(run["cursor_after"], ["2026-01-04T00:00:00Z", 1])
        code, out, err, rep = w.run("p.yaml")
        eq(rep["runs"][0]["rows_read"], 0, "nothing new")
        with w.serve() as srv:
            ddb = boto(srv, "dynamodb")
            item = ddb.get_item(TableName="events", Key={"id": {"N": "1"}})["Item"]
            eq(item["v"]["S"], "a2")
            eq(ddb.scan(TableName="events", Select="COUNT")["Count"], 5)  # one page: 5 small items
    finally:
        pg.query("DROP TABLE IF EXISTS events")
        w.close()


def test_redis_cache_with_ttl_and_deletes(pg, redis):
    w = Workdir()
    try:
        w.write("users.csv", "user_id,name,deleted\nu1,张三,false\nu2,Li,false\nu3,Gone,false\n")
        w.write("p.yaml", """
pipeline: cache
source: {file: users.csv}
sink: {redis: "%s", redis_key: "cache:{user_id}", ttl: 3600, delete_when: "deleted = 'true'"}
""" % redis.url)
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        eq(json.loads(redis.cli("GET", "cache:u1")), {"deleted": "false", "name": "张三", "user_id": "u1"})
        ttl = int(redis.cli("TTL", "cache:u1"))
        assert 3500 < ttl <= 3600, ttl
        w.write("users.csv", "user_id,name,deleted\nu3,Gone,true\n")
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        eq(redis.cli("EXISTS", "cache:u3"), "0")
        eq(redis.cli("EXISTS", "cache:u2"), "1")
        # Back out of Redis: SCAN over the pattern, JSON values as fields, hashes too.
        redis.cli("HSET", "cache:h1", "name", "哈希", "user_id", "h1")
        w.write("back.yaml", "pipeline: back\nsource: {redis: \"%s\", keys: \"cache:*\"}\n"
                "steps:\n  - select: [_key, user_id, name]\nsink: {file: out/back.csv}\n" % redis.url)
        code, out, err, rep = w.run("back.yaml")
        eq(code, 0, err)
        eq(sorted(w.read("out/back.csv").splitlines()),
           ["_key,user_id,name", "cache:h1,h1,哈希", "cache:u1,u1,张三", "cache:u2,u2,Li"])
        redis.cli("DEL", "cache:h1")
        # An unreachable Redis is a clear error before anything is read.
        w.write("bad.yaml", "pipeline: bad\nsource: {file: users.csv}\nsink: {redis: \"redis://127.0.0.1:%d\", redis_key: \"u:{user_id}\"}\n"
                % free_port())
        code, out, err, rep = w.run("bad.yaml")
        eq(code, 1)
        contains(rep["runs"][0]["error"], "cannot reach Redis at 127.0.0.1:")
    finally:
        w.close()


def orders_csv(n, seed):
    rnd = random.Random(seed)
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow(["order_id", "user_id", "amount", "status", "created_at"])
    for i in range(n):
        wr.writerow(["o-%07d" % i, "u-%05d" % rnd.randrange(5000), "%d.%02d" % (rnd.randrange(1000), rnd.randrange(100)),
                     rnd.choice(["paid", "PAID ", "shipped", "cancelled"]), "2026-%02d-%02dT10:00:00Z" % (1 + i % 12, 1 + i % 28)])
    return buf.getvalue()


KILL_PIPELINE = """
pipeline: orders_load
source: {file: orders.csv}
steps:
  - compute: {status: "lower(trim(status))"}
  - coerce: {amount: decimal, created_at: timestamp}
sinks:
  pg: {sql: "%(url)s", table: orders_k, key: [order_id]}
  tbl: {table: orders_k, key: [order_id]}
  file: {file: out/orders.ndjson.gz}
"""


def test_kill9_during_runs_then_resume_ends_in_the_same_state(pg, redis):
    n = 150000
    w = Workdir()
    try:
        w.write("orders.csv", orders_csv(n, 7))
        w.write("p.yaml", KILL_PIPELINE % {"url": pg.url})
        argv = [WHARF, "run", "--data", w.data, "--quiet", w.path("p.yaml")]
        kills = 0
        for delay in (0.3, 0.9, 1.6, 2.4, 3.3):
            proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            if proc.poll() is None:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.wait()
        assert kills >= 2, "the pipeline finished too fast to be killed (%d kills)" % kills
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        # The target state of an uninterrupted run: every order once, amounts exact.
        expected = {}
        for row in csv.DictReader(io.StringIO(w.read("orders.csv"))):
            expected[row["order_id"]] = Decimal(row["amount"])
        got = pg.query("SELECT count(*), sum(amount), count(DISTINCT order_id) FROM orders_k")[0]
        eq(got[0], n, "rows in PostgreSQL")
        eq(got[2], n, "distinct orders")
        eq(got[1], sum(expected.values()), "sum of amounts")
        with gzip.open(w.path("out/orders.ndjson.gz"), "rt") as f:
            eq(sum(1 for _ in f), n, "lines in the file sink")
        leftovers = glob.glob(w.path("out/*.tmp-*")) + glob.glob(os.path.join(w.data, "pipelines", "orders_load", "runs", "*"))
        eq(leftovers, [], "staging left behind")
        with w.serve() as srv:
            pages = boto(srv, "dynamodb").get_paginator("scan").paginate(TableName="orders_k", Select="COUNT")
            eq(sum(p["Count"] for p in pages), n, "items in the table")
    finally:
        pg.query("DROP TABLE IF EXISTS orders_k")
        pg.query("DELETE FROM _wharf_pipeline_state WHERE pipeline = 'orders_load'")
        w.close()


def test_every_bad_input_has_a_clear_error_or_reject(pg, redis):
    w = Workdir()
    try:
        # Missing file: the run fails and says which.
        w.write("missing.yaml", "pipeline: m\nsource: {file: nowhere.csv}\nsink: {file: out.csv}\n")
        code, out, err, rep = w.run("missing.yaml")
        eq(code, 1)
        contains(err, "no such file: %s" % w.path("nowhere.csv"))
        # Unreachable database: named with its address, before anything is read.
        w.write("a.csv", "id,v\n1,x\n")
        port = free_port()
        w.write("nodb.yaml", "pipeline: nodb\nsource: {file: a.csv}\nsink: {sql: \"postgresql://wharf@127.0.0.1:%d/x\", table: t, key: [id]}\n" % port)
        code, out, err, rep = w.run("nodb.yaml")
        eq(code, 1)
        contains(err, "127.0.0.1:%d" % port)
        # A file that does not parse as a pipeline: exit 2, file:line:column.
        w.write("typo.yaml", "pipeline: t\nsource: {file: a.csv}\nsteps:\n  - trimm: all\nsink: {file: o.csv}\n")
        code, out, err, rep = w.run("typo.yaml")
        eq(code, 2)
        contains(err, "typo.yaml:4:5: unknown step 'trimm'")
        # Malformed CSV, invalid UTF-8 and wrong types are rejects with reasons; the other rows load.
        w.write("dirty.csv", b"id,name,qty\n1,ok,3\n2,bad\xff\xfeutf8,4\n3,\"unclosed,5\n4,fine,x\n5,last,6\n", mode="wb")
        w.write("dirty.yaml", """
pipeline: dirty
source: {file: dirty.csv}
steps:
  - coerce: {id: int, qty: int}
sink: {sql: "%s", table: dirty, key: [id]}
""" % pg.url)
        code, out, err, rep = w.run("dirty.yaml")
        eq(code, 0, err)
        eq([r[0] for r in pg.query("SELECT id FROM dirty ORDER BY id")], [1, 5])
        reasons = {r["position"]: r["reason"] for r in w.rejects("dirty")}
        contains(reasons[3], "invalid UTF-8 in field 'name' at byte 3")
        raw3 = [r for r in w.rejects("dirty") if r["position"] == 3][0]
        eq(raw3["raw"], "2,bad\ufffd\ufffdutf8,4")
        eq(base64.b64decode(raw3["raw_base64"]), b"2,bad\xff\xfeutf8,4")
        contains(reasons[4], "malformed CSV")
        contains(reasons[5], "field 'qty': 'x' is not an integer")
        eq(sorted(reasons), [3, 4, 5])
        # Schema drift: a field the table has no column for fails the run, the table untouched.
        w.write("dirty.csv", "id,name,qty,colour\n9,new,1,red\n")
        code, out, err, rep = w.run("dirty.yaml")
        eq(code, 1)
        contains(err, "field 'colour' has no column in dirty")
        eq([r[0] for r in pg.query("SELECT id FROM dirty ORDER BY id")], [1, 5])
        # Over max_rejects: nothing published.
        w.write("dirty.csv", "id,name,qty\n10,a,1\n11,b,x\n12,c,y\n")
        w.write("strict.yaml", w.read("dirty.yaml").replace("pipeline: dirty", "pipeline: strict") + "rejects: {max: 1}\n")
        code, out, err, rep = w.run("strict.yaml")
        eq(code, 1)
        contains(err, "2 rows rejected (of 3 read), over max_rejects 1 rows; nothing was published")
        eq([r[0] for r in pg.query("SELECT id FROM dirty ORDER BY id")], [1, 5])
        # A data dir a server holds: wharf run says so (exit 2) instead of waiting or corrupting.
        with w.serve():
            code, out, err, rep = w.run("strict.yaml")
            eq(code, 2)
            contains(err, "is in use by another wharf process (is `wharf serve` running on it?)")
    finally:
        pg.query("DROP TABLE IF EXISTS dirty")
        w.close()


def test_format_conversions_json_xml_csv_sql_gzip(pg, redis):
    w = Workdir()
    try:
        w.write("products.json", json.dumps([
            {"id": "p1", "name": "手机 & case", "price": 1999.5, "tags": ["phone", "5G"]},
            {"id": "p2", "name": "Tea <green>", "price": 25, "tags": ["tea"]}], ensure_ascii=False))
        w.write("to_xml.yaml", "pipeline: to_xml\nsource: {file: products.json}\n"
                "sink: {file: out/products.xml, xml_root: catalog, xml_record: product}\n")
        code, out, err, rep = w.run("to_xml.yaml")
        eq(code, 0, err)
        import xml.etree.ElementTree as ET
        root = ET.fromstring(w.read("out/products.xml").encode())
        eq(root.tag, "catalog")
        eq([p.find("name").text for p in root.findall("product")], ["手机 & case", "Tea <green>"])
        eq([t.text for t in root.findall("product")[0].findall("tags")], ["phone", "5G"])
        # Back from XML, then CSV -> SQL INSERT statements that SQLite executes, and gzip.
        w.write("from_xml.yaml", "pipeline: from_xml\nsource: {file: out/products.xml, record: /catalog/product}\n"
                "steps:\n  - coerce: {price: decimal}\n  - select: [id, name, price]\n"
                "sinks:\n  csv: {file: out/products.csv.gz}\n  sql: {file: out/products.sql, sql_table: products}\n")
        code, out, err, rep = w.run("from_xml.yaml")
        eq(code, 0, err)
        with gzip.open(w.path("out/products.csv.gz"), "rt", encoding="utf-8") as f:
            eq(list(csv.reader(f)), [["id", "name", "price"], ["p1", "手机 & case", "1999.5"], ["p2", "Tea <green>", "25"]])
        db = sqlite3.connect(":memory:")
        db.execute("CREATE TABLE products (id TEXT, name TEXT, price NUMERIC)")
        db.executescript(w.read("out/products.sql"))
        eq(db.execute("SELECT id, name, price FROM products ORDER BY id").fetchall(),
           [("p1", "手机 & case", 1999.5), ("p2", "Tea <green>", 25)])
        # And SQL INSERT statements back to rows: our own output and a real dump of SQLite.
        db.execute("INSERT INTO products VALUES ('p3', 'It''s; 3', NULL)")
        w.write("dump.sql", "\n".join(db.iterdump()) + "\n")
        w.write("from_sql.yaml", "pipeline: from_sql\nsources:\n  - {file: out/products.sql}\n"
                "  - {file: dump.sql, sql_table: products, columns: [id, name, price]}\n"
                "  - {file: bad.sql, format: sql}\n"
                "sink: {file: out/from_sql.csv, columns: [id, name, price]}\n")
        w.write("bad.sql", "INSERT INTO products (id, name, price) VALUES ('p4', upper('x'), 1), ('p5', 'ok', 2);\n")
        code, out, err, rep = w.run("from_sql.yaml")
        eq(code, 0, err)
        eq(w.read("out/from_sql.csv").splitlines(),
           ["id,name,price", "p1,手机 & case,1999.5", "p2,Tea <green>,25",
            "p1,手机 & case,1999.5", "p2,Tea <green>,25", "p3,It's; 3,", "p5,ok,2"])
        rej = w.rejects("from_sql")
        eq(len(rej), 1)
        contains(rej[0]["reason"], "value 2 is not a literal")
        eq(rej[0]["raw"], "('p4', upper('x'), 1)")
    finally:
        w.close()


def test_objects_tables_and_search_through_real_clients(pg, redis):
    w = Workdir()
    try:
        gbk = "user_id,name,city\nu1,张三,上海\nu2,李四,北京\nu3,张伟,上海\n".encode("gbk")
        w.write("users_gbk.csv", gbk, mode="wb")
        w.write("export.yaml", "pipeline: export\nsource: {file: users_gbk.csv, encoding: gbk}\n"
                "sink: {object: \"s3://exports/users/{city}.csv.gz\", partition_by: city}\n")
        code, out, err, rep = w.run("export.yaml")
        eq(code, 0, err)
        w.write("load.yaml", """
pipeline: load
source: {object: "s3://exports/users/"}
sinks:
  users: {table: customers, key: [user_id]}
  search:
    index: customers
    id: user_id
    mode: replace
    mappings: {properties: {name: {type: text}, city: {type: keyword}}}
""")
        code, out, err, rep = w.run("load.yaml")
        eq(code, 0, err)
        eq(rep["runs"][0]["rows_read"], 3)
        code, out, err, rep = w.run("load.yaml")  # replace again: the alias moves, old index goes
        eq(code, 0, err)
        with w.serve() as srv:
            s3 = boto(srv, "s3")
            keys = sorted(o["Key"] for o in s3.list_objects_v2(Bucket="exports")["Contents"])
            eq(keys, ["users/上海.csv.gz", "users/北京.csv.gz"])
            body = gzip.decompress(s3.get_object(Bucket="exports", Key="users/上海.csv.gz")["Body"].read()).decode()
            eq(body, "user_id,name,city\nu1,张三,上海\nu3,张伟,上海\n")
            item = boto(srv, "dynamodb").get_item(TableName="customers", Key={"user_id": {"S": "u3"}})["Item"]
            eq(item["name"]["S"], "张伟")
            from elasticsearch import Elasticsearch
            es = Elasticsearch(["http://127.0.0.1:%d" % srv.search_port])
            hits = es.search(index="customers", query={"match": {"name": "张三"}})["hits"]["hits"]
            eq(hits[0]["_source"]["name"], "张三")
            es.indices.refresh(index="customers")
            indices = sorted(es.indices.get(index="customers*").keys())
            eq(len(indices), 1, "one index behind the alias after two replace runs: %r" % indices)
            eq(list(es.indices.get_alias(index=indices[0])[indices[0]]["aliases"]), ["customers"])
        # The index as a source: a query, pages in _id order.
        w.write("from_search.yaml", "pipeline: from_search\nsource: {search: customers, query: {term: {city: 上海}}}\n"
                "steps:\n  - select: [_id, name]\nsink: {file: out/shanghai.csv}\n")
        code, out, err, rep = w.run("from_search.yaml")
        eq(code, 0, err)
        eq(w.read("out/shanghai.csv"), "_id,name\nu1,张三\nu3,张伟\n")
    finally:
        w.close()


def test_objects_read_from_a_running_wharf_serve(pg, redis):
    """A pipeline against a running server's S3 API: list and GET, SigV4-signed, streamed."""
    served, w = Workdir(), Workdir()
    try:
        with served.serve() as srv:
            s3 = boto(srv, "s3")
            s3.create_bucket(Bucket="remote")
            s3.put_object(Bucket="remote", Key="in/a.csv", Body="id,name\n1,张三\n2,Li\n".encode())
            s3.put_object(Bucket="remote", Key="in/b.csv.gz", Body=gzip.compress("id,name\n3,王五\n".encode()))
            s3.put_object(Bucket="remote", Key="in/key with space.ndjson", Body=b'{"id": 4, "name": "Sp"}\n')
            w.write("p.yaml", "pipeline: remote\nsource: {object: \"s3://remote/in/\", endpoint: \"%s\"}\n"
                    "steps:\n  - coerce: {id: int}\nsink: {file: out/all.csv, columns: [id, name]}\n" % srv.endpoint)
            code, out, err, rep = w.run("p.yaml")
            eq(code, 0, err)
            eq(w.read("out/all.csv"), "id,name\n1,张三\n2,Li\n3,王五\n4,Sp\n")
            # And back to the server: an object sink with the same endpoint, partitioned.
            w.write("put.yaml", "pipeline: put\nsource: {file: out/all.csv}\n"
                    "sink: {object: \"s3://remote/out/{id}.json\", partition_by: id, endpoint: \"%s\"}\n" % srv.endpoint)
            code, out, err, rep = w.run("put.yaml")
            eq(code, 0, err)
            got = s3.get_object(Bucket="remote", Key="out/1.json")
            eq(json.loads(got["Body"].read()), [{"id": "1", "name": "张三"}])
            eq(got["ContentType"], "application/json")
            eq(sorted(o["Key"] for o in s3.list_objects_v2(Bucket="remote", Prefix="out/")["Contents"]),
               ["out/1.json", "out/2.json", "out/3.json", "out/4.json"])
            # Wrong credentials and a missing bucket: S3's own error codes.
            w.write("bad.yaml", "pipeline: bad\nsource: {object: \"s3://remote/in/\", endpoint: \"%s\", "
                    "access_key: nobody, secret_key: x}\nsink: {file: out/x.csv}\n" % srv.endpoint)
            code, out, err, rep = w.run("bad.yaml")
            eq(code, 1)
            contains(err, "InvalidAccessKeyId")
            w.write("nobucket.yaml", "pipeline: nobucket\nsource: {object: \"s3://nothere/\", endpoint: \"%s\"}\n"
                    "sink: {file: out/x.csv}\n" % srv.endpoint)
            code, out, err, rep = w.run("nobucket.yaml")
            eq(code, 1)
            contains(err, "NoSuchBucket")
        w.write("down.yaml", "pipeline: down\nsource: {object: \"s3://remote/in/\", endpoint: \"http://127.0.0.1:%d\"}\n"
                "sink: {file: out/x.csv}\n" % free_port())
        code, out, err, rep = w.run("down.yaml")
        eq(code, 1)
        contains(err, "cannot reach S3 at http://127.0.0.1:")
    finally:
        served.close()
        w.close()


def es(srv, method, path, body=None):
    """One Elasticsearch REST call to a server's search port; returns (status, parsed body)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(srv.search_endpoint + path, data=data, method=method,
                                 headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"null")


def run_remote(w, srv, *pipelines, extra=()):
    """`wharf run --endpoint`: no data dir, the server's tables, indexes and objects."""
    report = w.path("report-%d.json" % random.randrange(1 << 30))
    argv = [WHARF, "run", "--endpoint", srv.endpoint, "--search-endpoint", srv.search_endpoint,
            "--state", w.path("state"), "--json", report] + list(extra) + [w.path(p) for p in pipelines]
    r = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    rep = None
    if os.path.exists(report):
        with open(report) as f:
            rep = json.load(f)
    return r.returncode, r.stdout, r.stderr, rep


REMOTE_USERS = """
pipeline: remote_users
source: {file: users.csv}
steps:
  - coerce: {user_id: int, age: int, score: {type: decimal, scale: 2}}
sinks:
  table: {table: users, key: [user_id], delete_when: "op = 'D'"}
  index: {index: users, id: user_id, mode: replace, mappings: {properties: {name: {type: text}, age: {type: integer}}}}
"""


def users_csv(n, deleted=()):
    rows = ["user_id,name,age,score,op"]
    for i in range(1, n + 1):
        rows.append("%d,用户%d Zhang,%d,%d.25,%s" % (i, i, 20 + i % 50, i, "D" if i in deleted else "U"))
    return "\n".join(rows) + "\n"


def test_tables_and_indexes_of_a_running_wharf_serve(pg, redis):
    """`wharf run --endpoint`: the whole pipeline against a running server, through its DynamoDB
    and Elasticsearch APIs (BatchWriteItem, _bulk, alias swap), then read back with boto3 and
    the REST API, and read again as a source (Scan, Query, search_after)."""
    served, w = Workdir(), Workdir()
    try:
        with served.serve() as srv:
            ddb = boto(srv, "dynamodb")
            w.write("users.csv", users_csv(130))
            w.write("p.yaml", REMOTE_USERS)
            code, out, err, rep = run_remote(w, srv, "p.yaml")
            eq(code, 0, err)
            eq(rep["runs"][0]["status"], "succeeded")
            key = ddb.describe_table(TableName="users")["Table"]["KeySchema"]
            eq(key, [{"AttributeName": "user_id", "KeyType": "HASH"}], "created with the key")
            items = ddb.scan(TableName="users")["Items"]
            eq(len(items), 130, "items written in batches of 25")
            one = ddb.get_item(TableName="users", Key={"user_id": {"N": "7"}})["Item"]
            eq(one, {"user_id": {"N": "7"}, "name": {"S": "用户7 Zhang"}, "age": {"N": "27"},
                     "score": {"N": "7.25"}, "op": {"S": "U"}})
            st, aliases = es(srv, "GET", "/_alias/users")
            eq(st, 200)
            first = list(aliases)
            eq(len(first), 1, "one index behind the alias")
            eq(es(srv, "GET", "/users/_count")[1]["count"], 130)
            st, mapping = es(srv, "GET", "/users/_mapping")
            eq(mapping[first[0]]["mappings"]["properties"]["age"]["type"], "integer", "the spec's mappings")
            st, hits = es(srv, "POST", "/users/_search", {"query": {"term": {"age": 27}}})
            eq(sorted(h["_id"] for h in hits["hits"]["hits"]), ["107", "57", "7"])

            # Again with deletes (upsert: delete_when) and a new load swapped in (replace).
            w.write("users.csv", users_csv(120, deleted={3, 4, 5}))
            code, out, err, rep = run_remote(w, srv, "p.yaml")
            eq(code, 0, err)
            eq(ddb.scan(TableName="users", Select="COUNT")["Count"], 127, "3 deleted, 10 not in the file kept")
            eq("Item" in ddb.get_item(TableName="users", Key={"user_id": {"N": "4"}}), False)
            st, aliases = es(srv, "GET", "/_alias/users")
            eq(len(aliases), 1)
            if list(aliases) == first:
                raise AssertionError("the alias still names the first load")
            eq(es(srv, "GET", "/%s" % first[0])[0], 404, "the replaced index is deleted")
            eq(es(srv, "GET", "/users/_count")[1]["count"], 120)

            # Read back: a scan, one partition (Query) and a search, into a local file.
            w.write("back.yaml", """
pipeline: back
sources:
  - {table: users}
  - {table: users, partition: {user_id: 9}}
  - {search: users, query: {range: {age: {gte: 68}}}}
steps:
  - select: [user_id, name, age]
sink: {file: out/back.csv}
""")
            code, out, err, rep = run_remote(w, srv, "back.yaml")
            eq(code, 0, err)
            lines = w.read("out/back.csv").splitlines()
            eq(lines[0], "user_id,name,age")
            eq(len(lines) - 1, 127 + 1 + 2 * 2, "scan, one item, search hits (ages 68 and 69 twice each)")
            contains("\n".join(lines), "9,用户9 Zhang,29")

            # The same table sink with its own endpoint:, from a pipeline run on a data dir.
            w.write("direct.yaml", "pipeline: direct\nsource: {file: users.csv}\nsteps:\n  - coerce: {user_id: int}\n"
                    "sink: {table: copy, key: [user_id], endpoint: \"%s\"}\n" % srv.endpoint)
            code, out, err, rep = w.run("direct.yaml")
            eq(code, 0, err)
            eq(ddb.scan(TableName="copy", Select="COUNT")["Count"], 120)

            # What a user gets wrong: unknown table, wrong keys, sql: default without a data dir.
            w.write("missing.yaml", "pipeline: missing\nsource: {table: nothere}\nsink: {file: out/x.csv}\n")
            code, out, err, rep = run_remote(w, srv, "missing.yaml")
            eq(code, 1)
            contains(err, "no such table nothere at %s" % srv.endpoint)
            w.write("badkey.yaml", "pipeline: badkey\nsource: {table: users, access_key: nobody, secret_key: x}\n"
                    "sink: {file: out/x.csv}\n")
            code, out, err, rep = run_remote(w, srv, "badkey.yaml")
            eq(code, 1)
            contains(err, "UnrecognizedClientException")
            w.write("sql.yaml", "pipeline: sqldefault\nsource: {file: users.csv}\nsink: {sql: default, table: t}\n")
            code, out, err, rep = run_remote(w, srv, "sql.yaml")
            eq(code != 0, True, "sql: default against an endpoint fails")
            contains(err, "sql: default is the relational store of a data dir")
            eq(ddb.scan(TableName="users", Select="COUNT")["Count"], 127, "failed runs wrote nothing")
        # The server is gone: the run says which service it could not reach.
        code, out, err, rep = run_remote(w, srv, "p.yaml")
        eq(code, 1)
        contains(err, "cannot reach DynamoDB at %s: connect: Connection refused" % srv.endpoint)
    finally:
        served.close()
        w.close()


class FakePeer:
    """A peer that is not wharf, on a free loopback port: a ThreadingHTTPServer whose handler
    class the subclass builds (with `reply` to answer JSON)."""

    def start(self, handler):
        import http.server
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.endpoint = "http://127.0.0.1:%d" % self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @staticmethod
    def reply(handler, status, doc, ctype="application/json"):
        body = json.dumps(doc).encode()
        handler.send_response(status)
        handler.send_header("content-type", ctype)
        handler.send_header("content-length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class ThrottlingPeer(FakePeer):
    """A DynamoDB and Elasticsearch endpoint that is not wharf and pushes back as AWS and
    Elasticsearch do under load: BatchWriteItem leaves UnprocessedItems and answers
    ThrottlingException, _bulk answers some items 429. It keeps what it finally took."""

    def __init__(self):
        import http.server
        peer = self
        self.items, self.docs, self.calls = {}, {}, []

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def reply(self, status, doc, ctype="application/x-amz-json-1.0"):
                FakePeer.reply(self, status, doc, ctype)

            def do_GET(self):
                if self.path == "/users/_mapping":
                    return self.reply(200, {"users": {"mappings": {}}}, "application/json")
                self.reply(404, {"error": {"type": "index_not_found_exception", "reason": "no such index"}}, "application/json")

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                target = self.headers.get("x-amz-target", "")
                if target:
                    if "AWS4-HMAC-SHA256 Credential=" not in self.headers.get("authorization", ""):
                        return self.reply(400, {"__type": "com.amazonaws.dynamodb.v20120810#MissingAuthenticationTokenException"})
                    op = target.split(".")[-1]
                    peer.calls.append(op)
                    req = json.loads(body)
                    if op == "DescribeTable":
                        return self.reply(200, {"Table": {
                            "TableName": "users", "TableStatus": "ACTIVE",
                            "KeySchema": [{"AttributeName": "user_id", "KeyType": "HASH"}],
                            "AttributeDefinitions": [{"AttributeName": "user_id", "AttributeType": "N"}]}})
                    if op == "BatchWriteItem":
                        if peer.calls.count("BatchWriteItem") % 5 == 2:
                            return self.reply(400, {"__type": "com.amazonaws.dynamodb.v20120810#ThrottlingException",
                                                    "message": "Rate of requests exceeds the allowed throughput."})
                        writes = req["RequestItems"]["users"]
                        keep, left = writes[: (len(writes) + 1) // 2], writes[(len(writes) + 1) // 2:]
                        for wr in keep:
                            item = wr["PutRequest"]["Item"]
                            peer.items[item["user_id"]["N"]] = item
                        return self.reply(200, {"UnprocessedItems": {"users": left} if left else {}})
                    return self.reply(400, {"__type": "com.amazonaws.dynamodb.v20120810#UnknownOperationException"})
                if self.path == "/_bulk":
                    lines = body.decode().splitlines()
                    items, n = [], 0
                    for i in range(0, len(lines), 2):
                        meta, doc = json.loads(lines[i])["index"], json.loads(lines[i + 1])
                        n += 1
                        if n % 3 == 0 and meta["_id"] not in peer.docs and not peer.docs.get("#" + meta["_id"]):
                            peer.docs["#" + meta["_id"]] = True  # refused once, taken when sent again
                            items.append({"index": {"_id": meta["_id"], "status": 429,
                                                    "error": {"type": "es_rejected_execution_exception"}}})
                        else:
                            peer.docs[meta["_id"]] = doc
                            items.append({"index": {"_id": meta["_id"], "status": 201, "result": "created"}})
                    return self.reply(200, {"took": 1, "errors": True, "items": items}, "application/json")
                if self.path == "/users/_refresh":
                    return self.reply(200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}, "application/json")
                self.reply(404, {}, "application/json")

        self.start(Handler)


def test_remote_sinks_retry_what_a_throttled_peer_leaves(pg, redis):
    """Against a peer that is not wharf: every UnprocessedItems entry and every 429 document is
    sent again until taken, so nothing is lost under throttling."""
    w, peer = Workdir(), ThrottlingPeer()
    try:
        w.write("users.csv", users_csv(300))
        w.write("p.yaml", "pipeline: throttled\nsource: {file: users.csv}\nsteps:\n  - coerce: {user_id: int}\n"
                "sinks:\n  t: {table: users, key: [user_id], endpoint: \"%s\"}\n"
                "  i: {index: users, id: user_id, endpoint: \"%s\"}\n" % (peer.endpoint, peer.endpoint))
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        eq(sorted(peer.items, key=int), [str(i) for i in range(1, 301)], "every item taken")
        eq(peer.items["7"]["name"], {"S": "用户7 Zhang"})
        if peer.calls.count("BatchWriteItem") < 2 * (300 // 25):
            raise AssertionError("unprocessed items were not sent again: %d calls" % peer.calls.count("BatchWriteItem"))
        eq(sorted(k for k in peer.docs if not k.startswith("#")), sorted(str(i) for i in range(1, 301)),
           "every document taken")
        eq(peer.docs["7"]["name"], "用户7 Zhang")
        eq(any(k.startswith("#") for k in peer.docs), True, "some documents were refused once")
    finally:
        peer.close()
        w.close()


class Es8Peer(FakePeer):
    """An Elasticsearch 8 as a search source sees it: sorting on _id is refused (the default of
    indices.id_field_data.enabled), paging goes through a point in time sorted on _shard_doc."""

    def __init__(self, n):
        import http.server
        peer = self
        self.docs = [("d%03d" % i, {"n": i, "name": "文档%d" % i}) for i in range(n)]
        self.pits_opened, self.pits_closed, self.pages = 0, 0, 0

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def reply(self, status, doc):
                FakePeer.reply(self, status, doc)

            def body(self):
                n = int(self.headers.get("content-length", 0))
                return json.loads(self.rfile.read(n)) if n else {}

            def do_GET(self):
                if self.path == "/docs/_mapping":
                    return self.reply(200, {"docs": {"mappings": {"properties": {"n": {"type": "long"}}}}})
                self.reply(404, {"error": {"type": "index_not_found_exception", "reason": "no such index"}, "status": 404})

            def do_DELETE(self):
                if self.path == "/_pit" and self.body().get("id", "").startswith("pit-"):
                    peer.pits_closed += 1
                    return self.reply(200, {"succeeded": True, "num_freed": 1})
                self.reply(404, {})

            def do_POST(self):
                req = self.body()
                if self.path.startswith("/docs/_pit?"):
                    peer.pits_opened += 1
                    return self.reply(200, {"id": "pit-%d" % peer.pits_opened})
                if self.path == "/docs/_search":
                    return self.reply(400, {"error": {"type": "illegal_argument_exception", "reason":
                        "Fielddata access on the _id field is disallowed, you can re-enable it by updating the "
                        "dynamic cluster setting: indices.id_field_data.enabled"}, "status": 400})
                if self.path == "/_search" and "pit" in req and req["sort"] == [{"_shard_doc": "asc"}]:
                    peer.pages += 1
                    start = req["search_after"][0] + 1 if "search_after" in req else 0
                    lo = req.get("query", {}).get("range", {}).get("n", {}).get("gte", 0)
                    hits = [{"_index": "docs", "_id": i, "_source": d, "sort": [k]}
                            for k, (i, d) in enumerate(peer.docs) if k >= start and d["n"] >= lo][: req["size"]]
                    return self.reply(200, {"pit_id": req["pit"]["id"], "hits": {"hits": hits}})
                self.reply(400, {"error": {"type": "parsing_exception", "reason": "unexpected"}, "status": 400})

        self.start(Handler)


def test_search_source_pages_an_elasticsearch_8_through_a_point_in_time(pg, redis):
    w, peer = Workdir(), Es8Peer(5000)
    try:
        w.write("p.yaml", "pipeline: es8\nsource: {search: docs, query: {range: {n: {gte: 10}}}, endpoint: \"%s\"}\n"
                "steps:\n  - select: [_id, n, name]\nsink: {file: out/docs.csv}\n" % peer.endpoint)
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        lines = w.read("out/docs.csv").splitlines()
        eq(lines[0], "_id,n,name")
        eq(len(lines) - 1, 4990, "every matching document once")
        eq(lines[1], "d010,10,文档10")
        eq(lines[-1], "d4999,4999,文档4999")
        eq((peer.pits_opened, peer.pits_closed), (1, 1), "one point in time, released at the end")
        if peer.pages < 3:
            raise AssertionError("read in pages of the batch size, got %d pages" % peer.pages)
    finally:
        peer.close()
        w.close()


class CreatingPeer(FakePeer):
    """A DynamoDB that creates tables as AWS does: DescribeTable says CREATING for a while after
    CreateTable, and writes are taken only once the table is ACTIVE."""

    def __init__(self, creating_describes=2):
        import http.server
        peer = self
        self.created, self.describes, self.items, self.early_writes = None, 0, {}, 0
        self.creating_left = creating_describes

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *a):
                pass

            def do_POST(self):
                req = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
                op = self.headers.get("x-amz-target", "").split(".")[-1]
                reply = lambda status, doc: FakePeer.reply(self, status, doc, "application/x-amz-json-1.0")
                not_found = {"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
                             "message": "Requested resource not found"}
                if op == "DescribeTable":
                    peer.describes += 1
                    if not peer.created:
                        return reply(400, not_found)
                    status = "CREATING" if peer.creating_left > 0 else "ACTIVE"
                    peer.creating_left -= 1
                    return reply(200, {"Table": dict(peer.created, TableStatus=status)})
                if op == "CreateTable":
                    peer.created = req
                    return reply(200, {"TableDescription": dict(req, TableStatus="CREATING")})
                if op == "BatchWriteItem":
                    if peer.creating_left >= 0:
                        peer.early_writes += 1
                        return reply(400, not_found)
                    for wr in req["RequestItems"]["users"]:
                        item = wr["PutRequest"]["Item"]
                        peer.items[item["user_id"]["N"]] = item
                    return reply(200, {"UnprocessedItems": {}})
                reply(400, {"__type": "com.amazonaws.dynamodb.v20120810#UnknownOperationException"})

        self.start(Handler)


def test_remote_table_created_and_written_once_active(pg, redis):
    """A table the run creates at an AWS-like endpoint: CreateTable with the key from the spec and
    the type from the rows, then the run waits out CREATING before it writes."""
    w, peer = Workdir(), CreatingPeer()
    try:
        w.write("users.csv", users_csv(40))
        w.write("p.yaml", "pipeline: creating\nsource: {file: users.csv}\nsteps:\n  - coerce: {user_id: int}\n"
                "sink: {table: users, key: [user_id], endpoint: \"%s\"}\n" % peer.endpoint)
        code, out, err, rep = w.run("p.yaml")
        eq(code, 0, err)
        eq(peer.created["KeySchema"], [{"AttributeName": "user_id", "KeyType": "HASH"}])
        eq(peer.created["AttributeDefinitions"], [{"AttributeName": "user_id", "AttributeType": "N"}])
        eq(peer.created["BillingMode"], "PAY_PER_REQUEST")
        eq(peer.early_writes, 0, "no write before ACTIVE")
        eq(len(peer.items), 40)
    finally:
        peer.close()
        w.close()


class TlsProxy:
    """TLS in front of a plain server, with a certificate of our own CA: an https endpoint."""

    def __init__(self, upstream_port):
        self.dir = tempfile.mkdtemp(prefix="wharf-tls-")
        self.cert, key = os.path.join(self.dir, "cert.pem"), os.path.join(self.dir, "key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", self.cert,
                        "-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
                       check=True, capture_output=True)
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(self.cert, key)
        self.upstream = upstream_port
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client):
        try:
            tls = self.ctx.wrap_socket(client, server_side=True)
        except (ssl.SSLError, OSError):
            client.close()
            return
        up = socket.create_connection(("127.0.0.1", self.upstream))

        def pump(a, b):
            try:
                while True:
                    data = a.recv(65536)
                    if not data:
                        break
                    b.sendall(data)
            except OSError:
                pass
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass

        threading.Thread(target=pump, args=(up, tls), daemon=True).start()
        pump(tls, up)

    def close(self):
        self.sock.close()
        shutil.rmtree(self.dir, ignore_errors=True)


def test_https_endpoints_and_multipart_outputs(pg, redis):
    """An https endpoint (certificate checked against AWS_CA_BUNDLE, refused without it), and an
    object output larger than part_size_mb stored by multipart upload."""
    served, w = Workdir(), Workdir()
    proxy = None
    try:
        with served.serve() as srv:
            s3 = boto(srv, "s3")
            s3.create_bucket(Bucket="big")
            proxy = TlsProxy(srv.port)
            https = "https://localhost:%d" % proxy.port
            rows = ["id,text"] + ["%d,%s" % (i, "-".join(["行%d" % i] * 12)) for i in range(60000)]
            w.write("big.csv", "\n".join(rows) + "\n")
            w.write("up.yaml", "pipeline: up\nsource: {file: big.csv}\n"
                    "sink: {object: \"s3://big/all.csv\", part_size_mb: 5, endpoint: \"%s\"}\n" % https)
            code, out, err, rep = w.run("up.yaml", env={"AWS_CA_BUNDLE": proxy.cert})
            eq(code, 0, err)
            head = s3.head_object(Bucket="big", Key="all.csv")
            size = os.path.getsize(w.path("big.csv"))
            eq(head["ContentLength"], size)
            parts = -(-size // (5 << 20))
            if parts < 2:
                raise AssertionError("the test file must need several parts, has %d bytes" % size)
            eq(head["ETag"].strip('"').endswith("-%d" % parts), True, "a multipart ETag: %s" % head["ETag"])
            eq(s3.get_object(Bucket="big", Key="all.csv")["Body"].read(), open(w.path("big.csv"), "rb").read())
            eq(s3.list_multipart_uploads(Bucket="big").get("Uploads", []), [], "no upload left open")
            # Read it back over https.
            w.write("down.yaml", "pipeline: down\nsource: {object: \"s3://big/all.csv\", endpoint: \"%s\"}\n"
                    "steps:\n  - filter: \"id = '59999'\"\nsink: {file: out/last.csv}\n" % https)
            code, out, err, rep = w.run("down.yaml", env={"AWS_CA_BUNDLE": proxy.cert})
            eq(code, 0, err)
            eq(w.read("out/last.csv").splitlines()[1], rows[-1])
            # Without the CA bundle the certificate is not trusted: a clear error, nothing read.
            env = dict(AWS_CA_BUNDLE="")
            code, out, err, rep = w.run("down.yaml", env=env)
            eq(code, 1)
            contains(err, "cannot reach S3 at %s" % https)
            contains(err, "certificate verify failed")
            # A CA bundle that cannot be read says so.
            code, out, err, rep = w.run("down.yaml", env={"AWS_CA_BUNDLE": w.path("no-such-ca.pem")})
            eq(code, 1)
            contains(err, "cannot load the CA certificates of %s" % w.path("no-such-ca.pem"))
            # The certificate names localhost: 127.0.0.1 is another host.
            w.write("ip.yaml", "pipeline: ip\nsource: {object: \"s3://big/all.csv\", endpoint: \"https://127.0.0.1:%d\"}\n"
                    "sink: {file: out/x.csv}\n" % proxy.port)
            code, out, err, rep = w.run("ip.yaml", env={"AWS_CA_BUNDLE": proxy.cert})
            eq(code, 1)
            contains(err, "certificate verify failed")
    finally:
        if proxy:
            proxy.close()
        served.close()
        w.close()


def test_demo_runs_and_prints_what_it_promises(pg, redis):
    w = Workdir()
    try:
        port = free_port()
        started = time.time()
        env = dict(os.environ, WHARF_REDIS_URL=redis.url)
        r = subprocess.run([WHARF, "demo", "--data", w.data, "--port", str(port)], capture_output=True,
                           text=True, timeout=120, cwd=ROOT, env=env)
        elapsed = time.time() - started
        eq(r.returncode, 0, r.stderr)
        assert elapsed < 60, "the demo took %.1f s" % elapsed
        out = r.stdout
        for name in ("users", "products", "orders", "order_facts", "recommendations", "daily_sales",
                     "redis_user_cache", "redis_recommendations"):
            contains(out, "pipeline %s · run" % name)
        eq(out.count("· succeeded in"), 8)
        contains(out, "raw data: 5 objects")
        searches = [line for line in out.splitlines() if line.strip().endswith("matches)")]
        eq(len(searches), 3, "three searches")
        for line in searches:
            assert not line.strip().endswith("(0 matches)"), line
        contains(out, "recommendations for u-")
        eq(redis.cli("EXISTS", "user:u-00042"), "1")
        assert redis.cli("KEYS", "recs:*"), "recommendations in Redis"
        url = [line.strip() for line in out.splitlines() if "/reports/daily_sales.csv?X-Amz-Algorithm" in line][0]
        contains(url, "http://127.0.0.1:%d/" % port)
        with w.serve(port=port):
            report = urllib.request.urlopen(url).read().decode()
        contains(report.splitlines()[0], "order_date,orders,lines,revenue,average_line")
        eq(len(report.splitlines()), 325, "a line per day with orders, and the header")
    finally:
        w.close()


RDS_MANAGER = '''
import psycopg2
from psycopg2 import pool
from contextlib import contextmanager


class RDSManager:
    """The RDSManager of the product seed, unchanged."""

    def __init__(self, db_config):
        self.db_config = db_config
        self.connection_pool = None
        self._create_pool()

    def _create_pool(self):
        self.connection_pool = pool.SimpleConnectionPool(
            1, 20,
            host=self.db_config['host'],
            port=self.db_config.get('port', 5432),
            database=self.db_config['database'],
            user=self.db_config['user'],
            password=self.db_config['password']
        )

    @contextmanager
    def get_connection(self):
        conn = self.connection_pool.getconn()
        try:
            yield conn
        finally:
            self.connection_pool.putconn(conn)

    def execute_query(self, query, params=None):
        with self.get_connection() as conn:
            with conn.cursor() as cur:
                cur.execute(query, params)
                return cur.fetchall()

    def execute_update(self, query, params=None):
        with self.get_connection() as conn:
            with conn.cursor() as cur:
                cur.execute(query, params)
                conn.commit()
                return cur.rowcount
'''


def test_rds_manager_against_wharf_serve_postgres(pg, redis):
    w = Workdir()
    os.chmod(w.dir, 0o755)  # the postgres account walks into the data dir
    ns = {}
    exec(RDS_MANAGER, ns)
    pg_port = free_port()
    try:
        with w.serve(["--postgres", "--postgres-port", str(pg_port)]):
            rds = ns["RDSManager"]({"host": "127.0.0.1", "port": pg_port, "database": "wharf", "user": "wharf",
                                    "password": "wharf-secret"})
            rds.execute_update("CREATE TABLE users (id serial PRIMARY KEY, name text, email text, age int)")
            eq(rds.execute_update("INSERT INTO users (name, email, age) VALUES (%s, %s, %s)", ("李四", "lisi@example.com", 30)), 1)
            rds.execute_update("INSERT INTO users (name, email, age) VALUES (%s, %s, %s)", ("张三", "zs@example.com", 20))
            eq(rds.execute_query("SELECT name FROM users WHERE age > %s", (25,)), [("李四",)])
            rds.connection_pool.closeall()
        # Stopped with the server; a restart reuses the cluster and finds the rows.
        with socket.socket() as s:
            assert s.connect_ex(("127.0.0.1", pg_port)) != 0, "PostgreSQL still listening after the server stopped"
        with w.serve(["--postgres", "--postgres-port", str(pg_port)]):
            rds = ns["RDSManager"]({"host": "127.0.0.1", "port": pg_port, "database": "wharf", "user": "wharf",
                                    "password": "wharf-secret"})
            eq(rds.execute_query("SELECT count(*) FROM users"), [(2,)])
            # A wrong password is refused.
            import psycopg2
            try:
                psycopg2.connect(host="127.0.0.1", port=pg_port, dbname="wharf", user="wharf", password="nope")
                raise AssertionError("a wrong password was accepted")
            except psycopg2.OperationalError as e:
                contains(str(e), "password authentication failed")
            rds.connection_pool.closeall()
    finally:
        w.close()


def main():
    wanted = [a for a in sys.argv[1:] if not a.startswith("-")]
    tests = [(n, f) for n, f in sorted(globals().items()) if n.startswith("test_") and callable(f)]
    if wanted:
        tests = [(n, f) for n, f in tests if any(k in n for k in wanted)]
    pg = Postgres()
    redis = Redis()
    passed = failed = 0
    try:
        for name, fn in tests:
            t = time.time()
            try:
                fn(pg, redis)
                passed += 1
                print("ok   %s (%.1f s)" % (name, time.time() - t), flush=True)
            except Exception:
                failed += 1
                print("FAIL %s (%.1f s)" % (name, time.time() - t), flush=True)
                traceback.print_exc()
    finally:
        redis.close()
        pg.close()
    print("%d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed or not passed else 0)


if __name__ == "__main__":
    main()
