#!/usr/bin/env bash
# Installs (Debian/Ubuntu, as root) and starts what the suite and its tests need from the system:
# Python venv, PostgreSQL, RabbitMQ, Chromium (API docs render test), make, curl. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
need=()
command -v make >/dev/null || need+=(make)
command -v curl >/dev/null || need+=(curl)
command -v psql >/dev/null || need+=(postgresql-client)
ls /etc/postgresql/*/main >/dev/null 2>&1 || need+=(postgresql)
command -v rabbitmq-server >/dev/null || need+=(rabbitmq-server)
command -v chromium >/dev/null || need+=(chromium)
command -v faketime >/dev/null || need+=(faketime)  # runs a whole service on another date (calendar e2e test)
python3 -c "import venv, ensurepip" 2>/dev/null || need+=(python3-venv)
# printable reports (complaints: 8D report, management review): WeasyPrint needs pango; a CJK font for
# Chinese text by family name (no web fonts); pdftoppm/pdffonts for the tests that look at the PDF
for pkg in libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk poppler-utils; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if ((${#need[@]})); then
  echo "installing: ${need[*]}"
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 60); do port_open "$1" && return 0; sleep 1; done; echo "port $1 did not open" >&2; return 1; }

if ! port_open 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  wait_port 5432
fi
if ! port_open 5672; then
  rabbitmq-server -detached
  rabbitmqctl await_startup >/dev/null
  wait_port 5672
fi
# Tests connect as postgres over TCP; a fresh Debian cluster wants a password there.
if ! psql "postgresql://postgres@127.0.0.1:5432/postgres" -tAc "select 1" >/dev/null 2>&1; then
  su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
  echo "export QMS_TEST_PG_ADMIN=postgresql://postgres:postgres@127.0.0.1:5432/postgres" > /tmp/qms-pg-env
fi
echo "PostgreSQL and RabbitMQ are running."
