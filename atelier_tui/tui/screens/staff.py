"""The workshop's people and their SSH keys (view 8), for admins: every staff member with their
role, level and number of keys; under it, the keys of the highlighted person (type, fingerprint as
`ssh-keygen -lf` prints it, comment, added on, by whom). `k` adds a key to that person (a pasted
key line or the path of a .pub file), `d` removes the highlighted key (confirmed, default No, then
a reason). Anyone else is told in one line that the view is for admins, and nothing loads.

Reading needs the admin role only; the changes also need a session that is not read-only
(`context.may`), so `--readonly` shows the lists without `k` and `d`."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from atelier_tui.domain.vocabulary import Role
from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.confirm import ConfirmModal
from atelier_tui.tui.screens.form import FormField, FormModal, Required
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.schema_gate import SchemaGate, behind_schema_gate
from atelier_tui.wording.vocabulary import word

CHANGE_ACTIONS = ("add_key", "remove_key")

# ssh-keygen's short names of key types, as `ssh-keygen -l` prints them in parentheses.
KEY_TYPES = {
    "ssh-ed25519": "ED25519", "ssh-rsa": "RSA", "ecdsa-sha2-nistp256": "ECDSA", "ecdsa-sha2-nistp384": "ECDSA",
    "ecdsa-sha2-nistp521": "ECDSA", "sk-ssh-ed25519@openssh.com": "ED25519-SK", "sk-ecdsa-sha2-nistp256@openssh.com": "ECDSA-SK",
}


PEOPLE_COLUMNS = (N_("Login"), N_("Name"), N_("Role"), N_("Level"), N_("SSH keys"))
# Two lines a key, so that the 50-character fingerprint and the dates fit 80 columns.
KEY_COLUMNS = (N_("Type"), N_("Fingerprint / comment"), N_("Added on / by"))


def fill(table: DataTable, labels: tuple[str, ...], rows: list[tuple[list[Any], str]]) -> None:
    """The table's columns and rows, (cells, key) each. Columns are as wide as their widest line:
    given, not measured by DataTable when it is next idle, so the first frame is already right."""
    from rich.cells import cell_len

    table.clear(columns=True)
    for index, label in enumerate(labels):
        lines = [_(label)] + [line for cells, _key in rows for line in str(cells[index]).split("\n")]
        table.add_column(_(label), key=label, width=max(cell_len(line) for line in lines))
    for cells, key in rows:
        table.add_row(*cells, key=key, height=max(str(cell).count("\n") + 1 for cell in cells))


@behind_schema_gate
def load_staff(context: Any) -> Any:
    """Who is at the keyboard and, for an admin, every person (those taken off too, who keep
    their history but no longer any key) and every key."""
    from atelier_tui.services.permissions import allowed
    from atelier_tui.services.staff.keys import list_staff_keys
    from atelier_tui.services.staff.people import list_staff_entries

    engine = context.engine()
    identity = context.identify()
    if not allowed(context.role, "staff.manage"):
        return identity, None
    return identity, (list_staff_entries(engine, include_inactive=True), list_staff_keys(engine))


def add_key(context: Any, login: str, typed: str) -> Any:
    from atelier_tui.services.staff.keys import add_staff_keys, key_text_or_file

    text, source = key_text_or_file(typed)
    return add_staff_keys(context.engine(), context.actor(), context.now(), login, text, source)


def remove_key(context: Any, fingerprint: str, reason: str) -> Any:
    from atelier_tui.services.staff.keys import remove_staff_key

    return remove_staff_key(context.engine(), context.actor(), context.now(), fingerprint, reason)


def local_date(moment: Any) -> str:
    return moment.astimezone().date().isoformat()


def role_cell(person: Any) -> Text:
    if not person.active:
        return Text(_("taken off"), style="dim")
    return Text(word(Role, person.role))


class StaffScreen(AtelierScreen):
    CSS_PATH = "staff.tcss"
    AUTO_FOCUS = "#staff-people"
    BINDINGS = [
        Binding("k", "add_key", N_("Add a key"), id="staff.add_key"),
        Binding("d", "remove_key", N_("Remove a key"), id="staff.remove_key"),
    ]

    loaded_once = False

    def __init__(self) -> None:
        super().__init__()
        self.allowed = False
        self.people: list[Any] = []
        self.keys: list[Any] = []
        self.shown_keys: list[Any] = []  # the keys of the highlighted person, in the keys table's order

    def compose(self) -> ComposeResult:
        yield Header()
        yield SchemaGate(_("Loading the staff…"), id="staff-status")
        yield DataTable(id="staff-people", cursor_type="row", zebra_stripes=True)
        yield Static("", id="staff-keys-title", classes="section")
        yield DataTable(id="staff-keys", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = self.app.view_title("staff")
        fill(self.query_one("#staff-people", DataTable), PEOPLE_COLUMNS, [])
        fill(self.query_one("#staff-keys", DataTable), KEY_COLUMNS, [])
        self.call_after_refresh(self.reload)  # paint first, then load

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.loaded_once:
            self.reload()

    def role_changed(self) -> None:
        super().role_changed()
        if self.loaded_once:
            self.reload()

    def refresh_live(self) -> None:
        if self.loaded_once:
            self.reload()

    def reload(self) -> None:
        self.call(load_staff, then=self.show, group="staff")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGE_ACTIONS:
            return self.allowed and bool(self.app.context.may("staff.manage"))
        return True

    # Showing -----------------------------------------------------------------------------------

    def show(self, loaded: Any) -> None:
        self.loaded_once = True
        status = self.query_one("#staff-status", SchemaGate)
        app: Any = self.app
        if status.stops(loaded):
            self._hide_tables()
            return
        identity, data = loaded
        app.identified(identity)
        if data is None:
            status.update(_("Staff and their SSH keys are for admins."))
            self._hide_tables()
            app.log_ready()
            return
        self.allowed = True
        before = self.current_login()
        self.people, self.keys = data
        status.update(_("{people} people, {keys} SSH keys · Tab: from the people to their keys").format(
            people=len(self.people), keys=len(self.keys)))
        table = self.query_one("#staff-people", DataTable)
        counts: dict[str, int] = {}
        for key in self.keys:
            counts[key.login] = counts.get(key.login, 0) + 1
        fill(table, PEOPLE_COLUMNS, [([person.login, person.display_name, role_cell(person), str(person.level),
                                       str(counts.get(person.login, 0))], person.login) for person in self.people])
        logins = [person.login for person in self.people]
        if before in logins:
            table.move_cursor(row=logins.index(before))
        self.show_keys()
        self.refresh_bindings()
        app.log_ready()

    def _hide_tables(self) -> None:
        for widget_id in ("#staff-people", "#staff-keys-title", "#staff-keys"):
            self.query_one(widget_id).display = False

    def current_login(self) -> str | None:
        table = self.query_one("#staff-people", DataTable)
        if not self.people or not 0 <= table.cursor_row < len(self.people):
            return None
        return self.people[table.cursor_row].login

    def show_keys(self) -> None:
        login = self.current_login()
        self.shown_keys = [key for key in self.keys if key.login == login]
        title = self.query_one("#staff-keys-title", Static)
        if login is None:
            title.update("")
        elif self.shown_keys:
            title.update(_("SSH keys of {login}").format(login=login))
        else:
            title.update(_("{login} has no SSH key").format(login=login))
        table = self.query_one("#staff-keys", DataTable)
        before = self.shown_keys_before(table)
        fill(table, KEY_COLUMNS, [([KEY_TYPES.get(key.algorithm, key.algorithm), Text(f"{key.fingerprint}\n{key.comment or '—'}"),
                                    Text(f"{local_date(key.added_at)}\n{key.added_by or '—'}")], key.fingerprint)
                                  for key in self.shown_keys])
        fingerprints = [key.fingerprint for key in self.shown_keys]
        if before in fingerprints:  # a reload keeps the key that was highlighted
            table.move_cursor(row=fingerprints.index(before))

    def shown_keys_before(self, table: DataTable) -> str | None:
        """The fingerprint highlighted in the keys table before it is filled again."""
        if not table.row_count or not 0 <= table.cursor_row < table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "staff-people":
            self.show_keys()

    # Changing ----------------------------------------------------------------------------------

    def action_add_key(self) -> None:
        login = self.current_login()
        if login is None:
            return

        def submit(context: Any, values: dict[str, str]) -> Any:
            return add_key(context, login, values["key"])

        def added(keys: Any) -> None:
            if keys:
                self.app.notify(_("Keys added for {login}: {count}").format(count=len(keys), login=login))
                self.reload()

        form = FormModal(
            _("Add an SSH key to {login}").format(login=login),
            [FormField("key", N_("Public key line, or the path of a .pub file"),
                       placeholder="ssh-ed25519 AAAA… | ~/.ssh/id_ed25519.pub", validators=[Required(_("key"))])],
            submit,
            submit_label=N_("Add"),
        )
        self.app.push_screen(form, added)

    def action_remove_key(self) -> None:
        login = self.current_login()
        table = self.query_one("#staff-keys", DataTable)
        if login is None or not self.shown_keys:
            self.app.notify(_("{login} has no SSH key to remove.").format(login=login or "—"), severity="warning")
            return
        key = self.shown_keys[min(max(table.cursor_row, 0), len(self.shown_keys) - 1)]
        question = _("Remove the key {fingerprint} ({comment}) of {login}? It will no longer let them in.").format(
            fingerprint=key.fingerprint, comment=key.comment or "—", login=login)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._ask_reason(key)

        self.app.push_screen(ConfirmModal(question), confirmed)

    def _ask_reason(self, key: Any) -> None:
        def submit(context: Any, values: dict[str, str]) -> Any:
            return remove_key(context, key.fingerprint, values["reason"])

        def removed(entry: Any) -> None:
            if entry is not None:
                self.app.notify(_("Key {fingerprint} of {login} removed").format(fingerprint=entry.fingerprint, login=entry.login))
                self.reload()

        form = FormModal(
            _("Remove the key {fingerprint}").format(fingerprint=key.fingerprint),
            [FormField("reason", N_("Reason (required)"), validators=[Required(_("reason"))])],
            submit,
            submit_label=N_("Remove"),
        )
        self.app.push_screen(form, removed)
