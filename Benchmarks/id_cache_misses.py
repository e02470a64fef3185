#!/usr/bin/env python3
"""How often the attendance fast path's student cache (IdCache) misses, on
the first ROWS rows of an attendance file: the same hash as IdCache, as a
direct-mapped cache of 8,192 lines and as the two-way cache of 4,096 sets
that the program uses (docs/performance.md, "third part").

Usage: id_cache_misses.py ATTENDANCE_CSV [ROWS]   (default 3,000,000)
"""
import sys

MASK64 = (1 << 64) - 1


def mixed(student_id):
    raw = student_id.encode()
    n = len(raw)
    padded = raw + bytes(16 - n)
    w0 = int.from_bytes(padded[:8], "little")
    w1 = int.from_bytes(padded[8:], "little")
    x = w0 ^ ((w1 * 0x9E3779B97F4A7C15) & MASK64) ^ n
    x ^= x >> 32
    x = (x * 0xD6E8FEB86659FD93) & MASK64
    x ^= x >> 29
    return x


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 3_000_000
    students = []
    with open(path, encoding="utf-8") as f:
        next(f)
        for i, line in enumerate(f):
            if i >= limit:
                break
            students.append(line.split(",", 2)[1])
    direct, direct_misses = {}, 0
    two_way, two_way_misses = {}, 0
    for s in students:
        h = mixed(s)
        d = h & 8191
        if direct.get(d) != s:
            direct_misses += 1
            direct[d] = s
        k = h & 4095
        first, second = two_way.get(k, (None, None))
        if first == s:
            continue
        if second == s:
            two_way[k] = (second, first)
            continue
        two_way_misses += 1
        two_way[k] = (s, first)
    rows = len(students)
    print(f"rows {rows:,}, distinct students {len(set(students)):,}")
    print(f"direct-mapped, 8,192 lines: {direct_misses:,} misses ({100 * direct_misses / rows:.1f}%)")
    print(f"two-way, 4,096 sets:        {two_way_misses:,} misses ({100 * two_way_misses / rows:.1f}%)")


if __name__ == "__main__":
    main()
