// The raw baseline of the API rows of test/bench/side-by-side.bench.ts: node:http and pg alone,
// the same data read or written with hand-written SQL, the same bearer token checked, the same
// JSON fields answered. No framework, no ORM, no SLA maths. Environment: DATABASE_URL, PORT,
// JWT_SECRET. Prints "ready" when listening.
'use strict';
const { createHash, createHmac, randomUUID, timingSafeEqual } = require('node:crypto');
const http = require('node:http');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const secret = Buffer.from(process.env.JWT_SECRET, 'utf8');

/** The HS256 token's subject, or null when its signature or expiry does not hold. */
function subjectOf(header) {
  const token = (header ?? '').replace(/^Bearer /, '');
  const [head, body, signature] = token.split('.');
  if (!signature) return null;
  const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  return claims.exp * 1000 > Date.now() ? claims.sub : null;
}

const USER_SQL = 'SELECT id, username, role, holder_nip, agencies, active FROM app_user WHERE id = $1';

const STEPS_JSON = `coalesce((SELECT json_agg(json_build_object(
    'step', s.step, 'round', s.round, 'performerRole', s.performer_role, 'actorId', s.actor_id,
    'startedAt', s.started_at, 'endedAt', s.ended_at, 'outcome', s.outcome,
    'standard', json_build_object('duration', s.standard_duration, 'basis', s.standard_basis),
    'deadlineAt', s.deadline_at, 'atRiskAt', s.at_risk_at, 'missingItems', s.missing_items,
    'correctionReason', s.correction_reason) ORDER BY s.started_at, s.step)
  FROM step_instance s WHERE s.renewal_id = r.id), '[]')`;

const RENEWAL_SQL = `
  SELECT json_build_object(
    'id', r.id, 'version', r.version, 'status', r.status, 'round', r.round, 'agency', a.name,
    'openedAt', r.opened_at, 'closedAt', r.closed_at,
    'holder', json_build_object('nip', h.nip, 'name', h.name, 'email', h.email),
    'certificateSerial', r.certificate_serial, 'currentExpiry', r.current_expiry,
    'sop', json_build_object('code', sop.code, 'version', v.version, 'number', v.number),
    'openedBy', r.opened_by, 'amsReference', r.ams_reference, 'passphraseSetAt', r.passphrase_set_at,
    'passphraseSetBy', r.passphrase_set_by, 'informedChannel', r.informed_channel,
    'newValidFrom', r.new_valid_from, 'newValidUntil', r.new_valid_until, 'cancelReason', r.cancel_reason,
    'checklist', v.checklist,
    'documents', coalesce((SELECT json_agg(json_build_object(
        'id', d.id, 'item', d.item, 'round', d.round, 'name', d.name, 'mediaType', d.media_type,
        'size', d.size, 'sha256', d.sha256, 'uploadedBy', d.uploaded_by, 'uploadedAt', d.uploaded_at)
        ORDER BY d.uploaded_at, d.id) FROM supporting_document d WHERE d.renewal_id = r.id), '[]'),
    'timeline', ${STEPS_JSON})::text AS view
  FROM renewal r JOIN holder h ON h.id = r.holder_id JOIN agency a ON a.id = r.agency_id
  JOIN sop_version v ON v.id = r.sop_version_id JOIN sop ON sop.id = v.sop_id
  WHERE r.id = $1`;

const PAGE_SQL = `
  WITH page AS (
    SELECT r.*, count(*) OVER () AS total FROM renewal r
     WHERE r.agency_id IN (SELECT id FROM agency WHERE name = ANY($3))
     ORDER BY r.opened_at DESC, r.id LIMIT $1 OFFSET $2)
  SELECT coalesce(max(total), 0) AS total, coalesce(json_agg(json_build_object(
    'id', p.id, 'version', p.version, 'status', p.status, 'round', p.round, 'agency', a.name,
    'openedAt', p.opened_at, 'closedAt', p.closed_at, 'holder', json_build_object('nip', h.nip, 'name', h.name),
    'steps', (SELECT json_agg(json_build_object('step', s.step, 'round', s.round, 'startedAt', s.started_at,
       'endedAt', s.ended_at, 'deadlineAt', s.deadline_at, 'atRiskAt', s.at_risk_at) ORDER BY s.started_at, s.step)
       FROM step_instance s WHERE s.renewal_id = p.id))
    ORDER BY p.opened_at DESC, p.id), '[]')::text AS items
  FROM page p JOIN holder h ON h.id = p.holder_id JOIN agency a ON a.id = p.agency_id`;

/** The audit event's hash over its canonical JSON (keys sorted), chained to the head. */
function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .filter((k) => value[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
    .join(',')}}`;
}

async function open(user, input) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      'INSERT INTO agency (id, name, created_at) VALUES (gen_random_uuid(), $1, now()) ON CONFLICT (name) DO NOTHING',
      [input.agency],
    );
    const {
      rows: [holder],
    } = await client.query(
      `INSERT INTO holder (id, nip, name, email, agency_id, certificate_serial, certificate_expires_on, created_at, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, (SELECT id FROM agency WHERE name = $4), $5, $6, now(), now())
       ON CONFLICT (nip) DO UPDATE SET name = excluded.name, email = excluded.email, agency_id = excluded.agency_id,
         certificate_serial = excluded.certificate_serial, certificate_expires_on = excluded.certificate_expires_on,
         updated_at = now()
       RETURNING id, agency_id`,
      [input.nip, input.name, input.email, input.agency, input.certificateSerial, input.currentExpiry],
    );
    const {
      rows: [version],
    } = await client.query(
      `SELECT v.id, v.version, st.duration FROM sop_version v JOIN sop ON sop.id = v.sop_id
         JOIN sop_step st ON st.sop_version_id = v.id AND st.number = 1
        WHERE sop.code = 'pembaruan-sertifikat-elektronik' AND v.effective_on <= current_date
        ORDER BY v.effective_on DESC, v.version DESC LIMIT 1`,
    );
    const id = randomUUID();
    const now = new Date();
    const deadline = new Date(now.getTime() + 300_000);
    await client.query(
      `INSERT INTO renewal (id, holder_id, agency_id, sop_version_id, certificate_serial, current_expiry, status, round,
                            version, opened_at, opened_by)
       VALUES ($1, $2, $3, $4, $5, $6, 'step1', 1, 1, $7, $8)`,
      [
        id,
        holder.id,
        holder.agency_id,
        version.id,
        input.certificateSerial,
        input.currentExpiry,
        now,
        user.username,
      ],
    );
    await client.query(
      `INSERT INTO step_instance (id, renewal_id, renewal_opened_at, agency_id, sop_version_id, step, round,
                                  performer_role, started_at, standard_duration, standard_ms, standard_basis,
                                  deadline_at, at_risk_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 1, 1, 'VERIFIKATOR', $2, $5, 300000, 'calendar', $6, $7)`,
      [id, now, holder.agency_id, version.id, version.duration, deadline, new Date(now.getTime() + 240_000)],
    );
    await client.query('SELECT pg_advisory_xact_lock(1635083369)');
    const {
      rows: [head],
    } = await client.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
    const content = {
      seq: Number(head?.seq ?? 0) + 1,
      occurredAt: now.toISOString(),
      actorId: user.username,
      actorRole: user.role,
      action: 'renewal.opened',
      entityType: 'renewal',
      entityId: id,
      before: null,
      after: { status: 'step1', version: 1, round: 1, ...input },
      requestId: null,
      clientIp: null,
    };
    const prev = head?.hash ?? '0'.repeat(64);
    const text = canonical(content);
    const hash = createHash('sha256').update(prev).update(text).digest('hex');
    // The event's content is its canonical JSON, the bytes its hash covers (as Mutu stores it).
    await client.query('INSERT INTO audit_event (seq, prev_hash, hash, canonical) VALUES ($1, $2, $3, $4)', [
      content.seq,
      prev,
      hash,
      text,
    ]);
    const {
      rows: [view],
    } = await client.query(RENEWAL_SQL, [id]);
    await client.query('COMMIT');
    return view.view;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}

async function handle(req, res) {
  const subject = subjectOf(req.headers.authorization);
  if (!subject) return send(res, 401, '{"message":"unauthenticated"}');
  const {
    rows: [user],
  } = await pool.query(USER_SQL, [subject]);
  if (!user?.active) return send(res, 401, '{"message":"inactive"}');
  const url = new URL(req.url, 'http://bare');
  const one = /^\/renewals\/([0-9a-f-]{36})$/.exec(url.pathname);
  if (req.method === 'GET' && one) {
    const { rows } = await pool.query(RENEWAL_SQL, [one[1]]);
    const view = rows[0]?.view;
    // The verifier's scope: renewals of the agencies they verify for.
    const inScope = view && user.agencies.includes(JSON.parse(view).agency);
    return inScope ? send(res, 200, view) : send(res, 404, '{"message":"not found"}');
  }
  if (req.method === 'GET' && url.pathname === '/renewals') {
    const page = Number(url.searchParams.get('page') ?? 1);
    const size = Number(url.searchParams.get('pageSize') ?? 20);
    const {
      rows: [result],
    } = await pool.query(PAGE_SQL, [size, (page - 1) * size, user.agencies]);
    return send(
      res,
      200,
      `{"items":${result.items},"total":${result.total},"page":${page},"pageSize":${size}}`,
    );
  }
  if (req.method === 'POST' && url.pathname === '/renewals') {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return send(res, 201, await open(user, JSON.parse(Buffer.concat(chunks).toString('utf8'))));
  }
  return send(res, 404, '{"message":"no route"}');
}

http
  .createServer((req, res) => {
    handle(req, res).catch((error) => send(res, 500, JSON.stringify({ message: String(error) })));
  })
  .listen(Number(process.env.PORT), '127.0.0.1', () => console.log('ready'));
