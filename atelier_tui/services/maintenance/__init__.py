"""Preventive maintenance and calibration of tools.

- schedule: where each plan of each tool stands once the lead's decisions are applied.
- due: the due list, and what each due tool blocks.
- due_store: the stored due rows, recomputed by the writes that move them and read by schedule_for.
- due_check: a full recomputation compared with the stored due rows.
- records: recording what was done to a tool under one of its plans.
- status_reasons: why a tool is out of service, as what the record that took it out found (worded by wording.status_reasons).
- changes: the lead's reschedules and usage-counter corrections.
- plans: a tool's own plans (one instrument on another interval than its type), added and retired.
- reviews: out-of-tolerance reviews and the lead's dispositions.
- impact: reading the reviews and the sheets an instrument's finding concerns.
- intervals: interval proposals of the staircase rule, and the lead's decisions.
- planner: what the lead's planner reads.
- planner_filter: the planner as the lead asks for it (`bench:ME-01 state:overdue`), and how far it looks ahead.

Modules starting with `_` are this package's own helpers.
"""
