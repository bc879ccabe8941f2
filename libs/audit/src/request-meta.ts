import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a change came from, carried alongside the work so audit events can name it. */
export interface RequestMeta {
  readonly requestId: string | null;
  readonly clientIp: string | null;
}

const storage = new AsyncLocalStorage<RequestMeta>();

export function runWithRequestMeta<T>(meta: RequestMeta, work: () => T): T {
  return storage.run(meta, work);
}

export function currentRequestMeta(): RequestMeta {
  return storage.getStore() ?? { requestId: null, clientIp: null };
}
