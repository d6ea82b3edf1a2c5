"""Shell completion through Click's environment protocol, as bash, zsh and fish run it: the real
`atelier` command in a subprocess, `_ATELIER_COMPLETE` and the words typed so far in COMP_WORDS /
COMP_CWORD, answering from a demo workshop."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ATELIER = str(Path(sys.executable).parent / "atelier")


def complete(shell: str, words: str, current: str | None = None, database: Path | str | None = None,
             **environment: str) -> subprocess.CompletedProcess[str]:
    """What `atelier` answers the shell for `words` (the cursor at their end). bash and zsh name the
    word being completed by its position, fish by its text."""
    env = {**os.environ, "_ATELIER_COMPLETE": f"{shell}_complete", "COMP_WORDS": words, **environment}
    if database is not None:
        env["ATELIER_DATABASE_URL"] = str(database)
    if shell == "fish":
        env["COMP_CWORD"] = current if current is not None else words.split(" ")[-1]
    else:
        env["COMP_CWORD"] = str(len(words.split(" ")) - 1)
    return subprocess.run([ATELIER], env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def bash_values(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return [line.split(",", 1)[1] for line in result.stdout.splitlines() if line]  # Click ends with a newline


def keys(database: Path, query: str) -> list[str]:
    with sqlite3.connect(database) as connection:
        return [row[0] for row in connection.execute(query)]


def test_the_shells_scripts_are_printed_instead_of_asking_for_a_terminal() -> None:
    for shell, marker in (("bash", "complete -o nosort -F _atelier_completion atelier"),
                          ("zsh", "compdef _atelier_completion atelier"), ("fish", "complete --no-files --command atelier")):
        result = subprocess.run([ATELIER], env={**os.environ, "_ATELIER_COMPLETE": f"{shell}_source"},
                                capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
        assert result.returncode == 0, result.stderr
        assert marker in result.stdout
        assert "needs a terminal" not in result.stderr


def test_subcommands_and_options_complete(demo_db: Path) -> None:
    assert bash_values(complete("bash", "atelier or", database=demo_db)) == ["order"]
    assert {"init", "import", "import-csv", "config", "order", "maintenance"} <= set(bash_values(complete("bash", "atelier ", database=demo_db)))
    assert bash_values(complete("bash", "atelier order check OR-2026-0001 --b", database=demo_db)) == ["--bench"]
    assert "--quiet" in bash_values(complete("bash", "atelier init --", database=demo_db))


def test_order_references_complete_from_the_workshop(demo_db: Path) -> None:
    references = keys(demo_db, "SELECT reference FROM repair_order WHERE reference LIKE 'OR-2026-001%' ORDER BY reference")
    assert references  # the demo has orders numbered past ten
    assert bash_values(complete("bash", "atelier order check OR-2026-001", database=demo_db)) == references
    # The database named on the command line is the one completed from.
    assert bash_values(complete("bash", f"atelier --db {demo_db} sheet show OR-2026-001")) == references


def test_asset_tags_benches_logins_and_catalog_keys_complete(demo_db: Path) -> None:
    tags = keys(demo_db, "SELECT asset_tag FROM tool WHERE asset_tag LIKE 'AT-0001%' ORDER BY asset_tag")
    assert tags
    assert bash_values(complete("bash", "atelier maintenance record AT-0001", database=demo_db)) == tags
    benches = keys(demo_db, "SELECT code FROM bench ORDER BY code")
    assert bash_values(complete("bash", "atelier order check OR-2026-0001 --bench ", database=demo_db)) == benches
    logins = keys(demo_db, "SELECT login FROM staff WHERE login LIKE 'c%' ORDER BY login")
    assert "cmartin" in logins
    assert bash_values(complete("bash", "atelier staff keys c", database=demo_db)) == logins
    plans = keys(demo_db, "SELECT key FROM maintenance_plan WHERE key LIKE 'ti%' ORDER BY key")
    assert plans
    assert bash_values(complete("bash", "atelier maintenance record AT-00001 --plan ti", database=demo_db)) == plans


def test_a_prefix_matching_many_keys_completes_a_bounded_number(demo_db: Path) -> None:
    from atelier_tui.services.overview.completion import LIMIT

    tags = keys(demo_db, f"SELECT asset_tag FROM tool ORDER BY asset_tag LIMIT {LIMIT}")
    assert len(keys(demo_db, "SELECT asset_tag FROM tool")) > LIMIT
    assert bash_values(complete("bash", "atelier maintenance impact ", database=demo_db)) == tags


def test_zsh_and_fish_complete_the_same_values(demo_db: Path) -> None:
    references = keys(demo_db, "SELECT reference FROM repair_order WHERE reference LIKE 'OR-2026-001%' ORDER BY reference")
    zsh = complete("zsh", "atelier order check OR-2026-001", database=demo_db)
    assert zsh.returncode == 0 and zsh.stderr == ""
    lines = zsh.stdout.splitlines()
    assert [lines[i + 1] for i in range(0, len(lines), 3)] == references  # type, value, help
    fish = complete("fish", "atelier order check OR-2026-001", database=demo_db)
    assert fish.returncode == 0 and fish.stderr == ""
    assert [line.split(",", 1)[1] for line in fish.stdout.splitlines()] == references
    fish_commands = complete("fish", "atelier ord", database=demo_db)
    assert [line.split(",", 1)[1].split("\t")[0] for line in fish_commands.stdout.splitlines()] == ["order"]


def test_a_missing_or_empty_database_completes_nothing_silently(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "workshop.db"
    for database in (missing, tmp_path / "empty.db"):
        if database.name == "empty.db":
            sqlite3.connect(database).close()  # a file, but no schema
        result = complete("bash", "atelier order check OR-", database=database)
        assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "", "")
    assert not missing.parent.exists()  # completion never creates a database
    unreachable = complete("bash", "atelier order check OR-", database="postgresql://nobody@127.0.0.1:9/none")
    assert (unreachable.returncode, unreachable.stdout.strip(), unreachable.stderr) == (0, "", "")


def test_order_references_complete_on_postgresql(pg_demo_url: str) -> None:
    from sqlalchemy import text

    from atelier_tui.store.engine import make_engine

    url = pg_demo_url
    engine = make_engine(url)
    with engine.connect() as connection:
        references = list(connection.execute(text(
            "SELECT reference FROM repair_order WHERE reference LIKE 'OR-2026-001%' ORDER BY reference")).scalars())
    engine.dispose()
    assert references
    assert bash_values(complete("bash", "atelier order check OR-2026-001", database=url)) == references
    # LIKE's own wildcards are taken literally
    assert bash_values(complete("bash", "atelier order check OR_2026", database=url)) == []


def test_every_parameter_named_for_completion_exists() -> None:
    """A command or option renamed would otherwise silently stop completing."""
    from atelier_tui.cli.completion import COMPLETED, attach, parameter
    from atelier_tui.services.overview.completion import KEYS

    attach()
    for (path, name), kind in COMPLETED.items():
        assert kind in KEYS
        assert parameter(path, name)._custom_shell_complete is not None
