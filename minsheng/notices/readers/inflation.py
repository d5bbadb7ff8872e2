"""Inflating compressed data in bounded steps, whatever its compression ratio (zip members, PDF streams).

`zlib.decompress` (and zipfile's read of a whole member) makes the full output in one call: 600 KB of
input can ask for 600 MB. `Inflation` feeds the input in IN_CHUNK slices and takes at most OUT_CHUNK
bytes out per step, so the caller sees the output piece by piece and can stop at any count.
"""

from __future__ import annotations

IN_CHUNK = 64 * 1024
OUT_CHUNK = 256 * 1024


class Inflation:
    """The pieces of `inflater`'s output for the input `view`; zlib.error propagates. Afterwards
    `finished` says whether the compressed stream ended, `consumed` how many input bytes it used."""

    def __init__(self, inflater, view: memoryview):
        self.inflater = inflater
        self.view = view
        self.fed = 0
        self.pending = b""

    def __iter__(self):
        inflater = self.inflater
        while not inflater.eof:
            if not self.pending:
                if self.fed >= len(self.view):
                    return
                self.pending = self.view[self.fed : self.fed + IN_CHUNK]
                self.fed += len(self.pending)
            piece = inflater.decompress(self.pending, OUT_CHUNK)
            self.pending = inflater.unconsumed_tail
            if piece:
                yield piece

    @property
    def finished(self) -> bool:
        return self.inflater.eof

    @property
    def consumed(self) -> int:
        return self.fed - len(self.pending) - len(self.inflater.unused_data)
