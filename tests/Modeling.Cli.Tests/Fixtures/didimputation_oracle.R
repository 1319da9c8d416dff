# didimputation 0.4.0 (R 4.2.2, fixest 0.12.2; installed from its public source without the MatrixExtra import, which
# its code does not call) on castle and mpdta: the overall ATT and the per-event-time effects with their SEs, for
# `modeling estimate --estimator imputation --imputation-variance cohort_event_time`.
# Run from this folder:  Rscript didimputation_oracle.R ../../../../shared/refdata   (writes didimputation_oracle.json)
suppressPackageStartupMessages({ library(didimputation); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
refdata <- if (length(args) > 0) args[1] else "../../../../shared/refdata"
castle <- read.csv(file.path(refdata, "castle_bacondecomp.csv"))
castle$effyear[is.na(castle$effyear)] <- 0
mpdta <- read.csv(file.path(refdata, "mpdta.csv"))

run <- function(data, y, g, t, id, first_stage = NULL) {
  overall <- did_imputation(data = data, yname = y, gname = g, tname = t, idname = id, first_stage = first_stage)
  horizons <- did_imputation(data = data, yname = y, gname = g, tname = t, idname = id, horizon = TRUE, first_stage = first_stage)
  list(estimate = overall$estimate, std_error = overall$std.error,
       by_event_time = data.frame(event_time = as.integer(horizons$term), estimate = horizons$estimate, std_error = horizons$std.error))
}
out <- list(tool = sprintf("R %s, didimputation %s, fixest %s", getRversion(), packageVersion("didimputation"), packageVersion("fixest")),
            cases = list(castle = run(castle, "l_homicide", "effyear", "year", "sid"),
                         mpdta = run(mpdta, "lemp", "first.treat", "year", "countyreal"),
                         # Time-varying covariates in the untreated-outcome model.
                         castle_covariates = run(castle, "l_homicide", "effyear", "year", "sid",
                                                 first_stage = ~ unemployrt + poverty | sid + year)))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "didimputation_oracle.json")
