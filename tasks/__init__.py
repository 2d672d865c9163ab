"""Prefect tasks: each does the I/O (Parquet in, Parquet out) around plain functions of ``stancewatch``.

Tasks receive and return paths and small dicts of counts, never DataFrames or models: large task
arguments are introspected by Prefect and can hold memory for the whole run.
"""
