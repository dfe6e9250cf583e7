import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthService } from '../src/modules/auth/auth.service';
import { ADMIN_CREDENTIALS_FILE, FirstAdmin } from '../src/modules/auth/first-admin';
import { countRows } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/** `npm start` without ADMIN_EMAIL: a generated admin login, written once, handed out once. */
describe('The first start', () => {
  let dataDir: string;
  let t: TestApp;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'laogao-first-run-'));
    t = await createTestApp({ DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await t.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('generates an admin login, keeps it in DATA_DIR (mode 600) and hands it out once', async () => {
    const file = join(dataDir, ADMIN_CREDENTIALS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const email = /^email: (.+)$/m.exec(text)?.[1];
    const password = /^password: (.+)$/m.exec(text)?.[1];
    expect(email).toBe('admin@laogao.local');
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

    const firstAdmin = t.app.get(FirstAdmin);
    expect(firstAdmin.takeGenerated()).toEqual({ email, password, file });
    expect(firstAdmin.takeGenerated()).toBeNull();

    const login = await t.http().post('/api/auth/login').send({ email, password }).expect(200);
    expect(login.body.member.role).toBe('admin');
  });

  it('does not generate another on the next start, and leaves the file alone', async () => {
    const before = readFileSync(join(dataDir, ADMIN_CREDENTIALS_FILE), 'utf8');
    await t.app.get(AuthService).onApplicationBootstrap();
    expect(t.app.get(FirstAdmin).takeGenerated()).toBeNull();
    expect(await countRows(t, 'members', "role = 'admin'")).toBe(1);
    expect(readFileSync(join(dataDir, ADMIN_CREDENTIALS_FILE), 'utf8')).toBe(before);
  });

  it('generates none for a memory:// data folder (the tests)', async () => {
    const inMemory = await createTestApp();
    try {
      expect(await countRows(inMemory, 'members', "role = 'admin'")).toBe(0);
      expect(inMemory.app.get(FirstAdmin).takeGenerated()).toBeNull();
    } finally {
      await inMemory.close();
    }
  });
});
