"""Server control for wharf end-to-end tests (stdlib only, any python3).

    from harness import Server
    srv = Server()          # picks two free loopback ports and a temp data dir
    srv.start()             # runs `wharf serve ...`, waits for /_wharf/health == 200
    srv.endpoint            # "http://127.0.0.1:<port>"
    srv.stop(); srv.start() # clean restart on the same data dir and ports
    srv.kill9(); srv.start()# crash restart

If the environment variable S3_ENDPOINT is set, `server_from_env()` returns None and the
tests talk to that endpoint instead (e.g. a moto_server used to validate the tests).

Run as a script (`python3 tests/e2e/harness.py`) it starts a server, prints its endpoint and
credentials, and keeps it running until interrupted.
"""

import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))  # tests/e2e/harness.py -> <repo>

ROOT_ACCESS_KEY = "wharf"
ROOT_SECRET_KEY = "wharf-secret"

# Users written into the generated config (besides the root user from the environment).
USERS = {
    "root": (ROOT_ACCESS_KEY, ROOT_SECRET_KEY),
    "alice": ("ALICEACCESSKEY000001", "alice-secret-key"),
}

CONFIG_YAML = """\
pack_size_mib: 1
users:
  - name: alice
    access_key: ALICEACCESSKEY000001
    secret_key: alice-secret-key
"""


def default_binary():
    return os.environ.get("WHARF_BIN") or os.path.join(REPO, "build", "wharf")


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
    finally:
        s.close()


class ServerError(RuntimeError):
    pass


class Server(object):
    """One wharf process on loopback, restartable on the same data dir and ports."""

    def __init__(self, binary=None, health_timeout=20.0, extra_args=None, env=None):
        self.binary = binary or default_binary()
        self.health_timeout = health_timeout
        self.extra_args = list(extra_args or [])
        self.extra_env = dict(env or {})
        self.tmpdir = tempfile.mkdtemp(prefix="wharf-e2e-")
        self.data_dir = self.tmpdir
        self.config_path = os.path.join(self.tmpdir, "wharf.yaml")
        self.log_path = os.path.join(self.tmpdir, "wharf.log")
        with open(self.config_path, "w") as f:
            f.write(CONFIG_YAML)
        self.port = free_port()
        self.search_port = free_port()
        while self.search_port == self.port:
            self.search_port = free_port()
        self.endpoint = "http://127.0.0.1:%d" % self.port
        self.search_endpoint = "http://127.0.0.1:%d" % self.search_port
        self.proc = None
        self.users = dict(USERS)
        self._cleaned = False
        atexit.register(self.cleanup)

    # -- process control -------------------------------------------------
    def command(self):
        return [self.binary, "serve", "--data", self.data_dir,
                "--port", str(self.port), "--search-port", str(self.search_port),
                "--config", self.config_path] + self.extra_args

    def start(self):
        if self.proc is not None and self.proc.poll() is None:
            raise ServerError("wharf already running (pid %d)" % self.proc.pid)
        if not os.path.exists(self.binary):
            raise ServerError("wharf binary not found: %s (build it or set WHARF_BIN)" % self.binary)
        env = dict(os.environ)
        env["WHARF_ROOT_ACCESS_KEY"] = ROOT_ACCESS_KEY
        env["WHARF_ROOT_SECRET_KEY"] = ROOT_SECRET_KEY
        env.update(self.extra_env)
        log = open(self.log_path, "ab")
        log.write(("\n=== start %s: %s\n" % (time.strftime("%H:%M:%S"), " ".join(self.command()))).encode())
        log.flush()
        try:
            self.proc = subprocess.Popen(self.command(), stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env, cwd=self.tmpdir)
        finally:
            log.close()
        try:
            self.wait_healthy()
        except Exception:
            self._terminate(signal.SIGKILL)
            sys.stderr.write(self.log_tail())
            raise
        return self

    def wait_healthy(self):
        deadline = time.time() + self.health_timeout
        url = self.endpoint + "/_wharf/health"
        last = "no answer"
        while time.time() < deadline:
            rc = self.proc.poll()
            if rc is not None:
                raise ServerError("wharf exited with code %s during start-up" % rc)
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        return
                    last = "status %d" % r.status
            except urllib.error.HTTPError as e:
                last = "status %d" % e.code
            except (urllib.error.URLError, OSError) as e:
                last = str(e)
            time.sleep(0.05)
        raise ServerError("wharf not healthy after %.0fs at %s (%s)" % (self.health_timeout, url, last))

    def _terminate(self, sig, timeout=20.0):
        p = self.proc
        if p is None or p.poll() is not None:
            return None if p is None else p.returncode
        try:
            p.send_signal(sig)
        except OSError:
            pass
        try:
            return p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            sys.stderr.write("wharf did not exit %.0fs after signal %d; killing\n" % (timeout, sig))
            p.kill()
            return p.wait()

    def stop(self, timeout=20.0):
        """Graceful stop: SIGTERM and wait. Returns the exit code."""
        return self._terminate(signal.SIGTERM, timeout)

    def kill9(self):
        """Crash: SIGKILL and wait."""
        return self._terminate(signal.SIGKILL)

    def restart(self):
        self.stop()
        return self.start()

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def log_tail(self, n=60):
        try:
            with open(self.log_path, "rb") as f:
                lines = f.read().decode("utf-8", "replace").splitlines()
        except OSError:
            return "(no wharf log)\n"
        return "---- wharf log tail (%s) ----\n%s\n---- end of wharf log ----\n" % (
            self.log_path, "\n".join(lines[-n:]))

    def cleanup(self):
        if self._cleaned:
            return
        self._cleaned = True
        self._terminate(signal.SIGTERM, 10.0)
        if os.environ.get("WHARF_E2E_KEEP"):
            sys.stderr.write("keeping %s\n" % self.tmpdir)
            return
        shutil.rmtree(self.tmpdir, ignore_errors=True)

    def __enter__(self):
        if not self.running():
            self.start()
        return self

    def __exit__(self, *exc):
        self.cleanup()
        return False


def external_endpoint():
    """The S3_ENDPOINT override, or None."""
    ep = os.environ.get("S3_ENDPOINT", "").strip()
    return ep.rstrip("/") or None


def server_from_env():
    """A started Server, or None when S3_ENDPOINT points at a foreign server."""
    if external_endpoint():
        return None
    return Server().start()


def run_exec(argv):
    """`harness.py --exec CMD...`: run CMD against a fresh server (S3_ENDPOINT, SEARCH_ENDPOINT,
    AWS keys and WHARF_E2E=1 in its environment) and exit with its status."""
    srv = Server().start()
    env = dict(os.environ, S3_ENDPOINT=srv.endpoint, SEARCH_ENDPOINT=srv.search_endpoint,
               AWS_ACCESS_KEY_ID=ROOT_ACCESS_KEY,
               AWS_SECRET_ACCESS_KEY=ROOT_SECRET_KEY, AWS_DEFAULT_REGION="us-east-1", WHARF_E2E="1")
    try:
        return subprocess.call(argv, env=env)
    finally:
        srv.cleanup()


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--exec":
        sys.exit(run_exec(sys.argv[2:]))
    srv = Server().start()
    print("endpoint %s" % srv.endpoint)
    print("search   %s" % srv.search_endpoint)
    print("data     %s" % srv.data_dir)
    for name, (ak, sk) in sorted(srv.users.items()):
        print("user     %s %s %s" % (name, ak, sk))
    sys.stdout.flush()
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    try:
        while not stop and srv.running():
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    srv.cleanup()


if __name__ == "__main__":
    main()
