import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Min } from 'class-validator';

/** An office date as clients send it; whether the date exists is the domain's to say. */
export const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A YYYY-MM-DD field; the 400 names it (and adds `note`). */
export const IsCalendarDateField = (field: string, note = '') =>
  Matches(CALENDAR_DATE, { message: `${field} harus tanggal YYYY-MM-DD${note}` });

/** An optional version number (≥ 1) from a query string or body. */
export const OptionalVersionField = (field: string) =>
  applyDecorators(
    IsOptional(),
    Type(() => Number),
    IsInt({ message: `${field} harus bilangan bulat` }),
    Min(1, { message: `${field} minimal 1` }),
  );
