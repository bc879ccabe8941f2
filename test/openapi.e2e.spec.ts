import request from 'supertest';
import { Document, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { ACTOR_ROLES } from '@mutu/domain';
import { configureApiApp } from '../apps/api/src/api.app';
import { ApiModule } from '../apps/api/src/api.module';
import { createTestContext, type TestContext } from './support/test-app';

type Operation = {
  operationId: string;
  description?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  'x-mutu-roles': string[];
  'x-mutu-public': boolean;
};

describe('GET /docs-json', () => {
  let ctx: TestContext;
  let doc: any;
  let operations: Array<[string, Operation]>;

  beforeAll(async () => {
    ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp });
    doc = (await request(ctx.app.getHttpServer()).get('/docs-json').expect(200)).body;
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops as Record<string, Operation>).map(
        ([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation],
      ),
    );
  });
  afterAll(() => ctx.close());

  it('passes the Spectral OpenAPI ruleset (oas, recommended) with no errors and no warnings', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] });
    const results = await spectral.run(new Document(JSON.stringify(doc), Json, '/docs-json'));
    // 0 = error, 1 = warning; hints and information are advice.
    expect(
      results.filter((r) => r.severity <= 1).map((r) => `${r.code} ${r.path.join('.')}: ${r.message}`),
    ).toEqual([]);
  });

  it('defines the sign-in JWT and the integration token, and every signed-in operation accepts either', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      integrationToken: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'mutu_…' }),
    });
    for (const [name, op] of operations) {
      const expected = op['x-mutu-public'] ? [] : [{ bearer: [] }, { integrationToken: [] }];
      expect([name, op.security]).toEqual([name, expected]);
    }
  });

  it('names the roles each operation allows, as the route guard enforces them', () => {
    const byName = Object.fromEntries(operations);
    expect(byName['POST /auth/login']['x-mutu-public']).toBe(true);
    expect(byName['GET /renewals']['x-mutu-roles']).toEqual([...ACTOR_ROLES]);
    expect(byName['POST /outbox/{id}/retry']['x-mutu-roles']).toEqual(['ADMIN']);
    expect(byName['DELETE /calendar/holidays/{date}']['x-mutu-roles']).toEqual(['ADMIN']);
    expect(byName['GET /audit'].description).toContain('Peran / roles: KEPALA_DINAS, ADMIN.');
    for (const [name, op] of operations) {
      expect([name, op['x-mutu-public'] || op['x-mutu-roles'].length > 0]).toEqual([name, true]);
    }
  });

  it('answers every error in the one error schema, and every success with a schema', () => {
    for (const [name, op] of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        // /health's 503 is its health report, whose schema Terminus documents.
        if (name === 'GET /health' && status === '503') continue;
        if (status >= '400') {
          expect([name, status, response.content?.['application/json']?.schema?.$ref]).toEqual([
            name,
            status,
            '#/components/schemas/ErrorSchema',
          ]);
        } else if (status !== '204') {
          expect([name, status, Object.keys(response.content ?? {}).length > 0]).toEqual([
            name,
            status,
            true,
          ]);
        }
      }
    }
    expect(doc.components.schemas.ErrorSchema.properties.problems).toBeDefined();
  });

  it('describes request bodies, and office dates as format: date', () => {
    const byName = Object.fromEntries(operations);
    for (const name of [
      'POST /renewals',
      'POST /reports',
      'POST /sops/definitions',
      'PUT /calendar/holidays/{date}',
    ]) {
      expect([name, byName[name].requestBody?.content['application/json']]).toEqual([
        name,
        expect.anything(),
      ]);
    }
    const { schemas } = doc.components;
    expect(schemas.OpenRenewalDto.properties.currentExpiry).toMatchObject({ type: 'string', format: 'date' });
    expect(schemas.HolderInformedDto.properties.validUntil).toMatchObject({ type: 'string', format: 'date' });
    const listParameters = (
      doc.paths['/renewals'].get.parameters as { name: string; schema: object }[]
    ).filter((p) => p.name === 'openedFrom' || p.name === 'openedTo');
    expect(listParameters.map((p) => p.schema)).toEqual([
      expect.objectContaining({ format: 'date' }),
      expect.objectContaining({ format: 'date' }),
    ]);
    const holidayDate = (
      doc.paths['/calendar/holidays/{date}'].put.parameters as { name: string; schema: object }[]
    ).find((p) => p.name === 'date');
    expect(holidayDate?.schema).toMatchObject({ type: 'string', format: 'date' });
  });
});
