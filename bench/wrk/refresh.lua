-- Refresh grants with rotation (RFC 9700 4.14.2): each thread owns a share of the refresh tokens in
-- BENCH_TOKENS, sends each once and queues the successor from the answer, so no token is ever reused. With
-- BENCH_RESOURCE each refresh asks for that resource (RFC 8707 2.2); with BENCH_FORMAT=jwt the access token
-- must be a JWT.
dofile("common.lua")

local path = os.getenv("BENCH_PATH")
local queue, first, last = {}, 1, 0

function init(args)
  headers = form_headers()
  resource = resource_parameter()
  local all = read_lines(os.getenv("BENCH_TOKENS"))
  local n = tonumber(os.getenv("BENCH_THREADS"))
  for i, t in ipairs(all) do
    if (i - 1) % n == thread_id - 1 then
      last = last + 1
      queue[last] = t
    end
  end
end

function request()
  local token = first <= last and queue[first]
  if token then
    queue[first] = nil
    first = first + 1
  else
    token = "exhausted" -- every token of this thread failed: the answer is an error and counted bad
  end
  return wrk.format("POST", path, headers, "grant_type=refresh_token&refresh_token=" .. token .. resource)
end

function response(status, _, text)
  counted()
  local successor = status == 200 and access_token(text) and text:match('"refresh_token"%s*:%s*"([^"]+)"')
  if successor then
    last = last + 1
    queue[last] = successor
  else
    bad = bad + 1
  end
end
