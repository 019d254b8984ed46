"""Prints the comparison table of bench/s3/run.sh from its tab-separated rows."""
import sys
from collections import defaultdict

rows = defaultdict(dict)  # (operation, connections) -> target -> (ops/s, p50, p99, MB/s)
for line in open(sys.argv[1]):
    target, op, conns, ops, p50, p99, mbs, errors = line.rstrip("\n").split("\t")
    rows[(op, int(conns))][target] = (float(ops), float(p50), float(p99), float(mbs), int(errors))

def fmt(v, large):
    return "%.0f MB/s" % v[3] if large else "%.0f/s p50 %.2f p99 %.2f ms" % v[:3]

print("| operation | conns | wharf | s3rver | moto | wharf / faster peer | ceiling (nginx) |")
print("|---|---|---|---|---|---|---|")
for (op, conns), by in sorted(rows.items(), key=lambda kv: (kv[0][0].split()[0], kv[0][1])):
    if "wharf" not in by:
        continue
    large = "MiB" in op
    key = 3 if large else 0
    peers = [by[p][key] for p in ("s3rver", "moto") if p in by and by[p][4] == 0]
    ratio = "%.1fx" % (by["wharf"][key] / max(peers)) if peers and max(peers) > 0 else "-"
    ceiling = ""
    if op.startswith("GET"):
        c = [v for (o, n), t in rows.items() for name, v in t.items()
             if name == "ceiling" and n == conns and (("large" in o) == large) and v[key] > 0]
        if c:
            ceiling = "%s (wharf at %.0f%%)" % (fmt(c[0], large), 100 * by["wharf"][key] / c[0][key])
    cells = [fmt(by[t], large) + (" (%d errors)" % by[t][4] if by[t][4] else "") if t in by else "-"
             for t in ("wharf", "s3rver", "moto")]
    print("| %s | %d | %s | %s | %s | %s | %s |" % (op, conns, cells[0], cells[1], cells[2], ratio, ceiling))
