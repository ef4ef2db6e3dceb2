"""Prints bench/load.sh's results as a Markdown table: each figure as the range over the rounds, each ratio computed
within a round (Cashman against the peer's run next to it, or against that round's /health/live)."""
import json
import sys
from collections import defaultdict

path, connections, threads, seconds, rows = sys.argv[1:6]
runs = defaultdict(list)
for line in open(path):
    r = json.loads(line)
    runs[(r["name"], r["stack"])].append(r)


def span(values, fmt="{:,.0f}"):
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}–{fmt.format(hi)}"


def rps(name, stack):
    return [r["result"]["rps"] for r in runs.get((name, stack), [])]


# (run, label, the run it is compared with: the peer's, or this round's /health/live)
rows_spec = [
    ("list", "`GET /incomes?page=3&pageSize=20`, bearer", ("list", "peer")),
    ("post-1", "`POST /expenses`, one user on 16 connections", ("post-1", "peer")),
    ("post-16", "`POST /expenses`, 16 users", ("post-1", "peer")),
    ("get-id", "`GET /incomes/{id}`, bearer", ("live", "cashman")),
    ("balance", "`GET /balance`, bearer", ("live", "cashman")),
    ("live", "`GET /health/live` (the framework's floor)", None),
]
print(f"wrk {threads} threads × {connections} connections × {seconds} s per run; one user with {rows} incomes and "
      f"{rows} expenses; {len(runs.get(('live', 'cashman'), []))} rounds, A B A B.\n")
print("| request | Cashman req/s | p50 ms | p99 ms | p99/p50 | failed | baseline req/s | ratio | API RSS MB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, label, baseline in rows_spec:
    mine = runs.get((name, "cashman"), [])
    if not mine:
        continue
    res = [r["result"] for r in mine]
    base_label, base, ratio = "", [], "—"
    if baseline:
        base_name, base_stack = baseline
        base = rps(base_name, base_stack)
        if base:
            ratios = [a / b for a, b in zip([x["rps"] for x in res], base)]
            ratio = span(ratios, "{:.2f}×") if base_stack == "peer" else span([x * 100 for x in ratios], "{:.0f} %")
            base_label = ("peer " if base_stack == "peer" else "live ") + span(base)
    print(f"| {label} | {span([x['rps'] for x in res])} | {span([x['p50'] for x in res], '{:.2f}')} | "
          f"{span([x['p99'] for x in res], '{:.1f}')} | {span([x['p99'] / x['p50'] for x in res], '{:.1f}')} | "
          f"{sum(x['failed'] + x['errors'] for x in res)} | {base_label or '—'} | {ratio} | "
          f"{span([r['rss'] / 1024 for r in mine])} |")
pg = rps("list", "pgbench")
if pg:
    cashman = rps("list", "cashman")
    print(f"| pgbench, the list page's three statements (PostgreSQL alone) | {span(pg)} tps | | | | | | "
          f"Cashman list / pgbench {span([a / b * 100 for a, b in zip(cashman, pg)], '{:.0f} %')} | |")
peer_rows = [(n, rps(n, "peer")) for n in ("list", "post-1")]
print("\nPeer (Flask + SQLAlchemy under gunicorn, 2 workers): " +
      "; ".join(f"{n} {span(v)} req/s" for n, v in peer_rows if v) + ".")
