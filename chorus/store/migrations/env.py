"""Alembic environment: migrations run on the connection chorus.store.engine.migrate opened."""

from alembic import context

from chorus.store import desktables, publishtables  # noqa: F401  (register their tables on metadata)
from chorus.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise SystemExit("run migrations with `./hub db.upgrade` (chorus.store.engine.migrate)")
context.configure(connection=connection, target_metadata=metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
