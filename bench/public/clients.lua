-- wrk script of bench/public_load.sh: requests spread over many client addresses (from the RFC 2544
-- benchmarking range, sent only as X-Forwarded-For, as nginx would set it), so that the open-data allowance per
-- address is counted as in production without refusing the benchmark; PACE_MS > 0 paces each connection;
-- ACCEPT_GZIP=1 asks for gzip, as browsers do.
local count = 1000
local requests = {}
local position = 1

local gzip = os.getenv("ACCEPT_GZIP") == "1"

function init(args)
  for i = 1, count do
    local address = string.format("198.18.%d.%d", math.floor(i / 250), i % 250 + 1)
    local headers = { ["X-Forwarded-For"] = address }
    if gzip then
      headers["Accept-Encoding"] = "gzip"
    end
    requests[i] = wrk.format(nil, nil, headers)
  end
  position = math.random(count)
end

function request()
  position = position % count + 1
  return requests[position]
end

local pace = tonumber(os.getenv("PACE_MS") or "0")
if pace > 0 then
  function delay()
    return pace
  end
end
