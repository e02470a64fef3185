#!/usr/bin/env python3
"""make bench: generate a synthetic term once, run every shipped pipeline on
it, and print and record wall time and peak memory per stage and in total,
and ingestion rows and MB per second.

Usage: bench.py [--scale small|district|city] [--seed N] [--binary PATH]

- The dataset is generated once into .bench/<scale>-seed<N>/ (outside git)
  by `afterschool generate`, and reused.
- Each pipeline runs under /usr/bin/time (wall time, peak resident memory);
  stage times come from the run's manifest.json.
- Results are appended to Benchmarks/results.tsv with the machine (cores,
  memory) and the git commit.
- If DUCKDB_ANCHOR names the DuckDB yardstick script
  (duckdb_school_summary.py), it runs on the same files for comparison.
Benchmarks are not tests: nothing here fails on timing.
"""
import argparse
import datetime
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PIPELINES = ["termly-evaluation", "stipend-proposal", "district-assessment"]


def machine():
    cores = os.cpu_count()
    with open("/proc/meminfo") as f:
        kib = int(f.readline().split()[1])
    return f"{cores} cores, {kib / 1024 / 1024:.0f} GiB"


def read_rate(log, prefix):
    """The '(N rows/s, M MB/s)' of the log line that starts with prefix."""
    with open(log) as f:
        for line in f:
            line = line.strip()
            if line.startswith(prefix) and "MB/s" in line and "(" in line:
                return line[line.rindex("(") + 1:].rstrip(")")
    return ""


def timed(cmd, log):
    """Runs cmd under /usr/bin/time; returns (wall seconds, peak MiB, exit)."""
    full = ["/usr/bin/time", "-f", "BENCH %e %M"] + cmd
    with open(log, "w") as out:
        p = subprocess.run(full, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
    wall = peak = 0.0
    with open(log) as f:
        for line in f:
            if line.startswith("BENCH "):
                _, w, m = line.split()
                wall, peak = float(w), int(m) / 1024
    return wall, peak, p.returncode


def commit():
    try:
        return subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True).strip()
    except Exception:
        return "unknown"


def planted_checks(data, out):
    """The audit against planted.json (every planted finding found, nothing
    else) and the stipend (each school's amounts add up to its budget)."""
    import csv
    try:
        with open(os.path.join(data, "planted.json")) as f:
            planted = json.load(f)
        cols = ["rule", "school_id", "session_id", "other_session_id", "staff_id", "student_id", "month"]
        want = {tuple([rule] + [p.get(c, "") for c in cols[1:]])
                for rule, found in planted["findings"].items() for p in found}
        with open(os.path.join(out, "internal", "audit_findings.csv"), encoding="utf-8-sig") as f:
            got = {tuple(row[c] for c in cols) for row in csv.DictReader(f)}
        lines = [f"audit vs planted.json: {len(want & got)} of {len(want)} planted findings found, "
                 f"{len(got - want)} findings not planted"]
        sums = {}
        with open(os.path.join(out, "tables", "stipend_allocation.csv"), encoding="utf-8-sig") as f:
            for row in csv.DictReader(f):
                sums[row["school_id"]] = sums.get(row["school_id"], 0) + round(float(row["amount"]) * 100)
        with open(os.path.join(out, "tables", "stipend_summary.csv"), encoding="utf-8-sig") as f:
            budgets = {row["school_id"]: round(float(row["budget"]) * 100) for row in csv.DictReader(f)}
        exact = sum(1 for school, fen in budgets.items() if sums.get(school, 0) == fen)
        lines.append(f"stipend: {exact} of {len(budgets)} schools' amounts add up to the budget to the fen")
        return lines
    except (OSError, KeyError, ValueError) as e:
        return [f"planted checks skipped: {e}"]


def service_checks(data, out):
    """The service departures planted.json lists, in the termly evaluation's
    grade_service and service_choice: each short grade under 2 hours on
    every service day, each school without late care serving none of its
    requests, kept non-askers (unrequested share 0.15 or more, other
    schools under 0.05) and ignored part-week choices (chosen-day coverage
    under 0.85, other schools 0.9 or more)."""
    import csv
    try:
        with open(os.path.join(data, "planted.json")) as f:
            service = json.load(f).get("service")
        if service is None:
            return ["service checks skipped: planted.json lists no service departures (generated before they were planted)"]

        def table(name):
            with open(os.path.join(out, "tables", name), encoding="utf-8-sig") as f:
                return list(csv.DictReader(f))
        grades = {(r["school_id"], r["grade"]): r for r in table("grade_service.csv")}
        choice = {r["school_id"]: r for r in table("service_choice.csv")}
        short = service["short_grade"]
        shown = sum(1 for p in short
                    if grades[(p["school_id"], str(p["grade"]))]["days_meeting_2h_share"] == "0.0000"
                    and float(grades[(p["school_id"], str(p["grade"]))]["mean_daily_hours"]) < 2)
        other_short = sum(1 for key, r in grades.items()
                          if r["days_meeting_2h_share"] == "0.0000"
                          and key not in {(p["school_id"], str(p["grade"])) for p in short})
        lines = [f"grade_service: {shown} of {len(short)} planted short grades under 2 hours every day "
                 f"({other_short} other grades too: their timetable is under 2 hours and no late care was attended)"]
        unserved = service["late_care_unserved"]
        shown = sum(1 for p in unserved if choice[p["school_id"]]["extended_served"] == "0"
                    and int(choice[p["school_id"]]["extended_requested"]) > 0)
        lines.append(f"service_choice: {shown} of {len(unserved)} schools planted without late care serve none of its requests")
        for kind, column, planted_ok, other_ok, what in [
                ("unrequested_participants", "unrequested_share", lambda v: v >= 0.15, lambda v: v < 0.05,
                 "keep students who did not ask (share 0.15 or more; others under 0.05)"),
                ("chosen_days_ignored", "chosen_day_coverage", lambda v: v < 0.85, lambda v: v >= 0.9,
                 "ignore part-week choices (chosen-day coverage under 0.85; others 0.9 or more)")]:
            planted = {p["school_id"] for p in service[kind]}
            shown = sum(1 for s in planted if planted_ok(float(choice[s][column])))
            others = [s for s in choice if s not in planted]
            clean = sum(1 for s in others if other_ok(float(choice[s][column])))
            lines.append(f"service_choice: {shown} of {len(planted)} schools planted to {what}; "
                         f"{clean} of {len(others)} other schools clear")
        return lines
    except (KeyError, ValueError) as e:
        return [f"service checks FAILED: a table lacks a planted school or grade, or holds a bad value: {e!r}"]
    except OSError as e:
        return [f"service checks FAILED: {e}"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", default="district", choices=["small", "district", "city"])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/afterschool"))
    ap.add_argument("--parts-only", action="store_true",
                    help="only the re-run of one school's attendance part, on a dataset generated with --parts")
    args = ap.parse_args()

    bench = os.path.join(ROOT, ".bench")
    data = os.path.join(bench, f"{args.scale}-seed{args.seed}")
    os.makedirs(bench, exist_ok=True)
    rows = []  # (what, wall s, peak MiB, note)
    if not os.path.exists(os.path.join(data, "dataset.yaml")):
        print(f"generating {args.scale} seed {args.seed} into {data} (once) ...", flush=True)
        wall, peak, code = timed([args.binary, "generate", "--scale", args.scale, "--seed", str(args.seed),
                                  "--out", data], os.path.join(bench, "generate.log"))
        if code != 0:
            sys.exit(f"generate failed, see {bench}/generate.log")
        rows.append(("generate", wall, peak, ""))
    size = sum(os.path.getsize(os.path.join(data, f)) for f in os.listdir(data) if f.endswith(".csv"))

    def stage_rows(name, manifest):
        """One row per stage of a run's manifest (ran or skipped, why)."""
        out_rows = []
        for st in manifest.get("stages", []):
            label = f"  {name}: {st['name']} {st['status']}"
            out_rows.append((label, st.get("seconds", 0), st.get("peak_mib"), st.get("reason", "")))
        return out_rows

    walls = {}
    for name in ([] if args.parts_only else PIPELINES):
        out = os.path.join(bench, "out", f"{args.scale}-{name}")
        log = os.path.join(bench, f"{name}.log")
        wall, peak, code = timed([args.binary, "run", f"pipelines/{name}.yaml", "--data", data, "--out", out,
                                  "--force", "--replace"], log)
        if code != 0:
            rows.append((name, wall, peak, f"FAILED (exit {code}), see {log}"))
            continue
        with open(os.path.join(out, "manifest.json")) as f:
            manifest = json.load(f)
        records = sum(f.get("records", 0) for f in manifest.get("files", []))
        ingest = next((st["seconds"] for st in manifest.get("stages", []) if st["name"] == "ingest"), 0) or 1e-9
        note = f"full run (--force); ingest {records / ingest:,.0f} rows/s, {size / 1e6 / ingest:,.1f} MB/s"
        attendance_rate = read_rate(log, "attendance.csv: ")
        if attendance_rate:
            note += f"; attendance.csv {attendance_rate}"
        rows.append((name, wall, peak, note))
        walls[name] = wall
        rows.extend(stage_rows(name, manifest))

    # Checked before the re-runs below change a row.
    service = service_checks(data, os.path.join(bench, "out", f"{args.scale}-termly-evaluation"))

    # Re-runs of the termly evaluation on its own output: nothing changed,
    # one satisfaction row changed, one attendance row changed (the byte
    # change is undone afterwards, so the data stays as generated).
    name = "termly-evaluation"
    out = os.path.join(bench, "out", f"{args.scale}-{name}")
    def rerun(what, extra=()):
        slug = "".join(c if c.isalnum() else "-" for c in what)
        log = os.path.join(bench, f"rerun-{slug}.log")
        wall, peak, code = timed([args.binary, "run", f"pipelines/{name}.yaml", "--data", data, "--out", out, *extra], log)
        with open(os.path.join(out, "manifest.json")) as f:
            manifest = json.load(f)
        work = sum(st.get("seconds", 0) for st in manifest.get("stages", []))
        ran = [st["name"] for st in manifest.get("stages", []) if st["status"] == "ran"]
        note = f"stages' own time {work:.2f} s; ran: {', '.join(ran) or 'none'}" + ("" if code == 0 else f"; FAILED, see {log}")
        rows.append((f"re-run, {what}", wall, peak, note))

    def rerun_after_edit(what, file, old, new, extra=()):
        """Re-runs after replacing the first `old` after the header of `file`
        by `new` (same length, in place), then puts the bytes back."""
        path = os.path.join(data, file)
        with open(path, "r+b") as f:
            head = f.read(1 << 20)
            at = head.index(old, head.index(b"\n") + 1)
            f.seek(at)
            f.write(new)
        rerun(what, extra)
        with open(path, "r+b") as f:
            f.seek(at)
            f.write(old)

    if not args.parts_only and os.path.exists(os.path.join(out, "manifest.json")):
        rerun("nothing changed")
        rerun_after_edit("one satisfaction row changed", "satisfaction.csv", b",5,", b",2,")
        rerun_after_edit("one attendance row changed", "attendance.csv", b",present", b",excused")

    # The same term as a district collects it, one export per school
    # (`generate --parts`): a full run, then one school's attendance part
    # replaced (one byte changed in place, undone afterwards).
    parts = os.path.join(bench, f"{args.scale}-seed{args.seed}-parts")
    if not os.path.exists(os.path.join(parts, "dataset.yaml")):
        wall, peak, code = timed([args.binary, "generate", "--scale", args.scale, "--seed", str(args.seed),
                                  "--out", parts, "--parts"], os.path.join(bench, "generate-parts.log"))
        rows.append(("generate --parts", wall, peak, "" if code == 0 else "FAILED"))
    parts_out = os.path.join(bench, "out", f"{args.scale}-parts-{name}")
    # One planted bad row in a small school's satisfaction part (19
    # responses) is over 5% of that part: each part has its own share, so
    # the parts run allows 20%.
    share = ("--set", "max_reject_share=0.2")
    wall, peak, code = timed([args.binary, "run", f"pipelines/{name}.yaml", "--data", parts, "--out", parts_out,
                              "--force", "--replace", *share], os.path.join(bench, "parts-full.log"))
    rows.append((f"{name}, parts, full run (--force)", wall, peak, "" if code == 0 else "FAILED"))
    att_parts = sorted(os.listdir(os.path.join(parts, "attendance")))
    middle = os.path.join("attendance", att_parts[len(att_parts) // 2])
    data_saved, out_saved = data, out
    data, out = parts, parts_out
    rerun_after_edit(f"parts: one school's attendance part changed ({middle})", middle, b",present", b",excused", share)
    data, out = data_saved, out_saved

    checks = planted_checks(data, os.path.join(bench, "out", f"{args.scale}-stipend-proposal"))
    checks += service

    anchor = os.environ.get("DUCKDB_ANCHOR")
    if anchor:
        log = os.path.join(bench, "duckdb.log")
        # A Python with duckdb: DUCKDB_PYTHON (e.g. the test environment's, after
        # `pip install duckdb` there), else this one.
        python = os.environ.get("DUCKDB_PYTHON", sys.executable)
        wall, peak, code = timed([python, anchor, "--data", data, "--out", os.path.join(bench, "out", "duckdb")], log)
        rows.append(("duckdb yardstick (school_summary, district_summary)", wall, peak,
                     "" if code == 0 else f"FAILED (exit {code}), see {log}"))
        if code == 0 and "termly-evaluation" in walls and wall > 0:
            ratio = walls["termly-evaluation"] / wall
            rows.append((f"ratio termly-evaluation / duckdb: {ratio:.2f}", 0.0, None, "target 0.35 or less"))

    attendance = 0
    with open(os.path.join(data, "attendance.csv"), "rb") as f:
        attendance = sum(1 for _ in f) - 1
    header = (f"afterschool bench: {args.scale} seed {args.seed}, {attendance:,} attendance rows, "
              f"{size / 1e6:,.0f} MB of CSV; machine {machine()}; commit {commit()}")
    print(header)
    print(f"{'what':58} {'wall s':>9} {'peak MiB':>9}  note")
    for what, wall, peak, note in rows:
        print(f"{what:58} {wall:9.2f} {'' if peak is None else f'{peak:9.0f}':>9}  {note}")

    results = os.path.join(ROOT, "Benchmarks", "results.tsv")
    new = not os.path.exists(results)
    with open(results, "a") as f:
        if new:
            f.write("date\tcommit\tmachine\tscale\tseed\tattendance_rows\tcsv_mb\twhat\twall_s\tpeak_mib\tnote\n")
        today = datetime.date.today().isoformat()
        for what, wall, peak, note in rows:
            f.write(f"{today}\t{commit()}\t{machine()}\t{args.scale}\t{args.seed}\t{attendance}\t{size / 1e6:.0f}\t"
                    f"{what.strip()}\t{wall:.2f}\t{'' if peak is None else f'{peak:.0f}'}\t{note}\n")
    print(f"appended to {results}")
    for line in checks:
        print(line)


if __name__ == "__main__":
    main()
