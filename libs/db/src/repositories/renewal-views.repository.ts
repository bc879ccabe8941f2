import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ChecklistItem } from '@mutu/domain';
import { ChangeFeed, type KeptEntries } from '../change-feed';
import type { StepInstance, SupportingDocument } from '../entities/renewal.entity';
import { CALENDAR_REVISION_SQL } from './office-hours.repository';
import { atRiskNowSql, breachedSql } from './step-sla.sql';

export interface RenewalFilter {
  readonly status?: string;
  readonly agency?: string;
  readonly openedFrom?: Date;
  readonly openedBefore?: Date;
  /** Only renewals with a step past its standard (ended late, or running past it at `now`). */
  readonly breachedAt?: Date;
  /** Only renewals whose running step is at risk at this instant (not yet breached). */
  readonly atRiskAt?: Date;
  /** Scope: only these holders' NIPs / these agencies' renewals, when set. */
  readonly holderNip?: string;
  readonly agencies?: readonly string[];
  /** A NIP (or its start) or part of the holder's name, case-insensitive. */
  readonly search?: string;
  /**
   * time_left: the running step's stored deadline first (nearest first; no deadline, e.g.
   * step 3 or a closed renewal, last); oldest / newest: by opening time. Default newest.
   */
  readonly order?: RenewalOrder;
}

export const RENEWAL_ORDERS = ['time_left', 'oldest', 'newest'] as const;
export type RenewalOrder = (typeof RENEWAL_ORDERS)[number];

/** A step instance's stored columns, as the views and the domain read them. */
export type StoredStep = Pick<
  StepInstance,
  | 'step'
  | 'round'
  | 'performerRole'
  | 'actorId'
  | 'startedAt'
  | 'endedAt'
  | 'outcome'
  | 'standardDuration'
  | 'standardMs'
  | 'standardBasis'
  | 'deadlineAt'
  | 'atRiskAt'
  | 'missingItems'
  | 'correctionReason'
  | 'recordedFor'
  | 'slaStatus'
  | 'slaElapsedMs'
  | 'slaOverrunMs'
>;

/** A supporting document's metadata, as the views show it. */
export type StoredDocument = Pick<
  SupportingDocument,
  'id' | 'item' | 'round' | 'name' | 'mediaType' | 'size' | 'sha256' | 'uploadedBy' | 'uploadedAt'
>;

/** What a list line of a renewal is made of: its header, holder and steps (by start). */
export interface RenewalListRecord {
  readonly id: string;
  readonly version: number;
  readonly status: string;
  readonly round: number;
  readonly agency: string;
  readonly openedAt: Date;
  readonly closedAt: Date | null;
  readonly holder: { readonly nip: string; readonly name: string; readonly email: string };
  readonly steps: readonly StoredStep[];
}

/** Everything the view of one renewal shows: the list line's fields and the rest of the record. */
export interface RenewalRecord extends RenewalListRecord {
  readonly certificateSerial: string;
  readonly currentExpiry: string;
  readonly sop: { readonly code: string; readonly version: number; readonly number: string };
  /** The checklist of the renewal's SOP version. */
  readonly checklist: readonly ChecklistItem[];
  readonly openedBy: string;
  readonly amsReference: string | null;
  readonly passphraseSetAt: Date | null;
  readonly passphraseSetBy: string | null;
  readonly informedChannel: string | null;
  readonly newValidFrom: string | null;
  readonly newValidUntil: string | null;
  readonly cancelReason: string | null;
  /** By upload time. */
  readonly documents: readonly StoredDocument[];
}

/** Step instance row `s` as JSON keyed as StoredStep. */
export const stepJson = (s: string) => `json_build_object(
    'step', ${s}.step, 'round', ${s}.round, 'performerRole', ${s}.performer_role, 'actorId', ${s}.actor_id,
    'startedAt', ${s}.started_at, 'endedAt', ${s}.ended_at, 'outcome', ${s}.outcome,
    'standardDuration', ${s}.standard_duration, 'standardMs', ${s}.standard_ms, 'standardBasis', ${s}.standard_basis,
    'deadlineAt', ${s}.deadline_at, 'atRiskAt', ${s}.at_risk_at, 'missingItems', ${s}.missing_items,
    'correctionReason', ${s}.correction_reason, 'recordedFor', ${s}.recorded_for, 'slaStatus', ${s}.sla_status,
    'slaElapsedMs', ${s}.sla_elapsed_ms, 'slaOverrunMs', ${s}.sla_overrun_ms)`;

/** The steps of renewal `r` as JSON, by start (then step number). */
const STEPS_JSON = `coalesce((SELECT json_agg(${stepJson('s')} ORDER BY s.started_at, s.step)
  FROM step_instance s WHERE s.renewal_id = r.id), '[]')`;

/** The list line's fields of renewal `r` with holder `h` and agency `a`, as JSON keyed as RenewalListRecord. */
const LIST_FIELDS = `'id', r.id, 'version', r.version, 'status', r.status, 'round', r.round, 'agency', a.name,
    'openedAt', r.opened_at, 'closedAt', r.closed_at,
    'holder', json_build_object('nip', h.nip, 'name', h.name, 'email', h.email),
    'steps', ${STEPS_JSON}`;

const RENEWAL_SQL = `
  SELECT json_build_object(${LIST_FIELDS},
    'certificateSerial', r.certificate_serial, 'currentExpiry', r.current_expiry,
    'sop', json_build_object('code', sop.code, 'version', v.version, 'number', v.number),
    'checklist', v.checklist, 'openedBy', r.opened_by, 'amsReference', r.ams_reference,
    'passphraseSetAt', r.passphrase_set_at, 'passphraseSetBy', r.passphrase_set_by,
    'informedChannel', r.informed_channel, 'newValidFrom', r.new_valid_from,
    'newValidUntil', r.new_valid_until, 'cancelReason', r.cancel_reason,
    'documents', coalesce((SELECT json_agg(json_build_object(
        'id', d.id, 'item', d.item, 'round', d.round, 'name', d.name, 'mediaType', d.media_type,
        'size', d.size, 'sha256', d.sha256, 'uploadedBy', d.uploaded_by, 'uploadedAt', d.uploaded_at)
        ORDER BY d.uploaded_at, d.id) FROM supporting_document d WHERE d.renewal_id = r.id), '[]')
  ) AS record, ${CALENDAR_REVISION_SQL} AS "calendarRevision"
  FROM renewal r JOIN holder h ON h.id = r.holder_id JOIN agency a ON a.id = r.agency_id
  JOIN sop_version v ON v.id = r.sop_version_id JOIN sop ON sop.id = v.sop_id
  WHERE r.id = ?`;

/** The running step's deadline as stored when it started: the time_left order's key. */
const RUNNING_DEADLINE =
  '(SELECT s.deadline_at FROM step_instance s WHERE s.renewal_id = r.id AND s.ended_at IS NULL LIMIT 1)';

/** The orders of RenewalFilter over the columns id, opened_at and running_deadline of `t`. */
const ORDER_BY = {
  newest: (t: string) => `${t}.opened_at DESC, ${t}.id`,
  oldest: (t: string) => `${t}.opened_at, ${t}.id`,
  time_left: (t: string) => `${t}.running_deadline NULLS LAST, ${t}.opened_at, ${t}.id`,
} as const;

/** JSON gives instants as text; the views and the domain compute with Dates. */
const instant = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

/** A StoredStep read as JSON, with its instants as Dates again. */
export function storedStep(step: StoredStep): StoredStep {
  return {
    ...step,
    startedAt: instant(step.startedAt)!,
    endedAt: instant(step.endedAt ?? null),
    deadlineAt: instant(step.deadlineAt ?? null),
    atRiskAt: instant(step.atRiskAt ?? null),
  };
}

function listRecord<T extends RenewalListRecord>(record: T): T {
  return {
    ...record,
    openedAt: instant(record.openedAt)!,
    closedAt: instant(record.closedAt),
    steps: record.steps.map(storedStep),
  };
}

/**
 * A read with the revision of the office calendar it was read at, which its caller judges it with
 * (CalendarService.calendarAt): the calendar is checked without a statement of its own.
 */
export type WithCalendarRevision<T> = T & { readonly calendarRevision: number };

/**
 * The renewal views read by one SQL statement each that builds the view's JSON in PostgreSQL:
 * no entities are hydrated on these hot reads (issue 14: hydration was a third of the API's CPU).
 * Inside a transaction they read through it, so a write's answer shows what it wrote.
 */
@Injectable()
export class RenewalViewsRepository {
  /**
   * Renewal records by id, with the calendar revision they were read at: dropped on any write to
   * the renewal, its steps, documents, holder or agency, and all of them on a write to the SOP
   * versions or the calendar (ChangeFeed). What is judged at `now` is judged by the caller.
   */
  private readonly records: KeptEntries<WithCalendarRevision<{ record: RenewalRecord }>>;

  constructor(
    private readonly em: EntityManager,
    feed: ChangeFeed,
  ) {
    // About 5 KB of heap per record (4 steps, 5 checklist items, 3 documents): 25 MB at most.
    this.records = feed.entries('renewal', 5_000);
  }

  /**
   * The renewal with its holder, SOP version, documents and steps; null when there is none.
   * Kept in process outside a transaction; inside one it is read through it.
   */
  findRecord(id: string): Promise<WithCalendarRevision<{ record: RenewalRecord }> | null> {
    if (this.em.isInTransaction()) return this.readRecord(id);
    return this.records.read(id, () => this.readRecord(id));
  }

  private async readRecord(id: string): Promise<WithCalendarRevision<{ record: RenewalRecord }> | null> {
    const [row] = await this.em.execute<{ record: RenewalRecord; calendarRevision: string }[]>(RENEWAL_SQL, [
      id,
    ]);
    if (!row) return null;
    const { record } = row;
    return {
      record: {
        ...listRecord(record),
        passphraseSetAt: instant(record.passphraseSetAt),
        documents: record.documents.map((d) => ({ ...d, uploadedAt: instant(d.uploadedAt)! })),
      },
      calendarRevision: Number(row.calendarRevision),
    };
  }

  /** One page of the renewals matching the filter (newest first by default), with their total count. */
  async findPage(
    filter: RenewalFilter,
    page: { offset: number; limit: number },
  ): Promise<WithCalendarRevision<{ items: RenewalListRecord[]; total: number }>> {
    const where: string[] = [];
    const params: unknown[] = [];
    const and = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (filter.status) and('r.status = ?', filter.status);
    if (filter.agency) and('a.name = ?', filter.agency);
    if (filter.openedFrom) and('r.opened_at >= ?', filter.openedFrom);
    if (filter.openedBefore) and('r.opened_at < ?', filter.openedBefore);
    if (filter.holderNip) and('h.nip = ?', filter.holderNip);
    // As JSON: the driver inlines an array as a bare list, and an empty one would not parse.
    if (filter.agencies)
      and('a.name IN (SELECT jsonb_array_elements_text(?::jsonb))', JSON.stringify(filter.agencies));
    if (filter.breachedAt) {
      and(
        `EXISTS (SELECT 1 FROM step_instance s WHERE s.renewal_id = r.id AND ${breachedSql('s.', '?')})`,
        filter.breachedAt,
      );
    }
    if (filter.atRiskAt) {
      and(
        `EXISTS (SELECT 1 FROM step_instance s WHERE s.renewal_id = r.id AND ${atRiskNowSql('s.', '?')})`,
        filter.atRiskAt,
        filter.atRiskAt,
      );
    }
    const text = filter.search?.trim();
    if (text) {
      and(
        '(h.nip LIKE ? OR h.name ILIKE ?)',
        `${text.replace(/[%_\\]/g, '')}%`,
        `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`,
      );
    }
    const order = filter.order ?? 'newest';
    const orderBy = ORDER_BY[order];
    // The total counts every match, also when the page asked for lies past the last one.
    const [row] = await this.em.execute<
      { total: string; items: RenewalListRecord[]; calendarRevision: string }[]
    >(
      `WITH matching AS (
         SELECT r.id, r.opened_at, ${order === 'time_left' ? RUNNING_DEADLINE : 'NULL::timestamptz'} AS running_deadline
           FROM renewal r JOIN holder h ON h.id = r.holder_id JOIN agency a ON a.id = r.agency_id
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}),
       page AS (SELECT * FROM matching m ORDER BY ${orderBy('m')} LIMIT ? OFFSET ?)
       SELECT (SELECT count(*) FROM matching) AS total, ${CALENDAR_REVISION_SQL} AS "calendarRevision",
              coalesce((SELECT json_agg(json_build_object(${LIST_FIELDS}) ORDER BY ${orderBy('p')})
                 FROM page p JOIN renewal r ON r.id = p.id JOIN holder h ON h.id = r.holder_id
                 JOIN agency a ON a.id = r.agency_id), '[]') AS items`,
      [...params, page.limit, page.offset],
    );
    return {
      items: row.items.map(listRecord),
      total: Number(row.total),
      calendarRevision: Number(row.calendarRevision),
    };
  }
}
