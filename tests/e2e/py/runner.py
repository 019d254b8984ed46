#!/usr/bin/env python3
"""Tiny stdlib-only test runner for the boto3 end-to-end suite.

    python3 tests/e2e/py/runner.py [-k SUBSTR]... [-v] [-x] [test_file.py ...]

Runs every top-level `test_*(ctx)` function of the given modules (default: all
tests/e2e/py/test_*.py next to this file), prints each failure with its traceback, then a
label line and the closing line `N passed, N failed` (`, N skipped` added when some were
skipped). Exit code 1 if any test failed or none ran.

Starts one wharf server (tests/e2e/harness.py) for the whole run unless S3_ENDPOINT is set.
"""

import base64
import datetime
import hashlib
import hmac
import importlib.util
import itertools
import os
import random
import re
import shutil
import signal
import string
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
import zlib
from urllib.parse import quote, unquote, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.dirname(HERE))  # tests/e2e for harness

# Let test modules `import runner` and get this very module (same Skip class).
sys.modules.setdefault("runner", sys.modules[__name__])

import harness  # noqa: E402

import boto3  # noqa: E402
import botocore  # noqa: E402
from botocore.config import Config  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

TEST_TIMEOUT = int(os.environ.get("E2E_TEST_TIMEOUT", "90"))
REGION = "us-east-1"


class Skip(Exception):
    pass


class TestTimeout(Exception):
    pass


class Failure(AssertionError):
    pass


def _boto_version_tuple():
    return tuple(int(x) for x in re.findall(r"\d+", boto3.__version__)[:3])


_run_id = "".join(random.choice(string.ascii_lowercase + string.digits) for _ in range(6))
_bucket_counter = itertools.count(1)


# ---------------------------------------------------------------------------
# Helpers shared by the test modules (`from runner import ...`).

def b64(raw):
    return base64.b64encode(raw).decode("ascii")


def md5_hex(data):
    return hashlib.md5(data).hexdigest()


def md5_b64(data):
    return b64(hashlib.md5(data).digest())


def sha1_b64(data):
    return b64(hashlib.sha1(data).digest())


def sha256_b64(data):
    return b64(hashlib.sha256(data).digest())


def crc32_b64(data):
    return b64((zlib.crc32(data) & 0xFFFFFFFF).to_bytes(4, "big"))


def _crc32c_table():
    poly, table = 0x82F63B78, []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ poly if c & 1 else c >> 1
        table.append(c)
    return table


_CRC32C = _crc32c_table()


def crc32c(data):
    c = 0xFFFFFFFF
    t = _CRC32C
    for byte in data:
        c = t[(c ^ byte) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def crc32c_b64(data):
    return b64(crc32c(data).to_bytes(4, "big"))


def etag_of(data):
    """ETag S3 gives a single-PUT object: quoted md5 hex."""
    return '"%s"' % md5_hex(data)


def multipart_etag(parts):
    """ETag of a completed multipart upload made of these part bodies."""
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    return '"%s-%d"' % (digest, len(parts))


def has_param(client, operation, member):
    op = client.meta.service_model.operation_model(operation)
    return member in op.input_shape.members


def add_header_hook(client, operation, name, value):
    """Send an extra header on every `operation` call of this client (for params the SDK's
    service model lacks, e.g. If-None-Match on PutObject in boto3 1.26)."""
    def hook(request, **kwargs):
        request.headers[name] = value
    client.meta.events.register("before-sign.s3.%s" % operation, hook)
    return hook


def parse_error_xml(body):
    """<Error><Code>..</Code><Message>..</Message>...</Error> -> dict of child texts."""
    root = ET.fromstring(body)
    if root.tag != "Error":
        raise Failure("error body root is <%s>, not <Error>: %r" % (root.tag, body[:300]))
    return {child.tag: (child.text or "") for child in root}


def sigv4_headers(method, url, access_key, secret_key, headers=None, body=b"", region=REGION,
                  amz_date=None, payload_hash=None, service="s3", send_content_sha256=True):
    """Headers (incl. Authorization) for a SigV4 header-signed request, computed by hand
    (independent of botocore), with a caller-chosen X-Amz-Date (a datetime).
    send_content_sha256=False leaves the x-amz-content-sha256 header out (the payload hash is
    still what is signed), as clients of services other than S3 do."""
    parts = urlsplit(url)
    when = amz_date or datetime.datetime.now(datetime.timezone.utc)
    stamp = when.strftime("%Y%m%dT%H%M%SZ")
    day = stamp[:8]
    if payload_hash is None:
        payload_hash = hashlib.sha256(body or b"").hexdigest()
    hdrs = {"host": parts.netloc, "x-amz-date": stamp}
    if send_content_sha256:
        hdrs["x-amz-content-sha256"] = payload_hash
    for k, v in (headers or {}).items():
        hdrs[k.lower()] = str(v).strip()
    signed = sorted(hdrs)
    canonical_headers = "".join("%s:%s\n" % (k, " ".join(hdrs[k].split())) for k in signed)
    query = []
    for item in parts.query.split("&") if parts.query else []:
        k, _, v = item.partition("=")
        query.append((quote(unquote(k), safe="-_.~"), quote(unquote(v), safe="-_.~")))
    canonical_query = "&".join("%s=%s" % kv for kv in sorted(query))
    canonical_path = quote(unquote(parts.path or "/"), safe="/-_.~")
    creq = "\n".join([method, canonical_path, canonical_query, canonical_headers, ";".join(signed),
                      payload_hash])
    scope = "%s/%s/%s/aws4_request" % (day, region, service)
    sts = "\n".join(["AWS4-HMAC-SHA256", stamp, scope, hashlib.sha256(creq.encode()).hexdigest()])

    def h(key, msg):
        return hmac.new(key, msg.encode(), hashlib.sha256).digest()
    key = h(h(h(h(("AWS4" + secret_key).encode(), day), region), service), "aws4_request")
    sig = hmac.new(key, sts.encode(), hashlib.sha256).hexdigest()
    hdrs["authorization"] = "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        access_key, scope, ";".join(signed), sig)
    del hdrs["host"]
    return hdrs


def _short_args(kwargs):
    out = []
    for k, v in kwargs.items():
        r = repr(v)
        out.append("%s=%s" % (k, r if len(r) <= 80 else r[:77] + "..."))
    return ", ".join(out)


class Ctx(object):
    """What each test gets. One per test; the server is shared."""

    def __init__(self, runner, test_name):
        self._runner = runner
        self.test_name = test_name
        self.server = runner.server
        self.endpoint = runner.endpoint
        self.search_endpoint = runner.search_endpoint
        self.boto_version = boto3.__version__
        self.boto_version_tuple = _boto_version_tuple()
        self.botocore_version = botocore.__version__
        self.region = REGION
        self.users = dict(harness.USERS)
        self.tmpdir = tempfile.mkdtemp(prefix=re.sub(r"[^a-z0-9]+", "-", test_name.lower())[:40] + "-",
                                       dir=runner.tmproot)
        self._clients = {}

    # -- environment -----------------------------------------------------
    @property
    def is_wharf(self):
        return self.server is not None

    def require_wharf(self, why="needs a wharf server started by the harness"):
        if self.server is None:
            raise Skip(why)

    def skip(self, why):
        raise Skip(why)

    def creds(self, user="root"):
        return self.users[user]

    # -- clients ---------------------------------------------------------
    def config(self, **config_kwargs):
        kw = dict(signature_version="s3v4", s3={"addressing_style": "path"},
                  retries={"total_max_attempts": 1, "mode": "standard"},
                  connect_timeout=10, read_timeout=15)
        kw.update(config_kwargs)
        return Config(**kw)

    def client(self, user="root", access_key=None, secret_key=None, region=None, **config_kwargs):
        """A boto3 s3 client for `user` ('root' or 'alice'), path style, SigV4, no retries."""
        ak, sk = self.users[user] if user else (None, None)
        if access_key is not None:
            ak = access_key
        if secret_key is not None:
            sk = secret_key
        return boto3.session.Session().client(
            "s3", endpoint_url=self.endpoint, region_name=region or REGION,
            aws_access_key_id=ak, aws_secret_access_key=sk, config=self.config(**config_kwargs))

    def resource(self, user="root", **config_kwargs):
        ak, sk = self.users[user]
        return boto3.session.Session().resource(
            "s3", endpoint_url=self.endpoint, region_name=REGION,
            aws_access_key_id=ak, aws_secret_access_key=sk, config=self.config(**config_kwargs))

    @property
    def s3(self):
        """Cached root client."""
        if "root" not in self._clients:
            self._clients["root"] = self.client()
        return self._clients["root"]

    # -- DynamoDB ------------------------------------------------------------
    def ddb_client(self, user="root", access_key=None, secret_key=None, **config_kwargs):
        """A boto3 dynamodb client (no retries) for `user`."""
        ak, sk = self.users[user] if user else (None, None)
        ak = ak if access_key is None else access_key
        sk = sk if secret_key is None else secret_key
        cfg = Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=10,
                     read_timeout=15, **config_kwargs)
        return boto3.session.Session().client(
            "dynamodb", endpoint_url=self.endpoint, region_name=REGION,
            aws_access_key_id=ak, aws_secret_access_key=sk, config=cfg)

    @property
    def ddb(self):
        """Cached root dynamodb client."""
        if "ddb" not in self._clients:
            self._clients["ddb"] = self.ddb_client()
        return self._clients["ddb"]

    @property
    def ddb_resource(self):
        """Cached root dynamodb service resource (boto3.resource('dynamodb'))."""
        if "ddb_resource" not in self._clients:
            ak, sk = self.users["root"]
            self._clients["ddb_resource"] = boto3.session.Session().resource(
                "dynamodb", endpoint_url=self.endpoint, region_name=REGION,
                aws_access_key_id=ak, aws_secret_access_key=sk,
                config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
        return self._clients["ddb_resource"]

    # -- Search (Elasticsearch API on the search port) -----------------------
    def es_client(self, **kwargs):
        """An elasticsearch-py client (Debian's 7.17) for the search port; Skip when the module is
        missing (the python3 on PATH has no elasticsearch package, only Debian's has)."""
        try:
            import elasticsearch
        except ImportError:
            raise Skip("elasticsearch-py is not installed for this python (use /usr/bin/python3)")
        if not self.search_endpoint:
            raise Skip("no search endpoint (set SEARCH_ENDPOINT)")
        kwargs.setdefault("timeout", 30)
        return elasticsearch.Elasticsearch([self.search_endpoint], **kwargs)

    @property
    def es(self):
        """Cached elasticsearch-py client."""
        if "es" not in self._clients:
            self._clients["es"] = self.es_client()
        return self._clients["es"]

    def index_name(self, hint=""):
        """A fresh, valid (lowercase) index name unique to this run."""
        return ("%s-%s-%d" % (hint or "idx", _run_id, next(_bucket_counter))).lower()

    def table_name(self, hint=""):
        base = re.sub(r"[^A-Za-z0-9_.-]+", "-", (hint or self.test_name).replace("test_", "", 1))
        return "e2e-%s-%s-%d" % (base[:180], _run_id, next(_bucket_counter))

    def table(self, hash_key=("pk", "S"), range_key=None, hint="", **create_kwargs):
        """Create a table (PAY_PER_REQUEST) keyed on hash_key [+ range_key]; returns its name.

        Extra AttributeDefinitions needed by indexes go in create_kwargs["AttributeDefinitions"]
        and are merged with the key's."""
        name = self.table_name(hint)
        schema = [{"AttributeName": hash_key[0], "KeyType": "HASH"}]
        defs = {hash_key[0]: hash_key[1]}
        if range_key:
            schema.append({"AttributeName": range_key[0], "KeyType": "RANGE"})
            defs[range_key[0]] = range_key[1]
        for d in create_kwargs.pop("AttributeDefinitions", []):
            defs[d["AttributeName"]] = d["AttributeType"]
        create_kwargs.setdefault("BillingMode", "PAY_PER_REQUEST")
        self.ddb.create_table(
            TableName=name, KeySchema=schema,
            AttributeDefinitions=[{"AttributeName": k, "AttributeType": t} for k, t in defs.items()],
            **create_kwargs)
        return name

    def bucket_name(self, hint=""):
        base = re.sub(r"[^a-z0-9-]+", "-", (hint or self.test_name).lower().replace("test_", "", 1)).strip("-")
        suffix = "-%s-%d" % (_run_id, next(_bucket_counter))
        return ("e2e-" + base[:63 - 4 - len(suffix)]).rstrip("-") + suffix

    def bucket(self, client=None, hint="", **create_kwargs):
        """Create a uniquely named bucket (with `client`, default root) and return its name."""
        name = self.bucket_name(hint)
        (client or self.s3).create_bucket(Bucket=name, **create_kwargs)
        return name

    # -- assertions --------------------------------------------------------
    def expect_error(self, code, status, fn, *args, **kwargs):
        """Call fn(*args, **kwargs); it must raise ClientError with this code and HTTP status.

        `code` may be a string or a tuple of accepted codes (None: do not check the code).
        Returns the ClientError."""
        try:
            res = fn(*args, **kwargs)
        except ClientError as e:
            got_code = e.response.get("Error", {}).get("Code")
            got_status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            codes = code if isinstance(code, (tuple, list)) else (code,)
            if (code is not None and got_code not in codes) or got_status != status:
                raise Failure("%s(%s): expected %s %s, got %s %s (%s)" % (
                    getattr(fn, "__name__", fn), _short_args(kwargs), code, status, got_code, got_status,
                    e.response.get("Error", {}).get("Message")))
            return e
        meta = res.get("ResponseMetadata", {}) if isinstance(res, dict) else {}
        raise Failure("%s(%s): expected error %s %s, got success %s" % (
            getattr(fn, "__name__", fn), _short_args(kwargs), code, status, meta.get("HTTPStatusCode")))

    def expect_error_any(self, pairs, fn, *args, **kwargs):
        """Like expect_error, but any of the (code, status) pairs is accepted."""
        try:
            res = fn(*args, **kwargs)
        except ClientError as e:
            got = (e.response.get("Error", {}).get("Code"),
                   e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"))
            if got not in [tuple(p) for p in pairs]:
                raise Failure("%s(%s): expected one of %s, got %s %s (%s)" % (
                    getattr(fn, "__name__", fn), _short_args(kwargs), pairs, got[0], got[1],
                    e.response.get("Error", {}).get("Message")))
            return e
        meta = res.get("ResponseMetadata", {}) if isinstance(res, dict) else {}
        raise Failure("%s(%s): expected one of %s, got success %s" % (
            getattr(fn, "__name__", fn), _short_args(kwargs), pairs, meta.get("HTTPStatusCode")))

    # -- raw HTTP ------------------------------------------------------------
    def http(self, method, url, body=None, headers=None, timeout=30):
        """Plain urllib request (no auth). Returns (status, headers-dict-lowercase, body bytes)."""
        if url.startswith("/"):
            url = self.endpoint + url
        req = urllib.request.Request(url, data=body, method=method)
        for k, v in (headers or {}).items():
            req.add_header(k, v)
        if body is not None and not any(k.lower() == "content-type" for k in (headers or {})):
            req.add_header("Content-Type", "application/octet-stream")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
        except urllib.error.HTTPError as e:
            data = e.read() if e.fp is not None else b""
            return e.code, {k.lower(): v for k, v in e.headers.items()}, data

    def signed(self, method, path, body=b"", headers=None, user="root", amz_date=None,
               payload_hash=None):
        """Hand-signed (SigV4, header auth) request via urllib. path like '/bucket/key?x=y'
        (already URL-encoded). Returns (status, headers, body)."""
        ak, sk = self.users[user]
        url = self.endpoint + path
        hdrs = sigv4_headers(method, url, ak, sk, headers=headers, body=body, amz_date=amz_date,
                             payload_hash=payload_hash)
        return self.http(method, url, body=body if method in ("PUT", "POST") else None, headers=hdrs)

    def now(self):
        return datetime.datetime.now(datetime.timezone.utc)


class _Alarm(object):
    def __init__(self, seconds):
        self.seconds = seconds

    def __enter__(self):
        if hasattr(signal, "SIGALRM") and self.seconds > 0:
            def on_alarm(signum, frame):
                raise TestTimeout("test exceeded %ds (E2E_TEST_TIMEOUT)" % self.seconds)
            self.old = signal.signal(signal.SIGALRM, on_alarm)
            signal.alarm(self.seconds)
        return self

    def __exit__(self, *exc):
        if hasattr(signal, "SIGALRM") and self.seconds > 0:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, self.old)
        return False


def load_module(path):
    name = os.path.splitext(os.path.basename(path))[0]
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


# Client libraries some suites need that a python may lack (the python3 on PATH has no
# elasticsearch-py; Debian's /usr/bin/python3 has it). Such a suite is reported as skipped.
OPTIONAL_CLIENTS = ("elasticsearch",)


def collect(paths):
    tests = []
    for path in paths:
        try:
            mod = load_module(path)
        except ModuleNotFoundError as e:
            if e.name not in OPTIONAL_CLIENTS:
                raise
            modname = os.path.splitext(os.path.basename(path))[0]

            def missing(ctx, _why="%s is not installed for this python" % e.name):
                raise Skip(_why)
            tests.append(("%s::(all tests)" % modname, "(all tests)", missing))
            continue
        fns = []
        for name, obj in vars(mod).items():
            if name.startswith("test_") and callable(obj) and getattr(obj, "__module__", None) == mod.__name__:
                fns.append((getattr(getattr(obj, "__code__", None), "co_firstlineno", 0), name, obj))
        fns.sort(key=lambda t: t[0])
        for _, name, fn in fns:
            tests.append(("%s::%s" % (mod.__name__, name), name, fn))
    return tests


class Runner(object):
    def __init__(self):
        self.server = None
        self.endpoint = None
        self.search_endpoint = None
        self.tmproot = tempfile.mkdtemp(prefix="wharf-e2e-py-")

    def setup(self):
        ext = harness.external_endpoint()
        if ext:
            self.endpoint = ext
            self.search_endpoint = os.environ.get("SEARCH_ENDPOINT", "").rstrip("/") or None
        else:
            self.server = harness.Server().start()
            self.endpoint = self.server.endpoint
            self.search_endpoint = self.server.search_endpoint

    def ensure_server(self):
        """After a test, make sure the shared server is up again (a test may have killed it)."""
        if self.server is not None and not self.server.running():
            sys.stdout.write("   (restarting wharf after the previous test)\n")
            self.server.start()

    def teardown(self):
        if self.server is not None:
            self.server.cleanup()
        shutil.rmtree(self.tmproot, ignore_errors=True)


def main(argv):
    keys, paths, verbose, exitfirst = [], [], False, False
    it = iter(argv)
    for a in it:
        if a == "-k":
            keys.append(next(it, ""))
        elif a.startswith("-k") and len(a) > 2:
            keys.append(a[2:])
        elif a in ("-v", "--verbose"):
            verbose = True
        elif a in ("-x", "--exitfirst"):
            exitfirst = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            paths.append(a)
    if not paths:
        paths = sorted(os.path.join(HERE, f) for f in os.listdir(HERE)
                       if f.startswith("test_") and f.endswith(".py"))
    tests = collect(paths)
    if keys:
        tests = [t for t in tests if any(k in t[0] for k in keys)]
    if not tests:
        print("no test selected")

    label = "boto3 %s (botocore %s, python %s)" % (boto3.__version__, botocore.__version__,
                                                    sys.version.split()[0])
    # SIGTERM (e.g. a CI timeout) unwinds like Ctrl-C so the server is stopped and temp dirs go
    signal.signal(signal.SIGTERM, lambda *a: sys.exit(143))
    runner = Runner()
    passed = failed = skipped = 0
    started = time.time()
    try:
        try:
            runner.setup()
        except Exception:
            traceback.print_exc()
            print(label + ":")
            print("0 passed, %d failed" % max(1, len(tests)))
            return 1
        print("%s against %s%s" % (label, runner.endpoint, "" if runner.server else " (external)"))
        sys.stdout.flush()
        for full, name, fn in tests:
            ctx = Ctx(runner, name)
            t0 = time.time()
            try:
                with _Alarm(TEST_TIMEOUT):
                    fn(ctx)
            except Skip as e:
                skipped += 1
                if verbose:
                    print("SKIP %s: %s" % (full, e))
            except BaseException as e:  # noqa: B902 - report everything, including timeouts
                if isinstance(e, (KeyboardInterrupt, SystemExit)):
                    raise
                failed += 1
                print("FAIL %s (%.1fs)" % (full, time.time() - t0))
                print("".join(traceback.format_exception(type(e), e, e.__traceback__)).rstrip())
                if runner.server is not None and not runner.server.running():
                    print(runner.server.log_tail(30))
                if exitfirst:
                    break
            else:
                passed += 1
                if verbose:
                    print("ok   %s (%.1fs)" % (full, time.time() - t0))
            sys.stdout.flush()
            try:
                runner.ensure_server()
            except Exception:
                traceback.print_exc()
                print("wharf could not be restarted; stopping")
                failed += 1
                break
    finally:
        runner.teardown()
    print("%s: %.1fs" % (label, time.time() - started))
    line = "%d passed, %d failed" % (passed, failed)
    if skipped:
        line += ", %d skipped" % skipped
    print(line)
    sys.stdout.flush()
    if failed or passed + failed == 0:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
