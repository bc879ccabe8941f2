import { Inject, Injectable, Logger } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { AuditService } from '@mutu/audit';
import { Clock, MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { RenewalRepository, TransactionRunner } from '@mutu/db';
import {
  ACCEPTED_DOCUMENT_TYPES,
  ConflictError,
  DOCUMENT_UPLOAD_STATUSES,
  HOLDER_SIDE_ROLES,
  downloadFileName,
  ForbiddenActionError,
  IntegrityError,
  NotFoundError,
  PayloadTooLargeError,
  type Principal,
  RENEWAL_STATUS_LABELS,
  type RenewalStatus,
  sanitizeFileName,
  UnsupportedMediaTypeError,
  ValidationError,
} from '@mutu/domain';
import { documentView, type DocumentView, findRenewalInScope } from '@mutu/renewals';
import { DOCUMENT_STORAGE, type DocumentStorage, sha256Of } from './document-storage';

export interface DocumentUpload {
  /** Code of the checklist item the document is for. */
  readonly item: string;
  readonly bytes: Buffer;
  /** The name the client gave the file; kept only as sanitised metadata. */
  readonly fileName: string;
}

export interface DocumentDownload {
  readonly document: DocumentView;
  readonly bytes: Buffer;
  /** Sanitised, with the extension of what the bytes are. */
  readonly fileName: string;
}

/** Supporting documents (dokumen pendukung) of renewals, round by round. */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger('Dokumen');

  constructor(
    private readonly renewals: RenewalRepository,
    private readonly tx: TransactionRunner,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    @Inject(DOCUMENT_STORAGE) private readonly storage: DocumentStorage,
    @Inject(MUTU_CONFIG) private readonly config: MutuConfig,
  ) {}

  /**
   * Keeps a document for a checklist item in the renewal's current round. The same bytes for
   * the same item and round again give back the document kept first, with `created` false.
   */
  upload(
    renewalId: string,
    upload: DocumentUpload,
    principal: Principal,
  ): Promise<{ document: DocumentView; created: boolean }> {
    return this.tx.run(async () => {
      const renewal = await findRenewalInScope(this.renewals, renewalId, principal, { forUpdate: true });
      if (!HOLDER_SIDE_ROLES.includes(principal.role)) {
        throw new ForbiddenActionError('upload_document', principal.role, HOLDER_SIDE_ROLES);
      }
      const status = renewal.status as RenewalStatus;
      if (!(DOCUMENT_UPLOAD_STATUSES as readonly RenewalStatus[]).includes(status)) {
        throw new ConflictError(
          `Dokumen pendukung diunggah pada langkah 1 atau 2; permohonan ini sekarang "${RENEWAL_STATUS_LABELS[status]}"`,
        );
      }
      const codes = renewal.sopVersion.checklist.map((i) => i.code);
      if (!codes.includes(upload.item)) {
        throw new ValidationError([
          {
            field: 'item',
            message: codes.length
              ? `bukan butir daftar dokumen SOP permohonan ini; pilih dari: ${codes.join(', ')}`
              : 'SOP versi permohonan ini tidak memuat daftar dokumen',
          },
        ]);
      }
      const mediaType = await this.acceptedMediaType(upload.bytes);
      const sha256 = sha256Of(upload.bytes);
      // Also for a repeat: should the kept copy have been damaged, the upload repairs it.
      await this.storage.put(sha256, upload.bytes);
      const kept = renewal.documents
        .getItems()
        .find((d) => d.round === renewal.round && d.item === upload.item && d.sha256 === sha256);
      if (kept) return { document: documentView(kept, this.config.timeZone), created: false };

      const document = await this.renewals.addDocument(renewal, {
        round: renewal.round,
        item: upload.item,
        sha256,
        size: upload.bytes.length,
        mediaType,
        name: sanitizeFileName(upload.fileName),
        uploadedBy: principal.id,
        uploadedAt: this.clock.now(),
      });
      const { id, item, round, size, name } = document;
      await this.audit.record({
        actor: principal,
        action: 'document.uploaded',
        entityType: 'renewal',
        entityId: renewal.id,
        after: { id, item, round, sha256, size, mediaType, name },
      });
      return { document: documentView(document, this.config.timeZone), created: true };
    });
  }

  /** Every document of the renewal, all rounds, oldest first. */
  list(renewalId: string, principal: Principal): Promise<DocumentView[]> {
    return this.tx.read(async () => {
      const renewal = await findRenewalInScope(this.renewals, renewalId, principal);
      return renewal.documents.getItems().map((d) => documentView(d, this.config.timeZone));
    });
  }

  /**
   * The document's bytes, after checking that they still hash to the SHA-256 recorded at upload:
   * bytes altered or lost at rest are refused rather than served. Each download is audited.
   */
  download(renewalId: string, documentId: string, principal: Principal): Promise<DocumentDownload> {
    return this.tx.run(async () => {
      const renewal = await findRenewalInScope(this.renewals, renewalId, principal);
      const document = renewal.documents.getItems().find((d) => d.id === documentId);
      if (!document) throw new NotFoundError('Dokumen pendukung', documentId);
      const bytes = await this.storage.get(document.sha256);
      const actual = bytes && sha256Of(bytes);
      if (!bytes || actual !== document.sha256) {
        this.logger.error(
          { renewalId, documentId, expected: document.sha256, actual },
          'Isi berkas dokumen tidak cocok dengan SHA-256 saat diunggah; unduhan ditolak',
        );
        throw new IntegrityError(
          `Berkas dokumen ${bytes ? 'telah berubah' : 'tidak ada'} di penyimpanan; unduhan ditolak. ` +
            'Laporkan ke admin dengan requestId ini.',
        );
      }
      const { id, item, round, sha256 } = document;
      await this.audit.record({
        actor: principal,
        action: 'document.downloaded',
        entityType: 'renewal',
        entityId: renewal.id,
        after: { id, item, round, sha256 },
      });
      return {
        document: documentView(document, this.config.timeZone),
        bytes,
        fileName: downloadFileName(document.name, document.mediaType),
      };
    });
  }

  /** The accepted type the bytes are, judged from the bytes themselves, or why they are refused. */
  private async acceptedMediaType(bytes: Buffer): Promise<string> {
    if (bytes.length === 0) throw new ValidationError([{ field: 'file', message: 'berkas kosong (0 byte)' }]);
    if (bytes.length > this.config.documentMaxBytes)
      throw new PayloadTooLargeError(this.config.documentMaxBytes);
    const detected = await fileTypeFromBuffer(bytes);
    const accepted = ACCEPTED_DOCUMENT_TYPES.find((t) => t.mediaType === detected?.mime);
    if (!accepted) {
      throw new UnsupportedMediaTypeError(
        detected ? `${detected.mime} (.${detected.ext})` : null,
        ACCEPTED_DOCUMENT_TYPES.map((t) => t.label),
      );
    }
    return accepted.mediaType;
  }
}
