/** The essentials of a record on one line, for lists: what it is, and the amounts when any. */
import type { StoredRecord } from '../storage/schemas';
import { formatAmount, formatClinicalDate, formatNumber } from './format';
import { t, type MessageKey } from './i18n';

/** "Résultat d'analyse": one record of the kind. */
export function kindLabel(kind: StoredRecord['kind']): string {
  return t(`kind_${kind.replace('-', '_')}` as MessageKey);
}

/** "résultats d'analyse": several records of the kind. */
export function kindsLabel(kind: StoredRecord['kind']): string {
  return t(`kinds_${kind.replace('-', '_')}` as MessageKey);
}

function joined(...parts: (string | null | undefined)[]): string {
  return parts.filter((part): part is string => !!part).join(' — ');
}

export function recordWhat(record: StoredRecord): string {
  switch (record.kind) {
    case 'reimbursement':
      return joined(
        record.act,
        record.provider,
        record.paymentDate && t('paidOn', formatClinicalDate(record.paymentDate)),
      );
    case 'lab-result':
      return joined(record.analyte, `${record.valueText}${record.unit ? ` ${record.unit}` : ''}`, record.lab);
    case 'appointment':
      return joined(record.service, record.practitioner, record.location);
    case 'document':
      return joined(record.title, record.author);
    case 'medication':
      return joined(record.name, record.pharmacy);
    case 'immunization':
      return joined(record.vaccine, record.dose);
    case 'measurement':
      return joined(record.name, `${formatNumber(record.value)}${record.unit ? ` ${record.unit}` : ''}`);
    case 'table-row':
      return joined(record.table, Object.values(record.cells).join(' · '));
    case 'problem':
      return joined(record.name, record.status && t(`problemStatus_${record.status}`));
    case 'allergy':
      return joined(record.substance, record.reaction);
  }
}

/** Amount spent and amount reimbursed, for the records that carry money. */
export function recordAmounts(record: StoredRecord): { spent: string; reimbursed: string } | null {
  if (record.kind !== 'reimbursement') return null;
  const reimbursed =
    record.reimbursedPrimary === null && record.reimbursedComplementary === null
      ? null
      : (record.reimbursedPrimary ?? 0) + (record.reimbursedComplementary ?? 0);
  return {
    spent: formatAmount(record.charged, record.currency),
    reimbursed: formatAmount(reimbursed, record.currency),
  };
}
