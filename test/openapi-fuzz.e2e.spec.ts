import { type FuzzReport, runOpenApiFuzz, startFuzzTarget } from './support/openapi-fuzz';

// A fixed seed and a bounded count keep this part of `npm test` short and repeatable; the long
// run (MUTU_FUZZ_REQUESTS, default 10,000) is in `npm run test:reliability`.
const SEED = 20261130;
const REQUESTS = 400;

describe('the API under hostile input, driven by its own OpenAPI document', () => {
  let fixture: Awaited<ReturnType<typeof startFuzzTarget>>;
  let report: FuzzReport;

  beforeAll(async () => {
    fixture = await startFuzzTarget();
    report = await runOpenApiFuzz(fixture, { seed: SEED, requests: REQUESTS });
  }, 120_000);
  afterAll(() => fixture.ctx.close());

  it('covers every operation, answers no 5xx, names the field in every 400 and quotes no secret back', () => {
    expect(report.operations).toBeGreaterThanOrEqual(39);
    expect(report.requests).toBeGreaterThanOrEqual(REQUESTS);
    expect(report.failures).toEqual([]);
    expect(report.statuses['400']).toBeGreaterThan(REQUESTS / 4);
  });
});
