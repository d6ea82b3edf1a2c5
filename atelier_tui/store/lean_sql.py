"""Every read statement (store/read_statements.py) as SQLAlchemy renders it for SQLite, for the
lean session (store/lean_reader.py). Written by services/read_sql_render.py; do not edit:
tests/store/test_lean_sql.py checks it against a fresh render.

name: (SQL, parameters in order, expanding parameters, fixed values, parameter conversions,
       row keys, column conversions)"""

from __future__ import annotations

from typing import Any

STATEMENTS: dict[str, tuple[Any, ...]] = {
    'atelier_tui.services.audit.change_mark:_newest_event': (
        'SELECT audit_event.id, audit_event.hash \n'
        'FROM audit_event ORDER BY audit_event.id DESC\n'
        ' LIMIT ? OFFSET ?',
        ('param_1', 'param_2'),
        (),
        {'param_1': 1, 'param_2': 0},
        {},
        ('id', 'hash'),
        (None, None),
    ),
    'atelier_tui.services.benches.detail:_bench_by_code': (
        'SELECT bench.id, bench.code, bench.name, bench.zone, bench.status, bench.features, staff.display_name, staff.login, bench.version \n'
        'FROM bench LEFT OUTER JOIN staff ON staff.id = bench.technician_id \n'
        'WHERE bench.code = ?',
        ('code',),
        (),
        {},
        {'code': None},
        ('id', 'code', 'name', 'zone', 'status', 'features', 'display_name', 'login', 'version'),
        (None, None, None, None, None, 'json', None, None, None),
    ),
    'atelier_tui.services.benches.detail:_order_in_progress': (
        'SELECT repair_order.reference, repair_order.brand, repair_order.model, calibre.reference AS reference_1, repair_order.movement_kind, repair_order.status, repair_order.deadline, bench.code, staff.display_name \n'
        'FROM repair_order LEFT OUTER JOIN calibre ON calibre.id = repair_order.calibre_id LEFT OUTER JOIN bench ON bench.id = repair_order.bench_id LEFT OUTER JOIN staff ON staff.id = repair_order.technician_id \n'
        'WHERE repair_order.bench_id = ? AND repair_order.status = ? ORDER BY repair_order.deadline, repair_order.reference\n'
        ' LIMIT ? OFFSET ?',
        ('bench', 'status_1', 'param_1', 'param_2'),
        (),
        {'status_1': 'in_progress', 'param_1': 1, 'param_2': 0},
        {'bench': None},
        ('reference', 'brand', 'model', 'reference_1', 'movement_kind', 'status', 'deadline', 'code', 'display_name'),
        (None, None, None, None, None, None, 'date', None, None),
    ),
    'atelier_tui.services.benches.detail:_runs_on': (
        'SELECT checklist_template."key", checklist_template.version, checklist_template.name_en, checklist_template.name_fr, checklist_template.scope, repair_order.reference, staff.display_name, checklist_run.started_at, checklist_run.signed_at, checklist_run.passed \n'
        'FROM checklist_run JOIN checklist_template ON checklist_template.id = checklist_run.template_id JOIN staff ON staff.id = checklist_run.run_by_id LEFT OUTER JOIN repair_order ON repair_order.id = checklist_run.order_id \n'
        'WHERE checklist_run.bench_id = ? AND checklist_run.run_date = ? ORDER BY checklist_run.started_at, checklist_run.id',
        ('bench', 'day'),
        (),
        {},
        {'bench': None, 'day': 'date'},
        ('key', 'version', 'name_en', 'name_fr', 'scope', 'reference', 'display_name', 'started_at', 'signed_at', 'passed'),
        (None, None, None, None, None, None, None, 'utc_datetime', 'utc_datetime', 'bool'),
    ),
    'atelier_tui.services.benches.detail:_tools_on_bench': (
        'SELECT tool.id, tool.tool_type_id, tool.asset_tag, tool_type."key", tool_type.name_en, tool_type.name_fr, tool_type.category, tool_type.measuring, tool.status, tool.status_reason, coalesce(bench_1.code, location.code, bench_2.code, ?) AS "where", coalesce(location.code, bench_2.code, ?) AS home, tool.usage_count, tool.status_record_id \n'
        'FROM tool JOIN tool_type ON tool_type.id = tool.tool_type_id LEFT OUTER JOIN bench AS bench_1 ON bench_1.id = tool.bench_id LEFT OUTER JOIN location ON location.id = tool.home_location_id LEFT OUTER JOIN bench AS bench_2 ON bench_2.id = tool.home_bench_id \n'
        'WHERE tool.bench_id = ? ORDER BY tool.asset_tag',
        ('coalesce_1', 'coalesce_2', 'bench'),
        (),
        {'coalesce_1': '', 'coalesce_2': ''},
        {'bench': None},
        ('id', 'tool_type_id', 'asset_tag', 'key', 'name_en', 'name_fr', 'category', 'measuring', 'status', 'status_reason', 'where', 'home', 'usage_count', 'status_record_id'),
        (None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None),
    ),
    'atelier_tui.services.common.order_row:order_by_reference': (
        'SELECT repair_order.id, repair_order.reference, repair_order.site_id, repair_order.customer_ref, repair_order.brand, repair_order.model, repair_order.case_serial, repair_order.calibre_id, repair_order.movement_kind, repair_order.case_diameter_mm, repair_order.water_resistance_bar, repair_order.water_resistance_text, repair_order.gasket_inner_diameter_mm, repair_order.gasket_section_mm, repair_order.crystal_diameter_mm, repair_order.lug_width_mm, repair_order.vintage, repair_order.luminous, repair_order.battery, repair_order.crystal_material, repair_order.crystal_shape, repair_order.crystal_thickness_mm, repair_order.crystal_gasket_outer_diameter_mm, repair_order.crystal_gasket_inner_diameter_mm, repair_order.crystal_gasket_height_mm, repair_order.crown_type, repair_order.crown_diameter_mm, repair_order.crown_tube_diameter_mm, repair_order.crown_gasket_inner_diameter_mm, repair_order.crown_gasket_section_mm, repair_order.case_back, repair_order.reception_notes, repair_order.grade, repair_order.estimate_minutes, repair_order.estimate_text, repair_order.received_on, repair_order.deadline, repair_order.level, repair_order.status, repair_order.bench_id, repair_order.technician_id, repair_order.version \n'
        'FROM repair_order \n'
        'WHERE repair_order.reference = ?',
        ('reference',),
        (),
        {},
        {'reference': None},
        ('id', 'reference', 'site_id', 'customer_ref', 'brand', 'model', 'case_serial', 'calibre_id', 'movement_kind', 'case_diameter_mm', 'water_resistance_bar', 'water_resistance_text', 'gasket_inner_diameter_mm', 'gasket_section_mm', 'crystal_diameter_mm', 'lug_width_mm', 'vintage', 'luminous', 'battery', 'crystal_material', 'crystal_shape', 'crystal_thickness_mm', 'crystal_gasket_outer_diameter_mm', 'crystal_gasket_inner_diameter_mm', 'crystal_gasket_height_mm', 'crown_type', 'crown_diameter_mm', 'crown_tube_diameter_mm', 'crown_gasket_inner_diameter_mm', 'crown_gasket_section_mm', 'case_back', 'reception_notes', 'grade', 'estimate_minutes', 'estimate_text', 'received_on', 'deadline', 'level', 'status', 'bench_id', 'technician_id', 'version'),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'date', 'date', None, None, None, None, None),
    ),
    'atelier_tui.services.maintenance.due:_bench_codes': (
        'SELECT bench.id, bench.code \n'
        'FROM bench',
        (),
        (),
        {},
        {},
        ('id', 'code'),
        (None, None),
    ),
    'atelier_tui.services.maintenance.due:_location_codes': (
        'SELECT location.id, location.code \n'
        'FROM location',
        (),
        (),
        {},
        {},
        ('id', 'code'),
        (None, None),
    ),
    'atelier_tui.services.maintenance.due:_tool_types_statement': (
        'SELECT tool_type.id, tool_type."key", tool_type.name_en, tool_type.name_fr, tool_type.measuring \n'
        'FROM tool_type',
        (),
        (),
        {},
        {},
        ('id', 'key', 'name_en', 'name_fr', 'measuring'),
        (None, None, None, None, 'bool'),
    ),
    'atelier_tui.services.maintenance.due:_tools[apart]': (
        'SELECT tool.id, tool.tool_type_id, tool.asset_tag, tool.status, tool.status_reason, tool.usage_count, coalesce(tool.bench_id, tool.home_bench_id) AS bench_id, tool.home_location_id, tool.status_record_id \n'
        'FROM tool \n'
        'WHERE tool.status IN (__[POSTCOMPILE_status_1]) ORDER BY tool.asset_tag',
        ('status_1',),
        ('status_1',),
        {'status_1': ('in_maintenance', 'out_of_service', 'retired')},
        {},
        ('id', 'tool_type_id', 'asset_tag', 'status', 'status_reason', 'usage_count', 'bench_id', 'home_location_id', 'status_record_id'),
        (None, None, None, None, None, None, None, None, None),
    ),
    'atelier_tui.services.maintenance.due:_tools[every]': (
        'SELECT tool.id, tool.tool_type_id, tool.asset_tag, tool.status, tool.status_reason, tool.usage_count, coalesce(tool.bench_id, tool.home_bench_id) AS bench_id, tool.home_location_id, tool.status_record_id \n'
        'FROM tool ORDER BY tool.asset_tag',
        (),
        (),
        {},
        {},
        ('id', 'tool_type_id', 'asset_tag', 'status', 'status_reason', 'usage_count', 'bench_id', 'home_location_id', 'status_record_id'),
        (None, None, None, None, None, None, None, None, None),
    ),
    'atelier_tui.services.maintenance.due:_tools[window]': (
        'SELECT tool.id, tool.tool_type_id, tool.asset_tag, tool.status, tool.status_reason, tool.usage_count, coalesce(tool.bench_id, tool.home_bench_id) AS bench_id, tool.home_location_id, tool.status_record_id \n'
        'FROM tool \n'
        'WHERE tool.id IN (SELECT maintenance_due.tool_id \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.next_due_on <= ? UNION SELECT maintenance_due.tool_id \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.attention IS 1 UNION SELECT maintenance_due_stale.tool_id \n'
        'FROM maintenance_due_stale) AND tool.status IN (__[POSTCOMPILE_status_1]) ORDER BY tool.asset_tag',
        ('until', 'status_1'),
        ('status_1',),
        {'status_1': ('in_service', 'checked_out')},
        {'until': 'date'},
        ('id', 'tool_type_id', 'asset_tag', 'status', 'status_reason', 'usage_count', 'bench_id', 'home_location_id', 'status_record_id'),
        (None, None, None, None, None, None, None, None, None),
    ),
    'atelier_tui.services.maintenance.due:_waiting_orders': (
        'SELECT repair_order.reference \n'
        'FROM repair_order \n'
        'WHERE repair_order.status IN (__[POSTCOMPILE_status_1]) AND repair_order.bench_id IS NOT NULL ORDER BY repair_order.reference',
        ('status_1',),
        ('status_1',),
        {'status_1': ('received', 'quoted', 'accepted', 'ready')},
        {},
        ('reference',),
        (None,),
    ),
    'atelier_tui.services.maintenance.due_store:_every_stale': (
        'SELECT maintenance_due_stale.tool_id \n'
        'FROM maintenance_due_stale',
        (),
        (),
        {},
        {},
        ('tool_id',),
        (None,),
    ),
    'atelier_tui.services.maintenance.due_store:_stale_among': (
        'SELECT maintenance_due_stale.tool_id \n'
        'FROM maintenance_due_stale \n'
        'WHERE maintenance_due_stale.tool_id IN (__[POSTCOMPILE_ids])',
        ('ids',),
        ('ids',),
        {},
        {'ids': None},
        ('tool_id',),
        (None,),
    ),
    'atelier_tui.services.maintenance.due_store:_stored': (
        'SELECT maintenance_due.tool_id, maintenance_due.plan_id, maintenance_due.every_days, maintenance_due.starts_on, maintenance_due.last_done_at, maintenance_due.last_record_id, maintenance_due.next_due_on, maintenance_due.uses_left, maintenance_due.usage_seen, maintenance_due.rescheduled, maintenance_due.reschedule_reason, maintenance_due.attention \n'
        'FROM maintenance_due',
        (),
        (),
        {},
        {},
        ('tool_id', 'plan_id', 'every_days', 'starts_on', 'last_done_at', 'last_record_id', 'next_due_on', 'uses_left', 'usage_seen', 'rescheduled', 'reschedule_reason', 'attention'),
        (None, None, None, 'date', 'utc_datetime', None, 'date', None, None, 'bool', None, 'bool'),
    ),
    'atelier_tui.services.maintenance.due_store:_stored_among': (
        'SELECT maintenance_due.tool_id, maintenance_due.plan_id, maintenance_due.every_days, maintenance_due.starts_on, maintenance_due.last_done_at, maintenance_due.last_record_id, maintenance_due.next_due_on, maintenance_due.uses_left, maintenance_due.usage_seen, maintenance_due.rescheduled, maintenance_due.reschedule_reason, maintenance_due.attention \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.tool_id IN (__[POSTCOMPILE_ids])',
        ('ids',),
        ('ids',),
        {},
        {'ids': None},
        ('tool_id', 'plan_id', 'every_days', 'starts_on', 'last_done_at', 'last_record_id', 'next_due_on', 'uses_left', 'usage_seen', 'rescheduled', 'reschedule_reason', 'attention'),
        (None, None, None, 'date', 'utc_datetime', None, 'date', None, None, 'bool', None, 'bool'),
    ),
    'atelier_tui.services.maintenance.due_store:_stored_and_marked': (
        'SELECT maintenance_due.tool_id, maintenance_due.plan_id, maintenance_due.every_days, maintenance_due.starts_on, maintenance_due.last_done_at, maintenance_due.last_record_id, maintenance_due.next_due_on, maintenance_due.uses_left, maintenance_due.usage_seen, maintenance_due.rescheduled, maintenance_due.reschedule_reason, maintenance_due.attention \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.tool_id IN (__[POSTCOMPILE_ids]) UNION ALL SELECT maintenance_due_stale.tool_id, NULL AS anon_1, NULL AS anon__1, NULL AS anon__2, NULL AS anon__3, NULL AS anon__4, NULL AS anon__5, NULL AS anon__6, NULL AS anon__7, NULL AS anon__8, NULL AS anon__9, NULL AS anon__10 \n'
        'FROM maintenance_due_stale \n'
        'WHERE maintenance_due_stale.tool_id IN (__[POSTCOMPILE_marked_ids])',
        ('ids', 'marked_ids'),
        ('ids', 'marked_ids'),
        {},
        {'ids': None, 'marked_ids': None},
        ('tool_id', 'plan_id', 'every_days', 'starts_on', 'last_done_at', 'last_record_id', 'next_due_on', 'uses_left', 'usage_seen', 'rescheduled', 'reschedule_reason', 'attention'),
        (None, None, None, 'date', 'utc_datetime', None, 'date', None, None, 'bool', None, 'bool'),
    ),
    'atelier_tui.services.maintenance.due_store:_stored_by': (
        'SELECT maintenance_due.tool_id, maintenance_due.plan_id, maintenance_due.every_days, maintenance_due.starts_on, maintenance_due.last_done_at, maintenance_due.last_record_id, maintenance_due.next_due_on, maintenance_due.uses_left, maintenance_due.usage_seen, maintenance_due.rescheduled, maintenance_due.reschedule_reason, maintenance_due.attention \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.tool_id IN (SELECT maintenance_due.tool_id \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.next_due_on <= ? UNION SELECT maintenance_due.tool_id \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.attention IS 1 UNION SELECT maintenance_due_stale.tool_id \n'
        'FROM maintenance_due_stale)',
        ('until',),
        (),
        {},
        {'until': 'date'},
        ('tool_id', 'plan_id', 'every_days', 'starts_on', 'last_done_at', 'last_record_id', 'next_due_on', 'uses_left', 'usage_seen', 'rescheduled', 'reschedule_reason', 'attention'),
        (None, None, None, 'date', 'utc_datetime', None, 'date', None, None, 'bool', None, 'bool'),
    ),
    'atelier_tui.services.maintenance.schedule:_active_plans': (
        'SELECT maintenance_plan.id, maintenance_plan.tool_type_id, maintenance_plan.tool_id, maintenance_plan."key", maintenance_plan.kind, maintenance_plan.name_en, maintenance_plan.name_fr, maintenance_plan.every_days, maintenance_plan.every_uses, maintenance_plan.anchor, maintenance_plan.grace_days, maintenance_plan.blocking \n'
        'FROM maintenance_plan \n'
        'WHERE maintenance_plan.active IS 1 ORDER BY maintenance_plan."key"',
        (),
        (),
        {},
        {},
        ('id', 'tool_type_id', 'tool_id', 'key', 'kind', 'name_en', 'name_fr', 'every_days', 'every_uses', 'anchor', 'grace_days', 'blocking'),
        (None, None, None, None, None, None, None, None, None, None, None, 'bool'),
    ),
    'atelier_tui.services.maintenance.schedule:_completions_statement[every]': (
        'SELECT anon_1.tool_id, anon_1.plan_id, anon_1.id, anon_1.performed_at, anon_1.usage_at \n'
        'FROM (SELECT maintenance_record.id AS id, maintenance_record.tool_id AS tool_id, maintenance_record.plan_id AS plan_id, maintenance_record.performed_at AS performed_at, maintenance_record.usage_at AS usage_at, row_number() OVER (PARTITION BY maintenance_record.tool_id, maintenance_record.plan_id ORDER BY maintenance_record.performed_at DESC, maintenance_record.id DESC) AS rank \n'
        'FROM maintenance_record \n'
        'WHERE maintenance_record.plan_id IS NOT NULL AND maintenance_record.scheduled IS 1 AND maintenance_record.result != ?) AS anon_1 \n'
        'WHERE anon_1.rank = ?',
        ('result_1', 'rank_1'),
        (),
        {'result_1': 'fail', 'rank_1': 1},
        {},
        ('tool_id', 'plan_id', 'id', 'performed_at', 'usage_at'),
        (None, None, None, 'utc_datetime', None),
    ),
    'atelier_tui.services.maintenance.schedule:_completions_statement[some]': (
        'SELECT anon_1.tool_id, anon_1.plan_id, anon_1.id, anon_1.performed_at, anon_1.usage_at \n'
        'FROM (SELECT maintenance_record.id AS id, maintenance_record.tool_id AS tool_id, maintenance_record.plan_id AS plan_id, maintenance_record.performed_at AS performed_at, maintenance_record.usage_at AS usage_at, row_number() OVER (PARTITION BY maintenance_record.tool_id, maintenance_record.plan_id ORDER BY maintenance_record.performed_at DESC, maintenance_record.id DESC) AS rank \n'
        'FROM maintenance_record \n'
        'WHERE maintenance_record.plan_id IS NOT NULL AND maintenance_record.scheduled IS 1 AND maintenance_record.result != ? AND maintenance_record.tool_id IN (__[POSTCOMPILE_tool_ids])) AS anon_1 \n'
        'WHERE anon_1.rank = ?',
        ('result_1', 'tool_ids', 'rank_1'),
        ('tool_ids',),
        {'result_1': 'fail', 'rank_1': 1},
        {'tool_ids': None},
        ('tool_id', 'plan_id', 'id', 'performed_at', 'usage_at'),
        (None, None, None, 'utc_datetime', None),
    ),
    'atelier_tui.services.maintenance.schedule:_firsts_statement[every]': (
        'SELECT maintenance_record.tool_id, maintenance_record.plan_id, min(maintenance_record.performed_at) AS min_1 \n'
        'FROM maintenance_record \n'
        'WHERE maintenance_record.plan_id IS NOT NULL AND maintenance_record.scheduled IS 1 AND maintenance_record.result != ? GROUP BY maintenance_record.tool_id, maintenance_record.plan_id',
        ('result_1',),
        (),
        {'result_1': 'fail'},
        {},
        ('tool_id', 'plan_id', 'min_1'),
        (None, None, 'utc_datetime'),
    ),
    'atelier_tui.services.maintenance.schedule:_firsts_statement[some]': (
        'SELECT maintenance_record.tool_id, maintenance_record.plan_id, min(maintenance_record.performed_at) AS min_1 \n'
        'FROM maintenance_record \n'
        'WHERE maintenance_record.plan_id IS NOT NULL AND maintenance_record.scheduled IS 1 AND maintenance_record.result != ? AND maintenance_record.tool_id IN (__[POSTCOMPILE_tool_ids]) GROUP BY maintenance_record.tool_id, maintenance_record.plan_id',
        ('result_1', 'tool_ids'),
        ('tool_ids',),
        {'result_1': 'fail'},
        {'tool_ids': None},
        ('tool_id', 'plan_id', 'min_1'),
        (None, None, 'utc_datetime'),
    ),
    'atelier_tui.services.maintenance.schedule:_intervals_statement[every]': (
        'SELECT anon_1.tool_id, anon_1.plan_id, anon_1.proposed_days \n'
        'FROM (SELECT interval_proposal.tool_id AS tool_id, interval_proposal.plan_id AS plan_id, interval_proposal.proposed_days AS proposed_days, row_number() OVER (PARTITION BY interval_proposal.tool_id, interval_proposal.plan_id ORDER BY interval_proposal.decided_at DESC, interval_proposal.id DESC) AS rank \n'
        'FROM interval_proposal \n'
        'WHERE interval_proposal.state = ?) AS anon_1 \n'
        'WHERE anon_1.rank = ?',
        ('state_1', 'rank_1'),
        (),
        {'state_1': 'accepted', 'rank_1': 1},
        {},
        ('tool_id', 'plan_id', 'proposed_days'),
        (None, None, None),
    ),
    'atelier_tui.services.maintenance.schedule:_intervals_statement[some]': (
        'SELECT anon_1.tool_id, anon_1.plan_id, anon_1.proposed_days \n'
        'FROM (SELECT interval_proposal.tool_id AS tool_id, interval_proposal.plan_id AS plan_id, interval_proposal.proposed_days AS proposed_days, row_number() OVER (PARTITION BY interval_proposal.tool_id, interval_proposal.plan_id ORDER BY interval_proposal.decided_at DESC, interval_proposal.id DESC) AS rank \n'
        'FROM interval_proposal \n'
        'WHERE interval_proposal.state = ? AND interval_proposal.tool_id IN (__[POSTCOMPILE_tool_ids])) AS anon_1 \n'
        'WHERE anon_1.rank = ?',
        ('state_1', 'tool_ids', 'rank_1'),
        ('tool_ids',),
        {'state_1': 'accepted', 'rank_1': 1},
        {'tool_ids': None},
        ('tool_id', 'plan_id', 'proposed_days'),
        (None, None, None),
    ),
    'atelier_tui.services.maintenance.schedule:_reschedules_statement[every]': (
        'SELECT anon_1.tool_id, anon_1.plan_id, anon_1.due_on, anon_1.after_record_id, anon_1.reason \n'
        'FROM (SELECT maintenance_reschedule.tool_id AS tool_id, maintenance_reschedule.plan_id AS plan_id, maintenance_reschedule.due_on AS due_on, maintenance_reschedule.after_record_id AS after_record_id, maintenance_reschedule.reason AS reason, row_number() OVER (PARTITION BY maintenance_reschedule.tool_id, maintenance_reschedule.plan_id ORDER BY maintenance_reschedule.at DESC, maintenance_reschedule.id DESC) AS rank \n'
        'FROM maintenance_reschedule) AS anon_1 \n'
        'WHERE anon_1.rank = ?',
        ('rank_1',),
        (),
        {'rank_1': 1},
        {},
        ('tool_id', 'plan_id', 'due_on', 'after_record_id', 'reason'),
        (None, None, 'date', None, None),
    ),
    'atelier_tui.services.maintenance.schedule:_reschedules_statement[some]': (
        'SELECT anon_1.tool_id, anon_1.plan_id, anon_1.due_on, anon_1.after_record_id, anon_1.reason \n'
        'FROM (SELECT maintenance_reschedule.tool_id AS tool_id, maintenance_reschedule.plan_id AS plan_id, maintenance_reschedule.due_on AS due_on, maintenance_reschedule.after_record_id AS after_record_id, maintenance_reschedule.reason AS reason, row_number() OVER (PARTITION BY maintenance_reschedule.tool_id, maintenance_reschedule.plan_id ORDER BY maintenance_reschedule.at DESC, maintenance_reschedule.id DESC) AS rank \n'
        'FROM maintenance_reschedule \n'
        'WHERE maintenance_reschedule.tool_id IN (__[POSTCOMPILE_tool_ids])) AS anon_1 \n'
        'WHERE anon_1.rank = ?',
        ('tool_ids', 'rank_1'),
        ('tool_ids',),
        {'rank_1': 1},
        {'tool_ids': None},
        ('tool_id', 'plan_id', 'due_on', 'after_record_id', 'reason'),
        (None, None, 'date', None, None),
    ),
    'atelier_tui.services.maintenance.status_reasons:_records': (
        'SELECT maintenance_record.id, maintenance_record.performed_at, maintenance_record.readings, maintenance_plan."key", maintenance_plan.name_en, maintenance_plan.name_fr, maintenance_plan.test_points \n'
        'FROM maintenance_record JOIN maintenance_plan ON maintenance_plan.id = maintenance_record.plan_id \n'
        'WHERE maintenance_record.id IN (__[POSTCOMPILE_records])',
        ('records',),
        ('records',),
        {},
        {'records': None},
        ('id', 'performed_at', 'readings', 'key', 'name_en', 'name_fr', 'test_points'),
        (None, 'utc_datetime', 'json', None, None, None, 'json'),
    ),
    'atelier_tui.services.orders.rows:_every_order[any,all]': (
        'SELECT repair_order.reference, repair_order.brand, repair_order.model, calibre.reference AS reference_1, repair_order.movement_kind, repair_order.status, repair_order.deadline, bench.code, staff.display_name \n'
        'FROM repair_order LEFT OUTER JOIN calibre ON calibre.id = repair_order.calibre_id LEFT OUTER JOIN bench ON bench.id = repair_order.bench_id LEFT OUTER JOIN staff ON staff.id = repair_order.technician_id ORDER BY repair_order.deadline, repair_order.reference',
        (),
        (),
        {},
        {},
        ('reference', 'brand', 'model', 'reference_1', 'movement_kind', 'status', 'deadline', 'code', 'display_name'),
        (None, None, None, None, None, None, 'date', None, None),
    ),
    'atelier_tui.services.orders.rows:_every_order[any,open]': (
        'SELECT repair_order.reference, repair_order.brand, repair_order.model, calibre.reference AS reference_1, repair_order.movement_kind, repair_order.status, repair_order.deadline, bench.code, staff.display_name \n'
        'FROM repair_order LEFT OUTER JOIN calibre ON calibre.id = repair_order.calibre_id LEFT OUTER JOIN bench ON bench.id = repair_order.bench_id LEFT OUTER JOIN staff ON staff.id = repair_order.technician_id \n'
        "WHERE (repair_order.status NOT IN ('done', 'returned', 'cancelled')) ORDER BY repair_order.deadline, repair_order.reference",
        (),
        (),
        {},
        {},
        ('reference', 'brand', 'model', 'reference_1', 'movement_kind', 'status', 'deadline', 'code', 'display_name'),
        (None, None, None, None, None, None, 'date', None, None),
    ),
    'atelier_tui.services.orders.rows:_every_order[status,all]': (
        'SELECT repair_order.reference, repair_order.brand, repair_order.model, calibre.reference AS reference_1, repair_order.movement_kind, repair_order.status, repair_order.deadline, bench.code, staff.display_name \n'
        'FROM repair_order LEFT OUTER JOIN calibre ON calibre.id = repair_order.calibre_id LEFT OUTER JOIN bench ON bench.id = repair_order.bench_id LEFT OUTER JOIN staff ON staff.id = repair_order.technician_id \n'
        'WHERE repair_order.status = ? ORDER BY repair_order.deadline, repair_order.reference',
        ('status',),
        (),
        {},
        {'status': None},
        ('reference', 'brand', 'model', 'reference_1', 'movement_kind', 'status', 'deadline', 'code', 'display_name'),
        (None, None, None, None, None, None, 'date', None, None),
    ),
    'atelier_tui.services.orders.rows:_every_order[status,open]': (
        'SELECT repair_order.reference, repair_order.brand, repair_order.model, calibre.reference AS reference_1, repair_order.movement_kind, repair_order.status, repair_order.deadline, bench.code, staff.display_name \n'
        'FROM repair_order LEFT OUTER JOIN calibre ON calibre.id = repair_order.calibre_id LEFT OUTER JOIN bench ON bench.id = repair_order.bench_id LEFT OUTER JOIN staff ON staff.id = repair_order.technician_id \n'
        "WHERE repair_order.status = ? AND (repair_order.status NOT IN ('done', 'returned', 'cancelled')) ORDER BY repair_order.deadline, repair_order.reference",
        ('status',),
        (),
        {},
        {'status': None},
        ('reference', 'brand', 'model', 'reference_1', 'movement_kind', 'status', 'deadline', 'code', 'display_name'),
        (None, None, None, None, None, None, 'date', None, None),
    ),
    'atelier_tui.services.orders.rows:_orders_by_id': (
        'SELECT repair_order.id, repair_order.reference, repair_order.site_id, repair_order.customer_ref, repair_order.brand, repair_order.model, repair_order.case_serial, repair_order.calibre_id, repair_order.movement_kind, repair_order.case_diameter_mm, repair_order.water_resistance_bar, repair_order.water_resistance_text, repair_order.gasket_inner_diameter_mm, repair_order.gasket_section_mm, repair_order.crystal_diameter_mm, repair_order.lug_width_mm, repair_order.vintage, repair_order.luminous, repair_order.battery, repair_order.crystal_material, repair_order.crystal_shape, repair_order.crystal_thickness_mm, repair_order.crystal_gasket_outer_diameter_mm, repair_order.crystal_gasket_inner_diameter_mm, repair_order.crystal_gasket_height_mm, repair_order.crown_type, repair_order.crown_diameter_mm, repair_order.crown_tube_diameter_mm, repair_order.crown_gasket_inner_diameter_mm, repair_order.crown_gasket_section_mm, repair_order.case_back, repair_order.reception_notes, repair_order.grade, repair_order.estimate_minutes, repair_order.estimate_text, repair_order.received_on, repair_order.deadline, repair_order.level, repair_order.status, repair_order.bench_id, repair_order.technician_id, repair_order.version \n'
        'FROM repair_order \n'
        'WHERE repair_order.id IN (__[POSTCOMPILE_ids])',
        ('ids',),
        ('ids',),
        {},
        {'ids': None},
        ('id', 'reference', 'site_id', 'customer_ref', 'brand', 'model', 'case_serial', 'calibre_id', 'movement_kind', 'case_diameter_mm', 'water_resistance_bar', 'water_resistance_text', 'gasket_inner_diameter_mm', 'gasket_section_mm', 'crystal_diameter_mm', 'lug_width_mm', 'vintage', 'luminous', 'battery', 'crystal_material', 'crystal_shape', 'crystal_thickness_mm', 'crystal_gasket_outer_diameter_mm', 'crystal_gasket_inner_diameter_mm', 'crystal_gasket_height_mm', 'crown_type', 'crown_diameter_mm', 'crown_tube_diameter_mm', 'crown_gasket_inner_diameter_mm', 'crown_gasket_section_mm', 'case_back', 'reception_notes', 'grade', 'estimate_minutes', 'estimate_text', 'received_on', 'deadline', 'level', 'status', 'bench_id', 'technician_id', 'version'),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'date', 'date', None, None, None, None, None),
    ),
    'atelier_tui.services.overview.dashboard:_bench_checklists': (
        'SELECT checklist_template."key", checklist_template.name_en, checklist_template.name_fr, checklist_template.conditions \n'
        'FROM checklist_template \n'
        'WHERE checklist_template.scope = ? AND checklist_template.is_current IS 1 ORDER BY checklist_template."key"',
        ('scope_1',),
        (),
        {'scope_1': 'bench'},
        {},
        ('key', 'name_en', 'name_fr', 'conditions'),
        (None, None, None, 'json'),
    ),
    'atelier_tui.services.overview.dashboard:_late_orders[count]': (
        'SELECT count(*) AS count_1 \n'
        'FROM (SELECT repair_order.id AS id \n'
        'FROM repair_order LEFT OUTER JOIN calibre ON calibre.id = repair_order.calibre_id LEFT OUTER JOIN bench ON bench.id = repair_order.bench_id LEFT OUTER JOIN staff ON staff.id = repair_order.technician_id \n'
        "WHERE (repair_order.status NOT IN ('done', 'returned', 'cancelled')) AND repair_order.deadline <= ?) AS anon_1",
        ('until',),
        (),
        {},
        {'until': 'date'},
        ('count_1',),
        (None,),
    ),
    'atelier_tui.services.overview.dashboard:_late_orders[page]': (
        'SELECT repair_order.reference, repair_order.brand, repair_order.model, calibre.reference AS reference_1, repair_order.movement_kind, repair_order.status, repair_order.deadline, bench.code, staff.display_name \n'
        'FROM repair_order LEFT OUTER JOIN calibre ON calibre.id = repair_order.calibre_id LEFT OUTER JOIN bench ON bench.id = repair_order.bench_id LEFT OUTER JOIN staff ON staff.id = repair_order.technician_id \n'
        "WHERE (repair_order.status NOT IN ('done', 'returned', 'cancelled')) AND repair_order.deadline <= ? ORDER BY repair_order.deadline, repair_order.reference\n"
        ' LIMIT ? OFFSET ?',
        ('until', 'param_1', 'param_2'),
        (),
        {'param_1': 200, 'param_2': 0},
        {'until': 'date'},
        ('reference', 'brand', 'model', 'reference_1', 'movement_kind', 'status', 'deadline', 'code', 'display_name'),
        (None, None, None, None, None, None, 'date', None, None),
    ),
    'atelier_tui.services.overview.dashboard:_lots_to_act_on': (
        'SELECT lot.lot_number, supply_type."key", lot.quantity_micro, lot.reserved_micro, supply_type.stock_unit, coalesce(bench.code, location.code, ?) AS coalesce_1, lot.received_on, lot.expires_on, lot.opened_on, lot.status, supply_type.shelf_life_after_opening_days, supply_type.name_en, supply_type.name_fr \n'
        'FROM lot JOIN supply_type ON supply_type.id = lot.supply_type_id LEFT OUTER JOIN bench ON bench.id = lot.bench_id LEFT OUTER JOIN location ON location.id = lot.location_id \n'
        'WHERE lot.status = ? AND lot.quantity_micro > ? AND (lot.expires_on <= ? OR lot.opened_on IS NOT NULL AND supply_type.shelf_life_after_opening_days IS NOT NULL)',
        ('coalesce_2', 'status_1', 'quantity_micro_1', 'horizon'),
        (),
        {'coalesce_2': '', 'status_1': 'available', 'quantity_micro_1': 0},
        {'horizon': 'date'},
        ('lot_number', 'key', 'quantity_micro', 'reserved_micro', 'stock_unit', 'coalesce_1', 'received_on', 'expires_on', 'opened_on', 'status', 'shelf_life_after_opening_days', 'name_en', 'name_fr'),
        (None, None, None, None, None, None, 'date', 'date', 'date', None, None, None, None),
    ),
    'atelier_tui.services.overview.dashboard:_low_supplies[count]': (
        'SELECT count(*) AS count_1 \n'
        'FROM (SELECT supply_type.id AS id \n'
        'FROM supply_type LEFT OUTER JOIN (SELECT lot.supply_type_id AS supply_id, CAST(sum(lot.quantity_micro) AS BIGINT) AS on_hand, CAST(sum(lot.reserved_micro) AS BIGINT) AS reserved, count(*) AS lots, min(lot.expires_on) AS earliest_expiry, sum(CASE WHEN (lot.expires_on < ?) THEN ? ELSE ? END) AS expired \n'
        'FROM lot \n'
        'WHERE lot.status = ? AND lot.quantity_micro > ? GROUP BY lot.supply_type_id) AS anon_2 ON anon_2.supply_id = supply_type.id \n'
        'WHERE supply_type.reorder_point_micro > ? AND (SELECT coalesce(CAST(sum(lot.quantity_micro) AS BIGINT), ?) AS coalesce_1 \n'
        'FROM lot \n'
        'WHERE lot.supply_type_id = supply_type.id AND lot.status = ?) <= supply_type.reorder_point_micro) AS anon_1',
        ('today', 'param_1', 'param_2', 'status_1', 'quantity_micro_1', 'reorder_point_micro_1', 'coalesce_2', 'status_2'),
        (),
        {'param_1': 1, 'param_2': 0, 'status_1': 'available', 'quantity_micro_1': 0, 'reorder_point_micro_1': 0, 'coalesce_2': 0, 'status_2': 'available'},
        {'today': 'date'},
        ('count_1',),
        (None,),
    ),
    'atelier_tui.services.overview.dashboard:_low_supplies[page]': (
        'SELECT supply_type."key", supply_type.name_en, supply_type.name_fr, supply_type.category, supply_type.stock_unit, coalesce(anon_1.on_hand, ?) AS coalesce_1, coalesce(anon_1.reserved, ?) AS coalesce_3, supply_type.reorder_point_micro, coalesce(anon_1.lots, ?) AS coalesce_5, anon_1.earliest_expiry, coalesce(anon_1.expired, ?) AS coalesce_7 \n'
        'FROM supply_type LEFT OUTER JOIN (SELECT lot.supply_type_id AS supply_id, CAST(sum(lot.quantity_micro) AS BIGINT) AS on_hand, CAST(sum(lot.reserved_micro) AS BIGINT) AS reserved, count(*) AS lots, min(lot.expires_on) AS earliest_expiry, sum(CASE WHEN (lot.expires_on < ?) THEN ? ELSE ? END) AS expired \n'
        'FROM lot \n'
        'WHERE lot.status = ? AND lot.quantity_micro > ? GROUP BY lot.supply_type_id) AS anon_1 ON anon_1.supply_id = supply_type.id \n'
        'WHERE supply_type.reorder_point_micro > ? AND (SELECT coalesce(CAST(sum(lot.quantity_micro) AS BIGINT), ?) AS coalesce_9 \n'
        'FROM lot \n'
        'WHERE lot.supply_type_id = supply_type.id AND lot.status = ?) <= supply_type.reorder_point_micro ORDER BY supply_type."key"\n'
        ' LIMIT ? OFFSET ?',
        ('coalesce_2', 'coalesce_4', 'coalesce_6', 'coalesce_8', 'today', 'param_1', 'param_2', 'status_1', 'quantity_micro_1', 'reorder_point_micro_1', 'coalesce_10', 'status_2', 'param_3', 'param_4'),
        (),
        {'coalesce_2': 0, 'coalesce_4': 0, 'coalesce_6': 0, 'coalesce_8': 0, 'param_1': 1, 'param_2': 0, 'status_1': 'available', 'quantity_micro_1': 0, 'reorder_point_micro_1': 0, 'coalesce_10': 0, 'status_2': 'available', 'param_3': 200, 'param_4': 0},
        {'today': 'date'},
        ('key', 'name_en', 'name_fr', 'category', 'stock_unit', 'coalesce_1', 'coalesce_3', 'reorder_point_micro', 'coalesce_5', 'earliest_expiry', 'coalesce_7'),
        (None, None, None, None, None, None, None, None, None, 'date', None),
    ),
    'atelier_tui.services.overview.dashboard:_out_of_service[count]': (
        'SELECT count(*) AS count_1 \n'
        'FROM (SELECT tool.id AS id \n'
        'FROM tool \n'
        'WHERE tool.status = ?) AS anon_1',
        ('status_1',),
        (),
        {'status_1': 'out_of_service'},
        {},
        ('count_1',),
        (None,),
    ),
    'atelier_tui.services.overview.dashboard:_out_of_service[page]': (
        'SELECT tool.id, tool.tool_type_id, tool.asset_tag, tool_type."key", tool_type.name_en, tool_type.name_fr, tool_type.category, tool_type.measuring, tool.status, tool.status_reason, coalesce(bench_1.code, location.code, bench_2.code, ?) AS "where", coalesce(location.code, bench_2.code, ?) AS home, tool.usage_count, tool.status_record_id \n'
        'FROM tool JOIN tool_type ON tool_type.id = tool.tool_type_id LEFT OUTER JOIN bench AS bench_1 ON bench_1.id = tool.bench_id LEFT OUTER JOIN location ON location.id = tool.home_location_id LEFT OUTER JOIN bench AS bench_2 ON bench_2.id = tool.home_bench_id JOIN (SELECT tool.id AS page_id, tool.asset_tag AS sort_key, tool.asset_tag AS sort_tag \n'
        'FROM tool \n'
        'WHERE tool.status = ? ORDER BY tool.asset_tag ASC, tool.asset_tag ASC\n'
        ' LIMIT ? OFFSET ?) AS anon_1 ON anon_1.page_id = tool.id ORDER BY anon_1.sort_key ASC, anon_1.sort_tag ASC',
        ('coalesce_1', 'coalesce_2', 'status_1', 'param_1', 'param_2'),
        (),
        {'coalesce_1': '', 'coalesce_2': '', 'status_1': 'out_of_service', 'param_1': 200, 'param_2': 0},
        {},
        ('id', 'tool_type_id', 'asset_tag', 'key', 'name_en', 'name_fr', 'category', 'measuring', 'status', 'status_reason', 'where', 'home', 'usage_count', 'status_record_id'),
        (None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None),
    ),
    'atelier_tui.services.overview.dashboard:_passed_today': (
        'SELECT checklist_template."key" \n'
        'FROM checklist_template JOIN checklist_run ON checklist_run.template_id = checklist_template.id \n'
        'WHERE checklist_run.bench_id = ? AND checklist_run.run_date = ? AND checklist_run.passed IS 1 AND checklist_run.signed_at IS NOT NULL',
        ('bench', 'today'),
        (),
        {},
        {'bench': None, 'today': 'date'},
        ('key',),
        (None,),
    ),
    'atelier_tui.services.overview.dashboard:_person': (
        'SELECT staff.id, staff.display_name \n'
        'FROM staff \n'
        'WHERE staff.login = ?',
        ('login',),
        (),
        {},
        {'login': None},
        ('id', 'display_name'),
        (None, None),
    ),
    'atelier_tui.services.overview.dashboard:_technicians_bench': (
        'SELECT bench.id, bench.code \n'
        'FROM bench \n'
        'WHERE bench.technician_id = ? ORDER BY bench.code',
        ('staff',),
        (),
        {},
        {'staff': None},
        ('id', 'code'),
        (None, None),
    ),
    'atelier_tui.services.overview.dashboard:_technicians_order_ids': (
        'SELECT repair_order.id \n'
        'FROM repair_order \n'
        "WHERE repair_order.technician_id = ? AND (repair_order.status NOT IN ('done', 'returned', 'cancelled'))",
        ('staff',),
        (),
        {},
        {'staff': None},
        ('id',),
        (None,),
    ),
    'atelier_tui.services.overview.dashboard:_technicians_orders': (
        'SELECT repair_order.reference, repair_order.brand, repair_order.model, calibre.reference AS reference_1, repair_order.movement_kind, repair_order.status, repair_order.deadline, bench.code, staff.display_name \n'
        'FROM repair_order LEFT OUTER JOIN calibre ON calibre.id = repair_order.calibre_id LEFT OUTER JOIN bench ON bench.id = repair_order.bench_id LEFT OUTER JOIN staff ON staff.id = repair_order.technician_id \n'
        "WHERE repair_order.technician_id = ? AND (repair_order.status NOT IN ('done', 'returned', 'cancelled')) ORDER BY repair_order.deadline, repair_order.reference\n"
        ' LIMIT ? OFFSET ?',
        ('staff', 'param_1', 'param_2'),
        (),
        {'param_1': 200, 'param_2': 0},
        {'staff': None},
        ('reference', 'brand', 'model', 'reference_1', 'movement_kind', 'status', 'deadline', 'code', 'display_name'),
        (None, None, None, None, None, None, 'date', None, None),
    ),
    'atelier_tui.services.overview.dashboard:_technicians_waiting': (
        'SELECT repair_order.id, repair_order.reference, repair_order.site_id, repair_order.customer_ref, repair_order.brand, repair_order.model, repair_order.case_serial, repair_order.calibre_id, repair_order.movement_kind, repair_order.case_diameter_mm, repair_order.water_resistance_bar, repair_order.water_resistance_text, repair_order.gasket_inner_diameter_mm, repair_order.gasket_section_mm, repair_order.crystal_diameter_mm, repair_order.lug_width_mm, repair_order.vintage, repair_order.luminous, repair_order.battery, repair_order.crystal_material, repair_order.crystal_shape, repair_order.crystal_thickness_mm, repair_order.crystal_gasket_outer_diameter_mm, repair_order.crystal_gasket_inner_diameter_mm, repair_order.crystal_gasket_height_mm, repair_order.crown_type, repair_order.crown_diameter_mm, repair_order.crown_tube_diameter_mm, repair_order.crown_gasket_inner_diameter_mm, repair_order.crown_gasket_section_mm, repair_order.case_back, repair_order.reception_notes, repair_order.grade, repair_order.estimate_minutes, repair_order.estimate_text, repair_order.received_on, repair_order.deadline, repair_order.level, repair_order.status, repair_order.bench_id, repair_order.technician_id, repair_order.version \n'
        'FROM repair_order \n'
        'WHERE repair_order.technician_id = ? AND repair_order.status IN (__[POSTCOMPILE_status_1]) AND repair_order.bench_id IS NOT NULL ORDER BY repair_order.deadline, repair_order.reference\n'
        ' LIMIT ? OFFSET ?',
        ('staff', 'status_1', 'param_1', 'param_2'),
        ('status_1',),
        {'status_1': ('received', 'quoted', 'accepted', 'ready'), 'param_1': 40, 'param_2': 0},
        {'staff': None},
        ('id', 'reference', 'site_id', 'customer_ref', 'brand', 'model', 'case_serial', 'calibre_id', 'movement_kind', 'case_diameter_mm', 'water_resistance_bar', 'water_resistance_text', 'gasket_inner_diameter_mm', 'gasket_section_mm', 'crystal_diameter_mm', 'lug_width_mm', 'vintage', 'luminous', 'battery', 'crystal_material', 'crystal_shape', 'crystal_thickness_mm', 'crystal_gasket_outer_diameter_mm', 'crystal_gasket_inner_diameter_mm', 'crystal_gasket_height_mm', 'crown_type', 'crown_diameter_mm', 'crown_tube_diameter_mm', 'crown_gasket_inner_diameter_mm', 'crown_gasket_section_mm', 'case_back', 'reception_notes', 'grade', 'estimate_minutes', 'estimate_text', 'received_on', 'deadline', 'level', 'status', 'bench_id', 'technician_id', 'version'),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'date', 'date', None, None, None, None, None),
    ),
    'atelier_tui.services.overview.dashboard:_waiting[count]': (
        'SELECT count(*) AS count_1 \n'
        'FROM (SELECT repair_order.id AS id, repair_order.reference AS reference, repair_order.site_id AS site_id, repair_order.customer_ref AS customer_ref, repair_order.brand AS brand, repair_order.model AS model, repair_order.case_serial AS case_serial, repair_order.calibre_id AS calibre_id, repair_order.movement_kind AS movement_kind, repair_order.case_diameter_mm AS case_diameter_mm, repair_order.water_resistance_bar AS water_resistance_bar, repair_order.water_resistance_text AS water_resistance_text, repair_order.gasket_inner_diameter_mm AS gasket_inner_diameter_mm, repair_order.gasket_section_mm AS gasket_section_mm, repair_order.crystal_diameter_mm AS crystal_diameter_mm, repair_order.lug_width_mm AS lug_width_mm, repair_order.vintage AS vintage, repair_order.luminous AS luminous, repair_order.battery AS battery, repair_order.crystal_material AS crystal_material, repair_order.crystal_shape AS crystal_shape, repair_order.crystal_thickness_mm AS crystal_thickness_mm, repair_order.crystal_gasket_outer_diameter_mm AS crystal_gasket_outer_diameter_mm, repair_order.crystal_gasket_inner_diameter_mm AS crystal_gasket_inner_diameter_mm, repair_order.crystal_gasket_height_mm AS crystal_gasket_height_mm, repair_order.crown_type AS crown_type, repair_order.crown_diameter_mm AS crown_diameter_mm, repair_order.crown_tube_diameter_mm AS crown_tube_diameter_mm, repair_order.crown_gasket_inner_diameter_mm AS crown_gasket_inner_diameter_mm, repair_order.crown_gasket_section_mm AS crown_gasket_section_mm, repair_order.case_back AS case_back, repair_order.reception_notes AS reception_notes, repair_order.grade AS grade, repair_order.estimate_minutes AS estimate_minutes, repair_order.estimate_text AS estimate_text, repair_order.received_on AS received_on, repair_order.deadline AS deadline, repair_order.level AS level, repair_order.status AS status, repair_order.bench_id AS bench_id, repair_order.technician_id AS technician_id, repair_order.version AS version \n'
        'FROM repair_order \n'
        'WHERE repair_order.status IN (__[POSTCOMPILE_status_1]) AND repair_order.bench_id IS NOT NULL) AS anon_1',
        ('status_1',),
        ('status_1',),
        {'status_1': ('received', 'quoted', 'accepted', 'ready')},
        {},
        ('count_1',),
        (None,),
    ),
    'atelier_tui.services.overview.dashboard:_waiting[first]': (
        'SELECT repair_order.id, repair_order.reference, repair_order.site_id, repair_order.customer_ref, repair_order.brand, repair_order.model, repair_order.case_serial, repair_order.calibre_id, repair_order.movement_kind, repair_order.case_diameter_mm, repair_order.water_resistance_bar, repair_order.water_resistance_text, repair_order.gasket_inner_diameter_mm, repair_order.gasket_section_mm, repair_order.crystal_diameter_mm, repair_order.lug_width_mm, repair_order.vintage, repair_order.luminous, repair_order.battery, repair_order.crystal_material, repair_order.crystal_shape, repair_order.crystal_thickness_mm, repair_order.crystal_gasket_outer_diameter_mm, repair_order.crystal_gasket_inner_diameter_mm, repair_order.crystal_gasket_height_mm, repair_order.crown_type, repair_order.crown_diameter_mm, repair_order.crown_tube_diameter_mm, repair_order.crown_gasket_inner_diameter_mm, repair_order.crown_gasket_section_mm, repair_order.case_back, repair_order.reception_notes, repair_order.grade, repair_order.estimate_minutes, repair_order.estimate_text, repair_order.received_on, repair_order.deadline, repair_order.level, repair_order.status, repair_order.bench_id, repair_order.technician_id, repair_order.version \n'
        'FROM repair_order \n'
        'WHERE repair_order.status IN (__[POSTCOMPILE_status_1]) AND repair_order.bench_id IS NOT NULL ORDER BY repair_order.deadline, repair_order.reference\n'
        ' LIMIT ? OFFSET ?',
        ('status_1', 'param_1', 'param_2'),
        ('status_1',),
        {'status_1': ('received', 'quoted', 'accepted', 'ready'), 'param_1': 40, 'param_2': 0},
        {},
        ('id', 'reference', 'site_id', 'customer_ref', 'brand', 'model', 'case_serial', 'calibre_id', 'movement_kind', 'case_diameter_mm', 'water_resistance_bar', 'water_resistance_text', 'gasket_inner_diameter_mm', 'gasket_section_mm', 'crystal_diameter_mm', 'lug_width_mm', 'vintage', 'luminous', 'battery', 'crystal_material', 'crystal_shape', 'crystal_thickness_mm', 'crystal_gasket_outer_diameter_mm', 'crystal_gasket_inner_diameter_mm', 'crystal_gasket_height_mm', 'crown_type', 'crown_diameter_mm', 'crown_tube_diameter_mm', 'crown_gasket_inner_diameter_mm', 'crown_gasket_section_mm', 'case_back', 'reception_notes', 'grade', 'estimate_minutes', 'estimate_text', 'received_on', 'deadline', 'level', 'status', 'bench_id', 'technician_id', 'version'),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'date', 'date', None, None, None, None, None),
    ),
    'atelier_tui.services.overview.maintenance_section:_flagged_tools': (
        'SELECT tool.id, tool.tool_type_id, tool.usage_count, tool.status \n'
        'FROM tool \n'
        'WHERE tool.status != ? AND tool.id IN (SELECT maintenance_due.tool_id \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.next_due_on <= ? UNION SELECT maintenance_due.tool_id \n'
        'FROM maintenance_due \n'
        'WHERE maintenance_due.attention IS 1 UNION SELECT maintenance_due_stale.tool_id \n'
        'FROM maintenance_due_stale)',
        ('status_1', 'until'),
        (),
        {'status_1': 'retired'},
        {'until': 'date'},
        ('id', 'tool_type_id', 'usage_count', 'status'),
        (None, None, None, None),
    ),
    'atelier_tui.services.overview.maintenance_section:_tool_rows_of': (
        'SELECT tool.id, tool.tool_type_id, tool.asset_tag, tool_type."key", tool_type.name_en, tool_type.name_fr, tool_type.category, tool_type.measuring, tool.status, tool.status_reason, coalesce(bench_1.code, location.code, bench_2.code, ?) AS "where", coalesce(location.code, bench_2.code, ?) AS home, tool.usage_count, tool.status_record_id \n'
        'FROM tool JOIN tool_type ON tool_type.id = tool.tool_type_id LEFT OUTER JOIN bench AS bench_1 ON bench_1.id = tool.bench_id LEFT OUTER JOIN location ON location.id = tool.home_location_id LEFT OUTER JOIN bench AS bench_2 ON bench_2.id = tool.home_bench_id \n'
        'WHERE tool.id IN (__[POSTCOMPILE_ids])',
        ('coalesce_1', 'coalesce_2', 'ids'),
        ('ids',),
        {'coalesce_1': '', 'coalesce_2': ''},
        {'ids': None},
        ('id', 'tool_type_id', 'asset_tag', 'key', 'name_en', 'name_fr', 'category', 'measuring', 'status', 'status_reason', 'where', 'home', 'usage_count', 'status_record_id'),
        (None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None),
    ),
    'atelier_tui.services.readiness._bench_work:_holding_orders': (
        'SELECT repair_order.id, repair_order.reference, repair_order.site_id, repair_order.customer_ref, repair_order.brand, repair_order.model, repair_order.case_serial, repair_order.calibre_id, repair_order.movement_kind, repair_order.case_diameter_mm, repair_order.water_resistance_bar, repair_order.water_resistance_text, repair_order.gasket_inner_diameter_mm, repair_order.gasket_section_mm, repair_order.crystal_diameter_mm, repair_order.lug_width_mm, repair_order.vintage, repair_order.luminous, repair_order.battery, repair_order.crystal_material, repair_order.crystal_shape, repair_order.crystal_thickness_mm, repair_order.crystal_gasket_outer_diameter_mm, repair_order.crystal_gasket_inner_diameter_mm, repair_order.crystal_gasket_height_mm, repair_order.crown_type, repair_order.crown_diameter_mm, repair_order.crown_tube_diameter_mm, repair_order.crown_gasket_inner_diameter_mm, repair_order.crown_gasket_section_mm, repair_order.case_back, repair_order.reception_notes, repair_order.grade, repair_order.estimate_minutes, repair_order.estimate_text, repair_order.received_on, repair_order.deadline, repair_order.level, repair_order.status, repair_order.bench_id, repair_order.technician_id, repair_order.version \n'
        'FROM repair_order \n'
        'WHERE repair_order.bench_id IN (__[POSTCOMPILE_benches]) AND repair_order.status IN (__[POSTCOMPILE_status_1]) ORDER BY repair_order.reference',
        ('benches', 'status_1'),
        ('benches', 'status_1'),
        {'status_1': ('ready', 'in_progress')},
        {'benches': None},
        ('id', 'reference', 'site_id', 'customer_ref', 'brand', 'model', 'case_serial', 'calibre_id', 'movement_kind', 'case_diameter_mm', 'water_resistance_bar', 'water_resistance_text', 'gasket_inner_diameter_mm', 'gasket_section_mm', 'crystal_diameter_mm', 'lug_width_mm', 'vintage', 'luminous', 'battery', 'crystal_material', 'crystal_shape', 'crystal_thickness_mm', 'crystal_gasket_outer_diameter_mm', 'crystal_gasket_inner_diameter_mm', 'crystal_gasket_height_mm', 'crown_type', 'crown_diameter_mm', 'crown_tube_diameter_mm', 'crown_gasket_inner_diameter_mm', 'crown_gasket_section_mm', 'case_back', 'reception_notes', 'grade', 'estimate_minutes', 'estimate_text', 'received_on', 'deadline', 'level', 'status', 'bench_id', 'technician_id', 'version'),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'date', 'date', None, None, None, None, None),
    ),
    'atelier_tui.services.readiness._inventory_source:_active_staff': (
        'SELECT staff.id, staff.site_id, staff.login, staff.display_name, staff.role, staff.level, staff.movement_kinds, staff.active, staff.version \n'
        'FROM staff \n'
        'WHERE staff.active IS 1',
        (),
        (),
        {},
        {},
        ('id', 'site_id', 'login', 'display_name', 'role', 'level', 'movement_kinds', 'active', 'version'),
        (None, None, None, None, None, None, 'json', 'bool', None),
    ),
    'atelier_tui.services.readiness._inventory_source:_benches': (
        'SELECT bench.id, bench.site_id, bench.code, bench.name, bench.zone, bench.features, bench.status, bench.technician_id, bench.version \n'
        'FROM bench',
        (),
        (),
        {},
        {},
        ('id', 'site_id', 'code', 'name', 'zone', 'features', 'status', 'technician_id', 'version'),
        (None, None, None, None, None, 'json', None, None, None),
    ),
    'atelier_tui.services.readiness._inventory_source:_capability_ids': (
        'SELECT capability."key", capability.id \n'
        'FROM capability',
        (),
        (),
        {},
        {},
        ('key', 'id'),
        (None, None),
    ),
    'atelier_tui.services.readiness._inventory_source:_checklist_runs': (
        'SELECT checklist_template."key", checklist_run.bench_id, repair_order.reference, checklist_run.run_date, checklist_run.signed_at, checklist_run.passed, checklist_run.facts \n'
        'FROM checklist_run JOIN checklist_template ON checklist_template.id = checklist_run.template_id LEFT OUTER JOIN repair_order ON repair_order.id = checklist_run.order_id \n'
        'WHERE checklist_run.bench_id = ? AND checklist_run.run_date = ? OR checklist_run.order_id = ?',
        ('bench', 'day', 'order'),
        (),
        {},
        {'bench': None, 'day': 'date', 'order': None},
        ('key', 'bench_id', 'reference', 'run_date', 'signed_at', 'passed', 'facts'),
        (None, None, None, 'date', 'utc_datetime', 'bool', 'json'),
    ),
    'atelier_tui.services.readiness._inventory_source:_location_codes': (
        'SELECT location.id, location.code \n'
        'FROM location',
        (),
        (),
        {},
        {},
        ('id', 'code'),
        (None, None),
    ),
    'atelier_tui.services.readiness._inventory_source:_supply_stock_rules': (
        'SELECT supply_type."key", supply_type.reorder_point_micro, supply_type.shelf_life_after_opening_days \n'
        'FROM supply_type',
        (),
        (),
        {},
        {},
        ('key', 'reorder_point_micro', 'shelf_life_after_opening_days'),
        (None, None, None),
    ),
    'atelier_tui.services.readiness._inventory_source:_tool_types': (
        'SELECT tool_type.id, tool_type.name_en, tool_type.name_fr, tool_type.attributes, tool_type.category \n'
        'FROM tool_type',
        (),
        (),
        {},
        {},
        ('id', 'name_en', 'name_fr', 'attributes', 'category'),
        (None, None, None, 'json', None),
    ),
    'atelier_tui.services.readiness._inventory_source:_type_capabilities': (
        'SELECT tool_type_capability.tool_type_id, tool_type_capability.capability_id \n'
        'FROM tool_type_capability',
        (),
        (),
        {},
        {},
        ('tool_type_id', 'capability_id'),
        (None, None),
    ),
    'atelier_tui.services.readiness._lot_source:_bench_and_own_lots': (
        'SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id \n'
        'FROM lot \n'
        "WHERE lot.supply_type_id IN (__[POSTCOMPILE_supply_type_ids]) AND lot.status = 'available' AND lot.quantity_micro > 0 AND (lot.bench_id = ? OR lot.id IN (__[POSTCOMPILE_own]))",
        ('supply_type_ids', 'bench', 'own'),
        ('supply_type_ids', 'own'),
        {},
        {'supply_type_ids': None, 'bench': None, 'own': None},
        ('id', 'lot_number', 'supply_type_id', 'quantity_micro', 'reserved_micro', 'expires_on', 'opened_on', 'bench_id', 'location_id'),
        (None, None, None, None, None, 'date', 'date', None, None),
    ),
    'atelier_tui.services.readiness._lot_source:_every_available_lot': (
        'SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id \n'
        'FROM lot \n'
        'WHERE lot.supply_type_id IN (__[POSTCOMPILE_supply_type_ids]) AND lot.status = ? AND lot.quantity_micro > ?',
        ('supply_type_ids', 'status_1', 'quantity_micro_1'),
        ('supply_type_ids',),
        {'status_1': 'available', 'quantity_micro_1': 0},
        {'supply_type_ids': None},
        ('id', 'lot_number', 'supply_type_id', 'quantity_micro', 'reserved_micro', 'expires_on', 'opened_on', 'bench_id', 'location_id'),
        (None, None, None, None, None, 'date', 'date', None, None),
    ),
    'atelier_tui.services.readiness._lot_source:_first_free_lots': (
        "SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'unexpired_largest' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND (candidate.expires_on IS NULL OR candidate.expires_on >= ?) AND (candidate.opened_on IS NULL OR supply_type.shelf_life_after_opening_days IS NULL OR candidate.opened_on >= date(?, '-' || supply_type.shelf_life_after_opening_days || ' days')) ORDER BY candidate.quantity_micro DESC\n"
        ' LIMIT ? OFFSET ?) \n'
        'WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids])',
        ('coalesce_1', 'bench', 'today', 'today', 'k', 'param_1', 'supply_type_ids'),
        ('supply_type_ids',),
        {'coalesce_1': 0, 'param_1': 0},
        {'bench': None, 'today': 'date', 'k': None, 'supply_type_ids': None},
        ('id', 'lot_number', 'supply_type_id', 'quantity_micro', 'reserved_micro', 'expires_on', 'opened_on', 'bench_id', 'location_id', 'stream'),
        (None, None, None, None, None, 'date', 'date', None, None, None),
    ),
    'atelier_tui.services.readiness._lot_source:_first_lots': (
        "SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'sealed' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND candidate.opened_on IS NULL AND candidate.expires_on >= ? ORDER BY candidate.expires_on, candidate.lot_number\n"
        ' LIMIT ? OFFSET ?) \n'
        "WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids]) UNION ALL SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'sealed_undated' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND candidate.opened_on IS NULL AND candidate.expires_on IS NULL ORDER BY candidate.lot_number\n"
        ' LIMIT ? OFFSET ?) \n'
        "WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids]) UNION ALL SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'opened_by_expiry' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND candidate.opened_on IS NOT NULL AND candidate.expires_on >= ? ORDER BY candidate.expires_on, candidate.lot_number\n"
        ' LIMIT ? OFFSET ?) \n'
        "WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids]) UNION ALL SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'opened_by_day' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND candidate.opened_on IS NOT NULL AND supply_type.shelf_life_after_opening_days IS NOT NULL AND candidate.opened_on >= date(?, '-' || supply_type.shelf_life_after_opening_days || ' days') ORDER BY candidate.opened_on, candidate.lot_number\n"
        ' LIMIT ? OFFSET ?) \n'
        "WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids]) UNION ALL SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'opened_undated' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND candidate.opened_on IS NOT NULL AND candidate.expires_on IS NULL AND supply_type.shelf_life_after_opening_days IS NULL ORDER BY candidate.lot_number\n"
        ' LIMIT ? OFFSET ?) \n'
        "WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids]) UNION ALL SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'sealed_expired' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND candidate.opened_on IS NULL AND candidate.expires_on < ? ORDER BY candidate.expires_on, candidate.lot_number\n"
        ' LIMIT 1 OFFSET ?) \n'
        "WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids]) UNION ALL SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'opened_expired' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND candidate.opened_on IS NOT NULL AND candidate.expires_on < ? ORDER BY candidate.expires_on, candidate.lot_number\n"
        ' LIMIT 1 OFFSET ?) \n'
        "WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids]) UNION ALL SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'opened_past_shelf_life' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 AND coalesce(candidate.bench_id, ?) != ? AND candidate.quantity_micro > candidate.reserved_micro AND candidate.opened_on IS NOT NULL AND supply_type.shelf_life_after_opening_days IS NOT NULL AND candidate.opened_on < date(?, '-' || supply_type.shelf_life_after_opening_days || ' days') ORDER BY candidate.opened_on, candidate.lot_number\n"
        ' LIMIT 1 OFFSET ?) \n'
        "WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids]) UNION ALL SELECT lot.id, lot.lot_number, lot.supply_type_id, lot.quantity_micro, lot.reserved_micro, lot.expires_on, lot.opened_on, lot.bench_id, lot.location_id, 'largest' AS stream \n"
        'FROM supply_type JOIN lot ON lot.id IN (SELECT candidate.id \n'
        'FROM lot AS candidate \n'
        "WHERE candidate.supply_type_id = supply_type.id AND candidate.status = 'available' AND candidate.quantity_micro > 0 ORDER BY candidate.quantity_micro DESC\n"
        ' LIMIT ? OFFSET ?) \n'
        'WHERE supply_type.id IN (__[POSTCOMPILE_supply_type_ids])',
        ('coalesce_1', 'bench', 'today', 'k', 'param_1', 'supply_type_ids', 'coalesce_2', 'bench', 'k', 'param_2', 'supply_type_ids', 'coalesce_3', 'bench', 'today', 'k', 'param_3', 'supply_type_ids', 'coalesce_4', 'bench', 'today', 'k', 'param_4', 'supply_type_ids', 'coalesce_5', 'bench', 'k', 'param_5', 'supply_type_ids', 'coalesce_6', 'bench', 'today', 'param_6', 'supply_type_ids', 'coalesce_7', 'bench', 'today', 'param_7', 'supply_type_ids', 'coalesce_8', 'bench', 'today', 'param_8', 'supply_type_ids', 'k', 'param_9', 'supply_type_ids'),
        ('supply_type_ids',),
        {'coalesce_1': 0, 'param_1': 0, 'coalesce_2': 0, 'param_2': 0, 'coalesce_3': 0, 'param_3': 0, 'coalesce_4': 0, 'param_4': 0, 'coalesce_5': 0, 'param_5': 0, 'coalesce_6': 0, 'param_6': 0, 'coalesce_7': 0, 'param_7': 0, 'coalesce_8': 0, 'param_8': 0, 'param_9': 0},
        {'bench': None, 'today': 'date', 'k': None, 'supply_type_ids': None},
        ('id', 'lot_number', 'supply_type_id', 'quantity_micro', 'reserved_micro', 'expires_on', 'opened_on', 'bench_id', 'location_id', 'stream'),
        (None, None, None, None, None, 'date', 'date', None, None, None),
    ),
    'atelier_tui.services.readiness._lot_source:_own_reservations_statement': (
        'SELECT sheet_lot_use.lot_id, CAST(sum(sheet_lot_use.quantity_micro) AS BIGINT) AS sum_1 \n'
        'FROM sheet_lot_use \n'
        'WHERE sheet_lot_use.order_id = ? AND sheet_lot_use.state = ? GROUP BY sheet_lot_use.lot_id',
        ('order', 'state_1'),
        (),
        {'state_1': 'reserved'},
        {'order': None},
        ('lot_id', 'sum_1'),
        (None, None),
    ),
    'atelier_tui.services.readiness._tool_candidates:_every': (
        'SELECT tool.id, tool.asset_tag, tool.tool_type_id, tool.status, tool.status_reason, tool.usage_count, tool.bench_id, tool.home_bench_id, tool.home_location_id, tool.attributes, tool.status_record_id \n'
        'FROM tool \n'
        'WHERE tool.tool_type_id IN (__[POSTCOMPILE_type_ids]) AND tool.status != ?',
        ('type_ids', 'status_1'),
        ('type_ids',),
        {'status_1': 'retired'},
        {'type_ids': None},
        ('id', 'asset_tag', 'tool_type_id', 'status', 'status_reason', 'usage_count', 'bench_id', 'home_bench_id', 'home_location_id', 'attributes', 'status_record_id'),
        (None, None, None, None, None, None, None, None, None, 'json', None),
    ),
    'atelier_tui.services.readiness._tool_candidates:_on_bench': (
        'SELECT tool.id, tool.asset_tag, tool.tool_type_id, tool.status, tool.status_reason, tool.usage_count, tool.bench_id, tool.home_bench_id, tool.home_location_id, tool.attributes, tool.status_record_id \n'
        'FROM tool \n'
        'WHERE coalesce(tool.bench_id, tool.home_bench_id) = ? AND tool.tool_type_id IN (__[POSTCOMPILE_type_ids]) AND tool.status != ?',
        ('bench', 'type_ids', 'status_1'),
        ('type_ids',),
        {'status_1': 'retired'},
        {'bench': None, 'type_ids': None},
        ('id', 'asset_tag', 'tool_type_id', 'status', 'status_reason', 'usage_count', 'bench_id', 'home_bench_id', 'home_location_id', 'attributes', 'status_record_id'),
        (None, None, None, None, None, None, None, None, None, 'json', None),
    ),
    'atelier_tui.services.readiness._tool_candidates:_unplaced': (
        'SELECT tool.id, tool.asset_tag, tool.tool_type_id, tool.status, tool.status_reason, tool.usage_count, tool.bench_id, tool.home_bench_id, tool.home_location_id, tool.attributes, tool.status_record_id \n'
        'FROM tool \n'
        'WHERE tool.tool_type_id IN (__[POSTCOMPILE_type_ids]) AND coalesce(tool.bench_id, tool.home_bench_id) IS NULL AND tool.home_location_id IS NULL AND tool.status != ?',
        ('type_ids', 'status_1'),
        ('type_ids',),
        {'status_1': 'retired'},
        {'type_ids': None},
        ('id', 'asset_tag', 'tool_type_id', 'status', 'status_reason', 'usage_count', 'bench_id', 'home_bench_id', 'home_location_id', 'attributes', 'status_record_id'),
        (None, None, None, None, None, None, None, None, None, 'json', None),
    ),
    'atelier_tui.services.readiness.requirement_source:_attributes': (
        'SELECT attribute_definition."key", attribute_definition.unit, attribute_definition.name_en, attribute_definition.name_fr \n'
        'FROM attribute_definition',
        (),
        (),
        {},
        {},
        ('key', 'unit', 'name_en', 'name_fr'),
        (None, None, None, None),
    ),
    'atelier_tui.services.readiness.requirement_source:_calibres': (
        'SELECT calibre.id, calibre."key", calibre.reference, calibre.name_en, calibre.name_fr, calibre.maker, calibre.movement_kind, calibre.frequency_vph, calibre.jewels, calibre.diameter_mm, calibre.height_mm, calibre.power_reserve_h, calibre.battery_life_months, calibre.lift_angle_deg, calibre.battery_supply_type_id, calibre.battery_alternatives, calibre.lubricants, calibre.mainspring, calibre.stem, calibre.tolerances, calibre.version \n'
        'FROM calibre',
        (),
        (),
        {},
        {},
        ('id', 'key', 'reference', 'name_en', 'name_fr', 'maker', 'movement_kind', 'frequency_vph', 'jewels', 'diameter_mm', 'height_mm', 'power_reserve_h', 'battery_life_months', 'lift_angle_deg', 'battery_supply_type_id', 'battery_alternatives', 'lubricants', 'mainspring', 'stem', 'tolerances', 'version'),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'json', 'json', None, None, 'json', None),
    ),
    'atelier_tui.services.readiness.requirement_source:_capabilities': (
        'SELECT capability."key", capability.name_en, capability.name_fr \n'
        'FROM capability',
        (),
        (),
        {},
        {},
        ('key', 'name_en', 'name_fr'),
        (None, None, None),
    ),
    'atelier_tui.services.readiness.requirement_source:_checklist_items': (
        'SELECT checklist_item.template_id, checklist_item."key", checklist_item.conditions \n'
        'FROM checklist_item \n'
        'WHERE checklist_item.template_id IN (__[POSTCOMPILE_templates]) ORDER BY checklist_item.position',
        ('templates',),
        ('templates',),
        {},
        {'templates': None},
        ('template_id', 'key', 'conditions'),
        (None, None, 'json'),
    ),
    'atelier_tui.services.readiness.requirement_source:_current_checklists': (
        'SELECT checklist_template.id, checklist_template."key", checklist_template.version, checklist_template.name_en, checklist_template.name_fr, checklist_template.scope, checklist_template.conditions, checklist_template.is_current \n'
        'FROM checklist_template \n'
        'WHERE checklist_template.is_current IS 1',
        (),
        (),
        {},
        {},
        ('id', 'key', 'version', 'name_en', 'name_fr', 'scope', 'conditions', 'is_current'),
        (None, None, None, None, None, None, 'json', 'bool'),
    ),
    'atelier_tui.services.readiness.requirement_source:_intervention_ids': (
        'SELECT order_intervention.intervention_type_id \n'
        'FROM order_intervention \n'
        'WHERE order_intervention.order_id = ? ORDER BY order_intervention.position, order_intervention.id',
        ('order',),
        (),
        {},
        {'order': None},
        ('intervention_type_id',),
        (None,),
    ),
    'atelier_tui.services.readiness.requirement_source:_intervention_types': (
        'SELECT intervention_type.id, intervention_type."key", intervention_type.name_en, intervention_type.name_fr, intervention_type.movement_kinds, intervention_type.level, intervention_type.estimated_minutes, intervention_type.running_in_minutes, intervention_type.running_in_from, intervention_type.checklists, intervention_type.facts, intervention_type.bench_features, intervention_type.steps, intervention_type.tool_requirements, intervention_type.supply_requirements, intervention_type.version \n'
        'FROM intervention_type',
        (),
        (),
        {},
        {},
        ('id', 'key', 'name_en', 'name_fr', 'movement_kinds', 'level', 'estimated_minutes', 'running_in_minutes', 'running_in_from', 'checklists', 'facts', 'bench_features', 'steps', 'tool_requirements', 'supply_requirements', 'version'),
        (None, None, None, None, 'json', None, None, None, None, 'json', 'json', 'json', 'json', 'json', 'json', None),
    ),
    'atelier_tui.services.readiness.requirement_source:_supply_aliases': (
        'SELECT supply_alias.supply_type_id, supply_alias.alias \n'
        'FROM supply_alias',
        (),
        (),
        {},
        {},
        ('supply_type_id', 'alias'),
        (None, None),
    ),
    'atelier_tui.services.readiness.requirement_source:_supply_types': (
        'SELECT supply_type.id, supply_type."key", supply_type.name_en, supply_type.name_fr, supply_type.category, supply_type.stock_unit, supply_type.iec_code, supply_type.attributes, supply_type.drain, supply_type.rechargeable, supply_type.fits, supply_type.properties \n'
        'FROM supply_type',
        (),
        (),
        {},
        {},
        ('id', 'key', 'name_en', 'name_fr', 'category', 'stock_unit', 'iec_code', 'attributes', 'drain', 'rechargeable', 'fits', 'properties'),
        (None, None, None, None, None, None, None, 'json', None, 'bool', 'json', 'json'),
    ),
    'atelier_tui.services.sheets.alert_queries:_to_acknowledge': (
        'SELECT sheet_entry.id, repair_order.reference, bench.code, staff_1.display_name, sheet_entry.done_at, sheet_entry.text \n'
        'FROM sheet_entry JOIN intervention_sheet ON intervention_sheet.id = sheet_entry.sheet_id JOIN repair_order ON repair_order.id = intervention_sheet.order_id JOIN bench ON bench.id = intervention_sheet.bench_id LEFT OUTER JOIN staff AS staff_1 ON staff_1.id = sheet_entry.author_id \n'
        'WHERE sheet_entry.kind = ? AND sheet_entry.acknowledged_at IS NULL AND repair_order.status IN (__[POSTCOMPILE_status_1]) ORDER BY sheet_entry.done_at DESC, sheet_entry.id DESC',
        ('kind_1', 'status_1'),
        ('status_1',),
        {'kind_1': 'alert', 'status_1': ('received', 'quoted', 'accepted', 'ready', 'in_progress', 'quality_control', 'done')},
        {},
        ('id', 'reference', 'code', 'display_name', 'done_at', 'text'),
        (None, None, None, None, 'utc_datetime', None),
    ),
    'atelier_tui.services.sheets.queries:_calibre_of': (
        'SELECT calibre.id, calibre."key", calibre.reference, calibre.name_en, calibre.name_fr, calibre.maker, calibre.movement_kind, calibre.frequency_vph, calibre.jewels, calibre.diameter_mm, calibre.height_mm, calibre.power_reserve_h, calibre.battery_life_months, calibre.lift_angle_deg, calibre.battery_supply_type_id, calibre.battery_alternatives, calibre.lubricants, calibre.mainspring, calibre.stem, calibre.tolerances, calibre.version \n'
        'FROM calibre \n'
        'WHERE calibre.id = ?',
        ('calibre',),
        (),
        {},
        {'calibre': None},
        ('id', 'key', 'reference', 'name_en', 'name_fr', 'maker', 'movement_kind', 'frequency_vph', 'jewels', 'diameter_mm', 'height_mm', 'power_reserve_h', 'battery_life_months', 'lift_angle_deg', 'battery_supply_type_id', 'battery_alternatives', 'lubricants', 'mainspring', 'stem', 'tolerances', 'version'),
        (None, None, None, None, None, None, None, None, None, None, None, None, None, None, None, 'json', 'json', None, None, 'json', None),
    ),
    'atelier_tui.services.sheets.queries:_entries_of': (
        'SELECT sheet_entry.kind, sheet_entry.position, sheet_entry.text, sheet_entry.category, sheet_entry.done_at, staff.display_name \n'
        'FROM sheet_entry LEFT OUTER JOIN staff ON staff.id = sheet_entry.author_id \n'
        'WHERE sheet_entry.sheet_id = ? ORDER BY sheet_entry.position, sheet_entry.id',
        ('sheet',),
        (),
        {},
        {'sheet': None},
        ('kind', 'position', 'text', 'category', 'done_at', 'display_name'),
        (None, None, None, None, 'utc_datetime', None),
    ),
    'atelier_tui.services.sheets.queries:_lots_of': (
        'SELECT supply_type."key", supply_type.name_en, supply_type.name_fr, lot.lot_number, sheet_lot_use.quantity_micro, supply_type.stock_unit, sheet_lot_use.state \n'
        'FROM sheet_lot_use JOIN lot ON lot.id = sheet_lot_use.lot_id JOIN supply_type ON supply_type.id = lot.supply_type_id \n'
        'WHERE sheet_lot_use.order_id = ? ORDER BY supply_type."key", lot.lot_number, sheet_lot_use.id',
        ('order',),
        (),
        {},
        {'order': None},
        ('key', 'name_en', 'name_fr', 'lot_number', 'quantity_micro', 'stock_unit', 'state'),
        (None, None, None, None, None, None, None),
    ),
    'atelier_tui.services.sheets.queries:_measurements_of': (
        'SELECT sheet_measurement.id, sheet_measurement.sheet_id, sheet_measurement.quantity, sheet_measurement.position, sheet_measurement.value, sheet_measurement.unit, sheet_measurement.text, sheet_measurement.tool_id, sheet_measurement.judged, sheet_measurement.measured_at, tool.asset_tag AS tool_tag \n'
        'FROM sheet_measurement LEFT OUTER JOIN tool ON tool.id = sheet_measurement.tool_id \n'
        'WHERE sheet_measurement.sheet_id = ? ORDER BY sheet_measurement.measured_at, sheet_measurement.id',
        ('sheet',),
        (),
        {},
        {'sheet': None},
        ('id', 'sheet_id', 'quantity', 'position', 'value', 'unit', 'text', 'tool_id', 'judged', 'measured_at', 'tool_tag'),
        (None, None, None, None, None, None, None, None, None, 'utc_datetime', None),
    ),
    'atelier_tui.services.sheets.queries:_sheet_of_order': (
        'SELECT intervention_sheet.id, intervention_sheet.order_id, intervention_sheet.bench_id, intervention_sheet.technician_id, intervention_sheet.opened_at, intervention_sheet.closed_at, intervention_sheet.status, intervention_sheet.verdict, intervention_sheet.concession_reason, intervention_sheet.concession_by_id, intervention_sheet.version, bench.code AS bench_code, staff_1.display_name AS technician_name, staff_2.display_name AS conceded_by_name \n'
        'FROM intervention_sheet JOIN bench ON bench.id = intervention_sheet.bench_id JOIN staff AS staff_1 ON staff_1.id = intervention_sheet.technician_id LEFT OUTER JOIN staff AS staff_2 ON staff_2.id = intervention_sheet.concession_by_id \n'
        'WHERE intervention_sheet.order_id = ?',
        ('order',),
        (),
        {},
        {'order': None},
        ('id', 'order_id', 'bench_id', 'technician_id', 'opened_at', 'closed_at', 'status', 'verdict', 'concession_reason', 'concession_by_id', 'version', 'bench_code', 'technician_name', 'conceded_by_name'),
        (None, None, None, None, 'utc_datetime', 'utc_datetime', None, 'json', None, None, None, None, None, None),
    ),
    'atelier_tui.services.sheets.queries:_template_steps': (
        'SELECT intervention_type."key", intervention_type.steps \n'
        'FROM intervention_type',
        (),
        (),
        {},
        {},
        ('key', 'steps'),
        (None, 'json'),
    ),
    'atelier_tui.services.sheets.queries:_tools_of': (
        'SELECT tool.asset_tag, tool_type."key", tool_type.name_en, tool_type.name_fr, tool_type.measuring, sheet_tool_use.used_at \n'
        'FROM sheet_tool_use JOIN tool ON tool.id = sheet_tool_use.tool_id JOIN tool_type ON tool_type.id = tool.tool_type_id \n'
        'WHERE sheet_tool_use.sheet_id = ? ORDER BY tool.asset_tag',
        ('sheet',),
        (),
        {},
        {'sheet': None},
        ('asset_tag', 'key', 'name_en', 'name_fr', 'measuring', 'used_at'),
        (None, None, None, None, 'bool', 'utc_datetime'),
    ),
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
    'atelier_tui.services.tools.first_page:_count_to': (
        'SELECT count(*) AS count_1 \n'
        'FROM (SELECT tool.id AS id \n'
        'FROM tool\n'
        ' LIMIT ? OFFSET ?) AS anon_1',
        ('count_to', 'param_1'),
        (),
        {'param_1': 0},
        {'count_to': None},
        ('count_1',),
        (None,),
    ),
    'atelier_tui.services.tools.first_page:_page[asc]': (
        'SELECT tool.id, tool.tool_type_id, tool.asset_tag, tool_type."key", tool_type.name_en, tool_type.name_fr, tool_type.category, tool_type.measuring, tool.status, tool.status_reason, coalesce(bench_1.code, location.code, bench_2.code, ?) AS "where", coalesce(location.code, bench_2.code, ?) AS home, tool.usage_count, tool.status_record_id \n'
        'FROM tool JOIN tool_type ON tool_type.id = tool.tool_type_id LEFT OUTER JOIN bench AS bench_1 ON bench_1.id = tool.bench_id LEFT OUTER JOIN location ON location.id = tool.home_location_id LEFT OUTER JOIN bench AS bench_2 ON bench_2.id = tool.home_bench_id JOIN (SELECT tool.id AS page_id, tool.asset_tag AS sort_key, tool.asset_tag AS sort_tag \n'
        'FROM tool ORDER BY tool.asset_tag ASC, tool.asset_tag ASC\n'
        ' LIMIT ? OFFSET ?) AS anon_1 ON anon_1.page_id = tool.id ORDER BY anon_1.sort_key ASC, anon_1.sort_tag ASC',
        ('coalesce_1', 'coalesce_2', 'limit', 'offset'),
        (),
        {'coalesce_1': '', 'coalesce_2': ''},
        {'limit': None, 'offset': None},
        ('id', 'tool_type_id', 'asset_tag', 'key', 'name_en', 'name_fr', 'category', 'measuring', 'status', 'status_reason', 'where', 'home', 'usage_count', 'status_record_id'),
        (None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None),
    ),
    'atelier_tui.services.tools.first_page:_page[desc]': (
        'SELECT tool.id, tool.tool_type_id, tool.asset_tag, tool_type."key", tool_type.name_en, tool_type.name_fr, tool_type.category, tool_type.measuring, tool.status, tool.status_reason, coalesce(bench_1.code, location.code, bench_2.code, ?) AS "where", coalesce(location.code, bench_2.code, ?) AS home, tool.usage_count, tool.status_record_id \n'
        'FROM tool JOIN tool_type ON tool_type.id = tool.tool_type_id LEFT OUTER JOIN bench AS bench_1 ON bench_1.id = tool.bench_id LEFT OUTER JOIN location ON location.id = tool.home_location_id LEFT OUTER JOIN bench AS bench_2 ON bench_2.id = tool.home_bench_id JOIN (SELECT tool.id AS page_id, tool.asset_tag AS sort_key, tool.asset_tag AS sort_tag \n'
        'FROM tool ORDER BY tool.asset_tag DESC, tool.asset_tag DESC\n'
        ' LIMIT ? OFFSET ?) AS anon_1 ON anon_1.page_id = tool.id ORDER BY anon_1.sort_key DESC, anon_1.sort_tag DESC',
        ('coalesce_1', 'coalesce_2', 'limit', 'offset'),
        (),
        {'coalesce_1': '', 'coalesce_2': ''},
        {'limit': None, 'offset': None},
        ('id', 'tool_type_id', 'asset_tag', 'key', 'name_en', 'name_fr', 'category', 'measuring', 'status', 'status_reason', 'where', 'home', 'usage_count', 'status_record_id'),
        (None, None, None, None, None, None, None, 'bool', None, None, None, None, None, None),
    ),
    'atelier_tui.services.tools.overrides:_decisions': (
        'SELECT audit_event.entity_key, audit_event.actor, audit_event.reason \n'
        'FROM audit_event \n'
        'WHERE audit_event.entity = ? AND audit_event.action = ? AND audit_event.entity_key IN (__[POSTCOMPILE_tags]) ORDER BY audit_event.id',
        ('entity_1', 'action_1', 'tags'),
        ('tags',),
        {'entity_1': 'tool', 'action_1': 'return_to_service_override'},
        {'tags': None},
        ('entity_key', 'actor', 'reason'),
        (None, None, None),
    ),
    'atelier_tui.services.tools.overrides:_failed': (
        'SELECT maintenance_record.tool_id, maintenance_plan.name_en, maintenance_plan.name_fr, maintenance_record.performed_at \n'
        'FROM maintenance_record JOIN (SELECT maintenance_record.tool_id AS tool_id, maintenance_record.plan_id AS plan_id, max(maintenance_record.performed_at) AS at \n'
        'FROM maintenance_record \n'
        'WHERE maintenance_record.tool_id IN (__[POSTCOMPILE_tool_ids]) GROUP BY maintenance_record.tool_id, maintenance_record.plan_id) AS anon_1 ON anon_1.tool_id = maintenance_record.tool_id AND anon_1.plan_id = maintenance_record.plan_id AND maintenance_record.performed_at = anon_1.at JOIN maintenance_plan ON maintenance_plan.id = maintenance_record.plan_id \n'
        'WHERE maintenance_record.result = ? AND maintenance_plan.kind IN (__[POSTCOMPILE_kind_1]) ORDER BY maintenance_record.performed_at',
        ('tool_ids', 'result_1', 'kind_1'),
        ('tool_ids', 'kind_1'),
        {'result_1': 'fail', 'kind_1': ('calibration', 'verification')},
        {'tool_ids': None},
        ('tool_id', 'name_en', 'name_fr', 'performed_at'),
        (None, None, None, 'utc_datetime'),
    ),
}
