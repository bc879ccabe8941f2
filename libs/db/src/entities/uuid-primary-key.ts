import { randomUUID } from 'node:crypto';
import { p } from '@mikro-orm/core';

/** A uuid primary key made by the application, so a new row's id is known before it is flushed. */
export const uuidPrimaryKey = () =>
  p
    .uuid()
    .primary()
    .onCreate(() => randomUUID());
