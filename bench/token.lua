-- wrk script: client-credentials token issuance. JETON_BENCH_BASIC is base64(id:secret).
wrk.method = "POST"
wrk.body = "grant_type=client_credentials"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. os.getenv("JETON_BENCH_BASIC")
