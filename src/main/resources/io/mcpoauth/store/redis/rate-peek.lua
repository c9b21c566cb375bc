-- Reads a counter without counting. KEYS[1] the counter.
-- Returns {count, milliseconds left in the window}, or {0, 0} when there is no window.
local n = redis.call('GET', KEYS[1])
if not n then
  return {0, 0}
end
return {tonumber(n), redis.call('PTTL', KEYS[1])}
