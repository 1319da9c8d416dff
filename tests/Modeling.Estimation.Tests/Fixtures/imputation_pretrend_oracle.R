# Independent oracle for ImputationPreTrend (Borusyak, Jaravel & Spiess 2024, Test 1): on untreated observations,
# y ~ unit + period dummies + lead indicators 1[t = G - k], k = 1..K; team-clustered Wald test of the leads.
# Run from this folder:  Rscript imputation_pretrend_oracle.R ../../../../shared/refdata   (writes imputation_pretrend_oracle.json)
# R 4.2.2, sandwich::vcovCL(type = "HC1", cadjust = TRUE) = G/(G-1)·(N-1)/(N-K), K counting every dummy.
# detectable_slope (Roth 2022 pre-test power): the slope s of a linear pre-trend, lead k = -s*k, that the Wald test
# rejects with probability 0.8 at the 5 % level: s = sqrt(lambda80 / d'V^-1 d), d = -(lead numbers), lambda80 by uniroot.
suppressPackageStartupMessages({ library(jsonlite); library(sandwich) })
args <- commandArgs(trailingOnly = TRUE)
refdata <- if (length(args) > 0) args[1] else "../../../../shared/refdata"
ctl <- glm.control(epsilon = 1e-14, maxit = 200)

pretrend <- function(df, leads, poisson) {
  df$D <- as.numeric(df$cohort > 0 & df$time >= df$cohort)
  u0 <- df[df$D == 0, ]
  if (poisson) {  # units/periods whose untreated outcome is all zero have no finite effect (dropped, as in the C# fit)
    repeat {
      zu <- names(which(tapply(u0$y, u0$unit, sum) == 0)); zt <- names(which(tapply(u0$y, u0$time, sum) == 0))
      if (length(zu) + length(zt) == 0) break
      u0 <- u0[!(u0$unit %in% zu) & !(u0$time %in% zt), ]
    }
  }
  names <- c()
  for (k in 1:leads) {
    col <- paste0("lead_", k)
    u0[[col]] <- as.numeric(u0$cohort > 0 & u0$time == u0$cohort - k)
    if (sum(u0[[col]]) > 0) names <- c(names, col)
  }
  f <- as.formula(paste("y ~", paste(names, collapse = " + "), "+ factor(unit) + factor(time)"))
  fit <- if (poisson) glm(f, family = poisson(), data = u0, control = ctl) else lm(f, data = u0)
  v <- vcovCL(fit, cluster = u0$unit, type = "HC1", cadjust = TRUE)[names, names, drop = FALSE]
  b <- coef(fit)[names]
  w <- as.numeric(t(b) %*% solve(v, b))
  K <- length(names)
  lambda80 <- uniroot(function(l) pchisq(qchisq(0.95, K), K, ncp = l, lower.tail = FALSE) - 0.8, c(0, 200), tol = 1e-14)$root
  d <- -as.numeric(sub("lead_", "", names))
  list(terms = names, coefficients = unname(b), std_errors = unname(sqrt(diag(v))), wald = w, df = K,
       p_value = pchisq(w, K, lower.tail = FALSE), n_obs = nrow(u0),
       detectable_slope = sqrt(lambda80 / as.numeric(t(d) %*% solve(v, d))))
}

mp <- read.csv(file.path(refdata, "mpdta.csv"))
mpdta <- data.frame(unit = mp$countyreal, time = mp$year, y = mp$lemp, cohort = mp$first.treat)
counts <- read.csv("count_panel.csv")
counts <- data.frame(unit = counts$unit, time = counts$period, y = counts$y, cohort = counts$cohort)
out <- list(
  source = "imputation_pretrend_oracle.R (R 4.2.2, sandwich vcovCL HC1 clustered by unit)",
  cases = list(
    mpdta_linear_3 = pretrend(mpdta, 3, FALSE),
    counts_poisson_2 = pretrend(counts, 2, TRUE)))
write(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "imputation_pretrend_oracle.json")
