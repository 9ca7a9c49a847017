# Load with wrk, and the same bytes served by nginx as a static file: the physical limit the
# benchmark suite compares Tiltas pages with (issue 14). Source scripts/lib/tiltas.sh and
# scripts/lib/results.sh first.

ensure_package wrk wrk
nginx_pid=0

# wrk on URL with CONNECTIONS for SECONDS, sending text/html and, if given, the COOKIE header
# and an ACCEPT_ENCODING header (as browsers send, to have the page compressed).
# Prints "requests/s p50-ms p99-ms bytes-per-response errors".
wrk_run() {
  local url=$1 connections=$2 seconds=$3 cookie=${4:-} accept_encoding=${5:-}
  local headers=(-H "Accept: text/html")
  [ -n "$cookie" ] && headers+=(-H "Cookie: $cookie")
  [ -n "$accept_encoding" ] && headers+=(-H "Accept-Encoding: $accept_encoding")
  wrk -t2 -c"$connections" -d"${seconds}s" -s scripts/lib/wrk-percentiles.lua "${headers[@]}" "$url" | awk '$1 == "WRK" { print $2, $3, $4, $5, $6 }'
}

# Serves the files of DIR on 127.0.0.1:PORT with nginx (two workers, as many as the cores wrk and
# Tiltas share here, kept-alive connections without a request cap, no log), from a configuration
# generated in DIR's parent. Sets $nginx_pid.
start_static() {
  local dir=$1 static_port=$2 conf nginx_bin
  ensure_package nginx nginx-light
  nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
  conf="$(dirname "$dir")/nginx"
  mkdir -p "$conf"
  # nginx's workers may run as another user: they must be able to read the files.
  chmod -R a+rX "$dir" && chmod a+x "$(dirname "$dir")"
  cat >"$conf/nginx.conf" <<NGINX
worker_processes $(nproc);
daemon off;
pid $conf/nginx.pid;
error_log $conf/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  default_type text/html;
  client_body_temp_path $conf/body;
  proxy_temp_path $conf/proxy;
  fastcgi_temp_path $conf/fastcgi;
  uwsgi_temp_path $conf/uwsgi;
  scgi_temp_path $conf/scgi;
  server {
    listen 127.0.0.1:$static_port;
    root $dir;
  }
}
NGINX
  "$nginx_bin" -c "$conf/nginx.conf" -p "$conf" 2>>"$conf/error.log" &
  nginx_pid=$!
  helpers+=("$nginx_pid")
  for _ in $(seq 1 50); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$static_port/")" != 000 ] && return
    sleep 0.1
  done
  echo "nginx did not start:" >&2; cat "$conf/error.log" >&2; return 1
}

stop_static() {
  if [ "$nginx_pid" -gt 0 ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; fi
  nginx_pid=0
}
