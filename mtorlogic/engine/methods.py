"""Which backend solves a core: one function, used by the engine and by its planner.

Every search of the engine, and :func:`mtorlogic.engine.plan.plan` which sizes
it beforehand, choose the method here, so a plan and the search it describes
can never disagree.
"""

from __future__ import annotations

from ..errors import InputError, MtorlogicError, TooLargeError

SEMANTICS = ("async", "sync", "mp")
# The spellings other tools use (pyboolnet, mpbn, MaBoSS, GINsim) for the same semantics.
SPELLINGS = {"asynchronous": "async", "synchronous": "sync", "most-permissive": "mp", "most_permissive": "mp",
             "mostpermissive": "mp"}


def semantics_name(semantics: str) -> str:
    """Our name of a semantics spelt any usual way (``"asynchronous"`` -> ``"async"``); others as given.

    >>> semantics_name("Most-Permissive"), semantics_name("sync")
    ('mp', 'sync')
    """
    lowered = semantics.strip().lower()
    return SPELLINGS.get(lowered, lowered if lowered in SEMANTICS else semantics)
METHODS = ("auto", "exhaustive", "symbolic", "asp", "succession")
EXHAUSTIVE_LIMIT = 14  # above this, aeon is faster (benchmarks/crosscheck_bbm.py)
MP_EXHAUSTIVE_LIMIT = 10  # above this, clingo beats the state graph (and is worth importing)
# Asynchronous cores larger than this go through the succession diagram (biobalm): one aeon search
# over 2^n states gives out on random 160-node networks and on 60-90-node BBM cores that biobalm
# cuts into small trap spaces in well under a second (issue 20, benchmarks/random_networks.py).
SUCCESSION_LIMIT = 40
SYNC_LIMIT = 30  # the exhaustive synchronous search streams 2^n states: ~1.3 GB and minutes at 30

# Minimal trap spaces: clingo enumerates them one at a time, at about ASP_SECONDS_PER_SPACE_NODE per
# member and core node (1.2-2.0 us on the shared BBM models with 2^12-2^15 members); aeon builds them
# as one set, at a cost that grows with the core and hardly with the count (upper envelope measured on
# the same models: 5 ms at 20 free nodes, doubling every AEON_DOUBLING_NODES more: 0.3 s at 38, 2 s
# at 50, 5 s at 66 on a loaded machine; over 10 s on some 80-node cores that clingo answers in 2 s), then lists its
# members at AEON_SECONDS_PER_SPACE each. A core with k free inputs has at least 2^k members: on that
# lower bound, aeon is chosen where its envelope is below clingo's estimate; above AEON_STEADY_NODES
# free nodes aeon's time varies a hundredfold at one size (66-node cores: 1 s, and over 60 s where
# clingo takes 8 s), so there it must be AEON_MARGIN times below, unless the bound alone says the
# members are past listing (2^HUGE_INPUTS and more: one set answers; clingo would take minutes on
# 082-tcr-tlr5, 101,376 members of a 128-node core, where aeon takes 4-17 s).
ASP_SECONDS_PER_SPACE_NODE = 1.6e-6
AEON_BASE_SECONDS, AEON_BASE_NODES, AEON_DOUBLING_NODES = 0.005, 20, 5
AEON_SECONDS_PER_SPACE = 5e-6
AEON_STEADY_NODES, AEON_MARGIN, HUGE_INPUTS = 40, 4.0, 16


def choose_method(semantics: str, core_size: int, method: str = "auto",
                  exhaustive_limit: int = EXHAUSTIVE_LIMIT, free_inputs: int = 0) -> str:
    """The backend that solves a core of ``core_size`` free nodes (``free_inputs`` of them inputs)
    under ``semantics``.

    ``method`` "auto" picks: asynchronous, exhaustive up to ``exhaustive_limit``
    nodes, then symbolic (aeon) up to ``SUCCESSION_LIMIT``, then the succession
    diagram (biobalm); most-permissive, exhaustive up to
    ``MP_EXHAUSTIVE_LIMIT``, then ASP (clingo) or symbolic (aeon), whichever
    :func:`mp_estimates` finds cheaper; synchronous, exhaustive up to
    ``SYNC_LIMIT`` (no other backend does synchronous attractors). A method
    given explicitly is checked against what it can do.

    Raises
    ------
    TooLargeError
        When no backend (or not the one asked for) can solve such a core; the message says what can.

    Examples
    --------
    >>> choose_method("async", 30), choose_method("async", 80), choose_method("mp", 30), choose_method("sync", 30)
    ('symbolic', 'succession', 'asp', 'exhaustive')

    A 30-node core with 16 free inputs has at least 65,536 minimal trap spaces: one set beats a list.

    >>> choose_method("mp", 30, free_inputs=16)
    'symbolic'
    """
    if semantics not in SEMANTICS:
        raise InputError.at("", f"unknown semantics '{semantics}': choose one of {', '.join(SEMANTICS)} "
                            f"(or {', '.join(SPELLINGS)})")
    if method not in METHODS:
        raise MtorlogicError(f"unknown method '{method}': choose one of {', '.join(METHODS)}")
    n = core_size
    if method == "auto":
        if semantics == "async":
            return "exhaustive" if n <= exhaustive_limit else "symbolic" if n <= SUCCESSION_LIMIT else "succession"
        if semantics == "mp":
            if n <= min(exhaustive_limit, MP_EXHAUSTIVE_LIMIT):
                return "exhaustive"
            asp, aeon = mp_estimates(n, free_inputs)
            margin = 1.0 if n <= AEON_STEADY_NODES else AEON_MARGIN
            return "symbolic" if aeon * margin < asp or free_inputs >= HUGE_INPUTS else "asp"
        method = "exhaustive"
    if method == "exhaustive":
        limit = SYNC_LIMIT if semantics == "sync" else 30
        if n > limit:
            other = ("fix more inputs, or use --semantics async or mp" if semantics == "sync"
                     else "use method 'symbolic' (--method symbolic)")
            raise TooLargeError(f"the reduced network has {n} free nodes: 2^{n} states is too many for the "
                                f"exhaustive method (at most {limit}); {other}")
    elif semantics == "sync":
        raise MtorlogicError(f"synchronous attractors are computed exhaustively only (up to {SYNC_LIMIT} free "
                            f"nodes), not with method '{method}'; use --method exhaustive or auto")
    elif method == "asp" and semantics != "mp":
        raise MtorlogicError("method 'asp' computes most-permissive attractors (minimal trap spaces) only; "
                             "use --semantics mp, or --method symbolic")
    elif method == "succession" and semantics != "async":
        raise MtorlogicError("method 'succession' computes asynchronous attractors only; use --semantics async, "
                             "or --method auto")
    return method


def mp_estimates(core_size: int, free_inputs: int) -> tuple[float, float]:
    """Estimated seconds to find the minimal trap spaces of a core by clingo and by aeon, from its
    size and the lower bound ``2^free_inputs`` on their number (the constants above say how measured).

    >>> [round(t, 2) for t in mp_estimates(33, 15)]   # 111-apoptosis: clingo 2.2 s, aeon 0.3 s
    [1.73, 0.19]
    """
    spaces = 2.0 ** free_inputs
    asp = spaces * core_size * ASP_SECONDS_PER_SPACE_NODE
    growth = (core_size - AEON_BASE_NODES) / AEON_DOUBLING_NODES
    aeon = AEON_BASE_SECONDS * 2.0 ** min(growth, 1000.0) + spaces * AEON_SECONDS_PER_SPACE
    return asp, aeon
