"""Independent oracle for Modeling.Estimation.Sensitivity.RelativeMagnitudeBounds.

Run with Debian's python (scipy 1.10.1, numpy 1.24.2):
    /usr/bin/python3 tests/Modeling.Estimation.Tests/Fixtures/sensitivity/relative_magnitudes_oracle.py
Writes relative_magnitudes_oracle.json beside this script.

Identified set (Rambachan & Roth 2023, Delta^RM(Mbar)): solved as linear programs with scipy.optimize.linprog over
the full delta vector, one pair of LPs per polyhedral piece of Delta^RM (which pre-period change s is the largest, sign
sigma), as in the paper's Lemma for unions of polyhedra; the identified set is the union over feasible pieces.
This uses no closed form.

Robust CI: the union over pieces (s, sigma) of the one-sided normal bounds of the piece's linear upper/lower end,
built here from explicit constraint matrices; breakdown values by scipy.optimize.brentq root finding.
"""
import json
import os

import numpy as np
from scipy.optimize import brentq, linprog
from scipy.stats import norm


def changes(n_pre):
    """Rows D_s: delta_{s+1} - delta_s over the pre block, with delta_{-1} = 0 after the last pre period."""
    rows = []
    for s in range(n_pre):
        d = np.zeros(n_pre)
        d[s] = -1.0
        if s + 1 < n_pre:
            d[s + 1] = 1.0
        rows.append(d)
    return np.array(rows)


def identified_set(beta, n_pre, n_post, l, mbar):
    n = n_pre + n_post
    D = np.hstack([changes(n_pre), np.zeros((n_pre, n_post))])
    # post changes: delta_0 - delta_{-1} = delta_0, then delta_{t+1} - delta_t
    P = np.zeros((n_post, n))
    for t in range(n_post):
        P[t, n_pre + t] = 1.0
        if t > 0:
            P[t, n_pre + t - 1] = -1.0
    A_eq = np.hstack([np.eye(n_pre), np.zeros((n_pre, n_post))])
    b_eq = beta[:n_pre]
    c = np.concatenate([np.zeros(n_pre), l])
    lows, highs = [], []
    for s in range(n_pre):
        for sign in (1.0, -1.0):
            top = sign * D[s]
            A_ub = [row - top for row in D] + [-row - top for row in D]
            A_ub += [row - mbar * top for row in P] + [-row - mbar * top for row in P]
            A_ub = np.array(A_ub)
            b_ub = np.zeros(len(A_ub))
            bounds = [(None, None)] * n
            lo = linprog(c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
            hi = linprog(-c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if lo.status == 0 and hi.status == 0:
                lows.append(lo.fun)          # min l'delta_post
                highs.append(-hi.fun)        # max l'delta_post
    theta = float(l @ beta[n_pre:])
    return theta - max(highs), theta - min(lows)


def robust_ci(beta, sigma, n_pre, n_post, l, mbar, level):
    z = norm.ppf(0.5 + level / 2)
    L = np.cumsum(l[::-1])[::-1]
    K = np.abs(L).sum()
    D = changes(n_pre)
    ups, downs = [], []
    for s in range(n_pre):
        for sign in (1.0, -1.0):
            a = np.concatenate([mbar * K * sign * D[s], l])
            sd = np.sqrt(a @ sigma @ a)
            ups.append(a @ beta + z * sd)
            downs.append(a @ beta - z * sd)
    return min(downs), max(ups)


def breakdown(beta, sigma, n_pre, n_post, l, level, value, limit=100.0):
    def gap(m):
        lo, hi = robust_ci(beta, sigma, n_pre, n_post, l, m, level)
        return (lo - value) if value < lo else ((value - hi) if value > hi else min(value - lo, hi - value) * -1)
    lo0, hi0 = robust_ci(beta, sigma, n_pre, n_post, l, 0.0, level)
    if lo0 <= value <= hi0:
        return None
    if gap(limit) > 0:
        return limit
    return brentq(gap, 0.0, limit, xtol=1e-12, rtol=1e-12)


def main():
    rng = np.random.default_rng(20230501)
    cases = []
    specs = [
        ("three_pre_four_post_average", 3, 4, "average", None),
        ("three_pre_four_post_e0", 3, 4, "event_time", 0),
        ("five_pre_three_post_e2", 5, 3, "event_time", 2),
        ("one_pre_two_post_average", 1, 2, "average", None),
        ("four_pre_six_post_average", 4, 6, "average", None),
    ]
    mbars = [0.0, 0.25, 0.5, 1.0, 2.0]
    level = 0.95
    for name, n_pre, n_post, kind, e in specs:
        n = n_pre + n_post
        A = rng.normal(size=(n, n))
        sigma = (A @ A.T) / n * 0.0004 + np.eye(n) * 0.0001
        pre = rng.normal(scale=0.05, size=n_pre)
        post = 0.25 + rng.normal(scale=0.05, size=n_post)
        beta = np.concatenate([pre, post])
        l = np.full(n_post, 1.0 / n_post) if kind == "average" else np.eye(n_post)[e]
        rows = []
        for m in mbars:
            lb, ub = identified_set(beta, n_pre, n_post, l, m)
            clo, chi = robust_ci(beta, sigma, n_pre, n_post, l, m, level)
            rows.append({"mbar": m, "identified_low": lb, "identified_high": ub, "ci_low": clo, "ci_high": chi})
        cases.append({
            "name": name,
            "event_times": list(range(-n_pre - 1, -1)) + list(range(n_post)),
            "estimates": beta.tolist(),
            "covariance": sigma.tolist(),
            "target": {"kind": kind, "event_time": e},
            "level": level,
            "rows": rows,
            "breakdown_zero": breakdown(beta, sigma, n_pre, n_post, l, level, 0.0),
            "fifth_value": float(l @ post) / 5,
            "breakdown_fifth": breakdown(beta, sigma, n_pre, n_post, l, level, float(l @ post) / 5),
            "breakdown_double": breakdown(beta, sigma, n_pre, n_post, l, level, float(l @ post) * 2),
        })
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "relative_magnitudes_oracle.json")
    with open(out, "w") as f:
        json.dump({"source": "relative_magnitudes_oracle.py (scipy 1.10.1 linprog/highs, numpy 1.24.2)", "cases": cases}, f, indent=1)


if __name__ == "__main__":
    main()
