import { Injectable } from '@nestjs/common';
import { LockMode } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  type StepInstance as DomainStep,
  type StepMeasurement,
  renewalLeadTimeMs,
  stepHeldMs,
} from '@mutu/domain';
import { Holder, Renewal, StepInstance, SupportingDocument } from '../entities/renewal.entity';
import { type StoredStep, stepJson, storedStep } from './renewal-views.repository';

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

/** A holder as a renewal is opened for them: who, where, and the certificate they apply with. */
export interface ApplyingHolder {
  readonly nip: string;
  readonly name: string;
  readonly email: string;
  readonly agencyName: string;
  readonly certificateSerial: string;
  readonly certificateExpiresOn: string;
}

/** Where a renewal is opened: its holder and agency, and the SOP version in force (null: none). */
export interface OpeningPlace {
  readonly holderId: string;
  readonly agencyId: string;
  readonly sopVersion: { readonly id: string; readonly version: number } | null;
}

/** A domain measurement as the step_instance columns that store it. */
export function measurementColumns(m: StepMeasurement) {
  return { slaStatus: m.status, slaElapsedMs: m.elapsedMs, slaOverrunMs: m.overrunMs };
}

/** Renewals with their step instances, supporting documents, holders and agencies. */
@Injectable()
export class RenewalRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Before a renewal opens: the holder with this NIP created or brought up to date (with the
   * certificate applied with), the agency likewise by name, and the version of SOP `sopCode` in
   * force on office date `onDate` (the latest effective on or before it; latest loaded wins ties).
   * Two statements: the holder's must see the agency, which another opening may insert meanwhile.
   */
  async prepareOpening(holder: ApplyingHolder, sopCode: string, onDate: string): Promise<OpeningPlace> {
    await this.insertAgency(holder.agencyName);
    const [row] = await this.em.execute<OpeningPlace[]>(
      `WITH h AS (
         INSERT INTO holder (id, nip, name, email, agency_id, certificate_serial, certificate_expires_on,
                             created_at, updated_at)
         VALUES (gen_random_uuid(), ?, ?, ?, (SELECT id FROM agency WHERE name = ?), ?, ?, now(), now())
         ON CONFLICT (nip) DO UPDATE SET name = excluded.name, email = excluded.email, agency_id = excluded.agency_id,
           certificate_serial = excluded.certificate_serial, certificate_expires_on = excluded.certificate_expires_on,
           updated_at = now()
         RETURNING id, agency_id)
       SELECT h.id AS "holderId", h.agency_id AS "agencyId",
              (SELECT json_build_object('id', v.id, 'version', v.version)
                 FROM sop_version v JOIN sop ON sop.id = v.sop_id
                WHERE sop.code = ? AND v.effective_on <= ?
                ORDER BY v.effective_on DESC, v.version DESC LIMIT 1) AS "sopVersion"
         FROM h`,
      [
        holder.nip,
        holder.name,
        holder.email,
        holder.agencyName,
        holder.certificateSerial,
        holder.certificateExpiresOn,
        sopCode,
        onDate,
      ],
    );
    return row;
  }

  /**
   * Opens a renewal in `status` with `first` running since its start; returns its id, its first
   * optimistic-lock version and the step as stored.
   */
  async open(
    data: {
      readonly status: string;
      readonly holderId: string;
      readonly agencyId: string;
      readonly sopVersionId: string;
      readonly certificateSerial: string;
      readonly currentExpiry: string;
      readonly openedBy: string;
    },
    first: StepToStore,
  ): Promise<{ id: string; version: number; openedStep: StoredStep }> {
    const [row] = await this.em.execute<{ id: string; version: number; step: StoredStep }[]>(
      `WITH r AS (
         INSERT INTO renewal (id, holder_id, agency_id, sop_version_id, certificate_serial, current_expiry, status,
                              round, version, opened_at, opened_by)
         VALUES (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
         RETURNING id, version, opened_at, agency_id, sop_version_id),
       s AS (
         INSERT INTO step_instance (id, renewal_id, renewal_opened_at, agency_id, sop_version_id, step, round,
                                    performer_role, started_at, standard_duration, standard_ms, standard_basis,
                                    deadline_at, at_risk_at, correction_reason)
         SELECT gen_random_uuid(), r.id, r.opened_at, r.agency_id, r.sop_version_id, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
           FROM r
         RETURNING *)
       SELECT r.id, r.version, ${stepJson('s')} AS step FROM r JOIN s ON s.renewal_id = r.id`,
      [
        data.holderId,
        data.agencyId,
        data.sopVersionId,
        data.certificateSerial,
        data.currentExpiry,
        data.status,
        first.round,
        first.startedAt,
        data.openedBy,
        first.step,
        first.round,
        first.performerRole,
        first.startedAt,
        first.standard.duration,
        first.standard.durationMs,
        first.standard.basis,
        first.deadlineAt,
        first.atRiskAt,
        first.correctionReason ?? null,
      ],
    );
    return { id: row.id, version: row.version, openedStep: storedStep(row.step) };
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

  /**
   * Closes the running step and opens the next; the flush fails if another action got there first.
   * The step's time held, and the renewal's lead time when `changes` close it, are stored with
   * them by the domain's rules (stepHeldMs, renewalLeadTimeMs), in the same flush.
   */
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
      heldMs: closed.endedAt && stepHeldMs(running.startedAt, closed.endedAt),
      outcome: closed.outcome,
      missingItems: closed.missingItems ? [...closed.missingItems] : null,
      correctionReason: closed.correctionReason ?? null,
      recordedFor: closed.recordedFor ?? null,
      ...measurementColumns(closed.measurement),
      measuredAt: closed.endedAt,
    });
    this.em.assign(renewal, {
      ...changes,
      ...('closedAt' in changes && {
        leadMs: changes.closedAt ? renewalLeadTimeMs(renewal.openedAt, changes.closedAt) : null,
      }),
    });
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

  private async insertAgency(name: string): Promise<void> {
    await this.em.execute(
      'INSERT INTO agency (id, name, created_at) VALUES (gen_random_uuid(), ?, now()) ON CONFLICT (name) DO NOTHING',
      [name],
    );
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
