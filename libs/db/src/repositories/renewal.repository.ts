import { Injectable } from '@nestjs/common';
import { LockMode, QueryOrder, raw } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { StepInstance as DomainStep, StepMeasurement } from '@mutu/domain';
import { Agency, Holder, Renewal, StepInstance, SupportingDocument } from '../entities/renewal.entity';
import type { SopVersion } from '../entities/sop.entity';
import { atRiskNowSql, breachedSql } from './step-sla.sql';

/** A step instance to store, with the instants its standard turns at risk and runs out. */
export type StepToStore = DomainStep & {
  readonly deadlineAt: Date | null;
  readonly atRiskAt: Date | null;
  readonly correctionReason?: string | null;
};

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

export interface DocumentFields {
  readonly round: number;
  readonly item: string;
  readonly sha256: string;
  readonly size: number;
  readonly mediaType: string;
  readonly name: string;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

export interface HolderFields {
  readonly nip: string;
  readonly name: string;
  readonly email: string;
  readonly agencyName: string;
}

/** A domain measurement as the step_instance columns that store it. */
export function measurementColumns(m: StepMeasurement) {
  return { slaStatus: m.status, slaElapsedMs: m.elapsedMs, slaOverrunMs: m.overrunMs };
}

/** Renewals with their step instances, supporting documents, holders and agencies. */
@Injectable()
export class RenewalRepository {
  constructor(private readonly em: EntityManager) {}

  /** The holder with this NIP, created or brought up to date; the agency likewise by name. */
  async upsertHolder(fields: HolderFields): Promise<Holder> {
    await this.em.execute(
      'INSERT INTO agency (id, name, created_at) VALUES (gen_random_uuid(), ?, now()) ON CONFLICT (name) DO NOTHING',
      [fields.agencyName],
    );
    const agency = await this.em.findOneOrFail(Agency, { name: fields.agencyName });
    const holder = await this.em.findOne(Holder, { nip: fields.nip });
    if (holder) {
      this.em.assign(holder, { name: fields.name, email: fields.email, agency });
      return holder;
    }
    return this.em.create(Holder, { nip: fields.nip, name: fields.name, email: fields.email, agency });
  }

  async create(
    data: {
      holder: Holder;
      sopVersion: SopVersion;
      certificateSerial: string;
      currentExpiry: string;
      openedBy: string;
    },
    first: StepToStore,
  ): Promise<Renewal> {
    const renewal = this.em.create(Renewal, {
      ...data,
      agency: data.holder.agency,
      status: 'step1',
      round: first.round,
      openedAt: first.startedAt,
    });
    this.addStep(renewal, first);
    await this.em.flush();
    return renewal;
  }

  /**
   * The renewal with everything its view needs. `forUpdate` (inside a transaction) locks the row
   * first, so the row and its steps are read as one consistent picture while others wait.
   */
  findWithSteps(id: string, options: { forUpdate?: boolean } = {}): Promise<Renewal | null> {
    return this.em.findOne(
      Renewal,
      { id },
      {
        populate: ['steps', 'documents', 'holder', 'agency', 'sopVersion.sop', 'sopVersion.steps'],
        ...(options.forUpdate && { lockMode: LockMode.PESSIMISTIC_WRITE, lockTableAliases: ['r0'] }),
      },
    );
  }

  /** Closes the running step and opens the next; the flush fails if another action got there first. */
  async recordTransition(
    renewal: Renewal,
    closed: DomainStep & {
      missingItems?: readonly string[] | null;
      correctionReason?: string | null;
      recordedFor?: string | null;
      measurement: StepMeasurement;
    },
    next: StepToStore | null,
    changes: Partial<
      Pick<
        Renewal,
        | 'status'
        | 'round'
        | 'closedAt'
        | 'cancelReason'
        | 'amsReference'
        | 'passphraseSetAt'
        | 'passphraseSetBy'
        | 'informedChannel'
        | 'newValidFrom'
        | 'newValidUntil'
      >
    >,
  ): Promise<void> {
    const running = renewal.steps.getItems().find((s) => s.endedAt == null);
    if (!running) throw new Error(`renewal ${renewal.id} has no running step`);
    this.em.assign(running, {
      actorId: closed.actorId,
      endedAt: closed.endedAt,
      outcome: closed.outcome,
      missingItems: closed.missingItems ? [...closed.missingItems] : null,
      correctionReason: closed.correctionReason ?? null,
      recordedFor: closed.recordedFor ?? null,
      ...measurementColumns(closed.measurement),
      measuredAt: closed.endedAt,
    });
    this.em.assign(renewal, changes);
    if (next) this.addStep(renewal, next);
    await this.em.flush();
  }

  /** The certificate the holder is known to have now: as applied for, then as renewed. */
  async recordHolderCertificate(
    holder: Holder,
    certificate: { serial: string; expiresOn: string },
  ): Promise<void> {
    this.em.assign(holder, {
      certificateSerial: certificate.serial,
      certificateExpiresOn: certificate.expiresOn,
    });
    await this.em.flush();
  }

  async addDocument(renewal: Renewal, fields: DocumentFields): Promise<SupportingDocument> {
    const document = this.em.create(SupportingDocument, { ...fields, renewal });
    renewal.documents.add(document);
    await this.em.flush();
    return document;
  }

  /** One page of renewals matching the filter, newest first, with the total count. */
  async list(filter: RenewalFilter, page: { offset: number; limit: number }): Promise<[Renewal[], number]> {
    const qb = this.em
      .createQueryBuilder(Renewal, 'r')
      .select('r.id')
      .leftJoin('r.holder', 'h')
      .leftJoin('r.agency', 'a');
    if (filter.status) qb.andWhere({ status: filter.status });
    if (filter.agency) qb.andWhere({ agency: { name: filter.agency } });
    if (filter.openedFrom) qb.andWhere({ openedAt: { $gte: filter.openedFrom } });
    if (filter.openedBefore) qb.andWhere({ openedAt: { $lt: filter.openedBefore } });
    if (filter.holderNip) qb.andWhere({ holder: { nip: filter.holderNip } });
    if (filter.agencies) qb.andWhere({ agency: { name: { $in: [...filter.agencies] } } });
    if (filter.breachedAt) {
      qb.andWhere(
        `exists (select 1 from step_instance s where s.renewal_id = r.id and ${breachedSql('s.', '?')})`,
        [filter.breachedAt],
      );
    }
    if (filter.atRiskAt) {
      qb.andWhere(
        `exists (select 1 from step_instance s where s.renewal_id = r.id and ${atRiskNowSql('s.', '?')})`,
        [filter.atRiskAt, filter.atRiskAt],
      );
    }
    if (filter.search?.trim()) {
      const text = filter.search.trim();
      qb.andWhere(`(h.nip like ? or h.name ilike ?)`, [
        `${text.replace(/[%_\\]/g, '')}%`,
        `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`,
      ]);
    }
    const total = await qb.clone().getCount();
    const order = filter.order ?? 'newest';
    // The deadline the domain fixed when the running step started (deadline_at), read as stored.
    const runningDeadline = raw(
      '(select s.deadline_at from step_instance s where s.renewal_id = r.id and s.ended_at is null limit 1)',
    );
    const ids = (
      await qb
        .orderBy(
          order === 'time_left'
            ? [{ [runningDeadline]: QueryOrder.ASC_NULLS_LAST }, { openedAt: 'asc', id: 'asc' }]
            : [{ openedAt: order === 'oldest' ? 'asc' : 'desc', id: 'asc' }],
        )
        .offset(page.offset)
        .limit(page.limit)
        .getResultList()
    ).map((r) => r.id);
    const rows = ids.length
      ? await this.em.find(
          Renewal,
          { id: { $in: ids } },
          { populate: ['steps', 'holder', 'agency', 'sopVersion.sop'] },
        )
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return [ids.map((id) => byId.get(id)!), total];
  }

  private addStep(renewal: Renewal, step: StepToStore): void {
    renewal.steps.add(
      this.em.create(StepInstance, {
        renewal,
        renewalOpenedAt: renewal.openedAt,
        agencyId: renewal.agency.id,
        sopVersionId: renewal.sopVersion.id,
        step: step.step,
        round: step.round,
        performerRole: step.performerRole,
        startedAt: step.startedAt,
        standardDuration: step.standard.duration,
        standardMs: step.standard.durationMs,
        standardBasis: step.standard.basis,
        deadlineAt: step.deadlineAt,
        atRiskAt: step.atRiskAt,
        correctionReason: step.correctionReason ?? null,
      }),
    );
  }
}
