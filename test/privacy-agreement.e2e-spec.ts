import { createTestApp, type TestApp } from './support/test-app';

describe('GET /api/privacy/agreement', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves the current agreement to visitors in Chinese for a Chinese reader', async () => {
    const res = await t
      .http()
      .get('/api/privacy/agreement')
      .set('Accept-Language', 'zh-CN,zh;q=0.9,en;q=0.8')
      .expect(200);
    expect(res.body).toEqual({
      version: '2026-01',
      title: '平台信息提交隐私协议',
      body: expect.stringContaining('营业额'),
    });
  });

  it.each([undefined, 'en-US,en;q=0.9', 'fr-FR'])('serves English for %p', async (language) => {
    const request = t.http().get('/api/privacy/agreement');
    const res = await (language ? request.set('Accept-Language', language) : request).expect(200);
    expect(res.body).toEqual({
      version: '2026-01',
      title: 'Platform Information Submission Privacy Agreement',
      body: expect.stringContaining('turnover'),
    });
  });

  it('names the same version as the Golden Crown rules', async () => {
    const agreement = await t.http().get('/api/privacy/agreement').expect(200);
    const rules = await t.http().get('/api/membership/golden-crown/rules').expect(200);
    expect(rules.body.privacyAgreementVersion).toBe(agreement.body.version);
  });
});
