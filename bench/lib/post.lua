-- wrk script: POSTs BENCH_BODY to the URL's path with the bench key, and prints one
-- machine-readable line at the end (run.sh parses it; any non-2xx or socket error fails the run).
wrk.method = "POST"
wrk.body = assert(os.getenv("BENCH_BODY"), "BENCH_BODY is not set")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. assert(os.getenv("BENCH_KEY"), "BENCH_KEY is not set")

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d p50_us=%.1f p99_us=%.1f non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.status, e.connect, e.read, e.write, e.timeout))
end
