"""The journey itself as JSON or YAML: lossless, the same text as :func:`cjm.io.save`."""

from __future__ import annotations

from typing import Any, BinaryIO

from cjm.exporters import check_options
from cjm.io.documents import dumps
from cjm.model import Journey

__all__ = ["JsonExporter", "YamlExporter"]


class JsonExporter:
    """The journey as JSON."""

    name = "json"
    suffixes = (".json",)
    description = "The journey as JSON (lossless)."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        check_options(self.name, options, {})
        dest.write(dumps(journey, "json").encode("utf-8"))


class YamlExporter:
    """The journey as YAML."""

    name = "yaml"
    suffixes = (".yaml", ".yml")
    description = "The journey as YAML (lossless)."

    def export(self, journey: Journey, dest: BinaryIO, **options: Any) -> None:
        check_options(self.name, options, {})
        dest.write(dumps(journey, "yaml").encode("utf-8"))
