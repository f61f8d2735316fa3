"""The whole KPI catalogue on 10 million orders: cjm (ibis on DuckDB) against plain pandas, same run.

Run:  python benchmarks/bench_kpi.py [--orders 10000000] [--tickets 2000000] [--big 100000000]
      python benchmarks/bench_kpi.py --orders 1000000 --tickets 200000 --big 0     (a quick look)

1. cjm.kpi.generate writes a company's records as Parquet to a temporary
   folder (removed at the end): ``--orders`` orders, ``--tickets`` tickets,
   quotes, deliveries, surveys … for orders/12 customers (at most a million).
2. cjm reads the folder and computes every KPI of the catalogue for 2026Q3
   (overall): ``read_data`` + ``compute`` on DuckDB, in this machine's process.
3. A straightforward pandas version of the same formulas reads the same files
   and computes the same 29 values; the two sets of values must agree.
4. ``--big`` orders (100 million by default; 0 skips it) are generated and
   computed by cjm with DuckDB limited to ``--memory-limit`` and spilling to
   the temporary folder: out of core.

Each side runs in a fresh process, so its peak memory (the maximum resident
set size the kernel reports) is its own.  Times are wall-clock seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import multiprocessing
import resource
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

PERIOD = "2026Q3"
START, END = dt.date(2026, 7, 1), dt.date(2026, 10, 1)
#: Tables the catalogue reads (the event log is for analytics, not KPIs).
TABLES = (
    "dealers", "customers", "leads", "information_items", "portal_sessions", "quotes", "orders",
    "deliveries", "inventory", "dealer_sales", "onboarding", "tickets", "survey_responses",
)  # fmt: skip


def make_data(folder: Path, orders: int, tickets: int) -> float:
    from cjm.kpi import generate

    start = time.perf_counter()
    generate(
        folder,
        customers=max(min(orders // 12, 1_000_000), 100),
        orders=orders,
        tickets=tickets,
        format="parquet",
        integer_ids=True,
        tables=TABLES,
        chunk_rows=2_000_000,
    )
    return time.perf_counter() - start


# --- cjm ------------------------------------------------------------------------------------------


def with_cjm(folder: str, options: dict[str, Any]) -> dict[str, Any]:
    from cjm.kpi import compute, parse_periods, read_data

    start = time.perf_counter()
    data = read_data(folder, **options)
    loaded = time.perf_counter()
    results = compute(data, periods=parse_periods(PERIOD))
    done = time.perf_counter()
    data.close()
    values = {v.kpi: v.value for v in results.values if v.dealer is None}
    return {
        "load": loaded - start,
        "compute": done - loaded,
        "values": values,
        "skipped": len(results.skipped),
    }


# --- pandas: the same formulas, written the way an analyst would ----------------------------------------


def with_pandas(folder: str) -> dict[str, Any]:
    import numpy as np
    import pandas as pd

    start = time.perf_counter()
    t = {name: pd.read_parquet(Path(folder) / f"{name}.parquet") for name in TABLES}
    for frame in t.values():
        for column in frame.columns:
            if column.endswith(("_date", "_at")) or column in ("date",):
                frame[column] = pd.to_datetime(frame[column])
    loaded = time.perf_counter()
    s, e = pd.Timestamp(START), pd.Timestamp(END)

    def inside(series: pd.Series) -> pd.Series:
        return (series >= s) & (series < e)

    def pct(part: float, whole: float) -> float | None:
        return None if whole == 0 else 100.0 * part / whole

    def mean(series: pd.Series) -> float | None:
        return None if series.count() == 0 else float(series.mean())

    def days(a: pd.Series, b: pd.Series) -> pd.Series:
        return (b - a).dt.total_seconds() / 86400.0

    out: dict[str, float | None] = {}
    customers, orders, tickets = t["customers"], t["orders"], t["tickets"]
    survey, deliveries = t["survey_responses"], t["deliveries"]

    active = customers[
        (customers.created_date < e) & (customers.lost_date.isna() | (customers.lost_date >= s))
    ]
    users = t["portal_sessions"].loc[inside(t["portal_sessions"].started_at), "customer_id"].unique()
    out["portal-usage"] = pct(active.customer_id.isin(users).sum(), len(active))

    items = t["information_items"][inside(t["information_items"].audit_date)]
    latest = items.sort_values("audit_date", ascending=False).drop_duplicates(["item_id", "dealer_id"])
    complete = latest.in_sales & latest.in_training & latest.in_portal
    out["info-completeness"] = pct(complete.sum(), len(latest))

    leads = t["leads"]
    covered = leads.created_date.min() < e and leads.created_date.max() >= s
    out["new-leads"] = float(inside(leads.created_date).sum()) if covered else None

    quotes = t["quotes"][inside(t["quotes"].quote_date)]
    out["qto"] = pct(quotes.order_id.notna().sum(), len(quotes))

    in_period = orders[inside(orders.order_date)]
    for kpi, column in (("order-accuracy", "first_pass"), ("order-rejection", "rejected")):
        known = in_period[column].dropna()
        out[kpi] = pct(known.astype(bool).sum(), len(known))
    promised = orders[inside(orders.promised_date)]
    on_time = promised.delivered_date.notna() & (promised.delivered_date <= promised.promised_date)
    out["otd-dealer"] = pct(on_time.sum(), len(promised))

    stock = t["inventory"][inside(t["inventory"].snapshot_date)]
    snap = stock.groupby("dealer_id").snapshot_date.max().rename("snap")
    stock = stock.join(snap, on="dealer_id")
    per_dealer = stock[stock.snapshot_date == stock.snap].groupby(["dealer_id", "snap"]).on_hand.sum()
    sold = 0.0
    for (dealer, day), _units in per_dealer.items():
        sales = t["dealer_sales"]
        window = (sales.dealer_id == dealer) & (sales.sale_date > day - pd.Timedelta(days=28))
        sold += float(sales[window & (sales.sale_date <= day)].quantity.sum())
    out["dos"] = None if sold == 0 else float(per_dealer.sum()) / (sold / 28)

    onboarding = t["onboarding"][inside(t["onboarding"].received_date)]
    ready = onboarding[onboarding.ready_date.notna()]
    out["ttru"] = mean(days(ready.received_date, ready.ready_date))
    done = onboarding.completed_date.notna() & (
        days(onboarding.received_date, onboarding.completed_date) <= 30
    )
    out["onboarding-completion"] = pct(done.sum(), len(onboarding))

    first = deliveries.groupby("customer_id").delivered_date.min().rename("first").reset_index()
    first = first[inside(first["first"])]
    joined = first.merge(tickets[["customer_id", "opened_at"]], on="customer_id")
    opened = joined.opened_at.dt.normalize()
    for kpi, within, at_least in (("first-week-reinquiry", 7, 1), ("repeat-inquiry-30d", 30, 2)):
        near = joined[(opened >= joined["first"]) & (days(joined["first"], opened) <= within)]
        counts = near.groupby("customer_id").size()
        out[kpi] = pct(first.customer_id.isin(counts[counts >= at_least].index).sum(), len(first))

    opened_in = tickets[inside(tickets.opened_at)]
    issues = opened_in.cause.isin(["usage-conditions", "storage-mixing"]).sum()
    out["noncompliance-issues"] = pct(issues, int(inside(deliveries.delivered_date).sum()))

    answers = survey[inside(survey.date)]
    kind = answers.instrument.str.lower()
    out["initial-support-csat"] = mean(answers[(kind == "csat") & (answers.stage == "onboarding")].score)
    out["csat"] = mean(answers[(kind == "csat") & (answers.stage == "everyday-use")].score)
    nps = answers[kind == "nps"].score
    out["nps"] = None if nps.empty else 100.0 * ((nps >= 9).mean() - (nps <= 6).mean())

    order_days = orders[orders.order_date < e][["customer_id", "order_date"]].drop_duplicates()
    order_days = order_days.sort_values(["customer_id", "order_date"])
    order_days["prev"] = order_days.groupby("customer_id").order_date.shift()
    order_days["rank"] = order_days.groupby("customer_id").cumcount()
    last = order_days.groupby("customer_id").tail(1)
    last = last[(last.order_date >= s) & last.prev.notna()]
    out["reorder-interval"] = mean(days(last.prev, last.order_date))
    second = order_days[(order_days["rank"] == 1) & (order_days.order_date >= s)]
    out["ttfr"] = mean(days(second.prev, second.order_date))

    resolved = opened_in[opened_in.resolved_at.notna()]
    out["inquiry-time"] = mean(days(resolved.opened_at, resolved.resolved_at))
    first_line = resolved[resolved.line == 1]
    out["inquiry-time-1st"] = mean(days(first_line.opened_at, first_line.resolved_at))
    second_line = resolved[resolved.line >= 2]
    out["inquiry-time-2nd"] = mean(days(second_line.opened_at, second_line.resolved_at))
    contacted = resolved[resolved.contacts.notna()]
    out["fcr"] = pct((contacted.contacts == 1).sum(), len(contacted))
    answered = opened_in[opened_in.first_response_at.notna()]
    out["response-lead-time"] = mean(days(answered.opened_at, answered.first_response_at) * 24)
    handed = opened_in[opened_in.handoff_required > 0]
    present = np.minimum(handed.handoff_present.fillna(0), handed.handoff_required)
    out["handoff-completeness"] = pct(present.sum(), handed.handoff_required.sum())
    causes = opened_in.cause.dropna().value_counts().reset_index()
    causes.columns = ["cause", "n"]
    causes = causes.sort_values(["n", "cause"], ascending=[False, True])
    out["cause-distribution"] = pct(causes.n.head(3).sum(), causes.n.sum())

    before_end = orders[orders.order_date < e]
    firsts = before_end.groupby("customer_id").order_date.min()
    in_days = before_end[inside(before_end.order_date)].groupby("customer_id").order_date.nunique()
    new = firsts[firsts >= s]
    out["new-repurchase"] = pct((in_days.reindex(new.index).fillna(0) >= 2).sum(), len(new))
    at_start = customers[
        (customers.created_date < s) & (customers.lost_date.isna() | (customers.lost_date >= s))
    ]
    out["existing-repurchase"] = pct(at_start.customer_id.isin(in_period.customer_id).sum(), len(at_start))
    lost = inside(at_start.lost_date).sum()
    out["churn"] = pct(lost, len(at_start))
    valued = in_period[in_period.amount.notna()]
    buyers = valued.customer_id.nunique()
    churn = lost / len(at_start) if len(at_start) else 0.0
    out["ltv"] = (
        None if buyers == 0 or churn == 0 else float(valued.amount.mean()) * (len(valued) / buyers) / churn
    )
    done_at = time.perf_counter()
    return {"load": loaded - start, "compute": done_at - loaded, "values": out, "skipped": 0}


# --- running each side in its own process ------------------------------------------------------------


def _child(target: str, folder: str, options: dict[str, Any], queue: Any) -> None:
    result = with_cjm(folder, options) if target == "cjm" else with_pandas(folder)
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def measured(target: str, folder: Path, options: dict[str, Any] | None = None) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    start = time.perf_counter()
    process = context.Process(target=_child, args=(target, str(folder), options or {}, queue))
    process.start()
    result: dict[str, Any] = queue.get()
    process.join()
    result["wall"] = time.perf_counter() - start
    return result


def agree(a: dict[str, float | None], b: dict[str, float | None]) -> list[str]:
    wrong = []
    for kpi in sorted(set(a) | set(b)):
        x, y = a.get(kpi), b.get(kpi)
        if (x is None) != (y is None) or (
            x is not None and y is not None and not math.isclose(x, y, rel_tol=1e-6)
        ):
            wrong.append(f"{kpi}: cjm {x} pandas {y}")
    return wrong


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--tickets", type=int, default=2_000_000)
    parser.add_argument(
        "--big", type=int, default=100_000_000, help="orders of the out-of-core run (0: skip)"
    )
    parser.add_argument("--memory-limit", default="4GB", help="DuckDB's limit in the out-of-core run")
    parser.add_argument("--workdir", help="where to write the data (default: a temporary folder)")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="cjm-bench-kpi-", dir=args.workdir))
    try:
        folder = root / "data"
        seconds = make_data(folder, args.orders, args.tickets)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(
            f"data: {args.orders:,} orders, {args.tickets:,} tickets as Parquet, {size:,.0f} MB, "
            f"made in {seconds:.1f} s"
        )

        cjm = measured("cjm", folder)
        pandas = measured("pandas", folder)
        for name, result in (("cjm (DuckDB)", cjm), ("pandas", pandas)):
            total = result["load"] + result["compute"]
            print(
                f"{name:14} load {result['load']:7.2f} s  compute {result['compute']:7.2f} s  "
                f"total {total:7.2f} s  peak memory {result['peak_mb']:7.0f} MB"
            )
        faster = (pandas["load"] + pandas["compute"]) / (cjm["load"] + cjm["compute"])
        print(
            f"cjm is {faster:.1f}x faster than pandas (goal: 10x); "
            f"compute alone {pandas['compute'] / cjm['compute']:.1f}x"
        )
        print(f"cjm peak memory {cjm['peak_mb'] / 1024:.2f} GB (goal: under 4 GB)")
        wrong = agree(cjm["values"], pandas["values"])
        print(f"values agree: {len(cjm['values']) - len(wrong)} of {len(cjm['values'])} KPIs")
        for line in wrong:
            print(f"  differs: {line}")
        shutil.rmtree(folder)

        if args.big:
            big = root / "big"
            seconds = make_data(big, args.big, args.big // 5)
            size = sum(p.stat().st_size for p in big.iterdir()) / 1e9
            print(
                f"out of core: {args.big:,} orders, {args.big // 5:,} tickets as Parquet, {size:.1f} GB, "
                f"made in {seconds:.0f} s"
            )
            spill = root / "spill"
            spill.mkdir()
            result = measured("cjm", big, {"memory_limit": args.memory_limit, "temp_directory": str(spill)})
            print(
                f"cjm (DuckDB, memory limit {args.memory_limit}) load {result['load']:.1f} s  "
                f"compute {result['compute']:.1f} s  total {result['load'] + result['compute']:.1f} s  "
                f"peak memory {result['peak_mb'] / 1024:.2f} GB; {len(result['values'])} KPIs, "
                f"{sum(v is not None for v in result['values'].values())} with a value"
            )
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
