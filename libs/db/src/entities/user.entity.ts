import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import type { ActorRole } from '@mutu/domain';

/**
 * A person or operator who signs in. A PENGGUNA is tied to the holder NIP they may act for;
 * a VERIFIKATOR to the agencies (OPD) they verify for.
 */
const UserSchema = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    username: p.string().unique(),
    displayName: p.text(),
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

export const USER_ENTITIES = [UserSchema];
