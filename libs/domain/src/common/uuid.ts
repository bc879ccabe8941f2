/**
 * Whether a client-given id can be a uuid at all: anything else is "not found" without asking
 * PostgreSQL, which would reject it as invalid input instead.
 */
export function isUuidShaped(id: string): boolean {
  return /^[0-9a-f-]{36}$/i.test(id);
}
