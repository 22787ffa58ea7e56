-- wrk script: introspection of many valid tokens in turn (one per line in the file named by
-- JETON_BENCH_TOKENS), so that lookups spread over the token table.
local tokens = {}
for line in io.lines(os.getenv("JETON_BENCH_TOKENS")) do tokens[#tokens + 1] = line end
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = "Basic " .. os.getenv("JETON_BENCH_BASIC"),
}
local i = 0
request = function()
  i = i % #tokens + 1
  return wrk.format("POST", nil, headers, "token=" .. tokens[i])
end
