-- wrk script: POST /v1/quote, rotating through a list of JSON quote requests.
--
--   wrk -t2 -c32 -d20s --latency -s quotes.lua http://127.0.0.1:8080              (built-in list)
--   wrk -t2 -c32 -d20s --latency -s quotes.lua http://127.0.0.1:8080 -- FILE      (one body per line)
--
-- The built-in list is the 25 bodies of `routing-market requests --pools 1000` (Benchmarks/Sources/
-- routing-market) that the router answered 200 on 2026-11-29 (the other 11 are large amounts under
-- low hop/split limits: INSUFFICIENT_LIQUIDITY):
-- the RoutingWorkload requests for the 1,000-pool market (`basebook-router market --pools 1000
-- --tokens 250 --seed 1`): WETH/USDC and DAI/cbETH, hub<->tail and tail<->tail pairs, small /
-- medium / large amounts, exactIn and exactOut, hop x split limits rotating through 3x3, 4x3,
-- 2x1, 3x2, 2x2, 4x1. run-router-load.sh regenerates FILE from the generator so a changed
-- generator cannot leave stale addresses here. Each connection thread starts at a different
-- offset in the list. At the end it prints one machine-readable line, "RESULT ...".

local bodies = {
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"445742154105211026747","type":"exactIn","maxHops":3,"maxSplits":3}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"44574215410521102674763","type":"exactIn","maxHops":4,"maxSplits":3}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"445742154105211026747638","type":"exactIn","maxHops":2,"maxSplits":1}]],
  [[{"tokenIn":"0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb","tokenOut":"0x2Ae3F1Ec7F1F5012CFEab0185bfc7aa3cf0DEc22","amount":"871580614524379381846783","type":"exactIn","maxHops":3,"maxSplits":2}]],
  [[{"tokenIn":"0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb","tokenOut":"0x2Ae3F1Ec7F1F5012CFEab0185bfc7aa3cf0DEc22","amount":"87158061452437938184678306","type":"exactIn","maxHops":2,"maxSplits":2}]],
  [[{"tokenIn":"0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb","tokenOut":"0x2Ae3F1Ec7F1F5012CFEab0185bfc7aa3cf0DEc22","amount":"871580614524379381846783065","type":"exactIn","maxHops":4,"maxSplits":1}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x31A5f51CF256e0A5C952c8a008Cf93517AbEd999","amount":"445742154105211026747","type":"exactIn","maxHops":3,"maxSplits":3}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x31A5f51CF256e0A5C952c8a008Cf93517AbEd999","amount":"44574215410521102674763","type":"exactIn","maxHops":4,"maxSplits":3}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x31A5f51CF256e0A5C952c8a008Cf93517AbEd999","amount":"445742154105211026747638","type":"exactIn","maxHops":2,"maxSplits":1}]],
  [[{"tokenIn":"0x49361189FBaCcf82b34fBDa08e3132c084922688","tokenOut":"0x4200000000000000000000000000000000000006","amount":"3330756071148454682882","type":"exactIn","maxHops":3,"maxSplits":2}]],
  [[{"tokenIn":"0x49361189FBaCcf82b34fBDa08e3132c084922688","tokenOut":"0x4200000000000000000000000000000000000006","amount":"333075607114845468288270","type":"exactIn","maxHops":2,"maxSplits":2}]],
  [[{"tokenIn":"0x49361189FBaCcf82b34fBDa08e3132c084922688","tokenOut":"0x4200000000000000000000000000000000000006","amount":"3330756071148454682882706","type":"exactIn","maxHops":4,"maxSplits":1}]],
  [[{"tokenIn":"0x446e93C5Ab4B0f2261b22c711A166bC6B4A0F8b9","tokenOut":"0xc4943696D3b80D704797b120D767070773D0c5CE","amount":"79280131","type":"exactIn","maxHops":3,"maxSplits":3}]],
  [[{"tokenIn":"0x446e93C5Ab4B0f2261b22c711A166bC6B4A0F8b9","tokenOut":"0xc4943696D3b80D704797b120D767070773D0c5CE","amount":"7928013197","type":"exactIn","maxHops":4,"maxSplits":3}]],
  [[{"tokenIn":"0x5e63736203B4c932084419BE6a7DEd16C38be497","tokenOut":"0x148Bcf342388e6EC57DB148A3e3398B1e3Ba9A9f","amount":"517649474","type":"exactIn","maxHops":3,"maxSplits":2}]],
  [[{"tokenIn":"0x5e63736203B4c932084419BE6a7DEd16C38be497","tokenOut":"0x148Bcf342388e6EC57DB148A3e3398B1e3Ba9A9f","amount":"517649474383","type":"exactIn","maxHops":4,"maxSplits":1}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913","amount":"622825562281","type":"exactOut","maxHops":3,"maxSplits":3}]],
  [[{"tokenIn":"0x2Ae3F1Ec7F1F5012CFEab0185bfc7aa3cf0DEc22","tokenOut":"0x50c5725949A6F0c72E6C4a641F24049A917DB0Cb","amount":"871580614524379381846783","type":"exactOut","maxHops":3,"maxSplits":2}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x31A5f51CF256e0A5C952c8a008Cf93517AbEd999","amount":"20871563225414091768","type":"exactOut","maxHops":3,"maxSplits":3}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x31A5f51CF256e0A5C952c8a008Cf93517AbEd999","amount":"2087156322541409176881","type":"exactOut","maxHops":4,"maxSplits":3}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x49361189FBaCcf82b34fBDa08e3132c084922688","amount":"3330756071148454682882","type":"exactOut","maxHops":3,"maxSplits":2}]],
  [[{"tokenIn":"0x4200000000000000000000000000000000000006","tokenOut":"0x49361189FBaCcf82b34fBDa08e3132c084922688","amount":"333075607114845468288270","type":"exactOut","maxHops":2,"maxSplits":2}]],
  [[{"tokenIn":"0x446e93C5Ab4B0f2261b22c711A166bC6B4A0F8b9","tokenOut":"0xc4943696D3b80D704797b120D767070773D0c5CE","amount":"134740003926247263874975","type":"exactOut","maxHops":3,"maxSplits":3}]],
  [[{"tokenIn":"0x446e93C5Ab4B0f2261b22c711A166bC6B4A0F8b9","tokenOut":"0xc4943696D3b80D704797b120D767070773D0c5CE","amount":"13474000392624726387497560","type":"exactOut","maxHops":4,"maxSplits":3}]],
  [[{"tokenIn":"0x148Bcf342388e6EC57DB148A3e3398B1e3Ba9A9f","tokenOut":"0x5e63736203B4c932084419BE6a7DEd16C38be497","amount":"517649474","type":"exactOut","maxHops":3,"maxSplits":2}]],
}

local counter = 0
local thread_count = 0

function setup(thread)
  thread:set("thread_index", thread_count)
  thread_count = thread_count + 1
end

function init(args)
  local path = args[1]
  if path ~= nil then
    local file = assert(io.open(path, "r"), "cannot open " .. path)
    local loaded = {}
    for line in file:lines() do
      if line:match("%S") then loaded[#loaded + 1] = line end
    end
    file:close()
    assert(#loaded > 0, path .. " holds no request bodies")
    bodies = loaded
  end
  counter = ((thread_index or 0) * 7) % #bodies
end

wrk.method = "POST"
wrk.path = "/v1/quote"
wrk.headers["Content-Type"] = "application/json"

function request()
  counter = counter % #bodies + 1
  return wrk.format("POST", "/v1/quote", nil, bodies[counter])
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f requests_per_sec=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9), latency.max,
    summary.errors.status, errors))
end
