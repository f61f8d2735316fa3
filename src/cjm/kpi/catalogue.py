"""Seed 000's KPI catalogue: every KPI of the method, defined once as an ibis expression.

A :class:`Kpi` is plain data (id, stage, names, formula text, unit, direction,
the columns it reads) plus one function from a :class:`Scope` to an ibis
table with a row per group: the scope's keys (none, or ``dealer_id``), then
``value`` (a float; NULL when there is nothing to divide by) and ``n`` (how
many records the value rests on), and optionally text columns ``detail_1``,
``detail_2`` … that describe the value (the top causes, say).  The same
function runs on DuckDB and on Spark, for any period and split.

Adding your own KPI::

    from cjm.kpi import CATALOGUE, Kpi, Scope

    def returns(s: Scope):
        orders = s.within("orders", "order_date")
        return s.share(orders, orders.returned)

    mine = CATALOGUE.with_kpis(
        Kpi(id="returns", stage="problem", name=("반품률", "Return rate"),
            formula=("반품 주문 / 주문 × 100", "returned orders / orders × 100"),
            unit="%", direction="lower", reads={"orders": ("order_date", "returned")},
            expression=returns)
    )

(and add the ``returned`` column to the schema with
:meth:`~cjm.kpi.schema.Schema.with_columns`).  Ids are the metric ids of the
b2b-dealer preset, so values land on a journey's metrics by id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import attrs

from cjm.i18n import Wording, pick
from cjm.kpi.periods import Period
from cjm.model import Direction

__all__ = [
    "CATALOGUE",
    "NONCOMPLIANCE_CAUSES",
    "UNITS",
    "Catalogue",
    "Kpi",
    "Scope",
    "in_period",
]

#: Canonical units of the catalogue, with the wording a report shows (ko, en).
UNITS: Mapping[str, Wording] = {
    "%": ("%", "%"),
    "days": ("일", "days"),
    "hours": ("시간", "hours"),
    "/5": ("/5", "/5"),
    "points": ("점", "points"),
    "KRW": ("원", "KRW"),
    "count": ("건", "count"),
}

#: Ticket causes that count as violating storage, mixing or usage conditions.
NONCOMPLIANCE_CAUSES = ("usage-conditions", "storage-mixing")

#: Where a value of this unit is rounded when written as a baseline.
DECIMALS = {"%": 1, "days": 1, "hours": 1, "/5": 2, "points": 1, "KRW": 0, "count": 0}


def in_period(ibis: Any, column: Any, period: Period) -> Any:
    """``period.start <= column < period.end`` for a date or timestamp column.

    A timestamp is compared with timestamp literals (no cast per row, so a
    Parquet scan can skip row groups by their statistics).
    """
    if column.type().is_timestamp():
        start = ibis.literal(dt.datetime.combine(period.start, dt.time()), "timestamp")
        end = ibis.literal(dt.datetime.combine(period.end, dt.time()), "timestamp")
        return (column >= start) & (column < end)
    return (column >= ibis.literal(period.start, "date")) & (column < ibis.literal(period.end, "date"))


@attrs.frozen(kw_only=True)
class Scope:
    """What one KPI expression sees: the tables, the period, and the keys to group by.

    ``keys`` is ``()`` for one overall value or ``("dealer_id",)`` for one
    value per dealer.  The helpers return tables shaped as the catalogue
    expects (keys, ``value``, ``n``).
    """

    tables: Mapping[str, Any]
    period: Period
    keys: tuple[str, ...]
    ibis: Any

    # -- reading -------------------------------------------------------------------

    def table(self, name: str) -> Any:
        """The typed table of that name."""
        return self.tables[name]

    def has(self, table: str, column: str) -> bool:
        """True if the table was read with that (optional) column."""
        return table in self.tables and column in self.tables[table].columns

    @property
    def start(self) -> Any:
        """First day of the period, as an ibis date literal."""
        return self.ibis.literal(self.period.start, "date")

    @property
    def end(self) -> Any:
        """The day after the period, as an ibis date literal."""
        return self.ibis.literal(self.period.end, "date")

    def in_period(self, column: Any) -> Any:
        """``start <= column < end`` for a date or timestamp column."""
        return in_period(self.ibis, column, self.period)

    def within(self, name: str, column: str) -> Any:
        """Rows of table ``name`` whose ``column`` falls in the period."""
        table = self.table(name)
        return table.filter(self.in_period(table[column]))

    # -- arithmetic ---------------------------------------------------------------------

    def days(self, start: Any, end: Any) -> Any:
        """Days from ``start`` to ``end`` as a float (dates: whole days; timestamps: fractions)."""
        if start.type().is_timestamp() or end.type().is_timestamp():
            return self.seconds(start, end) / 86400.0
        return end.delta(start, unit="day").cast("float64")

    def seconds(self, start: Any, end: Any) -> Any:
        """Seconds from timestamp ``start`` to ``end``."""
        return (end.epoch_seconds() - start.epoch_seconds()).cast("float64")

    def percent(self, part: Any, whole: Any) -> Any:
        """``100 × part / whole``; NULL when ``whole`` is 0."""
        return 100.0 * part.cast("float64") / whole.cast("float64").nullif(0.0)

    # -- shaping results ---------------------------------------------------------------

    def grouped(self, table: Any, **aggregates: Any) -> Any:
        """``table`` aggregated per key (one row overall when there are no keys)."""
        if self.keys:
            return table.group_by(list(self.keys)).aggregate(**aggregates)
        return table.aggregate(**aggregates)

    def share(self, table: Any, condition: Any) -> Any:
        """Percent of ``table``'s rows meeting ``condition`` (NULL conditions count as not met)."""
        hit = self.ibis.ifelse(condition.fill_null(False), 1, 0)
        counted = table.mutate(__hit=hit)
        out = self.grouped(counted, __hits=counted["__hit"].sum(), n=counted.count())
        return out.select(*self.keys, value=self.percent(out["__hits"], out["n"]), n=out["n"])

    def mean(self, table: Any, values: Any) -> Any:
        """Mean of ``values`` over ``table`` (NULLs skipped); NULL when there is none."""
        counted = table.mutate(__v=values)
        out = self.grouped(counted, value=counted["__v"].mean(), n=counted["__v"].count())
        return out.select(*self.keys, value=out["value"].cast("float64"), n=out["n"])

    def combine(self, left: Any, right: Any) -> Any:
        """``left`` with ``right``'s columns joined on the keys (a left join; one row each without keys)."""
        if not self.keys:
            return left.cross_join(right)
        renamed = right.rename({f"__r_{k}": k for k in self.keys})
        joined = left.left_join(renamed, [left[k] == renamed[f"__r_{k}"] for k in self.keys])
        return joined.drop(*(f"__r_{k}" for k in self.keys))

    def carry_key(self, table: Any, order: Any) -> dict[str, Any]:
        """Aggregates that carry the keys of the first row by ``order`` (for per-customer rows)."""
        return {k: table[k].argmin(order) for k in self.keys}

    # -- common sets of customers ---------------------------------------------------------

    def customers_at_start(self) -> Any:
        """Customers at the period's start: created before it and not lost before it."""
        customers = self.table("customers")
        alive = customers["created_date"] < self.start
        if "lost_date" in customers.columns:
            alive = alive & (customers["lost_date"].isnull() | (customers["lost_date"] >= self.start))
        return customers.filter(alive)

    def customers_active(self) -> Any:
        """Customers during the period: created before its end and not lost before its start."""
        customers = self.table("customers")
        alive = customers["created_date"] < self.end
        if "lost_date" in customers.columns:
            alive = alive & (customers["lost_date"].isnull() | (customers["lost_date"] >= self.start))
        return customers.filter(alive)

    def flag_customers(self, customers: Any, hits: Any, name: str) -> Any:
        """``customers`` with a boolean column ``name``: the customer is among ``hits.customer_id``."""
        marks = hits.select(__cid=hits["customer_id"]).distinct().mutate(**{name: self.ibis.literal(True)})
        joined = customers.left_join(marks, customers["customer_id"] == marks["__cid"])
        return joined.drop("__cid").mutate(**{name: joined[name].fill_null(False)})


#: What a KPI expression is: the scope in, the grouped table out.
Expression = Callable[[Scope], Any]


@attrs.frozen(kw_only=True)
class Kpi:
    """One KPI: what it is (plain data) and how it is computed (an ibis expression).

    ``reads`` names every table and column the expression uses; a missing
    table or optional column leaves the KPI out with that reason.
    ``split_by`` names the table(s) whose ``dealer_id`` splits the KPI by
    dealer; without it (or when a file lacks ``dealer_id``) the KPI gives only
    the overall value.
    """

    id: str
    stage: str
    name: Wording
    formula: Wording
    unit: str = attrs.field(validator=attrs.validators.in_(tuple(UNITS)))
    direction: Direction = attrs.field(converter=Direction)
    reads: Mapping[str, tuple[str, ...]]
    expression: Expression = attrs.field(eq=False, repr=False)
    short: str | None = None
    split_by: tuple[str, ...] = ()

    def label(self, language: str) -> str:
        """The name in ``language`` (Korean or English)."""
        return pick(self.name, language)

    def unit_text(self, language: str) -> str:
        """The unit as a report shows it in ``language``."""
        return pick(UNITS[self.unit], language)

    @property
    def decimals(self) -> int:
        """Digits kept when the value is written as a baseline."""
        return DECIMALS[self.unit]


@attrs.frozen
class Catalogue:
    """An ordered set of KPIs with unique ids."""

    kpis: tuple[Kpi, ...]

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for kpi in self.kpis:
            if kpi.id in seen:
                raise ValueError(f"two KPIs have the id {kpi.id!r}")
            seen.add(kpi.id)

    def __iter__(self) -> Iterator[Kpi]:
        return iter(self.kpis)

    def __len__(self) -> int:
        return len(self.kpis)

    def __contains__(self, kpi_id: object) -> bool:
        return any(k.id == kpi_id for k in self.kpis)

    def get(self, kpi_id: str) -> Kpi:
        """The KPI with that id; ``KeyError`` listing the ids if there is none."""
        for kpi in self.kpis:
            if kpi.id == kpi_id:
                return kpi
        raise KeyError(f"no KPI {kpi_id!r}; the catalogue has {', '.join(k.id for k in self.kpis)}")

    def with_kpis(self, *kpis: Kpi) -> Catalogue:
        """This catalogue with ``kpis`` added (a KPI with an existing id replaces it, in place)."""
        new = {k.id: k for k in kpis}
        kept = tuple(new.pop(k.id, k) for k in self.kpis)
        return Catalogue(kept + tuple(new.values()))

    def only(self, ids: tuple[str, ...]) -> Catalogue:
        """The KPIs with these ids, in catalogue order; ``KeyError`` for an unknown id."""
        for kpi_id in ids:
            self.get(kpi_id)
        return Catalogue(tuple(k for k in self.kpis if k.id in ids))


# --- the definitions ----------------------------------------------------------------------
# Each function receives a Scope and returns keys, value, n (and detail_* where useful).


def _portal_usage(s: Scope) -> Any:
    sessions = s.within("portal_sessions", "started_at")
    customers = s.flag_customers(s.customers_active(), sessions, "used")
    return s.share(customers, customers["used"])


def _info_completeness(s: Scope) -> Any:
    items = s.within("information_items", "audit_date")
    scope = ["item_id"] + (["dealer_id"] if "dealer_id" in items.columns else [])
    newest = s.ibis.row_number().over(group_by=scope, order_by=s.ibis.desc(items["audit_date"]))
    items = items.mutate(__newest=newest)
    latest = items.filter(items["__newest"] == 0)
    complete = latest["in_sales"] & latest["in_training"] & latest["in_portal"]
    return s.share(latest, complete)


def _new_leads(s: Scope) -> Any:
    leads = s.table("leads")
    inside = s.within("leads", "created_date")
    counted = s.grouped(inside, n=inside.count())
    span = leads.aggregate(__first=leads["created_date"].min(), __last=leads["created_date"].max())
    joined = counted.cross_join(span)
    covered = (joined["__first"] < s.end) & (joined["__last"] >= s.start)
    value = s.ibis.ifelse(covered, joined["n"].cast("float64"), s.ibis.null("float64"))
    return joined.select(*s.keys, value=value, n=joined["n"])


def _qto(s: Scope) -> Any:
    quotes = s.within("quotes", "quote_date")
    return s.share(quotes, quotes["order_id"].notnull())


def _order_flag(column: str) -> Expression:
    def expression(s: Scope) -> Any:
        orders = s.within("orders", "order_date")
        orders = orders.filter(orders[column].notnull())
        return s.share(orders, orders[column])

    return expression


def _otd(s: Scope) -> Any:
    orders = s.within("orders", "promised_date")
    on_time = orders["delivered_date"].notnull() & (orders["delivered_date"] <= orders["promised_date"])
    return s.share(orders, on_time)


#: Days of sales that make the average daily sales of days of supply.
DOS_WINDOW_DAYS = 28


def _dos(s: Scope) -> Any:
    ibis = s.ibis
    stock = s.within("inventory", "snapshot_date")
    latest = stock.group_by("dealer_id").aggregate(__snap=stock["snapshot_date"].max())
    stock = stock.join(
        latest,
        [stock["dealer_id"] == latest["dealer_id"], stock["snapshot_date"] == latest["__snap"]],
    )
    per_dealer = stock.group_by(["dealer_id", "__snap"]).aggregate(__stock=stock["on_hand"].sum())
    sales = s.table("dealer_sales").rename(__sd="dealer_id")
    window_start = per_dealer["__snap"] - ibis.interval(days=DOS_WINDOW_DAYS)
    joined = per_dealer.left_join(
        sales,
        [
            per_dealer["dealer_id"] == sales["__sd"],
            sales["sale_date"] > window_start,
            sales["sale_date"] <= per_dealer["__snap"],
        ],
    )
    sold = joined.group_by(["dealer_id", "__stock"]).aggregate(__sold=joined["quantity"].sum())
    out = s.grouped(sold, __stock=sold["__stock"].sum(), __sold=sold["__sold"].sum(), n=sold.count())
    daily = out["__sold"].fill_null(0.0).cast("float64") / float(DOS_WINDOW_DAYS)
    return out.select(*s.keys, value=out["__stock"].cast("float64") / daily.nullif(0.0), n=out["n"])


def _ttru(s: Scope) -> Any:
    rows = s.within("onboarding", "received_date")
    rows = rows.filter(rows["ready_date"].notnull())
    return s.mean(rows, s.days(rows["received_date"], rows["ready_date"]))


#: Days within which onboarding counts as completed.
ONBOARDING_DAYS = 30


def _onboarding_completion(s: Scope) -> Any:
    rows = s.within("onboarding", "received_date")
    done = rows["completed_date"].notnull() & (
        s.days(rows["received_date"], rows["completed_date"]) <= ONBOARDING_DAYS
    )
    return s.share(rows, done)


def _reinquiry(days: int, at_least: int) -> Expression:
    """Share of customers first supplied in the period with ``at_least`` tickets within ``days`` of it."""

    def expression(s: Scope) -> Any:
        deliveries = s.table("deliveries")
        first = deliveries.group_by("customer_id").aggregate(
            __first=deliveries["delivered_date"].min(),
            **s.carry_key(deliveries, deliveries["delivered_date"]),
        )
        first = first.filter(s.in_period(first["__first"]))
        tickets = s.table("tickets")
        # Only tickets that can fall within `days` of a first supply in the period.
        horizon = s.ibis.literal(dt.datetime.combine(s.period.end + dt.timedelta(days=days + 1), dt.time()))
        start = s.ibis.literal(dt.datetime.combine(s.period.start, dt.time()))
        tickets = tickets.filter((tickets["opened_at"] >= start) & (tickets["opened_at"] < horizon))
        tickets = tickets.select(__tc=tickets["customer_id"], __day=tickets["opened_at"].date())
        # One left join, so each first supply is counted once, with or without tickets.
        joined = first.left_join(tickets, first["customer_id"] == tickets["__tc"])
        near = (joined["__day"] >= joined["__first"]) & (s.days(joined["__first"], joined["__day"]) <= days)
        hit = s.ibis.ifelse(near.fill_null(False), 1, 0)
        per_customer = joined.group_by(["customer_id", *s.keys]).aggregate(__near=hit.sum())
        return s.share(per_customer, per_customer["__near"] >= at_least)

    return expression


def _noncompliance(s: Scope) -> Any:
    tickets = s.within("tickets", "opened_at")
    issues = tickets.filter(tickets["cause"].isin(NONCOMPLIANCE_CAUSES))
    supplies = s.within("deliveries", "delivered_date")
    den = s.grouped(supplies, n=supplies.count())
    num = s.grouped(issues, __issues=issues.count())
    joined = s.combine(den, num)
    issues_count = joined["__issues"].fill_null(0)
    return joined.select(*s.keys, value=s.percent(issues_count, joined["n"]), n=joined["n"])


def _survey_mean(instrument: str, stage: str | None) -> Expression:
    def expression(s: Scope) -> Any:
        answers = s.within("survey_responses", "date")
        keep = answers["instrument"].lower() == instrument
        if stage is not None:
            keep = keep & (answers["stage"] == stage)
        answers = answers.filter(keep)
        return s.mean(answers, answers["score"].cast("float64"))

    return expression


def _nps(s: Scope) -> Any:
    answers = s.within("survey_responses", "date")
    answers = answers.filter(answers["instrument"].lower() == "nps")
    # The formula of cjm.voc.survey: % promoters (9-10) − % detractors (0-6).  Whole numbers
    # (+1/0/−1) are averaged: Spark reads a float literal as a DECIMAL and would round the mean.
    points = s.ibis.cases((answers["score"] >= 9, 1), (answers["score"] <= 6, -1), else_=0)
    out = s.mean(answers, points)
    return out.select(*s.keys, value=out["value"] * 100.0, n=out["n"])


def _reorder_interval(s: Scope) -> Any:
    # Per customer: the latest order day in the period, then the order day before it (at any time).
    orders = s.table("orders")
    before = orders.filter(orders["order_date"] < s.end)
    inside = before.filter(before["order_date"] >= s.start)
    latest = inside.group_by("customer_id").aggregate(__last=inside["order_date"].max())
    latest = latest.rename(__c="customer_id")
    joined = before.join(latest, before["customer_id"] == latest["__c"])
    earlier = joined["order_date"] < joined["__last"]
    per_customer = joined.group_by(["customer_id", "__last"]).aggregate(
        __prev=joined["order_date"].max(where=earlier),
        **{k: joined[k].min(where=joined["order_date"] == joined["__last"]) for k in s.keys},
    )
    intervals = per_customer.filter(per_customer["__prev"].notnull())
    return s.mean(intervals, s.days(intervals["__prev"], intervals["__last"]))


def _first_two_orders(s: Scope) -> Any:
    """Per customer ordering before the period's end: the first order day and the next one (or NULL).

    The keys are those of the first order (for the first reorder, of the reorder).
    """
    orders = s.table("orders")
    before = orders.filter(orders["order_date"] < s.end)
    first = before.group_by("customer_id").aggregate(__first=before["order_date"].min())
    first = first.rename(__c="customer_id")
    joined = before.join(first, before["customer_id"] == first["__c"])
    later = joined["order_date"] > joined["__first"]
    return joined, joined.group_by(["customer_id", "__first"]).aggregate(
        __second=joined["order_date"].min(where=later)
    )


def _ttfr(s: Scope) -> Any:
    joined, pairs = _first_two_orders(s)
    if s.keys:  # the dealer of the first reorder
        second = pairs.rename(__c2="customer_id")
        rejoined = joined.join(
            second, [joined["customer_id"] == second["__c2"], joined["order_date"] == second["__second"]]
        )
        pairs = rejoined.group_by(["customer_id", "__first", "__second"]).aggregate(
            **{k: rejoined[k].min() for k in s.keys}
        )
    reorders = pairs.filter(pairs["__second"].notnull() & (pairs["__second"] >= s.start))
    return s.mean(reorders, s.days(reorders["__first"], reorders["__second"]))


def _resolved_tickets(s: Scope, line: int | None = None) -> Any:
    tickets = s.within("tickets", "opened_at")
    keep = tickets["resolved_at"].notnull()
    if line == 1:
        keep = keep & (tickets["line"] == 1)
    elif line == 2:
        keep = keep & (tickets["line"] >= 2)
    return tickets.filter(keep)


def _inquiry_time(line: int | None) -> Expression:
    def expression(s: Scope) -> Any:
        tickets = _resolved_tickets(s, line)
        return s.mean(tickets, s.days(tickets["opened_at"], tickets["resolved_at"]))

    return expression


def _fcr(s: Scope) -> Any:
    tickets = _resolved_tickets(s)
    tickets = tickets.filter(tickets["contacts"].notnull())
    return s.share(tickets, tickets["contacts"] == 1)


def _response_lead_time(s: Scope) -> Any:
    tickets = s.within("tickets", "opened_at")
    tickets = tickets.filter(tickets["first_response_at"].notnull())
    return s.mean(tickets, s.seconds(tickets["opened_at"], tickets["first_response_at"]) / 3600.0)


def _handoff_completeness(s: Scope) -> Any:
    tickets = s.within("tickets", "opened_at")
    tickets = tickets.filter(tickets["handoff_required"] > 0)
    present = s.ibis.least(tickets["handoff_present"].fill_null(0), tickets["handoff_required"])
    tickets = tickets.mutate(__present=present)
    out = s.grouped(
        tickets,
        __present=tickets["__present"].sum(),
        __required=tickets["handoff_required"].sum(),
        n=tickets.count(),
    )
    return out.select(*s.keys, value=s.percent(out["__present"], out["__required"]), n=out["n"])


#: How many causes cause-distribution adds up.
TOP_CAUSES = 3


def _cause_distribution(s: Scope) -> Any:
    ibis = s.ibis
    tickets = s.within("tickets", "opened_at")
    tickets = tickets.filter(tickets["cause"].notnull())
    per_cause = tickets.group_by([*s.keys, "cause"]).aggregate(__n=tickets.count())
    rank = ibis.row_number().over(
        group_by=list(s.keys) or None, order_by=[ibis.desc(per_cause["__n"]), per_cause["cause"]]
    )
    ranked = per_cause.mutate(__rank=rank)
    details = {f"detail_{i + 1}": ranked["cause"].max(where=ranked["__rank"] == i) for i in range(TOP_CAUSES)}
    out = s.grouped(
        ranked,
        __top=ranked["__n"].sum(where=ranked["__rank"] < TOP_CAUSES),
        n=ranked["__n"].sum(),
        **details,
    )
    return out.select(*s.keys, *details, value=s.percent(out["__top"], out["n"]), n=out["n"])


def _new_repurchase(s: Scope) -> Any:
    # New customers: first order in the period; they reordered if a later order day falls before its end.
    joined, pairs = _first_two_orders(s)
    if s.keys:  # the dealer of the first order
        first = pairs.rename(__c1="customer_id", __f1="__first")
        rejoined = joined.join(
            first, [joined["customer_id"] == first["__c1"], joined["order_date"] == first["__f1"]]
        )
        pairs = rejoined.group_by(["customer_id", "__first", "__second"]).aggregate(
            **{k: rejoined[k].min() for k in s.keys}
        )
    new = pairs.filter(pairs["__first"] >= s.start)
    return s.share(new, new["__second"].notnull())


def _existing_repurchase(s: Scope) -> Any:
    ordered = s.within("orders", "order_date")
    customers = s.flag_customers(s.customers_at_start(), ordered, "ordered")
    return s.share(customers, customers["ordered"])


def _churn(s: Scope) -> Any:
    customers = s.customers_at_start()
    return s.share(customers, s.in_period(customers["lost_date"]))


def _ltv(s: Scope) -> Any:
    orders = s.within("orders", "order_date")
    orders = orders.filter(orders["amount"].notnull())
    buying = s.grouped(
        orders,
        __value=orders["amount"].mean(),
        __orders=orders.count(),
        __buyers=orders["customer_id"].nunique(),
    )
    customers = s.customers_at_start()
    lost = s.ibis.ifelse(s.in_period(customers["lost_date"]).fill_null(False), 1, 0)
    customers = customers.mutate(__lost=lost)
    churn = s.grouped(customers, __lost=customers["__lost"].sum(), __base=customers.count())
    joined = s.combine(buying, churn)
    per_buyer = joined["__orders"].cast("float64") / joined["__buyers"].cast("float64").nullif(0.0)
    churn_share = joined["__lost"].cast("float64") / joined["__base"].cast("float64").nullif(0.0)
    value = joined["__value"].cast("float64") * per_buyer / churn_share.nullif(0.0)
    return joined.select(*s.keys, value=value, n=joined["__buyers"])


def _define() -> Catalogue:
    higher, lower = Direction.HIGHER, Direction.LOWER
    survey = ("instrument", "score", "date")
    return Catalogue(
        (
            Kpi(
                id="portal-usage",
                stage="awareness",
                name=("포털 사용률", "Portal usage rate"),
                formula=(
                    "기간 중 포털을 쓴 고객 수 / 기간 중 거래 고객 수 × 100",
                    "customers with a portal session in the period / active customers × 100",
                ),
                unit="%",
                direction=higher,
                reads={
                    "portal_sessions": ("customer_id", "started_at"),
                    "customers": ("customer_id", "created_date"),
                },
                expression=_portal_usage,
                split_by=("customers",),
            ),
            Kpi(
                id="info-completeness",
                stage="awareness",
                name=("핵심 자료 정보 제공 완결률", "Information completeness rate"),
                formula=(
                    (
                        "((총 필수 정보 항목 수) − (영업자료·교육자료·포털에 미포함된 정보 항목 수)) "
                        "/ (총 필수 정보 항목 수) × 100"
                    ),
                    (
                        "(required items − items missing from sales, training or portal material) / required "
                        "items × 100"
                    ),
                ),
                unit="%",
                direction=higher,
                reads={
                    "information_items": ("item_id", "audit_date", "in_sales", "in_training", "in_portal")
                },
                expression=_info_completeness,
                split_by=("information_items",),
            ),
            Kpi(
                id="new-leads",
                stage="awareness",
                short="NLC",
                name=("신규 리드 수", "New lead count"),
                formula=("기간 중 새로 추가된 리드 수", "leads added in the period"),
                unit="count",
                direction=higher,
                reads={"leads": ("lead_id", "created_date")},
                expression=_new_leads,
                split_by=("leads",),
            ),
            Kpi(
                id="qto",
                stage="evaluation",
                short="QTO",
                name=("견적→주문 전환율", "Quote-to-order conversion"),
                formula=(
                    "주문으로 이어진 견적 수 / 견적 수 × 100",
                    "quotes that became orders / quotes × 100",
                ),
                unit="%",
                direction=higher,
                reads={"quotes": ("quote_date", "order_id")},
                expression=_qto,
                split_by=("quotes",),
            ),
            Kpi(
                id="order-accuracy",
                stage="evaluation",
                name=("주문 정확도", "Order accuracy"),
                formula=(
                    "보정 없이 처음 그대로 처리된 주문 수 / 주문 수 × 100",
                    "orders processed as first received, without correction / orders × 100",
                ),
                unit="%",
                direction=higher,
                reads={"orders": ("order_date", "first_pass")},
                expression=_order_flag("first_pass"),
                split_by=("orders",),
            ),
            Kpi(
                id="order-rejection",
                stage="evaluation",
                name=("주문 반려율", "Order rejection rate"),
                formula=(
                    "누락·오류로 반려된 주문 수 / 주문 수 × 100",
                    "orders sent back for missing or wrong data / orders × 100",
                ),
                unit="%",
                direction=lower,
                reads={"orders": ("order_date", "rejected")},
                expression=_order_flag("rejected"),
                split_by=("orders",),
            ),
            Kpi(
                id="otd-dealer",
                stage="evaluation",
                short="OTD",
                name=("딜러 납기 준수율", "On-time delivery to dealer"),
                formula=(
                    "약속일까지 딜러 창고에 도착한 주문 수 / 약속일이 기간 중인 주문 수 × 100",
                    (
                        "orders at the dealer's warehouse by the promised "
                        "date / orders promised in the period "
                        "× 100"
                    ),
                ),
                unit="%",
                direction=higher,
                reads={"orders": ("promised_date", "delivered_date")},
                expression=_otd,
                split_by=("orders",),
            ),
            Kpi(
                id="dos",
                stage="evaluation",
                short="DOS",
                name=("초기 재고 적정성(재고 일수)", "Days of supply"),
                formula=(
                    "딜러 재고 / 일평균 판매량, 일평균 판매량 = 최근 4주 판매량 / 28",
                    (
                        "dealer stock / average daily sales, where average "
                        "daily sales = last 4 weeks' sales / "
                        "28"
                    ),
                ),
                unit="days",
                direction=higher,
                reads={
                    "inventory": ("dealer_id", "snapshot_date", "on_hand"),
                    "dealer_sales": ("dealer_id", "sale_date", "quantity"),
                },
                expression=_dos,
                split_by=("inventory",),
            ),
            Kpi(
                id="ttru",
                stage="onboarding",
                short="TTRU",
                name=("사용 준비 완료 시간", "Time to ready-to-use"),
                formula=(
                    "평균(사용 준비 완료일 − 최종 고객 수령일)",
                    "mean(ready-to-use date − end customer's receipt date)",
                ),
                unit="days",
                direction=lower,
                reads={"onboarding": ("received_date", "ready_date")},
                expression=_ttru,
                split_by=("onboarding",),
            ),
            Kpi(
                id="onboarding-completion",
                stage="onboarding",
                name=("온보딩 완료율", "Onboarding completion rate"),
                formula=(
                    "수령 후 30일 안에 체크리스트·짧은 교육을 마친 고객 수 / 기간 중 수령 고객 수 × 100",
                    (
                        "customers completing the checklist and short training within 30 days of receipt / "
                        "customers receiving in the period × 100"
                    ),
                ),
                unit="%",
                direction=higher,
                reads={"onboarding": ("received_date", "completed_date")},
                expression=_onboarding_completion,
                split_by=("onboarding",),
            ),
            Kpi(
                id="first-week-reinquiry",
                stage="onboarding",
                name=("첫 주 재문의율", "First-week re-inquiry rate"),
                formula=(
                    "최초 공급 후 7일 안에 문의한 고객 수 / 기간 중 최초 공급 고객 수 × 100",
                    (
                        "customers with an inquiry within 7 days of first "
                        "supply / customers first supplied in "
                        "the period × 100"
                    ),
                ),
                unit="%",
                direction=lower,
                reads={
                    "deliveries": ("customer_id", "delivered_date"),
                    "tickets": ("customer_id", "opened_at"),
                },
                expression=_reinquiry(7, 1),
                split_by=("deliveries",),
            ),
            Kpi(
                id="noncompliance-issues",
                stage="onboarding",
                name=("주의사항 미준수 이슈율", "Non-compliance issue rate"),
                formula=(
                    "보관·혼합·사용 조건 위반으로 접수된 건수 / 공급 건수 × 100",
                    "issues from storage, mixing or usage violations / supplies × 100",
                ),
                unit="%",
                direction=lower,
                reads={"tickets": ("opened_at", "cause"), "deliveries": ("delivered_date",)},
                expression=_noncompliance,
                split_by=("tickets", "deliveries"),
            ),
            Kpi(
                id="initial-support-csat",
                stage="onboarding",
                name=("초기 기술지원 응대 만족도", "Initial tech-support satisfaction"),
                formula=(
                    "초기 준비 단계 CSAT 응답의 평균(5점 만점)",
                    "mean CSAT answer at onboarding (out of 5)",
                ),
                unit="/5",
                direction=higher,
                reads={"survey_responses": (*survey, "stage")},
                expression=_survey_mean("csat", "onboarding"),
                split_by=("survey_responses",),
            ),
            Kpi(
                id="repeat-inquiry-30d",
                stage="onboarding",
                name=("초기 30일 반복 문의율", "30-day repeat inquiry rate"),
                formula=(
                    "최초 공급 후 30일 안에 2번 이상 문의한 고객 수 / 기간 중 최초 공급 고객 수 × 100",
                    (
                        "customers with 2 or more inquiries within 30 days of first supply / customers first "
                        "supplied in the period × 100"
                    ),
                ),
                unit="%",
                direction=lower,
                reads={
                    "deliveries": ("customer_id", "delivered_date"),
                    "tickets": ("customer_id", "opened_at"),
                },
                expression=_reinquiry(30, 2),
                split_by=("deliveries",),
            ),
            Kpi(
                id="reorder-interval",
                stage="everyday-use",
                name=("재주문 간격", "Repeat reorder interval"),
                formula=(
                    "평균((최근 재주문일) − (직전 재주문일))",
                    "mean(latest reorder date − previous reorder date)",
                ),
                unit="days",
                direction=lower,
                reads={"orders": ("customer_id", "order_date")},
                expression=_reorder_interval,
                split_by=("orders",),
            ),
            Kpi(
                id="ttfr",
                stage="everyday-use",
                short="TTFR",
                name=("첫 재주문까지 걸린 시간", "Time to first reorder"),
                formula=("평균(첫 재주문일 − 첫 구매일)", "mean(first reorder date − first purchase date)"),
                unit="days",
                direction=lower,
                reads={"orders": ("customer_id", "order_date")},
                expression=_ttfr,
                split_by=("orders",),
            ),
            Kpi(
                id="inquiry-time",
                stage="everyday-use",
                name=("고객 문의 처리 시간", "Inquiry handling time"),
                formula=("평균(처리 완료 시각 − 접수 시각)", "mean(resolved − opened)"),
                unit="days",
                direction=lower,
                reads={"tickets": ("opened_at", "resolved_at")},
                expression=_inquiry_time(None),
                split_by=("tickets",),
            ),
            Kpi(
                id="inquiry-time-1st",
                stage="everyday-use",
                name=("고객 문의 처리 시간 1차", "Inquiry handling time, first line"),
                formula=(
                    "1차(딜러·현장) 처리 문의의 평균(처리 완료 − 접수)",
                    "mean(resolved − opened) of first-line tickets",
                ),
                unit="days",
                direction=lower,
                reads={"tickets": ("opened_at", "resolved_at", "line")},
                expression=_inquiry_time(1),
                split_by=("tickets",),
            ),
            Kpi(
                id="inquiry-time-2nd",
                stage="everyday-use",
                name=("고객 문의 처리 시간 2차", "Inquiry handling time, second line"),
                formula=(
                    "2차(제조사 이관) 처리 문의의 평균(처리 완료 − 접수)",
                    "mean(resolved − opened) of tickets escalated to the maker",
                ),
                unit="days",
                direction=lower,
                reads={"tickets": ("opened_at", "resolved_at", "line")},
                expression=_inquiry_time(2),
                split_by=("tickets",),
            ),
            Kpi(
                id="csat",
                stage="everyday-use",
                short="CSAT",
                name=("고객지원 만족도", "Customer satisfaction"),
                formula=(
                    "일상 사용 단계 CSAT 응답의 평균(5점 만점)",
                    "mean CSAT answer at everyday use (out of 5)",
                ),
                unit="/5",
                direction=higher,
                reads={"survey_responses": (*survey, "stage")},
                expression=_survey_mean("csat", "everyday-use"),
                split_by=("survey_responses",),
            ),
            Kpi(
                id="nps",
                stage="everyday-use",
                short="NPS",
                name=("추천 의향", "Net Promoter Score"),
                formula=(
                    "추천 고객(9~10점) 비율 − 비추천 고객(0~6점) 비율",
                    "share of promoters (9–10) − share of detractors (0–6)",
                ),
                unit="points",
                direction=higher,
                reads={"survey_responses": survey},
                expression=_nps,
                split_by=("survey_responses",),
            ),
            Kpi(
                id="fcr",
                stage="problem",
                short="FCR",
                name=("첫 접점 해결률", "First contact resolution"),
                formula=(
                    "첫 접촉에 해결된 문의 수 / 해결된 문의 수 × 100",
                    "tickets resolved at the first contact / resolved tickets × 100",
                ),
                unit="%",
                direction=higher,
                reads={"tickets": ("opened_at", "resolved_at", "contacts")},
                expression=_fcr,
                split_by=("tickets",),
            ),
            Kpi(
                id="response-lead-time",
                stage="problem",
                name=("응답·조치 리드타임", "Response and action lead time"),
                formula=("평균(1차 응답 시각 − 접수 시각), 시간", "mean(first response − opened), in hours"),
                unit="hours",
                direction=lower,
                reads={"tickets": ("opened_at", "first_response_at")},
                expression=_response_lead_time,
                split_by=("tickets",),
            ),
            Kpi(
                id="handoff-completeness",
                stage="problem",
                name=("정보 완전성 점수", "Hand-off information completeness"),
                formula=(
                    "이관 시 갖춘 필수 정보 항목 수 / 필수 정보 항목 수 × 100",
                    "required items present at hand-off / required items × 100",
                ),
                unit="%",
                direction=higher,
                reads={"tickets": ("opened_at", "handoff_required", "handoff_present")},
                expression=_handoff_completeness,
                split_by=("tickets",),
            ),
            Kpi(
                id="cause-distribution",
                stage="problem",
                name=("원인별 분포", "Cause distribution"),
                formula=(
                    "상위 3개 원인의 건수 / 원인이 기록된 문의 수 × 100",
                    "tickets of the top 3 causes / tickets with a cause × 100",
                ),
                unit="%",
                direction=lower,
                reads={"tickets": ("opened_at", "cause")},
                expression=_cause_distribution,
                split_by=("tickets",),
            ),
            Kpi(
                id="new-repurchase",
                stage="repurchase",
                name=("신규 고객 재구매율", "New-customer repurchase rate"),
                formula=(
                    "(해당 기간에 재주문한 신규 고객 수) / (해당 기간에 첫 구매를 한 고객 수) × 100",
                    (
                        "new customers who reordered in the period / "
                        "customers whose first purchase was in the "
                        "period × 100"
                    ),
                ),
                unit="%",
                direction=higher,
                reads={"orders": ("customer_id", "order_date")},
                expression=_new_repurchase,
                split_by=("orders",),
            ),
            Kpi(
                id="existing-repurchase",
                stage="repurchase",
                name=("기존 고객 재구매율", "Existing-customer repurchase rate"),
                formula=(
                    "(기간 내 재주문한 기존 고객 수) / (기간 시작 시점 기존 고객 수) × 100",
                    (
                        "existing customers who reordered in the period / "
                        "existing customers at period start × "
                        "100"
                    ),
                ),
                unit="%",
                direction=higher,
                reads={"customers": ("customer_id", "created_date"), "orders": ("customer_id", "order_date")},
                expression=_existing_repurchase,
                split_by=("customers",),
            ),
            Kpi(
                id="churn",
                stage="repurchase",
                name=("고객 이탈률", "Churn rate"),
                formula=(
                    "(해당 기간 동안 이탈한 고객 수) / (해당 기간 시작 시점의 총고객 수) × 100",
                    "customers lost in the period / customers at period start × 100",
                ),
                unit="%",
                direction=lower,
                reads={"customers": ("customer_id", "created_date", "lost_date")},
                expression=_churn,
                split_by=("customers",),
            ),
            Kpi(
                id="ltv",
                stage="repurchase",
                short="LTV",
                name=("고객생애가치", "Customer lifetime value"),
                formula=(
                    "고객당 평균 구매 금액 × 평균 구매 빈도 × 평균 고객 유지 기간(= 1 / 이탈률)",
                    (
                        "average purchase value × average purchase frequency "
                        "× average customer lifetime (= 1 "
                        "/ churn)"
                    ),
                ),
                unit="KRW",
                direction=higher,
                reads={
                    "orders": ("customer_id", "order_date", "amount"),
                    "customers": ("customer_id", "created_date", "lost_date"),
                },
                expression=_ltv,
                split_by=("orders", "customers"),
            ),
        )
    )


#: Seed 000's catalogue: the 26 KPIs of the method (ids of the b2b-dealer preset) and
#: three the seed's V1.0 map adds (first- and second-line inquiry time, 30-day repeat inquiries).
CATALOGUE = _define()
