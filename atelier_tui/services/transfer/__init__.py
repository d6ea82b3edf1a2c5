"""Data in and out of a workshop.

- catalog_import: importing the reference catalogs.
- catalog_queries: reading the catalogs as the database holds them.
- workshop_file: the workshop file (TOML export and import).
- spreadsheet_import: tools and lots from a spreadsheet (CSV).
- fields: reading one entry or row into typed values, refusals tied to their line.
- refs: the names a workshop file or spreadsheet may refer to.

Modules starting with `_` are this package's own helpers.
"""
