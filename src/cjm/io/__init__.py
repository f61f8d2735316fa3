"""Files in and out: journeys as YAML/JSON, atomic writes, the JSON Schema."""

from cjm.io.documents import FORMATS, SourceMap, dumps, format_for, load, loads, parse, read, save
from cjm.io.files import atomic_writer, write_bytes, write_text

__all__ = [
    "FORMATS",
    "SourceMap",
    "atomic_writer",
    "dumps",
    "format_for",
    "load",
    "loads",
    "parse",
    "read",
    "save",
    "write_bytes",
    "write_text",
]
