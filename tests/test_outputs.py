"""Outputs: whole or not at all, several files all or none, modes from the umask."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtorlogic.bundled import RULES
from mtorlogic.cli import main
from mtorlogic.errors import InputError
from mtorlogic.io._atomic import all_or_none, atomic_write, check_output, current_umask

MODEL = "input GF condition default 1\ninput d drug default 0\nA = GF & !d\nProliferation = A\nApoptosis = !A\n"


@pytest.fixture
def umask():
    """Set the process umask for a test, and restore it after."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield lambda mask: os.umask(mask)
    os.umask(previous)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_files_get_the_mode_the_umask_allows(tmp_path, umask):
    # Regression (issue 11): every output was created 0600 by mkstemp, whatever the umask.
    for mask, expected in ((0o022, 0o644), (0o002, 0o664), (0o077, 0o600)):
        umask(mask)
        assert current_umask() == mask
        path = tmp_path / f"out{mask}.csv"
        atomic_write(path, "x\n")
        assert mode(path) == expected


def test_a_replaced_file_keeps_its_mode(tmp_path, umask):
    # Regression (issue 12): overwriting reset a 0664 file to 0600.
    umask(0o077)
    path = tmp_path / "shared.csv"
    path.write_text("old\n")
    os.chmod(path, 0o664)
    atomic_write(path, "new\n")
    assert mode(path) == 0o664 and path.read_text() == "new\n"


def test_a_symbolic_link_stays_a_link_to_the_new_content(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    atomic_write(link, "new\n")
    assert link.is_symlink() and real.read_text() == "new\n"


def test_cli_outputs_honour_the_umask(tmp_path, umask):
    umask(0o022)
    model = tmp_path / "m.rules"
    model.write_text(MODEL)
    out = tmp_path / "m.bnd"
    assert CliRunner().invoke(main, ["convert", str(model), str(out)]).exit_code == 0
    assert mode(out) == mode(tmp_path / "m.cfg") == 0o644


def test_all_or_none_writes_nothing_when_the_block_fails(tmp_path):
    (tmp_path / "b.txt").write_text("old b\n")
    with pytest.raises(RuntimeError):
        with all_or_none():
            atomic_write(tmp_path / "a.txt", "a\n")
            atomic_write(tmp_path / "b.txt", "b\n")
            assert not (tmp_path / "a.txt").exists()  # not before the block ends
            raise RuntimeError("the plot failed")
    assert sorted(os.listdir(tmp_path)) == ["b.txt"] and (tmp_path / "b.txt").read_text() == "old b\n"


def test_all_or_none_restores_what_it_replaced_when_a_rename_fails(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(f"old {name}\n")
    real_replace = os.replace

    def failing_replace(src, dst):
        if str(dst).endswith("b.txt") and str(src).endswith(".part"):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(InputError, match="b.txt: cannot write: no space left on device"):  # named, not a traceback
        with all_or_none():
            atomic_write(tmp_path / "a.txt", "new a\n")
            atomic_write(tmp_path / "b.txt", "new b\n")
    assert sorted(os.listdir(tmp_path)) == ["a.txt", "b.txt"]
    assert (tmp_path / "a.txt").read_text() == "old a.txt\n"


@pytest.mark.parametrize("where, message", [
    ("dir", "is a directory"),
    ("file.txt/out.csv", "is a file, not a directory"),
    ("new/deeper/out.csv", None),  # directories that can be created are fine
])
def test_check_output(tmp_path, where, message):
    (tmp_path / "dir").mkdir()
    (tmp_path / "file.txt").write_text("x")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    if message is None:
        check_output(tmp_path / where)
    else:
        with pytest.raises(InputError, match=message):
            check_output(tmp_path / where)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before  # the probe leaves nothing


def test_screen_writes_no_csv_when_its_plot_fails_after_the_work(tmp_path, monkeypatch):
    # Regression (issue 12): `screen -o ok.csv --plot BAD` wrote the CSV and then crashed.
    model = tmp_path / "m.rules"
    model.write_text(MODEL)

    def broken_plot(result, path):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("mtorlogic.plot.plot_screen", broken_plot)
    result = CliRunner().invoke(main, ["screen", "--model", str(model), "--knockouts", "A", "-o",
                                       str(tmp_path / "ok.csv"), "--plot", str(tmp_path / "p.png")])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{tmp_path / 'p.png'}: cannot write: no space left on device" in result.stderr
    assert sorted(os.listdir(tmp_path)) == ["m.rules"]


def test_convert_to_maboss_writes_neither_file_when_the_cfg_fails(tmp_path, monkeypatch):
    # Regression (issue 12): `convert rules/ m.bnd` with m.cfg unwritable left m.bnd.
    from mtorlogic.io import _atomic

    write = _atomic._write_temporary

    def no_cfg(target, data):
        if target.suffix == ".cfg":
            raise OSError(13, "Permission denied", str(target))
        return write(target, data)

    monkeypatch.setattr(_atomic, "_write_temporary", no_cfg)
    result = CliRunner().invoke(main, ["convert", str(RULES), str(tmp_path / "m.bnd")])
    assert result.exit_code == 2 and "cannot write: permission denied" in result.stderr
    assert os.listdir(tmp_path) == []


def test_hypotheses_report_goes_to_a_new_directory(tmp_path):
    out = tmp_path / "out" / "h.md"
    result = CliRunner().invoke(main, ["hypotheses", "pten-loss-everolimus", "--max-size", "1", "--top", "1",
                                       "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert Path(out).read_text().startswith("# Hypotheses")
