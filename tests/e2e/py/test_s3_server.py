"""The HTTP server around the S3 API: /_wharf/ endpoints, virtual-host addressing, malformed
HTTP, header-level S3 errors, graceful shutdown, keep-alive and pipelining.

Several tests talk raw HTTP over sockets; the ones that poison or stop a server start their own
harness.Server() and clean it up, so the shared server stays usable for the rest of the run.
"""

import hashlib
import http.client
import json
import re
import signal
import socket
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import boto3

import harness
from runner import etag_of, parse_error_xml, sigv4_headers

S3NS = "{http://s3.amazonaws.com/doc/2006-03-01/}"


# ---------------------------------------------------------------------------
# raw HTTP helpers

def _hostport(endpoint):
    parts = urlsplit(endpoint)
    return parts.hostname, parts.port


def _connect(endpoint, timeout=10, source=None):
    host, port = _hostport(endpoint)
    return socket.create_connection((host, port), timeout=timeout,
                                    source_address=(source, 0) if source else None)


def _recv_until_closed(sock, limit=1 << 20):
    """Everything the peer sends until it closes (a reset after some bytes counts as closed)."""
    out = b""
    while len(out) < limit:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            break
        except socket.timeout:
            raise AssertionError("the server kept the connection open (got %r so far)" % out[:200])
        if not chunk:
            break
        out += chunk
    return out


def _read_response(f):
    """One HTTP/1.1 response from a buffered socket file -> (status, headers-lower, body).
    Skips interim 1xx responses; bodies are Content-Length framed (as wharf sends them)."""
    while True:
        status_line = f.readline()
        if not status_line:
            raise AssertionError("connection closed before a response status line")
        m = re.match(br"HTTP/1\.[01] (\d{3})", status_line)
        assert m, "bad status line %r" % status_line[:200]
        status = int(m.group(1))
        headers = {}
        while True:
            line = f.readline()
            assert line, "connection closed inside the response headers"
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        if 100 <= status < 200:
            continue
        n = int(headers.get("content-length", "0"))
        body = f.read(n) if n else b""
        assert len(body) == n, "response body cut short: %d of %d bytes" % (len(body), n)
        return status, headers, body


def _request_bytes(method, target, headers, body=b""):
    lines = ["%s %s HTTP/1.1" % (method, target)] + ["%s: %s" % kv for kv in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def _signed_raw(endpoint, method, path, body=b"", headers=None, payload_hash=None, user="root"):
    """Bytes of a SigV4 header-signed request for the server at `endpoint`."""
    ak, sk = harness.USERS[user]
    hdrs = sigv4_headers(method, endpoint + path, ak, sk, headers=headers, body=body,
                         payload_hash=payload_hash)
    hdrs["Host"] = urlsplit(endpoint).netloc
    if body or method in ("PUT", "POST"):
        hdrs.setdefault("content-length", str(len(body)))
    return _request_bytes(method, path, hdrs, body)


def _client_for(ctx, srv):
    ak, sk = harness.USERS["root"]
    return boto3.session.Session().client(
        "s3", endpoint_url=srv.endpoint, region_name=ctx.region, aws_access_key_id=ak,
        aws_secret_access_key=sk, config=ctx.config())


def _error_code(body):
    return parse_error_xml(body)["Code"]


# ---------------------------------------------------------------------------
# 1. /_wharf/ endpoints

def _put_object_count(ctx):
    status, _, body = ctx.http("GET", "/_wharf/metrics")
    assert status == 200, status
    text = body.decode()
    m = re.search(r'^wharf_requests_total\{api="s3",operation="PutObject",status="200"\} (\d+)$', text, re.M)
    assert m, "no PutObject 200 counter in:\n%s" % text[:2000]
    return int(m.group(1)), text


def test_health_metrics_and_unknown_endpoint(ctx):
    ctx.require_wharf("/_wharf/ endpoints are wharf's own")
    status, hdrs, body = ctx.http("GET", "/_wharf/health")
    assert status == 200, (status, body[:300])
    assert hdrs.get("content-type", "").startswith("application/json"), hdrs
    assert json.loads(body.decode())["status"] == "ok", body

    b = ctx.bucket()
    ctx.s3.put_object(Bucket=b, Key="m0", Body=b"first")  # the counter line exists from now on
    before, text = _put_object_count(ctx)
    assert before >= 1, before
    assert "wharf_request_duration_seconds_bucket" in text, text[:2000]
    assert re.search(r"^wharf_open_connections \d+$", text, re.M), text[-500:]
    workers = re.search(r"^wharf_worker_threads (\d+)$", text, re.M)
    assert workers and int(workers.group(1)) >= 2, text[-500:]  # each of the two servers has some
    ctx.s3.put_object(Bucket=b, Key="m1", Body=b"second")
    after, _ = _put_object_count(ctx)
    assert after == before + 1, (before, after)

    status, _, body = ctx.http("GET", "/_wharf/nope")
    assert status == 404, (status, body[:300])


# ---------------------------------------------------------------------------
# 2. virtual-host addressing

def test_virtual_host_addressing(ctx):
    ctx.require_wharf("needs wharf's default s3_domains (localhost)")
    b = ctx.bucket()
    data = b"virtual host style object \x00\xff" * 10
    ctx.s3.put_object(Bucket=b, Key="k", Body=data)
    ctx.s3.put_object(Bucket=b, Key="dir/other", Body=b"o")
    host, port = _hostport(ctx.endpoint)
    vhost = "%s.localhost:%d" % (b, port)
    ak, sk = ctx.creds()

    def vget(path):
        hdrs = sigv4_headers("GET", "http://%s%s" % (vhost, path), ak, sk)
        hdrs["Host"] = vhost
        conn = http.client.HTTPConnection(host, port, timeout=10)
        try:
            conn.request("GET", path, headers=hdrs)
            r = conn.getresponse()
            return r.status, r.read()
        finally:
            conn.close()

    status, body = vget("/k")
    assert status == 200, (status, body[:300])
    assert body == data
    status, body = vget("/dir/other")
    assert status == 200 and body == b"o", (status, body[:300])

    status, body = vget("/")
    assert status == 200, (status, body[:300])
    root = ET.fromstring(body)
    assert root.tag == S3NS + "ListBucketResult", root.tag
    assert root.findtext(S3NS + "Name") == b, body[:300]
    assert sorted(c.findtext(S3NS + "Key") for c in root.findall(S3NS + "Contents")) == ["dir/other", "k"]

    # the bucket comes from the Host: a key that only exists elsewhere is not found here
    status, body = vget("/%s/k" % b)
    assert status == 404, (status, body[:300])
    assert _error_code(body) == "NoSuchKey"


# ---------------------------------------------------------------------------
# 3. malformed HTTP

def test_garbage_request_400_and_close(ctx):
    ctx.require_wharf("raw HTTP parser behaviour")
    with _connect(ctx.endpoint) as s:
        s.sendall(b"GARBAGE\r\n\r\n")
        got = _recv_until_closed(s)  # returns only once the server closed the connection
    assert got.startswith(b"HTTP/1.1 400 "), got[:200]
    # the server is fine afterwards
    status, _, _ = ctx.http("GET", "/_wharf/health")
    assert status == 200


def test_huge_header_431(ctx):
    ctx.require_wharf("raw HTTP parser behaviour")
    req = (b"GET /_wharf/health HTTP/1.1\r\nHost: x\r\nX-Huge: " + b"a" * (70 * 1024) + b"\r\n\r\n")
    with _connect(ctx.endpoint) as s:
        try:
            s.sendall(req)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading everything
        got = _recv_until_closed(s)
    assert got.startswith(b"HTTP/1.1 431 "), got[:200]
    status, _, _ = ctx.http("GET", "/_wharf/health")
    assert status == 200


def _health_over(sock):
    sock.sendall(b"GET /_wharf/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return _recv_until_closed(sock)


def test_malformed_flood_refuses_address(ctx):
    ctx.require_wharf("starts its own wharf")
    srv = harness.Server().start()  # own server: this test gets 127.0.0.1 refused on it
    try:
        with _connect(srv.endpoint) as s:
            got = _health_over(s)
        assert got.startswith(b"HTTP/1.1 200 "), got[:200]
        answers = []
        t0 = time.time()
        for _ in range(60):
            with _connect(srv.endpoint) as s:
                try:
                    s.sendall(b"GARBAGE\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass
                answers.append(_recv_until_closed(s)[:12])
        assert time.time() - t0 < 8, "flood took too long for the 10 s window"
        # 50 malformed requests per 10 s are answered 400; later connections are closed unanswered
        assert answers[:50] == [b"HTTP/1.1 400"] * 50, [a for a in answers[:50] if a != b"HTTP/1.1 400"][:3]
        assert answers[50:] == [b""] * 10, "answered after the limit: %r" % answers[50:]
        # a well-formed request on a new connection from the same address: closed unanswered
        with _connect(srv.endpoint) as s:
            try:
                got = _health_over(s)
            except (BrokenPipeError, ConnectionResetError):
                got = b""
        assert got == b"", "refused address got an answer: %r" % got[:200]
        assert srv.running(), "wharf died under the flood"
        # other addresses are not affected (loopback is all of 127/8 on Linux)
        try:
            s2 = _connect(srv.endpoint, source="127.0.0.2")
        except OSError:
            s2 = None
        if s2 is not None:
            with s2:
                got = _health_over(s2)
            assert got.startswith(b"HTTP/1.1 200 "), got[:200]
    finally:
        srv.cleanup()


# ---------------------------------------------------------------------------
# 4.-9. header-level S3 errors

def test_missing_content_length_chunked_put(ctx):
    b = ctx.bucket()
    host, port = _hostport(ctx.endpoint)
    ak, sk = ctx.creds()
    path = "/%s/chunked-te" % b
    hdrs = sigv4_headers("PUT", ctx.endpoint + path, ak, sk, payload_hash="UNSIGNED-PAYLOAD")
    conn = http.client.HTTPConnection(host, port, timeout=10)
    try:
        conn.putrequest("PUT", path)  # adds Host: 127.0.0.1:<port>, as signed
        for k, v in hdrs.items():
            conn.putheader(k, v)
        conn.putheader("Transfer-Encoding", "chunked")
        body = b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
        conn.endheaders(body)  # headers and chunked body in one send
        r = conn.getresponse()
        status, resp = r.status, r.read()
    finally:
        conn.close()
    assert status == 411, (status, resp[:300])
    assert _error_code(resp) == "MissingContentLength", resp[:300]
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="chunked-te")


def test_metadata_too_large(ctx):
    b = ctx.bucket()
    meta = {"big": "x" * 1500, "more": "y" * 700}  # > 2 KB of keys + values
    ctx.expect_error("MetadataTooLarge", 400, ctx.s3.put_object, Bucket=b, Key="meta", Body=b"m",
                     Metadata=meta)
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="meta")
    # just under the limit is fine
    ok = {"big": "x" * 1000, "more": "y" * 1000}
    ctx.s3.put_object(Bucket=b, Key="meta-ok", Body=b"m", Metadata=ok)
    assert ctx.s3.head_object(Bucket=b, Key="meta-ok")["Metadata"] == ok


def test_method_not_allowed(ctx):
    b = ctx.bucket()
    status, _, body = ctx.signed("PATCH", "/%s" % b)
    assert status == 405, (status, body[:300])
    assert _error_code(body) == "MethodNotAllowed", body[:300]
    status, _, body = ctx.signed("PATCH", "/%s/some-key" % b)
    assert status == 405, (status, body[:300])
    assert _error_code(body) == "MethodNotAllowed", body[:300]


def test_bucket_versioning(ctx):
    ctx.require_wharf("wharf does not implement versioning")
    b = ctx.bucket()
    got = ctx.s3.get_bucket_versioning(Bucket=b)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert "Status" not in got, got
    assert "MFADelete" not in got, got
    ctx.expect_error("NotImplemented", 501, ctx.s3.put_bucket_versioning, Bucket=b,
                     VersioningConfiguration={"Status": "Enabled"})
    assert "Status" not in ctx.s3.get_bucket_versioning(Bucket=b)



def test_authorization_header_errors(ctx):
    ctx.require_wharf("moto does not validate the Authorization header")
    b = ctx.bucket()
    ak, sk = ctx.creds()
    url = ctx.endpoint + "/%s?list-type=2" % b
    good = sigv4_headers("GET", url, ak, sk)

    bad = dict(good, authorization="AWS4-HMAC-SHA256 Credential=wharf/bad")
    status, _, body = ctx.http("GET", url, headers=bad)
    assert status == 400, (status, body[:300])
    assert _error_code(body) == "AuthorizationHeaderMalformed", body[:300]

    basic = dict(good, authorization="Basic abc")
    status, _, body = ctx.http("GET", url, headers=basic)
    assert status == 400, (status, body[:300])
    assert _error_code(body) == "InvalidArgument", body[:300]

    # a correct signature over host;x-amz-date, but no x-amz-content-sha256 header
    nosha = sigv4_headers("GET", url, ak, sk, send_content_sha256=False)
    status, _, body = ctx.http("GET", url, headers=nosha)
    assert status == 400, (status, body[:300])
    assert _error_code(body) == "InvalidRequest", body[:300]

    # control: the untouched headers are accepted
    status, _, body = ctx.http("GET", url, headers=good)
    assert status == 200, (status, body[:300])


def _trailer_chunked(data, chunk=8192):
    out = []
    for i in range(0, len(data), chunk):
        piece = data[i:i + chunk]
        out.append(b"%x\r\n" % len(piece) + piece + b"\r\n")
    out.append(b"0\r\n\r\n")
    return b"".join(out)


def test_incomplete_aws_chunked_body(ctx):
    b = ctx.bucket()
    data = bytes(range(256)) * 100  # 25600 bytes -> chunks of 8192
    full = _trailer_chunked(data)
    base = {"Content-Encoding": "aws-chunked", "x-amz-decoded-content-length": str(len(data))}

    # control: the complete body is stored
    status, _, resp = ctx.signed("PUT", "/%s/whole" % b, body=full, headers=base,
                                 payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    assert status == 200, (status, resp[:300])
    assert ctx.s3.get_object(Bucket=b, Key="whole")["Body"].read() == data

    # cut in the middle of the second chunk (Content-Length is that of the cut body)
    cut = full[:len(b"2000\r\n") + 8192 + 2 + len(b"2000\r\n") + 4000]
    status, _, resp = ctx.signed("PUT", "/%s/cut" % b, body=cut, headers=base,
                                 payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    assert status == 400, (status, resp[:300])
    assert _error_code(resp) == "IncompleteBody", resp[:300]
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="cut")

    # well-formed framing, but fewer bytes than x-amz-decoded-content-length promises
    longer = dict(base, **{"x-amz-decoded-content-length": str(len(data) + 1000)})
    status, _, resp = ctx.signed("PUT", "/%s/short" % b, body=full, headers=longer,
                                 payload_hash="STREAMING-UNSIGNED-PAYLOAD-TRAILER")
    assert status == 400, (status, resp[:300])
    assert _error_code(resp) == "IncompleteBody", resp[:300]
    ctx.expect_error("NoSuchKey", 404, ctx.s3.get_object, Bucket=b, Key="short")


# ---------------------------------------------------------------------------
# 10. graceful shutdown

def test_graceful_shutdown_finishes_inflight_put(ctx):
    ctx.require_wharf("starts and signals its own wharf")
    srv = harness.Server().start()
    try:
        s3 = _client_for(ctx, srv)
        s3.create_bucket(Bucket="graceful")
        data = hashlib.sha256(b"seed").digest() * (1024 * 1024 // 32)
        assert len(data) == 1024 * 1024
        half = len(data) // 2
        req = _signed_raw(srv.endpoint, "PUT", "/graceful/inflight", body=data, payload_hash="UNSIGNED-PAYLOAD")
        head_len = len(req) - len(data)
        sock = _connect(srv.endpoint)
        try:
            sock.sendall(req[:head_len + half])
            time.sleep(0.2)  # the server has parsed the headers and is reading the body
            srv.proc.send_signal(signal.SIGTERM)
            time.sleep(0.3)
            assert srv.proc.poll() is None, "wharf exited with a request in flight (rc %s)" % srv.proc.returncode
            try:
                extra = _connect(srv.endpoint, timeout=2)
            except ConnectionRefusedError:
                pass
            else:
                extra.close()
                raise AssertionError("a new connection was accepted after SIGTERM")
            sock.sendall(req[head_len + half:])
            status, hdrs, body = _read_response(sock.makefile("rb"))
        finally:
            sock.close()
        assert status == 200, (status, body[:300])
        assert hdrs.get("etag") == etag_of(data), hdrs
        try:
            rc = srv.proc.wait(timeout=5)
        except Exception:
            raise AssertionError("wharf did not exit within 5 s of SIGTERM after the request finished")
        assert rc == 0, "exit code %s\n%s" % (rc, srv.log_tail(20))

        srv.start()  # same data dir and port
        got = _client_for(ctx, srv).get_object(Bucket="graceful", Key="inflight")
        assert got["Body"].read() == data
        assert got["ETag"] == etag_of(data)
    finally:
        srv.cleanup()


# ---------------------------------------------------------------------------
# 11. keep-alive and pipelining

def test_keepalive_pipelined_gets(ctx):
    b = ctx.bucket()
    one, two = b"first object body", b"second, longer object body " * 50
    ctx.s3.put_object(Bucket=b, Key="one", Body=one)
    ctx.s3.put_object(Bucket=b, Key="two", Body=two)
    with _connect(ctx.endpoint) as s:
        f = s.makefile("rb")
        s.sendall(_signed_raw(ctx.endpoint, "GET", "/%s/one" % b) + _signed_raw(ctx.endpoint, "GET", "/%s/two" % b))
        first = _read_response(f)
        second = _read_response(f)
        assert (first[0], first[2]) == (200, one), (first[0], first[2][:200])
        assert (second[0], second[2]) == (200, two), (second[0], second[2][:200])
        assert first[1].get("etag") == etag_of(one) and second[1].get("etag") == etag_of(two)
        # the connection is still usable after the pipelined pair
        s.sendall(_signed_raw(ctx.endpoint, "GET", "/%s/one" % b))
        third = _read_response(f)
        assert (third[0], third[2]) == (200, one), (third[0], third[2][:200])
