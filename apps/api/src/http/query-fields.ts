import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, isISO8601, Max, Min, ValidateBy } from 'class-validator';
import { SLA_MEASURES } from '@mutu/db';
import { isCalendarDate, nipProblem } from '@mutu/domain';

/** The largest integer PostgreSQL's `integer` holds: any int a client sends is bounded by it. */
export const PG_INT_MAX = 2_147_483_647;

/**
 * A YYYY-MM-DD office date that exists on the calendar (2026-02-30 and 2026-13-01 do not), by the
 * domain's one rule; the 400 names the field (and adds `note`). Documented as `format: date`.
 */
export const IsCalendarDateField = (field: string, note = '') =>
  applyDecorators(
    // Merged with the field's own @ApiProperty (description, example, required).
    ApiProperty({ type: String, format: 'date' }),
    ValidateBy({
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value),
        defaultMessage: () => `${field} harus tanggal YYYY-MM-DD yang ada di kalender${note}`,
      },
    }),
  );

/**
 * An ISO-8601 instant with its date and time (2026-11-24T02:04:00Z, …+07:00) that names a real
 * moment between the years 1900 and 9999, so it is a valid JavaScript Date and PostgreSQL
 * timestamptz alike; documented as `format: date-time`.
 */
export const IsInstantField = (field: string) =>
  applyDecorators(
    ApiProperty({ type: String, format: 'date-time' }),
    ValidateBy({
      name: 'isInstant',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return false;
          if (!isISO8601(value, { strict: true })) return false;
          const year = new Date(value).getUTCFullYear();
          return year >= 1900 && year <= 9999;
        },
        defaultMessage: () => `${field} harus waktu ISO-8601 yang ada (mis. 2026-11-24T09:04:00+07:00)`,
      },
    }),
  );

/** An 18-digit NIP by the domain's one rule; the 400 names the field, its message the part at fault. */
export const IsNipField = () =>
  ValidateBy({
    name: 'isNip',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && nipProblem(value) === null,
      defaultMessage: (args) =>
        (typeof args?.value === 'string' && nipProblem(args.value)) || 'NIP harus 18 digit angka',
    },
  });

/** An optional version number (1 … PG_INT_MAX) from a query string or body. */
export const OptionalVersionField = (field: string) =>
  applyDecorators(
    IsOptional(),
    Type(() => Number),
    IsInt({ message: `${field} harus bilangan bulat` }),
    Min(1, { message: `${field} minimal 1` }),
    Max(PG_INT_MAX, { message: `${field} maksimal ${PG_INT_MAX}` }),
  );

/** Which stored measurement of ended steps compliance figures and reports read (issue 10). */
export const MeasureField = () =>
  applyDecorators(
    ApiPropertyOptional({
      enum: SLA_MEASURES,
      default: 'measured',
      description:
        'Langkah selesai sebagaimana diukur saat selesai (bawaan) atau menurut penghitungan ulang terakhir / ' +
        'ended steps as measured when they ended (default) or as last recalculated',
    }),
    IsOptional(),
    IsIn([...SLA_MEASURES], { message: `measure harus ${SLA_MEASURES.join(' atau ')}` }),
  );
