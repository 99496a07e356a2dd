"""Random patterns: unbiased independent ±1 bits, the same set in every layout (int8 rows,
int8 columns, packed bits)."""
import numpy as np
import pytest
from scipy import stats

from hopsim import patterns
from hopsim.patterns import (
    pack_columns,
    random_pattern_bits,
    random_pattern_columns,
    random_patterns,
    unpack_patterns,
)


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


@pytest.mark.parametrize("p, n", [(1, 1), (7, 130), (63, 65), (64, 100), (65, 77), (130, 257),
                                  (3000, 50), (0, 5), (5, 0)])
def test_pattern_bits_are_the_pattern_columns_packed(p, n):
    """Drawn as bits (row blocks, repacked) or as int8: the same patterns, the same stream used."""
    rng_cols, rng_bits = np.random.default_rng(5), np.random.default_rng(5)
    cols = random_pattern_columns(rng_cols, p, n)
    bits = random_pattern_bits(rng_bits, p, n)
    assert bits.dtype == np.uint64 and bits.shape == (n, -(-p // 64))
    assert np.array_equal(bits, pack_columns(cols))
    assert np.array_equal(unpack_patterns(bits, np.arange(p)), cols.T)
    assert rng_cols.bit_generator.random_raw() == rng_bits.bit_generator.random_raw()


def test_pattern_bits_blocks_join_without_seams(monkeypatch):
    """Many repacking blocks (64 rows each here), P odd: no seam between blocks."""
    monkeypatch.setattr(patterns, "REPACK_BLOCK_WORDS", 64)
    p, n = 65, 300
    bits = patterns.random_pattern_bits(np.random.default_rng(9), p, n)
    cols = random_pattern_columns(np.random.default_rng(9), p, n)
    assert np.array_equal(unpack_patterns(bits, np.arange(p)), cols.T)
