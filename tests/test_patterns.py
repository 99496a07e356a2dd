"""Random patterns: unbiased independent ±1 bits, the same set in either layout."""
import numpy as np
from scipy import stats

from hopsim.patterns import random_pattern_columns, random_patterns


def test_bits_are_fair_and_independent():
    x = random_patterns(np.random.default_rng(3), 400, 2500).astype(np.int64)
    assert set(np.unique(x)) == {-1, 1}
    n = x.size
    # Mean and nearest-neighbour correlation (along and across the 64-bit words) within 4σ of 0.
    assert abs(x.mean()) < 4 / np.sqrt(n)
    for a, b in ((x[:, 1:], x[:, :-1]), (x[1:], x[:-1])):
        assert abs((a * b).mean()) < 4 / np.sqrt(a.size)
    # Each pattern's number of +1 bits is Binomial(N, ½).
    plus = (x > 0).sum(axis=1)
    assert stats.kstest(plus, stats.binom(2500, 0.5).cdf).pvalue > 1e-3


def test_layouts_hold_the_same_patterns():
    cols = random_pattern_columns(np.random.default_rng(5), 7, 130)
    rows = random_patterns(np.random.default_rng(5), 7, 130)
    assert cols.shape == (130, 7) and rows.shape == (7, 130)
    assert np.array_equal(cols.T, rows) and rows.flags.c_contiguous
