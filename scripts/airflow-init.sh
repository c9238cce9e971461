#!/usr/bin/env bash
# Create or upgrade the Airflow metadata database and the DuckDB writer pool.
set -euo pipefail
source "$(dirname "$0")/airflow-env.sh"
mkdir -p "$AIRFLOW_HOME"
airflow db migrate >"$AIRFLOW_HOME/db-migrate.log" 2>&1 || { cat "$AIRFLOW_HOME/db-migrate.log"; exit 1; }
airflow pools set duckdb_writer 1 "DuckDB allows one writing process: load and checks run one at a time" >/dev/null
echo "airflow metadata ready in $AIRFLOW_HOME (pool duckdb_writer: 1 slot)"
