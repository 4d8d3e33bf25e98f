"""PLS-SEM estimation: the batched PLS path algorithm, bootstrap, and effects.

``pls(data, model)`` estimates; ``result.bootstrap(boot, seed)`` infers.
"""
from .estimate import PLSResult, pls

__all__ = ["PLSResult", "pls"]
