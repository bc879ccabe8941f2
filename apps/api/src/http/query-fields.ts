import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Matches, Min } from 'class-validator';
import { SLA_MEASURES } from '@mutu/db';

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
