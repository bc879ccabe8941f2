import { type FuzzReport, runOpenApiFuzz, startFuzzTarget } from '../support/openapi-fuzz';

// MUTU_FUZZ_REQUESTS requests (default 10,000) from MUTU_FUZZ_SEED (default the one npm test uses).
const REQUESTS = Number(process.env.MUTU_FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.MUTU_FUZZ_SEED ?? 20261130);

describe('the API under hostile input, long run', () => {
  let fixture: Awaited<ReturnType<typeof startFuzzTarget>>;
  let report: FuzzReport;

  beforeAll(async () => {
    fixture = await startFuzzTarget();
    report = await runOpenApiFuzz(fixture, { seed: SEED, requests: REQUESTS });
    process.stdout.write(
      `OpenAPI fuzz: ${report.requests} requests (seed ${SEED}) over ${report.operations} operations; ` +
        `statuses ${JSON.stringify(report.statuses)}; ${report.failures.length} broke a promise\n`,
    );
  });
  afterAll(() => fixture.ctx.close());

  it('answers no 5xx, names the field in every 400 and quotes no secret back', () => {
    expect(report.requests).toBeGreaterThanOrEqual(REQUESTS);
    expect(report.failures).toEqual([]);
  });
});
