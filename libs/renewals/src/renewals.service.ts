import { Inject, Injectable } from '@nestjs/common';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { RenewalRepository, SopRepository, TransactionRunner, type Renewal, type SopVersion } from '@mutu/db';
import {
  type Actor,
  ConflictError,
  decide,
  NotFoundError,
  OfficeCalendar,
  officeDate,
  openRenewal,
  parseIsoDuration,
  type RenewalCommand,
  type RenewalSnapshot,
  type RenewalStatus,
  type StepStandards,
  ValidationError,
} from '@mutu/domain';
import { domainStep, renewalView, type RenewalView } from './renewal.views';

export const RENEWAL_SOP_CODE = 'pembaruan-sertifikat-elektronik';

export interface OpenRenewalInput {
  readonly nip: string;
  readonly name: string;
  readonly email: string;
  readonly agency: string;
  readonly certificateSerial: string;
  readonly currentExpiry: string;
}

/** Step standards of the SOP version a renewal is bound to. */
function standardsOf(version: SopVersion): StepStandards {
  const steps = version.steps.getItems();
  if (steps.length !== 4) {
    throw new ValidationError([
      { field: 'sop', message: `SOP versi ${version.version} harus punya 4 langkah` },
    ]);
  }
  const [s1, s2, s3, s4] = steps.map((s) => ({
    duration: s.duration ?? null,
    durationMs: s.duration ? parseIsoDuration(s.duration) : null,
    basis: s.basis,
  }));
  return { 1: s1, 2: s2, 3: s3, 4: s4 };
}

function snapshotOf(renewal: Renewal): RenewalSnapshot {
  const running = renewal.steps.getItems().find((s) => s.endedAt == null);
  const status = renewal.status as RenewalStatus;
  return running
    ? ({ status, openStep: domainStep(running) } as RenewalSnapshot)
    : ({ status, openStep: null } as RenewalSnapshot);
}

@Injectable()
export class RenewalsService {
  constructor(
    private readonly renewals: RenewalRepository,
    private readonly sops: SopRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /** Opens a renewal under the SOP version in force today; step 1 starts now. */
  open(input: OpenRenewalInput, actor: Actor): Promise<RenewalView> {
    return this.tx.run(async () => {
      const now = this.clock.now();
      const sop = await this.sops.findSop(RENEWAL_SOP_CODE);
      const version = sop && (await this.sops.findInForce(sop, officeDate(now, this.config.timeZone)));
      if (!version) throw new NotFoundError('Versi SOP berlaku', RENEWAL_SOP_CODE);
      const first = openRenewal(actor, now, standardsOf(version));
      const holder = await this.renewals.upsertHolder({
        nip: input.nip,
        name: input.name,
        email: input.email,
        agencyName: input.agency,
      });
      const renewal = await this.renewals.create(
        {
          holder,
          sopVersion: version,
          certificateSerial: input.certificateSerial,
          currentExpiry: input.currentExpiry,
          openedBy: actor.id,
        },
        first.openStep!,
      );
      return this.view(renewal.id, now);
    });
  }

  /**
   * Applies one SOP action to the renewal at `expectedVersion`. A stale version, or another
   * action committed first, is a ConflictError: exactly one of two racing actions wins.
   */
  act(id: string, expectedVersion: number, command: RenewalCommand, actor: Actor): Promise<RenewalView> {
    return this.tx.run(async () => {
      const now = this.clock.now();
      const renewal = await this.require(id, { forUpdate: true });
      if (renewal.version !== expectedVersion) {
        throw new ConflictError(
          `Versi permohonan sudah ${renewal.version}, bukan ${expectedVersion}; muat ulang lalu coba lagi`,
        );
      }
      const transition = decide(snapshotOf(renewal), command, actor, now, standardsOf(renewal.sopVersion));
      const recorded = transition.command;
      await this.renewals.recordTransition(
        renewal,
        {
          ...transition.closed,
          missingItems: recorded.action === 'verification_incomplete' ? recorded.missingItems : null,
        },
        transition.next.openStep,
        {
          status: transition.next.status,
          round: transition.next.openStep?.round ?? renewal.round,
          closedAt: transition.next.openStep ? null : now,
          ...(recorded.action === 'cancel' && { cancelReason: recorded.reason }),
          ...(recorded.action === 'submitted_to_ams' && {
            amsReference: recorded.amsReference,
            passphraseSetAt: now,
            passphraseSetBy: actor.id,
          }),
          ...(recorded.action === 'holder_informed' && {
            informedChannel: recorded.channel,
            newValidFrom: recorded.validFrom,
            newValidUntil: recorded.validUntil,
          }),
        },
      );
      return this.view(id, now);
    });
  }

  get(id: string): Promise<RenewalView> {
    return this.tx.read(() => this.view(id, this.clock.now()));
  }

  private async view(id: string, now: Date): Promise<RenewalView> {
    const renewal = await this.require(id);
    const calendar = new OfficeCalendar((await this.renewals.holidays()).map((h) => h.date));
    return renewalView(renewal, {
      now,
      calendar,
      timeZone: this.config.timeZone,
      atRiskShare: this.config.slaAtRiskShare,
    });
  }

  private async require(id: string, options: { forUpdate?: boolean } = {}): Promise<Renewal> {
    const renewal = /^[0-9a-f-]{36}$/i.test(id) ? await this.renewals.findWithSteps(id, options) : null;
    if (!renewal) throw new NotFoundError('Permohonan pembaruan', id);
    return renewal;
  }
}
