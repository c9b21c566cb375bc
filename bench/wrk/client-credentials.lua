-- Client credentials grants (RFC 6749 4.4) by a confidential client with client_secret_basic.
-- With BENCH_STOP_AFTER it is also how live tokens are seeded over HTTP; with BENCH_SAVE each thread writes
-- the tokens it gets to BENCH_SAVE-<thread>, for the introspection sample. With BENCH_RESOURCE the tokens are
-- for that resource; with BENCH_FORMAT=jwt an answer without a JWT is wrong.
dofile("common.lua")

local save = os.getenv("BENCH_SAVE") or ""
local out

local path = os.getenv("BENCH_PATH")
local scope = os.getenv("BENCH_SCOPE") or "mcp:read"

function init(args)
  headers = form_headers()
  body = "grant_type=client_credentials"
  if scope ~= "" then
    body = body .. "&scope=" .. scope:gsub(":", "%%3A")
  end
  body = body .. resource_parameter()
  if save ~= "" then
    out = io.open(save .. "-" .. thread_id, "a")
    out:setvbuf("line") -- a stopped thread's buffer would be lost
  end
end

function request()
  return wrk.format("POST", path, headers, body)
end

function response(status, _, text)
  counted()
  local token = status == 200 and access_token(text)
  if not token then
    bad = bad + 1
  elseif out then
    out:write(token, "\n")
  end
end
