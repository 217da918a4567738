"""NumPy arrays handed to pyarrow without ``pa.array``.

``pa.array`` on a NumPy array first asks whether it is a masked array, which imports
``numpy.ma`` (about 50 ms, a tenth of a small run's start-up). Boolean masks and
integer indices are laid out as Arrow buffers directly instead: the same array, no copy
for the indices.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pyarrow as pa


def mask(keep: npt.NDArray[np.bool_]) -> pa.BooleanArray:
    """A boolean Arrow array of a NumPy mask (for ``filter``)."""
    bits = np.packbits(np.asarray(keep, np.bool_), bitorder="little")
    found = pa.Array.from_buffers(pa.bool_(), len(keep), [None, pa.py_buffer(bits)])
    assert isinstance(found, pa.BooleanArray)
    return found


def indices(rows: npt.NDArray[np.integer]) -> pa.Int64Array:
    """An int64 Arrow array of NumPy row numbers (for ``take``)."""
    data = np.ascontiguousarray(rows, np.int64)
    found = pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])
    assert isinstance(found, pa.Int64Array)
    return found
