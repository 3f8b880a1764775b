"""Bounded work: run a computation in a child process with a deadline and a memory cap.

The engine's native backends (biodivine-aeon, clingo) cannot be interrupted
from Python: a Ctrl-C or a timer waits until they return, which may be never.
So a bounded computation runs in a child process (forked, so nothing is
copied; or started fresh when threads are running, since forking a
multi-threaded process can deadlock). The child streams progress to the
parent through a pipe; the parent waits on that pipe, and at the deadline, on
Ctrl-C or on SIGTERM it kills the child and raises:

- :class:`~mtorlogic.errors.TimeoutExceeded` at the deadline, saying what was
  done (``41 of 64 input classes``, counted by a :class:`~.meter.Meter`), what
  was not, and how long the rest would take at the rate seen;
- :class:`~mtorlogic.errors.OutOfMemory` when the child exceeds its memory cap
  (``RLIMIT_AS``, by default the machine's memory: a backstop behind the
  up-front estimate of :mod:`.plan`);
- the child's own exception otherwise (located input errors stay located).

Pieces of the result that the computation hands over with
:func:`report_partial` as it goes are kept in ``TimeoutExceeded.partial``.

Examples
--------
>>> from mtorlogic.rules import read_rules_text
>>> from mtorlogic.engine.attractors import attractors
>>> m = read_rules_text("A = !B\\nB = !A")
>>> len(run_bounded(attractors, m, timeout=60))
2
"""

from __future__ import annotations

import functools
import inspect
import math
import os
import pickle
import resource
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from os import PathLike
from types import FrameType
from typing import IO, TYPE_CHECKING, Any, Callable, Mapping, NoReturn, ParamSpec, Sequence, TypeVar, Unpack

from ..errors import MtorlogicError, OutOfMemory, spell
from ..model import Model
from .meter import Meter, timeout_error
from .plan import format_bytes, machine_memory

if TYPE_CHECKING:
    import subprocess

P = ParamSpec("P")
T = TypeVar("T")

PROGRESS_INTERVAL = 0.05  # seconds between progress messages from the child (at most)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so that the same clean-up runs (the CLI exits 143)."""


_send_partial: Callable[[Sequence[object]], None] | None = None  # set in a bounded child


def report_partial(items: Sequence[object]) -> None:
    """Hand finished pieces of a result (rows of a screen, attractors of an input class) to the
    parent of a bounded computation, which keeps them in ``TimeoutExceeded.partial`` should time
    run out; does nothing outside a bounded child."""
    if _send_partial is not None:
        _send_partial(items)


def run_bounded(fn: Callable[..., T], *args: object, timeout: float | None = None,
                progress: Callable[..., object] | None = None, meter: Meter | None = None,
                memory_limit: int | None = None, advice: str = "", **kwargs: object) -> T:
    """``fn(*args, **kwargs)`` in a child process, within ``timeout`` seconds and ``memory_limit`` bytes.

    Parameters
    ----------
    fn : the computation; when it takes ``progress=``, the child passes it a callback that
        reports to the parent
    timeout : seconds (None or ``math.inf``: no deadline, but Ctrl-C still stops the child at once)
    progress : called in this process with what the child's computation reports
    meter : counts the progress for the timeout message (default: a generic one)
    memory_limit : the child's address-space cap in bytes (default: the machine's memory)
    advice : appended to the timeout message when the rate seen gives no better suggestion

    Raises
    ------
    TimeoutExceeded, OutOfMemory, KeyboardInterrupt (Ctrl-C), Terminated (SIGTERM),
    or whatever ``fn`` raised.
    """
    return _run_bounded(fn, args, kwargs, timeout, progress, meter or Meter("steps"), memory_limit, advice)


def _run_bounded(fn: Callable[..., T], args: tuple[object, ...], kwargs: Mapping[str, object], timeout: float | None,
                 progress: Callable[..., object] | None, meter: Meter, memory_limit: int | None, advice: str) -> T:
    check_timeout(timeout)
    job = _Job(fn, args, dict(kwargs), "progress" in _parameters(fn), meter.increments, meter.frequent,
               memory_limit or machine_memory())
    with tempfile.NamedTemporaryFile(prefix="mtorlogic-stderr.") as stderr:
        start = time.monotonic()
        child = _Child.start(job, stderr.name)
        partial: list[Any] = []
        try:
            kind, payload = _wait(child, start, timeout, progress, meter, partial)
        finally:
            child.stop()
        if kind == "result":
            _replay(stderr)
            result: T = payload  # what fn returned, unpickled
            return result
        if kind == "error":
            _replay(stderr)
            raise payload
        if kind == "timeout":
            raise timeout_error(timeout, meter, time.monotonic() - start, advice, partial)
        if kind == "memory":
            raise _out_of_memory(job.memory_limit)
        raise _died(child.exitcode, _tail(stderr), job.memory_limit)


def bounded(unit: str, *, increments: bool = False, phases: tuple[str, ...] = (), frequent: bool = False,
            total: Callable[[inspect.BoundArguments], int | None] | None = None,
            advice: str = "") -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Make a function's ``timeout=`` keyword argument bound it: with a timeout, a call runs
    through :func:`run_bounded`; without one (None, the default), it runs here as it is.

    The function declares ``timeout: float | None = None`` as a keyword-only parameter (so its
    signature, and a type checker, know of it) but never sees a value other than None.
    ``unit``, ``increments``, ``phases``, ``frequent`` describe its ``progress`` calls (see :class:`Meter`);
    ``total`` reads the amount of work from the call's arguments when the calls do not say.
    """
    def decorate(fn: Callable[P, T]) -> Callable[P, T]:
        signature = inspect.signature(fn)
        declared = signature.parameters.get("timeout")
        if declared is None or declared.kind is not inspect.Parameter.KEYWORD_ONLY or declared.default is not None:
            raise TypeError(f"{fn.__qualname__} must declare a keyword-only 'timeout: float | None = None' "
                            "to be bounded")

        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
            timeout = check_timeout(kwargs.pop("timeout", None))
            bar = _Bar(unit, not increments) if timeout is None else None
            meant, named = _as_meant(signature, args, kwargs, bar)
            if timeout is None:
                return fn(*meant, **named)
            progress = named.pop("progress", None)
            call = signature.bind(*meant, **named)
            call.apply_defaults()
            amount = total(call) if total else None
            meter = Meter(unit, amount, increments, phases, frequent)
            # The child calls the public function again, without a timeout (picklable by name).
            return _run_bounded(wrapper, meant, named, timeout, _shown_here(progress, meter), meter, None, advice)

        return wrapper

    return decorate


def _input_classes(call: inspect.BoundArguments) -> int:
    from .plan import plan

    a = call.arguments
    return plan(a["model"], a["semantics"], a["method"], a["reduction"], a["exhaustive_limit"]).input_classes


# The bound of an attractor search: progress in input classes, their number from its plan.
bounded_search = bounded("input classes", total=_input_classes,
                         advice="no input class finished: fix inputs or nodes to shrink the core, or allow more time")


def _as_meant(signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any],
              bar: Callable[..., None] | None) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """The arguments of a public call as the function expects them: ``semantics`` in any spelling peers
    use (``"asynchronous"``), and ``progress=True`` as ``bar`` (when given: a call run here) unless the
    function's signature says it takes a bool itself (``progress: Progress``)."""
    call = signature.bind_partial(*args, **kwargs)
    changed = False
    model = call.arguments.get("model")
    if model is not None and "model" in signature.parameters and not isinstance(model, Model):
        hint = (f"; read it first: mtorlogic.read_model({str(model)!r}) or mtorlogic.load({str(model)!r})"
                if isinstance(model, (str, PathLike)) else "")
        raise TypeError(f"the model must be a mtorlogic Model, not {type(model).__name__} {model!r}{hint}")
    if isinstance(call.arguments.get("semantics"), str):
        from .methods import semantics_name

        plain = semantics_name(call.arguments["semantics"])
        changed = plain != call.arguments["semantics"]
        call.arguments["semantics"] = plain
    shown = call.arguments.get("progress")
    declared = signature.parameters.get("progress")
    handles_true = declared is not None and any(word in str(declared.annotation) for word in ("Progress", "bool"))
    if bar is not None and shown is not None and not callable(shown) and not handles_true:
        call.arguments["progress"] = bar if shown else None
        changed = True
    return (call.args, call.kwargs) if changed else (args, kwargs)


class _Bar:
    """``progress=True`` of a call that reports ``(done, total)``: a bar (:func:`.progress.as_progress`),
    made at the first report, when the total is known."""

    def __init__(self, unit: str, cumulative: bool):
        self.unit, self.cumulative = unit, cumulative
        self.bar: Callable[[int], None] | None = None

    def __call__(self, done: int, total: int | None = None, *rest: object) -> None:
        if self.bar is None:
            from .progress import as_progress

            self.bar = as_progress(True, total, self.unit, cumulative=self.cumulative)
        self.bar(done)


def _shown_here(progress: object, meter: Meter) -> Callable[..., object] | None:
    """The ``progress`` option of a bounded call, for this process to call with what the child
    reports: a callable as it is, True a progress bar (:func:`mtorlogic.engine.progress.as_progress`)."""
    if callable(progress):
        return progress
    if not progress:
        return None
    from .progress import as_progress

    return as_progress(True, meter.total, meter.unit, cumulative=not meter.increments)


def die_with_parent(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` (the process that started it) dies.

    Linux: ``prctl(PR_SET_PDEATHSIG, SIGKILL)``; should the parent have died before that took
    effect, exit now. Elsewhere, a thread watches for the parent to go.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_PDEATHSIG = 1
            if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0:
                if os.getppid() != parent:
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def check_timeout(timeout: object) -> float | None:
    """A timeout is a positive number of seconds (or None): returned as it is, else refused."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or math.isnan(timeout) or timeout <= 0:
        raise MtorlogicError(f"the timeout must be a positive number of seconds, not {timeout!r}")
    return timeout


# --- the child ---------------------------------------------------------------------------


@dataclass
class _Job:
    fn: Callable[..., Any]
    args: tuple[object, ...]
    kwargs: dict[str, object]
    reports: bool  # pass the computation a progress callback
    increments: bool  # its progress calls give increments
    frequent: bool  # its progress calls are worth sending only now and then
    memory_limit: int


class _Child:
    """The child process: forked from a single-threaded parent (nothing to copy), else a fresh
    interpreter that reads the pickled job from its stdin (forking a process whose other threads
    hold locks can deadlock the child). Either way, it reports on a pipe of its own."""

    def __init__(self, pid: int, popen: subprocess.Popen[bytes] | None, connection: Connection):
        self.pid, self.popen, self.connection = pid, popen, connection
        self.exitcode: int | None = None

    @classmethod
    def start(cls, job: _Job, stderr_path: str) -> "_Child":
        read_end, write_end = os.pipe()
        if _forkable():
            pid = os.fork()
            if pid == 0:  # the child: never return into the caller's code
                code = 0
                try:
                    os.close(read_end)
                    _run_job(Connection(write_end), job, stderr_path)
                except BaseException:  # noqa: BLE001 - a failure outside the job: tell the parent on stderr
                    import traceback

                    traceback.print_exc()
                    code = 1
                finally:
                    os._exit(code)
            popen = None
        else:
            import subprocess

            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
            entry = "from mtorlogic.engine.budget import _spawned_main; _spawned_main()"
            popen = subprocess.Popen([sys.executable, "-c", entry, str(write_end), stderr_path],
                                     stdin=subprocess.PIPE, pass_fds=(write_end,), env=env)
            pid = popen.pid
        os.close(write_end)
        child = cls(pid, popen, Connection(read_end, writable=False))
        if popen is not None and popen.stdin is not None:
            try:
                popen.stdin.write(pickle.dumps(job))
                popen.stdin.close()
            except (BrokenPipeError, pickle.PicklingError, TypeError, AttributeError) as e:
                child.stop()
                raise MtorlogicError(f"cannot hand this computation to a child process: {e}") from None
        return child

    def stop(self) -> None:
        """Kill the child if it still runs, and reap it."""
        if self.exitcode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.reap()
        self.connection.close()

    def reap(self) -> None:
        """Wait for the child to end (after it stopped writing, or was killed)."""
        if self.popen is not None:
            self.exitcode = self.popen.wait()
        else:
            _, status = os.waitpid(self.pid, 0)
            self.exitcode = os.waitstatus_to_exitcode(status)


def _spawned_main() -> None:
    """Entry point of a child started as a fresh interpreter: the job comes pickled on stdin."""
    connection = Connection(int(sys.argv[1]), readable=False)
    job = pickle.loads(sys.stdin.buffer.read())
    _run_job(connection, job, sys.argv[2])


def _run_job(conn: Connection, job: _Job, stderr_path: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group; the parent decides
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    # Native backends print on abort ("memory allocation of N bytes failed"): the parent shows or explains it.
    with open(stderr_path, "ab") as log:
        os.dup2(log.fileno(), 2)
    try:
        resource.setrlimit(resource.RLIMIT_AS, (job.memory_limit, job.memory_limit))
    except (ValueError, OSError):
        pass
    reporter = _Reporter(conn, job.increments, job.frequent)

    def send_partial(items: Sequence[object]) -> None:
        reporter.flush()  # progress first: the parent counts what the pieces belong to
        conn.send(("partial", items))

    global _send_partial
    _send_partial = send_partial
    try:
        kwargs = {**job.kwargs, "progress": reporter} if job.reports else job.kwargs
        result = job.fn(*job.args, **kwargs)
        reporter.flush()
        conn.send(("result", result))
    except MemoryError:
        conn.send(("memory", None))
    except BaseException as e:  # noqa: BLE001 - everything goes back to the parent
        try:
            conn.send(("error", e))
        except Exception:  # an exception that does not pickle: its text and traceback
            import traceback

            conn.send(("error", MtorlogicError(f"{type(e).__name__}: {e}\n{traceback.format_exc()}")))
    finally:
        conn.close()


class _Reporter:
    """The child's progress callback: forwards each call to the parent (for frequent calls, at most
    one per PROGRESS_INTERVAL, increments summed), so the parent knows what is done at any moment."""

    def __init__(self, conn: Connection, increments: bool, frequent: bool):
        self.conn, self.increments, self.frequent = conn, increments, frequent
        self.pending: tuple[int, Unpack[tuple[int | None, ...]]] | None = None
        self.sent = 0.0

    def __call__(self, done: int, *rest: int | None) -> None:
        """``(done)``, ``(done, total)`` or, with increments, ``(amount)``: see :meth:`.Meter.update`."""
        if self.increments and self.pending is not None:
            done += self.pending[0]
        self.pending = (done, *rest)
        if not self.frequent or time.monotonic() - self.sent >= PROGRESS_INTERVAL:
            self.flush()

    def flush(self) -> None:
        if self.pending is not None:
            self.conn.send(("progress", self.pending))
            self.pending = None
            self.sent = time.monotonic()


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (a parent killed with SIGKILL cleans nothing up)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


# --- the parent --------------------------------------------------------------------------


def _wait(child: _Child, start: float, timeout: float | None, progress: Callable[..., object] | None, meter: Meter,
          partial: list[Any]) -> tuple[str, Any]:
    deadline = None if timeout is None or math.isinf(timeout) else start + timeout
    with _sigterm_raises():
        while True:
            wait = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not child.connection.poll(wait):
                return "timeout", None
            try:
                kind, payload = child.connection.recv()
            except EOFError:  # the child died without a word
                child.reap()
                return "died", None
            if kind == "partial":
                partial.extend(payload)
                continue
            if kind != "progress":
                return kind, payload
            meter.update(*payload)
            if progress is not None:
                progress(*payload)


class _sigterm_raises:
    """While waiting in the main thread, SIGTERM raises :class:`Terminated` (then the child is killed)."""

    def __enter__(self) -> _sigterm_raises:
        self.previous: Callable[[int, FrameType | None], Any] | int | None = None
        if threading.current_thread() is threading.main_thread():
            current = signal.getsignal(signal.SIGTERM)
            if current in (signal.SIG_DFL, None):
                self.previous = signal.signal(signal.SIGTERM, _raise_terminated)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def _raise_terminated(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated()


def _forkable() -> bool:
    """Fork only when no other thread may be holding a lock the child needs: the process is
    single-threaded, or its other threads are idle thread-pool workers waiting for work (Dask
    leaves one such thread behind after its first use)."""
    if not hasattr(os, "fork"):
        return False
    main = threading.current_thread()
    return all(t is main or _idle_pool_worker(t) for t in threading.enumerate())


def _idle_pool_worker(thread: threading.Thread) -> bool:
    """Whether ``thread`` is a concurrent.futures worker with nothing queued (blocked on its queue)."""
    from concurrent.futures import thread as pool

    target = getattr(thread, "_target", None)
    args: tuple[Any, ...] = getattr(thread, "_args", ())
    if target is not getattr(pool, "_worker", None) or len(args) < 2:
        return False
    executor, queue = args[0](), args[1]  # a weak reference to the executor, and its work queue
    idle = getattr(getattr(executor, "_idle_semaphore", None), "_value", -1)  # released by each idle worker
    return hasattr(queue, "empty") and queue.empty() and idle >= len(getattr(executor, "_threads", ()))


def _parameters(fn: Callable[..., object]) -> set[str]:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()


def _out_of_memory(limit: int) -> OutOfMemory:
    return OutOfMemory(f"the computation ran out of memory: it may use {format_bytes(limit)} (the machine's "
                       f"memory); fix more inputs or nodes ({spell('--fix', 'model.fix')}) to shrink the network")


def _died(exitcode: int | None, stderr: str, limit: int) -> MtorlogicError:
    if "memory allocation" in stderr and "failed" in stderr:
        return _out_of_memory(limit)
    how = f"signal {signal.Signals(-exitcode).name}" if exitcode and exitcode < 0 else f"exit code {exitcode}"
    detail = f": {stderr.strip().splitlines()[-1]}" if stderr.strip() else ""
    if exitcode == -signal.SIGKILL:
        detail += " (killed from outside, perhaps by the system for lack of memory)"
    return MtorlogicError(f"the computation stopped unexpectedly ({how}){detail}")


def _tail(stderr: IO[bytes]) -> str:
    stderr.seek(0)
    return stderr.read()[-4000:].decode("utf-8", errors="replace")


def _replay(stderr: IO[bytes]) -> None:
    """Show what the child printed on stderr (warnings), as if it had run here."""
    stderr.seek(0)
    data = stderr.read()
    if data:
        sys.stderr.write(data.decode("utf-8", errors="replace"))
        sys.stderr.flush()
