#!/bin/bash
# Runs once, on the first start of the PostgreSQL container: one database and one user per service.
set -euo pipefail
for svc in complaints reviews compliance notifications; do
  var="$(echo "$svc" | tr a-z A-Z)_DB_PASSWORD"
  password="${!var:-$svc}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE USER $svc WITH PASSWORD '$password';
CREATE DATABASE $svc OWNER $svc;
SQL
done
