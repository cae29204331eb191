#!/usr/bin/env bash
# The environment the integration tests use to reach the servers that deploy/postgres.sh
# and deploy/kafka.sh start. Either
#   source deploy/env.sh        # sets and exports the variables in this shell
#   eval "$(deploy/env.sh)"     # the same, from the printed `export` lines
# Honours ORDERFLOW_PG_PORT and ORDERFLOW_KAFKA_PORT like the scripts do.
# The tests create their own databases, so the URL names the maintenance database.

ORDERFLOW_TEST_POSTGRES_URL="postgresql+asyncpg://orderflow:orderflow@127.0.0.1:${ORDERFLOW_PG_PORT:-55432}/postgres"
ORDERFLOW_TEST_KAFKA_BOOTSTRAP="127.0.0.1:${ORDERFLOW_KAFKA_PORT:-9092}"
export ORDERFLOW_TEST_POSTGRES_URL ORDERFLOW_TEST_KAFKA_BOOTSTRAP

# Executed rather than sourced: print the lines.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    printf 'export ORDERFLOW_TEST_POSTGRES_URL=%q\n' "$ORDERFLOW_TEST_POSTGRES_URL"
    printf 'export ORDERFLOW_TEST_KAFKA_BOOTSTRAP=%q\n' "$ORDERFLOW_TEST_KAFKA_BOOTSTRAP"
fi
