import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.MUTU_TEST_ADMIN_URL;
  if (globalThis.mutuTestServer) {
    await globalThis.mutuTestServer.stop();
    return;
  }
  if (!adminUrl) return;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${process.env.MUTU_TEST_TEMPLATE} WITH (FORCE)`);
  await admin.end();
}
