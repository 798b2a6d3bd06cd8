/**
 * What is Mon espace santé's own (every live portal's common ground: ./portals.test.ts): a
 * document's file comes as an attachment inside a GraphQL answer, through the same session and
 * token, and the documents list is read page after page.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openChannels } from '../../content/channel-runner';
import channels from '../../scrapers/espace-sante/channels';
import { parseHtml } from '../../tools/parse-html';
import { DEFAULT_PORTALS_DIR } from '../server';
import { monEspaceSantePortal } from './mon-espace-sante';
import { inProcessFetch } from './in-process-fetch';
import { LiveState } from './live';

const PAGE = 'https://www.monespacesante.fr/documents';
const account = JSON.parse(readFileSync(join(DEFAULT_PORTALS_DIR, 'espace-sante/compte.json'), 'utf8')) as {
  documents: { id: string; file: string }[];
};

async function session() {
  const state = new LiveState();
  const { fetch, log } = inProcessFetch([monEspaceSantePortal(DEFAULT_PORTALS_DIR)], state);
  const html = await (await fetch(PAGE)).text();
  const doc = parseHtml(html, PAGE).document;
  return {
    state,
    log,
    channels: openChannels(
      channels,
      { doc, url: new URL(PAGE) },
      { fetch, parseHtml: (text) => parseHtml(text, PAGE).document },
    ),
  };
}

describe('Mon espace santé’s requests on the simulated web app', () => {
  it('reads the documents list page after page', async () => {
    const { channels: portal, state } = await session();
    const run = await portal.run('page');
    expect(run.records).toHaveLength(account.documents.length);
    expect(state.served.get('espace-sante')?.['list']).toBe(Math.ceil(account.documents.length / 4));
  });

  it('gets a document’s file from its attachment, in base64 inside the answer', async () => {
    const { channels: portal, log } = await session();
    const run = await portal.run('page');
    const first = run.records.find((record) => record.kind === 'document');
    if (first?.kind !== 'document' || first.url === null) throw new Error('no document with a link');
    const bytes = await portal.file(new URL(first.url));
    const expected = account.documents.find((document) => first.url?.includes(`/documents/${document.id}/`));
    expect(Buffer.from(bytes!)).toEqual(readFileSync(join(DEFAULT_PORTALS_DIR, expected!.file)));
    // Through the web app's GraphQL endpoint, not the download link itself.
    expect(log.at(-1)).toBe('POST /api/graphql');
  });

  it('says which file is missing when the attachment is not there', async () => {
    const { channels: portal } = await session();
    await expect(
      portal.file(new URL('https://www.monespacesante.fr/documents/inconnu/telecharger')),
    ).rejects.toMatchObject({
      code: 'malformed',
    });
    expect(portal.file(new URL('https://www.monespacesante.fr/profil-medical/mesures'))).toBeNull();
  });
});
