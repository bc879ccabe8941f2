import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { TimeBasis } from '@mutu/domain';
import {
  bind,
  type ComplianceScope,
  SCOPE_FILTER,
  scopeFilterParams,
  scopeOn,
} from './compliance.repository';
import { AUDIT_OCCURRED_AT_SQL, auditFieldSql } from './audit-event.sql';
import { breachedSql, elapsedMsSql, endedStatusSql, overrunMsSql } from './step-sla.sql';

/**
 * Times leave PostgreSQL as the office's wall clock, in whole ms since the epoch read as UTC
 * (truncated, as a Date keeps them): a spreadsheet has no time zones, and converting a million
 * instants in SQL is far cheaper than asking Intl for each one's offset. Exact, in integers: µs
 * as bigint, divided, then float8, where numeric ms cast to float8 went through text
 * (EXPLAIN ANALYZE over 1M step rows: 345 → 225 ms per column).
 */
const wall = (column: string, zone = '?') =>
  `((extract(epoch FROM ${column} AT TIME ZONE ${zone}) * 1000000)::bigint / 1000)::float8`;

/** ms (bigint) as minutes, in float8 arithmetic rather than numeric (1M rows: 170 → 60 ms per column). */
const minutes = (ms: string) => `(${ms})::float8 / 60000`;

export interface SopVersionInScopeRow {
  version: number;
  number: string;
  name: string;
  effective_on: string;
}

export interface RenewalExportRow {
  id: string;
  holder_name: string;
  nip: string;
  agency: string;
  status: string;
  round: number;
  opened_wall_ms: number;
  closed_wall_ms: number | null;
  lead_hours: number | null;
}

export type StepSlaOutcome = 'met' | 'breached' | 'no_standard' | 'running';

export interface StepExportRow {
  renewal_id: string;
  /** Breach rows only (`steps(…, true)`): the full export leaves them to the renewals sheet. */
  holder_name?: string;
  agency?: string;
  round: number;
  step: number;
  performer_role: string;
  actor_id: string | null;
  started_wall_ms: number;
  ended_wall_ms: number | null;
  standard_duration: string | null;
  standard_basis: TimeBasis;
  /** Time taken in the standard's basis, as stored when the step ended; null while running. */
  duration_minutes: number | null;
  sla: StepSlaOutcome;
  /** Past the deadline in the standard's basis: stored for ended steps, null for running ones (see `running`). */
  overrun_minutes: number | null;
  corrected: boolean;
  /** A running step past its deadline: what the domain needs to measure its overrun now; else null. */
  running_breach: {
    started_at: string;
    standard_ms: number;
    standard_basis: string;
    deadline_at: string;
  } | null;
  /** 'BSRE' when a verifier recorded BSrE's verdict on BSrE's information. */
  recorded_for: string | null;
}

export interface DocumentExportRow {
  renewal_id: string;
  round: number;
  item: string;
  name: string;
  media_type: string;
  size: number;
  sha256: string;
  uploaded_wall_ms: number;
  uploaded_by: string;
}

export interface AuditExportRow {
  seq: number;
  occurred_wall_ms: number;
  actor_id: string;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  request_id: string | null;
  /** The event's data (its `after`, else its `before` JSON), for a readable summary and the raw column. */
  payload: Record<string, unknown> | null;
}

/** Rows of each sheet of the workbook, counted in the same snapshot as the sheets are read. */
export interface ComplianceExportCounts {
  renewals: number;
  steps: number;
  breaches: number;
  documents: number;
  auditEvents: number;
}

const SCOPED_FROM = `renewal r JOIN agency a ON a.id = r.agency_id JOIN sop_version v ON v.id = r.sop_version_id`;

/**
 * Audit events of the period; with an agency, only those about its renewals. Read from each
 * event's canonical JSON (its only content). Params: `auditScopeParams`.
 */
const AUDIT_IN_SCOPE = `${AUDIT_OCCURRED_AT_SQL} >= ? AND ${AUDIT_OCCURRED_AT_SQL} < ?
          AND (?::text IS NULL OR (${auditFieldSql('entityType')} = 'renewal' AND EXISTS (
                SELECT 1 FROM renewal r JOIN agency a ON a.id = r.agency_id
                 WHERE r.id::text = ${auditFieldSql('entityId')} AND a.name = ?)))`;

function auditScopeParams(scope: ComplianceScope): unknown[] {
  const agency = scope.agency ?? null;
  return [scope.from.toISOString(), scope.before.toISOString(), agency, agency];
}

/** A statement's text and its parameters, as `bind` gives them. */
type Query = [string, unknown[]];

/** The renewals sheet: the scope's renewals with holder and agency, in opening order. */
function renewalsQuery(scope: ComplianceScope): Query {
  return [
    `SELECT r.id, h.name AS holder_name, h.nip, a.name AS agency, r.status, r.round,
            ${wall('r.opened_at')} AS opened_wall_ms, ${wall('r.closed_at')} AS closed_wall_ms,
            (extract(epoch FROM r.closed_at - r.opened_at) / 3600)::float8 AS lead_hours
       FROM ${SCOPED_FROM} JOIN holder h ON h.id = r.holder_id
      WHERE ${SCOPE_FILTER} ORDER BY r.opened_at, r.id`,
    [scope.timeZone, scope.timeZone, ...scopeFilterParams(scope)],
  ];
}

/** The documents sheet: what was uploaded for the scope's renewals, renewal by renewal. */
function documentsQuery(scope: ComplianceScope): Query {
  return [
    `SELECT d.renewal_id, d.round, d.item, d.name, d.media_type, d.size, d.sha256,
            ${wall('d.uploaded_at')} AS uploaded_wall_ms, d.uploaded_by
       FROM ${SCOPED_FROM} JOIN supporting_document d ON d.renewal_id = r.id
      WHERE ${SCOPE_FILTER} ORDER BY r.opened_at, r.id, d.uploaded_at, d.id`,
    [scope.timeZone, ...scopeFilterParams(scope)],
  ];
}

/**
 * The audit sheet: the audit events that happened in the period. With an agency, only events
 * about that agency's renewals: the rest of the trail (accounts, SOPs, holidays) belongs to no agency.
 */
function auditEventsQuery(scope: ComplianceScope): Query {
  return [
    `SELECT e.seq::float8 AS seq, ${wall(`(c ->> 'occurredAt')::timestamptz`)} AS occurred_wall_ms,
            c ->> 'actorId' AS actor_id, c ->> 'actorRole' AS actor_role, c ->> 'action' AS action,
            c ->> 'entityType' AS entity_type, c ->> 'entityId' AS entity_id, c ->> 'requestId' AS request_id,
            coalesce(nullif(c -> 'after', 'null'), nullif(c -> 'before', 'null')) AS payload
       FROM audit_event e CROSS JOIN LATERAL (SELECT e.canonical::jsonb AS c) j
      WHERE ${AUDIT_IN_SCOPE}
      ORDER BY e.seq`,
    [scope.timeZone, ...auditScopeParams(scope)],
  ];
}

/** The workbook's sheets read from the database, in batches (ComplianceExportRepository.sheets). */
export interface WorkbookSheetRows {
  readonly renewals: AsyncIterable<RenewalExportRow[]>;
  readonly steps: AsyncIterable<StepExportRow[]>;
  readonly breaches: AsyncIterable<StepExportRow[]>;
  readonly documents: AsyncIterable<DocumentExportRow[]>;
  readonly auditEvents: AsyncIterable<AuditExportRow[]>;
}

/**
 * The rows behind the compliance workbook, in batches from server-side cursors: a year of a
 * large deployment is a million step rows, which must never be held at once. Call inside one
 * transaction (cursors live as long as it), a read-only snapshot: TransactionRunner.snapshot, or
 * a part of snapshotParts.
 */
@Injectable()
export class ComplianceExportRepository {
  private cursors = 0;

  constructor(private readonly em: EntityManager) {}

  /**
   * The SOP versions the scope's renewals were opened under, oldest first. Asked of each version
   * (a handful) whether it has one: the first found ends its look, where collecting the versions
   * of every renewal of a month cost 15 ms of 21,000 (EXPLAIN ANALYZE, the bench's 1M year).
   */
  sopVersions(scope: ComplianceScope): Promise<SopVersionInScopeRow[]> {
    return this.em.execute<SopVersionInScopeRow[]>(
      ...bind(
        `SELECT v.version, v.number, v.name, v.effective_on::text AS effective_on
           FROM sop_version v
          WHERE ($version::int IS NULL OR v.version = $version)
            AND EXISTS (SELECT 1 FROM renewal r WHERE r.sop_version_id = v.id AND ${scopeOn('r', 'opened_at')})
          ORDER BY v.version`,
        {
          from: scope.from,
          before: scope.before,
          agency: scope.agency ?? null,
          version: scope.sopVersion ?? null,
        },
      ),
    );
  }

  /**
   * Every sheet's rows of the workbook but the summary, each from a cursor declared now, in the
   * order the sheets are written; resolves once the first batch of each is read (rejects with
   * the first failure): PostgreSQL reads the start of every sheet (the breaches sorted, ~0.3 s of
   * a 1M-step year) while the summary's figures are computed on other connections, where asking
   * as each sheet began left the workbook process waiting for it (CPU profile of the workbook
   * process, side-by-side bench's year). Steps as stepsQuery reads them. Call inside the
   * export's transaction.
   */
  async sheets(scope: ComplianceScope, batchSize: number): Promise<WorkbookSheetRows> {
    const cursors = await this.declare([
      renewalsQuery(scope),
      this.stepsQuery(scope, false),
      this.stepsQuery(scope, true),
      documentsQuery(scope),
      auditEventsQuery(scope),
    ]);
    // All first batches asked for at once; the first to fail is the cause (the others then only
    // find the transaction aborted), and the caller gets that error now, not at its sheet.
    const [renewals, steps, breaches, documents, auditEvents] = await Promise.all([
      this.read<RenewalExportRow>(cursors[0], batchSize),
      this.read<StepExportRow>(cursors[1], batchSize),
      this.read<StepExportRow>(cursors[2], batchSize),
      this.read<DocumentExportRow>(cursors[3], batchSize),
      this.read<AuditExportRow>(cursors[4], batchSize),
    ]);
    return { renewals, steps, breaches, documents, auditEvents };
  }

  /**
   * The first `limit` step rows of the workbook (the PDF's breach list) (the PDF's breach list): one statement that PostgreSQL can
   * answer by walking renewals in opening order and stopping there, where a cursor's plan sorts
   * the whole period first (EXPLAIN ANALYZE, a month of a 200k-step year: 174 → 18 ms).
   */
  async firstSteps(scope: ComplianceScope, limit: number, breachesOnly = false): Promise<StepExportRow[]> {
    const [sql, params] = this.stepsQuery(scope, breachesOnly);
    return this.em.execute<StepExportRow[]>(`${sql} LIMIT ?`, [...params, limit]);
  }

  /**
   * The workbook's step rows, all or the breaches only, judged as ComplianceRepository counts
   * breaches: a running step past its deadline is one. Holder and agency come with breach rows
   * only: a million extra strings in the full export cost the workbook process memory it has
   * little of to spare (side-by-side bench, Excel row).
   * Read from the steps' own copy of their renewal's scope (opened at, agency, SOP version), in
   * the order of the index on renewal_opened_at: PostgreSQL streams the rows as the cursor asks
   * for them, where joining the renewals first made it sort the whole period before the first
   * batch (1.2 s of 200k step rows, EXPLAIN ANALYZE), a wait no prefetch can hide.
   */
  private stepsQuery(scope: ComplianceScope, breachesOnly: boolean): Query {
    const measure = scope.measure ?? 'measured';
    const late = breachedSql('s.', '$now::timestamptz', measure);
    return bind(
      `SELECT s.renewal_id, ${breachesOnly ? 'h.name AS holder_name, a.name AS agency,' : ''}
              s.round, s.step, s.performer_role, s.actor_id,
              ${wall('s.started_at', '$tz')} AS started_wall_ms, ${wall('s.ended_at', '$tz')} AS ended_wall_ms,
              s.standard_duration, s.standard_basis,
              ${minutes(elapsedMsSql('s.', measure))} AS duration_minutes,
              CASE WHEN ${late} THEN 'breached' ELSE coalesce(${endedStatusSql('s.', measure)}, 'running') END AS sla,
              ${minutes(overrunMsSql('s.', measure))} AS overrun_minutes,
              s.correction_reason IS NOT NULL AS corrected,
              CASE WHEN s.ended_at IS NULL AND s.deadline_at < $now::timestamptz
                   THEN json_build_object('started_at', s.started_at, 'standard_ms', s.standard_ms::float8,
                                          'standard_basis', s.standard_basis, 'deadline_at', s.deadline_at) END
                AS running_breach,
              s.recorded_for
         FROM step_instance s
         ${breachesOnly ? 'JOIN renewal r ON r.id = s.renewal_id JOIN holder h ON h.id = r.holder_id JOIN agency a ON a.id = s.agency_id' : ''}
        WHERE ${scopeOn('s', 'renewal_opened_at')} ${breachesOnly ? `AND ${late}` : ''}
        ORDER BY s.renewal_opened_at, s.renewal_id, s.round, s.step`,
      {
        tz: scope.timeZone,
        now: scope.now,
        from: scope.from,
        before: scope.before,
        agency: scope.agency ?? null,
        version: scope.sopVersion ?? null,
      },
    );
  }

  /**
   * How many rows the documents and audit sheets will have, read in the export's snapshot, so a
   * progress bar knows its end before the first row.
   * The other sheets' rows are the figures' counts (renewals opened, step instances, breaches),
   * which the export computes anyway: counting a million step rows twice more would cost a
   * second or two of the export.
   */
  async sideRowCounts(
    scope: ComplianceScope,
  ): Promise<Pick<ComplianceExportCounts, 'documents' | 'auditEvents'>> {
    const [row] = await this.em.execute<Pick<ComplianceExportCounts, 'documents' | 'auditEvents'>[]>(
      `SELECT (SELECT count(*) FROM ${SCOPED_FROM} JOIN supporting_document d ON d.renewal_id = r.id
                WHERE ${SCOPE_FILTER})::int AS documents,
              (SELECT count(*) FROM audit_event e WHERE ${AUDIT_IN_SCOPE})::int AS "auditEvents"`,
      [...scopeFilterParams(scope), ...auditScopeParams(scope)],
    );
    return row;
  }

  /**
   * Declares a cursor for each statement, in order, in the caller's transaction; resolves to
   * their names. Each is planned for all its rows, not PostgreSQL's default first tenth: the
   * steps still stream in index order (index scan, incremental sort), and the breaches come from
   * the partial indexes of breached and running steps, sorted, where the first-rows plan walked
   * every step of the period to find them (200k steps: 270 → 85 ms of PostgreSQL). The
   * transaction's setting is put back once they are declared (planned).
   */
  private async declare(queries: readonly Query[]): Promise<string[]> {
    const [{ previous }] = await this.em.execute<{ previous: string }[]>(
      `SELECT current_setting('cursor_tuple_fraction') AS previous, set_config('cursor_tuple_fraction', '1', true)`,
    );
    const names: string[] = [];
    for (const [sql, params] of queries) {
      const cursor = `compliance_export_${++this.cursors}`;
      await this.em.execute(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}`, params);
      names.push(cursor);
    }
    await this.em.execute(`SELECT set_config('cursor_tuple_fraction', ?, true)`, [previous]);
    return names;
  }

  /**
   * A declared cursor's rows a batch at a time; resolves once the first batch is read (rejects
   * with its error). Each next batch is asked for before this one is handed over, so PostgreSQL
   * reads it while the caller writes this one (the wait on PostgreSQL was a third of the export's
   * time, test/bench/side-by-side.bench.ts); at most two batches are held. Closes the cursor once
   * read, or once the caller stops early; one never read from is left to the transaction's end.
   *
   * Each FETCH is read through MikroORM's `stream` (pg-cursor), not `em.execute`: the rows of
   * pg's own promise API (`client.query` without a callback, which execute uses) outlive their
   * batch in V8's young generation, so nearly every row read was promoted to the old one, then
   * left to full collections: the workbook process's largest cost beyond exceljs's own
   * (`--trace-gc-nvp`, the 200k steps read and dropped by pg alone: 59 MB promoted, by
   * pg-cursor 1.6 MB; the workbook process reading its sheets without writing them: 105 → 26 MB).
   * One FETCH per portal, never the whole statement as one: that would be one statement for as
   * long as the sheet takes to write, past `statement_timeout` at a million rows.
   */
  private async read<T>(cursor: string, batchSize: number): Promise<AsyncIterable<T[]>> {
    const em = this.em;
    const fetch = async (): Promise<T[]> => {
      const rows: T[] = [];
      // One more than a batch per read: the FETCH's end comes with its rows, not in a second read.
      const read = em
        .getConnection()
        .stream<T & object>(
          `FETCH FORWARD ${batchSize} FROM ${cursor}`,
          [],
          em.getTransactionContext(),
          undefined,
          batchSize + 1,
        );
      for await (const row of read) rows.push(row);
      return rows;
    };
    const first = await fetch();
    return (async function* () {
      let next: Promise<T[]> | null = null;
      try {
        for (let rows = first; rows.length; next = null) {
          next = fetch();
          yield rows;
          rows = await next;
        }
      } finally {
        // A caller that stops early (a failed write) leaves one batch in flight, and the cursor open
        // until the transaction ends: closed here, unless the transaction has failed already.
        await next?.catch(() => undefined);
        await em.execute(`CLOSE ${cursor}`).catch(() => undefined);
      }
    })();
  }
}
