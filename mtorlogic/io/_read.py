"""Reading an input file's text: one place for the checks every reader needs.

Every model, scenario, catalog and settings file is read through
:func:`read_input`, so each gets the same answers to the same problems:

- a missing file, a directory, a device or a file that cannot be read: a
  located error, never a traceback;
- a file larger than :data:`MAX_INPUT_BYTES` (or an endless one such as
  ``/dev/zero``): refused after reading at most that many bytes;
- a UTF-8 byte order mark: skipped (editors on Windows write one);
- bytes that are not UTF-8: ``file:line:column: not UTF-8 ...``, pointing at
  the first bad byte.

Examples
--------
>>> import os, tempfile
>>> path = os.path.join(tempfile.mkdtemp(), "m.bnet")
>>> _ = open(path, "wb").write(b"\\xef\\xbb\\xbfA, B\\nB, \\xe9\\n")
>>> read_input(path)
Traceback (most recent call last):
...
mtorlogic.errors.InputError: ...m.bnet:2:4: not UTF-8 text: byte 0xe9 here is not part of a UTF-8 character (save the file as UTF-8)
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import InputError

MAX_INPUT_BYTES = int(os.environ.get("MTORLOGIC_MAX_INPUT_BYTES", 64 * 1024 * 1024))
_BOM = b"\xef\xbb\xbf"


def read_input(path: str | Path, limit: int | None = None) -> str:
    """The text of an input file, or an InputError located in it saying why not.

    Parameters
    ----------
    path : the file
    limit : the most bytes accepted (default :data:`MAX_INPUT_BYTES`, which the
        environment variable ``MTORLOGIC_MAX_INPUT_BYTES`` sets)
    """
    limit = MAX_INPUT_BYTES if limit is None else limit
    source = str(path)
    data = _read_bytes(Path(path), source, limit)
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _position(data, e.start)
        raise InputError.at(source, f"not UTF-8 text: byte 0x{data[e.start]:02x} here is not part of a UTF-8 "
                            "character (save the file as UTF-8)", line, column) from None


def _read_bytes(path: Path, source: str, limit: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError.at(source, "no such file") from None
    except OSError as e:
        raise InputError.at(source, f"cannot read: {_reason(e)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError.at(source, "is a directory, not a file")
    if stat.S_ISREG(info.st_mode) and info.st_size > limit:
        raise InputError.at(source, _too_large(info.st_size, limit))
    if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode):
        raise InputError.at(source, "is a device, not a file")
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)  # pipes and growing files: never read more than the limit
    except OSError as e:
        raise InputError.at(source, f"cannot read: {_reason(e)}") from None
    if len(data) > limit:
        raise InputError.at(source, _too_large(None, limit))
    return data


def _too_large(size: int | None, limit: int) -> str:
    actual = f"{size / 2**20:,.1f} MiB" if size is not None else "more than that"
    return (f"too large for an input file: {actual}, the limit is {limit / 2**20:,.0f} MiB "
            "(set MTORLOGIC_MAX_INPUT_BYTES to raise it)")


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``."""
    start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    return line, len(data[start:offset].decode("utf-8", errors="replace")) + 1


def _reason(e: OSError) -> str:
    return (e.strerror or str(e)).lower()

