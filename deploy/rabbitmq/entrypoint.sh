#!/bin/bash
# The compose RabbitMQ: starts the server, then makes the suite's users from the environment
# (deploy/rabbitmq/users.sh: an operator account, one user per service) and marks itself ready.
set -euo pipefail
. /etc/qms/users.sh
rm -f /var/lib/rabbitmq/qms-users.ready
docker-entrypoint.sh rabbitmq-server &
server=$!
trap 'kill -TERM "$server"; wait "$server"' TERM INT
rabbitmqctl -q await_startup
qms_admin_user "$RABBITMQ_ADMIN_USER" "$RABBITMQ_ADMIN_PASSWORD"
for service in complaints reviews compliance notifications; do
  password_var="${service^^}_BROKER_PASSWORD"
  qms_service_user "$service" "${!password_var}" "$service"
done
touch /var/lib/rabbitmq/qms-users.ready
wait "$server"
