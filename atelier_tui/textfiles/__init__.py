"""Reading the text files people write for atelier (catalogs, workshop files, checklist answers,
spreadsheets) with every refusal pointing at `FILE:LINE`: one TOML reader and one CSV reader.

What a file means is read by its own package (catalogs/, services/transfer/); this package only
knows lines. It imports nothing of atelier but the translation layer, so every layer may use it."""

from atelier_tui.textfiles.csv_table import CsvTable, read_csv_table
from atelier_tui.textfiles.line_error import LineError
from atelier_tui.textfiles.toml_file import TomlFile, parse_toml, read_text, read_toml

__all__ = ["CsvTable", "LineError", "TomlFile", "parse_toml", "read_csv_table", "read_text", "read_toml"]
