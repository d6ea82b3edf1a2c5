"""What every service shares and no front end needs to know about.

- paging: a page of rows with the total behind it, text matching, datetimes read back as UTC.
- edit_conflicts: refusing to save a form over a row someone saved since it was opened.
- collections_paused: the cycle collector paused while a service builds thousands of rows.
- substring: "contains" through the search index where there is one, and counts capped where a count would scan.
- write_waits: what a write waiting for the database's lock tells the person.
- rows_changed: how many rows a conditional UPDATE or DELETE changed: the check that a write won its race.
- list_filter: the filter syntax every list shares (`key:value` terms and free text), parsed.
- choices: the words a filter value may be typed as, English and translated.
- place_codes: benches and store locations named by their codes in a filter.
- row_position: which page holds a given row in a list's order (the cursor stays on its row after a sort).
- order_row: a repair order's row by its reference, as a read statement.
- ranked_groups: a long list sorted by the group its rows belong to, read group by group through an index.
- id_lists: `column IN (ids)` for long lists of ids worked out in Python.
"""
