/** libur nasional: national holiday; cuti bersama: collective leave that civil servants must take. */
export const HOLIDAY_KINDS = ['libur_nasional', 'cuti_bersama'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];

export interface Holiday {
  /** WIB calendar date, YYYY-MM-DD. */
  readonly date: string;
  /** Name as written in the SKB, in Indonesian. */
  readonly name: string;
  readonly kind: HolidayKind;
}
