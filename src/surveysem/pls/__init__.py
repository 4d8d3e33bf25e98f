"""PLS-SEM estimation: the batched PLS path algorithm, bootstrap, and effects.

``surveysem.pls(data, model)`` (or ``surveysem.pls.pls``) estimates; ``result.bootstrap(boot, seed)`` infers.
The package itself is callable so that the short form works while ``surveysem.pls.bootstrap`` etc. stay importable.
"""
import sys
import types

from .estimate import PLSResult, pls

__all__ = ["PLSResult", "pls"]


class _CallablePackage(types.ModuleType):
    def __call__(self, *args, **kwargs):
        return pls(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
