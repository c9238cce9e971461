"""News ETL pipeline: landing files -> clean text -> entities and events -> DuckDB.

No Airflow import anywhere in this package: stages are plain functions that the
DAG (dags/news_etl.py) and the CLI (pipeline/cli.py) both call.
"""

__version__ = "0.1.0"
