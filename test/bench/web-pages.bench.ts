import { Client } from 'pg';
import type { BrowserContext, CDPSession } from 'playwright-core';
import { DEFAULT_DEMO_SEED, planDemo, replayDemoPlan } from '@mutu/demo';
import { DocumentsService } from '@mutu/documents';
import { RenewalsService } from '@mutu/renewals';
import { createAccount, launchChromium, PASSWORD, signIn, startWebApp } from '../support/web-browser';

// The slow line: 400 kbit/s both ways, 400 ms round trip.
const SLOW = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
const SERVER_RUNS = 30;
const BUDGET_BYTES = 100 * 1024;
// The demo's 300 renewals by default; fewer for a quick look on a busy machine.
const DEMO_RENEWALS = Number(process.env.MUTU_BENCH_DEMO_RENEWALS ?? 300);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
};

/** Bytes on the wire (compressed, headers included) of every response until the page's load event, cache empty. */
async function firstLoad(context: BrowserContext, url: string, conditions?: typeof SLOW) {
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  if (conditions) await cdp.send('Network.emulateNetworkConditions', conditions);
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
    requests++;
  });
  const started = Date.now();
  const response = await page.goto(url, { waitUntil: 'load' });
  const usableMs = Date.now() - started;
  expect(response?.status()).toBe(200);
  await page.close();
  return { bytes, requests, usableMs };
}

/** Server time of a page: request sent to last byte read, over loopback, signed in. */
async function serverTimes(url: string, cookie: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < SERVER_RUNS; i++) {
    const started = process.hrtime.bigint();
    const response = await fetch(url, { headers: { Cookie: cookie, 'Accept-Encoding': 'gzip' } });
    await response.arrayBuffer();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
    expect(response.status).toBe(200);
  }
  return times;
}

it('measures the queue, a renewal page and the dashboard on the demo data: bytes, server time, time until usable on a slow line', async () => {
  const [browser, web] = await Promise.all([
    launchChromium(),
    startWebApp({ MUTU_JOB_SLA_WATCH_CRON: 'off' }),
  ]);
  try {
    const { ctx } = web;
    const now = new Date();
    ctx.clock.set(now);
    let started = Date.now();
    await replayDemoPlan(
      planDemo({ seed: DEFAULT_DEMO_SEED, now, renewals: DEMO_RENEWALS }),
      { renewals: ctx.get(RenewalsService), documents: ctx.get(DocumentsService) },
      ctx.clock,
    );
    ctx.clock.set(now);
    console.log(
      `demo history of ${DEMO_RENEWALS} renewals replayed in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );

    const db = new Client({ connectionString: ctx.database.url });
    await db.connect();
    const {
      rows: [busiest],
    } = await db.query(
      `SELECT a.name AS agency, (SELECT r2.id FROM renewal r2 WHERE r2.agency_id = a.id ORDER BY r2.round DESC, r2.opened_at DESC LIMIT 1) AS renewal
         FROM agency a JOIN renewal r ON r.agency_id = a.id GROUP BY a.id, a.name ORDER BY count(*) DESC LIMIT 1`,
    );
    await db.end();
    await createAccount(ctx, 'bench.verif', 'VERIFIKATOR', { agencies: [busiest.agency] });
    await createAccount(ctx, 'bench.kadis', 'KEPALA_DINAS');

    const pages = [
      { name: 'queue', user: 'bench.verif', path: '/antrian' },
      { name: 'renewal page', user: 'bench.verif', path: `/permohonan/${busiest.renewal}` },
      { name: 'dashboard', user: 'bench.kadis', path: '/dasbor' },
    ];
    started = Date.now();
    const baseline = await serverTimes(`${web.base}/health`, '');
    const baselineMedian = percentile(baseline, 0.5);
    const lines = [
      `raw baseline GET /health: median ${baselineMedian.toFixed(1)} ms, p95 ${percentile(baseline, 0.95).toFixed(1)} ms`,
    ];
    for (const { name, user, path } of pages) {
      const context = await browser.newContext();
      const signing = await context.newPage();
      await signIn(signing, web.base, user, PASSWORD);
      await signing.close();
      const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      const fast = await firstLoad(context, `${web.base}${path}`);
      const slow = await firstLoad(context, `${web.base}${path}`, SLOW);
      const times = await serverTimes(`${web.base}${path}`, cookie);
      const median = percentile(times, 0.5);
      lines.push(
        `${name.padEnd(13)} first load ${(fast.bytes / 1024).toFixed(1)} KB in ${fast.requests} responses ` +
          `(budget ${BUDGET_BYTES / 1024} KB: ${fast.bytes <= BUDGET_BYTES ? 'within' : 'OVER'}); ` +
          `server median ${median.toFixed(1)} ms, p95 ${percentile(times, 0.95).toFixed(1)} ms ` +
          `(${(median / baselineMedian).toFixed(1)}× baseline); ` +
          `usable at 400 kbit/s + 400 ms RTT after ${(slow.usableMs / 1000).toFixed(2)} s (goal < 5 s)`,
      );
      await context.close();
    }
    console.log(
      `web pages on the demo data (${((Date.now() - started) / 1000).toFixed(0)} s):\n  ${lines.join('\n  ')}`,
    );
  } finally {
    await browser.close();
    await web.ctx.close();
  }
  // Replaying the demo through the services takes minutes.
}, 1_800_000);
