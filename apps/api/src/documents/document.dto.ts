import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

/** The text part of an upload; the file itself is the multipart field `file`. */
export class UploadDocumentDto {
  @ApiProperty({ description: 'Kode butir daftar dokumen SOP / checklist item code', example: 'ktp' })
  @Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, { message: 'item harus kode butir daftar dokumen, mis. ktp' })
  item!: string;
}
