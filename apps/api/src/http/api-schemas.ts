import { type Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { JOB_RUN_STATUSES } from '@mutu/domain';
import { InstantSchema } from '../renewals/renewal.responses';

// Response schemas shared by the OpenAPI document's operations; the services return plain
// objects of these shapes.

/** A field at fault in a 400, as ValidationError carries it. */
export class FieldProblemSchema {
  @ApiProperty({ example: 'nip', description: 'Jalur kolom, mis. `nip` atau `steps[2].time.duration`' })
  field!: string;
  @ApiProperty({ example: 'NIP harus 18 digit angka' }) message!: string;
}

/** Every error answer (4xx and 5xx), from the one error filter. */
export class ErrorSchema {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'BAD_REQUEST', description: 'Nama status HTTP' }) error!: string;
  @ApiProperty({ example: 'VALIDATION', description: 'Kode galat Mutu' }) code!: string;
  @ApiProperty({ example: 'Permintaan tidak valid: nip: NIP harus 18 digit angka' }) message!: string;
  @ApiProperty({ type: [FieldProblemSchema], required: false, description: 'Untuk 400: kolom yang salah' })
  problems?: FieldProblemSchema[];
  @ApiProperty({ example: '3f1c…', description: 'Sebutkan saat melapor / quote it when reporting' })
  requestId!: string;
}

/** `Page<T>` of `item`, as every paged list answers (schema named `<name>Page`). */
export function pageSchema<T>(item: Type<T>, name: string): Type<unknown> {
  class PageSchema {
    @ApiProperty({ type: [item] }) items!: T[];
    @ApiProperty({ example: 1 }) page!: number;
    @ApiProperty({ example: 50 }) pageSize!: number;
    @ApiProperty({ example: 120 }) total!: number;
  }
  Object.defineProperty(PageSchema, 'name', { value: `${name}Page` });
  return PageSchema;
}

export class AuditEventSchema {
  @ApiProperty({ example: 1325 }) seq!: number;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ example: 'user:verifikator.dinkes' }) actorId!: string;
  @ApiProperty({ example: 'VERIFIKATOR' }) actorRole!: string;
  @ApiProperty({ example: 'renewal.documents_ready' }) action!: string;
  @ApiProperty({ example: 'renewal' }) entityType!: string;
  @ApiProperty() entityId!: string;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) before!: unknown;
  @ApiProperty({ type: 'object', nullable: true, additionalProperties: true }) after!: unknown;
  @ApiProperty({ type: String, nullable: true }) requestId!: string | null;
  @ApiProperty({ type: String, nullable: true }) clientIp!: string | null;
  @ApiProperty({ description: 'SHA-256 peristiwa sebelumnya' }) prevHash!: string;
  @ApiProperty({ description: 'SHA-256 rantai sampai peristiwa ini' }) hash!: string;
}

export class JobRunSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'audit-checkpoint' }) job!: string;
  @ApiProperty({ enum: JOB_RUN_STATUSES }) status!: string;
  @ApiProperty({ example: 1 }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) scheduledAt!: string;
  @ApiProperty({ description: 'WIB' }) scheduledAtWib!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ description: 'WIB' }) startedAtWib!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'WIB' }) finishedAtWib!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationMs!: number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
}

class AttachmentSchema {
  @ApiProperty({ example: 'laporan-kepatuhan-2026-11.pdf' }) name!: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType!: string;
  @ApiProperty({ example: 182_331 }) size!: number;
  @ApiProperty() sha256!: string;
}

export class OutboxMessageSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'monthly-report' }) template!: string;
  @ApiProperty({ example: 'id' }) lang!: string;
  @ApiProperty({ type: String, nullable: true }) dedupeKey!: string | null;
  @ApiProperty({ type: [String] }) to!: string[];
  @ApiProperty({ type: [String] }) cc!: string[];
  @ApiProperty() subject!: string;
  @ApiProperty({ type: [AttachmentSchema] }) attachments!: AttachmentSchema[];
  @ApiProperty({ enum: ['pending', 'sent', 'failed'] }) status!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: InstantSchema, nullable: true }) nextAttemptAt!: InstantSchema | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: String, nullable: true }) transport!: string | null;
  @ApiProperty({ type: String, nullable: true }) deliveredAs!: string | null;
  @ApiProperty({ type: InstantSchema }) createdAt!: InstantSchema;
  @ApiProperty({ type: InstantSchema, nullable: true }) sentAt!: InstantSchema | null;
}

class ReportPeriodSchema {
  @ApiProperty({ format: 'date', example: '2026-11-01' }) from!: string;
  @ApiProperty({ format: 'date', example: '2026-11-30' }) to!: string;
}

export class ArchivedReportSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['compliance', 'sop-document'] }) kind!: string;
  @ApiProperty({ enum: ['pdf', 'xlsx'] }) format!: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType!: string;
  @ApiProperty({ enum: ['id', 'en'] }) lang!: string;
  @ApiProperty({ type: ReportPeriodSchema, nullable: true }) period!: ReportPeriodSchema | null;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { agency: null, sopVersion: null } })
  parameters!: Record<string, unknown>;
  @ApiProperty({ example: 'laporan-kepatuhan-2026-11.pdf' }) fileName!: string;
  @ApiProperty({ description: 'Relatif terhadap MUTU_REPORTS_DIR' }) storedPath!: string;
  @ApiProperty({ example: 182_331 }) size!: number;
  @ApiProperty() sha256!: string;
  @ApiProperty({ type: String, nullable: true }) auditHead!: string | null;
  @ApiProperty() generatedBy!: string;
  @ApiProperty({ format: 'date-time' }) generatedAt!: string;
  @ApiProperty({ description: 'WIB' }) generatedAtWib!: string;
}

/** A recalculation of a period's ended steps (POST /reports/compliance/recalculations). */
export class RecalculationSchema {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: ReportPeriodSchema }) period!: ReportPeriodSchema;
  @ApiProperty({ example: 'Cuti bersama ditetapkan belakangan' }) reason!: string;
  @ApiProperty({ example: 'user:admin' }) requestedBy!: string;
  @ApiProperty({ type: InstantSchema }) requestedAt!: InstantSchema;
  @ApiProperty({ example: 412, description: 'Langkah selesai yang dihitung ulang' }) steps!: number;
  @ApiProperty({ example: 3, description: 'Yang status SLA-nya berubah' }) statusChanged!: number;
}

/** The compliance figures (see the operation's description); durations in ms. */
export class ComplianceFiguresSchema {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { from: '2026-11-01', to: '2026-11-30', timeZone: 'Asia/Jakarta' },
  })
  period!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { agency: null, sopVersion: null } })
  filters!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time', description: 'Saat langkah berjalan dinilai' }) judgedAt!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Jumlah dibuka, selesai, dibatalkan, berjalan; waktu tunggu',
  })
  renewals!: Record<string, unknown>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Per langkah SOP',
  })
  steps!: unknown[];
  @ApiProperty({
    required: false,
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Per OPD (bila diminta lewat include / when asked for with include)',
  })
  agencies!: unknown[];
  @ApiProperty({
    required: false,
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Per bulan (WIB) (bila diminta lewat include / when asked for with include)',
  })
  months!: unknown[];
  @ApiProperty({
    required: false,
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Per pelaksana (bila diminta lewat include / when asked for with include)',
  })
  heldByPerformer!: unknown[];
  @ApiProperty({
    required: false,
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'Kasus terburuk (bila diminta lewat include / when asked for with include)',
  })
  worstCases!: unknown[];
}
