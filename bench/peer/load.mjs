// Bench-only load process: autocannon against one URL with one body, from its own process.
// Reads a JSON plan from argv[2]: { url, connections, seconds, body, headers, overallRate? }.
// Prints one JSON line: req/s, latency percentiles (ms), counts, non-2xx and errors, own CPU ms.
import autocannon from 'autocannon';

const plan = JSON.parse(process.argv[2]);
const cpu = process.cpuUsage();
const result = await autocannon({
  url: plan.url, method: 'POST', connections: plan.connections, duration: plan.seconds,
  headers: { 'content-type': 'application/json', ...plan.headers }, body: plan.body,
  ...(plan.overallRate ? { overallRate: plan.overallRate } : {}),
});
const used = process.cpuUsage(cpu);
console.log(JSON.stringify({
  requests: result.requests.total, seconds: result.duration, rps: result.requests.total / result.duration,
  p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max,
  non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, bytes: result.throughput.total,
  cpuMs: (used.user + used.system) / 1000,
}));
