-- Removes a grant's summary. KEYS[1] the summary. Returns its fields to the one caller that removed it, and
-- an empty list to every other.
local fields = redis.call('HGETALL', KEYS[1])
if #fields > 0 then
  redis.call('DEL', KEYS[1])
end
return fields
