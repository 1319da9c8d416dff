# bacondecomp 0.1.3 (R 4.2.2) on castle (Cheng & Hoekstra 2013; refdata/castle_bacondecomp.csv): every 2x2 comparison
# of bacon(l_homicide ~ post, id_var = "state", time_var = "year") with its weight, for `modeling estimate --estimator bacon`.
# Run from this folder:  Rscript bacondecomp_castle_oracle.R ../../../../shared/refdata   (writes bacondecomp_castle_oracle.json)
suppressPackageStartupMessages({ library(bacondecomp); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
refdata <- if (length(args) > 0) args[1] else "../../../../shared/refdata"
castle <- read.csv(file.path(refdata, "castle_bacondecomp.csv"))
castle$post <- as.numeric(!is.na(castle$effyear) & castle$year >= castle$effyear)
b <- bacon(l_homicide ~ post, data = castle, id_var = "state", time_var = "year", quietly = TRUE)
# bacondecomp names the never treated Inf; here they are cohort 0 as in CONTRACT 5.
b$treated[!is.finite(b$treated)] <- 0; b$untreated[!is.finite(b$untreated)] <- 0
out <- list(tool = sprintf("R %s, bacondecomp %s", getRversion(), packageVersion("bacondecomp")),
            comparisons = data.frame(type = b$type, treated = b$treated, untreated = b$untreated, estimate = b$estimate, weight = b$weight),
            twfe = unname(coef(lm(l_homicide ~ post + factor(state) + factor(year), data = castle))["post"]))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), "bacondecomp_castle_oracle.json")
