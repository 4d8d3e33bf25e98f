# CVPAT reference on an own example study: seminrExtras::assess_cvpat() (seminrExtras 0.1.0, github
# sem-in-r/seminrExtras commit 5534b21, the last one built for seminr 2.3.x) on the model of own_data/<study>.json.
# Usage (from the reference folder): Rscript scripts/own_data_seminrextras_cvpat.R <project-root> [study ...]
# Writes own_data/<study>_cvpat.json and own_data/<study>_cvpat_boot_indices.csv.gz
#
# Two calls, both leave-one-out (noFolds = NULL: deterministic folds, so the out-of-sample errors are exact):
#  * "default": assess_cvpat(model) with every default (nboot = 2000, seed = 123, predict_DA, two.sided);
#  * "replay":  the same with nboot = 200; every call of seminrExtras' internal bootstrap_cvpat() is traced: the
#    case-wise losses it receives (LossM1 = PLS, LossM2 = benchmark) and the random-number state at its entry are
#    stored, and the resample indices it drew are regenerated from that state (per resample b it calls
#    sample(1:N, N, replace = TRUE) for the paired t-test and then sample(D_0, N, replace = TRUE) for the mean
#    loss difference: the second draw's indices are the ones behind "Boot T value"). The script checks that the
#    regenerated indices give R's own Boot T value before writing them.
source("scripts/own_data_models.R")
suppressPackageStartupMessages(library(seminrExtras))
studies <- if (length(OWN_ARGS) > 1) OWN_ARGS[-1] else "shopee_trust"
NBOOT_REPLAY <- as.integer(Sys.getenv("NBOOT_REPLAY", "200"))   # tiktok_gifting was run with 50 (file size)
ns <- asNamespace("seminrExtras")

trace_calls <- function() {
  calls <- list()
  trace("bootstrap_cvpat", where = ns, print = FALSE, tracer = bquote({
    assign(".cvpat_calls", c(get(".cvpat_calls", envir = globalenv()),
                             list(list(state = get(".Random.seed", envir = globalenv()), m1 = LossM1, m2 = LossM2,
                                       nboot = nboot))), envir = globalenv())
  }))
}

tab <- function(m) {   # assess_cvpat matrix -> {row: {col: value}}
  m <- unclass(m); attr(m, "comment") <- NULL; m2l(m)
}

for (nm in studies) {
  s <- own_spec[[nm]]
  m <- fit_model(s)
  endo <- seminr:::all_endogenous(m$smMatrix)
  out <- list(meta = list(
    package = "seminrExtras", version = as.character(packageVersion("seminrExtras")),
    source = "github sem-in-r/seminrExtras commit 5534b21 (Version 0.1.0, Imports seminr >= 2.3.0)",
    seminr = as.character(packageVersion("seminr")), R = R.version.string,
    dataset = s$data, data_file = s$data_file, model_file = s$model_file, model_syntax = s$model_syntax,
    data_license = "the project's own synthetic example data (MIT), see data/README.md",
    n = nrow(m$data), endogenous = endo,
    estimate = "estimate_pls(data, mm, sm, inner_weights = path_weighting, missing = mean_replacement, missing_value = '-99') as in own_data/<study>.json",
    default_call = "assess_cvpat(model) = assess_cvpat(model, testtype = 'two.sided', nboot = 2000, seed = 123, technique = predict_DA, noFolds = NULL, reps = NULL, cores = NULL)",
    replay_call = sprintf("assess_cvpat(model, nboot = %d) (other arguments default)", NBOOT_REPLAY),
    conventions = paste(
      "set.seed(seed) first; predict_pls(noFolds = NULL) = leave-one-out; LM benchmark = seminr 2.3.2 (lm of each",
      "item on ALL other indicators); IA = model$meanData (FULL-sample item means, in-sample); loss of case i for",
      "construct j = mean over j's items of the squared error; overall = rowMeans over the constructs' losses;",
      "bootstrap_cvpat(LossM1 = PLS, LossM2 = benchmark): D = LossM2 - LossM1, Boot T value = mean(D) / sd(BootDbar),",
      "BootDbar[b] = mean of a resample of D - mean(D), sd with divisor nboot - 1; Boot P Value = 2 pt(-|t|, N - 1);",
      "Std. T value = t.test(LossM2, LossM1, paired = TRUE); Diff = mean(PLS loss) - mean(benchmark loss)"),
    calls_order = "bootstrap_cvpat calls in order: PLS vs IA overall, PLS vs LM overall, PLS vs IA per construct (endogenous order), PLS vs LM per construct",
    boot_indices_csv = sprintf("<study>_cvpat_boot_indices.csv.gz: call (1-based, calls_order), resample (1..%d), then case_1..case_N: 1-based row indices of the resample of D_0", NBOOT_REPLAY)))
  # default call
  t0 <- system.time(d <- suppressWarnings(assess_cvpat(m)))
  out$default <- list(CVPAT_compare_LM = tab(d$CVPAT_compare_LM), CVPAT_compare_IA = tab(d$CVPAT_compare_IA),
                      elapsed_s = t0[["elapsed"]])
  print(d)
  # replay call
  assign(".cvpat_calls", list(), envir = globalenv())
  trace_calls()
  r <- suppressWarnings(assess_cvpat(m, nboot = NBOOT_REPLAY))
  untrace("bootstrap_cvpat", where = ns)
  calls <- get(".cvpat_calls", envir = globalenv())
  labels <- c("IA:Overall", "LM:Overall", paste0("IA:", endo), paste0("LM:", endo))
  stopifnot(length(calls) == length(labels))
  N <- nrow(m$data)
  rows <- list(); recorded <- list()
  for (k in seq_along(calls)) {
    cl <- calls[[k]]
    assign(".Random.seed", cl$state, envir = globalenv())
    idx <- matrix(0L, NBOOT_REPLAY, N)
    for (b in seq_len(NBOOT_REPLAY)) { sample.int(N, N, replace = TRUE); idx[b, ] <- sample.int(N, N, replace = TRUE) }
    D <- cl$m2 - cl$m1
    boot_dbar <- apply(idx, 1, function(i) mean(D[i] - mean(D)))
    t_replay <- mean(D) / sqrt(var(boot_dbar))
    bench <- sub(":.*", "", labels[k]); lv <- sub(".*:", "", labels[k])
    t_r <- unclass(r[[paste0("CVPAT_compare_", bench)]])[lv, "Boot T value"]
    stopifnot(isTRUE(all.equal(t_replay, t_r, tolerance = 1e-12)))
    rows[[k]] <- data.frame(call = k, resample = seq_len(NBOOT_REPLAY), idx)
    recorded[[labels[k]]] <- list(loss_pls = cl$m1, loss_benchmark = cl$m2, boot_t_replayed = t_replay)
  }
  names(rows) <- NULL
  ind <- do.call(rbind, rows); colnames(ind) <- c("call", "resample", paste0("case_", seq_len(N)))
  gz <- gzfile(file.path(OUT_DIR, sprintf("%s_cvpat_boot_indices.csv.gz", nm)), "w")
  write.csv(ind, gz, row.names = FALSE); close(gz)
  out$replay <- list(nboot = NBOOT_REPLAY, calls = labels,
                     CVPAT_compare_LM = tab(r$CVPAT_compare_LM), CVPAT_compare_IA = tab(r$CVPAT_compare_IA),
                     case_losses = recorded)
  print(r)
  write_json(out, file.path(OUT_DIR, paste0(nm, "_cvpat.json")))
}
