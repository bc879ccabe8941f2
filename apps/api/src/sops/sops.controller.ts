import { Controller, Get, Header, Param, Query, StreamableFile } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import { Public } from '../auth/auth.decorators';
import { OptionalVersionField } from '../http/query-fields';
import { ReportingService } from '@mutu/reporting';
import { SopsService } from '@mutu/sops';
import { SopSummaryView, SopVersionView } from './sop.responses';

class SopVersionQuery {
  @ApiPropertyOptional({ description: 'Nomor versi; kosong = versi yang berlaku hari ini (WIB)', example: 1 })
  @OptionalVersionField('version')
  version?: number;
}

// SOP documents are public records of the office; reading them needs no account.
@Public()
@ApiTags('SOP')
@Controller('sops')
export class SopsController {
  constructor(
    private readonly sops: SopsService,
    private readonly reporting: ReportingService,
  ) {}

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

  @Get(':code/document.pdf')
  @ApiOperation({
    summary:
      'Dokumen SOP resmi (format Permen PAN-RB 35/2012) sebagai PDF / the official SOP document as PDF',
  })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'SOP atau versi tidak ada' })
  async documentPdf(@Param('code') code: string, @Query() query: SopVersionQuery): Promise<StreamableFile> {
    const { fileName, content } = await this.reporting.sopDocumentPdf(code, query.version);
    return new StreamableFile(content, {
      type: 'application/pdf',
      disposition: contentDisposition(fileName, { type: 'inline' }),
      length: content.length,
    });
  }

  @Get(':code/document.html')
  @ApiOperation({
    summary: 'Pratinjau HTML dokumen SOP / HTML preview of the SOP document, as the PDF is printed from',
  })
  @ApiProduces('text/html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @ApiOkResponse({ schema: { type: 'string' } })
  @ApiNotFoundResponse({ description: 'SOP atau versi tidak ada' })
  documentHtml(@Param('code') code: string, @Query() query: SopVersionQuery): Promise<string> {
    return this.reporting.sopDocumentHtml(code, query.version);
  }

  @Get(':code/versions')
  @ApiOperation({ summary: 'Semua versi SOP / every version, oldest first' })
  @ApiOkResponse({ type: [SopVersionView] })
  @ApiNotFoundResponse({ description: 'SOP tidak ada' })
  versions(@Param('code') code: string): Promise<SopVersionView[]> {
    return this.sops.listVersions(code);
  }
}
