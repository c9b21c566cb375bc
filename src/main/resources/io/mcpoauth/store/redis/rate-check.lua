-- Several rate-limit counters in one call, in order, stopping at the first that refuses: what rate-peek and
-- rate-hit do one key at a time. KEYS: the counters (one slot: not used on Redis Cluster). ARGV[1]: the window
-- in milliseconds; then two values per key: its limit, and 1 to count an event (rate-hit: refused when the
-- count passes the limit) or 0 only to read (rate-peek: refused when the count has reached the limit).
-- Returns {the refusing key's position, 1-based, or 0 when none refuses; milliseconds left in its window}.
local window = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[2 * i])
  if ARGV[2 * i + 1] == '1' then
    local n = redis.call('INCR', key)
    local left = redis.call('PTTL', key)
    if left < 0 then
      redis.call('PEXPIRE', key, window)
      left = window
    end
    if n > limit then
      return {i, left}
    end
  else
    local n = tonumber(redis.call('GET', key) or '0')
    if n >= limit then
      local left = redis.call('PTTL', key)
      if left > 0 then
        return {i, left}
      end
    end
  end
end
return {0, 0}
