import { randomBytes } from 'node:crypto';

export interface TestMember {
  id: string;
  email: string;
  displayName: string;
  accessToken: string;
}

const PASSWORD = 'Fault-test-password-9';

/** Registers a member through the API (the server's auth limit is raised for the tests). */
export async function registerMember(url: string, label: string): Promise<TestMember> {
  const email = `${label}-${randomBytes(4).toString('hex')}@fault.test`;
  const displayName = label.slice(0, 50);
  const res = await fetch(`${url}/api/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, displayName }),
  });
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { accessToken: string; member: { id: string } };
  return { id: body.member.id, email, displayName, accessToken: body.accessToken };
}

export function registerMembers(url: string, prefix: string, count: number): Promise<TestMember[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => registerMember(url, `${prefix}${i}`)));
}
