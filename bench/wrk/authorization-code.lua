-- Complete authorization code flows: GET /authorize with the user in a gateway header (header login, consent
-- skipped for this first-party client) answers 302 with a code; POST /token redeems it with the PKCE verifier
-- (RFC 7636 appendix B's pair). A code goes into the thread's queue and any connection redeems it next;
-- `flows` counts codes redeemed for tokens. Environment: BENCH_CLIENT, BENCH_REDIRECT, BENCH_USER_HEADER,
-- BENCH_RESOURCE.
dofile("common.lua")

local client = os.getenv("BENCH_CLIENT")
local redirect = os.getenv("BENCH_REDIRECT")
local user_header = os.getenv("BENCH_USER_HEADER")
local verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
local challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
local codes, first, last = {}, 1, 0

function init(args)
  token_headers = form_headers()
  authorize_path = "/authorize?response_type=code&client_id=" .. escape(client) .. "&redirect_uri="
    .. escape(redirect) .. "&scope=mcp%3Aread&state=s&code_challenge=" .. challenge
    .. "&code_challenge_method=S256" .. resource_parameter()
  token_body = "grant_type=authorization_code&redirect_uri=" .. escape(redirect) .. "&code_verifier=" .. verifier
    .. "&code="
  users = 0
end

function request()
  if first <= last then
    local code = codes[first]
    codes[first] = nil
    first = first + 1
    return wrk.format("POST", "/token", token_headers, token_body .. code)
  end
  users = users + 1
  local h = { ["Host"] = wrk.headers["Host"], [user_header] = "user-" .. thread_id .. "-" .. (users % 1000) }
  return wrk.format("GET", authorize_path, h, nil)
end

function response(status, headers, text)
  counted()
  if status == 302 then
    local location = headers["Location"] or headers["location"] or ""
    local code = location:match("[?&]code=([^&]+)")
    if code then
      last = last + 1
      codes[last] = code
    else
      bad = bad + 1
    end
  elseif status == 200 and text:find('"access_token"') then
    flows = flows + 1
  else
    bad = bad + 1
  end
end
