/**
 * HL7 CDA R2 documents (urn:hl7-org:v3), as Mon espace santé / the DMP and the labs hand them to
 * patients: the CI-SIS content models CR-BIO (lab report), VAC and VAC-NOTE (vaccinations),
 * VSM and IPS-FR (summaries), and C-CDA documents (MyChart's export). The body is read section
 * by section, by each section's LOINC code (./sections.ts); the entries by their structure
 * (./entries.ts); the header gives the patient, the report's number, the lab and the prescriber
 * (./header.ts). Structure and sources: docs/documents.md.
 */
import { fromBase64 } from '../../storage/base64';
import { LIMITS } from '../../storage/limits';
import { defineDocumentReader, DocumentLayoutError, type DocumentOutput } from '../documents';
import { distinctRecords } from '../helpers/distinct';
import { attr, child, children, descendants, HL7, textIn } from '../helpers/xml';
import { readEntries, type Reading } from './entries';
import { readHeader } from './header';
import { DOCUMENT_KINDS, SECTION_KINDS, type SectionKind } from './sections';
import { LOINC_OID } from './values';

/** How deep sections may nest (a CR-BIO nests two levels; more is no document we know). */
const MAX_SECTION_DEPTH = 8;

export default defineDocumentReader({
  id: 'cda',
  version: '1.0.0',
  label: 'Document médical structuré (CDA R2)',
  format: 'xml',
  produces: ['lab-result', 'immunization', 'medication', 'problem', 'allergy', 'measurement'],

  detect(input) {
    if (input.format !== 'xml') return false;
    const root = input.doc.documentElement;
    return root?.localName === 'ClinicalDocument' && root.namespaceURI === HL7;
  },

  read(input, from, ctx): DocumentOutput {
    if (input.format !== 'xml') throw new DocumentLayoutError("ce n'est pas un document XML");
    const root = input.doc.documentElement;
    const header = readHeader(root);
    const about = {
      title: header.title,
      date: header.day,
      docType: header.docType,
      author: header.author ?? header.lab,
      patient: header.patient,
    };

    const body = child(root, 'component');
    const structured = child(body, 'structuredBody');
    if (structured === null) {
      const rendition = unstructured(child(body, 'nonXMLBody'));
      if (rendition === null) {
        throw new DocumentLayoutError("le document n'a ni corps structuré ni document PDF joint");
      }
      return { about, records: [], rendition };
    }

    const reading: Reading = { header, from, ctx, narrative: narrativeOf(input.doc), records: [] };
    const fallback = (header.docCode === null ? undefined : DOCUMENT_KINDS[header.docCode]) ?? null;
    readSections(reading, structured, fallback, 0);
    return { about, records: distinctRecords(reading.records, ctx), rendition: embeddedPdf(root) };
  },
});

function readSections(reading: Reading, parent: Element, inherited: SectionKind | null, depth: number): void {
  if (depth > MAX_SECTION_DEPTH) {
    throw new DocumentLayoutError(
      `les sections du document s'imbriquent sur plus de ${MAX_SECTION_DEPTH} niveaux`,
    );
  }
  for (const component of children(parent, 'component')) {
    const section = child(component, 'section');
    if (section === null) continue;
    const code = child(section, 'code');
    const own = attr(code, 'codeSystem') === LOINC_OID ? SECTION_KINDS[attr(code, 'code') ?? ''] : undefined;
    const kind = own ?? inherited;
    if (kind) readEntries(reading, kind, section, textIn(child(section, 'title')));
    readSections(reading, section, kind, depth + 1);
  }
}

/** The narrative's elements that an entry may point at (`<content ID="r1">`), by their ID. */
function narrativeOf(doc: Document): (id: string) => string | null {
  let byId: Map<string, Element> | null = null;
  return (id) => {
    byId ??= new Map(
      Array.from(doc.querySelectorAll('[ID]'), (element) => [element.getAttribute('ID') ?? '', element]),
    );
    return textIn(byId.get(id));
  };
}

type Rendition = DocumentOutput['rendition'];

/** The PDF a document without structured body carries (CDA « niveau 1 »). */
function unstructured(body: Element | null): Rendition {
  const text = child(body, 'text');
  return pdfIn(text, attr(text, 'mediaType'), attr(text, 'representation'));
}

/** The rendered report a structured document embeds (an `observationMedia`), the first PDF. */
function embeddedPdf(root: Element): Rendition {
  for (const media of descendants(root, 'observationMedia')) {
    const value = child(media, 'value');
    const pdf = pdfIn(value, attr(value, 'mediaType'), attr(value, 'representation'));
    if (pdf) return pdf;
  }
  return null;
}

function pdfIn(element: Element | null, mediaType: string | null, representation: string | null): Rendition {
  if (element === null || mediaType !== 'application/pdf' || representation !== 'B64') return null;
  const encoded = (element.textContent ?? '').replace(/\s+/g, '');
  // Base64 grows a file by a third: past the file bound, it is not decoded at all.
  if (encoded.length === 0 || encoded.length > (LIMITS.fileBytes.value / 3) * 4 + 4) return null;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = fromBase64(encoded);
  } catch {
    return null;
  }
  // Only what is a PDF by its bytes is kept as one.
  const magic = String.fromCharCode(...bytes.subarray(0, 5));
  return magic === '%PDF-' ? { mimeType: 'application/pdf', bytes } : null;
}
