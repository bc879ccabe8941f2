import { randomBytes } from 'node:crypto';
import type { AuthService } from '@mutu/auth';
import type { ActorRole } from '@mutu/domain';
import type { RenewalView } from '@mutu/renewals';
import { DEMO_AGENCIES } from './demo-regency.data';

export interface DemoAccount {
  readonly username: string;
  readonly role: ActorRole;
  readonly password: string;
  /** What the account can see, in words. */
  readonly scope: string;
}

/**
 * One account per role to try the API with. Passwords are random on every run and shown once:
 * a demo database must not come with guessable logins.
 */
export async function createDemoAccounts(
  auth: Pick<AuthService, 'createUser'>,
  holderOf: RenewalView | null,
): Promise<DemoAccount[]> {
  const firstAgency = DEMO_AGENCIES[0].name;
  const wanted = [
    {
      username: 'demo.admin',
      displayName: 'Admin Demo',
      role: 'ADMIN' as const,
      scope: 'semua; kelola pengguna dan SOP',
    },
    {
      username: 'demo.kadis',
      displayName: 'Kepala Dinas (demo)',
      role: 'KEPALA_DINAS' as const,
      scope: 'membaca semua',
    },
    {
      username: 'demo.bsre',
      displayName: 'Operator BSrE (demo)',
      role: 'BSRE' as const,
      scope: 'langkah 3 semua permohonan',
    },
    {
      username: 'demo.verifikator',
      displayName: `Verifikator ${firstAgency} (demo)`,
      role: 'VERIFIKATOR' as const,
      agencies: [firstAgency],
      scope: `permohonan ${firstAgency}`,
    },
    ...(holderOf
      ? [
          {
            username: 'demo.pengguna',
            displayName: holderOf.holder.name,
            role: 'PENGGUNA' as const,
            holderNip: holderOf.holder.nip,
            scope: `permohonan milik NIP ${holderOf.holder.nip}`,
          },
        ]
      : []),
  ];
  const accounts: DemoAccount[] = [];
  for (const { scope, ...user } of wanted) {
    const password = randomBytes(12).toString('base64url');
    // So scheduled reports and warnings of the demo land somewhere visible (the outbox folder
    // without SMTP), never at a real address.
    const email = `${user.username}@merantikab.example`;
    await auth.createUser({ ...user, password, email }, { id: 'cli:demo', role: 'ADMIN' });
    accounts.push({ username: user.username, role: user.role, password, scope });
  }
  return accounts;
}

export function demoAccountsText(accounts: readonly DemoAccount[], apiPort: number): string {
  return [
    'Akun demo (kata sandi hanya ditampilkan sekali ini):',
    ...accounts.map((a) => `  ${a.username.padEnd(18)} ${a.password}  ${a.role.padEnd(12)} ${a.scope}`),
    'Masuk, lalu simpan token:',
    `  TOKEN=$(curl -s localhost:${apiPort}/auth/login -H 'Content-Type: application/json' \\`,
    `    -d '{"username":"demo.kadis","password":"<kata sandi di atas>"}' | sed -E 's/.*"accessToken":"([^"]+)".*/\\1/')`,
  ].join('\n');
}
