import type { INestApplication, Type } from '@nestjs/common';
import { ModulesContainer, Reflector } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ACTOR_ROLES, type ActorRole } from '@mutu/domain';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth/auth.decorators';
import { ErrorSchema } from './http/api-schemas';

/** Who may call an operation, as the AuthGuard decides it. */
interface Access {
  readonly public: boolean;
  readonly roles: readonly ActorRole[];
}

const SIGNED_IN = [{ bearer: [] }, { integrationToken: [] }];
const ERROR_SCHEMA = { $ref: `#/components/schemas/${ErrorSchema.name}` };

/** What each error status means here; every one is answered in the error schema. */
const ERROR_RESPONSES: Record<string, string> = {
  '400': 'Masukan tidak valid; `problems` menyebut kolomnya / invalid input, naming each field',
  '401': 'Belum masuk, atau token tidak berlaku / not signed in',
  '403': 'Peran Anda tidak boleh memakai layanan ini / your role may not use this',
  '500': 'Kesalahan server; sebutkan requestId / server fault, quote the requestId',
  '503': 'Basis data atau layanan lain sedang tidak tersedia; coba lagi / a dependency is unavailable',
};

/**
 * Access of every controller method, keyed like Nest's operation ids (`Controller_method`),
 * read from the same @Public()/@Roles() metadata the AuthGuard reads.
 */
function accessByOperation(app: INestApplication): Map<string, Access> {
  const reflector = app.get(Reflector);
  const access = new Map<string, Access>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      const controller = metatype as Type | null;
      if (!controller) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[method] as unknown;
        if (method === 'constructor' || typeof handler !== 'function') continue;
        const targets = [handler, controller];
        const roles = reflector.getAllAndOverride<ActorRole[] | undefined>(ALLOWED_ROLES, targets);
        access.set(`${controller.name}_${method}`, {
          public: !!reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets),
          roles: roles ?? ACTOR_ROLES,
        });
      }
    }
  }
  return access;
}

type Operation = {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { description?: string; content?: Record<string, unknown> }>;
  [extension: `x-${string}`]: unknown;
};

/**
 * Completes what decorators cannot say once for all: each operation's security (sign-in JWT or
 * `mutu_…` integration token, or none), the roles it allows (x-mutu-roles and its description),
 * and its error answers in the one error schema. Tags used are declared.
 */
function describeAccessAndErrors(document: OpenAPIObject, access: Map<string, Access>): void {
  const tags = new Set<string>();
  for (const path of Object.values(document.paths)) {
    for (const [method, value] of Object.entries(path)) {
      if (!['get', 'put', 'post', 'delete', 'patch'].includes(method)) continue;
      const operation = value as Operation;
      const allowed = access.get(operation.operationId ?? '');
      if (!allowed) throw new Error(`OpenAPI: tidak tahu siapa boleh memakai ${operation.operationId}`);
      operation.tags?.forEach((tag) => tags.add(tag));

      const who = allowed.public ? 'Tanpa masuk / public.' : `Peran / roles: ${allowed.roles.join(', ')}.`;
      operation.description = [operation.description, who].filter(Boolean).join('\n\n');
      operation['x-mutu-roles'] = allowed.public ? [] : [...allowed.roles];
      operation['x-mutu-public'] = allowed.public;
      operation.security = allowed.public ? [] : SIGNED_IN;

      const errors = ['500', '503'];
      if (operation.parameters?.length || operation.requestBody) errors.push('400');
      if (!allowed.public) errors.push('401');
      if (allowed.roles.length < ACTOR_ROLES.length) errors.push('403');
      for (const status of errors) operation.responses[status] ??= { description: ERROR_RESPONSES[status] };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status >= '400' && !response.content) {
          response.content = { 'application/json': { schema: ERROR_SCHEMA } };
        }
      }
    }
  }
  const declared = new Set((document.tags ?? []).map((tag) => tag.name));
  document.tags = [
    ...(document.tags ?? []),
    ...[...tags].filter((tag) => !declared.has(tag)).map((name) => ({ name })),
  ];
}

/** The OpenAPI 3 document of the API, as served at /docs-json. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Mutu API')
      .setDescription(
        'Kepatuhan SOP Pembaruan Sertifikat Elektronik (Diskominfotik Kabupaten Kepulauan Meranti). ' +
          'SOP compliance for renewing BSrE electronic certificates. Waktu dalam UTC (ISO-8601) dan WIB. ' +
          'Setiap galat dijawab dalam satu bentuk (ErrorSchema) / every error has one shape.',
      )
      .setVersion('0.1.0')
      .addServer('/', 'Server ini / this server')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Token masuk dari POST /auth/login / the sign-in token from POST /auth/login',
        },
        'bearer',
      )
      .addSecurity('integrationToken', {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'mutu_…',
        description:
          'Token integrasi dari POST /auth/tokens (diawali `mutu_`), dengan peran pemiliknya / an integration token from POST /auth/tokens, with its owner’s role',
      })
      .build(),
    {
      extraModels: [ErrorSchema],
      operationIdFactory: (controller, method) => `${controller}_${method}`,
    },
  );
  describeAccessAndErrors(document, accessByOperation(app));
  return document;
}

/** OpenAPI 3 document at /docs (UI) and /docs-json. */
export function mountOpenApi(app: INestApplication): void {
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
