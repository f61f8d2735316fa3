"""The public surface: ``cjm.__all__`` is complete, sorted, and every name resolves."""

from __future__ import annotations

import cjm
import cjm.model


def test_all_is_sorted_and_unique() -> None:
    assert list(cjm.__all__) == sorted(set(cjm.__all__))


def test_all_names_resolve() -> None:
    for name in cjm.__all__:
        assert hasattr(cjm, name), name


def test_all_is_complete() -> None:
    public = {
        name
        for name, value in vars(cjm).items()
        if not name.startswith("_") and not isinstance(value, type(cjm)) and name != "annotations"
    }
    public -= {"version", "PackageNotFoundError"}  # helpers imported to compute __version__
    assert public == set(cjm.__all__) - {"__version__"}


def test_model_classes_are_exported_at_top_level() -> None:
    assert set(cjm.model.__all__) - {"Cells"} <= set(cjm.__all__)


def test_version_is_the_distribution_version() -> None:
    from importlib.metadata import version

    assert cjm.__version__ == version("cjmkit")
