"""Reliability harness shared by the tests (tests/test_reliability_*.py) and `bench/reliability.py`: each
module runs one guarantee's experiment and returns its figures; the callers assert or print them."""
