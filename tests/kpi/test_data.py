"""Reading a company's files: missing tables and columns, bad values, mappings, CSV, xlsx and Parquet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cjm.errors import LoadError
from cjm.kpi import Engine, compute, parse_periods, read_data
from cjm.kpi.catalogue import CATALOGUE
from tests.kpi.world import EXPECTED, TABLES, write_world

Q3 = parse_periods("2026Q3")


def _messages(error: LoadError) -> list[str]:
    return [str(f) for f in error.findings]


def test_a_missing_table_leaves_out_only_the_kpis_that_need_it(tmp_path: Path) -> None:
    folder = write_world(tmp_path, drop=("tickets",))
    with read_data(folder) as data:
        results = compute(data, periods=Q3)
    needing = {k.id for k in CATALOGUE if "tickets" in k.reads}
    assert {s.kpi for s in results.skipped} == needing
    assert needing >= {"fcr", "first-week-reinquiry", "noncompliance-issues", "cause-distribution"}
    for skipped in results.skipped:
        assert "'tickets'" in skipped.reason
        assert "tickets.csv" in skipped.reason
    computed = {v.kpi for v in results.values}
    assert computed == set(EXPECTED) - needing
    otd = results.value("otd-dealer")
    assert otd is not None
    assert otd.value == 60.0


def test_a_missing_optional_column_leaves_out_only_its_kpi(tmp_path: Path) -> None:
    folder = write_world(tmp_path, drop_columns={"orders": "first_pass"})
    with read_data(folder) as data:
        assert data.missing_columns["orders"] == ("first_pass", "product")
        results = compute(data, periods=Q3)
    assert [s.kpi for s in results.skipped] == ["order-accuracy"]
    assert results.skipped[0].reason == "needs the column orders.first_pass (orders.csv has no such column)"


def test_a_missing_required_column_is_an_error_naming_table_column_and_file(tmp_path: Path) -> None:
    folder = write_world(tmp_path, drop_columns={"orders": "order_date", "tickets": "opened_at"})
    with pytest.raises(LoadError) as caught:
        read_data(folder)
    messages = _messages(caught.value)
    assert len(messages) == 2  # every problem at once
    orders = next(m for m in messages if "orders.csv" in m)
    assert "table 'orders': required column 'order_date' is missing" in orders
    assert str(folder / "orders.csv") in orders
    assert any("table 'tickets': required column 'opened_at'" in m for m in messages)


def _bad_orders(folder: Path) -> None:
    path = folder / "orders.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("2026-07-05", "2026-07-32")  # O3's order date
    lines[5] = lines[5].replace(",4000,", ",4천,")  # O5's amount
    lines[8] = lines[8].replace(",false,false", ",maybe,false")  # O8's first_pass
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_malformed_values_are_errors_naming_table_column_file_and_line(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    _bad_orders(folder)
    with pytest.raises(LoadError) as caught:
        read_data(folder)
    messages = _messages(caught.value)
    assert len(messages) == 3
    joined = "\n".join(messages)
    assert (
        "table 'orders', column 'order_date': 1 value(s) not a date (2026-07-01): '2026-07-32' at line 4"
        in joined
    )
    assert "column 'amount': 1 value(s) not a number: '4천' at line 6" in joined
    assert "column 'first_pass': 1 value(s) not a flag" in joined
    assert "'maybe' at line 9" in joined
    assert all(str(folder / "orders.csv") in m for m in messages)


def test_malformed_values_are_found_alike_on_spark(tmp_path: Path, spark: Engine) -> None:
    folder = write_world(tmp_path)
    _bad_orders(folder)
    with pytest.raises(LoadError) as caught:
        read_data(folder, engine=spark)
    joined = "\n".join(_messages(caught.value))
    assert "'2026-07-32' at line 4" in joined
    assert "'4천' at line 6" in joined
    assert "'maybe' at line 9" in joined


def test_a_row_with_too_many_cells_names_its_line(tmp_path: Path, spark: Engine) -> None:
    folder = write_world(tmp_path)
    (folder / "leads.csv").write_text(
        "lead_id,created_date\nL1,2026-07-01\nL2,2026-07-02\nL3,2026-07-02,extra,cells\n", encoding="utf-8"
    )
    with pytest.raises(LoadError) as caught:
        read_data(folder)
    (message,) = _messages(caught.value)
    assert "leads.csv" in message
    assert "table 'leads': the CSV file cannot be read: Invalid Input Error: CSV Error on Line: 4" in message
    assert "Expected Number of Columns: 2 Found: 3" in message
    with pytest.raises(LoadError) as on_spark:
        read_data(folder, engine=spark)
    (message,) = _messages(on_spark.value)
    assert "table 'leads': the CSV file cannot be read:" in message
    assert "Malformed CSV record: L3,2026-07-02,extra,cells" in message


def test_a_header_with_a_name_twice(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    (folder / "leads.csv").write_text("lead_id,created_date,lead_id\nL1,2026-07-01,L9\n", encoding="utf-8")
    with pytest.raises(LoadError, match="the header names 'lead_id' more than once"):
        read_data(folder)


def test_survey_answers_off_the_scale_are_errors(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    path = folder / "survey_responses.csv"
    text = path.read_text(encoding="utf-8").replace("repurchase,nps,10,", "repurchase,nps,11,")
    path.write_text(text.replace("problem,ces,3,", "problem,star,3,"), encoding="utf-8")
    with pytest.raises(LoadError) as caught:
        read_data(folder)
    joined = "\n".join(_messages(caught.value))
    assert (
        "column 'score': 1 value(s) not on the instrument's scale (NPS 0–10, CSAT 1–5, CES 1–7): '11'"
        in joined
    )
    assert "column 'instrument': 1 value(s) not nps, csat or ces: 'star'" in joined


def test_the_company_s_own_headers_and_values_through_a_mapping(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    path = folder / "tickets.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = (
        lines[0].replace("ticket_id", "문의번호").replace("opened_at", "접수일시").replace("cause", "원인")
    )
    body = (
        "\n".join(lines[1:])
        .replace("storage-mixing", "보관·혼합 오류")
        .replace("usage-conditions", "사용 조건")
    )
    path.write_text(header + "\n" + body + "\n", encoding="utf-8")
    (folder / "mapping.yaml").write_text(
        "tickets:\n"
        "  columns: {ticket_id: 문의번호, opened_at: 접수일시, cause: 원인}\n"
        "  values:\n"
        "    cause: {보관·혼합 오류: storage-mixing, 사용 조건: usage-conditions}\n",
        encoding="utf-8",
    )
    with read_data(folder) as data:
        results = compute(data, periods=Q3)
    for kpi_id in ("noncompliance-issues", "cause-distribution", "fcr"):
        record = results.value(kpi_id)
        assert record is not None
        assert record.value == pytest.approx(EXPECTED[kpi_id][0])


def test_mapping_problems_are_reported_together(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    (folder / "mapping.yaml").write_text(
        "order:\n  columns: {order_id: 주문번호}\n"
        "orders:\n  columns: {order_no: 주문번호, order_date: 주문일자}\n  colour: red\n",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as caught:
        read_data(folder)
    joined = "\n".join(_messages(caught.value))
    assert "no table 'order'" in joined
    assert "table 'orders' has no column 'order_no'" in joined
    assert "unknown setting(s) colour" in joined


def test_a_mapping_naming_a_header_the_file_lacks(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    (folder / "mapping.yaml").write_text("orders:\n  columns: {order_date: 주문일자}\n", encoding="utf-8")
    with pytest.raises(
        LoadError, match="the mapping names the header '주문일자', which the file does not have"
    ):
        read_data(folder)


def test_two_files_for_one_table_are_refused(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    (folder / "orders.parquet").write_bytes(b"")
    with pytest.raises(LoadError, match=r"table 'orders' has 2 files \(orders.parquet, orders.csv\)"):
        read_data(folder)


def test_a_csv_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    path = folder / "leads.csv"
    path.write_bytes("lead_id,created_date,source\nL1,2026-07-01,학회\n".encode("cp949"))
    with pytest.raises(LoadError, match="is not UTF-8; save the file as CSV UTF-8"):
        read_data(folder)


def test_dates_flags_and_numbers_as_people_write_them(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "orders.csv").write_text(
        "\ufefforder_id,customer_id,order_date,promised_date,delivered_date,first_pass,amount\n"
        'O1,C1, 2026/7/5 ,2026.07.10,2026-07-09 18:30,예,"1,200"\n'
        "O2,C1,2026-07-06,2026-07-10,,아니오,3.5\n"
        "O3,C2,2026-07-07T09:00:00,2026-07-10,2026-07-12,Y,\n",
        encoding="utf-8",
    )
    with read_data(folder) as data:
        rows = data.table("orders").order_by("order_id").to_pyarrow().to_pylist()
    assert [r["order_date"] for r in rows] == [dt.date(2026, 7, 5), dt.date(2026, 7, 6), dt.date(2026, 7, 7)]
    assert rows[0]["promised_date"] == dt.date(2026, 7, 10)
    assert rows[0]["delivered_date"] == dt.date(2026, 7, 9)
    assert [r["first_pass"] for r in rows] == [True, False, True]
    assert [r["amount"] for r in rows] == [1200.0, 3.5, None]


def test_xlsx_with_a_sheet_named_in_the_mapping_and_cells_in_errors(tmp_path: Path) -> None:
    folder = write_world(tmp_path, drop=("orders",))
    book = openpyxl.Workbook()
    book.active.title = "표지"
    sheet = book.create_sheet("주문")
    header, rows = TABLES["orders"]
    sheet.append(["주문번호", *header[1:]])
    for row in rows:
        values: list[object] = [row[0], row[1], row[2], dt.date.fromisoformat(row[3]), float(row[4])]
        values += [dt.date.fromisoformat(v) if v else None for v in row[5:7]]
        values += [{"true": True, "false": False}.get(v) for v in row[7:]]
        sheet.append(values)
    book.save(folder / "주문내역.xlsx")
    (folder / "mapping.yaml").write_text(
        "orders:\n  file: 주문내역.xlsx\n  sheet: 주문\n  columns: {order_id: 주문번호}\n", encoding="utf-8"
    )
    with read_data(folder) as data:
        assert data.sources["orders"].name == "주문내역.xlsx [주문]"
        results = compute(data, periods=Q3)
    for kpi_id in ("otd-dealer", "order-accuracy", "ltv", "reorder-interval"):
        record = results.value(kpi_id)
        assert record is not None, kpi_id
        assert record.value == pytest.approx(EXPECTED[kpi_id][0]), kpi_id
    sheet["E4"] = "삼천"
    sheet["D7"] = "내일"
    book.save(folder / "주문내역.xlsx")
    with pytest.raises(LoadError) as caught:
        read_data(folder)
    joined = "\n".join(_messages(caught.value))
    assert "'삼천' at 주문!E4" in joined
    assert "'내일' at 주문!D7" in joined
    assert "주문내역.xlsx [주문]" in joined


def test_parquet_with_its_own_types_and_numeric_ids(tmp_path: Path) -> None:
    folder = write_world(tmp_path, drop=("orders",))
    header, rows = TABLES["orders"]
    columns = list(zip(*rows, strict=True))
    table = pa.table(
        {
            "order_id": pa.array([int(v[1:]) for v in columns[0]], pa.int64()),
            "customer_id": pa.array(columns[1]),
            "dealer_id": pa.array(columns[2]),
            "order_date": pa.array([dt.date.fromisoformat(v) for v in columns[3]], pa.date32()),
            "amount": pa.array([int(v) for v in columns[4]], pa.int32()),
            "promised_date": pa.array([dt.datetime.fromisoformat(v) for v in columns[5]], pa.timestamp("us")),
            "delivered_date": pa.array(
                [dt.date.fromisoformat(v) if v else None for v in columns[6]], pa.date32()
            ),
            "first_pass": pa.array([{"true": True, "false": False}.get(v) for v in columns[7]], pa.bool_()),
            "rejected": pa.array([1 if v == "true" else 0 for v in columns[8]], pa.int8()),
        }
    )
    assert list(header) == table.column_names
    pq.write_table(table, folder / "orders.parquet")
    with read_data(folder) as data:
        # quotes.csv holds order ids as text; an id column has one type across tables, so these become text.
        assert data.table("orders")["order_id"].type().is_string()
        assert data.table("orders")["order_date"].type().is_date()
        results = compute(data, periods=Q3)
    for kpi_id in ("otd-dealer", "order-accuracy", "order-rejection", "ltv", "qto"):
        record = results.value(kpi_id)
        assert record is not None, kpi_id
        assert record.value == pytest.approx(EXPECTED[kpi_id][0]), kpi_id


def test_parquet_of_the_wrong_type_names_the_column(tmp_path: Path) -> None:
    folder = write_world(tmp_path, drop=("leads",))
    pq.write_table(
        pa.table({"lead_id": ["L1"], "created_date": pa.array([1.5], pa.float64())}), folder / "leads.parquet"
    )
    with pytest.raises(
        LoadError, match=r"table 'leads', column 'created_date': the file stores float64 where date"
    ):
        read_data(folder)


def test_an_empty_file_and_a_missing_folder(tmp_path: Path) -> None:
    folder = write_world(tmp_path)
    (folder / "leads.csv").write_text("", encoding="utf-8")
    with pytest.raises(LoadError, match="the file is empty; expected a header row"):
        read_data(folder)
    with pytest.raises(LoadError, match="no such folder"):
        read_data(tmp_path / "nowhere")


def test_spans_and_missing_tables(world_dir: Path) -> None:
    with read_data(world_dir) as data:
        assert data.missing_tables == ()
        assert data.span("orders") == (dt.date(2025, 1, 10), dt.date(2026, 9, 20))
        assert data.span("dealers") is None
        assert data.first_and_last_day() == (dt.date(2025, 1, 10), dt.date(2026, 10, 5))
