"""The operational data the KPIs are computed from: tables, columns, types.

A company's records arrive as one file per table (CSV, Parquet or xlsx) in a
data folder.  Every table and column is described here once; the loader
(:mod:`cjm.kpi.data`) checks files against it, the catalogue
(:mod:`cjm.kpi.catalogue`) names the columns each KPI reads, and
``docs/kpi.md`` is written from the same facts.

Columns marked *required* must be in the file: a table without one is an error
naming the table, the column and the file.  An optional column may be
missing; the KPIs that read it are then left out, each with a message saying
which column it needs.  A missing table likewise leaves out only the KPIs that
read it.

This module knows no engine: it imports neither ibis nor pyarrow.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum

import attrs

__all__ = ["SCHEMA", "Column", "ColumnType", "Schema", "TableSpec"]


class ColumnType(str, Enum):
    """What a column holds, and how text from a CSV or xlsx cell is read into it.

    * ``id``: an identifier, compared as text (whole numbers in a Parquet file
      stay numbers unless another table holds the same id as text);
    * ``text``: free text, trimmed; an empty cell is no value;
    * ``date``: ``2026-07-01``, ``2026/07/01`` or ``2026.07.01`` (a time after the
      date is ignored);
    * ``timestamp``: a date with a time, ``2026-07-01 09:30`` (seconds optional);
    * ``integer`` and ``number``: digits, an optional sign and point, and
      thousands separators (``1,234.5``);
    * ``flag``: true/false, yes/no, y/n, 1/0, 예/아니오, O/X.
    """

    ID = "id"
    TEXT = "text"
    DATE = "date"
    TIMESTAMP = "timestamp"
    INTEGER = "integer"
    NUMBER = "number"
    FLAG = "flag"


@attrs.frozen(kw_only=True)
class Column:
    """One column of a table."""

    name: str
    type: ColumnType = attrs.field(converter=ColumnType)
    required: bool = False
    description: str = ""
    #: Other headers accepted for this column without a mapping (e.g. the survey CSV's Korean headers).
    aliases: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class TableSpec:
    """One table: its columns, and the date column that places a row in time."""

    name: str
    description: str
    columns: tuple[Column, ...]
    #: The column whose date places a row in a period (None: the table is not time-bound).
    time_column: str | None = None

    def column(self, name: str) -> Column:
        """The column of that name; ``KeyError`` if the table has none."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"table {self.name!r} has no column {name!r}")

    @property
    def required(self) -> tuple[str, ...]:
        """Names of the required columns, in order."""
        return tuple(c.name for c in self.columns if c.required)

    def with_columns(self, *columns: Column) -> TableSpec:
        """This table with ``columns`` added (or replaced, by name)."""
        names = {c.name for c in columns}
        kept = tuple(c for c in self.columns if c.name not in names)
        return attrs.evolve(self, columns=kept + tuple(columns))


@attrs.frozen
class Schema:
    """Every table the catalogue can read, by name."""

    tables: tuple[TableSpec, ...]

    def __iter__(self) -> Iterator[TableSpec]:
        return iter(self.tables)

    def __contains__(self, name: object) -> bool:
        return any(t.name == name for t in self.tables)

    def table(self, name: str) -> TableSpec:
        """The table of that name; ``KeyError`` if there is none."""
        for table in self.tables:
            if table.name == name:
                return table
        raise KeyError(f"no table {name!r}; the schema has {', '.join(self.names)}")

    @property
    def names(self) -> tuple[str, ...]:
        """Table names, in schema order."""
        return tuple(t.name for t in self.tables)

    def with_table(self, table: TableSpec) -> Schema:
        """This schema with ``table`` added, or replacing the table of its name."""
        if table.name in self:
            return Schema(tuple(table if t.name == table.name else t for t in self.tables))
        return Schema((*self.tables, table))

    def with_columns(self, table: str, *columns: Column) -> Schema:
        """This schema with ``columns`` added to ``table`` (for your own KPIs' columns)."""
        return self.with_table(self.table(table).with_columns(*columns))


def _c(
    name: str, kind: str, description: str, *, required: bool = False, aliases: tuple[str, ...] = ()
) -> Column:
    return Column(
        name=name, type=ColumnType(kind), required=required, description=description, aliases=aliases
    )


_DEALER = _c("dealer_id", "id", "The dealer (distribution partner) involved; splits results by dealer.")

#: The tables of seed 000's KPI catalogue.
SCHEMA = Schema(
    (
        TableSpec(
            name="dealers",
            description="Distribution partners: names for the dealer ids of the other tables (optional).",
            columns=(
                _c("dealer_id", "id", "Dealer id, as the other tables write it.", required=True),
                _c("name", "text", "Name shown in reports."),
                _c("region", "text", "Region or branch."),
            ),
        ),
        TableSpec(
            name="customers",
            description="End customers (hospitals, clinics): when they became and stopped being customers.",
            time_column="created_date",
            columns=(
                _c("customer_id", "id", "Customer id.", required=True),
                _c(
                    "created_date",
                    "date",
                    "First day as a customer (first contract or first order).",
                    required=True,
                ),
                _c("lost_date", "date", "Day the customer was lost (churned); empty while active."),
                _c("dealer_id", "id", "The customer's dealer; splits results by dealer."),
                _c("name", "text", "Customer name."),
                _c("segment", "text", "Segment, e.g. university hospital, clinic."),
            ),
        ),
        TableSpec(
            name="leads",
            description=(
                "Contacts newly added while exploring: event and webinar enquiries, information requests."
            ),
            time_column="created_date",
            columns=(
                _c("lead_id", "id", "Lead id.", required=True),
                _c("created_date", "date", "Day the contact was added.", required=True),
                _DEALER,
                _c("source", "text", "Where it came from: conference, webinar, info request …"),
            ),
        ),
        TableSpec(
            name="information_items",
            description=(
                "Content audit: each row is one required information item and whether sales material, "
                "training material and the portal carry it."
            ),
            time_column="audit_date",
            columns=(
                _c(
                    "item_id",
                    "id",
                    "Information item (e.g. indications, dosage, storage conditions).",
                    required=True,
                ),
                _c("audit_date", "date", "Day of the audit.", required=True),
                _c("in_sales", "flag", "Present in the sales material.", required=True),
                _c("in_training", "flag", "Present in the training material.", required=True),
                _c("in_portal", "flag", "Present on the portal.", required=True),
                _DEALER,
            ),
        ),
        TableSpec(
            name="portal_sessions",
            description="Sessions on the maker's or the dealer's portal.",
            time_column="started_at",
            columns=(
                _c("session_id", "id", "Session id.", required=True),
                _c("customer_id", "id", "Customer who used the portal.", required=True),
                _c("started_at", "timestamp", "Start of the session.", required=True),
                _c("duration_s", "number", "Dwell time in seconds."),
                _c("downloads", "integer", "Documents downloaded in the session."),
                _DEALER,
            ),
        ),
        TableSpec(
            name="quotes",
            description="Quotes given to customers, and the order each one became.",
            time_column="quote_date",
            columns=(
                _c("quote_id", "id", "Quote id.", required=True),
                _c("quote_date", "date", "Day the quote was given.", required=True),
                _c("customer_id", "id", "Customer quoted."),
                _c("order_id", "id", "The order the quote became; empty if none (yet)."),
                _DEALER,
            ),
        ),
        TableSpec(
            name="orders",
            description=(
                "Orders of end customers placed through dealers, with the date promised and the date "
                "delivered to the dealer's warehouse."
            ),
            time_column="order_date",
            columns=(
                _c("order_id", "id", "Order id.", required=True),
                _c("customer_id", "id", "Customer who ordered.", required=True),
                _c("order_date", "date", "Day the order was received.", required=True),
                _DEALER,
                _c("amount", "number", "Order value (KRW), for LTV."),
                _c("promised_date", "date", "Delivery date promised for the dealer's warehouse."),
                _c("delivered_date", "date", "Day it reached the dealer's warehouse; empty if not yet."),
                _c("first_pass", "flag", "Processed exactly as first received, without correction."),
                _c("rejected", "flag", "Sent back to the dealer for missing or wrong data."),
                _c("product", "text", "Product or product group."),
            ),
        ),
        TableSpec(
            name="deliveries",
            description="Supplies received by end customers (each delivery to a hospital).",
            time_column="delivered_date",
            columns=(
                _c("delivery_id", "id", "Delivery id.", required=True),
                _c("customer_id", "id", "Customer who received it.", required=True),
                _c("delivered_date", "date", "Day the customer received it.", required=True),
                _DEALER,
                _c("order_id", "id", "The order delivered."),
            ),
        ),
        TableSpec(
            name="inventory",
            description="Dealer stock snapshots (units on hand), per dealer and product.",
            time_column="snapshot_date",
            columns=(
                _c("dealer_id", "id", "Dealer holding the stock.", required=True),
                _c("snapshot_date", "date", "Day of the count.", required=True),
                _c("on_hand", "number", "Units on hand.", required=True),
                _c("product", "text", "Product."),
            ),
        ),
        TableSpec(
            name="dealer_sales",
            description="Dealer sales (units sold to end customers), for days of supply.",
            time_column="sale_date",
            columns=(
                _c("dealer_id", "id", "Dealer who sold.", required=True),
                _c("sale_date", "date", "Day of the sale.", required=True),
                _c("quantity", "number", "Units sold.", required=True),
                _c("product", "text", "Product."),
            ),
        ),
        TableSpec(
            name="onboarding",
            description=(
                "Onboarding checklists: first receipt, ready to use (training, set-up, conditions checked), "
                "checklist and short training completed."
            ),
            time_column="received_date",
            columns=(
                _c("customer_id", "id", "Customer onboarded.", required=True),
                _c("received_date", "date", "Day the customer first received the product.", required=True),
                _c("ready_date", "date", "Day it was ready to use; empty if not yet."),
                _c("completed_date", "date", "Day the checklist and short training were completed."),
                _DEALER,
            ),
        ),
        TableSpec(
            name="tickets",
            description="Inquiries and problem cases (tickets), from opening to resolution.",
            time_column="opened_at",
            columns=(
                _c("ticket_id", "id", "Ticket id.", required=True),
                _c("customer_id", "id", "Customer who asked.", required=True),
                _c("opened_at", "timestamp", "When the inquiry was received.", required=True),
                _c("first_response_at", "timestamp", "First response to the customer."),
                _c("resolved_at", "timestamp", "Final answer or resolution; empty while open."),
                _c("contacts", "integer", "Contacts it took (1 = solved at first contact)."),
                _c(
                    "line",
                    "integer",
                    "1 = handled by the dealer or field (first line), 2 = escalated to the maker.",
                ),
                _c("cause", "text", "Cause code: usage-conditions, spec-change, quality, storage-mixing …"),
                _c("handoff_required", "integer", "Information items required at the hand-off."),
                _c("handoff_present", "integer", "Of those, the items present."),
                _DEALER,
            ),
        ),
        TableSpec(
            name="survey_responses",
            description="Survey answers (NPS 0–10, CSAT 1–5, CES 1–7); the same file `cjm survey` reads.",
            time_column="date",
            columns=(
                _c("respondent", "id", "Respondent.", required=True, aliases=("응답자",)),
                _c("instrument", "text", "nps, csat or ces.", required=True, aliases=("척도",)),
                _c("score", "integer", "The answer.", required=True, aliases=("점수",)),
                _c("date", "date", "Day of the answer.", required=True, aliases=("일자",)),
                _c("stage", "text", "Journey stage id the question was about.", aliases=("여정 단계",)),
                _c("touchpoint", "text", "Touchpoint the question was about.", aliases=("접점",)),
                _c("dealer_id", "id", "Dealer of the respondent.", aliases=("dealer", "딜러")),
                _c("customer_id", "id", "Customer of the respondent."),
                _c("persona", "text", "Persona.", aliases=("페르소나",)),
                _c("segment", "text", "Segment.", aliases=("세그먼트",)),
            ),
        ),
        TableSpec(
            name="events",
            description=(
                "Journey event log for analytics: one row per thing a customer did or met, with the stage "
                "and/or the touchpoint."
            ),
            time_column="at",
            columns=(
                _c("customer_id", "id", "Customer.", required=True),
                _c("at", "timestamp", "When.", required=True),
                _c("stage", "text", "Journey stage id."),
                _c("touchpoint", "text", "Touchpoint, as the map names it."),
                _DEALER,
            ),
        ),
    )
)
