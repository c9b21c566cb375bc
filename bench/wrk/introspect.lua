-- Introspection (RFC 7662) by a resource server of live tokens picked at random from BENCH_TOKENS.
-- Also the ceiling run (BENCH_PATH=/bench-ceiling/empty): the same request to an endpoint that does nothing.
dofile("common.lua")

local tokens = read_lines(os.getenv("BENCH_TOKENS"))
local path = os.getenv("BENCH_PATH")
local expect_active = os.getenv("BENCH_EXPECT") ~= "any"

function init(args)
  math.randomseed(os.time() * 1000 + thread_id)
  headers = form_headers()
end

function request()
  return wrk.format("POST", path, headers, "token=" .. tokens[math.random(#tokens)])
end

function response(status, _, body)
  counted()
  if status ~= 200 or (expect_active and not body:find('"active"%s*:%s*true')) then
    bad = bad + 1
  end
end
