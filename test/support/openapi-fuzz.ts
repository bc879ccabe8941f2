import type { AddressInfo } from 'node:net';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';
import { AuthService } from '@mutu/auth';
import { ACTOR_ROLES, type ActorRole } from '@mutu/domain';
import { configureApiApp } from '../../apps/api/src/api.app';
import { ApiModule } from '../../apps/api/src/api.module';
import { createTestContext, type TestContext } from './test-app';

/**
 * A fuzzer driven by the API's own OpenAPI document (/docs-json): every operation, every
 * parameter and body field, hostile values of every kind, as every role and as nobody. It
 * reports each answer that breaks the API's promise: no 5xx, a 400 names the fields at fault,
 * and no answer quotes a secret sent in a body back.
 */

type Schema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  minimum?: number;
};
type Parameter = { name: string; in: 'path' | 'query' | 'header'; required?: boolean; schema?: Schema };
type Operation = {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
  'x-mutu-roles': ActorRole[];
  'x-mutu-public': boolean;
};
type Who = ActorRole | 'ANONIM';

/** A secret sent inside malformed bodies: no answer may contain it. */
const CANARY = 'rahasia-fuzz-7f3a';

const deepJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Hostile values by kind; each is invalid for any field of Mutu's (or harmlessly valid text). */
const HOSTILE: Record<string, unknown[]> = {
  nul: ['\u0000', 'a\u0000b', '2026-11-01\u0000', '00000000-0000-4000-8000-00000000000\u0000'],
  hugeNumber: [
    1e20,
    '100000000000000000000',
    2_147_483_648,
    '9007199254740993',
    -1,
    0,
    1.5,
    '1e400',
    'NaN',
    'Infinity',
    '-0',
    '0x10',
  ],
  impossibleDate: [
    '2026-13-01',
    '2026-02-30',
    '0000-00-00',
    '+275760-09-13',
    '2026-1-1',
    '2026-02-29T25:00:00Z',
    '-009999-01-01T00:00:00Z',
    '99999-01-01',
  ],
  wrongType: [[], {}, null, true, 12345, [1, 2], { a: { b: 1 } }, ''],
  overlong: ['x'.repeat(5_000), '9'.repeat(400), `${'1'.repeat(17)}x`],
  unicode: [
    '\uD800',
    '\u202Egpj.exe',
    '😀😀',
    'ß',
    'e\u0301',
    '\u200B',
    '\uFEFF',
    'Ｄｉｎａｓ',
    'İ',
    '%00',
    '../../etc/passwd',
    "' OR 1=1 --",
  ],
  nip: ['199013452015011001', '199001012015017001', '199001012015010000', '000000000000000000'],
};
const KINDS = Object.keys(HOSTILE);

/** Bodies sent whole instead of JSON built from the schema. */
const RAW_BODIES: Array<{ name: string; contentType: string; body: string }> = [
  { name: 'malformed JSON with a secret', contentType: 'application/json', body: `{"password":"${CANARY}",` },
  { name: 'JSON 2,000 levels deep', contentType: 'application/json', body: deepJson(2_000) },
  { name: 'JSON array', contentType: 'application/json', body: '[1,2,3]' },
  { name: 'JSON string', contentType: 'application/json', body: `"${CANARY}"` },
  { name: 'JSON with NUL key', contentType: 'application/json', body: '{"a\\u0000":1}' },
  {
    name: 'form body',
    contentType: 'application/x-www-form-urlencoded',
    body: `a[b][c][d][e][f][g]=1&password=${CANARY}`,
  },
  { name: 'text body', contentType: 'text/plain', body: CANARY },
  { name: 'bad charset', contentType: 'application/json; charset=utf-7', body: '{}' },
];

export interface FuzzFailure {
  readonly request: string;
  readonly status: number;
  readonly problem: string;
  readonly body: string;
}

export interface FuzzReport {
  readonly requests: number;
  readonly statuses: Record<string, number>;
  readonly operations: number;
  readonly failures: FuzzFailure[];
}

class Random {
  private readonly rng: RandomGenerator;
  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)];
  }
}

interface Fixture {
  ctx: TestContext;
  base: string;
  tokens: Record<ActorRole, string>;
  renewalId: string;
  doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };
}

/** Boots the API on a database of its own, with one account per role and one renewal. */
export async function startFuzzTarget(): Promise<Fixture> {
  const ctx = await createTestContext({ root: ApiModule.forRoot, configure: configureApiApp });
  const server = ctx.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const auth = ctx.get(AuthService);
  const tokens = {} as Record<ActorRole, string>;
  for (const role of ACTOR_ROLES) {
    const username = `fuzz.${role.toLowerCase()}`;
    await auth.createUser(
      {
        username,
        displayName: role,
        role,
        password: 'kata-sandi-fuzz-0001',
        holderNip: role === 'PENGGUNA' ? '198701012010011001' : null,
        agencies: role === 'VERIFIKATOR' ? ['Dinas Kesehatan'] : [],
      },
      { id: 'test', role: 'ADMIN' },
    );
    const login = await fetch(`${base}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'kata-sandi-fuzz-0001' }),
    });
    tokens[role] = ((await login.json()) as { accessToken: string }).accessToken;
  }
  const opened = await fetch(`${base}/renewals`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.VERIFIKATOR}` },
    body: JSON.stringify({
      nip: '199001012022211001',
      name: 'Pemegang Uji Fuzz',
      email: 'fuzz@merantikab.example',
      agency: 'Dinas Kesehatan',
      certificateSerial: 'BSRE-FUZZ-1',
      currentExpiry: '2026-12-31',
    }),
  });
  const renewalId = ((await opened.json()) as { id: string }).id;
  const doc = (await (await fetch(`${base}/docs-json`)).json()) as Fixture['doc'];
  return { ctx, base, tokens, renewalId, doc };
}

/** A plausible value of a schema: what a well-behaved client would send. */
function plausible(schema: Schema | undefined, fixture: Fixture, name: string, depth = 0): unknown {
  if (!schema || depth > 4) return 'teks';
  if (schema.$ref)
    return plausible(fixture.doc.components.schemas[schema.$ref.split('/').pop()!], fixture, name, depth + 1);
  if (schema.enum?.length) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.format === 'uuid' || name === 'id') return fixture.renewalId;
  if (schema.format === 'date') return '2026-11-01';
  if (schema.format === 'date-time') return '2026-11-24T02:04:00Z';
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return [plausible(schema.items, fixture, name, depth + 1)];
    case 'object': {
      const body: Record<string, unknown> = {};
      for (const [key, inner] of Object.entries(schema.properties ?? {})) {
        body[key] = plausible(inner, fixture, key, depth + 1);
      }
      return body;
    }
    default:
      return 'teks';
  }
}

const PATH_VALUES: Record<string, string> = {
  code: 'pembaruan-sertifikat-elektronik',
  documentId: '00000000-0000-4000-8000-000000000001',
  date: '2031-01-02',
  username: 'fuzz.tidak-ada',
};

interface Planned {
  method: string;
  path: string;
  operation: Operation;
  who: Who;
  /** The field made hostile, or the raw body's name. */
  target: string;
  hostile: unknown;
  raw?: (typeof RAW_BODIES)[number];
}

function bodySchema(operation: Operation): { type: string; schema: Schema } | null {
  const content = operation.requestBody?.content;
  if (!content) return null;
  const [type, { schema }] = Object.entries(content)[0];
  return { type, schema };
}

function fieldsOf(operation: Operation, fixture: Fixture): string[] {
  const params = (operation.parameters ?? [])
    .filter((p) => p.in !== 'header')
    .map((p) => `${p.in}:${p.name}`);
  const body = bodySchema(operation);
  let schema = body?.schema;
  if (schema?.$ref) schema = fixture.doc.components.schemas[schema.$ref.split('/').pop()!];
  const bodyFields = Object.keys(schema?.properties ?? {}).map((name) => `body:${name}`);
  return [...params, ...bodyFields, ...(body ? ['body:'] : [])];
}

/** Percent-encodes every byte of the text's UTF-8 (a lone surrogate becomes U+FFFD, as on the wire). */
const encodeSegment = (text: string) =>
  Array.from(Buffer.from(text, 'utf8'), (byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

/** Sends one planned request; returns what, if anything, broke the API's promise. */
async function send(plan: Planned, fixture: Fixture): Promise<{ status: number; failure?: FuzzFailure }> {
  const { operation } = plan;
  const [where, field] = plan.target.split(':');
  let path = plan.path;
  for (const p of (operation.parameters ?? []).filter((x) => x.in === 'path')) {
    const value =
      where === 'path' && field === p.name
        ? String(plan.hostile)
        : (PATH_VALUES[p.name] ?? String(plausible(p.schema, fixture, p.name)));
    path = path.replace(`{${p.name}}`, encodeSegment(value));
  }
  const query = new URLSearchParams();
  for (const p of (operation.parameters ?? []).filter((x) => x.in === 'query')) {
    if (where === 'query' && field === p.name) {
      const value = plan.hostile;
      if (Array.isArray(value)) value.forEach((v) => query.append(p.name, String(v)));
      else
        query.append(
          p.name,
          typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value),
        );
    } else if (p.required) query.append(p.name, String(plausible(p.schema, fixture, p.name)));
  }
  const headers: Record<string, string> = {};
  if (plan.who !== 'ANONIM') headers.authorization = `Bearer ${fixture.tokens[plan.who]}`;
  let body: string | FormData | undefined;
  const bodyInfo = bodySchema(operation);
  if (plan.raw) {
    headers['content-type'] = plan.raw.contentType;
    body = plan.raw.body;
  } else if (bodyInfo?.type === 'multipart/form-data') {
    const form = new FormData();
    form.append('item', where === 'body' && field === 'item' ? String(plan.hostile) : 'ktp');
    const name = where === 'body' && field === 'file' ? String(plan.hostile) : 'surat\u0000.pdf';
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%fuzz\n')], { type: 'application/pdf' }), name);
    body = form;
  } else if (bodyInfo) {
    const value = plausible(bodyInfo.schema, fixture, 'body') as Record<string, unknown>;
    headers['content-type'] = 'application/json';
    if (where === 'body' && field) value[field] = plan.hostile;
    body = JSON.stringify(where === 'body' && !field ? plan.hostile : value);
  }
  const url = `${fixture.base}${path}${query.size ? `?${query}` : ''}`;
  const label = `${plan.method.toUpperCase()} ${url.slice(fixture.base.length, 300)} as ${plan.who} [${plan.target}${plan.raw ? ` ${plan.raw.name}` : ''}]`;
  const response = await fetch(url, { method: plan.method.toUpperCase(), headers, body });
  const text = await response.text();
  const fail = (problem: string) => ({
    status: response.status,
    failure: { request: label, status: response.status, problem, body: text.slice(0, 300) },
  });
  if (response.status >= 500) return fail('5xx');
  if (text.includes(CANARY)) return fail('the answer quotes a secret sent in the body');
  if (response.status === 400) {
    let problems: unknown;
    try {
      problems = (JSON.parse(text) as { problems?: unknown }).problems;
    } catch {
      return fail('400 that is not JSON');
    }
    if (
      !Array.isArray(problems) ||
      !problems.length ||
      !problems.every((p: { field?: unknown }) => typeof p.field === 'string' && p.field.length > 0)
    ) {
      return fail('400 naming no field');
    }
  }
  return { status: response.status };
}

/**
 * Runs the fuzzer: first every operation × every parameter and body field once, with a hostile
 * value of a kind chosen by the seed, as a role the operation allows, plus every raw body on
 * every operation that takes one; then random requests (any operation, field, kind, role or
 * nobody) until `requests` have been sent. The same seed sends the same requests.
 */
export async function runOpenApiFuzz(
  fixture: Fixture,
  options: { seed: number; requests: number },
): Promise<FuzzReport> {
  const random = new Random(options.seed);
  const operations = Object.entries(fixture.doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, operation]) => ({ path, method, operation })),
  );
  const allowedRole = (operation: Operation): Who =>
    operation['x-mutu-public']
      ? random.pick([...ACTOR_ROLES, 'ANONIM' as const])
      : random.pick(operation['x-mutu-roles']);
  const hostileValue = () => random.pick(HOSTILE[random.pick(KINDS)]);

  const plans: Planned[] = [];
  for (const { path, method, operation } of operations) {
    for (const target of fieldsOf(operation, fixture)) {
      plans.push({ path, method, operation, who: allowedRole(operation), target, hostile: hostileValue() });
    }
    if (operation.requestBody) {
      for (const raw of RAW_BODIES) {
        plans.push({
          path,
          method,
          operation,
          who: allowedRole(operation),
          target: 'body:',
          hostile: null,
          raw,
        });
      }
    }
  }
  while (plans.length < options.requests) {
    const { path, method, operation } = random.pick(operations);
    const fields = fieldsOf(operation, fixture);
    const who: Who =
      random.int(0, 3) === 0 ? random.pick([...ACTOR_ROLES, 'ANONIM' as const]) : allowedRole(operation);
    const raw = operation.requestBody && random.int(0, 5) === 0 ? random.pick(RAW_BODIES) : undefined;
    plans.push({
      path,
      method,
      operation,
      who,
      target: raw || !fields.length ? 'body:' : random.pick(fields),
      hostile: hostileValue(),
      raw,
    });
  }

  const statuses: Record<string, number> = {};
  const failures: FuzzFailure[] = [];
  for (const plan of plans.slice(0, Math.max(options.requests, plans.length))) {
    const { status, failure } = await send(plan, fixture);
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (failure) failures.push(failure);
  }
  return { requests: plans.length, statuses, operations: operations.length, failures };
}
