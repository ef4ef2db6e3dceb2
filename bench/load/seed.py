"""Seeds Cashman and the Flask peer with the same rows and prints what the wrk runs need.

Cashman: N users registered and logged in; user 1 gets the rows through POST /transactions/batch.
Peer: the same bodies through its own POST /incomes and POST /expenses (8 connections at once).
Prints shell assignments: TOKEN_1..TOKEN_N, INCOME_ID (one of user 1's incomes).
"""
import http.client
import json
import sys
import threading
import urllib.parse

cashman, peer, rows_per_kind, users = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])


def connect(base):
    u = urllib.parse.urlsplit(base)
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)


def call(conn, method, path, body=None, headers=None):
    h = {"Content-Type": "application/json", **(headers or {})}
    conn.request(method, path, json.dumps(body) if body is not None else None, h)
    r = conn.getresponse()
    data = r.read()
    if r.status >= 300:
        raise SystemExit(f"{method} {path}: {r.status} {data[:300]!r}")
    return json.loads(data) if data else None


def body(i, kind):
    # Both kinds over ten years of days, amounts with cents, a few categories.
    return {"description": f"{'Salary' if kind == 'income' else 'Groceries'} {i}",
            "amount": round(1 + (i * 37 % 100000) / 100, 2),
            "category": ["food", "rent", "travel", "work", None][i % 5],
            "occurredOn": f"{2016 + i % 10}-{1 + i % 12:02d}-{1 + i % 28:02d}"}


items = [dict(body(i, kind), type=kind) for i in range(rows_per_kind) for kind in ("income", "expense")]

c = connect(cashman)
tokens = []
for u in range(1, users + 1):
    creds = {"email": f"load{u}@example.com", "password": "load-password-1"}
    call(c, "POST", "/auth/register", creds)
    tokens.append(call(c, "POST", "/auth/login", creds)["accessToken"])
auth = {"Authorization": f"Bearer {tokens[0]}"}
income_id = None
for start in range(0, len(items), 1000):
    results = call(c, "POST", "/transactions/batch", {"items": items[start:start + 1000]}, auth)["results"]
    income_id = income_id or results[0]["id"]


def seed_peer(part):
    pc = connect(peer)
    for item in part:
        kind = item["type"]
        call(pc, "POST", f"/{kind}s", {k: v for k, v in item.items() if k != "type"})


threads = [threading.Thread(target=seed_peer, args=(items[k::8],)) for k in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()

for u, token in enumerate(tokens, 1):
    print(f"TOKEN_{u}={token}")
print(f"INCOME_ID={income_id}")
