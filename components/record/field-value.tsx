/** A record's field in words: amounts, dates, codes and lists as a person reads them. */
import type { ComponentChildren } from 'preact';
import { formatAmount, formatClinicalDate, formatInstant, formatNumber } from '../../lib/format';
import { t, type MessageKey } from '../../lib/i18n';
import type { RecordRow } from '../../storage/db';
import { docTypeLabel, statusLabel } from '../timeline/RecordEssentials';

const MONEY = new Set([
  'charged',
  'base',
  'reimbursedPrimary',
  'reimbursedComplementary',
  'deductible',
  'outOfPocket',
]);
const DAYS = new Set(['date', 'paymentDate', 'end']);
const INSTANTS = new Set(['capturedAt', 'updatedAt']);

/** Fields shown under "where it came from" rather than with the content. */
export const PROVENANCE_FIELDS = new Set([
  'id',
  'kind',
  'source',
  'sourceUrl',
  'captureId',
  'capturedAt',
  'updatedAt',
]);

export function fieldLabel(field: string): string {
  return t(`field_${field}` as MessageKey) === `field_${field}` ? field : t(`field_${field}` as MessageKey);
}

export function fieldValue(record: RecordRow, field: string, value: unknown): ComponentChildren {
  if (value === null || value === undefined) return <span class="muted">{t('notShown')}</span>;
  if (typeof value === 'number') {
    if (MONEY.has(field)) return formatAmount(value, 'currency' in record ? record.currency : 'EUR');
    if (field === 'rate') return `${formatNumber(value)} %`;
    return formatNumber(value);
  }
  if (typeof value === 'string') {
    if (DAYS.has(field)) return formatClinicalDate(value);
    if (INSTANTS.has(field)) return formatInstant(value);
    if (field === 'docType' && record.kind === 'document') return docTypeLabel(record.docType);
    if (field === 'status' && record.kind === 'appointment' && record.status)
      return statusLabel(record.status);
    if (field === 'flag') return t(value === 'H' ? 'flagHigh' : value === 'L' ? 'flagLow' : 'flagAbnormal');
    return value;
  }
  if (typeof value === 'object') {
    return (
      <dl class="cells">
        {Object.entries(value as Record<string, string>).map(([name, cell]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{cell || '—'}</dd>
          </div>
        ))}
      </dl>
    );
  }
  return String(value);
}
