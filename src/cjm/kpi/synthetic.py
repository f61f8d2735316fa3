"""A deterministic generator of a company's records, for the example, the tests and the benchmark.

:func:`generate` writes every table of :data:`~cjm.kpi.schema.SCHEMA` to a
folder as CSV or Parquet: dealers, hospitals (customers), leads, a content
audit, portal sessions, quotes, orders, deliveries, dealer stock and sales,
onboarding checklists, tickets, survey answers and journey events.  The same
arguments always write the same files.

The data tell seed 000's story: on-time delivery near 70 %, time to ready-to-use
near 2.5 days, first contact resolution near 62 %, second-line inquiries that
take about two months, and one dealer (C딜러, ``D03``) that serves worse than the
others — "the service level depends on which dealer the customer meets".  The
event log follows the example map's touchpoints, except that one touchpoint of
the map (의료 전문지) never occurs and a frequent one (카카오톡 채널) is missing
from the map, so the map-against-reality check has something to find.

Tables are generated in chunks with numpy and written with pyarrow, so 100
million orders take bounded memory (``chunk_rows`` rows at a time).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from cjm.io.files import atomic_writer
from cjm.kpi.engine import require

__all__ = ["DATA_END", "DATA_START", "DEALERS", "Generated", "generate"]

#: First and last day of the generated records (the default report period is 2026Q3).
DATA_START = dt.date(2025, 1, 1)
DATA_END = dt.date(2026, 9, 30)

#: Dealer ids and names (the names of :mod:`cjm.voc.synthetic`); D03 serves worse.
DEALERS = (("D01", "A딜러(서울)"), ("D02", "B딜러(부산)"), ("D03", "C딜러(대구)"), ("D04", "D딜러(광주)"))
_WORSE = 2  # index of the dealer that serves worse
_REGIONS = ("서울", "부산", "대구", "광주")
_KINDS = (
    ("대학교병원", "university-hospital"),
    ("의료원", "general-hospital"),
    ("병원", "hospital"),
    ("정형외과의원", "clinic"),
)
_PRODUCTS = ("골시멘트", "봉합사", "지혈제", "드레싱", "카테터")
_CAUSES = ("usage-conditions", "spec-change", "quality", "storage-mixing", "delivery", "billing", "other")
_CAUSE_WEIGHTS = (0.24, 0.14, 0.19, 0.15, 0.12, 0.10, 0.06)
_LEAD_SOURCES = ("학회", "웹 세미나", "자료 요청", "딜러 소개")
#: The example map's touchpoints per stage, as the event log names them (one of the map's is never
#: used: 의료 전문지; 카카오톡 채널 is used often but is not on the map).
_TOUCHPOINTS = {
    "awareness": (("학회", 4), ("논문", 2), ("동료 의사", 3), ("유통 파트너 영업사원", 4)),
    "evaluation": (
        ("제조사/유통 파트너 웹사이트", 3),
        ("제품 브로셔", 2),
        ("온라인 상담", 2),
        ("카카오톡 채널", 4),
        ("동료 의사 커뮤니티", 1),
    ),
    "onboarding": (("제품 데모 시연", 3), ("제조사/유통 파트너 기술 지원팀", 3), ("영업계약서", 1)),
    "everyday-use": (("제품 설치팀", 1), ("초기 사용 교육", 3)),
    "problem": (("고객 지원 콜센터", 4), ("A/S 담당자", 2), ("제품 사용 설명서", 1)),
    "repurchase": (("유통 파트너의 영업 제안", 4), ("신제품 정보", 2), ("고객 성공 사례", 1)),
}
#: Chance of going on to the next stage, for the event log's funnel.
_ONWARD = {"awareness": 0.72, "evaluation": 0.8, "onboarding": 0.9, "everyday-use": 0.55, "problem": 0.6}
_STAGES = tuple(_TOUCHPOINTS)


@attrs.frozen(kw_only=True)
class Generated:
    """What :func:`generate` wrote: table -> (file, rows)."""

    folder: Path
    files: Mapping[str, tuple[Path, int]]

    def rows(self, table: str) -> int:
        """Rows written for a table."""
        return self.files[table][1]


def generate(
    folder: str | os.PathLike[str],
    *,
    customers: int = 240,
    orders: int | None = None,
    tickets: int | None = None,
    seed: int = 7,
    format: str = "csv",
    chunk_rows: int = 2_000_000,
    tables: tuple[str, ...] | None = None,
    integer_ids: bool = False,
) -> Generated:
    """Write synthetic records for ``customers`` hospitals of four dealers to ``folder``.

    ``orders`` and ``tickets`` default to about 12 orders and 6 tickets per
    customer over the 21 months from :data:`DATA_START` to :data:`DATA_END`.
    ``format`` is ``csv`` or ``parquet``; ``tables`` limits what is written;
    ``integer_ids`` writes customer, order and ticket ids as numbers (smaller
    Parquet files for benchmarks).  The folder is created if needed.
    """
    if format not in ("csv", "parquet"):
        raise ValueError(f"format is csv or parquet, not {format!r}")
    if customers < 1:
        raise ValueError("customers must be at least 1")
    np = require("numpy", "the synthetic data generator")
    pa = require("pyarrow", "the synthetic data generator")
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    world = _World.make(np, seed, customers, integer_ids)
    n_orders = orders if orders is not None else customers * 12
    n_tickets = tickets if tickets is not None else customers * 6
    makers: dict[str, Callable[[], Iterator[Any]]] = {
        "dealers": lambda: iter([_dealers(pa)]),
        "customers": lambda: iter([_customers(world, pa)]),
        "leads": lambda: iter([_leads(world, pa)]),
        "information_items": lambda: iter([_information_items(world, pa)]),
        "portal_sessions": lambda: iter([_portal_sessions(world, pa)]),
        "quotes": lambda: _quotes(world, pa, n_orders, chunk_rows),
        "orders": lambda: _orders(world, pa, n_orders, chunk_rows),
        "deliveries": lambda: _deliveries(world, pa, n_orders, chunk_rows),
        "inventory": lambda: iter([_inventory(world, pa)]),
        "dealer_sales": lambda: iter([_dealer_sales(world, pa)]),
        "onboarding": lambda: iter([_onboarding(world, pa)]),
        "tickets": lambda: _tickets(world, pa, n_tickets, chunk_rows),
        "survey_responses": lambda: iter([_survey(world, pa)]),
        "events": lambda: iter([_events(world, pa)]),
    }
    wanted = tables or tuple(makers)
    unknown = [t for t in wanted if t not in makers]
    if unknown:
        raise ValueError(f"unknown table(s) {', '.join(unknown)}; expected {', '.join(makers)}")
    files: dict[str, tuple[Path, int]] = {}
    for name in wanted:
        path = out / f"{name}.{format}"
        files[name] = (path, _write(path, makers[name](), format, pa))
    return Generated(folder=out, files=files)


# --- the world: dealers and customers every table draws on -------------------------------------


@attrs.define
class _World:
    np: Any
    seed: int
    integer_ids: bool
    n: int
    dealer: Any  # index into DEALERS, per customer
    created: Any  # days since DATA_START (may be negative: customers from before the data)
    lost: Any  # days since DATA_START, or a large number when never lost
    first_promise: Any  # days since DATA_START: the first order's promised date
    first_delivered: Any  # … the day the first order reached the dealer
    first_supply: Any  # … the day the customer received it (the first supply)
    end: int  # last day, days since DATA_START

    @classmethod
    def make(cls, np: Any, seed: int, n: int, integer_ids: bool) -> _World:
        rng = np.random.Generator(np.random.PCG64(seed))
        end = (DATA_END - DATA_START).days
        dealer = rng.integers(0, len(DEALERS), n)
        # A third of the customers were customers before the data start.
        created = np.where(rng.random(n) < 0.35, -rng.integers(30, 720, n), rng.integers(0, end - 20, n))
        lifetime = rng.exponential(900.0, n) + 60
        lost = np.where(rng.random(n) < 0.45, created + lifetime.astype(np.int64), 10**6)
        lost = np.where(lost > end, 10**6, lost)
        worse = dealer == _WORSE
        first_promise = created + rng.integers(3, 8, n)
        on_time = rng.random(n) < np.where(worse, 0.52, 0.74)
        first_delivered = first_promise + np.where(on_time, -rng.integers(0, 2, n), rng.integers(1, 9, n))
        first_supply = first_delivered + rng.integers(1, 4, n)
        return cls(
            np=np,
            seed=seed,
            integer_ids=integer_ids,
            n=n,
            dealer=dealer,
            created=created,
            lost=lost,
            first_promise=first_promise,
            first_delivered=first_delivered,
            first_supply=first_supply,
            end=end,
        )

    def child(self, salt: int) -> Any:
        """A generator of its own for one table, so tables do not depend on each other's draws."""
        return self.np.random.Generator(self.np.random.PCG64([self.seed, salt]))

    def customer_ids(self, index: Any, pa: Any) -> Any:
        if self.integer_ids:
            return pa.array(index.astype("int64") + 1)
        return _ids(pa, "H", index, 5)

    def active_day(self, rng: Any, who: Any) -> Any:
        """A uniform day in each customer's active span within the data."""
        np = self.np
        low = np.maximum(self.created[who], 0)
        high = np.minimum(self.lost[who], self.end)
        high = np.maximum(high, low)
        return low + (rng.random(len(who)) * (high - low + 1)).astype(np.int64)

    def weighted(self, rng: Any, count: int) -> Any:
        """``count`` customers drawn in proportion to how long they were active within the data."""
        np = self.np
        span = np.minimum(self.lost, self.end) - np.maximum(self.created, 0)
        cumulative = np.cumsum(np.clip(span, 1, None).astype("float64"))
        return np.minimum(np.searchsorted(cumulative, rng.random(count) * cumulative[-1]), self.n - 1)

    def dealer_ids(self, index: Any, pa: Any) -> Any:
        names = pa.array([d for d, _ in DEALERS])
        return names.take(pa.array(index))


def _ids(pa: Any, prefix: str, index: Any, width: int) -> Any:
    pc = require("pyarrow.compute")
    text = pc.utf8_lpad(pc.cast(pa.array(index.astype("int64") + 1), pa.string()), width, "0")
    return pc.binary_join_element_wise(pa.scalar(prefix), text, "")


def _dates(pa: Any, np: Any, days: Any) -> Any:
    base = np.datetime64(DATA_START.isoformat(), "D")
    return pa.array((base + days.astype("timedelta64[D]")).astype("datetime64[D]"), pa.date32())


def _stamps(pa: Any, np: Any, seconds: Any) -> Any:
    base = np.datetime64(DATA_START.isoformat(), "s")
    return pa.array(base + seconds.astype("int64").astype("timedelta64[s]"), pa.timestamp("s"))


def _nullable(pa: Any, array: Any, mask: Any) -> Any:
    pc = require("pyarrow.compute")
    return pc.if_else(pa.array(mask), pa.nulls(len(array), array.type), array)


# --- tables ------------------------------------------------------------------------------------


def _dealers(pa: Any) -> Any:
    return pa.table(
        {
            "dealer_id": [d for d, _ in DEALERS],
            "name": [name for _, name in DEALERS],
            "region": list(_REGIONS),
        }
    )


def _customers(w: _World, pa: Any) -> Any:
    np, rng = w.np, w.child(1)
    pc = require("pyarrow.compute")
    kind = rng.integers(0, len(_KINDS), w.n)
    number = pc.utf8_lpad(pc.cast(pa.array(np.arange(1, w.n + 1)), pa.string()), 3, "0")
    names = pc.binary_join_element_wise(
        _names(pa, _REGIONS, w.dealer), number, _names(pa, tuple(k for k, _ in _KINDS), kind), ""
    )
    return pa.table(
        {
            "customer_id": w.customer_ids(np.arange(w.n), pa),
            "name": names,
            "dealer_id": w.dealer_ids(w.dealer, pa),
            "segment": _names(pa, tuple(e for _, e in _KINDS), kind),
            "created_date": _dates(pa, np, w.created),
            "lost_date": _nullable(pa, _dates(pa, np, np.minimum(w.lost, w.end)), w.lost > w.end),
        }
    )


def _leads(w: _World, pa: Any) -> Any:
    np, rng = w.np, w.child(2)
    count = w.n * 3
    days = rng.integers(0, w.end + 1, count)
    order = np.argsort(days, kind="stable")
    return pa.table(
        {
            "lead_id": _ids(pa, "L", np.arange(count), 6),
            "created_date": _dates(pa, np, days[order]),
            "dealer_id": w.dealer_ids(rng.integers(0, len(DEALERS), count), pa),
            "source": _names(pa, _LEAD_SOURCES, rng.integers(0, len(_LEAD_SOURCES), count)),
        }
    )


_ITEMS = 40


def _information_items(w: _World, pa: Any) -> Any:
    rng = w.child(3)
    quarter_ends = [
        dt.date(2025, 3, 31),
        dt.date(2025, 6, 30),
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
    ]
    rows: dict[str, list[Any]] = {
        k: [] for k in ("item_id", "audit_date", "in_sales", "in_training", "in_portal", "dealer_id")
    }
    for q, day in enumerate(quarter_ends):
        for d, (dealer, _name) in enumerate(DEALERS):
            better = 0.03 * q - (0.1 if d == _WORSE else 0.0)
            for item in range(_ITEMS):
                rows["item_id"].append(f"I{item + 1:02d}")
                rows["audit_date"].append(day)
                rows["in_sales"].append(bool(rng.random() < 0.9 + better / 2))
                rows["in_training"].append(bool(rng.random() < 0.78 + better))
                rows["in_portal"].append(bool(rng.random() < 0.55 + better))
                rows["dealer_id"].append(dealer)
    return pa.table(rows)


def _portal_sessions(w: _World, pa: Any) -> Any:
    np, rng = w.np, w.child(4)
    users = np.flatnonzero(rng.random(w.n) < 0.4)
    per_user = rng.poisson(5, len(users)) + 1
    who = np.repeat(users, per_user)
    day = w.active_day(rng, who)
    seconds = day * 86400 + rng.integers(8 * 3600, 19 * 3600, len(who))
    order = np.argsort(seconds, kind="stable")
    who, seconds = who[order], seconds[order]
    return pa.table(
        {
            "session_id": _ids(pa, "S", np.arange(len(who)), 6),
            "customer_id": w.customer_ids(who, pa),
            "started_at": _stamps(pa, np, seconds),
            "duration_s": pa.array(np.round(rng.exponential(210.0, len(who)), 0)),
            "downloads": pa.array(rng.poisson(1.2, len(who))),
            "dealer_id": w.dealer_ids(w.dealer[who], pa),
        }
    )


def _chunks(total: int, size: int) -> Iterator[tuple[int, int]]:
    done = 0
    while done < total:
        step = min(size, total - done)
        yield done, step
        done += step


def _order_draws(w: _World, total: int, chunk_rows: int) -> Iterator[dict[str, Any]]:
    """The orders, chunk by chunk: every customer's first order on its first day, then the rest.

    Shared by orders, quotes and deliveries so they agree; each chunk has its
    own generator, so the draws do not depend on the chunk before.
    """
    np = w.np
    firsts = w.created >= 0
    first_who = np.flatnonzero(firsts)
    for chunk, (offset, count) in enumerate(_chunks(max(total, len(first_who)), chunk_rows)):
        rng = w.child(1000 + chunk)
        head = first_who[: min(count, len(first_who))] if offset == 0 else first_who[:0]
        rest = count - len(head)
        drawn = w.weighted(rng, rest)
        day = w.active_day(rng, drawn)
        worse = w.dealer[drawn] == _WORSE
        promise = day + rng.integers(3, 8, rest)
        on_time = rng.random(rest) < np.where(worse, 0.52, 0.74)
        delivered = promise + np.where(on_time, -rng.integers(0, 2, rest), rng.integers(1, 9, rest))
        to_customer = rng.integers(1, 4, rest)
        first_pass = rng.random(count) < np.where(
            w.dealer[np.concatenate([head, drawn])] == _WORSE, 0.7, 0.86
        )
        yield {
            "index": np.arange(offset, offset + count),
            "who": np.concatenate([head, drawn]),
            "day": np.concatenate([w.created[head], day]),
            "promise": np.concatenate([w.first_promise[head], promise]),
            "delivered": np.concatenate([w.first_delivered[head], delivered]),
            "to_customer": np.concatenate([w.first_supply[head] - w.first_delivered[head], to_customer]),
            "first_pass": first_pass,
            "rejected": (~first_pass) & (rng.random(count) < 0.45),
            "amount": np.round(rng.lognormal(14.1, 0.6, count), -3),
            "product": rng.integers(0, len(_PRODUCTS), count),
            "other_dealer": rng.random(count) < 0.04,
            "quoted": rng.random(count) < 0.8,
            "quote_lead": rng.integers(1, 15, count),
        }


def _order_ids(w: _World, pa: Any, index: Any) -> Any:
    return pa.array(index.astype("int64") + 1) if w.integer_ids else _ids(pa, "O", index, 8)


def _orders(w: _World, pa: Any, total: int, chunk_rows: int) -> Iterator[Any]:
    np = w.np
    for draw in _order_draws(w, total, chunk_rows):
        who = draw["who"]
        dealer = np.where(draw["other_dealer"], (w.dealer[who] + 1) % len(DEALERS), w.dealer[who])
        pending = draw["delivered"] > w.end
        yield pa.table(
            {
                "order_id": _order_ids(w, pa, draw["index"]),
                "customer_id": w.customer_ids(who, pa),
                "order_date": _dates(pa, np, draw["day"]),
                "dealer_id": w.dealer_ids(dealer, pa),
                "amount": pa.array(draw["amount"]),
                "promised_date": _dates(pa, np, draw["promise"]),
                "delivered_date": _nullable(pa, _dates(pa, np, draw["delivered"]), pending),
                "first_pass": pa.array(draw["first_pass"]),
                "rejected": pa.array(draw["rejected"]),
                "product": _names(pa, _PRODUCTS, draw["product"]),
            }
        )


def _names(pa: Any, names: tuple[str, ...], index: Any) -> Any:
    return pa.array(list(names)).take(pa.array(index))


def _quotes(w: _World, pa: Any, total: int, chunk_rows: int) -> Iterator[Any]:
    """Quotes: 80 % of orders had one; as many again were quoted and never ordered (QTO near 45 %)."""
    np = w.np
    for draw in _order_draws(w, total, chunk_rows):
        rng = w.child(5000 + int(draw["index"][0] // max(chunk_rows, 1)))
        quoted = draw["quoted"]
        won_who = draw["who"][quoted]
        won_day = draw["day"][quoted] - draw["quote_lead"][quoted]
        lost_count = int(quoted.sum() * 1.2)
        lost_who = draw["who"][rng.integers(0, len(draw["who"]), lost_count)]
        lost_day = w.active_day(rng, lost_who)
        who = np.concatenate([won_who, lost_who])
        day = np.concatenate([won_day, lost_day])
        order = _nullable(
            pa,
            _order_ids(w, pa, np.concatenate([draw["index"][quoted], np.zeros(lost_count, "int64")])),
            np.arange(len(who)) >= len(won_who),
        )
        first = int(draw["index"][0]) * 3
        yield pa.table(
            {
                "quote_id": _ids(pa, "Q", np.arange(first, first + len(who)), 9),
                "quote_date": _dates(pa, np, day),
                "customer_id": w.customer_ids(who, pa),
                "order_id": order,
                "dealer_id": w.dealer_ids(w.dealer[who], pa),
            }
        )


def _deliveries(w: _World, pa: Any, total: int, chunk_rows: int) -> Iterator[Any]:
    """Each order delivered to the hospital 1-3 days after it reached the dealer."""
    np = w.np
    for draw in _order_draws(w, total, chunk_rows):
        day = draw["delivered"] + draw["to_customer"]
        keep = day <= w.end
        who = draw["who"][keep]
        yield pa.table(
            {
                "delivery_id": _ids(pa, "V", draw["index"][keep], 8),
                "customer_id": w.customer_ids(who, pa),
                "delivered_date": _dates(pa, np, day[keep]),
                "dealer_id": w.dealer_ids(w.dealer[who], pa),
                "order_id": _order_ids(w, pa, draw["index"][keep]),
            }
        )


def _inventory(w: _World, pa: Any) -> Any:
    np, rng = w.np, w.child(6)
    weeks = np.arange(6, w.end + 1, 7)
    rows = len(weeks) * len(DEALERS) * len(_PRODUCTS)
    day = np.repeat(weeks, len(DEALERS) * len(_PRODUCTS))
    dealer = np.tile(np.repeat(np.arange(len(DEALERS)), len(_PRODUCTS)), len(weeks))
    product = np.tile(np.arange(len(_PRODUCTS)), len(weeks) * len(DEALERS))
    stock = rng.poisson(np.where(dealer == _WORSE, 60, 110), rows)
    return pa.table(
        {
            "dealer_id": w.dealer_ids(dealer, pa),
            "snapshot_date": _dates(pa, np, day),
            "on_hand": pa.array(stock.astype("float64")),
            "product": _names(pa, _PRODUCTS, product),
        }
    )


def _dealer_sales(w: _World, pa: Any) -> Any:
    np, rng = w.np, w.child(7)
    days = np.arange(0, w.end + 1)
    rows = len(days) * len(DEALERS) * len(_PRODUCTS)
    day = np.repeat(days, len(DEALERS) * len(_PRODUCTS))
    dealer = np.tile(np.repeat(np.arange(len(DEALERS)), len(_PRODUCTS)), len(days))
    product = np.tile(np.arange(len(_PRODUCTS)), len(days) * len(DEALERS))
    return pa.table(
        {
            "dealer_id": w.dealer_ids(dealer, pa),
            "sale_date": _dates(pa, np, day),
            "quantity": pa.array(rng.poisson(5.0, rows).astype("float64")),
            "product": _names(pa, _PRODUCTS, product),
        }
    )


def _onboarding(w: _World, pa: Any) -> Any:
    """One checklist per customer first supplied within the data."""
    np, rng = w.np, w.child(8)
    who = np.flatnonzero((w.created >= 0) & (w.first_supply <= w.end))
    worse = w.dealer[who] == _WORSE
    received = w.first_supply[who]
    ready = received + np.round(rng.gamma(2.0, np.where(worse, 2.0, 1.15))).astype("int64")
    completed = received + np.where(
        rng.random(len(who)) < np.where(worse, 0.6, 0.78),
        rng.integers(1, 31, len(who)),
        rng.integers(31, 90, len(who)),
    )
    return pa.table(
        {
            "customer_id": w.customer_ids(who, pa),
            "received_date": _dates(pa, np, received),
            "ready_date": _nullable(pa, _dates(pa, np, ready), ready > w.end),
            "completed_date": _nullable(pa, _dates(pa, np, completed), completed > w.end),
            "dealer_id": w.dealer_ids(w.dealer[who], pa),
        }
    )


def _tickets(w: _World, pa: Any, total: int, chunk_rows: int) -> Iterator[Any]:
    """Tickets: a share right after the first supply (re-inquiries), the rest over the active span."""
    np = w.np
    early_who = np.flatnonzero((w.created >= 0) & (w.first_supply <= w.end))
    for chunk, (offset, count) in enumerate(_chunks(total, chunk_rows)):
        rng = w.child(2000 + chunk)
        early = early_who[rng.random(len(early_who)) < 0.3] if offset == 0 else early_who[:0]
        early = early[: min(len(early), count)]
        rest = count - len(early)
        weights_who = w.weighted(rng, rest)
        who = np.concatenate([early, weights_who])
        day = np.concatenate(
            [w.first_supply[early] + rng.integers(0, 7, len(early)), w.active_day(rng, weights_who)]
        )
        worse = w.dealer[who] == _WORSE
        opened = day * 86400 + rng.integers(8 * 3600, 18 * 3600, count)
        second_line = rng.random(count) < 0.18
        response = opened + (rng.exponential(np.where(worse, 14.0, 6.0), count) * 3600).astype("int64") + 600
        days_open = np.where(
            second_line, rng.gamma(3.0, 20.0, count), rng.gamma(2.0, np.where(worse, 2.4, 1.6), count)
        )
        resolved = opened + (days_open * 86400).astype("int64")
        first_contact = rng.random(count) < np.where(worse, 0.45, 0.66)
        contacts = np.where(first_contact & ~second_line, 1, rng.integers(2, 6, count))
        cause = rng.choice(len(_CAUSES), count, p=_CAUSE_WEIGHTS)
        no_cause = rng.random(count) < 0.35
        required = np.where(second_line, 8, 0)
        present = rng.binomial(8, np.where(worse, 0.62, 0.82), count)
        index = np.arange(offset, offset + count)
        end_seconds = (w.end + 1) * 86400
        yield pa.table(
            {
                "ticket_id": pa.array(index + 1) if w.integer_ids else _ids(pa, "T", index, 7),
                "customer_id": w.customer_ids(who, pa),
                "opened_at": _stamps(pa, np, opened),
                "first_response_at": _nullable(pa, _stamps(pa, np, response), response >= end_seconds),
                "resolved_at": _nullable(pa, _stamps(pa, np, resolved), resolved >= end_seconds),
                "contacts": pa.array(contacts),
                "line": pa.array(np.where(second_line, 2, 1)),
                "cause": _nullable(pa, _names(pa, _CAUSES, cause), no_cause),
                "handoff_required": _nullable(pa, pa.array(required), ~second_line),
                "handoff_present": _nullable(pa, pa.array(present), ~second_line),
                "dealer_id": w.dealer_ids(w.dealer[who], pa),
            }
        )


_SURVEY = (
    ("onboarding", "제조사/유통 파트너 기술 지원팀", "csat"),
    ("everyday-use", "초기 사용 교육", "csat"),
    ("problem", "고객 지원 콜센터", "ces"),
    ("repurchase", "유통 파트너의 영업 제안", "nps"),
)


def _survey(w: _World, pa: Any) -> Any:
    np, rng = w.np, w.child(9)
    who = w.weighted(rng, w.n * 6)
    count = len(who)
    kind = rng.integers(0, len(_SURVEY), count)
    worse = w.dealer[who] == _WORSE
    csat_good = rng.choice(5, count, p=(0.03, 0.07, 0.22, 0.43, 0.25)) + 1
    csat_bad = rng.choice(5, count, p=(0.10, 0.20, 0.33, 0.27, 0.10)) + 1
    nps_good = rng.choice(11, count, p=np.array((1, 1, 1, 2, 2, 4, 6, 11, 15, 13, 9)) / 65)
    nps_bad = rng.choice(11, count, p=np.array((3, 3, 4, 5, 6, 8, 9, 8, 6, 3, 2)) / 57)
    ces = rng.integers(1, 8, count)
    instrument = np.array([kind_ for _, _, kind_ in _SURVEY])[kind]
    score = np.where(
        instrument == "csat",
        np.where(worse, csat_bad, csat_good),
        np.where(instrument == "nps", np.where(worse, nps_bad, nps_good), ces),
    )
    day = w.active_day(rng, who)
    order = np.argsort(day, kind="stable")
    who, kind, score, day, instrument = who[order], kind[order], score[order], day[order], instrument[order]
    return pa.table(
        {
            "respondent": _ids(pa, "R", np.arange(count), 6),
            "date": _dates(pa, np, day),
            "stage": _names(pa, tuple(stage for stage, _, _ in _SURVEY), kind),
            "touchpoint": _names(pa, tuple(touch for _, touch, _ in _SURVEY), kind),
            "instrument": pa.array(instrument.astype(str)),
            "score": pa.array(score.astype("int64")),
            "dealer_id": w.dealer_ids(w.dealer[who], pa),
            "customer_id": w.customer_ids(who, pa),
        }
    )


def _events(w: _World, pa: Any) -> Any:
    """Each customer's way through the stages, one to three touchpoint events per stage reached."""
    np, rng = w.np, w.child(10)
    who_rows: list[int] = []
    at_rows: list[int] = []
    stage_rows: list[str] = []
    touch_rows: list[str] = []
    for customer in range(w.n):
        moment = max(int(w.created[customer]), 0) * 86400 - int(rng.integers(20, 60)) * 86400
        moment = max(moment, 0)
        index = 0
        while index < len(_STAGES):
            stage = _STAGES[index]
            names, weights = zip(*_TOUCHPOINTS[stage], strict=True)
            p = np.array(weights, dtype="float64") / sum(weights)
            for _ in range(int(rng.integers(1, 4))):
                moment += int(rng.integers(3600, 6 * 86400))
                who_rows.append(customer)
                at_rows.append(moment)
                stage_rows.append(stage)
                touch_rows.append(names[int(rng.choice(len(names), p=p))])
            moment += int(rng.exponential(9.0) * 86400)
            if stage == "problem":
                index = len(_STAGES) - 1 if rng.random() < _ONWARD[stage] else len(_STAGES)
                continue
            if stage == "everyday-use" and rng.random() < 0.35:
                index += 2  # straight to repurchase, no problem on the way
                continue
            if stage in _ONWARD and rng.random() >= _ONWARD[stage]:
                break
            index += 1
    at = np.array(at_rows, dtype="int64")
    keep = at < (w.end + 1) * 86400  # what happens after the data's last day is not in the log yet
    who = np.array(who_rows, dtype="int64")[keep]
    return pa.table(
        {
            "customer_id": w.customer_ids(who, pa),
            "at": _stamps(pa, np, at[keep]),
            "stage": pa.array(stage_rows).filter(pa.array(keep)),
            "touchpoint": pa.array(touch_rows).filter(pa.array(keep)),
            "dealer_id": w.dealer_ids(w.dealer[who], pa),
        }
    )


# --- writing -----------------------------------------------------------------------------------


def _write(path: Path, chunks: Iterator[Any], format: str, pa: Any) -> int:
    """Write the chunks of one table to ``path`` (atomically, by :func:`cjm.io.files.atomic_writer`)."""
    rows = 0
    with atomic_writer(path) as stream:
        if format == "parquet":
            pq = require("pyarrow.parquet")
            writer = None
            for table in chunks:
                if writer is None:
                    writer = pq.ParquetWriter(stream, table.schema, compression="zstd")
                writer.write_table(table.cast(writer.schema), row_group_size=1_000_000)
                rows += table.num_rows
            if writer is not None:
                writer.close()
        else:
            csv = require("pyarrow.csv")
            header_written = False
            for table in chunks:
                if not header_written:
                    stream.write((",".join(table.column_names) + "\n").encode("utf-8"))
                    header_written = True
                # Plain cells, as a spreadsheet exports them; quotes only where a cell needs them.
                buffer = io.BytesIO()
                try:
                    csv.write_csv(table, buffer, csv.WriteOptions(include_header=False, quoting_style="none"))
                except pa.ArrowInvalid:
                    buffer = io.BytesIO()
                    csv.write_csv(
                        table, buffer, csv.WriteOptions(include_header=False, quoting_style="needed")
                    )
                stream.write(buffer.getvalue())
                rows += table.num_rows
    return rows
