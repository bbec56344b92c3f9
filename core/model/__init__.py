"""The atlas and what it means: tables and their schema, evidence, control over time, territory, comparisons, quality, views."""
