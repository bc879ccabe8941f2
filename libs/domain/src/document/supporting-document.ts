import {
  type ActorRole,
  HOLDER_SIDE_ROLES,
  type OpenRenewalStatus,
  type RenewalStatus,
} from '../renewal/renewal.types';

export interface AcceptedDocumentType {
  readonly mediaType: string;
  readonly label: string;
  /** Lower case, the usual one first. */
  readonly extensions: readonly string[];
}

/** What may be uploaded, judged by the file's own bytes, never by its name or declared type. */
export const ACCEPTED_DOCUMENT_TYPES: readonly AcceptedDocumentType[] = [
  { mediaType: 'application/pdf', label: 'PDF', extensions: ['pdf'] },
  { mediaType: 'image/jpeg', label: 'JPEG', extensions: ['jpg', 'jpeg'] },
  { mediaType: 'image/png', label: 'PNG', extensions: ['png'] },
];

/** Documents are gathered in step 1 and go to BSrE with the request in step 2; later they would miss the round. */
export const DOCUMENT_UPLOAD_STATUSES: readonly OpenRenewalStatus[] = ['step1', 'step2'];

/** Whether `role` may upload supporting documents to a renewal in `status` (the holder's side, steps 1–2). */
export function mayUploadDocuments(status: RenewalStatus, role: ActorRole): boolean {
  return (
    HOLDER_SIDE_ROLES.includes(role) &&
    (DOCUMENT_UPLOAD_STATUSES as readonly RenewalStatus[]).includes(status)
  );
}

const MAX_NAME_LENGTH = 120;
const FALLBACK_NAME = 'dokumen';

function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && /^\.[\p{L}\p{N}]{1,10}$/u.test(name.slice(dot)) ? name.slice(dot) : '';
}

/**
 * A client's file name as it may be kept and shown: the last path segment only; no control or
 * invisible formatting characters (a right-to-left override can disguise "gpj.exe" as
 * "exe.jpg"); whitespace collapsed; no leading or trailing dots; at most 120 characters, the
 * extension kept. What is left of nothing usable is "dokumen".
 */
export function sanitizeFileName(raw: string): string {
  const segment =
    raw
      .normalize('NFC')
      .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
      .split(/[/\\]/)
      .filter((part) => part.trim())
      .pop() ?? '';
  const name = segment.replace(/\s+/g, ' ').replace(/^[\s.]+|[\s.]+$/g, '');
  if (!name) return FALLBACK_NAME;
  const chars = Array.from(name);
  if (chars.length <= MAX_NAME_LENGTH) return name;
  const extension = Array.from(extensionOf(name));
  return (
    chars
      .slice(0, MAX_NAME_LENGTH - extension.length)
      .join('')
      .trimEnd() + extension.join('')
  );
}

/**
 * The name a download is saved under: the kept name, with the extension of the type its bytes
 * were found to be added when the name says otherwise, so that a PNG named "surat.pdf" (or a
 * PDF named "surat.html") opens in the program its content is for.
 */
export function downloadFileName(name: string, mediaType: string): string {
  const type = ACCEPTED_DOCUMENT_TYPES.find((t) => t.mediaType === mediaType);
  if (!type || type.extensions.includes(extensionOf(name).slice(1).toLowerCase())) return name;
  return sanitizeFileName(`${name}.${type.extensions[0]}`);
}
