"""Alembic's entry point, run by core.lessons.store on the connection it opened and locked (config.attributes)."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
