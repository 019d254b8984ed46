#!/usr/bin/env python3
"""The pipeline benchmark's body (bench/pipeline/run.sh): generates the orders CSV (dirty and its
clean twin), starts PostgreSQL and the peers, times each way of loading, prints a table."""
import datetime
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e", "pipelines"))
from pipelines_e2e import Postgres, free_port, serve  # noqa: E402

WHARF = os.path.join(ROOT, "build", "wharf")
ROWS = int(os.environ.get("ROWS", "5000000"))
TABLE_ROWS = int(os.environ.get("TABLE_ROWS", "200000"))
LOOP_ROWS = int(os.environ.get("LOOP_ROWS", "20000"))
STATUSES = ["paid", "shipped", "cancelled", "refunded"]


def generate(work):
    """orders.csv (dirty: stray spaces, status case, two date formats) and clean.csv, the same
    rows as the pipeline writes them."""
    rnd = random.Random(5)
    dirty = open(os.path.join(work, "orders.csv"), "w")
    clean = open(os.path.join(work, "clean.csv"), "w")
    header = "order_id,user_id,product_id,qty,unit_price,status,created_at\n"
    dirty.write(header)
    clean.write(header)
    base = datetime.datetime(2026, 1, 1)
    for i in range(ROWS):
        user = "u-%05d" % rnd.randrange(100000)
        product = "p-%04d" % rnd.randrange(5000)
        qty = rnd.randrange(1, 6)
        price = "%d.%02d" % (rnd.randrange(1, 2000), rnd.randrange(100))
        status = rnd.choice(STATUSES)
        t = base + datetime.timedelta(seconds=i * 6)
        iso = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        clean.write("o-%08d,%s,%s,%d,%s,%s,%s\n" % (i, user, product, qty, price, status, iso))
        d_user = " %s " % user if i % 50 == 0 else user
        d_status = status.upper() if i % 7 == 0 else status
        d_time = t.strftime("%Y/%m/%d %H:%M:%S") if i % 3 == 0 else iso
        dirty.write("o-%08d,%s,%s,%d,%s,%s,%s\n" % (i, d_user, product, qty, price, d_status, d_time))
    dirty.close()
    clean.close()


def head(src, dst, n):
    with open(src) as f, open(dst, "w") as out:
        for i, line in enumerate(f):
            if i > n:
                break
            out.write(line)


COLUMNS = "{order_id: text, user_id: text, product_id: text, qty: integer, unit_price: decimal, status: text, created_at: timestamp}"
CLEAN_STEPS = """steps:
  - trim: [user_id, status]
  - lowercase: [status]
  - coerce: {qty: int, unit_price: decimal, created_at: {type: timestamp, formats: ["%Y/%m/%d %H:%M:%S"]}}
"""


def timed(argv, **kw):
    t = time.time()
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise RuntimeError("%s failed: %s %s" % (argv[:3], r.stdout[-2000:], r.stderr[-2000:]))
    return time.time() - t, r


def wharf_run(work, name, yaml):
    path = os.path.join(work, name + ".yaml")
    with open(path, "w") as f:
        f.write(yaml)
    secs, r = timed([WHARF, "run", "--quiet", "--data", os.path.join(work, "data"), path])
    return secs


def boto3_loop(endpoint, table, rows_csv, n):
    """The seed's approach: DynamoDBManager.put_item, one row at a time."""
    import boto3
    ddb = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                         aws_access_key_id="wharf", aws_secret_access_key="wharf-secret")
    t = ddb.create_table(TableName=table, BillingMode="PAY_PER_REQUEST",
                         KeySchema=[{"AttributeName": "order_id", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "order_id", "AttributeType": "S"}])
    t.wait_until_exists()
    from decimal import Decimal
    start = time.time()
    with open(rows_csv) as f:
        cols = f.readline().strip().split(",")
        for i, line in enumerate(f):
            if i >= n:
                break
            row = dict(zip(cols, line.strip().split(",")))
            row["qty"] = int(row["qty"])
            row["unit_price"] = Decimal(row["unit_price"])
            t.put_item(Item=row)
    return time.time() - start


def main():
    work = tempfile.mkdtemp(prefix="wharf-bench-pipeline-")
    os.chmod(work, 0o755)
    rows = []
    try:
        t = time.time()
        generate(work)
        size = os.path.getsize(os.path.join(work, "orders.csv"))
        print("generated %d rows (%.0f MiB) in %.1f s" % (ROWS, size / 2**20, time.time() - t), flush=True)
        pg = Postgres()
        try:
            ddl = ("CREATE TABLE orders_copy (order_id text PRIMARY KEY, user_id text, product_id text, qty bigint,"
                   " unit_price numeric, status text, created_at timestamptz)")
            pg.query(ddl)
            psql = ["psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "wharf", "-d", "postgres", "-q", "-c"]
            copy_s, _ = timed(psql + ["\\copy orders_copy FROM '%s' WITH (FORMAT csv, HEADER true)" % os.path.join(work, "clean.csv")])
            rows.append(("psql \\copy of the clean file (PK order_id)", ROWS, copy_s, None))
            print("copy: %.1f s" % copy_s, flush=True)
            secs = wharf_run(work, "to_pg", "pipeline: to_pg\nsource: {file: orders.csv}\n" + CLEAN_STEPS +
                             "sink: {sql: \"%s\", table: orders_wharf, key: [order_id], mode: replace, columns: %s}\n"
                             % (pg.url, COLUMNS))
            rows.append(("wharf run: clean + load into PostgreSQL (replace)", ROWS, secs, copy_s / secs))
            print("wharf to pg: %.1f s" % secs, flush=True)
            n = pg.query("SELECT count(*) FROM orders_wharf")[0][0]
            assert n == ROWS, n
        finally:
            pg.close()

        small = os.path.join(work, "small.csv")
        head(os.path.join(work, "orders.csv"), small, TABLE_ROWS)
        secs = wharf_run(work, "to_table", "pipeline: to_table\nsource: {file: small.csv}\n" + CLEAN_STEPS +
                         "sink: {table: orders, key: [order_id]}\n")
        rows.append(("wharf run: CSV -> table (in-process)", TABLE_ROWS, secs, None))
        secs = wharf_run(work, "to_index", "pipeline: to_index\nsource: {file: small.csv}\n" + CLEAN_STEPS +
                         "sink: {index: orders, id: order_id}\n")
        rows.append(("wharf run: CSV -> search index (in-process)", TABLE_ROWS, secs, None))

        loop_data = os.path.join(work, "loop")
        with serve(loop_data, ["--log-level", "warn"]) as srv:
            secs = boto3_loop(srv.endpoint, "loop", os.path.join(work, "clean.csv"), LOOP_ROWS)
        rows.append(("boto3 put_item loop -> wharf serve", LOOP_ROWS, secs, None))
        dport = free_port()
        dyn = subprocess.Popen(["node", os.path.join(ROOT, "bench/dynamo/node_modules/.bin/dynalite"), "--port", str(dport),
                                "--path", os.path.join(work, "dynalite")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(100):
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", dport)) == 0:
                        break
                time.sleep(0.1)
            secs = boto3_loop("http://127.0.0.1:%d" % dport, "loop", os.path.join(work, "clean.csv"), LOOP_ROWS)
        finally:
            dyn.terminate()
        rows.append(("boto3 put_item loop -> dynalite --path", LOOP_ROWS, secs, None))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print()
    print("machine: %s, %d cores, %s; %s" % (cpu, os.cpu_count(), platform.platform(), datetime.date.today()))
    print("%-52s %10s %9s %12s %8s" % ("what", "rows", "seconds", "rows/s", "vs COPY"))
    for what, n, secs, ratio in rows:
        print("%-52s %10d %9.2f %12.0f %8s" % (what, n, secs, n / secs, "%.2fx" % ratio if ratio else ""))
    t_wharf = [r for r in rows if r[0].startswith("wharf run: CSV -> table")][0]
    t_loop_w = [r for r in rows if "-> wharf serve" in r[0]][0]
    t_loop_d = [r for r in rows if "dynalite" in r[0]][0]
    print("CSV -> table: wharf run %.1fx the boto3 loop against wharf, %.1fx against dynalite"
          % ((t_wharf[1] / t_wharf[2]) / (t_loop_w[1] / t_loop_w[2]), (t_wharf[1] / t_wharf[2]) / (t_loop_d[1] / t_loop_d[2])))


if __name__ == "__main__":
    main()
