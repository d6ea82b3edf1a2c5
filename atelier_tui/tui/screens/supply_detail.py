"""One supply: its lots (earliest expiry first) and the ledger of its movements; receive,
consume, adjust and dispose."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import DataTable, Header, Static

from atelier_tui.domain.units import format_value
from atelier_tui.domain.vocabulary import LotStatus, StockMovementKind, WasteStream
from atelier_tui.i18n import N_, _
from atelier_tui.tui.base import AtelierScreen
from atelier_tui.tui.screens.form import FormField, FormModal, QuantityValidator, Required, for_example, one_of
from atelier_tui.tui.screens.label_printing import PRINT_LABEL_BINDING, LabelPrinting
from atelier_tui.tui.widgets.key_bar import KeyBar
from atelier_tui.tui.widgets.states import state_text, state_word
from atelier_tui.wording.vocabulary import word

# Each key's action and what the permission table calls it.
CHANGE_ACTIONS = {"receive": "stock.receive", "consume": "stock.consume", "adjust": "stock.adjust", "dispose": "stock.dispose"}
WASTE_STREAMS = list(WasteStream)


def waste_streams_by_word() -> dict[str, str]:
    """Each waste stream under its word in the interface language (and its stored value, for
    whoever types that): the form offers words, the ledger stores the value."""
    return {**{stream.casefold(): stream for stream in WASTE_STREAMS},
            **{word(WasteStream, stream).casefold(): stream for stream in WASTE_STREAMS}}


class WasteStreamValidator(Validator):
    def validate(self, value: str) -> ValidationResult:
        if not value.strip():
            return self.failure(_("{field}: required").format(field=_("waste stream")))
        if value.strip().casefold() in waste_streams_by_word():
            return self.success()
        return self.failure(_("waste stream: {value} is not one of {streams}").format(
            value=value.strip(), streams=", ".join(word(WasteStream, stream) for stream in WASTE_STREAMS)))


def load_supply(context: Any, key: str) -> Any:
    from atelier_tui.services.stock.queries import ledger, list_lots, list_supplies

    engine, today = context.engine(), context.today()
    page = list_supplies(engine, today, text=key, limit=50)
    supply = next((row for row in page.rows if row.key == key), None)
    return supply, list_lots(engine, key, today), ledger(engine, key, limit=200)


def load_ledger(context: Any, key: str, lot_number: str | None) -> Any:
    from atelier_tui.services.stock.queries import ledger

    return ledger(context.engine(), key, lot_number=lot_number, limit=200)


class SupplyDetailScreen(LabelPrinting, AtelierScreen):
    BINDINGS = [
        Binding("escape", "app.back", N_("Back"), id="back"),
        Binding("n", "receive", N_("Receive a lot"), id="supply.receive"),
        Binding("c", "consume", N_("Consume"), id="supply.consume"),
        Binding("a", "adjust", N_("Adjust"), id="supply.adjust"),
        Binding("d", "dispose", N_("Dispose"), id="supply.dispose"),
        Binding("l", "all_movements", N_("All movements"), id="supply.all_movements"),
        PRINT_LABEL_BINDING,  # of the lot under the cursor
    ]

    def __init__(self, key: str, lot_number: str | None = None) -> None:
        super().__init__()
        self.key = key
        self.focus_lot = lot_number
        self.supply: Any = None
        self.lots: list[Any] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="supply"):
            yield Static(_("Loading…"), id="summary")
            yield DataTable(id="lots", cursor_type="row", zebra_stripes=True)
            yield Static("", id="ledger-title", classes="section")
            yield DataTable(id="ledger", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = _("Supply")  # its name once loaded: the key is no word for a person
        lots = self.query_one("#lots", DataTable)
        for label in (N_("Lot"), N_("Quantity"), N_("Reserved"), N_("Where"), N_("Received"), N_("Expires"), N_("Opened"), N_("State")):
            lots.add_column(_(label))
        ledger = self.query_one("#ledger", DataTable)
        for label in (N_("When"), N_("Movement"), N_("Lot"), N_("Quantity"), N_("By"), N_("Order"), N_("Reason")):
            ledger.add_column(_(label))
        self.refresh_data()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in CHANGE_ACTIONS:
            return self.app.context.may(CHANGE_ACTIONS[action])
        if action == "print_label":
            return self.may_print_label()
        return True

    def label_to_print(self) -> tuple[str, str] | None:
        """The lot under the cursor."""
        lot_number = self.selected_lot()
        return None if lot_number is None else ("lot", f"{self.key}/{lot_number}")

    def refresh_data(self) -> None:
        self.call(load_supply, self.key, then=self.show)

    def refresh_live(self) -> None:
        self.refresh_data()

    def show(self, loaded: Any) -> None:
        supply, lots, movements = loaded
        self.supply, self.lots = supply, lots
        if supply is None:
            self.query_one("#summary", Static).update(_("No supply has the key {key}.").format(key=self.key))
            return
        from atelier_tui.i18n import localized

        unit = supply.stock_unit
        self.query_one("#summary", Static).update(
            _("{name}  —  on hand: {on_hand}  reserved: {reserved}  reorder at: {reorder}  [{state}]").format(
                name=localized(supply.name_en, supply.name_fr), on_hand=format_value(supply.on_hand, unit),
                reserved=format_value(supply.reserved, unit), reorder=format_value(supply.reorder_point, unit),
                state=state_word(supply.state),
            )
        )
        self.sub_title = localized(supply.name_en, supply.name_fr)
        table = self.query_one("#lots", DataTable)
        table.clear()
        for lot in lots:
            table.add_row(
                lot.lot_number, format_value(lot.quantity, unit), format_value(lot.reserved, unit), lot.where or "—",
                lot.received_on.isoformat(), lot.expires_on.isoformat() if lot.expires_on else "—",
                lot.opened_on.isoformat() if lot.opened_on else "—",
                state_text(lot.status if lot.status != LotStatus.AVAILABLE else lot.expiry),
                key=lot.lot_number,
            )
        if self.focus_lot and any(lot.lot_number == self.focus_lot for lot in lots):
            table.move_cursor(row=[lot.lot_number for lot in lots].index(self.focus_lot))
            self.call(load_ledger, self.key, self.focus_lot, then=lambda rows: self.show_ledger(rows, self.focus_lot), group="ledger")
        else:
            self.show_ledger(movements, None)
        table.focus()

    def show_ledger(self, movements: list[Any], lot_number: str | None) -> None:
        title = _("Movements of lot {lot}").format(lot=lot_number) if lot_number else _("Movements of this supply")
        self.query_one("#ledger-title", Static).update(title)
        table = self.query_one("#ledger", DataTable)
        table.clear()
        for movement in movements:
            table.add_row(
                movement.at.astimezone().strftime("%Y-%m-%d %H:%M"), word(StockMovementKind, movement.kind), movement.lot_number,
                format_value(movement.quantity, movement.stock_unit), movement.actor or "—", movement.order_reference or "—",
                movement.reason or (word(WasteStream, movement.waste_stream) if movement.waste_stream else ""),
            )

    def selected_lot(self) -> str | None:
        table = self.query_one("#lots", DataTable)
        if not self.lots or table.cursor_row < 0:
            self.app.notify(_("Choose a lot first."), severity="warning")
            return None
        return self.lots[table.cursor_row].lot_number

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "lots" and self.lots:
            lot_number = self.lots[event.cursor_row].lot_number
            self.call(load_ledger, self.key, lot_number, then=lambda rows: self.show_ledger(rows, lot_number), group="ledger")

    def action_all_movements(self) -> None:
        self.call(load_ledger, self.key, None, then=lambda rows: self.show_ledger(rows, None), group="ledger")

    def _unit(self) -> str:
        return self.supply.stock_unit if self.supply else "piece"

    def _open_form(self, title: str, fields: list[FormField], submit: Any, done: str, confirm: Any = None,
                   then: Any = None) -> None:
        def closed(result: Any) -> None:
            if result is not None:
                self.app.notify(done)
                self.refresh_data()
                if then is not None:
                    then(result)

        self.app.push_screen(FormModal(title, fields, submit, confirm=confirm), closed)

    def action_receive(self) -> None:
        key = self.key

        def submit(context: Any, values: dict[str, str]) -> Any:
            from datetime import date

            from atelier_tui.services.stock import ledger as stock

            expires = date.fromisoformat(values["expires_on"]) if values["expires_on"] else None
            return stock.receive_lot(context.engine(), context.actor(), context.now(), key, values["lot_number"],
                                     values["quantity"], values["location"].upper(), expires_on=expires)

        self._open_form(
            _("Receive a lot"),
            [
                FormField("lot_number", N_("Lot number"), validators=[Required(_("lot number"))]),
                FormField("quantity", N_("Quantity"), placeholder=for_example(f"10 {self._unit()}"),
                          validators=[QuantityValidator(self._unit(), _("quantity"))]),
                FormField("location", N_("Store location"), placeholder=for_example("C1"), validators=[Required(_("location"))]),
                FormField("expires_on", N_("Expires on (YYYY-MM-DD, empty: from shelf life)"), validators=[IsoDate(_("expires on"))]),
            ],
            submit,
            _("Lot received"),
            then=self._offer_lot_label,
        )

    def _offer_lot_label(self, lot: Any) -> None:
        """Issue 19 item 4: a lot is labelled when it is put away, so the offer comes with the receipt."""
        if not self.may_print_label():
            return
        from atelier_tui.tui.screens.confirm import ConfirmModal

        key = f"{self.key}/{lot.lot_number}"
        self.app.push_screen(ConfirmModal(_("Print the label of lot {number}?").format(number=lot.lot_number)),
                             lambda yes: yes and self.print_label_of("lot", key))

    def action_consume(self) -> None:
        lot = self.selected_lot()
        if lot is None:
            return
        key = self.key

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.stock import ledger as stock

            return stock.consume(context.engine(), context.actor(), context.now(), key, lot, values["quantity"], values["order"] or None)

        self._open_form(
            _("Consume from lot {lot}").format(lot=lot),
            [FormField("quantity", N_("Quantity"), placeholder=for_example(f"1 {self._unit()}"), validators=[QuantityValidator(self._unit(), _("quantity"))]),
             FormField("order", N_("Order (optional)"))],
            submit,
            _("Consumption recorded"),
        )

    def action_adjust(self) -> None:
        lot = self.selected_lot()
        if lot is None:
            return
        key = self.key

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.stock import ledger as stock

            return stock.adjust(context.engine(), context.actor(), context.now(), key, lot, values["change"], values["reason"])

        self._open_form(
            _("Adjust lot {lot}").format(lot=lot),
            [FormField("change", N_("Change (+ or −)"), placeholder=for_example(f"-1 {self._unit()}"),
                       validators=[QuantityValidator(self._unit(), _("change"))]),
             FormField("reason", N_("Reason (required)"), validators=[Required(_("reason"))])],
            submit,
            _("Adjustment recorded"),
        )

    def action_dispose(self) -> None:
        lot = self.selected_lot()
        if lot is None:
            return
        key = self.key
        streams = [word(WasteStream, stream) for stream in WASTE_STREAMS]

        def confirm(context: Any, values: dict[str, str]) -> str:
            # Asked last, once the form is filled in and checked: what will go, where to.
            return _("Dispose of {quantity} from lot {lot} ({stream})? A disposal cannot be undone.").format(
                quantity=values["quantity"], lot=lot, stream=values["waste_stream"].strip())

        def submit(context: Any, values: dict[str, str]) -> Any:
            from atelier_tui.services.stock import ledger as stock

            return stock.dispose(context.engine(), context.actor(), context.now(), key, lot, values["quantity"],
                                 waste_streams_by_word()[values["waste_stream"].strip().casefold()], values["reason"])

        self._open_form(
            _("Dispose of lot {lot}").format(lot=lot),
            [FormField("quantity", N_("Quantity"), placeholder=for_example(f"1 {self._unit()}"), validators=[QuantityValidator(self._unit(), _("quantity"))]),
             FormField("waste_stream", N_("Waste stream"), placeholder=one_of(streams), suggestions=streams,
                       validators=[WasteStreamValidator()]),
             FormField("reason", N_("Reason"))],
            submit,
            _("Disposal recorded"),
            confirm=confirm,
        )


class IsoDate(Required):
    """Empty, or a date as YYYY-MM-DD."""

    def validate(self, value: str):  # type: ignore[no-untyped-def]
        from datetime import date

        if not value.strip():
            return self.success()
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            return self.failure(_("{field}: '{value}' is not a date like 2027-06-30").format(field=self.field_name, value=value))
        return self.success()
