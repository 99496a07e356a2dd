"""Classification of end states by their overlaps."""
import numpy as np

from hopsim import measures
from hopsim.patterns import flip_bits, mixture_states, random_patterns


def test_classify_constructed_states():
    rng = np.random.default_rng(0)
    n = 2000
    x = random_patterns(rng, 10, n)
    states = np.stack([
        x[3],                                           # pattern
        -x[4],                                          # reversed
        flip_bits(x[5:6], 60, rng)[0],                  # pattern with 3 % noise
        mixture_states(x, np.array([[0, 1, 2]]))[0],    # 3-mixture
        mixture_states(x, np.array([[0, 1, 2, 3, 4]]))[0],  # 5-mixture
        -mixture_states(x, np.array([[6, 7, 8]]))[0],   # mixture of reversed patterns
        random_patterns(rng, 1, n)[0],                  # spurious
    ])
    cls, order = measures.classify(measures.overlaps(x, states))
    names = [measures.CLASSES[c] for c in cls]
    assert names == ["pattern", "reversed", "pattern", "mixture", "mixture", "mixture", "spurious"]
    assert order.tolist() == [0, 0, 0, 3, 5, 3, 0]


def test_asymmetric_overlaps_are_not_a_symmetric_mixture():
    m = np.array([[0.8, 0.5, 0.45, 0.0], [0.5, 0.5, 0.0, 0.0]])
    cls, _ = measures.classify(m)
    assert [measures.CLASSES[c] for c in cls] == ["spurious", "spurious"]
