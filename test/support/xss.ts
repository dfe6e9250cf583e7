/*
 * Shared by the renderer's unit spec and the e2e tests of the routes that render
 * (publishing, preview).
 */

/** Payloads that try to get script, handlers or dangerous URLs through Markdown or raw HTML. */
export const XSS_CORPUS = [
  '<script>alert(1)</script>',
  '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
  '<img src=x onerror=alert(1)>',
  '<img src="x" ONERROR="alert(1)">',
  '<svg onload=alert(1)><circle r=1 /></svg>',
  '<svg><script>alert(1)</script></svg>',
  '<iframe src="https://evil.example"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<embed src="javascript:alert(1)">',
  '<a href="javascript:alert(1)">x</a>',
  '<body onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '[click](javascript&#58;alert(1))',
  '[click](&#106;avascript:alert(1))',
  '[click](java\tscript:alert(1))',
  '[click]( javascript:alert(1))',
  '[click](vbscript:msgbox(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
  '![x](data:image/png;base64,iVBORw0KGgo=)',
  '![x](javascript:alert(1))',
  '![x"onerror="alert(1)](https://example.com/a.png)',
  '[x](https://example.com/"onmouseover="alert(1))',
  '[x]: javascript:alert(1)\n\n[link][x]',
  '<javascript:alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '`<script>alert(1)</script>`',
  '```html\n<script>alert(1)</script>\n```',
  '<a href="https://example.com" onclick="alert(1)">x</a>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<style>@import "javascript:alert(1)"</style>',
  '[a](<javascript:alert(1)>)',
];

const ACTIVE_ELEMENTS = /^(script|iframe|object|embed|svg|math|style|form|meta|body|base|link)$/i;

/**
 * What in the HTML a browser would execute or load as active content. Only real tags are
 * inspected: escaped text (`&lt;script&gt;`) is harmless and may stay visible.
 */
export function dangerous(html: string): string | null {
  for (const [, name, attributes] of html.matchAll(/<\/?([a-z][a-z0-9-]*)([^>]*)>/gi)) {
    if (ACTIVE_ELEMENTS.test(name)) return 'element';
    if (/(^|\s)on[a-z]+\s*=/i.test(attributes)) return 'event handler';
    for (const [, value] of attributes.matchAll(/(?:href|src|action|data)\s*=\s*"([^"]*)"/gi)) {
      const url = value
        .replace(/&#(x?[0-9a-f]+);?/gi, '')
        .replace(/\s/g, '')
        .toLowerCase();
      if (!/^(https?:|mailto:)/.test(url)) return 'URL scheme';
    }
    if (/(?:href|src)\s*=\s*[^"\s]/i.test(attributes)) return 'unquoted URL';
  }
  return null;
}
