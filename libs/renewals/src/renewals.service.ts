import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { CalendarService } from '@mutu/calendar';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { NotificationsService, PAGE_PATHS } from '@mutu/notifications';
import {
  RenewalRepository,
  RenewalViewsRepository,
  SopRepository,
  TransactionRunner,
  type Renewal,
  type RenewalFilter,
  type RenewalOrder,
  type SopStep,
  type StepToStore,
} from '@mutu/db';
import {
  assertChecklistCodes,
  assertRoundComplete,
  canSee,
  decide,
  NotFoundError,
  type OfficeCalendar,
  officeDate,
  officeDayEnd,
  officeMidnight,
  openRenewal,
  parseIsoDuration,
  type Principal,
  type RenewalCommand,
  type RenewalSnapshot,
  type RenewalStatus,
  scopeFilter,
  type StepInstance,
  type StepStandards,
  ValidationError,
  type Page,
  readPage,
  recordedOnBehalfOf,
  StaleVersionError,
  type RenewalAction,
  type RenewalPolicy,
  allowedActions,
  measureEndedStep,
  slaDeadline,
  nipProblem,
} from '@mutu/domain';
import { findRecordInScope, findRenewalInScope } from './renewal.scope';
import {
  checklistOf,
  domainStep,
  fixedDeadline,
  KeptRenewalViews,
  renewalSummary,
  renewalView,
  stepRecord,
  type RenewalSummary,
  type RenewalView,
  type ViewContext,
} from './renewal.views';

export const RENEWAL_SOP_CODE = 'pembaruan-sertifikat-elektronik';

export interface OpenRenewalInput {
  readonly nip: string;
  readonly name: string;
  readonly email: string;
  readonly agency: string;
  readonly certificateSerial: string;
  readonly currentExpiry: string;
}

export interface RenewalQuery {
  readonly status?: RenewalStatus;
  readonly agency?: string;
  /** Office dates (WIB), inclusive. */
  readonly openedFrom?: string;
  readonly openedTo?: string;
  readonly breachedOnly?: boolean;
  readonly atRiskOnly?: boolean;
  /** A NIP (or its start) or part of the holder's name. */
  readonly search?: string;
  /** Default newest first. */
  readonly order?: RenewalOrder;
  readonly page: number;
  readonly pageSize: number;
}

/** An action recorded after the fact (from paper), with the time it really happened. */
export interface Correction {
  readonly occurredAt: Date;
  readonly reason: string;
}

/** Step standards of the SOP version (numbered `version`) a renewal is bound to, from its steps. */
function standardsOf(version: number, steps: readonly SopStep[]): StepStandards {
  if (steps.length !== 4) {
    throw new ValidationError([{ field: 'sop', message: `SOP versi ${version} harus punya 4 langkah` }]);
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
  /**
   * Step standards by SOP version id. A version is never updated (a revision is a new row), so
   * what is read once holds for the life of the process, whichever process loads new versions.
   */
  private readonly standards = new Map<string, StepStandards>();
  private readonly keptViews = new KeptRenewalViews();

  constructor(
    private readonly renewals: RenewalRepository,
    private readonly views: RenewalViewsRepository,
    private readonly sops: SopRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly calendars: CalendarService,
    private readonly notifications: NotificationsService,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /**
   * Opens a renewal under the SOP version in force today; step 1 starts now. A NIP that cannot
   * exist (domain `nipProblem`) is a ValidationError on `nip`.
   */
  open(input: OpenRenewalInput, principal: Principal): Promise<RenewalView> {
    const badNip = nipProblem(input.nip);
    if (badNip) {
      return Promise.reject(new ValidationError([{ field: 'nip', message: badNip }], 'NIP tidak valid'));
    }
    return this.tx.run(async () => {
      const now = this.clock.now();
      const calendar = await this.calendar();
      if (!canSee(principal, { holderNip: input.nip, agency: input.agency })) {
        throw new ValidationError(
          [{ field: principal.role === 'PENGGUNA' ? 'nip' : 'agency', message: 'di luar wewenang Anda' }],
          'Permohonan tidak dapat dibuka',
        );
      }
      const place = await this.renewals.prepareOpening(
        {
          nip: input.nip,
          name: input.name,
          email: input.email,
          agencyName: input.agency,
          certificateSerial: input.certificateSerial,
          certificateExpiresOn: input.currentExpiry,
        },
        RENEWAL_SOP_CODE,
        officeDate(now, this.config.timeZone),
      );
      const version = place.sopVersion;
      if (!version) throw new NotFoundError('Versi SOP berlaku', RENEWAL_SOP_CODE);
      const opened = openRenewal(principal, now, await this.standardsOf(version));
      const {
        id,
        version: lockVersion,
        openedStep,
      } = await this.renewals.open(
        {
          status: opened.status,
          holderId: place.holderId,
          agencyId: place.agencyId,
          sopVersionId: version.id,
          certificateSerial: input.certificateSerial,
          currentExpiry: input.currentExpiry,
          openedBy: principal.id,
        },
        this.withDeadlines(opened.openStep!, calendar),
      );
      await this.audit.record({
        actor: principal,
        action: 'renewal.opened',
        entityType: 'renewal',
        entityId: id,
        after: {
          status: opened.status,
          version: lockVersion,
          round: openedStep.round,
          holder: { nip: input.nip, name: input.name, email: input.email },
          agency: input.agency,
          certificateSerial: input.certificateSerial,
          currentExpiry: input.currentExpiry,
          sop: { code: RENEWAL_SOP_CODE, version: version.version },
          openedStep: stepRecord(openedStep),
        },
      });
      return this.view(id, now, principal, calendar);
    });
  }

  /**
   * Applies one SOP action to the renewal at `expectedVersion`, at the server's time. A stale
   * version, or another action committed first, is a ConflictError: of two racing actions
   * exactly one wins.
   */
  act(
    id: string,
    expectedVersion: number,
    command: RenewalCommand,
    principal: Principal,
  ): Promise<RenewalView> {
    return this.record(id, expectedVersion, command, principal, null);
  }

  /** Records an action that happened earlier on paper; both affected steps are marked as corrected. */
  correct(
    id: string,
    expectedVersion: number,
    command: RenewalCommand,
    correction: Correction,
    principal: Principal,
  ): Promise<RenewalView> {
    return this.record(id, expectedVersion, command, principal, correction);
  }

  /**
   * The actions `principal` may take on a renewal in `status` now, by the state machine and the
   * office's policy (MUTU_BSRE_VERDICT_BY): what a page offers as buttons.
   */
  actionsFor(status: RenewalStatus, principal: Principal): RenewalAction[] {
    return allowedActions(status, principal.role, this.policy);
  }

  private get policy(): RenewalPolicy {
    return { bsreVerdictBy: this.config.bsreVerdictBy };
  }

  get(id: string, principal: Principal): Promise<RenewalView> {
    return this.tx.read(async () => {
      const { record, calendarRevision } = await findRecordInScope(this.views, id, principal);
      const calendar = await this.calendars.calendarAt(calendarRevision);
      return this.keptViews.view(record, this.viewContext(this.clock.now(), calendar));
    });
  }

  list(query: RenewalQuery, principal: Principal): Promise<Page<RenewalSummary>> {
    return this.tx.read(async () => {
      const now = this.clock.now();
      const { timeZone } = this.config;
      const filter: RenewalFilter = {
        ...scopeFilter(principal),
        status: query.status,
        agency: query.agency,
        openedFrom: query.openedFrom ? officeMidnight(query.openedFrom, timeZone) : undefined,
        openedBefore: query.openedTo ? officeDayEnd(query.openedTo, timeZone) : undefined,
        breachedAt: query.breachedOnly ? now : undefined,
        atRiskAt: query.atRiskOnly ? now : undefined,
        search: query.search,
        order: query.order,
      };
      let context: ViewContext;
      return readPage(
        query.page,
        query.pageSize,
        async (window) => {
          const { items, total, calendarRevision } = await this.views.findPage(filter, window);
          context = this.viewContext(now, await this.calendars.calendarAt(calendarRevision));
          return [items, total];
        },
        (r) => renewalSummary(r, context),
      );
    });
  }

  private record(
    id: string,
    expectedVersion: number,
    command: RenewalCommand,
    principal: Principal,
    correction: Correction | null,
  ): Promise<RenewalView> {
    return this.tx.run(async () => {
      const serverNow = this.clock.now();
      const calendar = await this.calendar();
      const renewal = await findRenewalInScope(this.renewals, id, principal, { forUpdate: true });
      if (renewal.version !== expectedVersion) {
        throw new StaleVersionError(renewal.version, expectedVersion);
      }
      const snapshot = snapshotOf(renewal);
      const before = { status: renewal.status, version: renewal.version, round: renewal.round };
      const running = renewal.steps.getItems().find((s) => s.endedAt == null)!;
      const at = correction ? this.checkCorrection(correction, snapshot, serverNow) : serverNow;
      const transition = decide(
        snapshot,
        command,
        principal,
        at,
        standardsOf(renewal.sopVersion.version, renewal.sopVersion.steps.getItems()),
        this.policy,
      );
      const recorded = transition.command;
      const recordedFor = recordedOnBehalfOf(recorded.action, principal.role);
      if (recorded.action === 'documents_ready') {
        const checklist = checklistOf({
          round: renewal.round,
          checklist: renewal.sopVersion.checklist,
          steps: renewal.steps.getItems(),
          documents: renewal.documents.getItems(),
        });
        assertRoundComplete(checklist, renewal.round);
      }
      if (recorded.action === 'verification_incomplete') {
        assertChecklistCodes(renewal.sopVersion.checklist, recorded.missingItems);
      }
      const next = transition.next.openStep;
      await this.renewals.recordTransition(
        renewal,
        {
          ...transition.closed,
          measurement: measureEndedStep({
            ...transition.closed,
            endedAt: at,
            calendar,
            fixed: fixedDeadline(running),
          }),
          missingItems: recorded.action === 'verification_incomplete' ? recorded.missingItems : null,
          correctionReason: correction?.reason ?? null,
          recordedFor,
        },
        next && { ...this.withDeadlines(next, calendar), correctionReason: correction?.reason ?? null },
        {
          status: transition.next.status,
          round: next?.round ?? renewal.round,
          closedAt: next ? null : at,
          ...(recorded.action === 'cancel' && { cancelReason: recorded.reason }),
          ...(recorded.action === 'submitted_to_ams' && {
            amsReference: recorded.amsReference,
            passphraseSetAt: at,
            passphraseSetBy: principal.id,
          }),
          ...(recorded.action === 'holder_informed' && {
            informedChannel: recorded.channel,
            newValidFrom: recorded.validFrom,
            newValidUntil: recorded.validUntil,
          }),
        },
      );
      if (recorded.action === 'holder_informed') await this.certificateRenewed(renewal, recorded);
      const opened = next && renewal.steps.getItems().find((s) => s.endedAt == null);
      await this.audit.record({
        actor: principal,
        action: `renewal.${recorded.action}`,
        entityType: 'renewal',
        entityId: renewal.id,
        before,
        after: {
          status: renewal.status,
          version: renewal.version,
          round: renewal.round,
          command: recorded,
          ...(correction && { correction: { occurredAt: at.toISOString(), reason: correction.reason } }),
          ...(recordedFor && {
            recordedFor,
            note: 'dicatat oleh verifikator atas informasi BSrE',
          }),
          closedStep: stepRecord(running),
          openedStep: opened ? stepRecord(opened) : null,
        },
      });
      return this.view(id, serverNow, principal, calendar);
    });
  }

  /**
   * Step 4's notice, "renewal information … in the registered e-mail account": the holder's
   * e-mail is queued in the transaction that completes the renewal, and the holder's record
   * learns the new expiry that reminders are driven by.
   */
  private async certificateRenewed(
    renewal: Renewal,
    validity: { readonly validFrom: string; readonly validUntil: string },
  ): Promise<void> {
    const { holder } = renewal;
    await this.renewals.recordHolderCertificate(holder, {
      serial: renewal.certificateSerial,
      expiresOn: validity.validUntil,
    });
    await this.notifications.enqueue({
      template: 'certificate-renewed',
      to: [holder.email],
      model: {
        holderName: holder.name,
        certificateSerial: renewal.certificateSerial,
        agency: renewal.agency.name,
        validFrom: validity.validFrom,
        validUntil: validity.validUntil,
        amsReference: renewal.amsReference ?? '-',
        renewalUrl: this.notifications.pageUrl(PAGE_PATHS.renewal(renewal.id)),
      },
      dedupeKey: `certificate-renewed:${renewal.id}`,
    });
  }

  /** A correction's time must fall while the current step ran: after it started, not in the future. */
  private checkCorrection(correction: Correction, snapshot: RenewalSnapshot, now: Date): Date {
    const problems = [
      ...(correction.reason.trim() ? [] : [{ field: 'reason', message: 'alasan koreksi wajib diisi' }]),
      ...(correction.occurredAt.getTime() > now.getTime()
        ? [{ field: 'occurredAt', message: 'tidak boleh di masa depan' }]
        : []),
      ...(snapshot.openStep && correction.occurredAt.getTime() < snapshot.openStep.startedAt.getTime()
        ? [
            {
              field: 'occurredAt',
              message: `tidak boleh sebelum langkah berjalan dimulai (${snapshot.openStep.startedAt.toISOString()})`,
            },
          ]
        : []),
    ];
    if (problems.length) throw new ValidationError(problems, 'Koreksi tidak valid');
    return correction.occurredAt;
  }

  /** Fixes when the step's standard turns at risk and runs out, by the calendar in force now. */
  private withDeadlines(step: StepInstance, calendar: OfficeCalendar): StepToStore {
    const { durationMs, basis } = step.standard;
    if (durationMs === null) return { ...step, deadlineAt: null, atRiskAt: null };
    return {
      ...step,
      deadlineAt: slaDeadline(calendar, step.startedAt, durationMs, basis),
      atRiskAt: calendar.addElapsedMs(
        step.startedAt,
        Math.round(durationMs * this.config.slaAtRiskShare),
        basis,
      ),
    };
  }

  private async view(
    id: string,
    now: Date,
    principal: Principal,
    calendar: OfficeCalendar,
  ): Promise<RenewalView> {
    const { record } = await findRecordInScope(this.views, id, principal);
    return renewalView(record, this.viewContext(now, calendar));
  }

  /** The office calendar is read once per service call, for deadlines and views alike. */
  private viewContext(now: Date, calendar: OfficeCalendar): ViewContext {
    return {
      now,
      calendar,
      timeZone: this.config.timeZone,
      atRiskShare: this.config.slaAtRiskShare,
    };
  }

  private async standardsOf(version: { id: string; version: number }): Promise<StepStandards> {
    let standards = this.standards.get(version.id);
    if (!standards) {
      standards = standardsOf(version.version, await this.sops.findSteps(version.id));
      this.standards.set(version.id, standards);
    }
    return standards;
  }

  private calendar(): Promise<OfficeCalendar> {
    return this.calendars.calendar();
  }
}
