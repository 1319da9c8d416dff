# Independent dense-matrix oracle for the imputation estimator (Borusyak, Jaravel & Spiess 2024), Linear and Poisson forms.
# Run from this folder:  Rscript imputation_oracle.R ../../../../shared/refdata   (writes imputation_oracle.json)
# R 4.2.2. Unit and period effects are fitted with lm/glm and explicit factor dummies on untreated observations;
# the influence-function variance uses the model matrices directly (v-weights of BJS Theorem 3, treated residuals
# around the single average), clustered by unit with the factor G/(G-1). With leave_out = TRUE each unit's treated
# residuals are taken around the average of the other adopting units instead (BJS's leave-out correction).
suppressPackageStartupMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
refdata <- if (length(args) > 0) args[1] else "../../../../shared/refdata"

imputation <- function(df, form, horizon = NULL, leave_out = FALSE) {
  df$D <- as.numeric(df$cohort > 0 & df$time >= df$cohort)
  u0 <- df[df$D == 0, ]
  if (form == "poisson") {  # drop untreated units/periods whose outcome is all zero (no finite effect)
    repeat {
      zu <- names(which(tapply(u0$y, u0$unit, sum) == 0)); zt <- names(which(tapply(u0$y, u0$time, sum) == 0))
      if (length(zu) + length(zt) == 0) break
      u0 <- u0[!(u0$unit %in% zu) & !(u0$time %in% zt), ]
    }
  }
  u0$fu <- factor(u0$unit); u0$ft <- factor(u0$time)
  tr <- df[df$D == 1 & df$unit %in% u0$unit & df$time %in% u0$time, ]
  if (!is.null(horizon)) tr <- tr[tr$time - tr$cohort == horizon, ]
  tr$fu <- factor(tr$unit, levels = levels(u0$fu)); tr$ft <- factor(tr$time, levels = levels(u0$ft))
  if (form == "poisson") {
    fit <- glm(y ~ fu + ft, family = poisson(), data = u0, control = glm.control(epsilon = 1e-14, maxit = 200))
  } else {
    fit <- lm(y ~ fu + ft, data = u0)
  }
  Z0 <- model.matrix(~ fu + ft, data = u0); Z1 <- model.matrix(~ fu + ft, data = tr)
  keep <- !is.na(coef(fit)); Z0 <- Z0[, keep, drop = FALSE]; Z1 <- Z1[, keep, drop = FALSE]
  eta1 <- drop(Z1 %*% coef(fit)[keep]); eta0 <- drop(Z0 %*% coef(fit)[keep])
  units <- sort(unique(c(u0$unit, tr$unit)))
  psi <- setNames(numeric(length(units)), units)
  add <- function(unit, v) { s <- tapply(v, unit, sum); psi[names(s)] <<- psi[names(s)] + s }
  if (form == "poisson") {
    mu0 <- exp(eta1); mu <- exp(eta0)
    S1 <- sum(tr$y); S0 <- sum(mu0); M <- S1 / S0
    gamma <- drop(Z0 %*% solve(crossprod(Z0, mu * Z0), crossprod(Z1, mu0)))
    if (leave_out) {
      u <- as.character(tr$unit); s1g <- tapply(tr$y, tr$unit, sum); s0g <- tapply(mu0, tr$unit, sum)
      add(tr$unit, tr$y - (S1 - s1g[u]) / (S0 - s0g[u]) * mu0)
    } else {
      add(tr$unit, tr$y - M * mu0)
    }
    add(u0$unit, -M * gamma * (u0$y - mu))
    psi <- psi / (S0 * M)
    est <- log(M)
  } else {
    tau <- tr$y - eta1; est <- mean(tau)
    gamma <- drop(Z0 %*% solve(crossprod(Z0), crossprod(Z1, rep(1 / nrow(tr), nrow(tr)))))
    if (leave_out) {
      u <- as.character(tr$unit); sg <- tapply(tau, tr$unit, sum); ng <- tapply(tau, tr$unit, length)
      add(tr$unit, (tau - (sum(tau) - sg[u]) / (nrow(tr) - ng[u])) / nrow(tr))
    } else {
      add(tr$unit, (tau - est) / nrow(tr))
    }
    add(u0$unit, -gamma * (u0$y - eta0))
  }
  G <- length(psi)
  list(estimate = est, std_error = sqrt(G / (G - 1) * sum(psi^2)), n_untreated = nrow(u0), n_imputed = nrow(tr), n_clusters = G,
       n_adopting = length(unique(tr$unit)))
}

cases <- list()
mp <- read.csv(file.path(refdata, "mpdta.csv"))
mpd <- data.frame(unit = mp$countyreal, time = mp$year, cohort = mp$first.treat, y = mp$lemp)
cases[["mpdta_linear"]] <- imputation(mpd, "linear")
cases[["mpdta_linear_e0"]] <- imputation(mpd, "linear", horizon = 0)
cases[["mpdta_linear_e3"]] <- imputation(mpd, "linear", horizon = 3)
cp <- read.csv("count_panel.csv")
cpd <- data.frame(unit = cp$unit, time = cp$period, cohort = cp$cohort, y = cp$y)
cases[["count_poisson"]] <- imputation(cpd, "poisson")
cases[["count_poisson_e2"]] <- imputation(cpd, "poisson", horizon = 2)
cases[["count_linear"]] <- imputation(cpd, "linear")
cases[["mpdta_linear_leave_out"]] <- imputation(mpd, "linear", leave_out = TRUE)
cases[["mpdta_linear_e3_leave_out"]] <- imputation(mpd, "linear", horizon = 3, leave_out = TRUE)
cases[["count_poisson_leave_out"]] <- imputation(cpd, "poisson", leave_out = TRUE)
cases[["count_poisson_e2_leave_out"]] <- imputation(cpd, "poisson", horizon = 2, leave_out = TRUE)

meta <- list(generator = "imputation_oracle.R", r_version = R.version.string)
writeLines(toJSON(list(meta = meta, cases = cases), auto_unbox = TRUE, digits = I(15), pretty = TRUE), "imputation_oracle.json")
cat("ok\n")
