"""Second, independent oracle (statsmodels) for TWFE OLS and Poisson with unit-clustered CR1 SEs.

Run from this folder:  /usr/bin/python3 twfe_oracle_statsmodels.py ../../../../shared/refdata
(Debian python3-statsmodels 0.13.5, pandas 1.5.3). Writes twfe_oracle_statsmodels.json.
Fixed effects are explicit dummies (C(unit) + C(time)); cov_type="cluster" with use_correction=True gives
G/(G-1)*(N-1)/(N-K) for OLS and GLM alike, K = number of parameters of the dummy model (the R oracle's and the
C# code's convention).
"""
import json
import sys

import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

refdata = sys.argv[1] if len(sys.argv) > 1 else "../../../../shared/refdata"
cases = {}

mp = pd.read_csv(f"{refdata}/mpdta.csv")
mp["D"] = ((mp["first.treat"] > 0) & (mp["year"] >= mp["first.treat"])).astype(float)
ols = smf.ols("lemp ~ D + C(countyreal) + C(year)", data=mp).fit(
    cov_type="cluster", cov_kwds={"groups": mp["countyreal"], "use_correction": True, "df_correction": True})
cases["mpdta_ols"] = {"estimate": float(ols.params["D"]), "std_error": float(ols.bse["D"]),
                      "n_obs": int(ols.nobs), "k": int(ols.df_model) + 1}

cp = pd.read_csv("count_panel.csv")
cp["D"] = ((cp["cohort"] > 0) & (cp["period"] >= cp["cohort"])).astype(float)
kept = cp[cp.groupby("unit")["y"].transform("sum") > 0].reset_index(drop=True)
glm = smf.glm("y ~ D + x + C(unit) + C(period)", data=kept, family=sm.families.Poisson()).fit(
    tol=1e-14, maxiter=200, cov_type="cluster", cov_kwds={"groups": kept["unit"], "use_correction": True})
n, k = int(glm.nobs), int(glm.df_model) + 1
cases["count_poisson"] = {"estimate": [float(glm.params["D"]), float(glm.params["x"])],
                          "std_error": [float(glm.bse["D"]), float(glm.bse["x"])],
                          "n_obs": n, "k": k}

with open("twfe_oracle_statsmodels.json", "w") as f:
    json.dump({"meta": {"generator": "twfe_oracle_statsmodels.py", "statsmodels": sm.__version__, "pandas": pd.__version__},
               "cases": cases}, f, indent=2)
print(json.dumps(cases, indent=1))
