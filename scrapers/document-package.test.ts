import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { ArchiveError } from '../storage/archive/envelope';
import { LIMITS } from '../storage/limits';
import { xdmPackage, type PackageDocument } from '../tools/xdm-package';
import { listedUris, openXdm, xdmDocumentBytes, xdmDocumentName, XdmError } from './document-package';
import { parseXml } from './document-runner';

const parser = () => new new Window().DOMParser() as unknown as DOMParser;
const fixture = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, 'cda/fixtures', name)));
const SUMMARY: PackageDocument = {
  name: 'DOC0001.XML',
  bytes: fixture('resume-mychart.xml'),
  mimeType: 'text/xml',
};
const REPORT: PackageDocument = {
  name: 'DOC0002.XML',
  bytes: fixture('cr-bio-complet.xml'),
  mimeType: 'text/xml',
};
const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]);
const open = (bytes: Uint8Array) => openXdm(blob(bytes), parser());

describe('an IHE XDM package', () => {
  it('gives the documents its metadata lists, in that order, each with its own bytes', async () => {
    const zip = xdmPackage([REPORT, SUMMARY], {
      listed: ['DOC0001.XML', 'DOC0002.XML'],
      extra: { 'IHE_XDM/SUBSET01/STYLE.XSL': new TextEncoder().encode('<xsl:stylesheet/>') },
    });
    const xdm = await open(zip);
    expect(xdm?.problems).toEqual([]);
    expect(xdm?.documents.map((d) => d.path)).toEqual([
      'IHE_XDM/SUBSET01/DOC0001.XML',
      'IHE_XDM/SUBSET01/DOC0002.XML',
    ]);
    expect(xdm!.documents.map(xdmDocumentName)).toEqual(['DOC0001.XML', 'DOC0002.XML']);
    expect(await xdmDocumentBytes(blob(zip), xdm!.documents[1]!)).toEqual(REPORT.bytes);
  });

  it('reads a URI cut into numbered pieces, and names in any case', async () => {
    const zip = xdmPackage([{ ...SUMMARY, name: 'doc0001.xml' }], { splitUris: true, subset: 'subset01' });
    const xdm = await open(zip);
    expect(xdm?.documents.map((d) => d.path)).toEqual(['IHE_XDM/subset01/doc0001.xml']);
  });

  it('says which announced document is missing, and reads the others', async () => {
    const xdm = await open(xdmPackage([SUMMARY], { extraUris: ['DOC0009.XML'] }));
    expect(xdm?.documents).toHaveLength(1);
    expect(xdm?.problems).toEqual([
      'IHE_XDM/SUBSET01/DOC0009.XML : annoncé par le paquet mais absent du ZIP',
    ]);
  });

  it('refuses a URI that would leave its folder or point elsewhere, and reads nothing through it', async () => {
    const hostile = [
      '../../README.TXT',
      '/etc/passwd',
      'C:/Windows/win.ini',
      'https://example.org/DOC.XML',
      'javascript:alert(1)',
      '..\\..\\x.xml',
    ];
    const xdm = await open(xdmPackage([SUMMARY], { extraUris: hostile }));
    expect(xdm?.documents.map(xdmDocumentName)).toEqual(['DOC0001.XML']);
    expect(xdm?.problems).toHaveLength(hostile.length);
    for (const problem of xdm!.problems) expect(problem).toContain('adresse de document refusée');
  });

  it('without metadata, takes the subset’s XML and PDF files, not its other files', async () => {
    const zip = xdmPackage([SUMMARY, REPORT], {
      withoutMetadata: true,
      extra: {
        'IHE_XDM/SUBSET01/NOTES.TXT': new Uint8Array([65]),
        'IHE_XDM/SUBSET01/DEEP/DOC9.XML': REPORT.bytes,
      },
    });
    const xdm = await open(zip);
    expect(xdm?.documents.map(xdmDocumentName)).toEqual(['DOC0001.XML', 'DOC0002.XML']);
  });

  it('reads its files when the metadata is broken, and says so', async () => {
    const zip = xdmPackage([SUMMARY], {
      withoutMetadata: true,
      extra: { 'IHE_XDM/SUBSET01/METADATA.XML': new TextEncoder().encode('<lcm:Submit') },
    });
    const xdm = await open(zip);
    expect(xdm?.documents.map(xdmDocumentName)).toEqual(['DOC0001.XML']);
    expect(xdm?.problems).toEqual([expect.stringContaining('METADATA.XML illisible')]);
  });

  it('is not a ZIP without an IHE_XDM folder (the person’s own archive, another ZIP)', async () => {
    expect(await open(zipSync({ 'archive.json': new Uint8Array([123, 125]) }))).toBeNull();
  });

  it('refuses a zip bomb from its directory, before inflating it', async () => {
    const bomb = zipSync({ IHE_XDM: { SUBSET01: { 'DOC0001.XML': new Uint8Array(8 << 20) } } });
    await expect(open(bomb)).rejects.toMatchObject({ name: 'ArchiveError', code: 'zip-bomb' });
  });

  it('refuses an entry name that leaves the package', async () => {
    const zip = zipSync({ 'IHE_XDM/SUBSET01/../../evil.xml': SUMMARY.bytes });
    const error = await open(zip).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ArchiveError);
    expect((error as ArchiveError).code).toBe('unsafe-name');
  });

  it('leaves out a document over the file limit, before inflating it', async () => {
    const big = new Uint8Array(LIMITS.fileBytes.value + 1);
    const zip = xdmPackage([SUMMARY], {
      extra: { 'IHE_XDM/SUBSET01/DOC0002.XML': [big, { level: 0 }] },
      extraUris: ['DOC0002.XML'],
    });
    const xdm = await open(zip);
    expect(xdm?.documents.map(xdmDocumentName)).toEqual(['DOC0001.XML']);
    expect(xdm?.problems).toEqual([expect.stringMatching(/DOC0002\.XML : plus de 20 Mo, non lu/)]);
  });

  it(`refuses a package of more than ${LIMITS.packageDocuments.value} documents`, async () => {
    const many = Array.from({ length: LIMITS.packageDocuments.value + 1 }, (_, n) => ({
      name: `DOC${String(n).padStart(5, '0')}.XML`,
      bytes: new Uint8Array([60, 97, 47, 62]),
      mimeType: 'text/xml' as const,
    }));
    await expect(open(xdmPackage(many))).rejects.toThrow(XdmError);
  });
});

describe('the metadata’s URIs', () => {
  it('are read from the ExtrinsicObjects only, whatever their namespace prefix', () => {
    const doc = parseXml(
      `<r:R xmlns:r="urn:x"><r:Slot name="URI"><r:ValueList><r:Value>NOT.XML</r:Value></r:ValueList></r:Slot>
       <r:ExtrinsicObject><r:Slot name="hash"><r:ValueList><r:Value>ab</r:Value></r:ValueList></r:Slot>
       <r:Slot name="URI"><r:ValueList><r:Value> A.XML </r:Value></r:ValueList></r:Slot></r:ExtrinsicObject>
       <ExtrinsicObject xmlns="urn:y"><Slot name="URI"><ValueList><Value>B.XML</Value></ValueList></Slot></ExtrinsicObject></r:R>`,
      parser(),
    );
    expect(listedUris(doc)).toEqual(['A.XML', 'B.XML']);
  });
});
