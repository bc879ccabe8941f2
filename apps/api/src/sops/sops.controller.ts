import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { Public } from '../auth/auth.decorators';
import { SopSummaryView, SopsService, SopVersionView } from '@mutu/sops';

class SopVersionQuery {
  @ApiPropertyOptional({ description: 'Nomor versi; kosong = versi yang berlaku hari ini (WIB)', example: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'version harus bilangan bulat' })
  @Min(1, { message: 'version minimal 1' })
  version?: number;
}

// SOP documents are public records of the office; reading them needs no account.
@Public()
@ApiTags('SOP')
@Controller('sops')
export class SopsController {
  constructor(private readonly sops: SopsService) {}

  @Get()
  @ApiOperation({ summary: 'Daftar SOP / list SOPs with the version in force today' })
  @ApiOkResponse({ type: [SopSummaryView] })
  list(): Promise<SopSummaryView[]> {
    return this.sops.list();
  }

  @Get(':code')
  @ApiOperation({
    summary: 'Satu SOP: versi yang berlaku, atau versi tertentu / one SOP version with its steps',
  })
  @ApiOkResponse({ type: SopVersionView })
  @ApiNotFoundResponse({ description: 'SOP atau versi tidak ada' })
  get(@Param('code') code: string, @Query() query: SopVersionQuery): Promise<SopVersionView> {
    return this.sops.get(code, query.version);
  }

  @Get(':code/versions')
  @ApiOperation({ summary: 'Semua versi SOP / every version, oldest first' })
  @ApiOkResponse({ type: [SopVersionView] })
  @ApiNotFoundResponse({ description: 'SOP tidak ada' })
  versions(@Param('code') code: string): Promise<SopVersionView[]> {
    return this.sops.listVersions(code);
  }
}
