# Reference intervals of Rambachan & Roth (2023) from HonestDiD 0.2.8 (github.com/asheshrambachan/HonestDiD at 6813f02,
# installed locally from source with R 4.2.2; its DESCRIPTION's CVXR (>= 1.8) relaxed to the CVXR 1.0-15 that builds
# here; no method used below calls CVXR). Run from this folder:  Rscript honestdid_oracle.R   (writes honestdid_oracle.json)
# Event studies: the package's two published ones (Benzarti & Carloni 2019, BCdata_EventStudy; Lovenheim & Willen 2019,
# LWdata_EventStudy) and a simulated one fixed below. For each: the original interval, relative magnitudes (Delta^RM,
# method C-LF, the package default) over Mbar = 0, 0.25, ..., 2 and smoothness (Delta^SD, method C-LF: the default FLCI
# calls CVXR::status, which only CVXR >= 1.8 has) over a grid of M, for the first post period and for the average of the
# post periods (a mandate's average effect).
suppressPackageStartupMessages({ library(HonestDiD); library(jsonlite) })

simulated <- local({
  pre <- c(0.012, -0.004, 0.009, -0.011, 0.003)   # periods -6 .. -2 (reference -1 dropped)
  post <- c(0.05, 0.11, 0.16, 0.19)                # periods 0 .. 3
  n <- length(pre) + length(post)
  sd <- c(rep(0.012, length(pre)), 0.015, 0.018, 0.021, 0.025)
  rho <- outer(seq_len(n), seq_len(n), function(i, j) 0.3^abs(i - j))
  list(betahat = c(pre, post), sigma = rho * outer(sd, sd), numPre = length(pre), numPost = length(post))
})

one <- function(betahat, sigma, numPre, numPost) {
  l_first <- basisVector(1, numPost)
  l_avg <- matrix(rep(1 / numPost, numPost), ncol = 1)
  mbar <- seq(0, 2, by = 0.25)
  sdPre <- sqrt(diag(sigma))[seq_len(numPre)]
  mgrid <- seq(0, 2, by = 0.5) * mean(sdPre)
  res <- list()
  for (name in c("first", "average")) {
    l <- if (name == "first") l_first else l_avg
    orig <- constructOriginalCS(betahat = betahat, sigma = sigma, numPrePeriods = numPre, numPostPeriods = numPost, l_vec = l)
    rm <- createSensitivityResults_relativeMagnitudes(betahat = betahat, sigma = sigma, numPrePeriods = numPre,
      numPostPeriods = numPost, Mbarvec = mbar, l_vec = l)
    sd <- createSensitivityResults(betahat = betahat, sigma = sigma, numPrePeriods = numPre, numPostPeriods = numPost,
      Mvec = mgrid, l_vec = l, method = "C-LF")
    res[[name]] <- list(
      original = list(lb = orig$lb, ub = orig$ub),
      relative_magnitudes = list(method = unique(rm$method), mbar = rm$Mbar, lb = rm$lb, ub = rm$ub),
      smoothness = list(method = unique(sd$method), m = sd$M, lb = sd$lb, ub = sd$ub))
  }
  list(betahat = betahat, sigma = sigma, num_pre = numPre, num_post = numPost, results = res)
}

data(BCdata_EventStudy)
data(LWdata_EventStudy)
bc <- BCdata_EventStudy
lw <- LWdata_EventStudy
out <- list(
  meta = list(generator = "honestdid_oracle.R", honestdid = as.character(packageVersion("HonestDiD")), r_version = R.version.string),
  cases = list(
    benzarti_carloni = one(bc$betahat, bc$sigma, length(bc$prePeriodIndices), length(bc$postPeriodIndices)),
    lovenheim_willen = one(lw$betahat, lw$sigma, length(lw$prePeriodIndices), length(lw$postPeriodIndices)),
    simulated = one(simulated$betahat, simulated$sigma, simulated$numPre, simulated$numPost)))
writeLines(toJSON(out, auto_unbox = TRUE, digits = I(15), pretty = TRUE, matrix = "rowmajor"), "honestdid_oracle.json")
cat("ok\n")
