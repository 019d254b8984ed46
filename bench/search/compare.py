"""Prints the comparison table of bench/search/run.sh from its tab-separated rows, then the issue's
targets: indexing at least 2x Sphinx, query latency no worse than Sphinx, server RSS with the
corpus under 300 MB.

    python3 compare.py results.tsv [rss.tsv]

rss.tsv: target, peak RSS after the load, peak RSS at the end, RSS at the end (MiB), data on disk
(MiB), tab-separated."""
import sys
from collections import defaultdict

rows = defaultdict(dict)  # (operation, connections) -> target -> (ops/s, p50, p99, errors)
order = []  # (operation, connections) in the order first seen
ceiling = {}  # connections -> requests/s of nginx serving a search answer as a static file
for line in open(sys.argv[1]):
    if line.startswith("#") or not line.strip():
        continue
    target, op, conns, ops, p50, p99, _mbs, errors = line.rstrip("\n").split("\t")
    if target == "ceiling":
        ceiling[int(conns)] = float(ops)
        continue
    key = (op, int(conns))
    if key not in order:
        order.append(key)
    rows[key][target] = (float(ops), float(p50), float(p99), int(errors))

rss = {}
if len(sys.argv) > 2:
    for line in open(sys.argv[2]):
        f = line.split()
        rss[f[0]] = [int(x) for x in f[1:]]


def is_load(op):
    return op.startswith("bulk load")


def cell(v, load):
    if v is None:
        return "-"
    errs = " (%d errors)" % v[3] if v[3] else ""
    if load:
        return "%.0f docs/s (batch p50 %.0f p99 %.0f ms)%s" % (v[0], v[1], v[2], errs)
    return "%.0f/s p50 %.2f p99 %.2f ms%s" % (v[0], v[1], v[2], errs)


print("| operation | conns | wharf | sphinx | wharf / sphinx (throughput) | "
      "wharf / sphinx latency (p50, p99; < 1 is faster) | wharf / ceiling (nginx) |")
print("|---|---|---|---|---|---|---|")
for key in order:
    op, conns = key
    by = rows[key]
    w, s = by.get("wharf"), by.get("sphinx")
    both = w and s and not w[3] and not s[3]
    ratio = "%.2fx" % (w[0] / s[0]) if both and s[0] > 0 else "-"
    lat = ("%.2fx, %.2fx" % (w[1] / s[1], w[2] / s[2])
           if both and not is_load(op) and s[1] > 0 and s[2] > 0 else "-")
    ceil = ("%.0f/s, wharf at %.0f%%" % (ceiling[conns], 100 * w[0] / ceiling[conns])
            if w and not is_load(op) and conns in ceiling and ceiling[conns] > 0 else "-")
    print("| %s | %d | %s | %s | %s | %s | %s |" % (op, conns, cell(w, is_load(op)),
                                                     cell(s, is_load(op)), ratio, lat, ceil))

if rss:
    print()
    for t, v in rss.items():
        print("%s: peak RSS %d MiB after the load, %d MiB at the end (RSS now %d MiB); "
              "%d MiB on disk" % (t, v[0], v[1], v[2], v[3]))

print()
print("Targets:")
loads = [by for (op, _), by in rows.items() if is_load(op)]
for by in loads:
    w, s = by.get("wharf"), by.get("sphinx")
    if w and s and s[0] > 0:
        r = w[0] / s[0]
        print("- indexing >= 2x Sphinx: %s (wharf %.0f docs/s, Sphinx %.0f docs/s: %.2fx)"
              % ("met" if r >= 2 and not w[3] else "NOT met", w[0], s[0], r))
misses, total = [], 0
for key in order:
    op, conns = key
    w, s = rows[key].get("wharf"), rows[key].get("sphinx")
    if is_load(op) or not w or not s:
        continue
    total += 1
    if w[3] or w[1] > s[1] or w[2] > s[2]:
        misses.append("%s @%d (p50 %.2f vs %.2f, p99 %.2f vs %.2f ms%s)" % (
            op, conns, w[1], s[1], w[2], s[2], ", wharf errors" if w[3] else ""))
if total:
    print("- query latency no worse than Sphinx (p50 and p99): %s (%d of %d rows)"
          % ("met" if not misses else "NOT met", total - len(misses), total))
    for m in misses:
        print("    slower: " + m)
if "wharf" in rss:
    peak = max(rss["wharf"][0], rss["wharf"][1])
    mb = peak * 1.048576
    print("- wharf's RSS with the corpus < 300 MB: %s (peak %d MiB = %.0f MB)"
          % ("met" if mb < 300 else "NOT met", peak, mb))
