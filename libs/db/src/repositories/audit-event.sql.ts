import type { AuditContent } from '@mutu/domain';

/**
 * An audit event's field as SQL reads it from the event's canonical JSON (audit_event.canonical,
 * its only content), written once for the expression indexes and for the queries that must
 * repeat their expressions to use them. Unqualified: only for queries where no other table has
 * a `canonical` column.
 */
export const auditFieldSql = (key: keyof AuditContent) => `(canonical::jsonb ->> '${key}')`;

/**
 * The event's instant as text in byte order: every instant is stored as toISOString writes it
 * (UTC, fixed width), so that order is time order. Compare it with `toISOString()` values.
 */
export const AUDIT_OCCURRED_AT_SQL = `${auditFieldSql('occurredAt')} COLLATE "C"`;
