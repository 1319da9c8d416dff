# Simulates the small staggered count panel used by the Poisson TWFE oracle (count_panel.csv).
# Run: Rscript make_count_panel.R   (R 4.2.2; deterministic via set.seed)
set.seed(20261128)
units <- 80; periods <- 10
cohorts <- c(rep(0, 24), sample(c(4, 6, 8), units - 24, replace = TRUE))
size <- exp(rnorm(units, 1, 0.8))
rows <- expand.grid(period = 1:periods, unit = 1:units)[, c("unit", "period")]
rows$cohort <- cohorts[rows$unit]
rows$x <- round(rnorm(nrow(rows)) + 0.1 * rows$period, 6)
rows$dose <- round(ifelse(rows$cohort > 0 & rows$period >= rows$cohort, runif(nrow(rows), 0.2, 1), 0), 6)
rows$w <- round(runif(units, 0.5, 2)[rows$unit], 6)
mu <- size[rows$unit] * exp(0.05 * rows$period + 0.2 * rows$x +
      0.3 * (rows$cohort > 0 & rows$period >= rows$cohort))
rows$y <- rpois(nrow(rows), mu)
# Three units with outcome identically zero: Poisson FE drops them (no finite unit effect).
rows$y[rows$unit %in% c(3, 41, 77)] <- 0
write.csv(rows, "count_panel.csv", row.names = FALSE, quote = FALSE)
