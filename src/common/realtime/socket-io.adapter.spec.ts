import { isOriginAllowed } from './socket-io.adapter';

describe('isOriginAllowed', () => {
  it('lets a handshake without an Origin header pass (native clients)', () => {
    expect(isOriginAllowed(undefined, 'circle.example', [])).toBe(true);
  });

  it('allows the server’s own origin by default, whatever the scheme behind a proxy', () => {
    expect(isOriginAllowed('http://localhost:3000', 'localhost:3000', [])).toBe(true);
    expect(isOriginAllowed('https://circle.example', 'circle.example', [])).toBe(true);
  });

  it('refuses another origin, another port, and garbage', () => {
    expect(isOriginAllowed('https://evil.example', 'circle.example', [])).toBe(false);
    expect(isOriginAllowed('http://localhost:3001', 'localhost:3000', [])).toBe(false);
    expect(isOriginAllowed('null', 'circle.example', [])).toBe(false);
    expect(isOriginAllowed('file://circle.example', 'circle.example', [])).toBe(false);
    expect(isOriginAllowed('https://circle.example', undefined, [])).toBe(false);
  });

  it('allows the origins of CORS_ORIGINS, exactly', () => {
    const allowed = ['https://app.circle.example'];
    expect(isOriginAllowed('https://app.circle.example', 'api.circle.example', allowed)).toBe(true);
    expect(isOriginAllowed('https://app.circle.example.evil', 'api.circle.example', allowed)).toBe(
      false,
    );
  });
});
