"""Build a journey in a Python script, check it, and export it through the registry.

Run:  python examples/build_in_code.py [OUTPUT_DIR]      (default: out/)
"""

from __future__ import annotations

import sys
from pathlib import Path

import cjm


def build() -> cjm.Journey:
    """A support-desk journey for a retail chain (seed 002's setting), in English."""
    b = cjm.JourneyBuilder(
        id="support-desk",
        title="Store staff asking the support desk for help",
        language="en",
        description="How a store employee gets a POS problem solved, from first symptom to fix.",
    )
    b.persona(
        cjm.Persona(
            id="store-lead",
            name="Mina, store shift lead",
            role="Runs the tills on the evening shift",
            goals=["Keep the queue moving"],
            frustrations=["Has to explain the problem three times"],
            quote="I just need the till to work before the rush.",
        )
    )
    for stage_id, name in [
        ("notice", "Notice a problem"),
        ("ask", "Ask for help"),
        ("fixed", "Get it fixed"),
    ]:
        b.stage(stage_id, name)
    b.lane("channels", "Touchpoints", kind="touchpoints", layer="physical_evidence")
    b.lane("staff", "Store staff", kind="actions", actor="end_user", layer="customer")
    b.lane("desk", "Support desk", kind="actions", actor="support desk", layer="frontstage")
    b.lane("mot", "Moment of Truth", kind="moment_of_truth")
    b.lane("pains", "Pain points", kind="pain_points")
    b.lane("kpis", "Current metrics", kind="metrics")
    b.lane("ideas", "Opportunities", kind="opportunities")
    b.add("notice", "channels", "POS error screen")
    b.add("notice", "staff", "Restarts the till", label="fact", evidence=["ev-obs-1"], id="restart")
    b.add("ask", "channels", "Phone hotline")
    b.add("ask", "staff", "Calls the hotline and waits")
    b.add("ask", "desk", "Logs a ticket, asks for the store code")
    b.add("fixed", "desk", "Remote reset of the payment terminal")
    b.pain_point("pp-repeat", "ask", "Explains the problem again at each transfer", severity=4, frequency=4)
    b.opportunity(
        "op-context",
        "Pass the ticket with its history on every transfer",
        stage="ask",
        addresses=["pp-repeat"],
        value=5,
        effort=2,
        owner="Support operations",
        quick_fix=True,
    )
    b.metric(
        cjm.Metric(
            id="fcr",
            name="First contact resolution",
            short="FCR",
            stage="ask",
            definition="Share of tickets solved at the first contact",
            unit="%",
            direction="higher",
            baseline=cjm.Baseline(value=58, source="ticket system, Q3"),
            target=75,
        )
    )
    b.moment_of_truth("ask", "fcr", note="The call decides whether the evening is saved")
    b.emotion("notice", -1).emotion("ask", -2, note="on hold").emotion("fixed", 1)
    b.evidence(
        cjm.Evidence(
            id="ev-obs-1",
            method="observation",
            source_role="end_user",
            organisation="Store 14",
            kind="memo",
            summary="Saw two restarts before anyone called",
            supports=["restart"],
        )
    )
    return b.build()


def main(out: Path) -> None:
    journey = cjm.ensure_valid(build())
    out.mkdir(parents=True, exist_ok=True)
    for fmt, name in [
        ("yaml", "support-desk.yaml"),
        ("markdown", "support-desk.md"),
        ("mermaid", "support-desk.mmd"),
    ]:
        path = cjm.export(journey, fmt, out / name)
        print(f"wrote {path}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("out"))
