"""Data in and out of a workshop: catalog import, the workshop file (TOML export and import), tool
and lot spreadsheets (CSV). Modules starting with `_` are this package's own helpers."""
