import {
  BadRequestException,
  type CallHandler,
  type ExecutionContext,
  Inject,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Observable } from 'rxjs';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { PayloadTooLargeError, ValidationError } from '@mutu/domain';

const MULTER_PROBLEMS: Record<string, string> = {
  LIMIT_UNEXPECTED_FILE: 'berkas dikirim pada kolom "file"',
  LIMIT_FILE_COUNT: 'satu berkas per unggahan',
  LIMIT_FIELD_COUNT: 'terlalu banyak kolom; yang dikenal hanya "file" dan "item"',
  LIMIT_FIELD_VALUE: 'isi kolom terlalu panjang',
};

/**
 * Reads the one file of an upload (multipart field `file`) with multer into memory, where its
 * bytes are checked before anything is written, and stops reading at the configured limit.
 * multer's refusals become the API's own errors: 413 naming the limit in MB, 400 naming the field
 * (`file` for a form that cannot be read at all).
 */
@Injectable()
export class DocumentUploadInterceptor extends FileInterceptor('file') {
  constructor(@Inject(MUTU_CONFIG) private readonly config: MutuConfig) {
    // Neither `storage` nor `dest`: multer's memory storage.
    super({
      limits: { fileSize: config.documentMaxBytes, files: 1, fields: 4, fieldSize: 1024 },
      // curl and browsers send UTF-8 file names; multer would read them as Latin-1.
      defParamCharset: 'utf8',
    });
  }

  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await super.intercept(context, next);
    } catch (error) {
      if (error instanceof PayloadTooLargeException) {
        throw new PayloadTooLargeError(this.config.documentMaxBytes);
      }
      const cause =
        error instanceof BadRequestException ? (error.cause as { code?: string; field?: string }) : {};
      if (cause?.code && MULTER_PROBLEMS[cause.code]) {
        throw new ValidationError(
          [{ field: cause.field ?? 'file', message: MULTER_PROBLEMS[cause.code] }],
          'Unggahan tidak valid',
        );
      }
      // Any other refusal of the form itself (a malformed part header, a truncated body).
      if (error instanceof BadRequestException) {
        throw new ValidationError(
          [{ field: 'file', message: 'formulir multipart tidak dapat dibaca' }],
          'Unggahan tidak valid',
        );
      }
      throw error;
    }
  }
}
