#!/usr/bin/env python3
"""Writes a minimal valid dataset whose attendance.csv has ROWS rows, to
measure ingestion time and peak memory against file size.

Usage: ingest_stress.py ROWS OUT_DIR

Two schools of 10,000 students each; sessions of 5,000 students (2,000
sessions for 10 million rows); every attendance row valid. Deterministic.
Not a realistic term: `afterschool generate` is for that. Only attendance
grows, so the measurement isolates the streaming path.
"""
import datetime
import os
import sys

STUDENTS = 10_000
PER_SESSION = 5_000


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(out, exist_ok=True)

    def write(name, text):
        with open(os.path.join(out, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    write("dataset.yaml", "term: stress\ntitle: Ingest stress test\nstart: 2025-10-20\nend: 2025-11-02\n")
    write("schools.csv", "school_id,name,stage\nS1,One,primary\nS2,Two,primary\n")
    write("students.csv", "student_id,school_id,grade,class_id\n" + "".join(
        f"{s}{i:07d},S{s},{i % 6 + 1},{i % 6 + 1}-{i % 10}\n" for s in (1, 2) for i in range(STUDENTS)))
    start = datetime.date(2025, 10, 20)
    days = [start + datetime.timedelta(d) for d in range(14)]
    write("calendar.csv", "date,school_day\n" + "".join(f"{d},{int(d.weekday() < 5)}\n" for d in days))
    write("activities.csv", "activity_id,school_id,name,category,segment\n"
          "A1,S1,Homework,homework,class\nA2,S2,Football,sports,grade\n")
    school_days = [d for d in days if d.weekday() < 5]
    sessions_per_school = max(1, -(-rows // (2 * PER_SESSION)))
    write("sessions.csv", "session_id,activity_id,date,start,end\n" + "".join(
        f"X{s}-{k:06d},A{s},{school_days[k % len(school_days)]},15:25,17:25\n"
        for s in (1, 2) for k in range(sessions_per_school)))
    statuses = ["present"] * 8 + ["absent", "excused"]
    with open(os.path.join(out, "attendance.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("session_id,student_id,status,check_out\n")
        left = rows
        for s in (1, 2):
            for k in range(sessions_per_school):
                n = min(PER_SESSION, left)
                if n <= 0:
                    break
                base = (k * 37) % STUDENTS
                f.write("".join(f"X{s}-{k:06d},{s}{(base + i) % STUDENTS:07d},{statuses[(k + i) % 10]},\n"
                                for i in range(n)))
                left -= n
    write("survey.csv", "student_id,wants_service\n10000000,1\n")
    write("staff.csv", "staff_id,school_id,kind\nT1,S1,teacher\n")
    write("staffing.csv", "session_id,staff_id,role,claimed_hours\nX1-000000,T1,lead,2\n")
    write("satisfaction.csv", "response_id,school_id,respondent,overall\nR1,S1,parent,5\n")


if __name__ == "__main__":
    main()
