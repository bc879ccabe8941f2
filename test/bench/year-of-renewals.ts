import { Client } from 'pg';

export const RENEWALS = 250_000; // four steps each: one million step rows

/**
 * A year of renewals over 12 agencies, four steps each, generated inside PostgreSQL. Steps 1,
 * 2 and 4 take up to `maxStepMinutes`, so the share of late 5-minute steps follows from it.
 */
export function fillYearOfRenewals(url: string, maxStepMinutes: number): Promise<void> {
  return fillRenewals(url, {
    count: RENEWALS,
    firstOpenedAt: '2025-11-01 00:00+07',
    spacingSeconds: 120,
    maxStepMinutes,
  });
}

export interface RenewalFill {
  readonly count: number;
  /** timestamptz literal of the first renewal's opening. */
  readonly firstOpenedAt: string;
  /** Seconds between two openings. */
  readonly spacingSeconds: number;
  readonly maxStepMinutes: number;
}

/** `count` renewals opened every `spacingSeconds` from `firstOpenedAt`, as fillYearOfRenewals describes. */
export async function fillRenewals(
  url: string,
  { count, firstOpenedAt, spacingSeconds, maxStepMinutes }: RenewalFill,
): Promise<void> {
  const opened = `timestamptz '${firstOpenedAt}' + (g * interval '${spacingSeconds} seconds')`;
  const db = new Client({ connectionString: url });
  await db.connect();
  await db.query(`
    INSERT INTO agency (id, name, created_at)
      SELECT gen_random_uuid(), 'OPD ' || g, now() FROM generate_series(1, 12) g;
    INSERT INTO holder (id, nip, name, email, agency_id, created_at, updated_at)
      SELECT gen_random_uuid(), lpad(g::text, 18, '0'), 'Pemegang ' || g, 'p' || g || '@merantikab.go.id',
             (SELECT id FROM agency ORDER BY name OFFSET (g % 12) LIMIT 1), now(), now()
        FROM generate_series(1, 20000) g;
    CREATE TEMP TABLE h AS SELECT id, agency_id, row_number() OVER () AS n FROM holder;
    INSERT INTO renewal (id, holder_id, agency_id, sop_version_id, certificate_serial, current_expiry, status, round, version,
                         opened_at, opened_by, closed_at, lead_ms)
      SELECT gen_random_uuid(), h.id, h.agency_id, (SELECT id FROM sop_version LIMIT 1), 'S-' || g, '2027-01-01',
             CASE WHEN g % 50 = 0 THEN 'step3' ELSE 'completed' END, 1 + (g % 7 = 0)::int, 5,
             ${opened}, 'bench',
             CASE WHEN g % 50 = 0 THEN NULL ELSE ${opened} + interval '3 days' END,
             CASE WHEN g % 50 = 0 THEN NULL ELSE 3 * 86400000 END
        FROM generate_series(1, ${count}) g JOIN h ON h.n = 1 + g % 20000
       -- In opening order, as a live office writes them: unordered, the join scattered a month's
       -- renewals and steps over half the table (correlation 0.02), which no real history has.
       ORDER BY g;
    -- Each ended step carries its measurement and time held, as the domain stores them when a
    -- step ends (a closed renewal its lead time); on the calendar basis (all of these) elapsed,
    -- overrun and held are plain differences of the instants.
    INSERT INTO step_instance (id, renewal_id, renewal_opened_at, agency_id, sop_version_id, step, round,
                               performer_role, actor_id, started_at, ended_at, outcome,
                               standard_duration, standard_ms, standard_basis, deadline_at, at_risk_at,
                               sla_status, sla_elapsed_ms, sla_overrun_ms, measured_at, held_ms)
      SELECT gen_random_uuid(), r.id, r.opened_at, r.agency_id, r.sop_version_id, s, 1, CASE s WHEN 3 THEN 'BSRE' WHEN 4 THEN 'PENGGUNA' ELSE 'VERIFIKATOR' END, 'bench',
             t.started_at, t.ended_at,
             'done', CASE s WHEN 3 THEN NULL WHEN 4 THEN 'P7D' ELSE 'PT5M' END,
             CASE s WHEN 3 THEN NULL WHEN 4 THEN 604800000 ELSE 300000 END, 'calendar',
             t.deadline_at,
             CASE s WHEN 3 THEN NULL ELSE t.started_at + CASE s WHEN 4 THEN interval '134 hours' ELSE interval '4 minutes' END END,
             CASE WHEN t.ended_at IS NULL THEN NULL WHEN t.deadline_at IS NULL THEN 'no_standard'
                  WHEN t.ended_at > t.deadline_at THEN 'breached' ELSE 'met' END,
             (extract(epoch FROM t.ended_at - t.started_at) * 1000)::bigint,
             CASE WHEN t.deadline_at IS NOT NULL
                  THEN (greatest(0, extract(epoch FROM t.ended_at - t.deadline_at)) * 1000)::bigint END,
             t.ended_at,
             (extract(epoch FROM t.ended_at - t.started_at) * 1000)::bigint
        FROM renewal r CROSS JOIN generate_series(1, 4) s
        CROSS JOIN LATERAL (SELECT r.opened_at + (s - 1) * interval '1 hour' AS started_at) b
        CROSS JOIN LATERAL (
          SELECT b.started_at,
                 CASE WHEN r.closed_at IS NULL AND s = 3 THEN NULL
                      ELSE b.started_at + ((random() * ${maxStepMinutes})::int) * interval '1 minute' END AS ended_at,
                 CASE s WHEN 3 THEN NULL
                        ELSE b.started_at + CASE s WHEN 4 THEN interval '7 days' ELSE interval '5 minutes' END END AS deadline_at
        ) t
       ORDER BY r.opened_at, s;
  `);
  // What autovacuum does to a live server's tables (this machine's CI server runs without it):
  // statistics, and the visibility map that lets index-only scans skip the table's pages.
  await db.query('VACUUM (ANALYZE)');
  await db.end();
}
