import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/**
 * The last page a client may ask for: far past any list Mutu keeps, and small enough that the
 * row offset it means stays a safe integer and within PostgreSQL's bigint.
 */
const MAX_PAGE = 1_000_000;
const pageMessage = `page harus bilangan bulat 1–${MAX_PAGE}`;

/** Paging with a list's own default and largest page; lists extend it with their filters. */
export function pageQuery(defaultSize: number, maxSize: number) {
  const sizeMessage = `pageSize harus 1–${maxSize}`;
  class Paging {
    @ApiPropertyOptional({ default: 1, minimum: 1, maximum: MAX_PAGE })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: pageMessage })
    @Min(1, { message: pageMessage })
    @Max(MAX_PAGE, { message: pageMessage })
    page: number = 1;

    @ApiPropertyOptional({ default: defaultSize, minimum: 1, maximum: maxSize })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: sizeMessage })
    @Min(1, { message: sizeMessage })
    @Max(maxSize, { message: sizeMessage })
    pageSize: number = defaultSize;
  }
  return Paging;
}

/** Paging of long histories (audit events, job runs, the outbox, the reports archive). */
export class PageQuery extends pageQuery(50, 500) {}
