"""Every read statement (store/read_statements.py) as SQLAlchemy renders it for SQLite, for the
lean session (store/lean_reader.py). Written by services/read_sql_render.py; do not edit:
tests/store/test_lean_sql.py checks it against a fresh render.

name: (SQL, parameters in order, expanding parameters, fixed values, parameter conversions,
       row keys, column conversions)"""

from __future__ import annotations

from typing import Any

STATEMENTS: dict[str, tuple[Any, ...]] = {
    'atelier_tui.services.staff.identity:_active_staff': (
        'SELECT staff.login, staff.display_name, staff.role, staff.level, staff.id \n'
        'FROM staff \n'
        'WHERE staff.login = ? AND staff.active = 1',
        ('login',),
        (),
        {},
        {'login': None},
        ('login', 'display_name', 'role', 'level', 'id'),
        (None, None, None, None, None),
    ),
    'atelier_tui.services.staff.identity:_staff_count': (
        'SELECT count(*) AS count_1 \n'
        'FROM staff',
        (),
        (),
        {},
        {},
        ('count_1',),
        (None,),
    ),
}
