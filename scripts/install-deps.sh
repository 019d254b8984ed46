#!/usr/bin/env bash
# Installs everything wharf needs to build, test and benchmark on Debian 12.
# Idempotent and quiet when everything is already present: it asks dpkg first and only
# calls apt-get (after one `apt-get update`) for what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build toolchain and libraries (one per concern; see DEVELOPERS.md).
BUILD_PKGS=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  librocksdb-dev libxapian-dev libssl-dev libisal-dev libpugixml-dev libyaml-cpp-dev
  libcli11-dev libspdlog-dev libfmt-dev libpqxx-dev libpq-dev libsqlite3-dev libhiredis-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang-14 libclang-rt-14-dev  # the sanitizer build of the unit tests (Makefile: unit-asan)
)
# Real clients and servers the end-to-end tests drive.
TEST_PKGS=(
  python3 python3-boto3 python3-pytest python3-elasticsearch python3-psycopg2 python3-requests
  awscli curl procps postgresql redis-server redis-tools
  openssl ca-certificates  # https endpoints: the system's CAs; the tests make their own CA with openssl
)
# Peers for the benchmarks (never needed by `make test`): nginx as the machine's ceiling, Sphinx
# (searchd) and the MariaDB client library search_bench queries it with.
BENCH_PKGS=(nginx-light wrk sphinxsearch libmariadb-dev)

want=("${BUILD_PKGS[@]}" "${TEST_PKGS[@]}")
[ "${WHARF_BENCH_DEPS:-0}" = 1 ] && want+=("${BENCH_PKGS[@]}")
command -v node >/dev/null 2>&1 || want+=(nodejs npm)

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts these services on install; tests start their own instances instead.
  for svc in postgresql redis-server nginx sphinxsearch; do
    if command -v service >/dev/null 2>&1; then service "$svc" stop >/dev/null 2>&1 || true; fi
  done
fi

# JavaScript test clients, pinned by the committed lock file.
if [ -f tests/e2e/js/package-lock.json ]; then
  if [ ! -d tests/e2e/js/node_modules ] || [ tests/e2e/js/package-lock.json -nt tests/e2e/js/node_modules/.package-lock.json ]; then
    echo "install-deps: npm ci (tests/e2e/js)"
    (cd tests/e2e/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
