-- Counts one event in a fixed window. KEYS[1] the counter; ARGV[1] the window in milliseconds.
-- The window starts with the first event: its TTL is set then, and set again if it is ever found missing.
-- Returns {count, milliseconds left in the window}.
local n = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {n, left}
