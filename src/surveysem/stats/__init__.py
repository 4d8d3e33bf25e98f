"""Numerics several analysis packages share, below all of them: seeded resampling and batching, type-7 quantiles,
the bootstrap summary columns and BCa bounds, flagged solves, HTMT of a batch, the Lilliefors normality test, and the BLAS thread pin.

Layer: imports only numpy, scipy, pandas, statsmodels and threadpoolctl (never another surveysem package), so that data flows one
way, data → model → stats → pls → assess → the other analyses → report (docs/DEVELOPERS.md).
"""
from .matrices import COND_MAX, condition, flagged_inv, flagged_solve, htmt_batch, well_conditioned, zscores
from .normality import lilliefors_normality
from .quantiles import percentile_interval, quantile, quantile_sorted
from .resample import (
                       MEMORY_BUDGET,
                       batch_size,
                       fold_ids,
                       generator,
                       in_batches,
                       indices_to_counts,
                       resample_batches,
                       resample_indices,
)
from .summary import BOOT_COLUMNS, bca_bounds, summarize
from .threads import blas_pinned, single_threaded_blas

__all__ = ["BOOT_COLUMNS", "COND_MAX", "MEMORY_BUDGET", "batch_size", "bca_bounds", "blas_pinned", "condition",
           "flagged_inv", "flagged_solve", "fold_ids", "generator", "htmt_batch", "in_batches", "indices_to_counts",
           "lilliefors_normality", "percentile_interval", "quantile", "quantile_sorted", "resample_batches", "resample_indices",
           "single_threaded_blas", "summarize", "well_conditioned", "zscores"]
