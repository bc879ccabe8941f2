import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  Equals,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { RENEWAL_ACTIONS, RENEWAL_STATUSES, NOTIFICATION_CHANNELS } from '@mutu/domain';
import { pageQuery } from '../http/page.query';
import { IsCalendarDateField, IsInstantField, IsNipField, PG_INT_MAX } from '../http/query-fields';

export class OpenRenewalDto {
  @ApiProperty({ description: 'NIP pemegang sertifikat (18 digit)', example: '198701012010011001' })
  @IsNipField()
  nip!: string;

  @ApiProperty({ example: 'Siti Rahma, S.Kom.' })
  @IsString()
  @MinLength(2, { message: 'nama minimal 2 karakter' })
  @MaxLength(200)
  name!: string;

  @ApiProperty({ description: 'E-mail terdaftar di AMS', example: 'siti.rahma@merantikab.go.id' })
  @IsEmail({}, { message: 'email tidak valid' })
  email!: string;

  @ApiProperty({ description: 'OPD / instansi', example: 'Dinas Kesehatan' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  agency!: string;

  @ApiProperty({ description: 'Nomor seri sertifikat yang diperbarui', example: 'BSRE-2025-000123' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  certificateSerial!: string;

  @ApiProperty({ description: 'Tanggal kedaluwarsa sertifikat saat ini', example: '2026-12-31' })
  @IsCalendarDateField('currentExpiry')
  currentExpiry!: string;
}

/** Every action names the version it acts on: a stale one is a 409. */
export class VersionedDto {
  @ApiProperty({ description: 'Versi permohonan yang dilihat pengirim (penguncian optimistis)', example: 1 })
  @IsInt({ message: 'version harus bilangan bulat' })
  @Min(1, { message: 'version minimal 1' })
  @Max(PG_INT_MAX, { message: `version maksimal ${PG_INT_MAX}` })
  version!: number;
}

export class SubmittedToAmsDto extends VersionedDto {
  @ApiProperty({ description: 'Nomor/referensi permohonan di AMS', example: 'AMS-2026-11-00077' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  amsReference!: string;

  @ApiProperty({
    description:
      'Pernyataan bahwa passphrase baru sudah diatur di AMS. Passphrase itu sendiri TIDAK PERNAH dikirim ke Mutu.',
    example: true,
  })
  @IsBoolean()
  @Equals(true, { message: 'passphraseSet harus true: atur passphrase baru di AMS lebih dulu' })
  passphraseSet!: boolean;
}

export class VerificationDto extends VersionedDto {
  @ApiProperty({
    enum: ['complete', 'incomplete'],
    description: 'Ya = complete, Tidak = incomplete',
    example: 'incomplete',
  })
  @IsIn(['complete', 'incomplete'], { message: 'result harus "complete" atau "incomplete"' })
  result!: 'complete' | 'incomplete';

  @ApiPropertyOptional({
    description:
      'Wajib bila incomplete: kode butir daftar dokumen SOP yang kurang; putaran berikutnya meminta tepat butir ini',
    example: ['surat-rekomendasi'],
  })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMinSize(1, { message: 'missingItems minimal satu' })
  missingItems?: string[];
}

export class HolderInformedDto extends VersionedDto {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS, example: 'EMAIL' })
  @IsIn([...NOTIFICATION_CHANNELS], { message: 'channel harus AMS atau EMAIL' })
  channel!: 'AMS' | 'EMAIL';

  @ApiProperty({ example: '2026-11-27' })
  @IsCalendarDateField('validFrom')
  validFrom!: string;

  @ApiProperty({ example: '2028-11-27' })
  @IsCalendarDateField('validUntil')
  validUntil!: string;
}

export class CancelDto extends VersionedDto {
  @ApiProperty({ example: 'Pegawai pindah tugas' })
  @IsString()
  @MinLength(1, { message: 'alasan wajib diisi' })
  @MaxLength(500)
  reason!: string;
}

export class CorrectionDto extends VersionedDto {
  @ApiProperty({ enum: RENEWAL_ACTIONS, example: 'documents_ready' })
  @IsIn([...RENEWAL_ACTIONS], { message: `action harus salah satu dari ${RENEWAL_ACTIONS.join(', ')}` })
  action!: (typeof RENEWAL_ACTIONS)[number];

  @ApiProperty({
    description: 'Kapan aksi itu benar-benar terjadi (ISO-8601)',
    example: '2026-11-24T02:04:00Z',
  })
  @IsInstantField('occurredAt')
  occurredAt!: string;

  @ApiProperty({
    description: 'Mengapa dicatat belakangan',
    example: 'Dicatat di formulir kertas saat jaringan putus',
  })
  @IsString()
  @MinLength(1, { message: 'alasan wajib diisi' })
  @MaxLength(500)
  reason!: string;

  @ApiPropertyOptional({
    description: 'Isi aksi seperti pada endpoint aksinya (mis. amsReference, missingItems)',
    example: {},
  })
  @IsOptional()
  details?: Record<string, unknown>;
}

const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

// Renewal lists page 20 at a time, at most 100: each row is a whole renewal with its SLA state.
export class RenewalListQuery extends pageQuery(20, 100) {
  @ApiPropertyOptional({ enum: RENEWAL_STATUSES })
  @IsOptional()
  @IsIn([...RENEWAL_STATUSES], { message: `status harus salah satu dari ${RENEWAL_STATUSES.join(', ')}` })
  status?: (typeof RENEWAL_STATUSES)[number];

  @ApiPropertyOptional({ example: 'Dinas Kesehatan' })
  @IsOptional()
  @IsString()
  agency?: string;

  @ApiPropertyOptional({ description: 'Langkah yang sedang berjalan (1–4)', example: 3 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'step harus 1–4' })
  @Min(1, { message: 'step harus 1–4' })
  @Max(4, { message: 'step harus 1–4' })
  step?: number;

  @ApiPropertyOptional({ description: 'Dibuka sejak tanggal (WIB, inklusif)', example: '2026-11-01' })
  @IsOptional()
  @IsCalendarDateField('openedFrom')
  openedFrom?: string;

  @ApiPropertyOptional({ description: 'Dibuka sampai tanggal (WIB, inklusif)', example: '2026-11-30' })
  @IsOptional()
  @IsCalendarDateField('openedTo')
  openedTo?: string;

  @ApiPropertyOptional({ description: 'Hanya yang punya langkah melewati standar' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'breached harus true atau false' })
  breached?: boolean;

  @ApiPropertyOptional({ description: 'Hanya yang langkah berjalannya berisiko' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'atRisk harus true atau false' })
  atRisk?: boolean;
}
