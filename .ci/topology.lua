-- wrk -s .ci/topology.lua, for .ci/topology: cycles through the URLs of the file named
-- by $MIX (one path a line), and ends with one machine-readable line: requests,
-- duration and p99 (microseconds), socket errors, and answers other than 2xx/3xx.
local paths = {}
for line in io.lines(os.getenv("MIX")) do paths[#paths + 1] = line end

local threads = {}
local offset = 0
setup = function(thread)
  thread:set("start", offset)
  offset = offset + 97  -- each thread starts at another place in the mix
  table.insert(threads, thread)
end

local i = 0
non2xx = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(start + i) % #paths + 1])
end

response = function(status, headers, body)
  if status >= 400 then non2xx = non2xx + 1 end
end

done = function(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p99_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(99),
    e.connect + e.read + e.write + e.timeout, bad))
end
