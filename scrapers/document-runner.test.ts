import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { parseDocumentFile } from '../tools/parse-document';
import { recordId } from '../storage/ids';
import { LIMITS } from '../storage/limits';
import { validateRecords } from '../storage/validate';
import { defineDocumentReader, type DocumentInput } from './documents';
import { findDocumentReader } from './document-registry';
import {
  decodeXml,
  parseXml,
  readBroughtFile,
  readSavedFile,
  runDocumentReader,
  UnreadableXmlError,
} from './document-runner';

const parser = () => new new Window().DOMParser() as unknown as DOMParser;
const fixture = (name: string) => readFileSync(join(import.meta.dirname, 'cda/fixtures', name));
const FROM = { source: 'cda', sourceUrl: `urn:sha256:${'a'.repeat(64)}`, patient: null };

async function xmlInput(text: string): Promise<DocumentInput> {
  const parsed = await parseDocumentFile(new TextEncoder().encode(text));
  if (!parsed) throw new Error('not a document');
  return parsed.input;
}

describe('decoding and parsing XML', () => {
  it('decodes by the byte order mark, else by the declaration', () => {
    expect(decodeXml(new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x61, 0x2f, 0x3e]))).toBe('<a/>');
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('<?xml version="1.0" encoding="ISO-8859-1"?><a>'),
      0xe9,
      ...new TextEncoder().encode('</a>'),
    ]);
    expect(decodeXml(latin1)).toContain('<a>é</a>');
    const utf16 = new Uint8Array([0xff, 0xfe, 0x3c, 0, 0x61, 0, 0x2f, 0, 0x3e, 0]);
    expect(decodeXml(utf16)).toBe('<a/>');
  });

  it('refuses text that is not in its encoding, or an unknown encoding', () => {
    expect(() => decodeXml(new Uint8Array([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c]))).toThrow(UnreadableXmlError);
    expect(() =>
      decodeXml(new TextEncoder().encode('<?xml version="1.0" encoding="x-nothing"?><a/>')),
    ).toThrow('encodage « x-nothing » inconnu');
  });

  it('refuses malformed XML and any DOCTYPE (no entity expansion)', () => {
    expect(() => parseXml('<a><b></a>', parser())).toThrow("ce n'est pas du XML bien formé");
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY l2 "&lol;&lol;">]><a>&l2;</a>';
    expect(() => parseXml(laughs, parser())).toThrow('DOCTYPE');
  });
});

describe('running a reader', () => {
  it('keeps nothing and says why when the reader crashes', async () => {
    const crashing = defineDocumentReader({
      id: 'x',
      version: '1.0.0',
      label: 'x',
      format: 'xml',
      produces: ['lab-result'],
      detect: () => true,
      read: () => {
        throw new TypeError('boom');
      },
    });
    const run = runDocumentReader(crashing, await xmlInput('<root/>'), FROM, 'cr.xml');
    expect(run.status).toBe('failed');
    expect(run.records).toEqual([]);
    expect(run.problems[0]?.message).toContain('Il est gardé tel quel');
    expect(run.problems[0]?.detail).toBe('TypeError: boom');
  });

  it('recognises a CDA by its root element and namespace only', async () => {
    expect(findDocumentReader(await xmlInput('<ClinicalDocument xmlns="urn:hl7-org:v3"/>'))?.id).toBe('cda');
    expect(findDocumentReader(await xmlInput('<ClinicalDocument/>'))).toBeNull();
    expect(findDocumentReader(await xmlInput('<Bundle xmlns="http://hl7.org/fhir"/>'))).toBeNull();
  });

  it('refuses a document nested past its bound rather than walking it', async () => {
    const open = '<component><section><code code="30954-2" codeSystem="2.16.840.1.113883.6.1"/>'.repeat(12);
    const close = '</section></component>'.repeat(12);
    const text = fixture('sans-corps.xml')
      .toString('utf8')
      .replace(
        '</ClinicalDocument>',
        `<component><structuredBody>${open}${close}</structuredBody></component></ClinicalDocument>`,
      );
    const run = runDocumentReader(
      findDocumentReader(await xmlInput(text))!,
      await xmlInput(text),
      FROM,
      'x.xml',
    );
    expect(run.status).toBe('broken');
    expect(run.problems.at(-1)?.message).toContain("s'imbriquent sur plus de 8 niveaux");
  });

  it('refuses a document with more entries than its bound', async () => {
    const entry = (i: number) =>
      `<entry><observation classCode="OBS" moodCode="EVN"><code code="C${i}" codeSystem="1.2.3" displayName="Analyse ${i}"/><value xsi:type="PQ" value="${i}" unit="g/L"/></observation></entry>`;
    const entries = Array.from({ length: LIMITS.documentRecords.value + 1 }, (_, i) => entry(i)).join('');
    const text = fixture('sans-corps.xml')
      .toString('utf8')
      .replace(
        '</ClinicalDocument>',
        `<component><structuredBody><component><section><code code="30954-2" codeSystem="2.16.840.1.113883.6.1"/>${entries}</section></component></structuredBody></component></ClinicalDocument>`,
      );
    const input = await xmlInput(text);
    const run = runDocumentReader(findDocumentReader(input)!, input, FROM, 'x.xml');
    expect(run.status).toBe('broken');
    expect(run.problems.at(-1)?.message).toContain(`plus de ${LIMITS.documentRecords.value} éléments`);
  });
});

describe('provenance', () => {
  it('links a brought file’s records to a document record made for it', async () => {
    const parsed = (await parseDocumentFile(fixture('cr-bio-complet.xml')))!;
    const reading = readBroughtFile(
      parsed.input,
      { sha256: 'b'.repeat(64), mimeType: 'application/xml', name: 'cr.xml' },
      findDocumentReader,
      validateRecords,
    )!;
    expect(reading.document).toMatchObject({
      source: 'cda',
      url: null,
      fileId: 'b'.repeat(64),
      sourceUrl: `urn:sha256:${'b'.repeat(64)}`,
      docType: 'lab-report',
    });
    const id = recordId(reading.document!);
    expect(reading.records.length).toBeGreaterThan(10);
    for (const record of reading.records)
      expect(record).toMatchObject({ fromDocument: id, source: 'cda', patient: 'Aurore FERRAND-OZIL' });
  });

  it('gives a portal document’s records to the portal, as the portal names the person', async () => {
    const parsed = (await parseDocumentFile(fixture('note-de-vaccination.xml')))!;
    const document = {
      kind: 'document' as const,
      source: 'espace-sante',
      patient: 'BOUAZIZ Yanis',
      date: '2025-11-05',
      sourceUrl: 'https://www.monespacesante.fr/documents',
      title: 'Note de vaccination',
      docType: 'report' as const,
      author: null,
      url: 'https://www.monespacesante.fr/documents/vac-88',
      mimeType: 'application/xml',
      fileId: 'c'.repeat(64),
      sha256: 'c'.repeat(64),
    };
    const reading = readSavedFile(parsed.input, document, findDocumentReader, validateRecords)!;
    expect(reading.records.length).toBe(2);
    for (const record of reading.records) {
      expect(record).toMatchObject({
        source: 'espace-sante',
        patient: 'BOUAZIZ Yanis',
        sourceUrl: document.url,
        fromDocument: recordId(document),
      });
    }
  });
});
