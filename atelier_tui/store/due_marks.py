"""Triggers that mark a tool's stored due rows (maintenance_due) stale on every write to what its
schedule is computed from: the tool itself (its type, its usage counter, being retired), its
maintenance records, reschedules and interval proposals, and the plans of its type or its own.

The services recompute the rows in the same transaction and clear the mark
(services.maintenance.due_store.settle_due); the marks are there so that a write made any other
way (a script, a repair by hand in SQL) is never read as current: readers compute a marked tool's
schedule afresh. Built by migration 0017_maintenance_due, on SQLite and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import Connection

STALE = "maintenance_due_stale"

# table -> (the tool ids a changed row concerns, as SQL over a row named ROW; the columns whose
# change moves the schedule on an UPDATE, None: any)
_TOOL_OF_ROW = "SELECT ROW.tool_id AS tool_id"
_TOOLS_OF_PLAN = ("SELECT tool.id AS tool_id FROM tool WHERE tool.id = ROW.tool_id OR tool.tool_type_id = ROW.tool_type_id")
_WATCHED: dict[str, str] = {
    "maintenance_record": _TOOL_OF_ROW,
    "maintenance_reschedule": _TOOL_OF_ROW,
    "interval_proposal": _TOOL_OF_ROW,
    "maintenance_plan": _TOOLS_OF_PLAN,
}
# What of a tool moves its rows: its type, its counter, and being retired or not (other changes of
# status, a check-out above all, do not).
_TOOL_MOVED = ("OLD.tool_type_id {ne} NEW.tool_type_id OR OLD.usage_count {ne} NEW.usage_count "
               "OR (OLD.status = 'retired') {ne} (NEW.status = 'retired')")


def _name(table: str, event: str) -> str:
    return f"trg_due_stale_{table}_{event}"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table, tools in _WATCHED.items():
        for event, rows in (("insert", ("NEW",)), ("update", ("OLD", "NEW")), ("delete", ("OLD",))):
            marks = " ".join(f"INSERT OR IGNORE INTO {STALE} (tool_id) {tools.replace('ROW', row)};" for row in rows)
            statements.append(f"CREATE TRIGGER {_name(table, event)} AFTER {event.upper()} ON {table} BEGIN {marks} END")
    statements.append(f"CREATE TRIGGER {_name('tool', 'insert')} AFTER INSERT ON tool "
                      f"BEGIN INSERT OR IGNORE INTO {STALE} (tool_id) VALUES (NEW.id); END")
    statements.append(f"CREATE TRIGGER {_name('tool', 'update')} AFTER UPDATE ON tool WHEN {_TOOL_MOVED.format(ne='IS NOT')} "
                      f"BEGIN INSERT OR IGNORE INTO {STALE} (tool_id) VALUES (NEW.id); END")
    statements.append(f"CREATE TRIGGER {_name('tool', 'delete')} AFTER DELETE ON tool "
                      f"BEGIN DELETE FROM maintenance_due WHERE tool_id = OLD.id; DELETE FROM {STALE} WHERE tool_id = OLD.id; END")
    return statements


def _pg_function(table: str, body: str) -> str:
    return (f"CREATE FUNCTION {_name(table, 'fn')}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} "
            "RETURN NULL; END $$")


def _pg_mark(tools: str, row: str) -> str:
    return f"INSERT INTO {STALE} (tool_id) {tools.replace('ROW', row)} ON CONFLICT DO NOTHING;"


def _postgresql_triggers() -> list[str]:
    statements = []
    for table, tools in _WATCHED.items():
        body = (f"IF TG_OP <> 'INSERT' THEN {_pg_mark(tools, 'OLD')} END IF; "
                f"IF TG_OP <> 'DELETE' THEN {_pg_mark(tools, 'NEW')} END IF;")
        statements.append(_pg_function(table, body))
        statements.append(f"CREATE TRIGGER {_name(table, 'all')} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                          f"FOR EACH ROW EXECUTE FUNCTION {_name(table, 'fn')}()")
    body = (f"IF TG_OP = 'DELETE' THEN DELETE FROM maintenance_due WHERE tool_id = OLD.id; "
            f"DELETE FROM {STALE} WHERE tool_id = OLD.id; "
            f"ELSIF TG_OP = 'INSERT' THEN INSERT INTO {STALE} (tool_id) VALUES (NEW.id) ON CONFLICT DO NOTHING; "
            f"ELSIF {_TOOL_MOVED.format(ne='IS DISTINCT FROM')} THEN "
            f"INSERT INTO {STALE} (tool_id) VALUES (NEW.id) ON CONFLICT DO NOTHING; END IF;")
    statements.append(_pg_function("tool", body))
    statements.append(f"CREATE TRIGGER {_name('tool', 'all')} AFTER INSERT OR UPDATE OR DELETE ON tool "
                      f"FOR EACH ROW EXECUTE FUNCTION {_name('tool', 'fn')}()")
    return statements


def create_due_marks(connection: Connection) -> None:
    statements = _sqlite_triggers() if connection.dialect.name == "sqlite" else _postgresql_triggers()
    for statement in statements:
        connection.exec_driver_sql(statement)


def drop_due_marks(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for table in (*_WATCHED, "tool"):
            for event in ("insert", "update", "delete"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_name(table, event)}")
        return
    for table in (*_WATCHED, "tool"):
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {_name(table, 'all')} ON {table}")
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {_name(table, 'fn')}()")
