-- Calls to a protected resource (GET BENCH_PATH) with bearer tokens (RFC 6750 2.1) picked at random from
-- BENCH_TOKENS: the MicroProfile JWT resource server with JWTs, the introspecting one with opaque tokens. An
-- answer is right when it is 200 with the caller's name, BENCH_EXPECT_BODY.
dofile("common.lua")

local tokens = read_lines(os.getenv("BENCH_TOKENS"))
local path = os.getenv("BENCH_PATH")
local expected = os.getenv("BENCH_EXPECT_BODY")

function init(args)
  math.randomseed(os.time() * 1000 + thread_id)
  host = wrk.headers["Host"]
end

function request()
  return wrk.format("GET", path, { ["Host"] = host, ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)] })
end

function response(status, _, body)
  counted()
  if status ~= 200 or body ~= expected then
    bad = bad + 1
  end
end
