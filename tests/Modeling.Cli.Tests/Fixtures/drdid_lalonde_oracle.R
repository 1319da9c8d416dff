# DRDID's README example (Sant'Anna & Zhao 2020): NSW experimental controls against CPS comparison units, 1975 and
# 1978, whose true effect is 0, so the estimates measure each estimator's bias. R did 2.5.1 / DRDID 1.2.3 on the copy
# in ../shared/external/drdid/eval_lalonde_cps.csv (cohort 1978 for the NSW units, 0 for CPS).
# Run from this folder:  Rscript drdid_lalonde_oracle.R ../../../../shared/external   (writes drdid_lalonde_oracle.json)
suppressPackageStartupMessages({ library(did); library(DRDID); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
external <- if (length(args) > 0) args[1] else "../../../../shared/external"
d <- read.csv(file.path(external, "drdid", "eval_lalonde_cps.csv"))
x <- ~ age + educ + black + married + nodegree + hisp + re74

cases <- list()
for (m in c("dr", "ipw", "reg")) {
  att <- att_gt(yname = "re", tname = "year", idname = "id", gname = "cohort", xformla = x, data = d,
                est_method = m, bstrap = FALSE, cband = FALSE)
  cases[[m]] <- list(att = att$att[att$group == 1978 & att$t == 1978], se = att$se[att$group == 1978 & att$t == 1978])
}
trad <- drdid(yname = "re", tname = "year", idname = "id", dname = "experimental", xformla = x, data = d,
              panel = TRUE, estMethod = "trad")
cases$drdid_trad <- list(att = trad$ATT, se = trad$se)
out <- list(tool = sprintf("R %s, did %s, DRDID %s", getRversion(), packageVersion("did"), packageVersion("DRDID")),
            data = "eval_lalonde_cps (external/drdid)", cases = cases)
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "drdid_lalonde_oracle.json")
