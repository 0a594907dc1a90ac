# Broker users of the suite, made with rabbitmqctl; sourced by scripts/local-env.sh and by the compose
# entrypoint deploy/rabbitmq/entrypoint.sh. Idempotent: an existing user gets the given password again.
#
# qms_service_user NAME PASSWORD SERVICE
#   A service's own user: it declares and reads only its queues (<service>.events, .retry.N, .dead),
#   publishes on qms.events only routing keys of its own events (<service>.*: a topic permission),
#   and may send to the default exchange (its own retries and dead letters). Consumers accept an event
#   only when it came from its service's user (the AMQP user_id, which RabbitMQ checks).
# qms_system_user NAME PASSWORD PUBLISH_PREFIX CONSUME_QUEUE_PREFIX
#   Another company system: publishes routing keys PUBLISH_PREFIX.* (empty: nothing) and consumes its own
#   queues named CONSUME_QUEUE_PREFIX.* (empty: none). Events it publishes are accepted only when a
#   service is configured to take them from it (QMS_BROKER_USERS).
# qms_admin_user NAME PASSWORD
#   An operator: the management UI and every permission; never a service's user.

qms_ctl() { rabbitmqctl -q "$@" >/dev/null; }

qms_put_user() {
  if rabbitmqctl -q list_users | cut -f1 | grep -qx "$1"; then
    qms_ctl change_password "$1" "$2"
  else
    qms_ctl add_user "$1" "$2"
  fi
}

qms_service_user() {
  local name=$1 password=$2 service=$3 vhost=${QMS_VHOST:-/}
  local own="^(qms\\.events|${service}\\.events(\\..*)?)\$"
  qms_put_user "$name" "$password"
  qms_ctl set_user_tags "$name"
  qms_ctl set_permissions -p "$vhost" "$name" "$own" "^(qms\\.events|${service}\\.events(\\..*)?|amq\\.default)\$" "$own"
  qms_ctl set_topic_permissions -p "$vhost" "$name" qms.events "^${service}\\." ".*"
}

qms_system_user() {
  local name=$1 password=$2 publish=$3 consume=$4 vhost=${QMS_VHOST:-/}
  local queues="^${consume:-(?!)}\\..*\$"
  qms_put_user "$name" "$password"
  qms_ctl set_user_tags "$name"
  qms_ctl set_permissions -p "$vhost" "$name" "$queues" "^(qms\\.events|${consume:-(?!)}\\..*)\$" "^(qms\\.events|${consume:-(?!)}\\..*)\$"
  qms_ctl set_topic_permissions -p "$vhost" "$name" qms.events "^${publish:-(?!)}\\." ".*"
}

qms_admin_user() {
  local name=$1 password=$2 vhost=${QMS_VHOST:-/}
  qms_put_user "$name" "$password"
  qms_ctl set_user_tags "$name" administrator
  qms_ctl set_permissions -p "$vhost" "$name" ".*" ".*" ".*"
}
