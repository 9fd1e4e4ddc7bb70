"""`paused_gc`: no cycle collection inside, nested pauses end with the outermost, a disabled collector stays so."""

from __future__ import annotations

import gc

from lianluo.kernel import paused_gc


def test_nested_pauses_restore_the_collector_at_the_outermost_end():
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner end does not restart it
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    try:
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_inside_still_restores_it():
    try:
        with paused_gc():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
