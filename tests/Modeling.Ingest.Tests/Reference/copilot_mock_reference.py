#!/usr/bin/env python3
"""Independent reference for the Copilot reader over copilot-metrics-viewer's mock user reports.

Reads the two files exactly as shipped (pretty-printed JSON report envelopes) with Python's json module and applies
the mapping written in README "GitHub Copilot exports", field by field, without any of the C# code:
  - per feature of totals_by_feature the feature totals are the counts; totals_by_model_feature entries of that feature
    give each model its share and the rest goes to model unknown (a breakdown above its total is not used);
    model entries of features absent from totals_by_feature ("others") are not counted;
  - copilot_cli -> cli once; totals_by_cli adds session_count (and prompt_count only when totals_by_feature has no
    copilot_cli entry);
  - used_copilot_coding_agent / used_copilot_cloud_agent -> one agent row: 1 interaction, 1 agent session;
  - files in name order (1-day before 28-day); a user-day seen again with the same rows is skipped, with other rows
    rejected.

Command (from the repository root; writes the CSV next to this script):
  python3 tests/Modeling.Ingest.Tests/Reference/copilot_mock_reference.py ../shared/external/copilot-metrics-viewer
Python 3.11.7, standard library only. Tolerance: exact (all values are integers).
"""
import collections
import csv
import json
import os
import sys

FIELDS = ["user_initiated_interaction_count", "code_generation_activity_count", "code_acceptance_activity_count",
          "loc_suggested_to_add_sum", "loc_added_sum"]


def contract_feature(name):
    if name == "code_completion":
        return "completion"
    if name in ("chat_panel_ask_mode", "chat_panel_edit_mode", "chat_panel_plan_mode", "chat_panel_unknown_mode", "chat_inline", "chat"):
        return "chat"
    if name in ("chat_panel_agent_mode", "chat_panel_custom_mode", "agent_edit", "agent"):
        return "agent"
    if name in ("cli", "copilot_cli"):
        return "cli"
    return "review" if "review" in name else "other"


def counts(entry, feature):
    """[interactions, suggestions, acceptances, lines_suggested, lines_accepted, agent_sessions]; None = unknown."""
    raw = [entry.get(f) for f in FIELDS]
    interactions = raw[1] if feature == "code_completion" else raw[0]
    return [interactions or 0, raw[1], raw[2], raw[3], raw[4], None]


def add(a, b):
    return [None if x is None and y is None else (x or 0) + (y or 0) for x, y in zip(a, b)]


def user_day_rows(record):
    rows = collections.OrderedDict()

    def put(model, feature, c):
        key = (model, feature)
        rows[key] = add(rows[key], c) if key in rows else c

    features = record.get("totals_by_feature") or []
    names = {f["feature"] for f in features}
    models = collections.defaultdict(list)
    for m in record.get("totals_by_model_feature") or []:
        if m["feature"] in names:
            models[m["feature"]].append(m)
    for f in features:
        total = counts(f, f["feature"])
        feature = contract_feature(f["feature"])
        parts = models.pop(f["feature"], [])
        if not parts:
            put(None, feature, total)
            continue
        shares = [(m["model"], counts(m, f["feature"])) for m in parts]
        summed = [sum(s[1][i] or 0 for s in shares) for i in range(5)]
        if any(total[i] is not None and summed[i] > total[i] for i in range(5)):
            put(None, feature, total)
            continue
        for model, c in shares:
            put(model, feature, c)
        rest = [None if total[i] is None else total[i] - summed[i] for i in range(5)] + [None]
        if any((x or 0) > 0 for x in rest):
            put(None, feature, rest)
    if not features and not record.get("totals_by_model_feature"):
        top = counts(record, None)
        if any((x or 0) > 0 for x in top):
            put(None, None, top)
    cli = record.get("totals_by_cli")
    if isinstance(cli, dict):
        prompts = 0 if "copilot_cli" in names else cli.get("prompt_count") or 0
        put(None, "cli", [prompts, None, None, None, None, cli.get("session_count")])
    if record.get("used_copilot_coding_agent") is True or record.get("used_copilot_cloud_agent") is True:
        put(None, "agent", [1, None, None, None, None, 1])
    return rows


def main(folder):
    out = []
    seen = {}
    skipped = rejected = 0
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), encoding="utf-8") as fh:
            report = json.load(fh)
        for record in report["day_totals"]:
            key = (record["user_login"], record["day"])
            rows = user_day_rows(record)
            canonical = sorted(((m or "", f or ""), v) for (m, f), v in rows.items())
            if key in seen:
                if seen[key] == canonical:
                    skipped += 1
                else:
                    rejected += 1
                continue
            seen[key] = canonical
            for (model, feature), v in rows.items():
                out.append([record["day"], record["user_login"], model or "", feature or ""] + ["" if x is None else x for x in v])
    out.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "copilot_mock_reference.csv"), "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["day", "user_login", "model", "feature", "interactions", "suggestions", "acceptances",
                    "lines_suggested", "lines_accepted", "agent_sessions"])
        w.writerows(out)
    # Team-month figures for the setup of the test: one team, engineers on the roster the whole of April 2026.
    april = collections.Counter()
    for r in out:
        if r[0].startswith("2026-04"):
            april[r[1]] += r[4]
    cli_team = ["defunkt", "hubot", "octocat", "octokitten"]
    print(json.dumps({"user_days_skipped_identical": skipped, "user_days_rejected_conflicting": rejected, "rows": len(out),
                      "april_interactions_per_engineer_all_8": sum(april.values()) / 8,
                      "april_interactions_per_engineer_cli_team": sum(april[u] for u in cli_team) / len(cli_team)}, indent=2))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "shared", "external", "copilot-metrics-viewer"))
