import {
  Body,
  Controller,
  Get,
  HttpStatus,
  Param,
  Post,
  Res,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { create as contentDisposition } from 'content-disposition';
import type { Response } from 'express';
import type { AuthUser } from '@mutu/auth';
import { DocumentsService } from '@mutu/documents';
import { ACCEPTED_DOCUMENT_TYPES, ValidationError } from '@mutu/domain';
import type { DocumentView } from '@mutu/renewals';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { principalOf } from '../auth/principal';
import { uuidParam } from '../http/uuid.pipe';
import { DocumentSchema } from '../renewals/renewal.responses';
import { UploadDocumentDto } from './document.dto';
import { DocumentUploadInterceptor } from './document-upload.interceptor';

const MEDIA_TYPES = ACCEPTED_DOCUMENT_TYPES.map((t) => t.mediaType);

/** What multer's memory storage hands over for the file. */
interface UploadedBytes {
  readonly buffer: Buffer;
  readonly originalname: string;
}

@ApiTags('Dokumen pendukung / supporting documents')
@ApiBearerAuth()
@Controller('renewals/:id/documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @Roles('PENGGUNA', 'VERIFIKATOR')
  @UseInterceptors(DocumentUploadInterceptor)
  @ApiOperation({
    summary:
      'Unggah dokumen pendukung untuk satu butir daftar dokumen pada putaran berjalan / upload a supporting document',
    description:
      'PDF, JPEG atau PNG, dinilai dari isinya. Berkas yang sama untuk butir dan putaran yang sama tidak disimpan dua kali: ' +
      'jawabannya 200 dengan dokumen yang sudah ada.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'item'],
      properties: {
        file: { type: 'string', format: 'binary', description: 'PDF, JPEG atau PNG' },
        item: { type: 'string', example: 'ktp', description: 'Kode butir daftar dokumen SOP' },
      },
    },
  })
  @ApiCreatedResponse({ type: DocumentSchema, description: 'Disimpan' })
  @ApiOkResponse({
    type: DocumentSchema,
    description: 'Berkas yang sama sudah ada untuk butir dan putaran ini',
  })
  @ApiNotFoundResponse({ description: 'Permohonan tidak ada, atau di luar wewenang Anda' })
  @ApiConflictResponse({ description: 'Permohonan tidak sedang di langkah 1 atau 2' })
  @ApiPayloadTooLargeResponse({ description: 'Melebihi MUTU_DOCUMENT_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Isi berkas bukan PDF, JPEG atau PNG' })
  async upload(
    @Param('id', uuidParam('id')) id: string,
    @UploadedFile() file: UploadedBytes | undefined,
    @Body() body: UploadDocumentDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DocumentView> {
    if (!file)
      throw new ValidationError([{ field: 'file', message: 'wajib diisi: berkas pada kolom "file"' }]);
    const { document, created } = await this.documents.upload(
      id,
      { item: body.item, bytes: file.buffer, fileName: file.originalname },
      principalOf(user),
    );
    response.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return document;
  }

  @Get()
  @ApiOperation({ summary: 'Dokumen pendukung semua putaran / every supporting document of the renewal' })
  @ApiOkResponse({ type: [DocumentSchema] })
  @ApiNotFoundResponse({ description: 'Tidak ada, atau di luar wewenang Anda' })
  list(@Param('id', uuidParam('id')) id: string, @CurrentUser() user: AuthUser): Promise<DocumentView[]> {
    return this.documents.list(id, principalOf(user));
  }

  @Get(':documentId/download')
  @ApiOperation({
    summary: 'Unduh dokumen, setelah isinya dicocokkan dengan SHA-256 saat diunggah / download a document',
  })
  @ApiProduces(...MEDIA_TYPES)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Tidak ada, atau di luar wewenang Anda' })
  async download(
    @Param('id', uuidParam('id')) id: string,
    @Param('documentId', uuidParam('documentId')) documentId: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const { document, bytes, fileName } = await this.documents.download(id, documentId, principalOf(user));
    // Whatever else a file's bytes could also be read as (a PDF that is also HTML), it is saved,
    // never rendered by the browser here (helmet sends nosniff on every response).
    response.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    response.setHeader('Cache-Control', 'private, no-store');
    return new StreamableFile(bytes, {
      type: document.mediaType,
      disposition: contentDisposition(fileName, { type: 'attachment' }),
      length: bytes.length,
    });
  }
}
