import { Inject, Injectable, Logger } from '@nestjs/common';
import { CalendarService } from '@mutu/calendar';
import { breachCount, type ComplianceFigures, ComplianceService } from '@mutu/compliance';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { AlertsRepository, type ClaimedCrossing, TransactionRunner, UserRepository } from '@mutu/db';
import {
  ACTOR_ROLE_LABELS,
  type ActorRole,
  calendarDateToDay,
  dayToCalendarDate,
  describeStandard,
  latestSafeStartDate,
  monthOf,
  officeDate,
  parseIsoDuration,
  previousPeriod,
  type ReportPeriod,
  type TimeBasis,
} from '@mutu/domain';
import { NotificationsService, PAGE_PATHS } from '@mutu/notifications';
import { RENEWAL_SOP_CODE } from '@mutu/renewals';
import { type ArchivedReportView, ReportFormatter, ReportingService } from '@mutu/reporting';
import { SopsService } from '@mutu/sops';

/** Reminders go out when a certificate has this many days left or fewer, once per threshold. */
const EXPIRY_REMINDER_DAYS = [30, 14, 7] as const;
// One watch run tells of at most this many crossings; the rest wait a minute, never lost.
const SLA_WATCH_BATCH = 500;
const DIGEST_AT_RISK_ROWS = 20;
const DIGEST_WORST_ROWS = 10;
/** SOP step 4: "the user is informed that the certificate has been renewed". */
const HOLDER_INFORMED_STEP = 4;
const SYSTEM = (job: string) => ({ id: `system:${job}`, role: 'SYSTEM' });

/** Whom an SLA mail greets: the holder by name, else the performing lane ("Verifikator Dinas Kesehatan"). */
function salutationName(step: Pick<ClaimedCrossing, 'performer_role' | 'holder_name' | 'agency'>): string {
  if (step.performer_role === 'PENGGUNA') return step.holder_name;
  if (step.performer_role === 'VERIFIKATOR') return `${ACTOR_ROLE_LABELS.VERIFIKATOR} ${step.agency}`;
  return `Petugas ${ACTOR_ROLE_LABELS.BSRE}`;
}

/**
 * The office's scheduled mail: the monthly compliance report, the weekly digest, SLA warnings
 * and certificate expiry reminders. Each method is one run of its job; every message is queued
 * under a key that makes a second run for the same event a no-op, so retries never repeat a mail.
 */
@Injectable()
export class SchedulesService {
  private readonly logger = new Logger('Schedules');

  constructor(
    private readonly reporting: ReportingService,
    private readonly compliance: ComplianceService,
    private readonly notifications: NotificationsService,
    private readonly sops: SopsService,
    private readonly calendar: CalendarService,
    private readonly alerts: AlertsRepository,
    private readonly users: UserRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /**
   * The previous month's compliance report, PDF and Excel, archived and mailed to the head of
   * office as attachments.
   */
  async sendMonthlyReport(scheduledAt: Date): Promise<void> {
    const today = officeDate(scheduledAt, this.config.timeZone);
    const period = previousPeriod(monthOf(today));
    const lang = this.config.locale;
    const actor = SYSTEM('monthly-report');
    const generated: ArchivedReportView[] = [];
    for (const format of ['pdf', 'xlsx'] as const) {
      // A retry after the files were made but the mail was not queued sends those files again.
      const filed = await this.reporting.archived(
        { kind: 'compliance', format, lang, period, generatedBy: actor.id },
        1,
        1,
      );
      generated.push(
        filed.items[0] ??
          (await this.reporting.generate({ kind: 'compliance', format, lang, ...period }, actor)),
      );
    }
    const attachments: { path: string; name: string; mediaType: string }[] = [];
    for (const report of generated) {
      const { path } = await this.reporting.openArchived(report.id, actor);
      attachments.push({ path, name: report.fileName, mediaType: report.mediaType });
    }
    const figures = await this.compliance.figures(period);
    await this.tx.run(async () =>
      this.notifications.enqueue({
        template: 'monthly-report',
        lang,
        to: await this.headOfOfficeRecipients(),
        model: {
          ...(await this.summaryModel(figures, period, new ReportFormatter(lang, this.config.timeZone))),
          headOfOffice: this.config.office.headOfOffice?.name ?? null,
          dashboardUrl: this.notifications.pageUrl(PAGE_PATHS.dashboard),
        },
        attachments,
        dedupeKey: `monthly-report:${period.from}`,
      }),
    );
  }

  /** The past week (Monday to Sunday) in figures, its worst breaches and what is at risk now. */
  async sendWeeklyDigest(scheduledAt: Date): Promise<void> {
    const today = calendarDateToDay(officeDate(scheduledAt, this.config.timeZone));
    const period = { from: dayToCalendarDate(today - 7), to: dayToCalendarDate(today - 1) };
    const lang = this.config.locale;
    const format = new ReportFormatter(lang, this.config.timeZone);
    const figures = await this.compliance.figures(period);
    await this.tx.run(async () => {
      const atRisk = await this.alerts.runningAtRisk(this.clock.now(), DIGEST_AT_RISK_ROWS);
      const to = [
        ...new Set([...(await this.headOfOfficeRecipients()), ...(await this.users.emailsOf('VERIFIKATOR'))]),
      ];
      await this.notifications.enqueue({
        template: 'weekly-digest',
        lang,
        to,
        model: {
          ...(await this.summaryModel(figures, period, format)),
          dashboardUrl: this.notifications.pageUrl(PAGE_PATHS.dashboard),
          worst: figures.worstCases.slice(0, DIGEST_WORST_ROWS).map((w) => ({
            holder: w.holder,
            agency: w.agency,
            step: w.step,
            overrun: format.duration(w.overrunMs),
            url: this.notifications.pageUrl(PAGE_PATHS.renewal(w.renewalId)),
          })),
          atRisk: atRisk.map((s) => ({
            holder: s.holder_name,
            agency: s.agency,
            step: s.step,
            breached: s.breached,
            deadline: format.dateTimeOf(s.deadline_at),
            url: this.notifications.pageUrl(PAGE_PATHS.renewal(s.renewal_id)),
          })),
          atRiskCount: atRisk.length,
        },
        dedupeKey: `weekly-digest:${period.from}`,
      });
    });
  }

  /**
   * Tells the performer of each running step that turned at risk or breached its standard since
   * the last look (the agency's verifiers too, for a breach): once per step and transition.
   */
  async watchSla(): Promise<number> {
    const lang = this.config.locale;
    const format = new ReportFormatter(lang, this.config.timeZone);
    return this.tx.run(async () => {
      const crossings = await this.alerts.claimSlaCrossings(this.clock.now(), SLA_WATCH_BATCH);
      const emails = this.emailLookup();
      for (const step of crossings) {
        const verifiers = await emails('VERIFIKATOR', step.agency);
        const to = await this.performerEmails(step, emails);
        const cc = step.crossing === 'breached' ? verifiers.filter((v) => !to.includes(v)) : [];
        await this.notifications.enqueue({
          template: step.crossing === 'breached' ? 'sla-breached' : 'sla-at-risk',
          lang,
          to: to.length ? to : cc,
          cc: to.length ? cc : [],
          model: {
            recipient: salutationName(step),
            holder: step.holder_name,
            nip: step.holder_nip,
            agency: step.agency,
            certificateSerial: step.certificate_serial,
            renewalId: step.renewal_id,
            renewalUrl: this.notifications.pageUrl(PAGE_PATHS.renewal(step.renewal_id)),
            step: step.step,
            round: step.round,
            // With its basis: "5 menit jam kerja" is not "5 menit" on the calendar.
            standard: describeStandard(
              { duration: step.standard_duration, basis: step.standard_basis },
              lang,
            ),
            startedAt: format.dateTimeOf(step.started_at),
            deadline: format.dateTimeOf(step.deadline_at),
            // Step 4 waits for the holder to be told: the office is asked to tell, not the holder to finish.
            informHolder: step.step === HOLDER_INFORMED_STEP,
          },
          dedupeKey: `sla:${step.step_id}:${step.crossing}`,
          // Sent only while the step still runs: one that ended meanwhile is cancelled at delivery.
          whileStepRuns: step.step_id,
        });
      }
      if (crossings.length) this.logger.log(`Peringatan mutu baku: ${crossings.length} langkah`);
      return crossings.length;
    });
  }

  /**
   * Holders whose certificate expires within 30, 14 or 7 days and have no renewal open get a
   * reminder (their agency's verifiers in copy) with the latest safe day to start: once per
   * threshold and certificate.
   */
  async remindExpiries(scheduledAt: Date): Promise<number> {
    const today = officeDate(scheduledAt, this.config.timeZone);
    const lang = this.config.locale;
    const format = new ReportFormatter(lang, this.config.timeZone);
    const sop = await this.sops.get(RENEWAL_SOP_CODE);
    const standards = sop.steps.map((step) => ({
      duration: step.duration,
      durationMs: step.duration ? parseIsoDuration(step.duration) : null,
      basis: step.basis as TimeBasis,
    }));
    const calendar = await this.calendar.calendar();
    const last = dayToCalendarDate(calendarDateToDay(today) + Math.max(...EXPIRY_REMINDER_DAYS));
    return this.tx.run(async () => {
      const holders = await this.alerts.holdersExpiring(today, last);
      const emails = this.emailLookup();
      let queued = 0;
      for (const holder of holders) {
        const daysLeft = calendarDateToDay(holder.expires_on) - calendarDateToDay(today);
        const threshold = [...EXPIRY_REMINDER_DAYS].reverse().find((days) => daysLeft <= days)!;
        const safeStart = latestSafeStartDate(holder.expires_on, standards, calendar);
        const id = await this.notifications.enqueue({
          template: 'expiry-reminder',
          lang,
          to: [holder.email],
          cc: await emails('VERIFIKATOR', holder.agency),
          model: {
            holder: holder.name,
            agency: holder.agency,
            certificateSerial: holder.certificate_serial ?? '–',
            expiresOn: format.date(holder.expires_on),
            daysLeft,
            latestSafeStart: format.date(safeStart),
            startNow: safeStart < today,
            sopNumber: sop.number,
            startUrl: this.notifications.pageUrl(PAGE_PATHS.newRenewal),
          },
          dedupeKey: `expiry:${holder.holder_id}:${holder.expires_on}:${threshold}`,
        });
        if (id) queued++;
      }
      return queued;
    });
  }

  private async summaryModel(figures: ComplianceFigures, period: ReportPeriod, format: ReportFormatter) {
    // A step "tanpa mutu baku" is one whose SOP step has no time standard, not one with no share yet.
    const sop = await this.sops.get(RENEWAL_SOP_CODE);
    const standardOf = new Map(sop.steps.map((step) => [step.number, step.duration !== null]));
    return {
      period: format.period(period.from, period.to),
      opened: format.count(figures.renewals.opened),
      completed: format.count(figures.renewals.completed),
      running: format.count(figures.renewals.running),
      leadTimeMedian: format.duration(figures.renewals.leadTime.medianMs),
      breaches: format.count(breachCount(figures)),
      steps: figures.steps.map((s) => ({
        step: s.step,
        hasStandard: standardOf.get(s.step) ?? s.withinStandardShare !== null,
        withinStandard: s.withinStandardShare === null ? null : format.percent(s.withinStandardShare),
        breaches: format.count(s.breaches),
      })),
    };
  }

  private async headOfOfficeRecipients(): Promise<string[]> {
    const configured = this.config.jobs.reportRecipients;
    return configured.length ? [...configured] : this.users.emailsOf('KEPALA_DINAS');
  }

  /** E-mail addresses by role (and agency), looked up once per run. */
  private emailLookup() {
    const known = new Map<string, Promise<string[]>>();
    return (role: ActorRole, agency?: string) => {
      const key = `${role}|${agency ?? ''}`;
      if (!known.has(key)) known.set(key, this.users.emailsOf(role, agency));
      return known.get(key)!;
    };
  }

  /**
   * Who can move a step on: the holder, the agency's verifiers, or BSrE's operators. Step 4 is in
   * the holder's lane but waits for the holder to be informed, which the verifiers record.
   */
  private performerEmails(step: ClaimedCrossing, emails: ReturnType<SchedulesService['emailLookup']>) {
    if (step.step === HOLDER_INFORMED_STEP) return emails('VERIFIKATOR', step.agency);
    if (step.performer_role === 'PENGGUNA') return Promise.resolve([step.holder_email]);
    if (step.performer_role === 'VERIFIKATOR') return emails('VERIFIKATOR', step.agency);
    return emails('BSRE');
  }
}
