/**
 * The header of a CDA R2 document: who it is about (exactly one patient), what and when it is,
 * who wrote it, which lab did the analyses, who prescribed them, and the report's number.
 */
import type { DocType } from '../../storage/schemas';
import { DocumentLayoutError } from '../documents';
import { attr, child, children, path, textIn } from '../helpers/xml';
import { LOINC_OID, cdaDate, nameOf, personName, whoIs } from './values';

export interface CdaHeader {
  patient: string | null;
  title: string;
  /** The document's date, `AAAA-MM-JJ`. */
  day: string;
  /** The date of the care it reports (`serviceEvent`), else the document's, as precise as written. */
  serviceDate: string;
  docCode: string | null;
  docType: DocType;
  author: string | null;
  lab: string | null;
  prescriber: string | null;
  reportId: string | null;
}

/** LOINC document codes by the record's `docType` (CI-SIS volumes and C-CDA). */
const DOC_TYPES: Record<string, DocType> = {
  '11502-2': 'lab-report', // CR-BIO: laboratory report
  '18842-5': 'report', // discharge summary
  '34133-9': 'report', // C-CDA: summary of episode (MyChart's export)
  '60591-5': 'report', // patient summary (VSM, IPS-FR)
  '87273-9': 'report', // vaccination note (VAC-NOTE)
  '11369-6': 'report', // history of immunization (VAC)
  '57833-6': 'prescription',
  '18748-4': 'imaging',
  '11488-4': 'letter', // consult note
};

/** An id as written: `root^extension`, the extension alone when the root is an OID (the usual). */
function idOf(id: Element | null): string | null {
  const root = attr(id, 'root');
  const extension = attr(id, 'extension');
  if (extension) return extension;
  return root;
}

export function readHeader(root: Element): CdaHeader {
  const targets = children(root, 'recordTarget');
  if (targets.length === 0) {
    throw new DocumentLayoutError(
      "le document ne dit pas de quel patient il parle (pas d'élément recordTarget)",
    );
  }
  if (targets.length > 1) {
    throw new DocumentLayoutError(
      `le document concerne ${targets.length} patients : il n'est pas lu, pour ne pas mêler les données de plusieurs personnes`,
    );
  }
  const patient = personName(path(targets[0], 'patientRole', 'patient', 'name'));

  const written = cdaDate(attr(child(root, 'effectiveTime'), 'value'));
  if (written === null) throw new DocumentLayoutError("le document n'a pas de date (effectiveTime)");
  const day = written.slice(0, 10);
  const service = path(root, 'documentationOf', 'serviceEvent');
  const serviceTime = child(service, 'effectiveTime');
  const serviceDate =
    cdaDate(attr(serviceTime, 'value') ?? attr(child(serviceTime, 'low'), 'value')) ?? written;

  const code = child(root, 'code');
  const docCode = attr(code, 'codeSystem') === LOINC_OID ? attr(code, 'code') : null;
  const title = textIn(child(root, 'title')) ?? nameOf(code) ?? 'Document CDA';

  const authorEntity = path(root, 'author', 'assignedAuthor');
  const author = whoIs(authorEntity);
  // The lab: the service's performer (CR-BIO), else the custodian, else the author's organisation.
  const lab =
    textIn(path(service, 'performer', 'assignedEntity', 'representedOrganization', 'name')) ??
    textIn(path(root, 'custodian', 'assignedCustodian', 'representedCustodianOrganization', 'name')) ??
    textIn(path(authorEntity, 'representedOrganization', 'name'));

  // The prescriber: the referrer participant (`REF`), else the order's author.
  const referrer = children(root, 'participant').find((p) => attr(p, 'typeCode') === 'REF');
  const prescriber =
    personName(path(referrer, 'associatedEntity', 'associatedPerson', 'name')) ??
    textIn(path(referrer, 'associatedEntity', 'scopingOrganization', 'name'));

  // The report's number: the order it fulfils (the lab's request number, as its portal shows it),
  // else the document's set (every version of one report), else the document itself.
  const reportId =
    idOf(path(root, 'inFulfillmentOf', 'order', 'id')) ??
    idOf(child(root, 'setId')) ??
    idOf(child(root, 'id'));

  return {
    patient,
    title,
    day,
    serviceDate,
    docCode,
    docType: (docCode === null ? undefined : DOC_TYPES[docCode]) ?? 'report',
    author,
    lab,
    prescriber,
    reportId,
  };
}
