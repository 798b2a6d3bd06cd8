/**
 * The FHIR R4 export: a Bundle of type `collection`, written an entry at a time. Every entry's
 * `fullUrl` is the `urn:uuid:` of its resource and references point at those, so the bundle
 * stands alone. Generic table rows have no FHIR equivalent and are left out (counted).
 */
import type { BundleEntry, FhirResource, Reference } from 'fhir/r4';
import type { FileRow, MesDonneesDb, RecordRow } from '../../db';
import { sha256Hex } from '../../files';
import type { Measurement } from '../../schemas';
import { kindPages, selectedKinds, type Selection } from '../selection';
import { yieldToPage, type ByteSink, type OnProgress } from '../sink';
import { browserZone, type FhirContext, uuidFromHex, type ZoneOf } from './common';
import {
  appointmentToFhir,
  documentToFhir,
  immunizationToFhir,
  labResultToObservation,
  medicationToFhir,
  patientToFhir,
  reimbursementToEob,
  type StoredAttachment,
} from './resources';
import { measurementsToObservations, measurementToObservation } from './vitals';
import { allergyToFhir, problemToCondition } from './history';
import { sniffFileType } from '../../file-type';
import { toBase64 } from '../../base64';

export type ReadFileBytes = (row: FileRow) => Promise<Uint8Array>;

/** The bytes of a stored file. A seam: tests pass their own (fake-indexeddb keeps no Blob bytes). */
export const readBlobBytes: ReadFileBytes = async (row) => new Uint8Array(await row.blob.arrayBuffer());

/** One record's resource; null for a table row. A lone measurement is its own Observation. */
export function recordToFhir(
  record: RecordRow,
  ctx: FhirContext,
  file: StoredAttachment | null = null,
): FhirResource | null {
  switch (record.kind) {
    case 'lab-result':
      return labResultToObservation(record, ctx);
    case 'reimbursement':
      return reimbursementToEob(record, ctx);
    case 'appointment':
      return appointmentToFhir(record, ctx);
    case 'document':
      return documentToFhir(record, ctx, file);
    case 'medication':
      return medicationToFhir(record, ctx);
    case 'immunization':
      return immunizationToFhir(record, ctx);
    case 'measurement':
      return measurementToObservation(record, ctx);
    case 'problem':
      return problemToCondition(record, ctx);
    case 'allergy':
      return allergyToFhir(record, ctx);
    case 'table-row':
      return null;
  }
}

export function entryOf(resource: FhirResource): BundleEntry<FhirResource> {
  return { fullUrl: `urn:uuid:${resource.id}`, resource };
}

/** A person's resource id: the same name gives the same id in every export. */
export async function patientUuid(name: string | null): Promise<string> {
  const bytes = new TextEncoder().encode(`patient:${JSON.stringify(name)}`);
  return uuidFromHex(await sha256Hex(bytes as Uint8Array<ArrayBuffer>));
}

export interface FhirBundleOptions {
  now?: () => Date;
  zone?: ZoneOf;
  readFile?: ReadFileBytes;
  onProgress?: OnProgress;
  total?: number;
}

export interface FhirBundleSummary {
  resources: number;
  /** Table rows, which FHIR has no resource for. */
  skipped: number;
}

export async function writeFhirBundle(
  db: MesDonneesDb,
  selection: Selection,
  sink: ByteSink,
  options: FhirBundleOptions = {},
): Promise<FhirBundleSummary> {
  const zone = options.zone ?? browserZone;
  const readFile = options.readFile ?? readBlobBytes;
  const timestamp = (options.now ?? (() => new Date()))().toISOString();
  sink.write(
    `{"resourceType":"Bundle","id":"${crypto.randomUUID()}","type":"collection","timestamp":"${timestamp}"`,
  );
  let resources = 0;
  const emit = (resource: FhirResource) => {
    // FHIR JSON has no empty arrays: `entry` opens with its first resource.
    sink.write(`${resources === 0 ? ',"entry":[\n' : ',\n'}${JSON.stringify(entryOf(resource))}`);
    resources++;
  };

  const patients = new Map<string | null, Reference>();
  const contextOf = (r: RecordRow): FhirContext => ({ patient: patients.get(r.patient)!, zone });
  let done = 0;
  let skipped = 0;
  for (const kind of selectedKinds(selection)) {
    for await (const page of kindPages(db, kind, selection)) {
      done += page.length;
      if (kind === 'table-row') {
        skipped += page.length;
        continue;
      }
      for (const r of page) {
        if (!patients.has(r.patient)) {
          patients.set(r.patient, { reference: `urn:uuid:${await patientUuid(r.patient)}` });
        }
      }
      if (kind === 'measurement') {
        measurementsToObservations(page as Measurement[], contextOf).forEach(emit);
      } else {
        for (const r of page) {
          const file = r.kind === 'document' && r.fileId ? await attachment(db, r.fileId, readFile) : null;
          const resource = recordToFhir(r, contextOf(r), file);
          if (resource) emit(resource);
        }
      }
      options.onProgress?.({ phase: 'fhir', done, total: options.total ?? 0 });
      await yieldToPage();
    }
  }
  for (const [name, ref] of patients) emit(patientToFhir(ref.reference!.slice('urn:uuid:'.length), name));
  sink.write(`${resources === 0 ? '' : '\n]'}}\n`);
  return { resources, skipped };
}

async function attachment(
  db: MesDonneesDb,
  fileId: string,
  readFile: ReadFileBytes,
): Promise<StoredAttachment | null> {
  const row = await db.files.get(fileId);
  if (!row) return null;
  const bytes = await readFile(row);
  return { data: toBase64(bytes), contentType: sniffFileType(bytes), size: bytes.byteLength };
}
