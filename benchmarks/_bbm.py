"""Shared by the BBM cross-check benchmark and test: the seeded input
assignment, biodivine-aeon run directly on the whole network, and the
comparison of two attractor lists."""

from __future__ import annotations

import os
import random
from pathlib import Path


def _find_bbm() -> Path:
    """``$MTORLOGIC_BBM_DIR``, else ``shared/models/bbm`` beside the nearest ancestor that has one
    (a checkout in ``/work/main`` and a worktree in ``/work/wt/NAME`` both find ``/work/shared``)."""
    if os.environ.get("MTORLOGIC_BBM_DIR"):
        return Path(os.environ["MTORLOGIC_BBM_DIR"])
    here = Path(__file__).resolve()
    for parent in here.parents[1:]:
        candidate = parent / "shared" / "models" / "bbm"
        if candidate.exists():
            return candidate
    return here.parents[2] / "shared" / "models" / "bbm"


BBM = _find_bbm()
# Why a test that needs the collection skips (naming no path outside the repository).
BBM_MISSING = "the Biodiversity of Boolean Models collection is not installed (set MTORLOGIC_BBM_DIR to its models/)"


def model_dirs(root: Path = BBM) -> list[Path]:
    return sorted(p for p in root.iterdir() if (p / "model.bnet").exists()) if root.exists() else []


def seeded_inputs(model, seed: int = 2026) -> dict[str, int]:
    """The same random input assignment for a model, every run."""
    rnd = random.Random(f"{seed}:{model.name}")
    return {n: rnd.randint(0, 1) for n in model.inputs}


def aeon_direct(model):
    """Asynchronous attractors by biodivine-aeon on the whole network (no percolation)."""
    from mtorlogic.engine.symbolic import attractors

    return attractors(model.nodes, model.functions, "async")


def aeon_inlined(model) -> int:
    """How many asynchronous attractors biodivine-aeon finds after inlining constants itself
    (``inline_constants(infer_constants=True)``: its own percolation), from the whole network."""
    import biodivine_aeon as ba

    from mtorlogic.engine.symbolic import to_aeon

    network = to_aeon(model.nodes, model.functions).inline_constants(infer_constants=True, repair_graph=True)
    if network.variable_count() == 0:
        return 1
    return len(ba.Attractors.attractors(ba.AsynchronousGraph(network)))


def biobalm_attractors(model, what: str = "sets") -> int:
    """How many asynchronous attractors biobalm finds from the whole network: its succession
    diagram, then each attractor's state set (``what="sets"``, ``expanded_attractor_sets``: the
    question ours answers) or one state in each (``"seeds"``, as its paper counts them).
    biobalm's own refusal (more stable motifs per node than its configured maximum) comes back
    as :class:`Refused`, not as an answer."""
    import biobalm

    from mtorlogic.engine.symbolic import to_aeon

    if not model.nodes:
        return 1
    diagram = biobalm.SuccessionDiagram(to_aeon(model.nodes, model.functions))
    try:
        diagram.build()
        found = diagram.expanded_attractor_sets() if what == "sets" else diagram.expanded_attractor_seeds()
    except RuntimeError as refusal:
        return Refused(str(refusal))
    return sum(len(attractors) for attractors in found.values())


def attractor_signature(attractors) -> list:
    """Order-free description: per attractor, its size, readouts and (when listed) states."""
    sig = []
    for a in attractors:
        states = tuple(sorted(map(tuple, a.states.tolist()))) if a.states is not None else None
        sig.append((a.size, tuple(sorted(a.values.items())), states))
    return sorted(sig, key=repr)


class Refused(str):
    """A tool's clean refusal (our ``TooLargeError``: the answer could not be held in
    memory), told apart from a timeout; ``seconds`` is how long the refusal took."""

    seconds: float = 0.0


def shown(result, seconds) -> str:
    """How a race table shows one outcome: seconds, ``refused`` or ``timeout``."""
    if isinstance(result, Refused):
        return "refused"
    return "timeout" if seconds is None else f"{seconds:.3f}"


def run_limited(fn, timeout: float):
    """``(result, seconds)`` of ``fn()`` run in a forked child process, ``(None, None)`` when it
    takes more than ``timeout`` seconds (the child is killed: a solver inside C code is stopped
    too, and its memory is given back), or ``(Refused(message), None)`` when our engine refuses
    the job as too large to hold. The time is measured inside the child, so neither the fork
    nor the transfer of the result counts; import what both sides use before calling."""
    import multiprocessing as mp
    import signal
    import time

    from mtorlogic.errors import TooLargeError

    ctx = mp.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)

    def child():
        os.setpgid(0, 0)  # a group of its own: a program it starts (trappist's clingo) is killed with it
        start = time.perf_counter()
        try:
            result = fn()
            send.send((result, time.perf_counter() - start, None))
        except TooLargeError as e:
            refused = Refused(str(e))
            refused.seconds = time.perf_counter() - start
            send.send((refused, None, None))
        except BaseException as e:  # noqa: BLE001 - reported to the parent
            send.send((None, None, f"{type(e).__name__}: {e}"))

    process = ctx.Process(target=child)
    process.start()
    try:
        if not receive.poll(timeout):
            return None, None
        result, seconds, error = receive.recv()
        if error:
            raise RuntimeError(error)
        return result, seconds
    finally:
        if process.is_alive():
            process.kill()
        try:
            os.killpg(process.pid, signal.SIGKILL)  # what the child left running
        except (ProcessLookupError, PermissionError):
            pass
        process.join()


def bnet_lines(model) -> dict[str, str]:
    """Every node's function as bnet text, inputs included (``x, x``): a tool that reads a
    bnet file drops inputs without a line of their own, so peers get the network this way."""
    from mtorlogic.expr import to_text

    return {n: to_text(model.function(n), "bnet") for n in model.nodes}
