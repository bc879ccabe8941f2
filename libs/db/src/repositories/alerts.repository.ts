import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { PerformerRole, TimeBasis } from '@mutu/domain';
import { atRiskNowSql, breachedSql } from './step-sla.sql';

export type SlaCrossing = 'at_risk' | 'breached';

/** A running step, with who it concerns. */
export interface WatchedStep {
  step_id: string;
  renewal_id: string;
  step: number;
  round: number;
  performer_role: PerformerRole;
  started_at: Date;
  deadline_at: Date;
  standard_duration: string | null;
  standard_basis: TimeBasis;
  certificate_serial: string;
  holder_name: string;
  holder_nip: string;
  holder_email: string;
  agency: string;
}

export interface ClaimedCrossing extends WatchedStep {
  crossing: SlaCrossing;
}

export interface ExpiringHolder {
  holder_id: string;
  nip: string;
  name: string;
  email: string;
  agency: string;
  certificate_serial: string | null;
  expires_on: string;
}

const WATCHED_COLUMNS = `s.id AS step_id, s.renewal_id, s.step, s.round, s.performer_role, s.started_at,
       s.deadline_at, s.standard_duration, s.standard_basis, r.certificate_serial, h.name AS holder_name,
       h.nip AS holder_nip, h.email AS holder_email, a.name AS agency`;

/** What the scheduled warnings look for: steps crossing their standards, certificates running out. */
@Injectable()
export class AlertsRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Marks the running steps that have turned at risk or breached since last looked at, and
   * returns them: each transition is returned once, ever. A step found past both thresholds is
   * told as breached only. Call in the transaction that queues the warnings, so marks and
   * messages commit together; concurrent callers skip each other's rows.
   */
  claimSlaCrossings(now: Date, limit: number): Promise<ClaimedCrossing[]> {
    return this.em.execute<ClaimedCrossing[]>(
      `WITH due AS (
         SELECT s.id, CASE WHEN ${breachedSql('s.', '?::timestamptz')} THEN 'breached' ELSE 'at_risk' END AS crossing
           FROM step_instance s
          WHERE s.ended_at IS NULL
            AND ((${breachedSql('s.', '?::timestamptz')} AND s.breach_notified_at IS NULL)
              OR (${atRiskNowSql('s.', '?::timestamptz')} AND s.at_risk_notified_at IS NULL))
          ORDER BY s.deadline_at, s.id
          LIMIT ?
          FOR UPDATE SKIP LOCKED
       )
       UPDATE step_instance s
          SET at_risk_notified_at = coalesce(s.at_risk_notified_at, ?::timestamptz),
              breach_notified_at = CASE WHEN d.crossing = 'breached' THEN ?::timestamptz ELSE s.breach_notified_at END
         FROM due d, renewal r, holder h, agency a
        WHERE s.id = d.id AND r.id = s.renewal_id AND h.id = r.holder_id AND a.id = r.agency_id
        RETURNING d.crossing, ${WATCHED_COLUMNS}`,
      [now, now, now, now, limit, now, now],
    );
  }

  /** Running steps at risk or past their standard now, nearest deadline first. */
  runningAtRisk(now: Date, limit: number): Promise<(WatchedStep & { breached: boolean })[]> {
    return this.em.execute(
      `SELECT ${WATCHED_COLUMNS}, ${breachedSql('s.', '?::timestamptz')} AS breached
         FROM step_instance s
         JOIN renewal r ON r.id = s.renewal_id JOIN holder h ON h.id = r.holder_id JOIN agency a ON a.id = r.agency_id
        WHERE s.ended_at IS NULL AND s.at_risk_at <= ?::timestamptz
        ORDER BY s.deadline_at, s.id
        LIMIT ?`,
      [now, now, limit],
    );
  }

  /** Holders whose certificate expires in [from, to] (office dates) and who have no renewal open. */
  holdersExpiring(from: string, to: string): Promise<ExpiringHolder[]> {
    return this.em.execute<ExpiringHolder[]>(
      `SELECT h.id AS holder_id, h.nip, h.name, h.email, a.name AS agency, h.certificate_serial,
              h.certificate_expires_on::text AS expires_on
         FROM holder h JOIN agency a ON a.id = h.agency_id
        WHERE h.certificate_expires_on BETWEEN ?::date AND ?::date
          AND NOT EXISTS (SELECT 1 FROM renewal r
                           WHERE r.holder_id = h.id AND r.status NOT IN ('completed', 'cancelled'))
        ORDER BY h.certificate_expires_on, h.nip`,
      [from, to],
    );
  }
}
