import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Paging with a list's own default and largest page; lists extend it with their filters. */
export function pageQuery(defaultSize: number, maxSize: number) {
  const sizeMessage = `pageSize harus 1–${maxSize}`;
  class Paging {
    @ApiPropertyOptional({ default: 1 })
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: 'page harus bilangan bulat ≥ 1' })
    @Min(1, { message: 'page harus bilangan bulat ≥ 1' })
    page: number = 1;

    @ApiPropertyOptional({ default: defaultSize, maximum: maxSize })
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
