"""Where KPI expressions run: DuckDB in this process by default, or Spark.

Both engines are reached through ibis, so the catalogue's expressions are the
same on either.  ibis and the engines are optional dependencies (the ``kpi``
extra, and ``spark`` for PySpark); they are imported only when an engine is
opened, and a missing one raises :class:`~cjm.errors.MissingDependencyError`
saying what to install.

* ``duckdb`` (default): nothing to install or start.  ``memory_limit`` (e.g.
  ``"4GB"``) and ``temp_directory`` let DuckDB spill to disk, so data larger
  than memory is processed out of core; ``threads`` caps the cores used.
* ``spark``: a local Spark session (``master="local[*]"``) unless a
  ``session`` is given, e.g. one connected to a cluster.
"""

from __future__ import annotations

import contextlib
import importlib
import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from cjm.errors import CjmError, MissingDependencyError

__all__ = ["ENGINES", "Engine", "connect", "fetch", "ibis_module", "quiet", "require", "rows"]

#: Engine names accepted by :func:`connect`.
ENGINES = ("duckdb", "spark")

_INSTALL = {
    "ibis": "pip install 'cjmkit[kpi]'",
    "duckdb": "pip install 'cjmkit[kpi]'",
    "pyarrow": "pip install 'cjmkit[kpi]'",
    "pyspark": "pip install 'cjmkit[kpi,spark]' (and Java 17 or later)",
}


def require(module: str, feature: str = "KPI baselines and journey analytics") -> Any:
    """Import an optional module, or raise :class:`MissingDependencyError` with the install command."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        top = module.split(".")[0]
        hint = _INSTALL.get(top, f"pip install {top}")
        raise MissingDependencyError(
            f"{feature} need the package {top!r}, which is not installed: {hint}"
        ) from exc


def ibis_module() -> Any:
    """The ``ibis`` module (imported on first use)."""
    return require("ibis")


@attrs.define
class Engine:
    """An open ibis connection and what it is.

    ``backend`` is the ibis backend; ``name`` is ``duckdb`` or ``spark``;
    ``session`` the Spark session when ``name`` is ``spark``.  Close it with
    :meth:`close` (or use it as a context manager) to free DuckDB's memory;
    a Spark session that cjm started is stopped too.
    """

    name: str
    backend: Any
    session: Any = None
    owns_session: bool = False

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release the connection (and the Spark session if cjm started it)."""
        if self.name == "duckdb":
            self.backend.disconnect()
        elif self.owns_session and self.session is not None:
            self.session.stop()


def connect(engine: str = "duckdb", **options: Any) -> Engine:
    """Open an engine by name; options as in the module docstring.

    DuckDB options: ``database`` (a file; default in memory), ``memory_limit``,
    ``temp_directory``, ``threads``.  Spark options: ``session`` (an existing
    SparkSession), ``master`` (default ``local[*]``), ``config`` (a mapping of
    Spark settings).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; expected {' or '.join(ENGINES)}")
    if engine == "duckdb":
        return _duckdb(**options)
    return _spark(**options)


def _duckdb(
    *,
    database: str = ":memory:",
    memory_limit: str | None = None,
    temp_directory: str | None = None,
    threads: int | None = None,
) -> Engine:
    ibis = ibis_module()
    require("duckdb")
    require("pyarrow")
    config: dict[str, Any] = {}
    if memory_limit:
        config["memory_limit"] = memory_limit
    if temp_directory:
        config["temp_directory"] = temp_directory
    if threads:
        config["threads"] = threads
    backend = ibis.duckdb.connect(database, **config)
    # No progress bar: cjm prints its own report, and a bar would garble it.
    backend.raw_sql("SET enable_progress_bar = false")
    return Engine(name="duckdb", backend=backend)


#: Spark settings cjm uses for a session it starts: small shuffles and UTC, so
#: results match DuckDB's; no web UI.
SPARK_DEFAULTS: Mapping[str, str] = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.session.timeZone": "UTC",
    "spark.driver.extraJavaOptions": "-Duser.timezone=UTC",
    "spark.executor.extraJavaOptions": "-Duser.timezone=UTC",
}


def _spark(
    *, session: Any = None, master: str = "local[*]", config: Mapping[str, str] | None = None
) -> Engine:
    ibis = ibis_module()
    require("pyspark")
    require("pyarrow")
    sql = require("pyspark.sql")
    if session is None:
        session = sql.SparkSession.getActiveSession()  # one a caller already runs is used, not stopped
    owns = session is None
    if session is None:
        builder = sql.SparkSession.builder.master(master).appName("cjm-kpi")
        for key, value in {**SPARK_DEFAULTS, **(config or {})}.items():
            builder = builder.config(key, value)
        try:
            session = builder.getOrCreate()
        except Exception as exc:  # most often: no Java, or a Java older than 17
            raise CjmError(
                f"Spark could not start ({' '.join(str(exc).split())[:300]}); "
                "Spark needs Java 17 or later: install it and set JAVA_HOME"
            ) from exc
        session.sparkContext.setLogLevel("ERROR")
    backend = ibis.pyspark.connect(session)
    return Engine(name="spark", backend=backend, session=session, owns_session=owns)


@contextlib.contextmanager
def quiet() -> Iterator[None]:
    """Silence the deprecation warnings ibis's and PySpark's own calls raise.

    ibis 12 calls DuckDB 2.0's deprecated ``fetch_arrow_table``, and PySpark
    4.0 and ibis 12 convert results with pandas 3 keywords and options that pandas
    deprecates.  The warnings concern those packages, not cjm's caller, who can do
    nothing about them; any other warning passes.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message=r"fetch_arrow_table\(\) is deprecated", category=DeprecationWarning
        )
        warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"(pyspark|ibis)\.")
        # PySpark leaves the local socket it collects results through to the garbage collector.
        warnings.filterwarnings("ignore", message=r"unclosed <socket\.socket", category=ResourceWarning)
        yield


def fetch(expression: Any) -> Any:
    """Run an ibis expression; its result as a pyarrow table."""
    with quiet():
        return expression.to_pyarrow()


def rows(expression: Any) -> list[dict[str, Any]]:
    """Run an ibis expression; its result as a list of dicts (for small results)."""
    return fetch(expression).to_pylist()  # type: ignore[no-any-return]
