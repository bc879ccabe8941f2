import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';

/**
 * Sign-in attempts per account and address, counted in the database so that every API process
 * (and every request arriving at once) draws from one budget. A row counts the attempts of its
 * current window that are being evaluated or have failed; the window restarts a minute after it began.
 */
@Injectable()
export class LoginThrottleRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Takes one attempt from the budget of (username, address) at `now`, atomically (one upsert
   * under the row's lock). Returns how many the window holds with this one: the caller may
   * evaluate the password only when that is within its limit.
   */
  async take(username: string, clientIp: string | null, now: Date): Promise<number> {
    const rows = await this.em.execute<{ evaluated: number }[]>(
      `INSERT INTO login_throttle AS t (username, client_ip, window_started_at, evaluated)
       VALUES (?, ?, ?, 1)
       ON CONFLICT (username, client_ip) DO UPDATE SET
         window_started_at = CASE WHEN t.window_started_at <= excluded.window_started_at - interval '1 minute'
                                  THEN excluded.window_started_at ELSE t.window_started_at END,
         evaluated = CASE WHEN t.window_started_at <= excluded.window_started_at - interval '1 minute'
                          THEN 1 ELSE t.evaluated + 1 END
       RETURNING evaluated`,
      [username, clientIp ?? '', now],
    );
    return rows[0].evaluated;
  }

  /** Gives back an attempt that succeeded: only failures use up the budget. */
  async giveBack(username: string, clientIp: string | null): Promise<void> {
    await this.em.execute(
      `UPDATE login_throttle SET evaluated = greatest(evaluated - 1, 0) WHERE username = ? AND client_ip = ?`,
      [username, clientIp ?? ''],
    );
  }
}
