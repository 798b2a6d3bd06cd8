/**
 * One valid scraped record of every kind, for the storage tests. Each call returns fresh objects
 * so a test can mutate its copy.
 */
import type { CaptureInput } from './save-capture';
import type { RecordKind, ScrapedRecord } from './schemas';

type Of<K extends RecordKind> = Extract<ScrapedRecord, { kind: K }>;

const base = {
  patient: 'Camille MARTIN',
  sourceUrl: 'https://portail.example.fr/page?x=1',
} as const;

export function sampleRecords(): { [K in RecordKind]: Of<K> } {
  return {
    'lab-result': {
      kind: 'lab-result',
      source: 'labo',
      ...base,
      date: '2024-03-02',
      analyte: 'Glycémie à jeun',
      code: null,
      value: 5.2,
      valueText: '5,2',
      comparator: null,
      unit: 'mmol/L',
      refLow: 4.1,
      refHigh: 5.9,
      refText: '(4,1 - 5,9)',
      flag: null,
      panel: 'Biochimie',
      reportId: 'R-2024-0042',
      lab: 'Laboratoire Central',
      prescriber: null,
      fromDocument: null,
    },
    reimbursement: {
      kind: 'reimbursement',
      source: 'ameli',
      ...base,
      date: '2024-03-02',
      act: 'Consultation médecin généraliste',
      provider: 'Dr DUPONT',
      paymentDate: '2024-03-25',
      charged: 30,
      base: 30,
      rate: 70,
      reimbursedPrimary: 19,
      reimbursedComplementary: null,
      deductible: 2,
      outOfPocket: 9,
      currency: 'EUR',
      ref: null,
    },
    appointment: {
      kind: 'appointment',
      source: 'hopital',
      ...base,
      date: '2024-05-10T09:30',
      end: '2024-05-10T10:00',
      status: 'booked',
      service: 'Cardiologie',
      practitioner: 'Dr LEROY',
      location: 'Bâtiment B',
      reason: null,
    },
    document: {
      kind: 'document',
      source: 'hopital',
      ...base,
      date: '2024-04-01',
      title: 'Compte rendu de consultation',
      docType: 'report',
      author: 'Dr LEROY',
      url: 'https://portail.example.fr/docs/123.pdf',
      mimeType: 'application/pdf',
      fileId: null,
      sha256: null,
    },
    medication: {
      kind: 'medication',
      source: 'ameli',
      ...base,
      date: '2024-03-03',
      name: 'DOLIPRANE 1000 mg, comprimé',
      code: null,
      quantity: 2,
      prescriber: 'Dr DUPONT',
      pharmacy: 'Pharmacie du Centre',
      fromDocument: null,
    },
    immunization: {
      kind: 'immunization',
      source: 'ameli',
      ...base,
      date: '2023-10-15',
      vaccine: 'Grippe',
      dose: 'rappel',
      lot: 'AB123',
      performer: null,
      fromDocument: null,
    },
    measurement: {
      kind: 'measurement',
      source: 'hopital',
      ...base,
      date: '2024-05-10T09:45',
      name: 'Poids',
      code: null,
      value: 68.5,
      unit: 'kg',
    },
    'table-row': {
      kind: 'table-row',
      source: 'mgen',
      ...base,
      date: '2024-01-20',
      table: 'Tableau 1',
      cells: { Date: '20/01/2024', Montant: '12,50 €', Note: '' },
    },
    problem: {
      kind: 'problem',
      source: 'espace-sante',
      ...base,
      date: '2019-06-01',
      name: 'Asthme allergique',
      code: 'CIM-10|J45.0',
      status: 'active',
      end: null,
      fromDocument: 'document:0123456789abcdef0123456789abcdef',
    },
    allergy: {
      kind: 'allergy',
      source: 'espace-sante',
      ...base,
      date: '2015-03-12',
      substance: 'Pénicilline',
      code: null,
      reaction: 'Urticaire',
      severity: 'modérée',
      status: 'active',
      fromDocument: 'document:0123456789abcdef0123456789abcdef',
    },
  };
}

/** `n` distinct reimbursements of one source, e.g. for a bulk save. */
export function manyReimbursements(n: number, source = 'ameli'): Of<'reimbursement'>[] {
  const template = sampleRecords().reimbursement;
  return Array.from({ length: n }, (_, i) => ({
    ...template,
    source,
    ref: `REF-${String(i).padStart(6, '0')}`,
    charged: 10 + (i % 50),
  }));
}

/** What a save of a statement page of `source` hands to saveCapture. */
export function captureInput(
  records: unknown[],
  source = 'ameli',
  startedAt = '2024-06-01T09:59:59.000Z',
): CaptureInput {
  return {
    source,
    url: 'https://assure.ameli.fr/releve',
    title: 'Mes remboursements',
    scraper: { id: source, version: '1.0.0' },
    startedAt,
    records,
    problems: [],
  };
}
