import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI 3 document at /docs (UI) and /docs-json. */
export function mountOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Mutu API')
      .setDescription(
        'Kepatuhan SOP Pembaruan Sertifikat Elektronik (Diskominfotik Kabupaten Kepulauan Meranti). ' +
          'SOP compliance for renewing BSrE electronic certificates. Waktu dalam UTC (ISO-8601) dan WIB.',
      )
      .setVersion('0.1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
