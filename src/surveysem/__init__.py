"""surveysem: questionnaire data + a model description → every table and figure of a PLS-SEM or
regression paper, reproducibly.

Data flows one way: ``data`` (read, clean) → ``model`` (lavaan syntax) → ``pls`` (estimate,
bootstrap) → ``assess`` (reliability, validity, structural model, fit, mediation) → ``report``.
"""
__version__ = "0.1.0"


def __getattr__(name):  # lazy top-level API, so `import surveysem` stays cheap
    if name == "pls":
        import importlib

        return importlib.import_module(".pls", __name__)  # a callable package: surveysem.pls(data, model)
    if name in ("parse_model", "read_model", "Model"):
        from . import model

        return getattr(model, name)
    raise AttributeError(f"module 'surveysem' has no attribute {name!r}")
