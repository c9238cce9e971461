# One image for every Airflow service of docker-compose.yml: the project's own
# pinned environment (requirements.lock), not the upstream Airflow image, so the
# containers run exactly what `make test` tests.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /opt/newsetl
COPY requirements.lock pyproject.toml README.md ./
RUN pip install -r requirements.lock
COPY pipeline ./pipeline
RUN pip install --no-deps --no-build-isolation -e .
COPY dags ./dags
COPY sql ./sql
COPY seeds ./seeds
COPY scripts ./scripts
ENV AIRFLOW_HOME=/opt/airflow \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/newsetl/dags \
    AIRFLOW__CORE__LOAD_EXAMPLES=False \
    NEWSETL_DB=/data/news.duckdb \
    NEWSETL_STAGING=/data/staging \
    NEWSETL_LANDING=/opt/newsetl/seeds/articles
