-- wrk script: introspection spread round-robin over many domains. JETON_BENCH_TARGETS names
-- a file of lines "SLUG BASIC TOKEN": each request introspects TOKEN at /d/SLUG/oauth/introspect
-- with that domain's client credentials (BASIC is base64(id:secret)).
local targets = {}
for line in io.lines(os.getenv("JETON_BENCH_TARGETS")) do
  local slug, basic, token = line:match("^(%S+) (%S+) (%S+)$")
  targets[#targets + 1] = {
    path = "/d/" .. slug .. "/oauth/introspect",
    headers = {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Authorization"] = "Basic " .. basic,
    },
    body = "token=" .. token,
  }
end
local i = 0
request = function()
  i = i % #targets + 1
  local t = targets[i]
  return wrk.format("POST", t.path, t.headers, t.body)
end
