import { createTestContext, type TestContext } from '../../../test/support/test-app';
import { AuthModule } from './auth.module';
import { AuthService } from './auth.service';

/**
 * A sign-in token's signature is checked once per process (AuthService.subjectOf); what it was
 * checked for still holds on every later use: the expiry, the exact token, the account.
 */
describe('AuthService.authenticate, with sign-in tokens checked once', () => {
  let ctx: TestContext;
  let auth: AuthService;

  beforeAll(async () => {
    ctx = await createTestContext({ imports: [AuthModule], env: { MUTU_JWT_TTL_SECONDS: '60' } });
    auth = ctx.get(AuthService);
    await auth.createUser(
      {
        username: 'penguji',
        displayName: 'Penguji',
        role: 'KEPALA_DINAS',
        password: 'kata-sandi-yang-panjang-1',
        holderNip: null,
        agencies: [],
        email: null,
      },
      { id: 'admin', role: 'ADMIN' },
    );
  });
  afterAll(() => ctx.close());
  afterEach(() => jest.restoreAllMocks());

  it('refuses a token once it expired, after it was accepted, and any token changed by one character', async () => {
    const { accessToken, user } = await auth.login('penguji', 'kata-sandi-yang-panjang-1');
    expect((await auth.authenticate(accessToken)).id).toBe(user.id);
    expect((await auth.authenticate(accessToken)).id).toBe(user.id);

    const last = accessToken.at(-2) === 'A' ? 'B' : 'A';
    const altered = `${accessToken.slice(0, -2)}${last}${accessToken.at(-1)}`;
    await expect(auth.authenticate(altered)).rejects.toThrow('Token tidak sah atau kedaluwarsa');

    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    await expect(auth.authenticate(accessToken)).rejects.toThrow('Token tidak sah atau kedaluwarsa');
  });
});
