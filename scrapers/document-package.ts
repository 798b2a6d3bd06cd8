/**
 * IHE XDM packages: the ZIP a patient portal hands out as « download my record » (MyChart's
 * « Télécharger / Download » export among them). Not a document format of its own but a folder
 * of documents: `IHE_XDM/<subset>/METADATA.XML` (an ebRIM submission set) lists the documents of
 * each subset, each `ExtrinsicObject` naming its file in a `URI` slot (`DOC0001.XML`) beside its
 * MIME type; an `INDEX.HTM` and a `README.TXT` at the root are for people. Each document listed is
 * then read by the document readers (a C-CDA summary by the CDA reader) as if the person had
 * brought it alone.
 *
 * What is trusted here: nothing. The ZIP is read from its central directory with the archive
 * reader's bounds (entries, inflated sizes, ratio, unsafe names); a URI that would leave its
 * subset's folder is refused; a document over the file limit is refused before it is inflated;
 * at most `LIMITS.packageDocuments` documents are read.
 */
import { ArchiveError } from '../storage/archive/envelope';
import {
  entryBytes,
  isUnsafeEntryName,
  readZipDirectory,
  type ZipDirectoryEntry,
} from '../storage/archive/zip-read';
import { describeLimit, LIMITS } from '../storage/limits';
import { decodeXml, parseXml } from './document-runner';

/** The folder every XDM package keeps its documents in (IHE ITI TF-1, « XDM »). */
const ROOT = 'IHE_XDM/';
const METADATA = 'METADATA.XML';
/** What a document reader may take from a package. */
const DOCUMENT_FILE = /\.(xml|pdf)$/i;

export interface XdmDocument {
  /** The entry's path in the ZIP: `IHE_XDM/SUBSET01/DOC0001.XML`. */
  path: string;
  entry: ZipDirectoryEntry;
}

export interface XdmPackage {
  documents: XdmDocument[];
  /** What the package announces and does not hold, or holds but cannot be read: one line each. */
  problems: string[];
}

/** Why a package is refused whole: it is not one, or it breaks a bound. */
export class XdmError extends Error {
  override readonly name = 'XdmError';
}

const upper = (name: string) => name.toUpperCase();

/** The entries of the ZIP by their upper-cased path: XDM names are upper case, writers vary. */
function byUpperName(entries: Map<string, ZipDirectoryEntry>): Map<string, ZipDirectoryEntry> {
  const map = new Map<string, ZipDirectoryEntry>();
  for (const entry of entries.values()) map.set(upper(entry.name), entry);
  return map;
}

/** `IHE_XDM/SUBSET01/` for every subset folder of the package, in the ZIP's order. */
function subsetsOf(names: Iterable<string>): string[] {
  const subsets = new Set<string>();
  for (const name of names) {
    const path = upper(name);
    if (!path.startsWith(ROOT)) continue;
    const rest = path.slice(ROOT.length);
    const slash = rest.indexOf('/');
    if (slash > 0) subsets.add(`${ROOT}${rest.slice(0, slash + 1)}`);
  }
  return [...subsets];
}

/** Elements named `name` under `parent`, whatever their namespace (ebRIM's varies with its version). */
function named(parent: Element | Document, name: string): Element[] {
  return Array.from(parent.getElementsByTagName('*')).filter((element) => element.localName === name);
}

/** A slot's value: one, or one cut into numbered pieces (« 1|DOC… », « 2|… ») when it is long. */
function slotValue(slot: Element): string {
  const values = named(slot, 'Value').map((value) => (value.textContent ?? '').trim());
  const pieces = values.map((value) => /^(\d+)\|(.*)$/.exec(value));
  if (values.length > 1 && pieces.every(Boolean)) {
    return pieces
      .map((piece) => [Number(piece![1]), piece![2]!] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, text]) => text)
      .join('');
  }
  return values[0]?.replace(/^1\|/, '') ?? '';
}

/** The `URI` slot values of the submission's documents, in the order the metadata lists them. */
export function listedUris(metadata: Document): string[] {
  const uris: string[] = [];
  for (const object of named(metadata, 'ExtrinsicObject')) {
    const slot = named(object, 'Slot').find((s) => s.getAttribute('name') === 'URI');
    const uri = slot ? slotValue(slot) : '';
    if (uri) uris.push(uri);
  }
  return uris;
}

/**
 * The documents of an XDM package, or null when the ZIP is not one (no `IHE_XDM/` folder: the
 * person's own archive, some other ZIP). Throws ArchiveError when the ZIP breaks a bound, and
 * XdmError when the package does.
 */
export async function openXdm(
  zip: Blob,
  parser: Pick<DOMParser, 'parseFromString'>,
): Promise<XdmPackage | null> {
  const entries = await readZipDirectory(zip);
  const subsets = subsetsOf(entries.keys());
  if (subsets.length === 0) return null;
  const named = byUpperName(entries);
  const documents: XdmDocument[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();

  const add = (path: string, announced: boolean) => {
    const key = upper(path);
    if (seen.has(key)) return;
    const entry = named.get(key);
    if (!entry) {
      if (announced) problems.push(`${path} : annoncé par le paquet mais absent du ZIP`);
      return;
    }
    seen.add(key);
    if (entry.size > LIMITS.fileBytes.value) {
      problems.push(`${entry.name} : plus de ${describeLimit('fileBytes')}, non lu`);
      return;
    }
    if (documents.length >= LIMITS.packageDocuments.value) {
      throw new XdmError(
        `plus de ${describeLimit('packageDocuments')} documents dans le paquet : importez-le en plusieurs fois`,
      );
    }
    documents.push({ path: entry.name, entry });
  };

  for (const subset of subsets) {
    const metadata = named.get(`${subset}${METADATA}`);
    let uris: string[] | null = null;
    if (metadata) {
      if (metadata.size > LIMITS.fileBytes.value) {
        throw new XdmError(`${metadata.name} : plus de ${describeLimit('fileBytes')}`);
      }
      try {
        uris = listedUris(parseXml(decodeXml(await entryBytes(zip, metadata)), parser));
      } catch (error) {
        if (error instanceof ArchiveError) throw error;
        problems.push(
          `${metadata.name} illisible (${error instanceof Error ? error.message : String(error)}) : les fichiers du dossier sont lus sans lui`,
        );
      }
    }
    if (uris && uris.length > 0) {
      for (const uri of uris) {
        // A URI is relative to its subset's folder; one that leaves it is an attack, not a document.
        if (/^[a-z][\w+.-]*:/i.test(uri) || isUnsafeEntryName(uri)) {
          problems.push(`${JSON.stringify(uri.slice(0, 80))} : adresse de document refusée`);
          continue;
        }
        add(`${subset}${uri}`, true);
      }
    } else {
      // No metadata, or none that lists its documents: the subset's document files, in order.
      for (const entry of entries.values()) {
        const path = upper(entry.name);
        if (!path.startsWith(subset) || path.slice(subset.length).includes('/')) continue;
        if (path.endsWith(`/${METADATA}`) || !DOCUMENT_FILE.test(path)) continue;
        add(entry.name, false);
      }
    }
  }
  return { documents, problems };
}

/** A document's bytes, inflated within the bounds its directory entry was checked against. */
export function xdmDocumentBytes(zip: Blob, document: XdmDocument): Promise<Uint8Array<ArrayBuffer>> {
  return entryBytes(zip, document.entry);
}

/** The document's file name, for titles and messages: `DOC0001.XML`. */
export function xdmDocumentName(document: XdmDocument): string {
  return document.path.slice(document.path.lastIndexOf('/') + 1);
}
