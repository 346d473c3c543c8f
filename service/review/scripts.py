"""The review queue's Lua scripts: each claim, release, index change and sweep runs atomically.

Redis runs a script to the end or not at all (and logs it to the append-only file as one
unit), so a crash can never leave a claim without its deadline or a queue entry half-indexed.
Times come in from Python as decimal strings (Lua would truncate returned numbers) so tests
can drive a clock and every stored time is what the app saw.
"""

from __future__ import annotations

from service.review.audit_log import HISTORY_PREFIX, MODERATOR_PREFIX, STREAM as AUDIT_STREAM
from service.comments.store import PREFIX as COMMENT_PREFIX

PENDING = "parley:queue:pending"
AGE = "parley:queue:age"
LEASES = "parley:queue:leases"
CLAIM_PREFIX = "parley:queue:claim"
IKEYS_PREFIX = "parley:queue:ikeys"
SWEEP_BATCH = 100


def age_key(site: str = "") -> str:
    """Pending comments by submit time: all of them, or one site's (oldest-age figures)."""
    return f"{AGE}:site:{site}" if site else AGE


def _lua_names() -> str:
    """A Lua header naming the same keys as the Python side (one source for both)."""
    names = {"COMMENT": COMMENT_PREFIX, "AUDIT": AUDIT_STREAM, "HISTORY": HISTORY_PREFIX,
             "BYMOD": MODERATOR_PREFIX, "PENDING": PENDING, "AGE": AGE,
             "LEASES": LEASES, "CLAIM": CLAIM_PREFIX}
    header = "".join(f"local {name} = '{value}'\n" for name, value in names.items())
    return header + f"local SWEEP_BATCH = {SWEEP_BATCH}\n"


PRELUDE = _lua_names() + r"""
local function audit(entry, id, moderator)
  local json = cjson.encode(entry)
  redis.call('XADD', AUDIT, '*', 'entry', json)
  redis.call('RPUSH', HISTORY .. ':' .. id, json)
  if moderator and moderator ~= '' then
    redis.call('XADD', BYMOD .. ':' .. moderator, '*', 'entry', json)
  end
end

-- The live claim on id as {moderator, version, claimed_at, expires_at}, or nil when there is
-- none, it has expired, or the comment was edited since (a claim covers one version only).
local function live_claim(id, now)
  local c = redis.call('HMGET', CLAIM .. ':' .. id, 'moderator', 'version', 'claimed_at', 'expires_at')
  if not c[1] then return nil end
  local version = redis.call('HGET', COMMENT .. ':' .. id, 'version')
  if tonumber(c[4]) <= tonumber(now) or c[2] ~= version then return nil end
  return c
end

-- Drop a dead claim (expired or stale) and say so in the audit log.
local function end_claim(id, now, why)
  local key = CLAIM .. ':' .. id
  local c = redis.call('HMGET', key, 'moderator', 'version', 'expires_at')
  redis.call('DEL', key)
  redis.call('ZREM', LEASES, id)
  if c[1] then
    -- `at` is when the sweep noticed; `expires_at` when the lease really ran out.
    audit({event = 'expired', comment_id = id, actor = 'parley', moderator = c[1],
           version = tonumber(c[2]), why = why, expires_at = tonumber(c[3]),
           at = tonumber(now)}, id, c[1])
  end
end

local function sweep(now)
  local ids = redis.call('ZRANGEBYSCORE', LEASES, '-inf', now, 'LIMIT', 0, SWEEP_BATCH)
  for _, id in ipairs(ids) do end_claim(id, now, 'lease_expired') end
end

local function in_all(id, keys)
  for _, key in ipairs(keys) do
    if not redis.call('ZSCORE', key, id) then return false end
  end
  return true
end

-- Walk the smallest of the filter indexes (or the whole queue) in priority order, calling
-- visit(id) for each id in every filter index until it returns true.
local function scan(filters, visit)
  local primary, best = PENDING, -1
  for _, key in ipairs(filters) do
    local n = redis.call('ZCARD', key)
    if best < 0 or n < best then primary, best = key, n end
  end
  local offset = 0
  while true do
    local ids = redis.call('ZRANGE', primary, offset, offset + 99)
    if #ids == 0 then return end
    for _, id in ipairs(ids) do
      if in_all(id, filters) and visit(id) then return end
    end
    offset = offset + 100
  end
end

local function take(id, moderator, now, expires_at)
  local version = redis.call('HGET', COMMENT .. ':' .. id, 'version')
  local old_expiry = redis.call('HGET', CLAIM .. ':' .. id, 'expires_at')
  if old_expiry then
    end_claim(id, now, tonumber(old_expiry) <= tonumber(now) and 'lease_expired' or 'edited')
  end
  redis.call('HSET', CLAIM .. ':' .. id, 'moderator', moderator, 'version', version,
             'claimed_at', now, 'expires_at', expires_at)
  redis.call('ZADD', LEASES, expires_at, id)
  audit({event = 'claimed', comment_id = id, actor = moderator, moderator = moderator,
         version = tonumber(version), expires_at = tonumber(expires_at), at = tonumber(now)},
        id, moderator)
  return {'ok', id, version, now, expires_at}
end
"""

# ARGV: moderator, now, expires_at; KEYS: filter indexes (all must hold the comment).
CLAIM_NEXT = PRELUDE + r"""
local moderator, now, expires_at = ARGV[1], ARGV[2], ARGV[3]
sweep(now)
local found = nil
scan(KEYS, function(id)
  if live_claim(id, now) then return false end
  found = id
  return true
end)
if not found then return {'empty'} end
return take(found, moderator, now, expires_at)
"""

# ARGV: comment id, moderator, now, expires_at. Renews the caller's own live claim.
CLAIM_ONE = PRELUDE + r"""
local id, moderator, now, expires_at = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
sweep(now)
if redis.call('EXISTS', COMMENT .. ':' .. id) == 0 then return {'err', 'not_found'} end
if not redis.call('ZSCORE', PENDING, id) then return {'err', 'not_pending'} end
local c = live_claim(id, now)
if c and c[1] ~= moderator then return {'err', 'already_claimed', c[1], c[4]} end
if c then
  redis.call('HSET', CLAIM .. ':' .. id, 'expires_at', expires_at)
  redis.call('ZADD', LEASES, expires_at, id)
  audit({event = 'claimed', comment_id = id, actor = moderator, moderator = moderator,
         version = tonumber(c[2]), expires_at = tonumber(expires_at), renewed = true,
         at = tonumber(now)}, id, moderator)
  return {'ok', id, c[2], c[3], expires_at}
end
return take(id, moderator, now, expires_at)
"""

# ARGV: comment id, moderator, now. Releases the caller's unexpired claim (even a stale one).
RELEASE = PRELUDE + r"""
local id, moderator, now = ARGV[1], ARGV[2], ARGV[3]
sweep(now)
local key = CLAIM .. ':' .. id
local c = redis.call('HMGET', key, 'moderator', 'version', 'expires_at')
if not c[1] or tonumber(c[3]) <= tonumber(now) then return {'err', 'lease_not_held'} end
if c[1] ~= moderator then return {'err', 'lease_not_held', c[1], c[3]} end
redis.call('DEL', key)
redis.call('ZREM', LEASES, id)
audit({event = 'released', comment_id = id, actor = moderator, moderator = moderator,
       version = tonumber(c[2]), at = tonumber(now)}, id, moderator)
return {'ok', id}
"""

# ARGV: limit, now; KEYS: filter indexes. Pending ids in priority order (claimed ones too).
LIST = PRELUDE + r"""
local limit, now = tonumber(ARGV[1]), ARGV[2]
sweep(now)
local ids = {}
scan(KEYS, function(id)
  ids[#ids + 1] = id
  return #ids >= limit
end)
return ids
"""

# ARGV: comment id. Take the comment out of every index it is in (a no-op when in none).
UNINDEX = r"""
local set = ARGV[1]
for _, key in ipairs(redis.call('SMEMBERS', set)) do redis.call('ZREM', key, ARGV[2]) end
redis.call('DEL', set)
"""

# KEYS: indexes ordered by priority; ARGV: ikeys set, comment id, priority, age index, created_at,
# then further age indexes (the comment's site's).
INDEX = r"""
local set, id, priority = ARGV[1], ARGV[2], ARGV[3]
for _, key in ipairs(redis.call('SMEMBERS', set)) do redis.call('ZREM', key, id) end
redis.call('DEL', set)
for _, key in ipairs(KEYS) do
  redis.call('ZADD', key, priority, id)
  redis.call('SADD', set, key)
end
for i = 6, #ARGV do
  redis.call('ZADD', ARGV[i], ARGV[5], id)
  redis.call('SADD', set, ARGV[i])
end
redis.call('ZADD', ARGV[4], ARGV[5], id)
redis.call('SADD', set, ARGV[4])
"""


# ARGV: ikeys set, comment id, version, priority, age index. Move a pending comment to a new
# place in every priority index it is in (not the age index, not one it has left meanwhile),
# unless it was edited or decided since the caller read it.
RERANK = r"""
local set, id, version, priority = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local c = redis.call('HMGET', '""" + COMMENT_PREFIX + r""":' .. id, 'version', 'status')
if c[1] ~= version or c[2] ~= 'pending' then return 0 end
for _, key in ipairs(redis.call('SMEMBERS', set)) do
  if key ~= ARGV[5] then redis.call('ZADD', key, 'XX', priority, id) end
end
return 1
"""
