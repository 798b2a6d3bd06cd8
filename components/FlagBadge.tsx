import { t } from '../lib/i18n';
import type { LabResult } from '../storage/schemas';

/** A lab's flag in words and a sign, never by colour alone. */
export function FlagBadge({ flag }: { flag: LabResult['flag'] }) {
  if (flag === null) return null;
  const [sign, text] =
    flag === 'H' ? ['↑', t('flagHigh')] : flag === 'L' ? ['↓', t('flagLow')] : ['!', t('flagAbnormal')];
  return (
    <span class={`flag flag-${flag}`} data-testid="flag" data-flag={flag}>
      <span aria-hidden="true">{sign} </span>
      {text}
    </span>
  );
}
