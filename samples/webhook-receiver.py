#!/usr/bin/env python3
"""A webhook receiver that verifies Cashman's deliveries the way the Standard Webhooks specification says.

    WEBHOOK_SECRET=whsec_... python3 samples/webhook-receiver.py [port]

It listens on 127.0.0.1 (port 8099 by default), checks every delivery's webhook-signature with the secret (any of the
space-separated signatures may match, so it keeps working during a secret rotation) and its webhook-timestamp (at most
5 minutes off), prints the event, and answers 204; a delivery that fails the check gets 401. It drops a webhook-id it
has seen (a retry of an event it already has). Only the standard library is used.
"""
import base64
import decimal
import hashlib
import hmac
import http.server
import json
import os
import sys
import time

SECRET = base64.b64decode(os.environ["WEBHOOK_SECRET"].removeprefix("whsec_"))
seen = set()


class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        msg_id = self.headers.get("webhook-id", "")
        timestamp = self.headers.get("webhook-timestamp", "0")
        signed = f"{msg_id}.{timestamp}.".encode() + body
        expected = base64.b64encode(hmac.new(SECRET, signed, hashlib.sha256).digest()).decode()
        signatures = [s.split(",", 1)[1] for s in self.headers.get("webhook-signature", "").split(" ") if s.startswith("v1,")]
        fresh = abs(time.time() - int(timestamp)) <= 300
        if not fresh or not any(hmac.compare_digest(expected, s) for s in signatures):
            print(f"REJECTED {msg_id}", flush=True)
            self.send_response(401)
            self.end_headers()
            return
        if msg_id not in seen:
            seen.add(msg_id)
            event = json.loads(body, parse_float=decimal.Decimal)
            data = event["data"]
            if "transaction" in data:
                detail = f"{data['transaction']['description']} {data['transaction']['amount']}"
            else:
                detail = data.get("id") or data.get("webhookId")
            print(f"verified {event['type']} {detail}", flush=True)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


port = int(sys.argv[1]) if len(sys.argv) > 1 else 8099
print(f"listening on http://127.0.0.1:{port}/", flush=True)
http.server.HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
