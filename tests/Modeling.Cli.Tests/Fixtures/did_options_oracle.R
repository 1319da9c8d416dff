# R did 2.5.1 (with DRDID 1.2.3) on mpdta under each option `modeling estimate --estimator staggered_did` exposes.
# Run from this folder:  Rscript did_options_oracle.R ../../../../shared/refdata   (writes did_options_oracle.json)
# R 4.2.2. Analytic standard errors (bstrap = FALSE) for every case; one bootstrap case (uniform bands)
# (20,000 draws) whose SEs and critical value are random in both programs, so tests compare them with a tolerance.
suppressPackageStartupMessages({ library(did); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
refdata <- if (length(args) > 0) args[1] else "../../../../shared/refdata"
mpdta <- read.csv(file.path(refdata, "mpdta.csv"))

record <- function(att, dyn_args = list()) {
  agg <- function(type, extra = list()) do.call(aggte, c(list(att, type = type, na.rm = TRUE), extra))
  simple <- agg("simple"); dynamic <- agg("dynamic", dyn_args); group <- agg("group")
  list(
    att_gt = data.frame(group = att$group, time = att$t, att = att$att, se = att$se),
    pretrend_p_value = if (is.null(att$Wpval)) NA else att$Wpval,
    simple = list(att = simple$overall.att, se = simple$overall.se),
    dynamic = list(att = dynamic$overall.att, se = dynamic$overall.se,
                   by_event_time = data.frame(event_time = dynamic$egt, att = dynamic$att.egt, se = dynamic$se.egt)),
    group = list(att = group$overall.att, se = group$overall.se,
                 by_group = data.frame(group = group$egt, att = group$att.egt, se = group$se.egt)))
}

run <- function(..., dyn_args = list(), data = mpdta) {
  att <- att_gt(yname = "lemp", tname = "year", idname = "countyreal", gname = "first.treat", data = data,
                bstrap = FALSE, cband = FALSE, ...)
  record(att, dyn_args)
}

set.seed(20211)
cases <- list(
  dr_lpop = run(xformla = ~lpop, est_method = "dr"),
  ipw_lpop = run(xformla = ~lpop, est_method = "ipw"),
  reg_lpop = run(xformla = ~lpop, est_method = "reg"),
  universal = run(base_period = "universal"),
  anticipation_1 = run(anticipation = 1),
  not_yet = run(control_group = "notyettreated"),
  window = run(dyn_args = list(min_e = -2, max_e = 2)),
  balance_e_1 = run(dyn_args = list(balance_e = 1)),
  # No never-treated units: the last cohort (2007) is the control, and the periods from 2007 on are dropped.
  not_yet_without_never = run(control_group = "notyettreated", data = mpdta[mpdta$first.treat != 0, ]),
  weights_lpop = run(weightsname = "lpop"),
  # An unbalanced panel (every row with (county * 7 + year) %% 13 == 0 removed): did's default balances it, dropping
  # every county with a missing year.
  unbalanced_balanced = run(data = mpdta[(mpdta$countyreal * 7 + mpdta$year) %% 13 != 0, ])
)
boot <- att_gt(yname = "lemp", tname = "year", idname = "countyreal", gname = "first.treat", data = mpdta,
               bstrap = TRUE, biters = 20000, cband = TRUE)
dyn <- aggte(boot, type = "dynamic", biters = 20000, cband = TRUE)
cases$bootstrap <- list(att_gt_se = boot$se, att_gt_critical_value = boot$c,
                        dynamic_se = dyn$se.egt, dynamic_critical_value = dyn$crit.val.egt)

# Clusters above the county: the state (the county FIPS code's leading digits), by did's clustered bootstrap.
mpdta$state <- mpdta$countyreal %/% 1000
clustered <- att_gt(yname = "lemp", tname = "year", idname = "countyreal", gname = "first.treat", data = mpdta,
                    clustervars = c("countyreal", "state"), bstrap = TRUE, biters = 20000, cband = TRUE)
cases$cluster_state <- list(att_gt_se = clustered$se, simple_se = aggte(clustered, type = "simple", biters = 20000)$overall.se,
                            clusters = length(unique(mpdta$state)))

# The same unbalanced panel kept, as did's allow_unbalanced_panel = TRUE: repeated-cross-section estimators (drdid_rc,
# std_ipw_did_rc, reg_did_rc) on every observation of a cell's two periods, influence functions summed by county.
# lpop_t varies within a county (lpop + 0.05 (year - 2003) (county mod 3)), so each observation's own covariate counts.
unbalanced <- mpdta[(mpdta$countyreal * 7 + mpdta$year) %% 13 != 0, ]
unbalanced$lpop_t <- unbalanced$lpop + 0.05 * (unbalanced$year - 2003) * (unbalanced$countyreal %% 3)
cases$unbalanced_rc <- run(data = unbalanced, allow_unbalanced_panel = TRUE)
cases$unbalanced_rc_dr_lpop_t <- run(data = unbalanced, allow_unbalanced_panel = TRUE, xformla = ~lpop_t, est_method = "dr")
cases$unbalanced_rc_ipw_lpop_t <- run(data = unbalanced, allow_unbalanced_panel = TRUE, xformla = ~lpop_t, est_method = "ipw")
cases$unbalanced_rc_reg_lpop_t <- run(data = unbalanced, allow_unbalanced_panel = TRUE, xformla = ~lpop_t, est_method = "reg")
cases$unbalanced_rc_not_yet <- run(data = unbalanced, allow_unbalanced_panel = TRUE, control_group = "notyettreated")
cases$unbalanced_rc_universal <- run(data = unbalanced, allow_unbalanced_panel = TRUE, base_period = "universal")

out <- list(tool = sprintf("R %s, did %s, DRDID %s", getRversion(), packageVersion("did"), packageVersion("DRDID")),
            data = "mpdta (refdata)", cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, na = "null", pretty = TRUE), "did_options_oracle.json")
