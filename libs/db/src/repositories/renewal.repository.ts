import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import type { StepInstance as DomainStep, StepMeasurement } from '@mutu/domain';
import { Agency, Holder, Renewal, StepInstance, SupportingDocument } from '../entities/renewal.entity';
import type { SopVersion } from '../entities/sop.entity';

/** A step instance to store, with the instants its standard turns at risk and runs out. */
export type StepToStore = DomainStep & {
  readonly deadlineAt: Date | null;
  readonly atRiskAt: Date | null;
  readonly correctionReason?: string | null;
};

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
