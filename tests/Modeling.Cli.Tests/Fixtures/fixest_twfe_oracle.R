# fixest 0.12.2 (R 4.2.2): two-way fixed-effects coefficients and unit-clustered SEs under fixest's default small-sample
# correction, ssc(fixef.K = "nested"), and under fixef.K = "full", for `modeling estimate --estimator twfe --ssc ...`.
# Run from this folder:  Rscript fixest_twfe_oracle.R ../../../../shared/refdata   (writes fixest_twfe_oracle.json)
suppressPackageStartupMessages({ library(fixest); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
refdata <- if (length(args) > 0) args[1] else "../../../../shared/refdata"

castle <- read.csv(file.path(refdata, "castle_bacondecomp.csv"))
castle$post <- as.numeric(!is.na(castle$effyear) & castle$year >= castle$effyear)
mpdta <- read.csv(file.path(refdata, "mpdta.csv"))
mpdta$post <- as.numeric(mpdta$first.treat > 0 & mpdta$year >= mpdta$first.treat)
ck <- read.csv(file.path(refdata, "card_krueger_1994_long.csv"))

record <- function(fit, term) {
  one <- function(k) { s <- summary(fit, cluster = ~unit_id, ssc = ssc(fixef.K = k)); unname(se(s)[term]) }
  list(coefficient = unname(coef(fit)[term]), se_nested = one("nested"), se_full = one("full"), n_obs = nobs(fit))
}
castle$unit_id <- castle$state; mpdta$unit_id <- mpdta$countyreal; ck$unit_id <- ck$id
cases <- list(
  castle_ols = record(feols(l_homicide ~ post | state + year, data = castle), "post"),
  castle_poisson = record(fepois(homicide_c ~ post | state + year, data = castle), "post"),
  mpdta_ols = record(feols(lemp ~ post | countyreal + year, data = mpdta), "post"),
  card_krueger_ols = record(feols(fte ~ d_nj | id + d, data = ck), "d_nj")
)
out <- list(tool = sprintf("R %s, fixest %s", getRversion(), packageVersion("fixest")), cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "fixest_twfe_oracle.json")
