# Gaussian copula reference on an own example study: the copula regressions of Park & Gupta (2012) as Hult et al.
# (2018) run them on PLS construct scores, written out in base R (lm, rank, qnorm) on seminr 2.3.2's construct
# scores of the model of own_data/<study>.json; normality p-values from nortest::lillie.test and shapiro.test.
# Usage (from the reference folder): Rscript scripts/own_data_copula.R <project-root> [study ...]
# Writes own_data/<study>_copula.json and own_data/<study>_copula_boot_indices.csv.gz
#
# For each endogenous construct Y with predictors X_1..X_k (seminr's smMatrix) and each set S of predictors (every
# non-empty combination when k <= 4, else each alone and all together, Hult et al. 2018):
#   lm(Y ~ X_1 + ... + X_k + c(X_s) for s in S), c(x) = qnorm(rank(x) / (n + 1)) (ties: average rank)
# Bootstrap: B resamples of the n rows, drawn once per study (set.seed(123); row b = sample.int(n, n, TRUE)) and
# shared by every model; in each resample the copula terms are recomputed from the resampled values (rank within the
# resample) and the regression refitted; boot_sd = sd() of the B copula coefficients (n - 1 divisor).
source("scripts/own_data_models.R")
suppressPackageStartupMessages(library(nortest))
studies <- if (length(OWN_ARGS) > 1) OWN_ARGS[-1] else c("shopee_trust", "tiktok_gifting")
NBOOT <- c(shopee_trust = 200L, tiktok_gifting = 100L)
copula <- function(x) qnorm(rank(x) / (length(x) + 1))
sets_of <- function(k) {
  if (k <= 4) unlist(lapply(seq_len(k), function(r) combn(k, r, simplify = FALSE)), recursive = FALSE)
  else c(as.list(seq_len(k)), list(seq_len(k)))
}
fit_copula <- function(y, X, S) {
  C <- sapply(S, function(s) copula(X[, s])); C <- matrix(C, nrow = nrow(X))
  cf <- coef(lm(y ~ X + C))
  unname(cf[(ncol(X) + 2):length(cf)])
}
for (nm in studies) {
  s <- own_spec[[nm]]
  m <- fit_model(s)
  sc <- m$construct_scores
  n <- nrow(sc)
  B <- NBOOT[[nm]]
  set.seed(123)
  idx <- t(sapply(seq_len(B), function(b) sample.int(n, n, replace = TRUE)))
  sm <- m$smMatrix
  endo <- seminr:::all_endogenous(sm)
  models <- list()
  for (y in endo) {
    preds <- unique(sm[sm[, "target"] == y, "source"])
    X <- sc[, preds, drop = FALSE]
    for (S in sets_of(length(preds))) {
      est <- fit_copula(sc[, y], X, S)
      draws <- t(sapply(seq_len(B), function(b) { r <- idx[b, ]; fit_copula(sc[r, y], X[r, , drop = FALSE], S) }))
      draws <- matrix(draws, nrow = B)
      models[[length(models) + 1]] <- list(outcome = y, predictors = preds, copula = preds[S], estimate = est,
                                           boot_sd = apply(draws, 2, sd))
    }
  }
  normal <- lapply(colnames(sc), function(cn) list(
    lillie_p = lillie.test(sc[, cn])$p.value, lillie_D = unname(lillie.test(sc[, cn])$statistic),
    shapiro_p = shapiro.test(sc[, cn])$p.value))
  names(normal) <- colnames(sc)
  out <- list(meta = list(
    tools = sprintf("R %s, seminr %s (construct scores), stats::lm, nortest %s", R.version.string,
                    as.character(packageVersion("seminr")), as.character(packageVersion("nortest"))),
    dataset = s$data, data_file = s$data_file, model_file = s$model_file, model_syntax = s$model_syntax,
    data_license = "the project's own synthetic example data (MIT), see data/README.md",
    n = n, nboot = B,
    estimate = "estimate_pls(data, mm, sm, inner_weights = path_weighting, missing = mean_replacement, missing_value = '-99') as in own_data/<study>.json; m$construct_scores",
    copula_term = "qnorm(rank(x) / (n + 1)), rank ties averaged (R's default)",
    model = "lm(Y ~ all predictors' scores + copula terms of the set); coefficient of each copula term",
    bootstrap = "set.seed(123); row b of the indices = sample.int(n, n, replace = TRUE) (1-based), shared by every model; copula terms re-ranked within each resample; boot_sd = sd over the B resamples",
    sets = "every non-empty combination of the predictors when there are at most 4, else each alone and all together (Hult et al. 2018)",
    boot_indices_csv = "<study>_copula_boot_indices.csv.gz: resample (1..B), then case_1..case_n (1-based rows)"),
    models = models, normality = normal)
  ind <- data.frame(resample = seq_len(B), idx); colnames(ind) <- c("resample", paste0("case_", seq_len(n)))
  gz <- gzfile(file.path(OUT_DIR, sprintf("%s_copula_boot_indices.csv.gz", nm)), "w")
  write.csv(ind, gz, row.names = FALSE); close(gz)
  write_json(out, file.path(OUT_DIR, paste0(nm, "_copula.json")))
  cat(nm, length(models), "models\n")
}
