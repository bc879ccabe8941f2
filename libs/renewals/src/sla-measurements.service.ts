import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '@mutu/audit';
import { CalendarService } from '@mutu/calendar';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { type EndedStepRow, StepMeasurementRepository, TransactionRunner } from '@mutu/db';
import {
  type Actor,
  isCalendarDate,
  measureEndedStep,
  type OfficeCalendar,
  officeDayEnd,
  officeInstant,
  officeMidnight,
  stepHeldMs,
  ValidationError,
} from '@mutu/domain';

// Rows measured per statement: one UPDATE of this many rows, small enough to keep locks short.
const BATCH = 2_000;

export interface RecalculationRequest {
  /** Office dates (WIB), inclusive: the ended steps of renewals opened from `from` through `to`. */
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}

function standardOf(row: EndedStepRow) {
  return { duration: row.standard_duration, durationMs: row.standard_ms, basis: row.standard_basis };
}

/**
 * The SLA measurement stored with each ended step (issue 10): taken when the step ends
 * (RenewalsService), taken here for steps recorded before measurements were stored, and taken
 * again on request with today's calendar, beside the original, never over it.
 */
@Injectable()
export class SlaMeasurementsService {
  private readonly logger = new Logger('Mutu baku');

  constructor(
    private readonly measurements: StepMeasurementRepository,
    private readonly calendars: CalendarService,
    private readonly audit: AuditService,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /**
   * Measures every ended step that has no measurement yet, against the deadline fixed at its
   * start, with the calendar as it stands now, and stores the time it held its renewal, as its
   * end would have; returns how many. Safe to run in several processes.
   */
  async measureUnmeasured(): Promise<number> {
    let measured = 0;
    // Usually there are none (every step is measured as it ends): nothing more is done then.
    if (!(await this.tx.read(() => this.measurements.anyUnmeasured()))) return 0;
    // Read once, before the batches' transactions: the calendar as it stands now.
    const calendar = await this.calendars.calendar();
    for (;;) {
      const done = await this.tx.run(async () => {
        const rows = await this.measurements.unmeasured(BATCH);
        await this.measurements.storeMeasured(
          rows.map((row) => ({
            id: row.id,
            measurement: measure(row, calendar, true),
            heldMs: stepHeldMs(row.started_at, row.ended_at),
          })),
          this.clock.now(),
        );
        return rows.length;
      });
      measured += done;
      if (done < BATCH) break;
    }
    if (measured) this.logger.log(`${measured} langkah selesai diukur terhadap mutu baku`);
    return measured;
  }

  /**
   * Recalculates the ended steps of the renewals opened in a period with today's calendar (the
   * deadline fixed anew from each step's start), stored beside the measurement as taken; the
   * request and its outcome are audited in the same transaction. Throws ValidationError naming
   * `from`, `to` or `reason`.
   */
  async recalculate(request: RecalculationRequest, actor: Actor) {
    const problems = [
      ...(isCalendarDate(request.from) ? [] : [{ field: 'from', message: 'harus tanggal YYYY-MM-DD' }]),
      ...(isCalendarDate(request.to) ? [] : [{ field: 'to', message: 'harus tanggal YYYY-MM-DD' }]),
      ...(request.reason?.trim()
        ? []
        : [{ field: 'reason', message: 'alasan penghitungan ulang wajib diisi' }]),
    ];
    if (!problems.length && request.to < request.from)
      problems.push({ field: 'to', message: 'tidak boleh sebelum from' });
    if (problems.length) throw new ValidationError(problems, 'Permintaan penghitungan ulang tidak valid');
    const { timeZone } = this.config;
    return this.tx.run(async () => {
      const now = this.clock.now();
      const calendar = await this.calendars.calendar();
      const reason = request.reason.trim();
      const id = await this.measurements.addRecalculation({
        periodFrom: request.from,
        periodTo: request.to,
        reason,
        requestedBy: actor.id,
        requestedAt: now,
      });
      let steps = 0;
      let statusChanged = 0;
      let after: string | null = null;
      for (;;) {
        const rows = await this.measurements.endedInPeriod(
          officeMidnight(request.from, timeZone),
          officeDayEnd(request.to, timeZone),
          after,
          BATCH,
        );
        const recalculated = rows.map((row) => ({ id: row.id, measurement: measure(row, calendar, false) }));
        await this.measurements.storeRecalculated(recalculated, id);
        statusChanged += rows.filter(
          (row, i) => row.sla_status !== recalculated[i].measurement.status,
        ).length;
        steps += rows.length;
        if (rows.length < BATCH) break;
        after = rows[rows.length - 1].id;
      }
      await this.measurements.countRecalculation(id, steps);
      const view = {
        id,
        period: { from: request.from, to: request.to },
        reason,
        requestedBy: actor.id,
        requestedAt: officeInstant(now, timeZone),
        steps,
        statusChanged,
      };
      await this.audit.record({
        actor,
        action: 'sla.recalculated',
        entityType: 'sla_recalculation',
        entityId: id,
        after: { period: view.period, reason, steps, statusChanged },
      });
      return view;
    });
  }
}

export type RecalculationView = Awaited<ReturnType<SlaMeasurementsService['recalculate']>>;

/** As measured (`fixed`: against the deadline fixed at the start) or recalculated (deadline anew). */
function measure(row: EndedStepRow, calendar: OfficeCalendar, fixed: boolean) {
  return measureEndedStep({
    startedAt: row.started_at,
    endedAt: row.ended_at,
    standard: standardOf(row),
    calendar,
    ...(fixed && { fixed: { deadline: row.deadline_at, atRiskAt: row.at_risk_at } }),
  });
}
