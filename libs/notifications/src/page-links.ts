/**
 * The web pages that e-mail links to, as paths under MUTU_PUBLIC_URL. The page controllers in
 * apps/api serve exactly these paths; the web route test opens each one.
 */
export const PAGE_PATHS = {
  /** A renewal's page: timeline, SLA clock, checklist and the actions of whoever opens it. */
  renewal: (id: string) => `/permohonan/${encodeURIComponent(id)}`,
  /** Where a holder starts a renewal. */
  newRenewal: '/permohonan/baru',
  /** The head of office's compliance dashboard. */
  dashboard: '/dasbor',
} as const;
