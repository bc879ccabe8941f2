/**
 * `value` with every object within it frozen, returned as is (Dates are left alone: freezing
 * one does not stop its setters). For what is kept in process and shared by every caller that
 * reads it (ChangeFeed's kept entries, KeptRenewalViews): none may change it.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date) && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
