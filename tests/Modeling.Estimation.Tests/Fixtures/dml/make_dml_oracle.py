"""Independent oracle for DoubleMachineLearning with the Linear learner (tests/.../MachineLearning/DmlOracleTests.cs).

Run from this folder:  /usr/bin/python3 make_dml_oracle.py ../../../../../shared/refdata/sipp1991_401k.csv
(Debian bookworm: python3 3.11, statsmodels 0.13.5, numpy 1.24.2, pandas 1.5.3.)

Data: sipp1991_401k.csv, outcome net_tfa, treatment e401, covariates age inc educ fsize marr twoearn db pira hown.
Clusters: artificial, cluster = row index // 10 (992 clusters), so that the cluster-robust SE is exercised.
Folds: 3 repetitions; in each, the clusters are permuted with numpy RandomState(20181) (one generator, drawn in
sequence) and dealt round-robin to 5 folds; every row takes its cluster's fold. Written to dml_oracle_folds.csv.
Cross-fitting: for every repetition and fold, statsmodels OLS with a constant of net_tfa on X and of e401 on X, fitted
on the other folds, predicts the fold. theta_s and its SEs come from statsmodels OLS of the outcome residual on the
treatment residual without a constant: cov_type='cluster' (groups = cluster; statsmodels' correction
G/(G-1)*(N-1)/(N-K) with K = 1 is G/(G-1)) and cov_type='HC1' (N/(N-1), each row its own cluster).
Aggregation over repetitions (Chernozhukov et al. 2018, section 3.4): theta = median theta_s,
se = sqrt(median(se_s^2 + (theta_s - theta)^2)).
Also the full-sample OLS of net_tfa on e401 and X (with constant), HC1 SE, for the Frisch-Waugh-Lovell comparison.
"""
import json
import sys

import numpy as np
import pandas as pd
import statsmodels.api as sm

COVARIATES = ["age", "inc", "educ", "fsize", "marr", "twoearn", "db", "pira", "hown"]
FOLDS, REPETITIONS = 5, 3

data = pd.read_csv(sys.argv[1])
n = len(data)
y = data["net_tfa"].to_numpy(float)
d = data["e401"].to_numpy(float)
x = sm.add_constant(data[COVARIATES].to_numpy(float))
cluster = np.arange(n) // 10
clusters = cluster.max() + 1

rng = np.random.RandomState(20181)
folds = np.zeros((REPETITIONS, n), dtype=int)
reps = []
for r in range(REPETITIONS):
    order = rng.permutation(clusters)
    fold_of_cluster = np.empty(clusters, dtype=int)
    fold_of_cluster[order] = np.arange(clusters) % FOLDS
    folds[r] = fold_of_cluster[cluster]
    y_hat = np.empty(n)
    d_hat = np.empty(n)
    for k in range(FOLDS):
        test = folds[r] == k
        y_hat[test] = sm.OLS(y[~test], x[~test]).fit().predict(x[test])
        d_hat[test] = sm.OLS(d[~test], x[~test]).fit().predict(x[test])
    y_res, d_res = y - y_hat, d - d_hat
    clustered = sm.OLS(y_res, d_res).fit(cov_type="cluster", cov_kwds={"groups": cluster})
    rows = sm.OLS(y_res, d_res).fit(cov_type="HC1")
    reps.append({"theta": float(clustered.params[0]), "se_cluster": float(clustered.bse[0]), "se_rows": float(rows.bse[0]),
                 "outcome_r2": float(1 - (y_res ** 2).sum() / ((y - y.mean()) ** 2).sum()),
                 "treatment_r2": float(1 - (d_res ** 2).sum() / ((d - d.mean()) ** 2).sum())})

thetas = np.array([r["theta"] for r in reps])
ses = np.array([r["se_cluster"] for r in reps])
theta = float(np.median(thetas))
se = float(np.sqrt(np.median(ses ** 2 + (thetas - theta) ** 2)))
full = sm.OLS(y, np.column_stack([d, x])).fit(cov_type="HC1")

pd.DataFrame({"row": np.arange(1, n + 1), "cluster": cluster,
              **{f"fold_{r + 1}": folds[r] for r in range(REPETITIONS)}}).to_csv("dml_oracle_folds.csv", index=False)
with open("dml_oracle.json", "w") as f:
    json.dump({"source": "make_dml_oracle.py (statsmodels 0.13.5)", "repetitions": reps,
               "theta": theta, "se_cluster": se,
               "full_ols": {"coefficient": float(full.params[0]), "se_hc1": float(full.bse[0])}}, f, indent=2)
    f.write("\n")
print(json.dumps({"theta": theta, "se": se, "reps": reps, "full_ols": float(full.params[0])}, indent=1))
