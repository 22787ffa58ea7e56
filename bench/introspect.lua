-- wrk script: introspection of one valid access token (JETON_BENCH_TOKEN) by a resource
-- server authenticating with Basic (JETON_BENCH_BASIC).
wrk.method = "POST"
wrk.body = "token=" .. os.getenv("JETON_BENCH_TOKEN")
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("JETON_BENCH_BASIC")
