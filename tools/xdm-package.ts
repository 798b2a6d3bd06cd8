/**
 * Writes IHE XDM packages for the tests: the ZIP a portal gives as « download my record », laid
 * out as IHE ITI's XDM profile says (`IHE_XDM/SUBSET01/METADATA.XML` listing `DOC0001.XML`…,
 * `INDEX.HTM` and `README.TXT` at the root), with a submission set written for the project. The
 * options break it the ways a hostile or careless package would.
 */
import { zipSync, type Zippable } from 'fflate';

export interface PackageDocument {
  /** The file's name in its subset: `DOC0001.XML`. */
  name: string;
  bytes: Uint8Array;
  mimeType: 'text/xml' | 'application/pdf';
}

export interface PackageOptions {
  /** The subset's folder: `SUBSET01`. */
  subset?: string;
  /** URIs listed in the metadata beside the documents' own (absent files, hostile paths). */
  extraUris?: string[];
  /** The order the metadata lists the documents in (their names), when not the ZIP's. */
  listed?: string[];
  /** Leave METADATA.XML out: the reader then takes the subset's document files. */
  withoutMetadata?: boolean;
  /** Cut each URI into numbered pieces, as ebRIM does for long values. */
  splitUris?: boolean;
  /** More entries, as they are (a stylesheet, a bomb). */
  extra?: Zippable;
}

const escape = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

function slotValues(uri: string, split: boolean): string {
  if (!split || uri.length < 4) return `<rim:Value>${escape(uri)}</rim:Value>`;
  const half = Math.ceil(uri.length / 2);
  // Listed out of order: the numbers say the order.
  return `<rim:Value>2|${escape(uri.slice(half))}</rim:Value><rim:Value>1|${escape(uri.slice(0, half))}</rim:Value>`;
}

/** An ebRIM submission set: one ExtrinsicObject per document, its file in a `URI` slot. */
export function metadataXml(uris: { uri: string; mimeType: string }[], split = false): string {
  const objects = uris
    .map(
      ({ uri, mimeType }, n) => `
    <rim:ExtrinsicObject id="urn:uuid:00000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}" mimeType="${escape(mimeType)}" objectType="urn:uuid:7edca82f-054d-47f2-a032-9b2a5b5186c1">
      <rim:Slot name="creationTime"><rim:ValueList><rim:Value>20251118120000</rim:Value></rim:ValueList></rim:Slot>
      <rim:Slot name="size"><rim:ValueList><rim:Value>0</rim:Value></rim:ValueList></rim:Slot>
      <rim:Slot name="URI"><rim:ValueList>${slotValues(uri, split)}</rim:ValueList></rim:Slot>
      <rim:Name><rim:LocalizedString value="Document ${n + 1}"/></rim:Name>
    </rim:ExtrinsicObject>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<lcm:SubmitObjectsRequest xmlns:lcm="urn:oasis:names:tc:ebxml-regrep:xsd:lcm:3.0" xmlns:rim="urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0">
  <rim:RegistryObjectList>
    <rim:RegistryPackage id="urn:uuid:00000000-0000-4000-8000-00000000ffff">
      <rim:Name><rim:LocalizedString value="Health record export"/></rim:Name>
    </rim:RegistryPackage>${objects}
  </rim:RegistryObjectList>
</lcm:SubmitObjectsRequest>
`;
}

/** The package's bytes. */
export function xdmPackage(
  documents: PackageDocument[],
  options: PackageOptions = {},
): Uint8Array<ArrayBuffer> {
  const subset = options.subset ?? 'SUBSET01';
  const text = (value: string) => new TextEncoder().encode(value);
  const folder: Zippable = {};
  for (const document of documents) folder[document.name] = document.bytes;
  if (!options.withoutMetadata) {
    const order = options.listed ?? documents.map(({ name }) => name);
    const uris = [
      ...order.map((name) => ({
        uri: name,
        mimeType: documents.find((document) => document.name === name)?.mimeType ?? 'text/xml',
      })),
      ...(options.extraUris ?? []).map((uri) => ({ uri, mimeType: 'text/xml' })),
    ];
    folder['METADATA.XML'] = text(metadataXml(uris, options.splitUris));
  }
  return zipSync({
    'INDEX.HTM': text('<html><body><p>Health record export.</p></body></html>'),
    'README.TXT': text('This archive holds a health record export, laid out as IHE XDM.\n'),
    IHE_XDM: { [subset]: folder },
    ...options.extra,
  }) as Uint8Array<ArrayBuffer>;
}
