import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { Holiday, StepInstance as DomainStep } from '@mutu/domain';
import { Agency, Holder, OfficeHoliday, Renewal, StepInstance } from '../entities/renewal.entity';
import type { SopVersion } from '../entities/sop.entity';

export interface HolderFields {
  readonly nip: string;
  readonly name: string;
  readonly email: string;
  readonly agencyName: string;
}

/** Renewals with their step instances, holders and agencies, and the office's holidays. */
@Injectable()
export class RenewalRepository {
  constructor(private readonly em: EntityManager) {}

  /** The holder with this NIP, created or brought up to date; the agency likewise by name. */
  async upsertHolder(fields: HolderFields): Promise<Holder> {
    await this.em
      .getConnection()
      .execute(
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
    first: DomainStep,
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
        populate: ['steps', 'holder', 'agency', 'sopVersion.sop', 'sopVersion.steps'],
        ...(options.forUpdate && { lockMode: LockMode.PESSIMISTIC_WRITE, lockTableAliases: ['r0'] }),
      },
    );
  }

  /** Closes the running step and opens the next; the flush fails if another action got there first. */
  async recordTransition(
    renewal: Renewal,
    closed: DomainStep & { missingItems?: readonly string[] | null },
    next: DomainStep | null,
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
    });
    this.em.assign(renewal, changes);
    if (next) this.addStep(renewal, next);
    await this.em.flush();
  }

  async holidays(): Promise<OfficeHoliday[]> {
    return this.em.find(OfficeHoliday, {}, { orderBy: { date: 'asc' } });
  }

  /** Adds the shipped holidays the table does not have yet; edited rows are left as they are. */
  async addMissingHolidays(holidays: readonly Holiday[]): Promise<number> {
    if (!holidays.length) return 0;
    const rows = await this.em.getConnection().execute(
      `INSERT INTO office_holiday (date, name, kind) VALUES ${holidays.map(() => '(?, ?, ?)').join(', ')} ON CONFLICT (date) DO NOTHING RETURNING date`,
      holidays.flatMap((h) => [h.date, h.name, h.kind]),
    );
    return rows.length;
  }

  private addStep(renewal: Renewal, step: DomainStep): void {
    renewal.steps.add(
      this.em.create(StepInstance, {
        renewal,
        step: step.step,
        round: step.round,
        performerRole: step.performerRole,
        startedAt: step.startedAt,
        standardDuration: step.standard.duration,
        standardMs: step.standard.durationMs,
        standardBasis: step.standard.basis,
      }),
    );
  }
}
