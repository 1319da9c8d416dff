# Independent oracle for the TWFE OLS / Poisson and naive before/after estimators.
# Run from this folder:  Rscript twfe_oracle.R ../../../../shared/refdata   (writes twfe_oracle.json)
# R 4.2.2, sandwich 3.0.2, estimatr 1.0.0 (Debian packages). Fixed effects are explicit factor dummies,
# so K in the CR1 factor G/(G-1)*(N-1)/(N-K) is the full rank of [regressors, unit dummies, period dummies].
suppressPackageStartupMessages({ library(sandwich); library(estimatr); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
refdata <- if (length(args) > 0) args[1] else "../../../../shared/refdata"
cases <- list()

record_fit <- function(name, fit, cluster, terms, extra = list()) {
  v <- vcovCL(fit, cluster = cluster, type = "HC1", cadjust = TRUE)
  k <- fit$rank
  cases[[name]] <<- c(list(
    terms = I(terms),
    estimate = I(unname(coef(fit)[terms])),
    std_error = I(unname(sqrt(diag(v)[terms]))),
    n_obs = length(fit$residuals),
    k = k,
    n_clusters = length(unique(cluster))), extra)
}

# --- mpdta: log teen employment, binary post-adoption indicator ---------------------------------
mp <- read.csv(file.path(refdata, "mpdta.csv"))
mp$D <- as.numeric(mp$first.treat > 0 & mp$year >= mp$first.treat)
f <- lm(lemp ~ D + factor(countyreal) + factor(year), data = mp)
er <- lm_robust(lemp ~ D, data = mp, fixed_effects = ~ countyreal + year, clusters = countyreal, se_type = "stata")
record_fit("mpdta_ols", f, mp$countyreal, "D", list(estimatr_std_error = unname(er$std.error["D"])))

fw <- lm(lemp ~ D + factor(countyreal) + factor(year), data = mp, weights = lpop)
record_fit("mpdta_ols_weighted_lpop", fw, mp$countyreal, "D")

# event study: relative-time dummies for treated counties, reference period -1 omitted
rel <- ifelse(mp$first.treat > 0, mp$year - mp$first.treat, NA)
es_terms <- character(0)
for (e in sort(unique(rel[!is.na(rel)]))) {
  if (e == -1) next
  nm <- if (e < 0) paste0("rel_m", -e) else paste0("rel_p", e)
  mp[[nm]] <- as.numeric(!is.na(rel) & rel == e)
  es_terms <- c(es_terms, nm)
}
fe <- lm(as.formula(paste("lemp ~", paste(es_terms, collapse = " + "), "+ factor(countyreal) + factor(year)")), data = mp)
record_fit("mpdta_event_study", fe, mp$countyreal, es_terms)

# --- castle doctrine (Cheng & Hoekstra 2013, bacondecomp::castle) -------------------------------
ca <- read.csv(file.path(refdata, "castle_bacondecomp.csv"))
fc <- lm(l_homicide ~ post + factor(state) + factor(year), data = ca)
record_fit("castle_ols", fc, ca$state, "post")
fcw <- lm(l_homicide ~ post + factor(state) + factor(year), data = ca, weights = popwt)
record_fit("castle_ols_popwt", fcw, ca$state, "post")

ctl <- glm.control(epsilon = 1e-14, maxit = 200)
pc <- glm(homicide_c ~ post + factor(state) + factor(year), family = poisson(), data = ca, control = ctl)
record_fit("castle_poisson_counts", pc, ca$state, "post")

# --- simulated count panel (make_count_panel.R) -------------------------------------------------
cp <- read.csv("count_panel.csv")
cp$D <- as.numeric(cp$cohort > 0 & cp$period >= cp$cohort)
zero_units <- sort(unique(cp$unit[ave(cp$y, cp$unit, FUN = sum) == 0]))
kept <- cp[!(cp$unit %in% zero_units), ]  # what fixest/ppmlhdfe do: all-zero units have no finite FE
p1 <- glm(y ~ D + x + factor(unit) + factor(period), family = poisson(), data = kept, control = ctl)
record_fit("count_poisson", p1, kept$unit, c("D", "x"), list(dropped_units = I(zero_units)))
p2 <- glm(y ~ D + x + factor(unit) + factor(period), family = quasipoisson(), data = kept, weights = w, control = ctl)
record_fit("count_poisson_weighted", p2, kept$unit, c("D", "x"), list(dropped_units = I(zero_units)))
p3 <- glm(y ~ dose + factor(unit) + factor(period), family = poisson(), data = kept, control = ctl)
record_fit("count_poisson_dose", p3, kept$unit, "dose", list(dropped_units = I(zero_units)))
o1 <- lm(y ~ D + x + factor(unit) + factor(period), data = cp)
record_fit("count_ols", o1, cp$unit, c("D", "x"))

# --- naive before/after: ratio of means for adopted units, cluster delta method on the log ratio --
naive <- function(y, unit, adopted, after) {
  keep <- adopted
  y <- y[keep]; unit <- unit[keep]; after <- after[keep]
  ma <- mean(y[after]); mb <- mean(y[!after]); na <- sum(after); nb <- sum(!after)
  # influence of each cluster on log(ma) - log(mb)
  inf <- tapply(ifelse(after, (y - ma) / (na * ma), -(y - mb) / (nb * mb)), unit, sum)
  g <- length(inf)
  list(ratio = ma / mb, mean_after = ma, mean_before = mb, n_after = na, n_before = nb,
       n_clusters = g, log_ratio_std_error = sqrt(g / (g - 1) * sum(inf^2)))
}
cases[["castle_naive_homicide_c"]] <- naive(ca$homicide_c, ca$state,
  ave(ca$post, ca$state, FUN = max) == 1, ca$post == 1)
cases[["count_naive"]] <- naive(cp$y, cp$unit, cp$cohort > 0, cp$period >= cp$cohort)


# --- unbalanced panels (alternating projections need several sweeps): drop a deterministic subset of rows ----------
mpu <- mp[(mp$countyreal * 7 + mp$year) %% 9 != 0, ]
fu <- lm(lemp ~ D + factor(countyreal) + factor(year), data = mpu)
record_fit("mpdta_unbalanced_ols", fu, mpu$countyreal, "D", list(rows_kept = nrow(mpu)))
cpu <- kept[(kept$unit * 3 + kept$period) %% 7 != 0, ]
pu <- glm(y ~ D + x + factor(unit) + factor(period), family = poisson(), data = cpu, control = ctl)
record_fit("count_unbalanced_poisson", pu, cpu$unit, c("D", "x"))

# --- extended TWFE (Wooldridge): cohort x period cell dummies, aggregated by the delta method -------------------
etwfe <- function(df, poisson, horizon = NULL) {
  cell <- ifelse(df$cohort > 0 & df$time >= df$cohort, paste0("cell_", df$cohort, "_", df$time), NA)
  names <- sort(unique(cell[!is.na(cell)]))
  for (nm in names) df[[nm]] <- as.numeric(!is.na(cell) & cell == nm)
  f <- as.formula(paste("y ~", paste(names, collapse = " + "), "+ factor(unit) + factor(time)"))
  fit <- if (poisson) glm(f, family = poisson(), data = df, control = ctl) else lm(f, data = df)
  v <- vcovCL(fit, cluster = df$unit, type = "HC1", cadjust = TRUE)[names, names]
  b <- coef(fit)[names]
  e <- as.integer(sub("cell_([0-9]+)_([0-9]+)", "\\2", names)) - as.integer(sub("cell_([0-9]+)_([0-9]+)", "\\1", names))
  sel <- if (is.null(horizon)) rep(TRUE, length(names)) else e == horizon
  mass <- sapply(names, function(nm) if (poisson) sum(df$y[df[[nm]] == 1]) else sum(df[[nm]]))
  g <- numeric(length(names))
  if (poisson) {
    den <- sum((mass * exp(-b))[sel]); est <- log(sum(mass[sel]) / den); g[sel] <- (mass * exp(-b))[sel] / den
  } else {
    est <- sum((mass * b)[sel]) / sum(mass[sel]); g[sel] <- mass[sel] / sum(mass[sel])
  }
  list(estimate = est, std_error = sqrt(drop(t(g) %*% v %*% g)), n_cells = length(names))
}
cpe <- kept; names(cpe)[names(cpe) == "period"] <- "time"
cases[["etwfe_count_poisson"]] <- etwfe(cpe, TRUE)
cases[["etwfe_count_poisson_e1"]] <- etwfe(cpe, TRUE, horizon = 1)
mpe <- data.frame(unit = mp$countyreal, time = mp$year, cohort = mp$first.treat, y = mp$lemp)
cases[["etwfe_mpdta_ols"]] <- etwfe(mpe, FALSE)
cases[["etwfe_mpdta_ols_e0"]] <- etwfe(mpe, FALSE, horizon = 0)

meta <- list(generator = "twfe_oracle.R", r_version = R.version.string,
             sandwich = as.character(packageVersion("sandwich")), estimatr = as.character(packageVersion("estimatr")),
             covariance = "vcovCL(type='HC1', cadjust=TRUE): G/(G-1)*(N-1)/(N-K), K = rank of the dummy-variable model")
writeLines(toJSON(list(meta = meta, cases = cases), auto_unbox = TRUE, digits = I(15), pretty = TRUE), "twfe_oracle.json")
cat("ok\n")
