/**
 * Office calendar dates ('YYYY-MM-DD') and their link to instants in WIB.
 *
 * Indonesia has not observed DST since 1964, so WIB is a fixed UTC+7 offset and a WIB calendar
 * day is always exactly 24 hours: shifting by the offset is exact, no tz database needed.
 */

import { ValidationError } from '../common/domain-errors';

export const DAY_MS = 86_400_000;
export const WIB_OFFSET_MS = 7 * 3_600_000;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A 'YYYY-MM-DD' value that is malformed or names no real day; bad input, not a bug. */
export class InvalidCalendarDateError extends ValidationError {
  constructor(readonly value: string) {
    super(
      [{ field: 'date', message: `"${value}" bukan tanggal YYYY-MM-DD yang ada di kalender` }],
      'Tanggal tidak valid',
    );
  }
}

/** An invalid Date (NaN time) reached the calendar: a programming error, never user input. */
export class InvalidInstantError extends RangeError {
  constructor(readonly field: string) {
    super(`Waktu pada "${field}" tidak valid (Invalid Date).`);
    this.name = 'InvalidInstantError';
  }
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
 * Integer arithmetic instead of Date.UTC, which maps years 0–99 onto 1900–1999.
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Day number (days since 1970-01-01) of a 'YYYY-MM-DD' date; rejects impossible dates such as 2026-02-30. */
export function calendarDateToDay(date: string): number {
  const match = CALENDAR_DATE.exec(date);
  if (!match) throw new InvalidCalendarDateError(date);
  const day = daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
  if (dayToCalendarDate(day) !== date) throw new InvalidCalendarDateError(date);
  return day;
}

export function dayToCalendarDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isCalendarDate(value: string): boolean {
  try {
    calendarDateToDay(value);
    return true;
  } catch {
    return false;
  }
}

export function assertValidInstant(instant: Date, field: string): number {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new InvalidInstantError(field);
  return time;
}

/** The WIB calendar date an instant falls on. */
export function wibDate(instant: Date): string {
  return dayToCalendarDate(wibDay(assertValidInstant(instant, 'instant')));
}

/** The instant a WIB calendar date begins (00:00 WIB = 17:00 UTC the day before). */
export function wibDayStart(date: string): Date {
  return new Date(calendarDateToDay(date) * DAY_MS - WIB_OFFSET_MS);
}

/** Day number of the WIB calendar day containing the epoch-millisecond `time`. */
export function wibDay(time: number): number {
  return Math.floor((time + WIB_OFFSET_MS) / DAY_MS);
}
