-- wrk script of bench/load_mix.sh: each request takes a random path from a file (one path a line, drawn in the
-- proportions of the mix), sends the header of the TLS proxy in front (so that nothing redirects to HTTPS), and
-- counts the answers by status class; done() prints them with the socket errors and p50/p99 latency.
-- Usage: wrk … -s bench/load_mix.lua URL -- PATHS_FILE

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  assert(#paths > 0, "no path in " .. tostring(args[1]))
  math.randomseed(os.time() * 1000 + id)
  counts = {0, 0, 0, 0, 0}
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

function response(status, headers, body)
  local class = math.floor(status / 100)
  if class >= 1 and class <= 5 then counts[class] = counts[class] + 1 end
end

function done(summary, latency, requests)
  local by = {0, 0, 0, 0, 0}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for i = 1, 5 do by[i] = by[i] + c[i] end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f "
    .. "s2xx=%d s3xx=%d s4xx=%d s5xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    by[2], by[3], by[4], by[5], e.connect, e.read, e.write, e.timeout))
end
