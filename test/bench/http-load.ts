import { Agent, request } from 'node:http';

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p99Ms: number;
  readonly failures: number;
  /** Status and body of the first failed answer, to say why. */
  readonly firstFailure?: string;
}

/**
 * Closed-loop HTTP load: `connections` keep-alive connections, each sending its next request as
 * soon as the previous answer is read in full, for `seconds`. `next` gives each request's path
 * (and body, for a POST). Any status but 2xx counts as a failure.
 */
export async function load(options: {
  readonly base: string;
  readonly connections: number;
  readonly seconds: number;
  readonly token: string;
  readonly next: (i: number) => { path: string; body?: unknown };
}): Promise<LoadResult> {
  const { hostname, port } = new URL(options.base);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | undefined;
  let issued = 0;
  const started = performance.now();
  const until = started + options.seconds * 1000;
  const once = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const { path, body } = options.next(i);
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const sent = performance.now();
      const req = request(
        {
          agent,
          hostname,
          port,
          path,
          method: payload ? 'POST' : 'GET',
          headers: {
            authorization: `Bearer ${options.token}`,
            ...(payload && {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(payload),
            }),
          },
        },
        (res) => {
          const failed = !res.statusCode || res.statusCode >= 300;
          let text = '';
          res.on('data', (chunk: Buffer) => {
            if (failed && !firstFailure) text += chunk;
          });
          res.on('end', () => {
            latencies.push(performance.now() - sent);
            if (failed) {
              failures++;
              firstFailure ??= `${res.statusCode} ${text.slice(0, 500)}`;
            }
            resolve();
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  await Promise.all(
    Array.from({ length: options.connections }, async () => {
      while (performance.now() < until) await once(issued++);
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    perSecond: latencies.length / elapsed,
    p99Ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] ?? NaN,
    failures,
    firstFailure,
  };
}
