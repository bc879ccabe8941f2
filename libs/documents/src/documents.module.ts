import { Module } from '@nestjs/common';
import { AuditModule } from '@mutu/audit';
import { MUTU_CONFIG, type MutuConfig } from '@mutu/config';
import { DOCUMENT_STORAGE } from './document-storage';
import { DocumentsService } from './documents.service';
import { LocalFolderStorage } from './local-folder.storage';

@Module({
  imports: [AuditModule],
  providers: [
    DocumentsService,
    {
      provide: DOCUMENT_STORAGE,
      inject: [MUTU_CONFIG],
      useFactory: (config: MutuConfig) => new LocalFolderStorage(config.documentsDir),
    },
  ],
  exports: [DocumentsService],
})
export class DocumentsModule {}
