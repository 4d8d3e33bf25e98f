# Blindfolding Q2 reference on the own example studies: semPLS::qSquared() (Stone-Geisser Q2), the layout and
# conventions of scripts/sempls_qsquared.R in ../shared/reference (see its README entry: z-scored data, per-round SSE
# and SSO, cross-validated redundancy, and the trap that qSquared() must be given the same wscheme/maxit/tol).
# semPLS 1.0-10 (github cran/semPLS) with the R >= 4.2 patch of plsm() (class(x) != "matrix" -> !is.matrix(x),
# class(data) != "data.frame" -> !is.data.frame(data)); no computational code touched.
# Usage (from the reference folder): Rscript scripts/own_data_sempls_qsquared.R <project-root>
# Writes own_data/qsquared.json
source("scripts/own_data_models.R")
suppressMessages(library(semPLS))
EST <- list(wscheme = "pathWeighting", maxit = 1000, tol = 1e-10)   # passed to sempls() AND to qSquared()

# qSquared.sempls with one added line that also returns the per-round SSE (E) and SSO (O) vectors
qsq_src <- deparse(semPLS:::qSquared.sempls)
k <- grep("qSquared\\[i, \\] <- 1 - sum\\(E\\)/sum\\(O\\)", qsq_src)
stopifnot(length(k) == 1)
qsq_src[k] <- paste(qsq_src[k], "; rounds[[i]] <- list(E = E, O = O)")
k0 <- grep("endrefl <- intersect", qsq_src); qsq_src[k0] <- paste(qsq_src[k0], "; rounds <- list()")
kr <- grep("return\\(qSquared\\)", qsq_src); qsq_src[kr] <- sub("return\\(qSquared\\)", "attr(qSquared, 'rounds') <- rounds; return(qSquared)", qsq_src[kr])
qsq <- eval(parse(text = qsq_src)); environment(qsq) <- asNamespace("semPLS")

mk <- function(s) {
  sm <- unname(as.matrix(unclass(s$sm)[, c("source", "target")])); colnames(sm) <- c("source", "target")
  mmx <- seminr:::mm2matrix(s$mm)
  mm <- cbind(source = mmx[, "construct"], target = mmx[, "measurement"])   # LV -> MV: reflective (mode A)
  list(sm = sm, mm = unname(mm))
}
# omission distances: 7 (the usual default), one that divides n (both numberings then coincide), and one that equals
# the item count of a block (shopee: TRUST has 5 items and 5 | 75; tiktok: EA, PA, GGI have 4 items and 4 | 400)
runs <- list(shopee_trust = c(7, 5, 6, 8), tiktok_gifting = c(7, 4, 6))
out <- list(meta = list(
  package = "semPLS", version = as.character(packageVersion("semPLS")), R = R.version.string,
  data_license = "the project's own synthetic example data (MIT), see data/README.md",
  data_files = lapply(own_spec, function(s) s$data_file), model_files = lapply(own_spec, function(s) s$model_file),
  model_syntax = lapply(own_spec, function(s) s$model_syntax),
  estimation = "sempls(model, data, wscheme = 'pathWeighting', maxit = 1000, tol = 1e-10, convCrit = 'relative' (default), scaled = TRUE (default)); the same wscheme/maxit/tol are passed through qSquared(...) to every blindfolded re-estimation",
  data = "seminr m$data: every row kept, -99 -> NA -> column mean over all rows (shopee 3 cells, tiktok 4); no missing values remain",
  call = "qSquared(object, d = d, dlines = TRUE|FALSE, impfun = <none>|semPLS:::meanrep, total = FALSE|TRUE, wscheme = 'pathWeighting', maxit = 1000, tol = 1e-10)",
  constructs = "Q2 for endogenous REFLECTIVE constructs only (intersect(reflective, endogenous))",
  dlines_TRUE = "DEFAULT. Case-wise omission: round j = 1..d blanks ALL indicators of the target block in rows j, j+d, ... <= n",
  dlines_FALSE = "Cell-wise omission, column-major: the n x K target block (indicator order = 'blocks') is numbered 1..n down the first indicator, n+1..2n down the second, ...; round j omits cells j, j+d, ... <= n*K",
  impfun = "none (default): blinded cells stay NA, re-estimation with pairwise-complete correlations; meanrep: each blinded cell = its column mean over the round's non-omitted cases",
  prediction = "cross-validated REDUNDANCY: yhat = (sum over other constructs c of score_c * path[c, i]) * loading_l, rescaled by the blinded data column's mean/sd; total = TRUE: exogenous scores times total effects",
  scale = "everything on the full-sample z-scores (n - 1); SSO_j uses the mean of the non-omitted cases of round j; Q2 = 1 - sum_j SSE_j / sum_j SSO_j",
  rounds = "per-round SSE (E) and SSO (O) vectors exported by a copy of qSquared.sempls with one line added"))
for (nm in names(runs)) {
  s <- own_spec[[nm]]
  sfit <- fit_model(s)
  dat <- as.data.frame(sfit$data)[, unique(sfit$mmMatrix[, "measurement"])]
  mod <- mk(s)
  model <- plsm(data = dat, strucmod = mod$sm, measuremod = mod$mm)
  fit <- do.call(sempls, c(list(model = model, data = dat, verbose = FALSE), EST))
  sm_seminr <- sfit$path_coef
  pc <- fit$path_coefficients
  dmax <- max(abs(pc[rownames(sm_seminr), colnames(sm_seminr)] - sm_seminr))
  cat(nm, "max |semPLS path - seminr path| =", dmax, " iterations", fit$iterations, "\n")
  res <- list(n = nrow(dat), latent_order = model$latent, blocks = lapply(model$blocks, function(b) as.character(b)),
              endogenous_reflective = intersect(reflective(model), endogenous(model)),
              path_coefficients = m2l(pc), outer_loadings = m2l(fit$outer_loadings), iterations = fit$iterations,
              max_abs_diff_paths_vs_seminr = dmax, q2 = list())
  for (d in runs[[nm]]) for (dl in c(TRUE, FALSE)) for (imp in c("none", "meanrep")) for (tot in c(FALSE, TRUE)) {
    if (tot && (dl == FALSE || imp == "meanrep")) next
    args <- c(list(object = fit, d = d, dlines = dl, total = tot), EST)
    if (imp == "meanrep") args$impfun <- semPLS:::meanrep
    q <- try(do.call(qsq, args), silent = TRUE)
    lbl <- sprintf("d%d_dlines%s_impute-%s%s", d, dl, imp, if (tot) "_total" else "")
    if (inherits(q, "try-error")) { res$q2[[lbl]] <- list(error = as.character(q)); cat(nm, lbl, "ERROR", q, "\n"); next }
    rr <- attr(q, "rounds")
    res$q2[[lbl]] <- list(d = d, dlines = dl, impfun = imp, total = tot, n_over_d_integer = (nrow(dat) %% d == 0),
                          Q2 = as.list(setNames(as.numeric(q[, 1]), rownames(q))),
                          rounds = lapply(rr, function(x) list(SSE = x$E, SSO = x$O)))
    cat(nm, lbl, paste(sprintf("%s=%.6f", rownames(q), q[, 1]), collapse = " "), "\n")
  }
  out[[nm]] <- res
}
write_json(out, file.path(OUT_DIR, "qsquared.json"))
