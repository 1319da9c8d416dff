# Independent oracle for ImputationEventStudy: the imputation estimator's event study with a universal base period.
# Run from this folder:  Rscript imputation_event_study_oracle.R ../../../../shared/refdata   (writes the .json; R 4.2.2)
# Teams' cohorts are moved `leads` periods earlier (teams left with no period before the moved cohort are dropped), the
# imputation estimator (dense lm/glm fits with factor dummies, as imputation_oracle.R, leave-out variance) gives each
# horizon's estimate and per-unit influence; beta_e = tau_e - tau_{-1} and Cov = G/(G-1) * sum_g psi_a,g psi_b,g over
# the differenced influences.
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
refdata <- if (length(args) > 0) args[1] else "../../../../shared/refdata"

horizon_fit <- function(df, form, horizon) {
  df$D <- as.numeric(df$cohort > 0 & df$time >= df$cohort)
  u0 <- df[df$D == 0, ]
  if (form == "poisson") {
    repeat {
      zu <- names(which(tapply(u0$y, u0$unit, sum) == 0)); zt <- names(which(tapply(u0$y, u0$time, sum) == 0))
      if (length(zu) + length(zt) == 0) break
      u0 <- u0[!(u0$unit %in% zu) & !(u0$time %in% zt), ]
    }
  }
  u0$fu <- factor(u0$unit); u0$ft <- factor(u0$time)
  all_tr <- df[df$D == 1 & df$unit %in% u0$unit & df$time %in% u0$time, ]
  tr <- all_tr[all_tr$time - all_tr$cohort == horizon, ]
  tr$fu <- factor(tr$unit, levels = levels(u0$fu)); tr$ft <- factor(tr$time, levels = levels(u0$ft))
  fit <- if (form == "poisson") glm(y ~ fu + ft, family = poisson(), data = u0, control = glm.control(epsilon = 1e-14, maxit = 200)) else lm(y ~ fu + ft, data = u0)
  Z0 <- model.matrix(~ fu + ft, data = u0); Z1 <- model.matrix(~ fu + ft, data = tr)
  keep <- !is.na(coef(fit)); Z0 <- Z0[, keep, drop = FALSE]; Z1 <- Z1[, keep, drop = FALSE]
  eta1 <- drop(Z1 %*% coef(fit)[keep]); eta0 <- drop(Z0 %*% coef(fit)[keep])
  units <- sort(unique(c(u0$unit, all_tr$unit)))   # clusters: every unit in the fit or imputed at any horizon
  psi <- setNames(numeric(length(units)), units)
  add <- function(unit, v) { s <- tapply(v, unit, sum); psi[names(s)] <<- psi[names(s)] + s }
  u <- as.character(tr$unit)
  if (form == "poisson") {
    mu0 <- exp(eta1); mu <- exp(eta0)
    S1 <- sum(tr$y); S0 <- sum(mu0); M <- S1 / S0
    gamma <- drop(Z0 %*% solve(crossprod(Z0, mu * Z0), crossprod(Z1, mu0)))
    s1g <- tapply(tr$y, tr$unit, sum); s0g <- tapply(mu0, tr$unit, sum)
    add(tr$unit, tr$y - (S1 - s1g[u]) / (S0 - s0g[u]) * mu0)
    add(u0$unit, -M * gamma * (u0$y - mu))
    psi <- psi / (S0 * M); est <- log(M)
  } else {
    tau <- tr$y - eta1; est <- mean(tau)
    gamma <- drop(Z0 %*% solve(crossprod(Z0), crossprod(Z1, rep(1 / nrow(tr), nrow(tr)))))
    sg <- tapply(tau, tr$unit, sum); ng <- tapply(tau, tr$unit, length)
    add(tr$unit, (tau - (sum(tau) - sg[u]) / (nrow(tr) - ng[u])) / nrow(tr))
    add(u0$unit, -gamma * (u0$y - eta0))
  }
  list(estimate = est, psi = psi)
}

event_study <- function(df, form, leads, last) {
  first <- min(df$time)
  df <- df[df$cohort == 0 | df$cohort - leads > first, ]
  df$cohort <- ifelse(df$cohort == 0, 0, df$cohort - leads)
  times <- c(seq(-leads, -2), seq(0, last))
  ref <- horizon_fit(df, form, leads - 1)
  fits <- lapply(times, function(e) horizon_fit(df, form, e + leads))
  beta <- sapply(fits, function(f) f$estimate - ref$estimate)
  P <- sapply(fits, function(f) f$psi - ref$psi)
  G <- nrow(P)
  list(event_times = times, estimates = beta, covariance = G / (G - 1) * crossprod(P))
}

mp <- read.csv(file.path(refdata, "mpdta.csv"))
mpd <- data.frame(unit = mp$countyreal, time = mp$year, cohort = mp$first.treat, y = mp$lemp)
cp <- read.csv("count_panel.csv")
cpd <- data.frame(unit = cp$unit, time = cp$period, cohort = cp$cohort, y = cp$y)
cases <- list(
  mpdta_linear = c(list(form = "linear", leads = 2, last = 1), event_study(mpd, "linear", 2, 1)),
  count_poisson = c(list(form = "poisson", leads = 3, last = 2), event_study(cpd, "poisson", 3, 2)))
meta <- list(generator = "imputation_event_study_oracle.R", r_version = R.version.string)
writeLines(toJSON(list(meta = meta, cases = cases), auto_unbox = TRUE, digits = I(15), pretty = TRUE, matrix = "rowmajor"), "imputation_event_study_oracle.json")
cat("ok\n")
