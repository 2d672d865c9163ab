"""Prefect flows: one per stage, and the pipeline that chains them. Flows only wire tasks."""
