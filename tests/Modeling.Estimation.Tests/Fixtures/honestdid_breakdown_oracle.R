# Breakdown values of Rambachan & Roth (2023) and robust intervals on mpdta, from HonestDiD 0.2.8 (installed as described
# in honestdid_oracle.R; R 4.2.2). Run from this folder:  Rscript honestdid_breakdown_oracle.R  (writes the .json; ~15 min)
# Event studies:
#  - mpdta (Callaway & Sant'Anna 2021's county teen employment, refdata/mpdta.csv): the dynamic aggregation with never-
#    treated controls and a universal base period, event times -4..3, and its influence-function covariance, as
#    Modeling's StaggeredDid computes it (equal to R did's aggte(type = "dynamic") to 1e-10, MpdtaReferenceTests). The
#    numbers are pasted below with 17 significant digits, so the comparison is HonestDiD's alone.
#  - the simulated event study of honestdid_oracle.R.
# Breakdown: the largest bound (Mbar for relative magnitudes, M for smoothness) at which the C-LF robust interval for the
# post-period average still excludes a value, by the same bisection as RobustConfidenceSet.Breakdown: null when the value
# is inside at bound 0; the limit when still excluded there; else bisect [0, limit] until the bracket is below tol and
# report its lower end.
suppressPackageStartupMessages({ library(HonestDiD); library(jsonlite) })

mpdta <- list(
  betahat = c(0.0033063566925123243,0.025021829597554984,0.024458744971169635,-0.019931816789259312,-0.05095736706519388,-0.13725873888940318,-0.10081136308540414),
  sigma = matrix(c(0.000597894090466181,0.00033590735479606106,0.00021081532259293115,2.8421313324803495E-05,-8.246432897087063E-05,-0.00021355350620987933,-0.000171692259792121,0.00033590735479606106,0.00032829528723871744,0.00017715130766786965,3.82262676265404E-05,-4.267430546298377E-05,-0.000131135751404928,-9.698705722018738E-05,0.00021081532259293115,0.00017715130766786965,0.00020267514789967854,3.326793183516502E-05,-4.035656939489841E-05,-9.574743868061942E-05,-6.434093186616892E-05,2.8421313324803495E-05,3.82262676265404E-05,3.326793183516502E-05,0.00013986288683373,6.153162212448163E-05,4.3721145323156744E-05,6.562180107521436E-05,-8.246432897087063E-05,-4.267430546298377E-05,-4.035656939489841E-05,6.153162212448163E-05,0.00028538954044038606,0.0003604010457426943,0.00032527364680579865,-0.00021355350620987933,-0.000131135751404928,-9.574743868061942E-05,4.3721145323156744E-05,0.0003604010457426943,0.0013275576320849903,0.0008655738151881788,-0.000171692259792121,-9.698705722018738E-05,-6.434093186616892E-05,6.562180107521436E-05,0.00032527364680579865,0.0008655738151881788,0.0011805563999580733), nrow = 7, byrow = TRUE),
  numPre = 3, numPost = 4)
simulated <- local({
  pre <- c(0.012, -0.004, 0.009, -0.011, 0.003)
  post <- c(0.05, 0.11, 0.16, 0.19)
  n <- length(pre) + length(post)
  sd <- c(rep(0.012, length(pre)), 0.015, 0.018, 0.021, 0.025)
  rho <- outer(seq_len(n), seq_len(n), function(i, j) 0.3^abs(i - j))
  list(betahat = c(pre, post), sigma = rho * outer(sd, sd), numPre = length(pre), numPost = length(post))
})

ci <- function(es, kind, bound, l) {
  r <- if (kind == "rm") {
    createSensitivityResults_relativeMagnitudes(betahat = es$betahat, sigma = es$sigma, numPrePeriods = es$numPre,
      numPostPeriods = es$numPost, Mbarvec = bound, l_vec = l)
  } else {
    createSensitivityResults(betahat = es$betahat, sigma = es$sigma, numPrePeriods = es$numPre,
      numPostPeriods = es$numPost, Mvec = bound, l_vec = l, method = "C-LF")
  }
  c(r$lb[1], r$ub[1])
}

breakdown <- function(es, kind, value, limit, tol) {
  l <- matrix(rep(1 / es$numPost, es$numPost), ncol = 1)
  excluded <- function(b) { x <- suppressWarnings(ci(es, kind, b, l)); !is.finite(x[1]) || value < x[1] || value > x[2] }
  if (!excluded(0)) return(list(value = value, bound = NULL, beyond_limit = FALSE))
  if (excluded(limit)) return(list(value = value, bound = limit, beyond_limit = TRUE))
  lo <- 0; hi <- limit
  while (hi - lo > tol) { mid <- (lo + hi) / 2; if (excluded(mid)) lo <- mid else hi <- mid }
  list(value = value, bound = lo, beyond_limit = FALSE)
}

intervals <- function(es) {
  l_avg <- matrix(rep(1 / es$numPost, es$numPost), ncol = 1)
  l_first <- basisVector(1, es$numPost)
  mbar <- c(0, 0.5, 1, 1.5, 2)
  m <- c(0, 0.01, 0.02, 0.04)
  one <- function(l) list(
    relative_magnitudes = list(mbar = mbar, ci = lapply(mbar, function(b) suppressWarnings(ci(es, "rm", b, l)))),
    smoothness = list(m = m, ci = lapply(m, function(b) suppressWarnings(ci(es, "sd", b, l)))))
  list(first = one(l_first), average = one(l_avg))
}

cases <- list(
  mpdta = list(es = mpdta, breakdowns = list(
    list(kind = "rm", value = 0, limit = 5, tol = 0.01),
    list(kind = "sd", value = 0, limit = 0.2, tol = 0.0004))),
  simulated = list(es = simulated, breakdowns = list(
    list(kind = "rm", value = 0, limit = 5, tol = 0.01),
    list(kind = "rm", value = log(1.25), limit = 5, tol = 0.01),
    list(kind = "sd", value = 0, limit = 0.2, tol = 0.0004))))

out <- list(meta = list(generator = "honestdid_breakdown_oracle.R", honestdid = as.character(packageVersion("HonestDiD")),
  r_version = R.version.string, method = "C-LF", target = "average of post periods (breakdowns)"), cases = list())
for (name in names(cases)) {
  es <- cases[[name]]$es
  bds <- lapply(cases[[name]]$breakdowns, function(b) c(list(kind = b$kind, limit = b$limit, tol = b$tol),
    breakdown(es, b$kind, b$value, b$limit, b$tol)))
  out$cases[[name]] <- list(betahat = es$betahat, sigma = es$sigma, num_pre = es$numPre, num_post = es$numPost,
    intervals = intervals(es), breakdowns = bds)
  cat(name, "done\n")
}
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(15), pretty = TRUE, matrix = "rowmajor", null = "null"), "honestdid_breakdown_oracle.json")
cat("ok\n")
