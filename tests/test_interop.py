"""Converters to and from biodivine-aeon and mpbn: round trips keep every function, and the
other tool finds the same attractors on what we hand it."""

import pytest

import mtorlogic
from mtorlogic import attractors
from mtorlogic.errors import MtorlogicError
from mtorlogic.interop import from_aeon, from_mpbn, to_aeon, to_mpbn
from mtorlogic.model import truth_table_equal
from mtorlogic.rules import read_rules_text



def same_functions(a, b):
    assert set(a.nodes) == set(b.nodes) and set(a.inputs) == set(b.inputs)
    for n in a.nodes:
        assert truth_table_equal(a.function(n), b.function(n)), n


TOY = read_rules_text("input A condition\nB = A & !C\nC = B | A\nD = 1\nE = !D & B")


@pytest.mark.parametrize("model", [TOY, mtorlogic.load()[0]], ids=["toy", "mtor"])
def test_aeon_round_trip_keeps_every_function(model):
    same_functions(model, from_aeon(to_aeon(model)))


def test_aeon_finds_our_trap_spaces_on_what_we_send():
    import biodivine_aeon as ba

    model = read_rules_text("A = !B\nB = !A\nC = A & !C")
    graph = ba.AsynchronousGraph(to_aeon(model))
    theirs = sorted(len(a.vertices().enclosing_named_subspace() or {}) for a in ba.Attractors.attractors(graph))
    ours = sorted(sum(v in (0, 1) for v in a.values.values()) for a in attractors(model))
    assert theirs == ours


def test_from_aeon_refuses_unknown_functions():
    import biodivine_aeon as ba

    bn = ba.BooleanNetwork.from_aeon("A -> B\nB -| A\n$B: A\n")  # A has no update function
    with pytest.raises(MtorlogicError, match="without an update function: A"):
        from_aeon(bn)


@pytest.mark.parametrize("model", [TOY, mtorlogic.load()[0]], ids=["toy", "mtor"])
def test_mpbn_round_trip_keeps_every_function(model):
    pytest.importorskip("mpbn")
    same_functions(model, from_mpbn(to_mpbn(model)))


def test_mpbn_finds_our_most_permissive_attractors():
    pytest.importorskip("mpbn")
    model = read_rules_text("A = !B\nB = !A\nC = A & !C\nD = D")
    theirs = sorted(sorted(a.items()) for a in to_mpbn(model).attractors())
    ours = sorted(sorted(a.values.items()) for a in attractors(model, semantics="mp"))
    assert theirs == ours
