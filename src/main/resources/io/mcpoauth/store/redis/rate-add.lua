-- Adds counts to rate-limit counters and reads them, many at once: a reconcile of the counts one instance made
-- locally (see ReconcilingRateLimiter). KEYS: the counters (one slot, or any slot where a script may touch keys of
-- any slot: not on Redis Cluster). ARGV: two values per key, the count to add (0 only reads: no window is
-- started) and the window in milliseconds, set as the key's TTL when it has none (as rate-hit.lua).
-- Returns two values per key: the count in the current window (0 when none) and the milliseconds left (0 when
-- none).
local out = {}
for i, key in ipairs(KEYS) do
  local delta = tonumber(ARGV[2 * i - 1])
  local n
  local left
  if delta > 0 then
    n = redis.call('INCRBY', key, delta)
    left = redis.call('PTTL', key)
    if left < 0 then
      redis.call('PEXPIRE', key, ARGV[2 * i])
      left = tonumber(ARGV[2 * i])
    end
  else
    n = tonumber(redis.call('GET', key) or '0')
    left = 0
    if n > 0 then
      left = redis.call('PTTL', key)
    end
    if left <= 0 then
      -- No window (or one without a TTL, which rate-peek.lua does not count either).
      n = 0
      left = 0
    end
  end
  out[2 * i - 1] = n
  out[2 * i] = left
end
return out
