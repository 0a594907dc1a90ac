#!/usr/bin/env bash
# Prepares a one-machine run: uses the local PostgreSQL when it answers (one database per service),
# otherwise SQLite files under var/; makes sure RabbitMQ runs (starting it if installed).
# Writes var/local.env for the Procfile.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! port_open 5672; then
  if command -v rabbitmq-server >/dev/null 2>&1; then
    echo "starting RabbitMQ..."
    rabbitmq-server -detached
    rabbitmqctl await_startup >/dev/null
  else
    echo "RabbitMQ is not installed. The suite needs a real broker:" >&2
    echo "  Debian/Ubuntu: sudo apt-get install rabbitmq-server" >&2
    echo "  or point BROKER_URL at one (amqp://user:pass@host:5672/)" >&2
    exit 1
  fi
fi

: > var/local.env
echo "BROKER_URL=${BROKER_URL:-amqp://guest:guest@127.0.0.1:5672//}" >> var/local.env
echo "QMS_DATA_DIR=$(pwd)/var" >> var/local.env
PG_ADMIN=${QMS_PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
for s in complaints reviews compliance notifications; do
  var="$(echo "$s" | tr a-z A-Z)_DATABASE_URL"
  if [ -n "${!var:-}" ]; then
    echo "$var=${!var}" >> var/local.env
  elif port_open 5432 && psql "$PG_ADMIN" -tAc "select 1" >/dev/null 2>&1; then
    psql "$PG_ADMIN" -tAc "select 1 from pg_database where datname='qms_$s'" | grep -q 1 \
      || psql "$PG_ADMIN" -qc "create database qms_$s" >/dev/null
    echo "$var=${PG_ADMIN%/*}/qms_$s" >> var/local.env
  else
    echo "$var=" >> var/local.env   # SQLite file var/$s.db
  fi
done
grep -q "_DATABASE_URL=postgresql" var/local.env && echo "databases: local PostgreSQL" || echo "databases: SQLite files in var/"
