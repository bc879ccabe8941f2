import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ACCEPTED_DOCUMENT_TYPES,
  RENEWAL_ACTIONS,
  RENEWAL_STATUSES,
  STEP_SLA_STATUSES,
  TIME_BASES,
} from '@mutu/domain';

// Response schemas for the OpenAPI document; the services return plain objects of these shapes.

export class InstantSchema {
  @ApiProperty({ example: '2026-11-24T02:00:00.000Z' }) utc!: string;
  @ApiProperty({ description: 'WIB', example: '2026-11-24T09:00:00+07:00' }) local!: string;
}

export class StepSlaSchema {
  @ApiProperty({ example: 180000 }) elapsedMs!: number;
  @ApiProperty({ nullable: true, type: Number, example: 300000 }) standardMs!: number | null;
  @ApiProperty({ enum: STEP_SLA_STATUSES, example: 'met' }) status!: string;
  @ApiProperty({ nullable: true, type: Number, example: null }) remainingMs!: number | null;
  @ApiProperty({ nullable: true, type: Number, example: 0 }) overrunMs!: number | null;
  @ApiProperty({ nullable: true, type: String, example: '2026-11-24T02:05:00.000Z' }) deadline!:
    string | null;
}

export class StepStandardSchema {
  @ApiProperty({ nullable: true, type: String, example: 'PT5M' }) duration!: string | null;
  @ApiProperty({ enum: TIME_BASES }) basis!: string;
  @ApiProperty({
    example: '5 menit jam kerja',
    description: 'Mutu baku beserta dasar waktunya / the standard with its time basis ("-": none)',
  })
  label!: string;
  @ApiProperty({ example: '5 minutes of office hours' }) labelEn!: string;
}

export class TimelineEntrySchema {
  @ApiProperty({ example: 1 }) step!: number;
  @ApiProperty({ example: 1 }) round!: number;
  @ApiProperty({ enum: ['PENGGUNA', 'VERIFIKATOR', 'BSRE'] }) performerRole!: string;
  @ApiProperty({ nullable: true, type: String, example: 'verifikator.dinkes' }) actorId!: string | null;
  @ApiProperty({ type: InstantSchema }) startedAt!: InstantSchema;
  @ApiProperty({ type: InstantSchema, nullable: true }) endedAt!: InstantSchema | null;
  @ApiProperty({ nullable: true, enum: ['done', 'complete', 'incomplete', 'cancelled'] }) outcome!:
    string | null;
  @ApiProperty({ type: StepStandardSchema }) standard!: StepStandardSchema;
  @ApiProperty({ type: StepSlaSchema }) sla!: StepSlaSchema;
  @ApiPropertyOptional({ type: [String], nullable: true, example: null }) missingItems!: string[] | null;
  @ApiPropertyOptional({ nullable: true, example: null, description: 'Diisi bila dicatat lewat koreksi' })
  corrected!: { reason: string } | null;
  @ApiPropertyOptional({
    nullable: true,
    enum: ['BSRE'],
    example: 'BSRE',
    description: 'BSRE: dicatat oleh verifikator atas informasi BSrE (MUTU_BSRE_VERDICT_BY=VERIFIKATOR)',
  })
  recordedFor!: 'BSRE' | null;
}

export class DocumentSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Kode butir daftar dokumen', example: 'ktp' }) item!: string;
  @ApiProperty({ example: 1 }) round!: number;
  @ApiProperty({ description: 'Nama berkas dari pengunggah, dibersihkan', example: 'KTP Siti Rahma.jpg' })
  name!: string;
  @ApiProperty({
    enum: ACCEPTED_DOCUMENT_TYPES.map((t) => t.mediaType),
    description: 'Menurut isi berkas (magic bytes), bukan nama atau Content-Type kiriman',
  })
  mediaType!: string;
  @ApiProperty({ example: 48213 }) size!: number;
  @ApiProperty({ example: 'c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a' })
  sha256!: string;
  @ApiProperty({ example: 'verifikator.dinkes' }) uploadedBy!: string;
  @ApiProperty({ type: InstantSchema }) uploadedAt!: InstantSchema;
}

export class ChecklistItemStatusSchema {
  @ApiProperty({ example: 'ktp' }) code!: string;
  @ApiProperty({ example: 'Kartu Tanda Penduduk (KTP) elektronik pemegang sertifikat' }) label!: string;
  @ApiProperty({
    description:
      'Perlu diunggah pada putaran ini: di putaran 1 butir wajib SOP, sesudah "Tidak" tepat butir yang disebut BSrE',
  })
  required!: boolean;
  @ApiProperty({ type: [DocumentSchema], description: 'Dokumen butir ini pada putaran berjalan' })
  documents!: DocumentSchema[];
}

export class RenewalSlaSchema {
  @ApiProperty({ example: 86700000 }) leadTimeMs!: number;
  @ApiProperty({ example: { PENGGUNA: 0, VERIFIKATOR: 600000, BSRE: 86400000 } }) heldMsByRole!: Record<
    string,
    number
  >;
  @ApiProperty({ example: 1 }) rounds!: number;
  @ApiProperty({ example: 0 }) reworkMs!: number;
  @ApiProperty({ example: 0 }) breachedSteps!: number;
}

export class HolderSchema {
  @ApiProperty({ example: '198701012010011001' }) nip!: string;
  @ApiProperty({ example: 'Siti Rahma, S.Kom.' }) name!: string;
  @ApiPropertyOptional({ example: 'siti.rahma@merantikab.go.id' }) email?: string;
}

export class RenewalSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ enum: RENEWAL_STATUSES, example: 'step3' }) status!: string;
  @ApiProperty({ example: 'Langkah 3: pemeriksaan berkas oleh BSrE' }) statusLabel!: string;
  @ApiProperty({ example: 1 }) round!: number;
  @ApiProperty({ enum: RENEWAL_ACTIONS, isArray: true }) allowedActions!: string[];
  @ApiProperty({ type: HolderSchema }) holder!: HolderSchema;
  @ApiProperty({ example: 'Dinas Kesehatan' }) agency!: string;
  @ApiProperty({ example: 'BSRE-2025-000123' }) certificateSerial!: string;
  @ApiProperty({ example: '2026-12-31' }) currentExpiry!: string;
  @ApiProperty({
    example: {
      code: 'pembaruan-sertifikat-elektronik',
      version: 1,
      number: '555/SOP-DISKOMINFOTIK/X/2022/003',
    },
  })
  sop!: { code: string; version: number; number: string };
  @ApiProperty({ type: InstantSchema }) openedAt!: InstantSchema;
  @ApiProperty({ example: 'verifikator.dinkes' }) openedBy!: string;
  @ApiProperty({ type: InstantSchema, nullable: true }) closedAt!: InstantSchema | null;
  @ApiProperty({ nullable: true, type: String, example: 'AMS-2026-11-00077' }) amsReference!: string | null;
  @ApiProperty({
    nullable: true,
    description: 'Kapan dan oleh siapa passphrase baru dinyatakan sudah diatur (bukan passphrase-nya)',
  })
  passphraseSet!: { at: InstantSchema; by: string } | null;
  @ApiProperty({ nullable: true, enum: ['AMS', 'EMAIL'] }) informedChannel!: string | null;
  @ApiProperty({ nullable: true, example: null }) newValidity!: { from: string; until: string } | null;
  @ApiProperty({ nullable: true, type: String, example: null }) cancelReason!: string | null;
  @ApiProperty({
    type: [ChecklistItemStatusSchema],
    description: 'Daftar dokumen pendukung SOP versi permohonan ini, pada putaran berjalan',
  })
  checklist!: ChecklistItemStatusSchema[];
  @ApiProperty({ type: RenewalSlaSchema }) sla!: RenewalSlaSchema;
  @ApiProperty({ type: [TimelineEntrySchema] }) timeline!: TimelineEntrySchema[];
}

export class RenewalSummarySchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ enum: RENEWAL_STATUSES }) status!: string;
  @ApiProperty() statusLabel!: string;
  @ApiProperty() round!: number;
  @ApiProperty({ type: HolderSchema }) holder!: HolderSchema;
  @ApiProperty() agency!: string;
  @ApiProperty({ type: InstantSchema }) openedAt!: InstantSchema;
  @ApiProperty({ type: InstantSchema, nullable: true }) closedAt!: InstantSchema | null;
  @ApiProperty({ nullable: true, description: 'Langkah yang sedang berjalan dan status SLA-nya' })
  currentStep!: { step: number; round: number; sla: StepSlaSchema } | null;
  @ApiProperty({ example: 0 }) breachedSteps!: number;
}

export class RenewalPageSchema {
  @ApiProperty({ type: [RenewalSummarySchema] }) items!: RenewalSummarySchema[];
  @ApiProperty({ example: 1 }) page!: number;
  @ApiProperty({ example: 20 }) pageSize!: number;
  @ApiProperty({ example: 312 }) total!: number;
}
