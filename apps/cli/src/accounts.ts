// The account and document contexts, which only user:* and demo use. Imported by those commands
// when they run (see `accounts` in cli.commands), so that their libraries (jsonwebtoken, argon2,
// file-type: some 130 modules) stay out of every other command's start, `report` among them.
export { AuthModule, AuthService } from '@mutu/auth';
export { DocumentsModule, DocumentsService } from '@mutu/documents';
