# BCa reference on an own example study: cSEM bootstrap draws, the real delete-one jackknife, infer()'s intervals, and
# the Efron (1987) / boot::bca.ci bounds computed from them (the layout and conventions of scripts/csem_bca.R in
# ../shared/reference, including the cSEM 0.6.1 defect that feeds its bootstrap draws to the acceleration in place of
# the jackknife).
# Usage (from the reference folder): Rscript scripts/own_data_csem_bca.R <project-root> [study]
# Writes own_data/<study>_bca.json, own_data/<study>_bca_boot_draws.csv.gz, own_data/<study>_bca_jackknife.csv.gz
source("scripts/own_data_models.R")
suppressMessages(library(cSEM))
nm <- if (length(OWN_ARGS) > 1) OWN_ARGS[2] else "shopee_trust"
R_BOOT <- 2000; SEED <- 123; ALPHA <- 0.05
s <- own_spec[[nm]]
sfit <- fit_model(s)
dat <- as.data.frame(sfit$data)[, unique(sfit$mmMatrix[, "measurement"])]   # seminr mean-replaced data, all rows
model <- s$model_syntax
res <- csem(.data = dat, .model = model, .approach_weights = "PLS-PM", .PLS_weight_scheme_inner = "path",
            .disattenuate = FALSE)
t <- system.time(rb <- csem(.data = dat, .model = model, .approach_weights = "PLS-PM", .PLS_weight_scheme_inner = "path",
            .disattenuate = FALSE, .resample_method = "bootstrap", .R = R_BOOT, .seed = SEED,
            .handle_inadmissibles = "drop"))
inf <- infer(rb, .quantity = c("CI_bca", "CI_percentile", "CI_bc", "mean", "sd"), .alpha = ALPHA)
E1 <- rb$Estimates$Estimates_resample$Estimates1
obj <- rb; class(obj) <- setdiff(class(obj), "cSEMResults_resampled")
jack_as_used <- resamplecSEMResults(.object = obj, .resample_method = "jackknife")
A1 <- jack_as_used$Estimates$Estimates_resample$Estimates1     # = the bootstrap draws (cSEM 0.6.1 defect)
J1 <- resamplecSEMResults(.object = res, .resample_method = "jackknife")$Estimates$Estimates_resample$Estimates1
qty <- c("Path_estimates", "Loading_estimates", "Weight_estimates")
draws <- do.call(cbind, lapply(qty, function(q) { x <- E1[[q]]$Resampled; colnames(x) <- paste0(sub("_estimates", "", q), ":", names(E1[[q]]$Original)); x }))
jk <- do.call(cbind, lapply(qty, function(q) { x <- J1[[q]]$Resampled; colnames(x) <- paste0(sub("_estimates", "", q), ":", names(J1[[q]]$Original)); x }))
stem <- file.path(OUT_DIR, paste0(nm, "_bca"))
gz <- gzfile(paste0(stem, "_boot_draws.csv.gz"), "w"); write.csv(draws, gz, row.names = FALSE); close(gz)
gz <- gzfile(paste0(stem, "_jackknife.csv.gz"), "w"); write.csv(cbind(omitted_case = seq_len(nrow(jk)), jk), gz, row.names = FALSE); close(gz)
recompute <- function(q, Jsrc, centre = c("estimate", "jackmean"), lt = c("le", "lt")) {
  centre <- match.arg(centre); lt <- match.arg(lt)
  orig <- E1[[q]]$Original; B <- E1[[q]]$Resampled; Jk <- Jsrc[[q]]$Resampled
  probs <- c(ALPHA / 2, 1 - ALPHA / 2)
  sapply(seq_along(orig), function(j) {
    d <- (if (centre == "estimate") orig[j] else mean(Jk[, j])) - Jk[, j]; a <- 1/6 * sum(d^3) / sum(d^2)^1.5
    z0 <- qnorm(if (lt == "le") mean(B[, j] <= orig[j]) else mean(B[, j] < orig[j]))
    qq <- pnorm(z0 + (z0 + qnorm(probs)) / (1 - a * (z0 + qnorm(probs))))
    c(a = a, z0 = z0, p_lo = qq[1], p_hi = qq[2], quantile(B[, j], probs = qq, type = 7, names = FALSE)) })
}
per_qty <- list()
for (q in qty) {
  rc <- recompute(q, A1); colnames(rc) <- names(E1[[q]]$Original)
  rj <- recompute(q, J1); colnames(rj) <- names(E1[[q]]$Original)
  re <- recompute(q, J1, centre = "jackmean", lt = "lt"); colnames(re) <- names(E1[[q]]$Original)
  bca <- inf[[q]]$CI_bca; perc <- inf[[q]]$CI_percentile
  cat(q, "max |recomputed - infer CI_bca| =", max(abs(rc[5:6, ] - bca), na.rm = TRUE), "; Efron vs infer up to",
      max(abs(re[5:6, ] - bca), na.rm = TRUE), "\n")
  per_qty[[q]] <- lapply(setNames(names(E1[[q]]$Original), names(E1[[q]]$Original)), function(p) list(
    estimate = unname(E1[[q]]$Original[p]),
    boot_mean = unname(inf[[q]]$mean[p]), boot_sd = unname(inf[[q]]$sd[p]),
    CI_bca_95 = unname(bca[, p]), CI_percentile_95 = unname(perc[, p]), CI_bc_95 = unname(inf[[q]]$CI_bc[, p]),
    acceleration_a = unname(rc["a", p]), z0 = unname(rc["z0", p]),
    adjusted_probs = unname(rc[c("p_lo", "p_hi"), p]),
    jackknife_mean = mean(J1[[q]]$Resampled[, which(names(E1[[q]]$Original) == p)]),
    bca_real_jackknife_cSEM_formula = list(CI_95 = unname(rj[5:6, p]), a = unname(rj["a", p]), z0 = unname(rj["z0", p]),
      adjusted_probs = unname(rj[c("p_lo", "p_hi"), p])),
    bca_real_jackknife_efron = list(CI_95 = unname(re[5:6, p]), a = unname(re["a", p]), z0 = unname(re["z0", p]),
      adjusted_probs = unname(re[c("p_lo", "p_hi"), p]))))
}
out <- list(
  meta = list(package = "cSEM", version = as.character(packageVersion("cSEM")), R = R.version.string,
    dataset = s$data, data_file = s$data_file, model_file = s$model_file, model_syntax = model,
    data_license = "the project's own synthetic example data (MIT), see data/README.md", n = nrow(dat),
    data = "seminr m$data: every row kept, -99 -> NA -> column mean over all rows; the same imputed data are resampled (no re-imputation per resample or per jackknife sample)",
    call = sprintf("csem(.data, .model, .approach_weights='PLS-PM', .PLS_weight_scheme_inner='path', .disattenuate=FALSE, .resample_method='bootstrap', .R=%d, .seed=%d, .handle_inadmissibles='drop'); infer(.quantity=c('CI_bca','CI_percentile','CI_bc','mean','sd'), .alpha=%g)", R_BOOT, SEED, ALPHA),
    tolerance = res$Information$Arguments$.tolerance, conv_criterion = res$Information$Arguments$.conv_criterion,
    n_boot_ok = nrow(E1$Path_estimates$Resampled), seed = SEED,
    rng = "future.apply L'Ecuyer-CMRG streams (future.seed = .seed): use the exported draws, they cannot be replayed with set.seed(); sample()",
    CI_bca_cSEM_0.6.1 = "infer()'s CI_bca; cSEM 0.6.1 defect: its acceleration uses the BOOTSTRAP draws in place of the jackknife (a duplicated list name, see ../shared/reference/README.md); feed the draws CSV as 'jackknife' to reproduce it",
    jackknife = "real delete-one jackknife over the n rows given to csem() (case i omitted in row i of the jackknife CSV)",
    bca_real_jackknife = "results.*.bca_real_jackknife_cSEM_formula: cSEM's formula with the REAL jackknife (computed here); results.*.bca_real_jackknife_efron: Efron (1987) / boot::bca.ci: d_i = mean(theta_(-.)) - theta_(-i), a = sum d^3 / (6 (sum d^2)^1.5), z0 = qnorm(mean(theta_star < theta_hat)), bounds = quantile(theta_star, pnorm(z0 + (z0 + z_p)/(1 - a (z0 + z_p))), type 7)",
    bca_formula_cSEM = "d_i = theta_hat - theta_(-i); z0 = qnorm(mean(theta_star <= theta_hat)); otherwise as Efron; quantile type 7",
    sd = "n_boot - 1 divisor",
    boot_draws_csv = paste0(basename(stem), "_boot_draws.csv.gz: one row per draw, columns 'Path:TRUST ~ OCR', 'Loading:OCR =~ ocr1', 'Weight:OCR <~ ocr1' as cSEM names them"),
    jackknife_csv = paste0(basename(stem), "_jackknife.csv.gz: omitted_case (1-based) then the same columns"),
    elapsed_boot_s = t[["elapsed"]]),
  estimates = lapply(setNames(qty, qty), function(q) as.list(E1[[q]]$Original)),
  results = per_qty)
write_json(out, paste0(stem, ".json"))
print(inf$Path_estimates$CI_bca); print(inf$Path_estimates$CI_percentile)
