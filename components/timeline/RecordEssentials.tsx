import type { ComponentChildren } from 'preact';
import { formatAmount, formatClinicalDate, formatNumber } from '../../lib/format';
import { t, type MessageKey, tCount, uiLocale } from '../../lib/i18n';
import { explanationOf } from '../../storage/analytes/explanations';
import { foldText } from '../../storage/views/persons';
import type { MesDonneesDb, RecordRow } from '../../storage/db';
import type { Appointment, HealthDocument, LabResult } from '../../storage/schemas';
import { leftToPay } from '../../storage/views/spending';
import { FlagBadge } from '../FlagBadge';
import { OpenFileButton } from '../OpenFileButton';

export function docTypeLabel(docType: HealthDocument['docType']): string {
  return t(`docType_${docType.replace('-', '_')}` as MessageKey);
}

export function statusLabel(status: NonNullable<Appointment['status']>): string {
  return t(`status_${status}` as MessageKey);
}

/** "5,2 mmol/L". */
export function resultText(result: Pick<LabResult, 'valueText' | 'unit'>): string {
  return `${result.valueText}${result.unit ? ` ${result.unit}` : ''}`;
}

function details(...parts: (ComponentChildren | null | false | undefined)[]) {
  const shown = parts.filter((part) => part !== null && part !== false && part !== undefined && part !== '');
  return shown.length === 0 ? null : (
    <span class="details">
      {shown.map((part, i) => (
        <span key={i}>
          {i > 0 && ' · '}
          {part}
        </span>
      ))}
    </span>
  );
}

/**
 * The essentials of a record, as a person reads them: an act and what was paid, a result and its
 * flag, an appointment, a document. Page text is rendered as text (JSX escapes it), never as HTML.
 */
export function RecordEssentials({ record, db }: { record: RecordRow; db: MesDonneesDb }) {
  switch (record.kind) {
    case 'reimbursement': {
      const left = leftToPay(record);
      return (
        <>
          <span class="what">{record.act}</span>
          {details(
            record.provider,
            record.charged !== null && t('spentAmount', formatAmount(record.charged, record.currency)),
            record.reimbursedPrimary !== null &&
              `${t('reimbursedPrimary')} ${formatAmount(record.reimbursedPrimary, record.currency)}`,
            record.reimbursedComplementary !== null &&
              `${t('reimbursedComplementary')} ${formatAmount(record.reimbursedComplementary, record.currency)}`,
            left !== null && t('leftToPayAmount', formatAmount(left, record.currency)),
          )}
        </>
      );
    }
    case 'lab-result':
      return (
        <>
          <span class="what">
            {record.analyte} : {resultText(record)} <FlagBadge flag={record.flag} />
          </span>
          {details(plainName(record), record.refText && t('refRange', record.refText), record.lab)}
        </>
      );
    case 'appointment':
      return (
        <>
          <span class="what">{[record.service, record.practitioner].filter(Boolean).join(' — ') || '—'}</span>
          {details(record.status && statusLabel(record.status), record.location, record.reason)}
        </>
      );
    case 'document':
      return (
        <>
          <span class="what">{record.title}</span>
          {details(
            docTypeLabel(record.docType),
            record.author,
            record.fileId && <OpenFileButton db={db} document={record} />,
          )}
        </>
      );
    case 'medication':
      return (
        <>
          <span class="what">{record.name}</span>
          {details(
            record.quantity !== null && tCount('quantityBoxes', record.quantity),
            record.pharmacy,
            record.prescriber,
          )}
        </>
      );
    case 'immunization':
      return (
        <>
          <span class="what">{record.vaccine}</span>
          {details(record.dose, record.lot && t('lotNumber', record.lot), record.performer)}
        </>
      );
    case 'measurement':
      return (
        <span class="what">
          {record.name} : {formatNumber(record.value)}
          {record.unit ? ` ${record.unit}` : ''}
        </span>
      );
    case 'table-row':
      return (
        <>
          <span class="what">{record.table}</span>
          {details(Object.values(record.cells).filter(Boolean).join(' · '))}
        </>
      );
    case 'problem':
      return (
        <>
          <span class="what">{record.name}</span>
          {details(
            record.status && t(`problemStatus_${record.status}`),
            record.end && t('problemEnded', formatClinicalDate(record.end)),
          )}
        </>
      );
    case 'allergy':
      return (
        <>
          <span class="what">{record.substance}</span>
          {details(record.reaction, record.severity, record.status && t(`problemStatus_${record.status}`))}
        </>
      );
  }
}

/**
 * What a lab's short name stands for, in plain words (« BUN » is « Urée (BUN : azote uréique) »),
 * when the project explains the test and its name says more than the lab's.
 */
function plainName(record: LabResult): string | null {
  const name = explanationOf(record.loinc, uiLocale())?.name;
  return name && foldText(name) !== foldText(record.analyte) ? name : null;
}
