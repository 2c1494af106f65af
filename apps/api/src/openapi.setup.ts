import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the OpenAPI description at /docs (UI) and /docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('mlserve')
      .setDescription(
        'Self-hosted ML serving: models, real-time inference, jobs. Send an API key as ' +
          '"Authorization: Bearer <key>" or "X-API-Key: <key>". Errors are ' +
          '{"error":{"code","message","details"}}.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'api-key')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
