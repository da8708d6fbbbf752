"""Problems small enough to be answered from their whole joint: one einsum, no plan.

The smallest networks' cold queries are mostly planning; a problem whose joint over every
axis left holds at most SMALL_JOINT cells skips it.

Example:
    >>> import numpy as np
    >>> prior, cpt = np.array([0.8, 0.2]), np.array([[0.9, 0.1], [0.2, 0.8]])
    >>> small_enough(["r", "rw"], [(2,), (2, 2)])
    True
    >>> z, _, out = marginals_by_joint(["r", "rw"], [prior, cpt], {"wet": "w"})
    >>> float(z), out["wet"].round(2).tolist()
    (1.0, [0.76, 0.24])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from string import ascii_letters

import numpy as np

from scenarios.engine.pairwise import einsum_takes

SMALL_JOINT = 2**10  # cells: a problem whose whole joint is this small skips planning


def small_enough(subscripts: Sequence[str], shapes: Sequence[tuple[int, ...]]) -> bool:
    """Whether the joint of every axis of the operands holds at most SMALL_JOINT cells and
    numpy.einsum takes them all (stops at the first axes over it: most problems are far
    larger)."""
    seen: set[str] = set()
    joint = 1
    for sub, shape in zip(subscripts, shapes, strict=True):
        for c, n in zip(sub, shape, strict=True):
            if c not in seen:
                seen.add(c)
                joint *= n
                if joint > SMALL_JOINT:
                    return False
    return einsum_takes(len(subscripts), len(seen))


def marginals_by_joint(
    subscripts: Sequence[str], arrays: Sequence[np.ndarray], wanted: Mapping[str, str]
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """Z, log Z and the unnormalized marginal of each name in ``wanted`` (name -> its axis):
    the joint of every axis in one einsum, each marginal a sum of it."""
    axes = "".join(dict.fromkeys("".join(subscripts)))
    letters = dict(zip(axes, ascii_letters, strict=False))
    terms = ",".join("".join(letters[c] for c in sub) for sub in subscripts)
    joint = np.einsum(terms + "->" + "".join(letters[c] for c in axes), *arrays)
    z = np.asarray(joint.sum())
    with np.errstate(divide="ignore"):
        log_z = np.log(z)
    out = {}
    for name, axis in wanted.items():
        keep = axes.index(axis)
        out[name] = joint.sum(axis=tuple(i for i in range(len(axes)) if i != keep))
    return z, log_z, out
