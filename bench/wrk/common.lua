-- Shared by the benchmark's wrk scripts (run with bench/wrk as the working directory, so dofile finds it).
-- Each thread counts wrong answers in `bad` and completed multi-step flows in `flows`; done() prints one line
-- "BENCH {json}" that bench/lib/bench.py reads. Environment: BENCH_AUTH (Basic credentials, base64),
-- BENCH_PATH (the endpoint), BENCH_TOKENS (a file of tokens, one a line), BENCH_STOP_AFTER (stop each
-- thread after this many answers: a bounded run, for seeding), BENCH_THREADS (threads, to split the work),
-- BENCH_RESOURCE (the resource indicator, RFC 8707, a token request names; none when empty), BENCH_FORMAT (`jwt`:
-- every access token answered must be a JWT).

local threads = {}
bad = 0
flows = 0
answers = 0
thread_id = 1

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

local stop_after = tonumber(os.getenv("BENCH_STOP_AFTER") or "0")

-- Counts an answer and stops the thread once a bounded run has had its share.
function counted()
  answers = answers + 1
  if stop_after > 0 and answers >= stop_after then
    wrk.thread:stop()
  end
end

function read_lines(file)
  local lines = {}
  if file and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then lines[#lines + 1] = line end
    end
  end
  return lines
end

function escape(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- "&resource=..." for a token or authorization request, or "" without BENCH_RESOURCE.
function resource_parameter()
  local resource = os.getenv("BENCH_RESOURCE") or ""
  return resource ~= "" and "&resource=" .. escape(resource) or ""
end

local want_jwt = os.getenv("BENCH_FORMAT") == "jwt"

-- The access token of a token response, or nil when there is none or it is not of the expected format (a JWT in
-- compact serialisation: three base64url parts, RFC 7515 7.1).
function access_token(text)
  local token = text:match('"access_token"%s*:%s*"([^"]+)"')
  if token and want_jwt and not token:match("^[%w_%-]+%.[%w_%-]+%.[%w_%-]+$") then
    return nil
  end
  return token
end

function form_headers()
  return {
    ["Host"] = wrk.headers["Host"],
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Authorization"] = "Basic " .. os.getenv("BENCH_AUTH"),
  }
end

function done(summary, latency, requests)
  local total_bad, total_flows = 0, 0
  for _, t in ipairs(threads) do
    total_bad = total_bad + (t:get("bad") or 0)
    total_flows = total_flows + (t:get("flows") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"bad":%d,"flows":%d,"status_errors":%d,"socket_errors":%d,'
      .. '"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, total_bad, total_flows, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean))
end
