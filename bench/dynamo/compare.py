"""Prints the comparison table of bench/dynamo/run.sh from its tab-separated rows."""
import sys
from collections import defaultdict

rows = defaultdict(dict)  # (operation, connections) -> target -> (ops/s, p50, p99, errors)
ceiling = {}  # connections -> ops/s of nginx serving a small static file
for line in open(sys.argv[1]):
    target, op, conns, ops, p50, p99, _mbs, errors = line.rstrip("\n").split("\t")
    if target == "ceiling":
        ceiling[int(conns)] = float(ops)
        continue
    rows[(op, int(conns))][target] = (float(ops), float(p50), float(p99), int(errors))

print("| operation | conns | wharf | dynalite | moto | wharf / faster peer | wharf / ceiling (nginx) |")
print("|---|---|---|---|---|---|---|")
for (op, conns), by in sorted(rows.items()):
    if "wharf" not in by:
        continue
    peers = [by[p][0] for p in ("dynalite", "moto") if p in by and by[p][3] == 0]
    ratio = "%.1fx" % (by["wharf"][0] / max(peers)) if peers and max(peers) > 0 else "-"
    ceil = ("%.0f/s, wharf at %.0f%%" % (ceiling[conns], 100 * by["wharf"][0] / ceiling[conns])
            if conns in ceiling else "-")
    cells = ["%.0f/s p50 %.2f p99 %.2f ms%s" % (v[0], v[1], v[2], " (%d errors)" % v[3] if v[3] else "")
             if v else "-" for v in (by.get(t) for t in ("wharf", "dynalite", "moto"))]
    print("| %s | %d | %s | %s | %s | %s | %s |" % (op, conns, cells[0], cells[1], cells[2], ratio, ceil))
