# Source this file: Airflow on embedded defaults (SQLite metadata under .airflow/,
# this project's dags/ folder, no example DAGs). Values already set are kept.
NEWSETL_HOME="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
export NEWSETL_HOME
export AIRFLOW_HOME="${AIRFLOW_HOME:-$NEWSETL_HOME/.airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="${AIRFLOW__CORE__DAGS_FOLDER:-$NEWSETL_HOME/dags}"
export AIRFLOW__CORE__LOAD_EXAMPLES="${AIRFLOW__CORE__LOAD_EXAMPLES:-False}"
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="${AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION:-False}"
export PATH="$NEWSETL_HOME/.venv/bin:$PATH"
