/** Lab results in words, for tables and for the labels of charts and sparklines. */
import { formatNumber } from '../../lib/format';
import { t } from '../../lib/i18n';
import type { LabResult } from '../../storage/schemas';

/** A bound written strictly (« < 35 », « inf. à 1,60 », « sup. à 0,40 »), not « <= 33 ». */
function strictBound(refText: string | null, side: 'low' | 'high'): boolean {
  if (!refText) return false;
  return side === 'high'
    ? /<(?!=)|\binf(?:\.|érieur)/i.test(refText)
    : />(?!=)|\bsup(?:\.|érieur)/i.test(refText);
}

/**
 * The reference range in one form, whatever each lab wrote: « 0,70 – 1,10 », « < 35 », « ≥ 0,40 »
 * from its bounds (the lab's words only say whether a bound is strict); a range with no number
 * (« Négatif ») as the lab wrote it.
 */
export function rangeText(result: Pick<LabResult, 'refText' | 'refLow' | 'refHigh'>): string {
  const { refLow: low, refHigh: high, refText } = result;
  if (low !== null && high !== null) return `${formatNumber(low)} – ${formatNumber(high)}`;
  if (high !== null) return `${strictBound(refText, 'high') ? '<' : '≤'} ${formatNumber(high)}`;
  if (low !== null) return `${strictBound(refText, 'low') ? '>' : '≥'} ${formatNumber(low)}`;
  return refText ?? '—';
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
