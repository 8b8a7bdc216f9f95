-- wrk -s .ci/wrk/sessions.lua: POST /api/v1/me/sessions, each request from
-- the next patient's tablet with a new client id (a session of 8 items).
-- LIMBER_TABLETS is the file limber-load --tablets-out wrote
-- (token, plan id, item ids a line).
local tablets = {}
local n = 0
local stamp = function(ago) return os.date("!%Y-%m-%dT%H:%M:%SZ", os.time() - ago) end

function init(args)
  local f = assert(io.open(os.getenv("LIMBER_TABLETS") or "tablets.txt"))
  for line in f:lines() do
    local token, plan, ids = line:match("^(%S+) (%d+) (%S+)$")
    if token then
      local items = {}
      for id in ids:gmatch("%d+") do
        items[#items + 1] = string.format('{"item_id":%s,"status":"done","at":"%s"}', id, stamp(60))
      end
      tablets[#tablets + 1] = {
        token = "Bearer " .. token,
        head = '{"client_id":"',
        tail = string.format('","plan_id":%s,"started_at":"%s","finished_at":"%s","pain_before":4,"pain_after":3,"items":[%s]}',
          plan, stamp(600), stamp(0), table.concat(items, ",")),
      }
    end
  end
  f:close()
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
end

local function uuid()
  local r = math.random
  return string.format("%04x%04x-%04x-4%03x-%04x-%06x%06x", r(0, 0xffff), r(0, 0xffff), r(0, 0xffff), r(0, 0xfff),
    0x8000 + r(0, 0x3fff), r(0, 0xffffff), r(0, 0xffffff))
end

function request()
  n = n + 1
  local t = tablets[(n % #tablets) + 1]
  return wrk.format("POST", "/api/v1/me/sessions", {["Content-Type"] = "application/json", ["Authorization"] = t.token},
    t.head .. uuid() .. t.tail)
end
