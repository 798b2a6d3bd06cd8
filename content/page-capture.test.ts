import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import ameli from '../scrapers/ameli';
import { deleteDb, openDb, type MesDonneesDb } from '../storage/db';
import { deleteRecord } from '../storage/views/records';
import { parseHtml, urlComment } from '../tools/parse-html';
import { handleMessage } from '../background/background-handlers';
import { BackgroundRequest } from '../lib/messages';
import { capturePage, digestHints } from './page-capture';

const FIXTURE = join(import.meta.dirname, '../scrapers/ameli/fixtures/paiements-page2.html');

let db: MesDonneesDb;
/** Every message the page sent, as the background received it. */
let sent: { type: string; valid: boolean }[];

beforeEach(() => {
  db = openDb(`test-${crypto.randomUUID()}`);
  sent = [];
  vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({ version: '1.0.0' } as never);
  // The page talks to the real background handlers, over the real message schemas.
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation((async (message: unknown) => {
    const type = (message as { type: string }).type;
    sent.push({ type, valid: BackgroundRequest.safeParse(message).success });
    const url =
      (message as { capture?: { url: string }; url?: string }).capture?.url ??
      (message as { url?: string }).url ??
      'https://assure.ameli.fr/';
    return handleMessage(db, message, { id: browser.runtime.id, url, tab: { id: 1, url } as never });
  }) as never);
});
afterEach(() => deleteDb(db));

function page() {
  const html = readFileSync(FIXTURE, 'utf8');
  const url = urlComment(html)!;
  return { ...parseHtml(html, url), url: new URL(url) };
}

describe('a save from the page', () => {
  it('sends the records the first time, then only the page’s digest while nothing changed', async () => {
    const { document, url } = page();
    const first = await capturePage(ameli, document, url);
    expect(first.status).toBe('ok');
    expect(first.capture?.counts.added).toBeGreaterThan(0);
    // Never saved: the records go at once, without asking whether they changed.
    expect(sent.map((m) => m.type)).toEqual(['capture/last-digest', 'capture/save']);

    sent = [];
    const second = await capturePage(ameli, document, url);
    expect(second.capture?.counts).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: first.capture?.counts.added,
    });
    expect(sent.map((m) => m.type)).toEqual(['capture/last-digest', 'capture/unchanged']);
    expect(sent.every((m) => m.valid)).toBe(true);
    expect(await db.captures.count()).toBe(2);
  });

  it('sends the records again once one of them changed on the page', async () => {
    const { document, url } = page();
    await capturePage(ameli, document, url);
    const amount = document.querySelector('[id^=montantVerse]');
    amount!.textContent = '99,99 €';
    sent = [];
    const again = await capturePage(ameli, document, url);
    expect(sent.map((m) => m.type)).toEqual(['capture/last-digest', 'capture/save']);
    expect(again.capture?.counts.updated).toBe(1);
  });

  it('asks for the digest when the button appears, then learns it from each save', async () => {
    const { document, url } = page();
    const hints = digestHints();
    hints.prefetch('ameli', url);
    expect(sent.map((m) => m.type)).toEqual(['capture/last-digest']);
    sent = [];
    await capturePage(ameli, document, url, { hints });
    expect(sent.map((m) => m.type)).toEqual(['capture/save']);

    sent = [];
    const again = await capturePage(ameli, document, url, { hints });
    expect(sent.map((m) => m.type)).toEqual(['capture/unchanged']);
    expect(again.capture?.counts).toMatchObject({ added: 0, updated: 0 });

    document.querySelector('[id^=montantVerse]')!.textContent = '99,99 €';
    sent = [];
    const changed = await capturePage(ameli, document, url, { hints });
    expect(sent.map((m) => m.type)).toEqual(['capture/save']);
    expect(changed.capture?.counts.updated).toBe(1);
  });

  it('saves right with a stale hint: the page saved from elsewhere since it was asked', async () => {
    const { document, url } = page();
    const hints = digestHints();
    hints.prefetch('ameli', url);
    const elsewhere = await capturePage(ameli, document, url);
    sent = [];
    const here = await capturePage(ameli, document, url, { hints });
    // The hint said « never saved »: the records went, and nothing was counted twice.
    expect(sent.map((m) => m.type)).toEqual(['capture/save']);
    expect(here.capture?.counts).toMatchObject({
      added: 0,
      updated: 0,
      unchanged: elsewhere.capture?.counts.added,
    });
  });

  it('asks whether the page changed when the last digest cannot be had, and still saves', async () => {
    const { document, url } = page();
    await capturePage(ameli, document, url);
    const send = vi.mocked(browser.runtime.sendMessage);
    const real = send.getMockImplementation() as (message: unknown) => Promise<unknown>;
    send.mockImplementation((async (message: { type: string }) => {
      if (message.type === 'capture/last-digest') throw new Error('Could not establish connection');
      return real(message);
    }) as never);
    sent = [];
    const again = await capturePage(ameli, document, url);
    expect(sent.map((m) => m.type)).toEqual(['capture/unchanged']);
    expect(again.capture?.counts).toMatchObject({ added: 0, updated: 0 });

    // A record deleted since: the same digest is only a hint, and the records go again.
    await deleteRecord(db, (await db.records.limit(1).primaryKeys())[0]!);
    send.mockImplementation(real as never);
    sent = [];
    const restored = await capturePage(ameli, document, url);
    expect(sent.map((m) => m.type)).toEqual(['capture/last-digest', 'capture/unchanged', 'capture/save']);
    expect(restored.capture?.counts.added).toBe(1);
  });
});
