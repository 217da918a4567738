"""Large blocks of the PDF compile are mapped and unmapped as they come and go (glibc)."""

from __future__ import annotations

import ctypes
import subprocess
import sys
from pathlib import Path

import pytest

from svcstd.render.pdf import MMAP_THRESHOLD

# In a fresh process: free an 8 MB block (glibc then raises its mmap threshold to 8 MB), pin the
# threshold or not, and report whether a 3 MB block is mapped on its own (mallinfo2's hblkhd:
# the bytes malloc holds in such blocks). 3 MB is more than the heap has free at start, so
# unpinned it comes from growing the heap, where it would stay once freed.
PROBE = """
import ctypes, sys

class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks",
        "fordblks", "keepcost")]

libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallinfo2.restype = MallInfo2
libc.free(libc.malloc(8 << 20))
if sys.argv[1] == "pin":
    from svcstd.render.pdf import pin_mmap_threshold
    assert pin_mmap_threshold()
before = libc.mallinfo2().hblkhd
block = libc.malloc(3 << 20)
print(libc.mallinfo2().hblkhd - before >= 3 << 20)
libc.free(block)
"""


def _glibc_with_mallinfo2() -> bool:
    try:
        return hasattr(ctypes.CDLL(None), "mallinfo2")
    except OSError:
        return False


@pytest.mark.skipif(not _glibc_with_mallinfo2(), reason="glibc 2.33+ only (mallinfo2)")
@pytest.mark.parametrize(("mode", "mapped"), [("pin", "True"), ("as-is", "False")])
def test_a_large_block_is_mapped_once_the_threshold_is_pinned(mode: str, mapped: str) -> None:
    assert MMAP_THRESHOLD < 3 << 20 < 8 << 20  # the probe's block lies between the two
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True,
                         cwd=root, check=True)  # fmt: skip
    assert out.stdout.strip() == mapped, out.stderr
