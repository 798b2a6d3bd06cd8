import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseHtml, urlComment } from './parse-html';

describe('urlComment', () => {
  it('reads the address of a leading url comment', () => {
    expect(urlComment('<!-- url: https://x.fr/a?b=1&c=2 -->\n<!DOCTYPE html>')).toBe(
      'https://x.fr/a?b=1&c=2',
    );
    expect(urlComment('  <!--url:https://x.fr/-->')).toBe('https://x.fr/');
    expect(urlComment('<!DOCTYPE html><!-- url: https://x.fr/ -->')).toBeNull();
    expect(urlComment('<p>x</p>')).toBeNull();
  });
});

describe('parseHtml', () => {
  it('gives a document at the page URL, with its text', async () => {
    const page = parseHtml(
      '<!-- url: x --><!DOCTYPE html><title>T</title><p id="a">un<br>deux</p>',
      'https://x.fr/p?q=1',
    );
    expect(page.document.title).toBe('T');
    expect(page.document.querySelector('#a')?.textContent).toBe('undeux');
    expect(page.document.URL).toBe('https://x.fr/p?q=1');
    await page.close();
  });

  it('runs no script and loads nothing', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests += 1;
      res.end('document.title = "chargé";');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = parseHtml(
        `<!DOCTYPE html><html><head><title>T</title>
        <script>document.title = 'exécuté'; globalThis.__pageRan = true;</script>
        <script src="${base}/a.js"></script><link rel="stylesheet" href="${base}/a.css">
        </head><body onload="globalThis.__pageRan = true">
        <img src="${base}/i.png" onerror="globalThis.__pageRan = true"><iframe src="${base}/f.html"></iframe>
        <meta http-equiv="refresh" content="0; url=${base}/r.html"></body></html>`,
        `${base}/page.html`,
      );
      await new Promise((done) => setTimeout(done, 200));
      expect(page.document.title).toBe('T');
      expect((globalThis as { __pageRan?: boolean }).__pageRan).toBeUndefined();
      expect(requests).toBe(0);
      await page.close();
    } finally {
      server.close();
    }
  });
});
