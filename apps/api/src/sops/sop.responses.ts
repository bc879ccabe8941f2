import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TIME_BASES } from '@mutu/domain';
import type * as views from '@mutu/sops';

// The OpenAPI schemas of the SOP views (libs/sops/src/sop.views.ts); the service returns plain objects
// of these shapes.

export class DecisionBranchView implements views.DecisionBranchView {
  @ApiProperty({ example: 'Tidak' }) label!: string;
  @ApiProperty({ enum: ['complete', 'incomplete'], example: 'incomplete' }) outcome!:
    'complete' | 'incomplete';
  @ApiProperty({ example: 1, description: 'Nomor langkah tujuan / step the branch leads to' }) goto!: number;
}

export class SopStepView implements views.SopStepView {
  @ApiProperty({ example: 1 }) number!: number;
  @ApiProperty({ example: 'Pengguna / Verifikator mengajukan Pembaruan / Renewal sertifikat elektronik …' })
  activity!: string;
  @ApiProperty({
    enum: ['PENGGUNA', 'VERIFIKATOR', 'BSRE'],
    isArray: true,
    example: ['PENGGUNA', 'VERIFIKATOR'],
  })
  performers!: string[];
  @ApiProperty({ description: 'KELENGKAPAN', example: ['Internet', 'Dokumen Pendukung'] }) needs!: string[];
  @ApiProperty({
    description: 'Mutu baku waktu, ISO-8601; null = tanpa standar',
    example: 'PT5M',
    nullable: true,
    type: String,
  })
  duration!: string | null;
  @ApiProperty({ enum: TIME_BASES, example: 'calendar' }) basis!: string;
  @ApiProperty({ description: 'WAKTU as printed in the SOP', example: '5 Menit' }) timeLabel!: string;
  @ApiProperty({ example: 'Dokumen Pendukung' }) output!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) note!: string | null;
  @ApiPropertyOptional({ type: [DecisionBranchView], nullable: true }) branches!: DecisionBranchView[] | null;
}

export class ChecklistItemView implements views.ChecklistItemView {
  @ApiProperty({
    description: 'Kode butir, dipakai saat mengunggah dan dalam putusan "Tidak" BSrE',
    example: 'ktp',
  })
  code!: string;
  @ApiProperty({ example: 'Kartu Tanda Penduduk (KTP) elektronik pemegang sertifikat' }) label!: string;
  @ApiProperty({ description: 'Wajib diunggah sebelum langkah 1 putaran pertama selesai', example: true })
  required!: boolean;
}

export class SignatoryView implements views.SignatoryView {
  @ApiProperty({ example: 'Muhlisin, S.Kom.' }) name!: string;
  @ApiProperty({ example: 'Plt. KEPALA DINAS KOMUNIKASI INFORMATIKA STATISTIK DAN PERSANDIAN' })
  title!: string;
  @ApiProperty({ example: '197904092010011014' }) nip!: string;
}

export class SopVersionView implements views.SopVersionView {
  @ApiProperty({ example: 'pembaruan-sertifikat-elektronik' }) code!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: '555/SOP-DISKOMINFOTIK/X/2022/003' }) number!: string;
  @ApiProperty({ example: 'PEMBARUAN SERTIFIKAT ELEKTRONIK' }) name!: string;
  @ApiProperty({ example: 'PEMKAB KEPULAUAN MERANTI' }) government!: string;
  @ApiProperty({ example: 2022 }) year!: number;
  @ApiProperty() unitName!: string;
  @ApiProperty() unitAddress!: string;
  @ApiProperty({ example: '2022-10-11' }) madeOn!: string;
  @ApiProperty({ example: null, nullable: true, type: String }) revisedOn!: string | null;
  @ApiProperty({ example: '2022-10-14' }) effectiveOn!: string;
  @ApiProperty() approvedBy!: string;
  @ApiProperty({ type: SignatoryView }) signatory!: SignatoryView;
  @ApiProperty({ type: [String] }) legalBasis!: string[];
  @ApiProperty({ type: [String] }) qualifications!: string[];
  @ApiProperty({ type: [String] }) relatedSops!: string[];
  @ApiProperty({ type: [String] }) equipment!: string[];
  @ApiProperty({ type: [String] }) warnings!: string[];
  @ApiProperty({ type: [String] }) records!: string[];
  @ApiProperty({ description: 'SHA-256 of the definition this version was loaded from' })
  definitionSha256!: string;
  @ApiProperty({ example: 'pembaruan-sertifikat-elektronik.v1.json' }) source!: string;
  @ApiProperty({ example: 'system:seed' }) loadedBy!: string;
  @ApiProperty({ example: '2026-11-24T13:00:00.000Z' }) loadedAt!: string;
  @ApiProperty({ type: [SopStepView] }) steps!: SopStepView[];
  @ApiProperty({
    type: [ChecklistItemView],
    description: 'Daftar dokumen pendukung versi ini; kosong bila versi ini tidak memuatnya',
  })
  checklist!: ChecklistItemView[];
}

export class SopSummaryView implements views.SopSummaryView {
  @ApiProperty({ example: 'pembaruan-sertifikat-elektronik' }) code!: string;
  @ApiProperty({ example: 'PEMBARUAN SERTIFIKAT ELEKTRONIK' }) name!: string;
  @ApiProperty({ example: '555/SOP-DISKOMINFOTIK/X/2022/003' }) number!: string;
  @ApiProperty({ example: 1, description: 'Versi yang berlaku hari ini / version in force today' })
  currentVersion!: number;
  @ApiProperty({ example: '2022-10-14' }) effectiveOn!: string;
  @ApiProperty({ example: 1 }) versionCount!: number;
}

export class SopLoadResultView implements views.SopLoadResultView {
  @ApiProperty({ description: 'false when an identical definition was already loaded' }) created!: boolean;
  @ApiProperty({ type: SopVersionView }) version!: SopVersionView;
}
