// SVG is stored as uploaded and served so that it cannot run: a sandboxing CSP, nosniff and attachment.
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../helpers';
import { fetchPublic, rawUpload, text } from './support';

let site: TestSite;

beforeAll(async () => {
  site = await createTestSite('media-svg');
});

const PAYLOADS: Record<string, string> = {
  'script.svg': '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>',
  'onload.svg': '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>',
  'foreign.svg':
    '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="javascript:alert(1)"/></foreignObject></svg>',
  'external.svg':
    '<!-- logo -->\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/track.png"/><use href="https://evil.example/sprite.svg#x"/></svg>',
  'data.svg':
    '\uFEFF<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd"><svg xmlns="http://www.w3.org/2000/svg"><a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;"><text>click</text></a></svg>',
};

describe('SVG', () => {
  for (const [name, svg] of Object.entries(PAYLOADS)) {
    it(`serves ${name} inert`, async () => {
      const up = await rawUpload(site, text(svg), {
        token: site.users.author.token,
        filename: name,
        contentType: 'image/svg+xml',
      });
      expect(up.status).toBe(201);
      expect(up.body.media).toMatchObject({ kind: 'image', content_type: 'image/svg+xml', width: null });
      const res = await fetchPublic(site, up.body.media.url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/svg+xml');
      expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
      // Variants are never made from SVG: the width URL serves the same inert original.
      const variant = await fetchPublic(site, `/media/${up.body.media.id}/w320/${name}`);
      expect(variant.headers.get('content-security-policy')).toContain('sandbox');
      expect(variant.headers.get('content-disposition')).toMatch(/^attachment; /);
    });
  }

  it('refuses HTML that merely mentions <svg> later on, and SVG named .html', async () => {
    const html = text('<html><body><svg onload="alert(1)"></svg></body></html>');
    const asSvg = await rawUpload(site, html, {
      token: site.users.author.token,
      filename: 'x.svg',
      contentType: 'image/svg+xml',
    });
    expect(asSvg.status).toBe(415);
    const svgAsHtml = await rawUpload(site, text(PAYLOADS['script.svg']!), {
      token: site.users.author.token,
      filename: 'x.html',
      contentType: 'image/svg+xml',
    });
    expect(svgAsHtml.status).toBe(422);
    expect(svgAsHtml.body.code).toBe('TYPE_MISMATCH');
  });
});
