-- wrk prints its latency percentiles only with --latency, and then as text: this prints one line
-- the benchmark scripts read (scripts/lib/wrk.sh): requests/s, p50 and p99 in milliseconds, the
-- bytes per response (a redirect to the sign-in page would show as a short response) and errors
-- (connection errors, and responses with a status of 400 or above).
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local count = math.max(summary.requests, 1)
  io.write(string.format("WRK %.1f %.3f %.3f %d %d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.bytes / count, errors + summary.errors.status))
end
