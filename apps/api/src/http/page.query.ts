import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** Paging of long histories (audit events, job runs); lists extend it with their filters. */
export class PageQuery {
  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'page harus bilangan bulat ≥ 1' })
  @Min(1, { message: 'page harus bilangan bulat ≥ 1' })
  page: number = 1;

  @ApiPropertyOptional({ default: 50, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'pageSize harus 1–500' })
  @Min(1, { message: 'pageSize harus 1–500' })
  @Max(500, { message: 'pageSize harus 1–500' })
  pageSize: number = 50;
}
