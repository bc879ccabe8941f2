import { Module } from '@nestjs/common';
import { DocumentTemplates } from './document.templates';

/** The compiled templates of templates/, shared by every context that writes documents or e-mail. */
@Module({ providers: [DocumentTemplates], exports: [DocumentTemplates] })
export class TemplatesModule {}
