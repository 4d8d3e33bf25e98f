# PLSpredict reference on an own example study: seminr::predict_pls() with leave-one-out cross-validation
# (noFolds = NULL), the layout of scripts/seminr_predict.R in ../shared/reference.
# Usage (from the reference folder): Rscript scripts/own_data_seminr_predict.R <project-root> [study ...]
# Writes own_data/<study>_predict_loocv.json and own_data/<study>_predict_loocv_<technique>_cases.csv.gz
source("scripts/own_data_models.R")
SEED <- 123
techs <- list(predict_DA = predict_DA, predict_EA = predict_EA)
studies <- if (length(OWN_ARGS) > 1) OWN_ARGS[-1] else "shopee_trust"
for (nm in studies) {
  s <- own_spec[[nm]]
  m <- fit_model(s)
  out <- list(meta = list(
    package = "seminr", version = as.character(packageVersion("seminr")), R = R.version.string,
    dataset = s$data, data_file = s$data_file, model_file = s$model_file, model_syntax = s$model_syntax,
    data_license = "the project's own synthetic example data (MIT), see data/README.md",
    n = nrow(m$data),
    estimate = "estimate_pls(data, mm, sm, inner_weights = path_weighting, missing = mean_replacement, missing_value = '-99') as in own_data/<study>.json (every row kept, full model file)",
    call = "set.seed(123); predict_pls(model, technique, noFolds = NULL, reps = NULL, cores = 2)",
    seed = SEED,
    loocv = "noFolds = NULL => seminr sets noFolds = nrow(model$data), folds <- cut(seq_len(n), breaks = n): one case per fold = leave-one-out; results in the original row order",
    data_used = "model$data: the full-sample mean-replaced indicator data (-99 -> NA -> column mean over ALL rows, computed ONCE before cross-validation; the training folds are not re-imputed)",
    pls_prediction = "train PLS on n-1 cases; standardize the held-out case with the TRAINING means and SDs (n-1); scores = z %*% training outer weights; predict_DA: endogenous score = scores %*% path_coef (measured antecedent scores), predict_EA: propagated from the exogenous constructs only; item prediction = score * loading, unstandardized with the training mean/SD",
    lm_benchmark = "seminr 2.3.2: lm(item ~ ALL other model indicators except the target construct's own items) on the training cases (not only the exogenous indicators as in Shmueli et al. 2019 / SmartPLS)",
    metrics = "RMSE = sqrt(mean(e^2)), MAE = mean(|e|), divisor n, e = actual - prediction",
    q2_predict = "NOT a seminr output: computed here from seminr's out-of-sample PLS predictions as 1 - sum((y - yhat)^2) / sum((y - ybar_train(i))^2), ybar_train(i) = (n*ybar - y_i)/(n-1) (SmartPLS: the training-sample mean); q2_predict_fullmean uses ybar",
    cases_csv = "<study>_predict_loocv_<technique>_cases.csv.gz: case (1-based data row), actual_<item> (mean-replaced data), pls_oos_<item>, lm_oos_<item>, pls_is_<item>, lm_is_<item>"))
  for (tn in names(techs)) {
    set.seed(SEED)
    t <- system.time(p <- suppressMessages(predict_pls(m, technique = techs[[tn]], noFolds = NULL, cores = 2)))
    sp <- summary(p)
    items <- colnames(p$PLS_out_of_sample)
    y <- as.matrix(p$item_actuals[, items, drop = FALSE]); n <- nrow(y)
    q2 <- sapply(items, function(it) {
      yy <- y[, it]; ybar_tr <- (sum(yy) - yy) / (n - 1)
      1 - sum(p$PLS_out_of_sample_residuals[, it]^2) / sum((yy - ybar_tr)^2) })
    q2_full <- sapply(items, function(it) { yy <- y[, it]; 1 - sum(p$PLS_out_of_sample_residuals[, it]^2) / sum((yy - mean(yy))^2) })
    q2_lm <- sapply(items, function(it) {
      yy <- y[, it]; ybar_tr <- (sum(yy) - yy) / (n - 1)
      1 - sum(p$lm_out_of_sample_residuals[, it]^2) / sum((yy - ybar_tr)^2) })
    out[[tn]] <- list(
      endogenous_items = items,
      PLS_out_of_sample = m2l(sp$PLS_out_of_sample), LM_out_of_sample = m2l(sp$LM_out_of_sample),
      PLS_in_sample = m2l(sp$PLS_in_sample), LM_in_sample = m2l(sp$LM_in_sample),
      q2_predict = as.list(q2), q2_predict_fullmean = as.list(q2_full), q2_predict_lm = as.list(q2_lm),
      elapsed_s = t[["elapsed"]])
    cases <- data.frame(case = seq_len(n))
    for (it in items) cases[[paste0("actual_", it)]] <- y[, it]
    for (it in items) cases[[paste0("pls_oos_", it)]] <- p$PLS_out_of_sample[, it]
    for (it in items) cases[[paste0("lm_oos_", it)]] <- p$lm_out_of_sample[, it]
    for (it in items) cases[[paste0("pls_is_", it)]] <- p$PLS_in_sample[, it]
    for (it in items) cases[[paste0("lm_is_", it)]] <- p$lm_in_sample[, it]
    gz <- gzfile(file.path(OUT_DIR, sprintf("%s_predict_loocv_%s_cases.csv.gz", nm, tn)), "w")
    write.csv(cases, gz, row.names = FALSE); close(gz)
    cat(nm, tn, "elapsed", t[["elapsed"]], "\n"); print(sp$PLS_out_of_sample); print(sp$LM_out_of_sample); print(q2)
  }
  write_json(out, file.path(OUT_DIR, paste0(nm, "_predict_loocv.json")))
}
