"""A company's records, read from a data folder into typed tables on an engine.

Each table of :data:`~cjm.kpi.schema.SCHEMA` is one file in the folder, named
after the table: ``orders.csv``, ``orders.parquet`` (a file or a folder of
Parquet files) or ``orders.xlsx``.  A ``mapping.yaml`` beside them (or given
explicitly) says where a company's own export differs::

    orders:
      file: 주문내역.xlsx          # another file name (relative to the folder)
      sheet: 주문                 # the sheet of a workbook (default: the table's name, else the first)
      columns:                   # cjm's column: the header in the file
        order_id: 주문번호
        order_date: 주문일자
    tickets:
      values:                    # cjm's column: {value in the file: value cjm uses}
        cause: {보관·혼합 오류: storage-mixing, 사용 조건: usage-conditions}

Reading checks everything before any KPI runs and reports every problem at
once in one :class:`~cjm.errors.LoadError`, each naming the table, the column
and the file (and, for a bad value, the line or cell): a required column that
is missing, a mapping that names a header the file lacks, a value that is not
of the column's type.  A table without a file is not an error; the KPIs that
need it are left out (see :mod:`cjm.kpi.compute`).

Text from CSV and xlsx is parsed by the same ibis expressions on every
engine, so DuckDB and Spark accept and refuse the same values.  Parquet
columns that already have the right type are used as they are, without a
copy, so a large Parquet dataset is scanned straight from disk.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

from cjm.errors import LoadError
from cjm.kpi.engine import Engine, connect, ibis_module, quiet, require, rows
from cjm.kpi.schema import SCHEMA, Column, ColumnType, Schema, TableSpec
from cjm.validate import Finding

__all__ = ["MAPPING_FILE", "Dataset", "Source", "TableMapping", "read_data", "read_mapping"]

#: The mapping file looked for in a data folder.
MAPPING_FILE = "mapping.yaml"

#: File formats, by suffix, in the order a folder is searched.
FORMATS = {".parquet": "parquet", ".csv": "csv", ".xlsx": "xlsx"}

#: Bad values listed per column in an error (the count of the rest follows).
MAX_EXAMPLES = 5

#: Bytes of a CSV file checked to be UTF-8 before it is read.
_SNIFF_BYTES = 1 << 20

_TRUE = ("true", "t", "yes", "y", "1", "예", "o", "네")
_FALSE = ("false", "f", "no", "n", "0", "아니오", "아니요", "x")
_DATE = r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
_DATETIME = _DATE + r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?$"
_INTEGER = r"^[+-]?\d+(?:\.0*)?$"
_NUMBER = r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$"
_ROW = "__row"


@attrs.frozen(kw_only=True)
class TableMapping:
    """How one table's file differs from cjm's names (a section of ``mapping.yaml``)."""

    file: str | None = None
    sheet: str | None = None
    #: cjm's column name -> the header in the file.
    columns: Mapping[str, str] = attrs.field(factory=dict)
    #: cjm's column name -> {value in the file: value cjm uses}.
    values: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class Source:
    """The file a table was read from."""

    table: str
    path: Path
    format: str
    sheet: str | None = None

    def __str__(self) -> str:
        return f"{self.path} [{self.sheet}]" if self.sheet else str(self.path)

    @property
    def name(self) -> str:
        """The file name (with the sheet for a workbook), as results cite it."""
        return f"{self.path.name} [{self.sheet}]" if self.sheet else self.path.name


@attrs.define
class Dataset:
    """Typed tables on an engine, and where each came from.

    ``tables`` maps a table name to an ibis table whose columns carry cjm's
    names and types.  ``missing_tables`` had no file; ``empty_tables`` had a
    file with a header and no rows (left out of ``tables``: their KPIs have no
    value); ``missing_columns`` lists the optional columns a file lacked.  Close the dataset (or use it as
    a context manager) to close its engine.
    """

    engine: Engine
    schema: Schema
    folder: Path | None
    tables: dict[str, Any]
    sources: dict[str, Source]
    missing_tables: tuple[str, ...] = ()
    missing_columns: dict[str, tuple[str, ...]] = attrs.field(factory=dict)
    _spans: dict[str, tuple[dt.date, dt.date] | None] = attrs.field(factory=dict)
    empty_tables: tuple[str, ...] = ()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the engine."""
        self.engine.close()

    def has(self, table: str, column: str | None = None) -> bool:
        """True if the table was read (and has ``column``, if given)."""
        if table not in self.tables:
            return False
        return column is None or column in self.tables[table].columns

    def table(self, name: str) -> Any:
        """The typed ibis table; ``KeyError`` naming the file to add if it was not read."""
        try:
            return self.tables[name]
        except KeyError:
            raise KeyError(f"no {name!r} table: add {name}.csv, {name}.parquet or {name}.xlsx") from None

    def span(self, name: str) -> tuple[dt.date, dt.date] | None:
        """First and last day of a table's time column (None: empty, absent, or not time-bound)."""
        if name not in self._spans:
            spec = self.schema.table(name)
            if name not in self.tables or spec.time_column is None:
                self._spans[name] = None
            else:
                column = self.tables[name][spec.time_column]
                if spec.column(spec.time_column).type is ColumnType.TIMESTAMP:
                    column = column.date()
                row = rows(self.tables[name].aggregate(first=column.min(), last=column.max()))[0]
                first, last = row["first"], row["last"]
                self._spans[name] = None if first is None else (_as_date(first), _as_date(last))
        return self._spans[name]

    def first_and_last_day(self) -> tuple[dt.date, dt.date] | None:
        """The span of all time-bound tables together (None if there is no dated row)."""
        spans = [s for s in (self.span(name) for name in self.tables) if s is not None]
        if not spans:
            return None
        return min(s[0] for s in spans), max(s[1] for s in spans)


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


# --- the mapping file -----------------------------------------------------------------


def read_mapping(path: str | os.PathLike[str], schema: Schema = SCHEMA) -> dict[str, TableMapping]:
    """Read a ``mapping.yaml``; every problem at once in a :class:`LoadError`."""
    name = str(path)
    try:
        with open(path, encoding="utf-8-sig") as stream:
            document = yaml.safe_load(stream)
    except yaml.YAMLError as exc:
        raise LoadError(
            f"{name}: not a YAML file", [Finding(rule="kpi-mapping", source=name, message=str(exc))]
        ) from None
    return parse_mapping(document or {}, name, schema)


def parse_mapping(document: Any, name: str, schema: Schema = SCHEMA) -> dict[str, TableMapping]:
    """Check a mapping given as data (what ``mapping.yaml`` holds)."""
    problems: list[Finding] = []

    def problem(where: str, message: str) -> None:
        problems.append(Finding(rule="kpi-mapping", source=f"{name} {where}".strip(), message=message))

    if not isinstance(document, dict):
        raise LoadError(
            f"{name}: the mapping has problems",
            [Finding(rule="kpi-mapping", source=name, message="expected table names with their settings")],
        )
    out: dict[str, TableMapping] = {}
    for table, section in document.items():
        if table not in schema:
            problem(str(table), f"no table {table!r}; the tables are {', '.join(schema.names)}")
            continue
        spec = schema.table(table)
        if not isinstance(section, dict):
            problem(table, "expected file, sheet, columns and values")
            continue
        unknown = set(section) - {"file", "sheet", "columns", "values"}
        if unknown:
            problem(
                table,
                (
                    f"unknown setting(s) {', '.join(sorted(map(str, unknown)))}; expected file, sheet, "
                    f"columns, values"
                ),
            )
        columns = section.get("columns") or {}
        values = section.get("values") or {}
        names = {c.name for c in spec.columns}
        if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
            problem(f"{table}.columns", "expected cjm's column name: the header in your file")
            columns = {}
        if not isinstance(values, dict) or not all(isinstance(v, dict) for v in values.values()):
            problem(f"{table}.values", "expected cjm's column name: {value in your file: value cjm uses}")
            values = {}
        for column in (*columns, *values):
            if column not in names:
                problem(
                    f"{table}.{column}",
                    f"table {table!r} has no column {column!r}; its columns are {', '.join(sorted(names))}",
                )
        for file_key in ("file", "sheet"):
            if section.get(file_key) is not None and not isinstance(section[file_key], str):
                problem(f"{table}.{file_key}", "expected text")
        out[table] = TableMapping(
            file=section.get("file"),
            sheet=section.get("sheet"),
            columns={str(k): str(v) for k, v in columns.items()},
            values={str(k): {str(a): str(b) for a, b in v.items()} for k, v in values.items()},
        )
    if problems:
        raise LoadError(f"{name}: the mapping has problems", problems)
    return out


# --- reading ------------------------------------------------------------------------


def read_data(
    folder: str | os.PathLike[str] | None = None,
    *,
    engine: str | Engine = "duckdb",
    mapping: str | os.PathLike[str] | Mapping[str, Any] | None = None,
    files: Mapping[str, str | os.PathLike[str]] | None = None,
    schema: Schema = SCHEMA,
    **engine_options: Any,
) -> Dataset:
    """Read every table found in ``folder`` (and ``files``: table -> path) onto an engine.

    ``engine`` is ``"duckdb"``, ``"spark"`` or an open :class:`Engine`;
    ``engine_options`` go to :func:`cjm.kpi.engine.connect`.  ``mapping`` is a
    mapping file or its content; by default ``mapping.yaml`` in the folder is
    used if there is one.  Raises :class:`LoadError` listing every problem.
    """
    root = Path(folder) if folder is not None else None
    if root is not None and not root.is_dir():
        raise LoadError(
            f"{root}: no such folder",
            [Finding(rule="kpi-data", source=str(root), message="expected a folder holding the data files")],
        )
    mappings = _mappings(root, mapping, schema)
    located, problems = _locate(root, files or {}, mappings, schema)
    if problems:
        raise LoadError(f"{root or 'data'}: {_count(problems)} in the data files", problems)
    opened = engine if isinstance(engine, Engine) else connect(engine, **engine_options)
    try:
        dataset = _Reader(opened, schema, mappings).read(root, located)
    except BaseException:
        if not isinstance(engine, Engine):
            opened.close()
        raise
    return dataset


def _count(problems: list[Finding]) -> str:
    return "1 problem" if len(problems) == 1 else f"{len(problems)} problems"


def _mappings(
    root: Path | None, mapping: str | os.PathLike[str] | Mapping[str, Any] | None, schema: Schema
) -> dict[str, TableMapping]:
    if mapping is None:
        default = root / MAPPING_FILE if root is not None else None
        return read_mapping(default, schema) if default is not None and default.is_file() else {}
    if isinstance(mapping, Mapping):
        return parse_mapping(dict(mapping), "mapping", schema)
    return read_mapping(mapping, schema)


def _locate(
    root: Path | None,
    files: Mapping[str, str | os.PathLike[str]],
    mappings: Mapping[str, TableMapping],
    schema: Schema,
) -> tuple[dict[str, Source], list[Finding]]:
    located: dict[str, Source] = {}
    problems: list[Finding] = []
    for name in files:
        if name not in schema:
            problems.append(
                Finding(
                    rule="kpi-data",
                    source=str(files[name]),
                    message=f"no table {name!r}; the tables are {', '.join(schema.names)}",
                )
            )
    for spec in schema:
        settings = mappings.get(spec.name, TableMapping())
        explicit = files.get(spec.name) or (
            (root / settings.file if root is not None else Path(settings.file)) if settings.file else None
        )
        if explicit is not None:
            path = Path(explicit)
            fmt = FORMATS.get(path.suffix.lower())
            if not path.exists():
                problems.append(
                    Finding(rule="kpi-data", source=str(path), message=f"table {spec.name!r}: no such file")
                )
            elif fmt is None:
                problems.append(
                    Finding(
                        rule="kpi-data",
                        source=str(path),
                        message=f"table {spec.name!r}: expected a .csv, .parquet or .xlsx file",
                    )
                )
            else:
                located[spec.name] = Source(table=spec.name, path=path, format=fmt, sheet=settings.sheet)
            continue
        if root is None:
            continue
        found = [
            root / f"{spec.name}{suffix}" for suffix in FORMATS if (root / f"{spec.name}{suffix}").exists()
        ]
        if len(found) > 1:
            problems.append(
                Finding(
                    rule="kpi-data",
                    source=str(root),
                    message=(
                        f"table {spec.name!r} has {len(found)} files ({', '.join(p.name for p in found)}); "
                        f"keep one, or name it in {MAPPING_FILE}"
                    ),
                )
            )
        elif found:
            path = found[0]
            located[spec.name] = Source(
                table=spec.name, path=path, format=FORMATS[path.suffix.lower()], sheet=settings.sheet
            )
    return located, problems


@attrs.define
class _Pending:
    """A table read raw, with its typed expression and what still needs checking."""

    source: Source
    raw: Any
    typed: Any
    #: cjm column -> (header in the file, raw string expression, parsed expression), for parsed columns.
    parsed: dict[str, tuple[str, Any, Any]]


class _Reader:
    def __init__(self, engine: Engine, schema: Schema, mappings: Mapping[str, TableMapping]) -> None:
        self.engine = engine
        self.schema = schema
        self.mappings = mappings
        self.ibis = ibis_module()
        self.problems: list[Finding] = []
        self.missing_columns: dict[str, tuple[str, ...]] = {}
        #: Header -> column index (from 0) of each table read from a workbook.
        self.xlsx_columns: dict[str, dict[str, int]] = {}
        #: First and last day of each table, where the checking pass found them.
        self.spans: dict[str, tuple[dt.date, dt.date] | None] = {}
        #: Makes this reading's table names unique, so several datasets can share an engine.
        self.token = uuid.uuid4().hex[:8]

    def problem(self, source: Source | Path | str, message: str, where: str = "") -> None:
        text = str(source)
        self.problems.append(Finding(rule="kpi-data", source=f"{text} {where}".strip(), message=message))

    def read(self, root: Path | None, located: Mapping[str, Source]) -> Dataset:
        pending: dict[str, _Pending] = {}
        for name, found in located.items():
            try:
                raw, source = self._raw(found)
            except Exception as exc:  # the engine could not parse the file at all
                self.problem(found, _engine_message(exc, found))
                continue
            if raw is None:
                continue
            item = self._typed(self.schema.table(name), source, raw)
            if item is not None:
                pending[name] = item
        self._raise()
        tables = {}
        for name, item in pending.items():
            try:
                tables[name] = self._checked(name, item)
            except LoadError:
                raise
            except Exception as exc:  # a malformed row the engine meets while reading the whole file
                self.problem(item.source, _engine_message(exc, item.source))
        self._raise()
        tables = _unify_ids(tables, self.schema)
        # A file with a header and no rows says nothing: its KPIs have no value (not a count of 0).
        empty = tuple(name for name, table in tables.items() if not rows(table.limit(1)))
        for name in empty:
            del tables[name]
        return Dataset(
            engine=self.engine,
            schema=self.schema,
            folder=root,
            tables=tables,
            sources={name: item.source for name, item in pending.items()},
            missing_tables=tuple(n for n in self.schema.names if n not in located),
            missing_columns=self.missing_columns,
            spans=self.spans,
            empty_tables=empty,
        )

    def _raise(self) -> None:
        if self.problems:
            raise LoadError(f"the data has {_count(self.problems)}", self.problems)

    # -- raw files ------------------------------------------------------------------

    def _raw(self, source: Source) -> tuple[Any, Source]:
        """The file as an ibis table (CSV and xlsx: every column text), or None after a problem;
        and the source (with the sheet read, for a workbook)."""
        backend = self.engine.backend
        raw_name = f"cjm_raw_{source.table}_{self.token}"
        path = str(source.path)
        if source.format == "csv":
            if not self._utf8(source):
                return None, source
            if source.path.stat().st_size == 0:
                self.problem(source, "the file is empty; expected a header row")
                return None, source
            if self.engine.name == "duckdb":
                header = self._csv_header(source)
                if header is None:
                    return None, source
                # The header as read here, every column text, no guessing: a row with too many or too
                # few cells is an error naming its line.
                options = {
                    "columns": dict.fromkeys(header, "VARCHAR"),
                    "header": True,
                    "auto_detect": False,
                    "delim": ",",
                    "quote": '"',
                    "escape": '"',
                }
            else:
                options = {
                    "header": True,
                    "inferSchema": False,
                    "escape": '"',
                    "multiLine": True,
                    "mode": "FAILFAST",  # a malformed row is an error, as on DuckDB, not a silent NULL
                }
            with quiet():
                return backend.read_csv(path, table_name=raw_name, **options), source
        if source.format == "parquet":
            target = path
            if source.path.is_dir():
                target = os.path.join(path, "**", "*.parquet") if self.engine.name == "duckdb" else path
            with quiet():
                return backend.read_parquet(target, table_name=raw_name), source
        table, source = self._xlsx(source)
        if table is None:
            return None, source
        temp = {"temp": True} if self.engine.name == "duckdb" else {}
        with quiet():
            return backend.create_table(raw_name, table, overwrite=True, **temp), source

    def _csv_header(self, source: Source) -> list[str] | None:
        """The header row of a CSV file, or None after a problem (empty, or a name twice)."""
        with open(source.path, encoding="utf-8-sig", newline="") as stream:
            header = next(csv.reader(stream), None)
        if not header:
            self.problem(source, "the file is empty; expected a header row")
            return None
        names = [h if h.strip() else f"column {i + 1}" for i, h in enumerate(header)]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            self.problem(source, f"the header names {', '.join(map(repr, twice))} more than once")
            return None
        return names

    def _utf8(self, source: Source) -> bool:
        with open(source.path, "rb") as stream:
            head = stream.read(_SNIFF_BYTES)
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start < len(head) - 4:  # not just a character cut at the end of the sample
                self.problem(source, f"byte {exc.start} is not UTF-8; save the file as CSV UTF-8")
                return False
        return True

    def _xlsx(self, source: Source) -> tuple[Any, Source]:
        """The sheet's cells as a pyarrow table of text, with each row's number in ``__row``."""
        from cjm.io.xlsx_engine import Formula, XlsxReader

        pa = require("pyarrow")
        with XlsxReader(source.path) as reader:
            sheets = [s.name for s in reader.sheets]
            sheet = source.sheet or (
                source.table if source.table in sheets else (sheets[0] if sheets else None)
            )
            if sheet is None or sheet not in sheets:
                self.problem(
                    source.path,
                    f"table {source.table!r}: no sheet {sheet!r}; "
                    f"the workbook has {', '.join(sheets) or 'none'}",
                )
                return None, source
            source = attrs.evolve(source, sheet=sheet)
            cells_by_row = reader.rows(sheet)
            first = next(cells_by_row, None)
            if first is None:
                self.problem(source, "the sheet is empty; expected a header row")
                return None, source
            header_cells = first[1]
            width = max(header_cells) + 1
            headers = [_cell_text(header_cells.get(i)) or f"column {i + 1}" for i in range(width)]
            self.xlsx_columns[source.table] = {h: i for i, h in enumerate(headers)}
            columns: list[list[str | None]] = [[] for _ in headers]
            numbers: list[int] = []
            for number, cells in cells_by_row:
                numbers.append(number)
                for i in range(width):
                    value = cells.get(i)
                    columns[i].append(None if isinstance(value, Formula) else _cell_text(value))
        data = {h: pa.array(c, pa.string()) for h, c in zip(headers, columns, strict=True)}
        data[_ROW] = pa.array(numbers, pa.int64())
        return pa.table(data), source

    # -- typing -----------------------------------------------------------------------

    def _typed(self, spec: TableSpec, source: Source, raw: Any) -> _Pending | None:
        settings = self.mappings.get(spec.name, TableMapping())
        headers = [h for h in raw.columns if h != _ROW]
        by_lower: dict[str, str] = {}
        for header in headers:
            by_lower.setdefault(header.strip().casefold(), header)
        selected: dict[str, Any] = {}
        parsed: dict[str, tuple[str, Any, Any]] = {}
        absent: list[str] = []
        ok = True
        for column in spec.columns:
            header = self._header(column, settings, by_lower)
            if header is None:
                if column.name in settings.columns:
                    self.problem(
                        source,
                        f"table {spec.name!r}, column {column.name!r}: the mapping names the header "
                        f"{settings.columns[column.name]!r}, which the file does not have; "
                        f"it has {', '.join(map(repr, headers))}",
                    )
                    ok = False
                elif column.required:
                    self.problem(
                        source,
                        f"table {spec.name!r}: required column {column.name!r} is missing; the file has "
                        f"{', '.join(map(repr, headers))} (name the header in {MAPPING_FILE} if it differs)",
                    )
                    ok = False
                else:
                    absent.append(column.name)
                continue
            expression, raw_text = self._convert(column, raw[header], source)
            if expression is None:
                ok = False
                continue
            values = settings.values.get(column.name)
            if values:
                expression = expression.substitute(dict(values), else_=expression)
            selected[column.name] = expression
            if raw_text is not None:
                parsed[column.name] = (header, raw_text, expression)
        if absent:
            self.missing_columns[spec.name] = tuple(absent)
        if not ok:
            return None
        if _ROW in raw.columns:
            selected[_ROW] = raw[_ROW]
        for name, (_header, text, typed) in parsed.items():
            selected[f"{_TYPE_FLAG}{name}"] = text.notnull() & typed.isnull()
        return _Pending(source=source, raw=raw, typed=raw.select(**selected), parsed=parsed)

    def _header(self, column: Column, settings: TableMapping, by_lower: Mapping[str, str]) -> str | None:
        if column.name in settings.columns:
            wanted = settings.columns[column.name]
            return by_lower.get(wanted.strip().casefold())
        for name in (column.name, *column.aliases):
            if name.casefold() in by_lower:
                return by_lower[name.casefold()]
        return None

    def _convert(self, column: Column, value: Any, source: Source) -> tuple[Any, Any]:
        """(typed expression, the trimmed text it was parsed from or None if no parsing was needed)."""
        ibis = self.ibis
        dtype = value.type()
        kind = column.type
        if dtype.is_string():
            text = _trimmed(value)
            return _parse(ibis, kind, text), (text if kind not in (ColumnType.ID, ColumnType.TEXT) else None)
        if kind is ColumnType.ID:
            return (value if dtype.is_integer() else value.cast("string")), None
        if kind is ColumnType.TEXT:
            return value.cast("string"), None
        if kind is ColumnType.DATE and (dtype.is_date() or dtype.is_timestamp()):
            return (value if dtype.is_date() else value.date()), None
        if kind is ColumnType.TIMESTAMP and (dtype.is_date() or dtype.is_timestamp()):
            return value.cast("timestamp"), None
        if kind is ColumnType.INTEGER and dtype.is_integer():
            return value.cast("int64"), None
        if kind is ColumnType.NUMBER and dtype.is_numeric():
            return value.cast("float64"), None
        if kind is ColumnType.FLAG and dtype.is_boolean():
            return value, None
        if kind is ColumnType.FLAG and dtype.is_integer():
            return value != 0, None
        self.problem(
            source,
            f"table {source.table!r}, column {column.name!r}: the file stores {dtype} where "
            f"{kind.value} is expected",
        )
        return None, None

    # -- checking values ------------------------------------------------------------------

    def _checked(self, name: str, item: _Pending) -> Any:
        """The typed table, materialised if it was parsed from text; bad values become problems."""
        spec = self.schema.table(name)
        typed = item.typed
        ranges = _value_checks(spec, typed, self.ibis)
        if ranges:
            typed = typed.mutate(**{f"{_RANGE_FLAG}{c}": check for c, check in ranges.items()})
        if item.parsed or item.source.format != "parquet":
            typed = self._materialise(name, typed)
        flags = [c for c in typed.columns if c.startswith((_TYPE_FLAG, _RANGE_FLAG))]
        if flags:
            self._report(item, typed, flags, spec.time_column)
        return typed.select(*(c for c in typed.columns if not c.startswith("__")))

    def _materialise(self, name: str, expression: Any) -> Any:
        with quiet():
            if self.engine.name == "duckdb":
                return self.engine.backend.create_table(f"cjm_{name}_{self.token}", expression, temp=True)
            return expression.cache()

    def _report(self, item: _Pending, table: Any, flags: list[str], time_column: str | None) -> None:
        """Count the bad values of every flag (and, in the same pass, the table's span of days)."""
        aggregates = {f: table[f].cast("int64").sum() for f in flags}
        if time_column is not None:
            day = (
                table[time_column].date() if table[time_column].type().is_timestamp() else table[time_column]
            )
            aggregates.update(__first=day.min(), __last=day.max())
        counts = rows(table.aggregate(**aggregates))[0]
        if time_column is not None:
            first, last = counts["__first"], counts["__last"]
            self.spans[item.source.table] = None if first is None else (_as_date(first), _as_date(last))
        source = item.source
        spec = self.schema.table(source.table)
        for flag in flags:
            count = counts[flag] or 0
            if not count:
                continue
            by_type = flag.startswith(_TYPE_FLAG)
            column = flag.removeprefix(_TYPE_FLAG if by_type else _RANGE_FLAG)
            header = item.parsed[column][0] if column in item.parsed else column
            if by_type:
                _header, raw_text, parsed = item.parsed[column]
                bad = item.raw.filter(raw_text.notnull() & parsed.isnull())
                row = bad[_ROW] if _ROW in item.raw.columns else self.ibis.null("int64")
                examples = bad.select(value=raw_text, row=row)
                expected = _EXPECTED[spec.column(column).type]
            else:
                bad = table.filter(table[flag])
                row = bad[_ROW] if _ROW in table.columns else self.ibis.null("int64")
                examples = bad.select(value=bad[column].cast("string"), row=row)
                expected = _RANGE_MESSAGES[source.table][column]
            found = rows(examples.limit(MAX_EXAMPLES))
            where = _places(source, header, found, self.xlsx_columns.get(source.table, {}))
            shown = ", ".join(f"{r['value']!r}{place}" for r, place in zip(found, where, strict=True))
            more = f" and {count - len(found)} more" if count > len(found) else ""
            label = f"column {column!r}" + (f" (header {header!r})" if header != column else "")
            self.problem(
                source, f"table {source.table!r}, {label}: {count} value(s) not {expected}: {shown}{more}"
            )


_TYPE_FLAG = "__bad_type_"
_RANGE_FLAG = "__bad_range_"

_EXPECTED = {
    ColumnType.DATE: "a date (2026-07-01)",
    ColumnType.TIMESTAMP: "a date and time (2026-07-01 09:30)",
    ColumnType.INTEGER: "a whole number",
    ColumnType.NUMBER: "a number",
    ColumnType.FLAG: "a flag (true/false, yes/no, 1/0, 예/아니오)",
}

_RANGE_MESSAGES = {
    "survey_responses": {
        "instrument": "nps, csat or ces",
        "score": "on the instrument's scale (NPS 0–10, CSAT 1–5, CES 1–7)",
    },
}


def _value_checks(spec: TableSpec, typed: Any, ibis: Any) -> dict[str, Any]:
    """Checks beyond the type: the survey's instruments and score ranges (those of :mod:`cjm.voc.survey`)."""
    if spec.name != "survey_responses":
        return {}
    from cjm.voc.survey import Instrument

    instrument = typed["instrument"].lower()
    known = instrument.isin([kind.value for kind in Instrument])
    in_range = ibis.literal(False)
    for kind in Instrument:
        low, high = kind.range
        in_range = in_range | ((instrument == kind.value) & typed["score"].between(low, high))
    return {
        "instrument": typed["instrument"].notnull() & ~known,
        "score": typed["score"].notnull() & known & ~in_range,
    }


def _places(
    source: Source, header: str, rows: list[dict[str, Any]], xlsx_columns: Mapping[str, int]
) -> list[str]:
    """Where each bad value stands: ``at line 12`` (CSV), ``at Sheet!C7`` (xlsx) or nothing (Parquet)."""
    if source.format == "xlsx":
        from cjm.io.xlsx_engine import column_letter

        letter = column_letter(xlsx_columns.get(header, 0))
        return [f" at {source.sheet}!{letter}{r['row']}" if r.get("row") else "" for r in rows]
    if source.format != "csv":
        return ["" for _ in rows]
    wanted = {str(r["value"]) for r in rows}
    lines: dict[str, int] = {}
    with open(source.path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        head = next(reader, [])
        try:
            index = [h.strip() for h in head].index(header.strip())
        except ValueError:
            return ["" for _ in rows]
        for row in reader:
            if index < len(row):
                value = row[index].strip()
                if value in wanted and value not in lines:
                    lines[value] = reader.line_num
                    if len(lines) == len(wanted):
                        break
    return [f" at line {lines[str(r['value'])]}" if str(r["value"]) in lines else "" for r in rows]


def _cell_text(value: Any) -> str | None:
    """A workbook cell as the text a CSV export would hold."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _parse(ibis: Any, kind: ColumnType, text: Any) -> Any:
    """The ibis expression reading trimmed text (NULL for empty) as ``kind``; NULL where it cannot.

    Each reading is a pattern check and a ``TRY_CAST``, both of which DuckDB and
    Spark evaluate alike for text the pattern admits; small expressions also
    keep Spark's generated code within the JVM's method size.
    """
    if kind in (ColumnType.ID, ColumnType.TEXT):
        return text
    if kind is ColumnType.FLAG:
        lowered = text.lower()
        return ibis.cases(
            (lowered.isin(_TRUE), True), (lowered.isin(_FALSE), False), else_=ibis.null("boolean")
        )
    if kind in (ColumnType.INTEGER, ColumnType.NUMBER):
        digits = text.replace(",", "")
        number = digits.try_cast("float64")
        if kind is ColumnType.INTEGER:
            return ibis.ifelse(digits.re_search(_INTEGER), number.cast("int64"), ibis.null("int64"))
        return ibis.ifelse(digits.re_search(_NUMBER), number, ibis.null("float64"))
    # 2026-07-01 as it is; 2026/07/01 and 2026.07.01 with their separators made dashes.
    moment = ibis.coalesce(text.try_cast("timestamp"), text.translate("/.", "--").try_cast("timestamp"))
    ok = text.re_search(_DATETIME)
    if kind is ColumnType.DATE:
        return ibis.ifelse(ok, moment.date(), ibis.null("date"))
    return ibis.ifelse(ok, moment, ibis.null("timestamp"))


def _unify_ids(tables: dict[str, Any], schema: Schema) -> dict[str, Any]:
    """Give each id column one type across tables: text wherever any table holds it as text."""
    kinds: dict[str, set[str]] = {}
    for name, table in tables.items():
        for column in schema.table(name).columns:
            if column.type is ColumnType.ID and column.name in table.columns:
                dtype = table[column.name].type()
                kinds.setdefault(column.name, set()).add("int" if dtype.is_integer() else "text")
    mixed = {column for column, seen in kinds.items() if len(seen) > 1}
    if not mixed:
        return tables
    out = {}
    for name, table in tables.items():
        casts = {
            c: table[c].cast("string") for c in mixed if c in table.columns and table[c].type().is_integer()
        }
        out[name] = table.mutate(**casts) if casts else table
    return out


def _engine_message(exc: BaseException, source: Source) -> str:
    """What the engine said about a file it could not read, in a few lines."""
    said = str(exc)
    spark = [
        m.split(" SQLSTATE")[0].strip()
        for m in re.findall(r"\[(?:MALFORMED|PARSE|INVALID)[A-Z_.]*\][^\n]*", said)
    ]
    if spark:
        return (
            f"table {source.table!r}: the {source.format.upper()} file cannot be read: {' '.join(spark[:2])}"
        )
    lines = [line.strip() for line in said.splitlines() if line.strip()]
    noise = ("LINE ", "^", "*", "Possible fixes", "JVM stacktrace")
    lines = [line for line in lines if not line.startswith(noise) and " = " not in line]
    text = " ".join(lines[:4])
    if len(text) > 400:
        text = text[:399] + "…"
    return f"table {source.table!r}: the {source.format.upper()} file cannot be read: {text}"


def _trimmed(text: Any) -> Any:
    """Text without surrounding white space, NULL when nothing is left.

    A regular expression rather than ibis's ``strip``: on Spark that compiles to
    a ``TRIM`` whose character list loses its backslashes, so it also strips
    the letters t, n, r, v and f from both ends ("false" became "alse").
    """
    return text.re_replace(r"^\s+|\s+$", "").nullif("")
