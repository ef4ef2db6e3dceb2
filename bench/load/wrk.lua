-- One wrk script for every row of bench/load.sh. Environment:
--   METHOD (GET or POST), BODY (for POST), TOKENS (space-separated bearer tokens, may be empty).
-- With at least as many tokens as threads, each thread cycles through its own share of them, so that
-- with as many tokens as connections each connection acts as a user of its own; otherwise every thread
-- uses all of them. done() prints one JSON line that load.sh reads (failed: answers of 400 or more).
local method = os.getenv("METHOD") or "GET"
local body = os.getenv("BODY")
local tokens = {}
for t in string.gmatch(os.getenv("TOKENS") or "", "%S+") do tokens[#tokens + 1] = t end
local thread_count = 0

function setup(thread)
  thread:set("index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  mine = {}
  local count = tonumber(os.getenv("THREADS") or "2")
  for i = 1, #tokens do
    if #tokens < count or (i - 1) % count == index then mine[#mine + 1] = tokens[i] end
  end
  counter = 0
end

function request()
  local headers = {}
  if body then headers["Content-Type"] = "application/json" end
  if #mine > 0 then
    counter = counter + 1
    headers["Authorization"] = "Bearer " .. mine[(counter % #mine) + 1]
  end
  return wrk.format(method, nil, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format(
    '{"rps":%.1f,"p50":%.3f,"p99":%.3f,"requests":%d,"failed":%d,"errors":%d}\n',
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
