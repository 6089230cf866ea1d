import fs from 'node:fs';
import autocannon from 'autocannon';

/**
 * The load generator for reportHttp.bench.ts, run as a child process so that the client's own
 * work never competes with the server's event loop: reads the server address, cookie and one
 * ready request body per report from the file named on the command line, sends them over
 * `connections` connections, and prints autocannon's figures and any refusals as JSON.
 */
const { base, cookie, type, bodies, connections } = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as { base: string; cookie: string; type: string; bodies: string[]; connections: number };
let next = 0;
let notConfirmed = 0;
const result = await autocannon({
  url: base,
  connections,
  amount: bodies.length,
  timeout: 600,
  requests: [
    {
      method: 'POST',
      path: '/report',
      setupRequest: (req) => ({ ...req, body: bodies[next++ % bodies.length], headers: { ...req.headers, cookie, 'content-type': type } }),
      onResponse: (status, body) => {
        if (status !== 200 || !String(body).includes('data-reference')) notConfirmed++;
      },
    },
  ],
});
process.stdout.write(JSON.stringify({ p50: result.latency.p50, p99: result.latency.p99, duration: result.duration, errors: result.errors, notConfirmed }));
