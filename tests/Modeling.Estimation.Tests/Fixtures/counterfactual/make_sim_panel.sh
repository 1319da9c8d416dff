#!/usr/bin/env bash
# Regenerates sim150_seed5_panel.csv and sim150_seed5_truth.json: a simulated organisation (150 teams, 24 months,
# seed 5) built into a panel by the project's own CLI, trimmed to the columns the counterfactual-model tests read.
# Run from the repository root: bash tests/Modeling.Estimation.Tests/Fixtures/counterfactual/make_sim_panel.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet run --project src/Modeling.Cli -c Release -- simulate --out "$work/sim" --teams 150 --months 24 --seed 5
dotnet run --project src/Modeling.Cli -c Release --no-build -- panel --data "$work/sim" --out "$work/panel.csv"
/usr/bin/python3 - "$work" "$here" <<'PY'
import csv, json, sys
work, here = sys.argv[1], sys.argv[2]
keep = ["team_id", "period", "period_index", "engineers", "cohort", "org", "service_tier", "primary_language",
        "merged_prs_per_engineer"]
with open(f"{work}/panel.csv", newline="") as f, open(f"{here}/sim150_seed5_panel.csv", "w", newline="") as out:
    reader = csv.DictReader(f)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(keep)
    for row in reader:
        writer.writerow([row[k] for k in keep])
truth = json.load(open(f"{work}/sim/truth.json"))
effect = next(e for e in truth["effects"] if e["outcome"] == "merged_prs_per_engineer")
json.dump({"source": "modeling simulate --teams 150 --months 24 --seed 5; truth.json effects[merged_prs_per_engineer]",
           "outcome": "merged_prs_per_engineer", "multiplier": effect["multiplier"], "team_months": effect["team_months"]},
          open(f"{here}/sim150_seed5_truth.json", "w"), indent=2)
PY
