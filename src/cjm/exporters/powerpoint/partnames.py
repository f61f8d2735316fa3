"""The one adapter around python-pptx internals: part names in constant time.

Why: every chart python-pptx adds asks its package for the next free part name
twice (the chart part and its embedded workbook), and so does every notes
slide.  ``OpcPackage.next_partname`` answers by walking every relationship of
every part in the package, so each chart costs time proportional to the deck
so far and a deck of *n* charts costs *n²*: 3.6 ms per chart at 100 slides,
17 ms at 1,000.  python-pptx offers no public way to name a part yourself.

What: :func:`indexed_partnames` shadows ``next_partname`` on one package
object (not on the class) with an index of the names in use, built once by the
same walk, then kept up to date with every name it hands out.  It returns the
lowest free number for a template, a valid and unique name as python-pptx's own
search does (which prefers one past the count).  On exit the package's own
method is back.

Safety: within python-pptx only ``next_partname`` creates parts named from
templates (charts, embedded workbooks, notes slides, themes, OLE objects);
slides, images and media are named by other code and under other templates, so
the index cannot go stale for the names it serves.  Parts dropped while the
index is live keep their names reserved: never a clash, at worst a gap.  If a
python-pptx release no longer has ``next_partname``, the adapter does nothing
and the deck is built the slow, correct way (a test pins the method's
presence).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from pptx.opc.packuri import PackURI

__all__ = ["PartnameIndex", "indexed_partnames"]

_METHOD = "next_partname"


class PartnameIndex:
    """The part names of one package, and the next free one for a template."""

    def __init__(self, package: Any) -> None:
        self._package = package
        self._used: set[str] | None = None
        self._next: dict[str, int] = {}

    def next_partname(self, tmpl: str) -> PackURI:
        """The lowest free part name ``tmpl % n`` (n from 1), reserved from now on."""
        if self._used is None:
            self._used = {str(part.partname) for part in self._package.iter_parts()}
        n = self._next.get(tmpl, 1)
        while tmpl % n in self._used:
            n += 1
        name = tmpl % n
        self._used.add(name)
        self._next[tmpl] = n + 1
        return PackURI(name)


@contextlib.contextmanager
def indexed_partnames(package: Any) -> Iterator[PartnameIndex | None]:
    """Within the block, ``package.next_partname`` answers from an index (see the module doc)."""
    if not callable(getattr(type(package), _METHOD, None)) or _METHOD in vars(package):
        yield None  # an unknown python-pptx, or an index already in place: leave it alone
        return
    index = PartnameIndex(package)
    setattr(package, _METHOD, index.next_partname)
    try:
        yield index
    finally:
        delattr(package, _METHOD)
