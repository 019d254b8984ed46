# Shell helpers the benchmark scripts share (sourced by bench/*/run.sh): a work directory and
# the processes to stop when the script exits, free ports, peak RSS, and nginx as the ceiling.
work=$(mktemp -d)
chmod 755 "$work"  # nginx workers run as an unprivileged user
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }
peak_rss_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/"$1"/status; }

# start_nginx [http directives...]: nginx serving $work/www on a free port, left in $nport.
start_nginx() {
  mkdir -p "$work/www" "$work/nginx"
  nport=$(free_port)
  cat >"$work/nginx/nginx.conf" <<NGX
worker_processes 2; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 10000000; $*
       server { listen 127.0.0.1:$nport; root $work/www; } }
NGX
  nginx -c "$work/nginx/nginx.conf"
  pids+=("$(cat "$work/nginx/nginx.pid")")
  wait_port "$nport"
}
