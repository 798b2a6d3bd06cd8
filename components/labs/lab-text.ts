/** Lab results in words, for tables and for the labels of charts and sparklines. */
import { formatNumber } from '../../lib/format';
import { t } from '../../lib/i18n';
import type { LabResult } from '../../storage/schemas';

/** The reference range as the lab wrote it, else from its bounds. */
export function rangeText(result: Pick<LabResult, 'refText' | 'refLow' | 'refHigh'>): string {
  if (result.refText) return result.refText;
  const { refLow: low, refHigh: high } = result;
  if (low !== null && high !== null) return `${formatNumber(low)} – ${formatNumber(high)}`;
  if (low !== null) return `≥ ${formatNumber(low)}`;
  if (high !== null) return `≤ ${formatNumber(high)}`;
  return '—';
}

/** "Évolution sur 3 résultats : de 0,9 à 1,2". */
export function trendLabel(values: readonly { value: number }[]): string {
  const first = values[0];
  const last = values[values.length - 1];
  if (!first || !last) return t('trendNone');
  return values.length === 1
    ? t('trendOne', formatNumber(first.value))
    : t('trendMany', [values.length, formatNumber(first.value), formatNumber(last.value)]);
}
