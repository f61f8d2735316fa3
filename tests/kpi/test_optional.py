"""Without the kpi extra: ``import cjm`` and the command line work; the KPI features say what to install."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {'ibis', 'duckdb', 'pyarrow', 'pyspark', 'pandas', 'sqlglot'}:
            raise ImportError(f'No module named {name!r} (blocked)')
        return None
sys.meta_path.insert(0, Block())
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK + code], capture_output=True, text=True, cwd=ROOT, check=False
    )


def test_import_cjm_and_the_catalogue_need_no_extra() -> None:
    result = _run(
        "import cjm, cjm.kpi, cjm.cli\n"
        "cjm.cli.build_parser()\n"
        "print(len(cjm.kpi.CATALOGUE), cjm.kpi.parse_periods('2026Q3')[0].label)\n"
        "assert 'ibis' not in sys.modules\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["29", "2026Q3"]


def test_reading_data_without_the_extra_says_how_to_install_it() -> None:
    result = _run(
        "import cjm.kpi\n"
        "try:\n"
        "    cjm.kpi.read_data('examples/medical_device_dealer/data')\n"
        "except cjm.MissingDependencyError as exc:\n"
        "    print(exc)\n"
    )
    assert result.returncode == 0, result.stderr
    assert "pip install 'cjmkit[kpi]'" in result.stdout


def test_the_command_without_the_extra_exits_with_the_hint() -> None:
    result = _run(
        "from cjm.cli import main\n"
        "raise SystemExit(main(['kpi', 'examples/medical_device_dealer/journey.yaml',"
        " '--data', 'examples/medical_device_dealer/data']))\n"
    )
    assert result.returncode == 1
    assert "cjm: KPI baselines and journey analytics need the package 'ibis'" in result.stderr
    assert "pip install 'cjmkit[kpi]'" in result.stderr
