#!/usr/bin/env bash
# Prepares a one-machine run: one PostgreSQL database per service (created when missing), a running
# RabbitMQ (started if installed) with a broker user per service. Stops with a clear message when
# PostgreSQL or RabbitMQ cannot be had.
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

: > var/local.env.tmp
# One broker user per service (deploy/rabbitmq/users.sh): consumers accept an event only from its own
# service's user. Passwords are made once and kept in var/broker.env; set <SERVICE>_BROKER_URL to use others.
. deploy/rabbitmq/users.sh
[ -f var/broker.env ] || (umask 077; for s in complaints reviews compliance notifications; do
  echo "${s}=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"; done > var/broker.env)
for s in complaints reviews compliance notifications; do
  var="$(echo "$s" | tr a-z A-Z)_BROKER_URL"
  if [ -z "${!var:-}" ]; then
    command -v rabbitmqctl >/dev/null 2>&1 || { echo "set $var: rabbitmqctl is not here to make the broker user of $s" >&2; exit 1; }
    password=$(grep "^$s=" var/broker.env | cut -d= -f2-)
    qms_service_user "$s" "$password" "$s"
    echo "$var=amqp://$s:$password@127.0.0.1:5672/%2F" >> var/local.env.tmp
  else
    echo "$var=${!var}" >> var/local.env.tmp
  fi
done
echo "QMS_DATA_DIR=$(pwd)/var" >> var/local.env.tmp
echo "QMS_ENV=development" >> var/local.env.tmp  # the shipped development secrets are allowed on this machine only
PG_ADMIN=${QMS_PG_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}
pg_answers() { command -v psql >/dev/null 2>&1 && psql "$1" -tAc "select 1" >/dev/null 2>&1; }
no_postgres() {
  echo "PostgreSQL does not answer at $1. The suite needs a real PostgreSQL (12 or newer):" >&2
  echo "  start it:   pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start" >&2
  echo "  install it: sudo apt-get install postgresql   (or run scripts/system-deps.sh as root)" >&2
  echo "  or point QMS_PG_ADMIN at one (postgresql://user:pass@host:5432/postgres)," >&2
  echo "  or set COMPLAINTS_DATABASE_URL, REVIEWS_DATABASE_URL, ... to existing databases" >&2
  exit 1
}
for s in complaints reviews compliance notifications; do
  var="$(echo "$s" | tr a-z A-Z)_DATABASE_URL"
  if [ -n "${!var:-}" ]; then
    pg_answers "${!var}" || no_postgres "${!var}"
    echo "$var=${!var}" >> var/local.env.tmp
  else
    pg_answers "$PG_ADMIN" || no_postgres "$PG_ADMIN"
    psql "$PG_ADMIN" -tAc "select 1 from pg_database where datname='qms_$s'" | grep -q 1 \
      || psql "$PG_ADMIN" -qc "create database qms_$s" >/dev/null
    echo "$var=${PG_ADMIN%/*}/qms_$s" >> var/local.env.tmp
  fi
done
mv var/local.env.tmp var/local.env
echo "databases: PostgreSQL (qms_complaints, qms_reviews, qms_compliance, qms_notifications)"
