"""A word diff of two texts for the amendment view (OpenSlides-style), rendered on the server.

Pure: `word_diff(old, new)` gives segments ("equal" | "delete" | "insert", text); the
template shows deletions struck through and insertions underlined, so it reads without
colour and without JavaScript.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Segment:
    op: str
    text: str

    @property
    def is_equal(self) -> bool:
        return self.op == "equal"

    @property
    def is_delete(self) -> bool:
        return self.op == "delete"

    @property
    def is_insert(self) -> bool:
        return self.op == "insert"


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text.replace("\r\n", "\n"))


def word_diff(old: str, new: str) -> list[Segment]:
    """Segments turning `old` into `new`, word by word; joined equal+delete give `old`,
    equal+insert give `new`."""
    a, b = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    segments: list[Segment] = []

    def add(op: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].op == op:
            segments[-1] = Segment(op, segments[-1].text + text)
        else:
            segments.append(Segment(op, text))

    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("equal", "".join(a[i1:i2]))
        else:
            add("delete", "".join(a[i1:i2]))
            add("insert", "".join(b[j1:j2]))
    return segments


def changed(old: str, new: str) -> bool:
    return old.replace("\r\n", "\n").strip() != new.replace("\r\n", "\n").strip()
