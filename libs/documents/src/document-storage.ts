import { createHash } from 'node:crypto';

/**
 * Where the bytes of supporting documents are kept, addressed by their SHA-256 (lower-case hex),
 * so the same bytes are kept once whoever uploads them. A folder on the server today; an
 * S3-compatible bucket would be another implementation of this interface.
 */
export interface DocumentStorage {
  /** Keeps `bytes` under `sha256`, which the caller computed from them; atomically, and once. */
  put(sha256: string, bytes: Buffer): Promise<void>;
  /** The bytes kept under `sha256`, or null when there are none. */
  get(sha256: string): Promise<Buffer | null>;
}

export const DOCUMENT_STORAGE = Symbol('DocumentStorage');

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
