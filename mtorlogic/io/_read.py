"""Reading an input file's text: one place for the checks every reader needs.

Every model, scenario, catalog and settings file is read through
:func:`read_input`, so each gets the same answers to the same problems:

- a missing file, a directory, a device, a named pipe or socket, or a file
  that cannot be read: a located error, never a traceback; anything but a
  regular file is refused before it is opened (opening a named pipe waits
  for a writer, forever);
- a file larger than the limit (:func:`input_limit`): refused before it is
  read;
- while a command runs (:func:`guarding_inputs`), every file read is
  remembered, so that no output is written over an input
  (:func:`is_an_input`);
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

import contextlib
import contextvars
import math
import os
import re
import stat
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import InputError, Problem

DEFAULT_MAX_INPUT_BYTES = 64 * 1024 * 1024
MAX_INPUT_BYTES: int | None = None  # None: MTORLOGIC_MAX_INPUT_BYTES, else the default (tests set it)
_BOM = b"\xef\xbb\xbf"
_ENV = "MTORLOGIC_MAX_INPUT_BYTES"


def input_limit() -> int:
    """The most bytes an input file may have: ``MTORLOGIC_MAX_INPUT_BYTES`` when set (a whole number of
    bytes, ``1e6`` notation allowed; empty means unset), else 64 MiB.

    >>> import os; os.environ["MTORLOGIC_MAX_INPUT_BYTES"] = "1e3"; input_limit()
    1000
    >>> os.environ["MTORLOGIC_MAX_INPUT_BYTES"] = "abc"; input_limit()
    Traceback (most recent call last):
    ...
    mtorlogic.errors.InputError: MTORLOGIC_MAX_INPUT_BYTES must be a positive whole number of bytes, not 'abc'
    >>> del os.environ["MTORLOGIC_MAX_INPUT_BYTES"]
    """
    if MAX_INPUT_BYTES is not None:
        return MAX_INPUT_BYTES
    text = os.environ.get(_ENV, "").strip()
    if not text:
        return DEFAULT_MAX_INPUT_BYTES
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (value >= 1 and value == math.floor(value)):  # also refuses nan; inf is no limit at all
        raise InputError([_env_problem(f"{_ENV} must be a positive whole number of bytes, not {text!r}")])
    return int(min(value, 2**62))


def _env_problem(message: str) -> Problem:
    return Problem("", 0, 0, message)


# The files read while a command runs (device, inode), so an output never replaces one of them.
_READ: contextvars.ContextVar[set[tuple[int, int]] | None] = contextvars.ContextVar("inputs_read", default=None)


@contextlib.contextmanager
def guarding_inputs() -> Iterator[None]:
    """Remember every input read in the block; :func:`is_an_input` then tells an output that would
    replace one. The command line runs each command in one; a Python session is free to overwrite."""
    token = _READ.set(set())
    try:
        yield
    finally:
        _READ.reset(token)


def is_an_input(path: str | Path) -> bool:
    """Whether ``path`` is (or links to) a file read in the enclosing :func:`guarding_inputs` block."""
    seen = _READ.get()
    if not seen:
        return False
    try:
        info = os.stat(path)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) in seen


def read_input(path: str | Path, limit: int | None = None) -> str:
    """The text of an input file, or an InputError located in it saying why not.

    Parameters
    ----------
    path : the file
    limit : the most bytes accepted (default :data:`MAX_INPUT_BYTES`, which the
        environment variable ``MTORLOGIC_MAX_INPUT_BYTES`` sets)
    """
    limit = input_limit() if limit is None else limit
    source = str(path)
    data = _read_bytes(Path(path), source, limit)
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, column = _position(data, e.start)
        raise InputError.at(source, f"not UTF-8 text: byte 0x{data[e.start]:02x} here is not part of a UTF-8 "
                            "character (save the file as UTF-8)", line, column) from None
    check_text(text, source)
    return text


# Control characters a text file has no use for; ESC among them starts the sequences a terminal obeys
# (a description that clears the screen when printed). Tabs, line and page breaks are fine.
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def check_text(text: str, source: str, line: int = 0) -> None:
    """Refuse control characters (``file:line:column: control character 0x1b ...``)."""
    found = CONTROL.search(text)
    if found:
        start = text.rfind("\n", 0, found.start()) + 1
        at = line or text.count("\n", 0, found.start()) + 1
        raise InputError.at(source, f"control character 0x{ord(found.group()):02x} in the text: input files are "
                            "plain text (a terminal would obey it when the text is shown)", at,
                            0 if line else found.start() - start + 1)


def _read_bytes(path: Path, source: str, limit: int) -> bytes:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError.at(source, "no such file") from None
    except OSError as e:
        raise InputError.at(source, f"cannot read: {_reason(e)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError.at(source, "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError.at(source, f"is {_kind(info.st_mode)}, not a regular file: save the input to a file first")
    if info.st_size > limit:
        raise InputError.at(source, _too_large(info.st_size, limit))
    try:
        # O_NONBLOCK: should the file have become a named pipe since stat, opening it does not wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise InputError.at(source, "is not a regular file")
            data = _read_at_most(fh, limit + 1)  # a growing file: never read more than the limit
    except OSError as e:
        raise InputError.at(source, f"cannot read: {_reason(e)}") from None
    if len(data) > limit:
        raise InputError.at(source, _too_large(None, limit))
    seen = _READ.get()
    if seen is not None:
        seen.add((info.st_dev, info.st_ino))
    return data


def _read_at_most(fh: BinaryIO, count: int) -> bytes:
    """Up to ``count`` bytes, a chunk at a time (``read(count)`` would allocate ``count`` bytes at once)."""
    chunks, total = [], 0
    while total < count:
        chunk = fh.read(min(1 << 20, count - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


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

