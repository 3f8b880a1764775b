"""Write files whole or not at all, and several files all or none.

:func:`atomic_write` writes a temporary file beside the target, then renames
it into place: an interrupted run leaves the old file or the complete new
one, never a half-written file. Inside :func:`all_or_none`, the renames wait
until every file of the block is written, so a command with several outputs
(a MaBoSS ``.bnd`` and its ``.cfg``; a screen's CSV, JSON and plot) writes
them all or none; writers need not know they are in a transaction.

New files get the mode the umask allows (as ``open()`` would give them);
a replaced file keeps its mode. An output that would replace a file the
command read (:func:`mtorlogic.io._read.guarding_inputs`) is refused, and
an OS error while writing (a full disk) is an InputError naming the file.

Examples
--------
>>> with all_or_none():                      # doctest: +SKIP
...     atomic_write("m.bnd", bnd)
...     atomic_write("m.cfg", cfg)           # if this fails, m.bnd is not written either
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import stat
import tempfile
import uuid
from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ._read import is_an_input


def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8 with ``\\n`` line ends) to ``path`` whole or not at all.

    Inside :func:`all_or_none` the file appears only when the whole block succeeds.
    """
    target = _real_target(Path(path))
    _refuse_an_input(target, str(path))
    try:
        tmp = _write_temporary(target, data)
    except OSError as e:
        raise write_error(str(path), e) from None
    pending = _PENDING.get()
    if pending is not None:
        pending.append((tmp, target))
        return
    try:
        os.replace(tmp, target)
    except BaseException as e:
        _remove(tmp)
        if isinstance(e, OSError):
            raise write_error(str(path), e) from None
        raise


def write_error(name: str, error: OSError) -> InputError:
    """``NAME: cannot write: no space left on device`` (or whatever the OS said)."""
    return InputError.at(name, f"cannot write: {(error.strerror or str(error)).lower()}")


def _refuse_an_input(target: Path, name: str) -> None:
    if is_an_input(target):
        raise InputError.at(name, "would overwrite an input of this command: write the output elsewhere")


@contextlib.contextmanager
def all_or_none() -> Iterator[None]:
    """Commit every :func:`atomic_write` of the block together, when the block ends without error.

    On an error (or Ctrl-C) the temporaries are removed and no target is
    touched. The renames at the end are all in directories already written
    to; should one still fail, the targets renamed before it are restored.
    """
    if _PENDING.get() is not None:  # nested: the outer block commits
        yield
        return
    pending: list[tuple[Path, Path]] = []
    token = _PENDING.set(pending)
    try:
        yield
    except BaseException:
        for tmp, _ in pending:
            _remove(tmp)
        raise
    finally:
        _PENDING.reset(token)
    _commit(pending)


_PENDING: contextvars.ContextVar[list[tuple[Path, Path]] | None] = contextvars.ContextVar("pending", default=None)


def _commit(pending: list[tuple[Path, Path]]) -> None:
    backups: list[tuple[Path, Path | None]] = []  # (target, hard link to its old content, or None if new)
    try:
        for tmp, target in pending:
            backups.append((target, _backup(target)))
            os.replace(tmp, target)
    except BaseException as e:
        for target, backup in reversed(backups):
            try:
                if backup is not None:
                    os.replace(backup, target)
                elif target.exists():
                    target.unlink()
            except OSError:
                pass
        for tmp, _ in pending:
            _remove(tmp)
        if isinstance(e, OSError):
            raise write_error(str(backups[-1][0] if backups else pending[0][1]), e) from None
        raise
    finally:
        for _, backup in backups:
            if backup is not None:
                _remove(backup)


def _backup(target: Path) -> Path | None:
    """A hard link to the file about to be replaced (None when there is none or links fail)."""
    if not target.is_file():
        return None
    backup = target.parent / f".{target.name}.{uuid.uuid4().hex}.old"
    try:
        os.link(target, backup)
    except OSError:
        return None
    return backup


def _real_target(target: Path) -> Path:
    """Where to write: through a symbolic link to the file it names, so the link stays a link."""
    if target.is_symlink():
        return Path(os.path.realpath(target))
    return target


def _write_temporary(target: Path, data: str | bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    tmp = Path(name)
    try:
        # mkstemp creates 0600: give the file the mode it would have had.
        os.fchmod(fd, _mode_for(target))
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(data)
    except BaseException:
        _remove(tmp)
        raise
    return tmp


def _mode_for(target: Path) -> int:
    """The mode of the file being replaced, else 0666 less the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: set and restore (not thread-safe, but brief)
    os.umask(mask)
    return mask


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


# --- checking output paths before any work -------------------------------------------


def check_output(path: str | Path, source: str | None = None) -> None:
    """Raise InputError unless ``path`` can be written as a file, without writing anything there.

    Refused: a directory, a path under a regular file, a directory that
    cannot be created or written to, an existing file that is not writable.
    A missing parent directory is fine when it could be created.
    """
    target = Path(path)
    name = source or str(path)
    _refuse_an_input(_real_target(target), name)
    if target.is_dir():
        raise InputError.at(name, "is a directory, not an output file")
    if target.exists() and not target.is_file():
        raise InputError.at(name, "is not a regular file: cannot write an output there")
    ancestor = target.parent
    while not ancestor.exists():
        if ancestor == ancestor.parent:
            break
        ancestor = ancestor.parent
    if ancestor.exists() and not ancestor.is_dir():
        raise InputError.at(name, f"cannot write here: '{ancestor}' is a file, not a directory")
    if target.is_file() and not os.access(target, os.W_OK):
        raise InputError.at(name, "is not writable (permission denied)")
    reason = _probe_directory(ancestor)
    if reason:
        raise InputError.at(name, f"cannot write in '{ancestor}': {reason}")


def _probe_directory(directory: Path) -> str | None:
    """Why a file cannot be created in ``directory`` (None if it can): try, then clean up.

    Permissions alone do not tell (root, read-only mounts, /proc), so a
    temporary file is created and removed.
    """
    try:
        fd, name = tempfile.mkstemp(prefix=".mtorlogic-probe.", dir=directory)
    except OSError as e:
        return e.strerror.lower() if e.strerror else str(e)
    os.close(fd)
    _remove(Path(name))
    return None
