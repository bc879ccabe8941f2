import { defineEntity, p } from '@mikro-orm/core';
import type { ActorRole } from '@mutu/domain';
import { uuidPrimaryKey } from './uuid-primary-key';

/**
 * A person or operator who signs in. A PENGGUNA is tied to the holder NIP they may act for;
 * a VERIFIKATOR to the agencies (OPD) they verify for.
 */
const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: uuidPrimaryKey(),
    username: p.string().unique(),
    displayName: p.text(),
    /** Where scheduled reports and warnings reach this person; none means they get no e-mail. */
    email: p.text().nullable(),
    role: p.string().$type<ActorRole>(),
    passwordHash: p.text(),
    holderNip: p.string().length(18).nullable(),
    agencies: p.json<string[]>(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export class User extends UserSchema.class {}
UserSchema.setClass(User);

/**
 * A long-lived credential for an integration, acting as its user. Only a SHA-256 of the token
 * is kept; the token itself is shown once when issued.
 */
const ApiTokenSchema = defineEntity({
  name: 'ApiToken',
  tableName: 'api_token',
  properties: {
    id: uuidPrimaryKey(),
    user: () => p.manyToOne(User),
    name: p.text(),
    /** The token's first characters, so its owner can tell tokens apart. */
    prefix: p.string().length(16),
    sha256: p.string().length(64).unique(),
    createdAt: p.datetime(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export class ApiToken extends ApiTokenSchema.class {}
ApiTokenSchema.setClass(ApiToken);
/**
 * A signed-in browser. The cookie holds a random token; only its SHA-256 is kept here, with the
 * form token (CSRF) of the session and when it was last used, for the idle expiry.
 */
const WebSessionSchema = defineEntity({
  name: 'WebSession',
  tableName: 'web_session',
  properties: {
    id: p.string().length(64).primary(),
    user: () => p.manyToOne(User),
    csrf: p.string().length(64),
    createdAt: p.datetime(),
    lastSeenAt: p.datetime(),
  },
});
export class WebSession extends WebSessionSchema.class {}
WebSessionSchema.setClass(WebSession);
export const USER_ENTITIES = [UserSchema, ApiTokenSchema, WebSessionSchema];
