import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { StepMeasurement, TimeBasis } from '@mutu/domain';

/** An ended step with what measuring it needs. */
export interface EndedStepRow {
  id: string;
  started_at: Date;
  ended_at: Date;
  standard_duration: string | null;
  standard_ms: number | null;
  standard_basis: TimeBasis;
  deadline_at: Date | null;
  at_risk_at: Date | null;
  /** As measured when it ended; null until then. */
  sla_status: string | null;
}

export interface MeasuredRow {
  readonly id: string;
  readonly measurement: StepMeasurement;
}

/** An ended step measured for the first time, with its time held (domain stepHeldMs, ms). */
export interface FirstMeasuredRow extends MeasuredRow {
  readonly heldMs: number;
}

const ENDED_COLUMNS = `id, started_at, ended_at, standard_duration, standard_ms::float8 AS standard_ms,
       standard_basis, deadline_at, at_risk_at, sla_status`;

/** The stored SLA measurements of ended steps: taken once at the end, recalculated beside. */
@Injectable()
export class StepMeasurementRepository {
  constructor(private readonly em: EntityManager) {}

  /** Whether any ended step has no measurement yet (one index probe). */
  async anyUnmeasured(): Promise<boolean> {
    const rows = await this.em.execute<{ id: string }[]>(
      'SELECT id FROM step_instance WHERE ended_at IS NOT NULL AND sla_status IS NULL LIMIT 1',
    );
    return rows.length > 0;
  }

  /** Up to `limit` ended steps never measured (recorded before measurements were stored), locked. */
  async unmeasured(limit: number): Promise<EndedStepRow[]> {
    return instants(
      await this.em.execute<EndedStepRow[]>(
        `SELECT ${ENDED_COLUMNS} FROM step_instance
        WHERE ended_at IS NOT NULL AND sla_status IS NULL
        ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`,
        [limit],
      ),
    );
  }

  /** Ended steps of the renewals opened in [from, before), after `afterId`, in id order, locked. */
  async endedInPeriod(
    from: Date,
    before: Date,
    afterId: string | null,
    limit: number,
  ): Promise<EndedStepRow[]> {
    return instants(
      await this.em.execute<EndedStepRow[]>(
        `SELECT ${ENDED_COLUMNS} FROM step_instance
        WHERE renewal_opened_at >= ? AND renewal_opened_at < ? AND ended_at IS NOT NULL
          AND (?::uuid IS NULL OR id > ?::uuid)
        ORDER BY id LIMIT ? FOR UPDATE`,
        [from, before, afterId, afterId, limit],
      ),
    );
  }

  /** Stores first measurements, and the time each step held its renewal, as a step's end does. */
  async storeMeasured(rows: readonly FirstMeasuredRow[], at: Date): Promise<void> {
    if (!rows.length) return;
    await this.em.execute(
      `UPDATE step_instance s SET sla_status = m.status, sla_elapsed_ms = m.elapsed, sla_overrun_ms = m.overrun,
              held_ms = m.held, measured_at = ?
         FROM jsonb_to_recordset(?::jsonb) AS m(id uuid, status text, elapsed bigint, overrun bigint, held bigint)
        WHERE s.id = m.id`,
      [at, recordsOf(rows)],
    );
  }

  /** Stores recalculations beside the measurements, under the recalculation `recalculationId`. */
  async storeRecalculated(rows: readonly MeasuredRow[], recalculationId: string): Promise<void> {
    if (!rows.length) return;
    await this.em.execute(
      `UPDATE step_instance s SET recalculation_id = ?, recalc_status = m.status, recalc_elapsed_ms = m.elapsed,
              recalc_overrun_ms = m.overrun, recalc_deadline_at = m.deadline
         FROM jsonb_to_recordset(?::jsonb)
              AS m(id uuid, status text, elapsed bigint, overrun bigint, deadline timestamptz)
        WHERE s.id = m.id`,
      [recalculationId, recordsOf(rows)],
    );
  }

  async addRecalculation(fields: {
    periodFrom: string;
    periodTo: string;
    reason: string;
    requestedBy: string;
    requestedAt: Date;
  }): Promise<string> {
    const [row] = await this.em.execute<{ id: string }[]>(
      `INSERT INTO sla_recalculation (id, period_from, period_to, reason, requested_by, requested_at, steps)
       VALUES (gen_random_uuid(), ?, ?, ?, ?, ?, 0) RETURNING id`,
      [fields.periodFrom, fields.periodTo, fields.reason, fields.requestedBy, fields.requestedAt],
    );
    return row.id;
  }

  async countRecalculation(id: string, steps: number): Promise<void> {
    await this.em.execute(`UPDATE sla_recalculation SET steps = ? WHERE id = ?`, [steps, id]);
  }
}

/** Raw rows carry timestamps as the driver gives them; the domain takes Dates. */
function instants(rows: EndedStepRow[]): EndedStepRow[] {
  const at = (value: Date | string | null) => (value === null ? null : new Date(value));
  return rows.map((row) => ({
    ...row,
    started_at: at(row.started_at)!,
    ended_at: at(row.ended_at)!,
    deadline_at: at(row.deadline_at),
    at_risk_at: at(row.at_risk_at),
  }));
}

/** The rows as one JSON parameter (the driver would spread a JS array into a list). */
function recordsOf(rows: readonly (MeasuredRow & { heldMs?: number })[]): string {
  return JSON.stringify(
    rows.map(({ id, measurement: m, heldMs }) => ({
      id,
      status: m.status,
      elapsed: m.elapsedMs,
      overrun: m.overrunMs,
      deadline: m.deadline?.toISOString() ?? null,
      held: heldMs ?? null,
    })),
  );
}
