/** SQLSTATEs of a server that is going away or cannot take a connection (PostgreSQL Appendix A). */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the backend was terminated (restart, pg_terminate_backend)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up or shutting down
  '57P05', // idle_session_timeout
  '57014', // query_canceled: statement_timeout — the server is too busy to answer in time
  '25P03', // idle_in_transaction_session_timeout
  '53300', // too_many_connections
]);

/** Class 08 (connection exception): every code of it. */
const CONNECTION_EXCEPTION_CLASS = /^08[0-9A-Z]{3}$/;

const UNAVAILABLE_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

// What `pg` and `pg-pool` throw without a code when a connection is lost, cannot be had in time
// (the pool's acquire timeout), or the pool is closing.
const UNAVAILABLE_MESSAGES = [
  /timeout exceeded when trying to connect/i,
  /Connection terminated/i,
  /not queryable/i,
  /Cannot use a pool after calling end on the pool/i,
  /Koneksi basis data terputus/,
  // 55000 with this text: the database is closed to connections (ALLOW_CONNECTIONS false, maintenance).
  /is not currently accepting connections/i,
];

/**
 * Whether an error means the database cannot be reached or cannot answer now, rather than that
 * the request was wrong: a 503 with Retry-After, not a 500. Looks through MikroORM's wrapping
 * (the pg error's `code` is copied onto DriverException), `cause` chains and AggregateErrors
 * (a refused connection to every address of a host).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  // Shapes, not `instanceof`: errors of Node's own sockets may come from another realm.
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const { code, message, errors, cause } = error as {
    code?: unknown;
    message?: unknown;
    errors?: unknown;
    cause?: unknown;
  };
  if (typeof code === 'string') {
    if (UNAVAILABLE_SQLSTATES.has(code) || CONNECTION_EXCEPTION_CLASS.test(code)) return true;
    if (UNAVAILABLE_SYSTEM_CODES.has(code)) return true;
  }
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message)))
    return true;
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return isDatabaseUnavailable(cause, depth + 1);
}
