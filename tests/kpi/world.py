"""A small company whose every KPI for 2026Q3 was worked out by hand (see EXPECTED).

Two dealers (D1, D2; D3 only holds stock), five hospitals.  The period is
2026Q3 = 2026-07-01 .. 2026-09-30; rows just outside it (06-30, 10-01) test
the edges.  Each table is written as CSV by :func:`write_world`; tests drop
tables or columns to see what happens.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

TABLES: dict[str, tuple[Sequence[str], Sequence[Sequence[str]]]] = {
    "dealers": (("dealer_id", "name"), (("D1", "가딜러"), ("D2", "나딜러"), ("D3", "다딜러"))),
    "customers": (
        ("customer_id", "dealer_id", "created_date", "lost_date"),
        (
            ("C1", "D1", "2025-01-10", ""),
            ("C2", "D1", "2026-03-05", "2026-08-15"),
            ("C3", "D2", "2026-07-10", ""),
            ("C4", "D2", "2026-08-01", ""),
            ("C5", "D2", "2025-06-01", "2026-05-01"),
        ),
    ),
    "leads": (
        ("lead_id", "created_date", "dealer_id"),
        (
            ("L1", "2026-07-01", "D1"),
            ("L2", "2026-09-30", "D2"),
            ("L3", "2026-10-01", "D1"),
            ("L4", "2026-02-01", "D1"),
        ),
    ),
    "information_items": (
        ("item_id", "audit_date", "in_sales", "in_training", "in_portal", "dealer_id"),
        (
            ("I1", "2026-06-30", "yes", "yes", "no", "D1"),
            ("I1", "2026-07-31", "yes", "yes", "yes", "D1"),
            ("I2", "2026-07-31", "yes", "no", "yes", "D1"),
            ("I1", "2026-07-31", "yes", "yes", "yes", "D2"),
            ("I2", "2026-07-31", "yes", "yes", "yes", "D2"),
            ("I1", "2026-09-30", "yes", "yes", "yes", "D1"),
            ("I2", "2026-09-30", "yes", "yes", "yes", "D1"),
            ("I1", "2026-09-30", "yes", "yes", "no", "D2"),
        ),
    ),
    "portal_sessions": (
        ("session_id", "customer_id", "started_at"),
        (
            ("S1", "C1", "2026-07-05 10:00"),
            ("S2", "C1", "2026-08-01 11:00"),
            ("S3", "C3", "2026-09-30 23:59"),
            ("S4", "C4", "2026-10-01 00:00"),
            ("S5", "C2", "2026-06-30 23:59"),
        ),
    ),
    "quotes": (
        ("quote_id", "quote_date", "order_id", "dealer_id"),
        (
            ("Q1", "2026-07-01", "O3", "D1"),
            ("Q2", "2026-07-15", "", "D1"),
            ("Q3", "2026-09-30", "O7", "D2"),
            ("Q4", "2026-10-01", "", "D2"),
            ("Q5", "2026-06-30", "O2", "D1"),
        ),
    ),
    "orders": (
        (
            "order_id",
            "customer_id",
            "dealer_id",
            "order_date",
            "amount",
            "promised_date",
            "delivered_date",
            "first_pass",
            "rejected",
        ),
        (
            ("O1", "C1", "D1", "2025-01-10", "1000", "2025-01-15", "2025-01-15", "true", "false"),
            ("O2", "C1", "D1", "2026-06-20", "2000", "2026-06-25", "2026-06-24", "true", "false"),
            ("O3", "C1", "D1", "2026-07-05", "3000", "2026-07-10", "2026-07-10", "true", "false"),
            ("O4", "C1", "D1", "2026-08-04", "1000", "2026-08-09", "2026-08-12", "false", "true"),
            ("O5", "C3", "D2", "2026-07-10", "4000", "2026-07-15", "2026-07-14", "true", "false"),
            ("O6", "C3", "D2", "2026-07-10", "1000", "2026-07-15", "", "", "false"),
            ("O7", "C3", "D2", "2026-09-20", "2000", "2026-10-02", "2026-10-01", "true", "false"),
            ("O8", "C4", "D2", "2026-08-01", "5000", "2026-08-05", "2026-08-05", "false", "false"),
            ("O9", "C2", "D1", "2026-03-05", "1500", "2026-03-10", "2026-03-09", "true", "false"),
        ),
    ),
    "deliveries": (
        ("delivery_id", "customer_id", "dealer_id", "delivered_date"),
        (
            ("V1", "C1", "D1", "2025-01-20"),
            ("V2", "C1", "D1", "2026-07-12"),
            ("V3", "C3", "D2", "2026-07-16"),
            ("V4", "C4", "D2", "2026-08-08"),
            ("V5", "C4", "D2", "2026-08-20"),
            ("V6", "C2", "D1", "2026-03-12"),
        ),
    ),
    "inventory": (
        ("dealer_id", "snapshot_date", "on_hand", "product"),
        (
            ("D1", "2026-09-28", "100", "P1"),
            ("D1", "2026-09-28", "40", "P2"),
            ("D1", "2026-09-21", "500", "P1"),
            ("D2", "2026-09-30", "30", "P1"),
            ("D2", "2026-10-05", "999", "P1"),
            ("D3", "2026-09-30", "10", "P1"),
        ),
    ),
    "dealer_sales": (
        ("dealer_id", "sale_date", "quantity"),
        (
            ("D1", "2026-08-31", "1000"),
            ("D1", "2026-09-01", "28"),
            ("D1", "2026-09-28", "28"),
            ("D2", "2026-09-15", "14"),
            ("D2", "2026-10-01", "100"),
        ),
    ),
    "onboarding": (
        ("customer_id", "dealer_id", "received_date", "ready_date", "completed_date"),
        (
            ("C3", "D2", "2026-07-16", "2026-07-18", "2026-08-10"),
            ("C4", "D2", "2026-08-08", "2026-08-13", ""),
            ("C2", "D1", "2026-03-12", "2026-03-13", "2026-03-20"),
            ("C1", "D1", "2026-09-25", "", "2026-10-30"),
        ),
    ),
    "tickets": (
        (
            "ticket_id",
            "customer_id",
            "dealer_id",
            "opened_at",
            "first_response_at",
            "resolved_at",
            "contacts",
            "line",
            "cause",
            "handoff_required",
            "handoff_present",
        ),
        (
            (
                "T1",
                "C3",
                "D2",
                "2026-07-20 10:00",
                "2026-07-20 14:00",
                "2026-07-22 10:00",
                "1",
                "1",
                "usage-conditions",
                "",
                "",
            ),
            (
                "T2",
                "C3",
                "D2",
                "2026-08-10 09:00",
                "2026-08-10 10:30",
                "2026-08-13 21:00",
                "2",
                "1",
                "quality",
                "",
                "",
            ),
            (
                "T3",
                "C4",
                "D2",
                "2026-08-16 09:00",
                "2026-08-17 09:00",
                "2026-10-15 09:00",
                "3",
                "2",
                "storage-mixing",
                "8",
                "6",
            ),
            ("T4", "C4", "D2", "2026-08-07 08:00", "", "", "", "1", "", "", ""),
            (
                "T5",
                "C1",
                "D1",
                "2026-09-01 12:00",
                "2026-09-01 12:30",
                "2026-09-01 18:00",
                "1",
                "1",
                "quality",
                "",
                "",
            ),
            (
                "T6",
                "C1",
                "D1",
                "2026-09-30 23:00",
                "2026-10-01 01:00",
                "2026-10-05 23:00",
                "1",
                "2",
                "spec-change",
                "8",
                "8",
            ),
            (
                "T7",
                "C2",
                "D1",
                "2026-06-30 23:30",
                "2026-07-01 09:00",
                "2026-07-02 09:00",
                "1",
                "1",
                "quality",
                "",
                "",
            ),
            ("T8", "C1", "D1", "2026-10-01 00:00", "", "", "", "1", "quality", "", ""),
        ),
    ),
    "survey_responses": (
        ("respondent", "date", "stage", "instrument", "score", "dealer_id"),
        (
            ("R1", "2026-07-03", "onboarding", "csat", "4", "D2"),
            ("R2", "2026-08-03", "onboarding", "csat", "5", "D1"),
            ("R3", "2026-09-03", "onboarding", "csat", "2", "D2"),
            ("R4", "2026-07-10", "everyday-use", "csat", "3", "D1"),
            ("R5", "2026-07-11", "everyday-use", "CSAT", "4", "D2"),
            ("R6", "2026-06-30", "everyday-use", "csat", "1", "D1"),
            ("N1", "2026-08-01", "repurchase", "nps", "10", "D1"),
            ("N2", "2026-08-02", "repurchase", "nps", "9", "D1"),
            ("N3", "2026-08-03", "repurchase", "nps", "8", "D1"),
            ("N4", "2026-08-04", "repurchase", "nps", "6", "D2"),
            ("N5", "2026-08-05", "repurchase", "nps", "0", "D2"),
            ("N6", "2026-08-06", "repurchase", "nps", "9", "D2"),
            ("R7", "2026-07-05", "problem", "ces", "3", "D1"),
        ),
    ),
    "events": (
        ("customer_id", "at", "stage", "touchpoint"),
        (
            ("C1", "2026-01-01 09:00", "awareness", "학회"),
            ("C1", "2026-01-03 09:00", "awareness", "논문"),
            ("C1", "2026-01-11 09:00", "", "제품 브로셔"),
            ("C1", "2026-01-21 09:00", "onboarding", "제품 데모 시연"),
            ("C2", "2026-02-01 09:00", "awareness", "학회"),
            ("C2", "2026-02-05 09:00", "evaluation", "카카오톡 채널"),
            ("C2", "2026-02-06 09:00", "evaluation", "카카오톡 채널"),
            ("C3", "2026-03-01 09:00", "awareness", "유통 파트너 영업사원"),
            ("C4", "2026-03-01 09:00", "awareness", "학회"),
            ("C4", "2026-03-05 09:00", "evaluation", "카카오톡 채널"),
            ("C4", "2026-03-07 09:00", "evaluation", "제품 브로셔"),
            ("C4", "2026-03-09 09:00", "everyday-use", "초기 사용 교육"),
            ("C4", "2026-03-10 09:00", "pilot", ""),
            ("C3", "2026-03-02 09:00", "", "팩스"),
        ),
    ),
}

#: Every KPI for 2026Q3: overall, then per dealer (None: no value — nothing to divide by, or no rows).
EXPECTED: dict[str, tuple[float | None, Mapping[str, float | None]]] = {
    # active in Q3: C1, C2 (D1), C3, C4 (D2); portal users in Q3: C1, C3
    # (S3 at 09-30 23:59 counts, S4 at 10-01 00:00 does not)
    "portal-usage": (50.0, {"D1": 50.0, "D2": 50.0}),
    # newest audit per item and dealer in Q3: D1 I1 and I2 complete (09-30);
    # D2 I1 not (09-30), I2 complete (07-31)
    "info-completeness": (75.0, {"D1": 100.0, "D2": 50.0}),
    "new-leads": (2.0, {"D1": 1.0, "D2": 1.0}),
    # quotes in Q3: Q1 (O3), Q2 (none), Q3 (O7)
    "qto": (200 / 3, {"D1": 50.0, "D2": 100.0}),
    # first_pass known in Q3: O3 T, O4 F, O5 T, O7 T, O8 F (O6 unknown)
    "order-accuracy": (60.0, {"D1": 50.0, "D2": 200 / 3}),
    "order-rejection": (100 / 6, {"D1": 50.0, "D2": 0.0}),
    # promised in Q3: O3 on time, O4 late, O5 on time, O6 undelivered, O8 on time
    "otd-dealer": (60.0, {"D1": 50.0, "D2": 200 / 3}),
    # D1: 140 units / (56 units in (08-31, 09-28] / 28); D2: 30 / (14 / 28); D3: stock but no sales
    "dos": (180 / 2.5, {"D1": 70.0, "D2": 60.0, "D3": None}),
    # received in Q3 and ready: C3 2 days, C4 5 days (C1 not ready yet)
    "ttru": (3.5, {"D2": 3.5}),
    # received in Q3: C3 done in 25 days, C4 not done, C1 done after 35 days
    "onboarding-completion": (100 / 3, {"D1": 0.0, "D2": 50.0}),
    # first supplied in Q3: C3 (07-16, ticket 07-20: yes),
    # C4 (08-08, tickets 08-07 before it and 08-16 after 8 days: no)
    "first-week-reinquiry": (50.0, {"D2": 50.0}),
    # T1 usage-conditions and T3 storage-mixing / 4 deliveries in Q3
    "noncompliance-issues": (50.0, {"D1": 0.0, "D2": 200 / 3}),
    "initial-support-csat": (11 / 3, {"D1": 5.0, "D2": 3.0}),
    # C3: T1 (4 days) and T2 (25 days) within 30 days; C4: only T3 (8 days)
    "repeat-inquiry-30d": (50.0, {"D2": 50.0}),
    # C1: 08-04 − 07-05 = 30; C3: 09-20 − 07-10 = 72 (two orders on 07-10 are one order day)
    "reorder-interval": (51.0, {"D1": 30.0, "D2": 72.0}),
    # first reorders in Q3: only C3 (07-10 -> 09-20); C1's was 2026-06-20
    "ttfr": (72.0, {"D2": 72.0}),
    # opened in Q3 and resolved: T1 2, T2 3.5, T3 60, T5 0.25, T6 5 days
    "inquiry-time": (70.75 / 5, {"D1": 2.625, "D2": 65.5 / 3}),
    "inquiry-time-1st": (5.75 / 3, {"D1": 0.25, "D2": 2.75}),
    "inquiry-time-2nd": (32.5, {"D1": 5.0, "D2": 60.0}),
    "csat": (3.5, {"D1": 3.0, "D2": 4.0}),
    # promoters 10, 9, 9; detractors 6, 0; passive 8
    "nps": (100 / 6, {"D1": 200 / 3, "D2": -100 / 3}),
    # resolved with contacts: T1 1, T2 2, T3 3, T5 1, T6 1
    "fcr": (60.0, {"D1": 100.0, "D2": 100 / 3}),
    # first response: T1 4 h, T2 1.5 h, T3 24 h, T5 0.5 h, T6 2 h
    "response-lead-time": (6.4, {"D1": 1.25, "D2": 29.5 / 3}),
    "handoff-completeness": (87.5, {"D1": 100.0, "D2": 75.0}),
    # quality 2, spec-change 1, storage-mixing 1, usage-conditions 1: top three 4 of 5
    "cause-distribution": (80.0, {"D1": 100.0, "D2": 100.0}),
    # first order in Q3: C3 (reordered 09-20), C4 (no)
    "new-repurchase": (50.0, {"D2": 50.0}),
    # at Q3 start: C1, C2 (C5 lost in May; C3, C4 came later); C1 ordered in Q3; D2 had nobody at the start
    "existing-repurchase": (50.0, {"D1": 50.0, "D2": None}),
    "churn": (50.0, {"D1": 50.0, "D2": None}),
    # mean order 16000 / 6 × 6 orders / 3 buyers / 0.5 churn; D1: 2000 × 2 / 0.5; D2: no churn base
    "ltv": (16000 / 6 * 2 / 0.5, {"D1": 8000.0, "D2": None}),
}

#: The n (records the value rests on) of some KPIs, overall.
EXPECTED_N = {
    "portal-usage": 4,
    "qto": 3,
    "order-accuracy": 5,
    "otd-dealer": 5,
    "noncompliance-issues": 4,
    "fcr": 5,
    "cause-distribution": 5,
    "churn": 2,
    "nps": 6,
}


def write_world(
    folder: Path, drop: Sequence[str] = (), drop_columns: Mapping[str, str] | None = None
) -> Path:
    """Write the tables as CSV to ``folder`` (leaving out ``drop`` tables and ``drop_columns``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, (header, rows) in TABLES.items():
        if name in drop:
            continue
        keep = [i for i, h in enumerate(header) if (drop_columns or {}).get(name) != h]
        lines = [",".join(header[i] for i in keep)]
        lines += [",".join(row[i] for i in keep) for row in rows]
        (folder / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
