import { formatClinicalDate } from '../../lib/format';
import { t } from '../../lib/i18n';
import { withParams, type Route } from '../../lib/route';
import type { AnalyteSummary } from '../../storage/views/labs';
import { Sparkline } from '../charts/Sparkline';
import { FlagBadge } from '../FlagBadge';
import { resultText } from '../timeline/RecordEssentials';
import { rangeText, trendLabel } from './lab-text';

/** One row per analyte: the latest value, its flag, the range, and how it went (sparkline). */
export function AnalyteTable({
  analytes,
  route,
  showPerson,
}: {
  analytes: readonly AnalyteSummary[];
  route: Route;
  showPerson: boolean;
}) {
  return (
    <table class="analytes">
      <thead>
        <tr>
          <th scope="col">{t('colAnalyte')}</th>
          {showPerson && <th scope="col">{t('colPatient')}</th>}
          <th scope="col">{t('colLatest')}</th>
          <th scope="col">{t('colDate')}</th>
          <th scope="col">{t('colRange')}</th>
          <th scope="col">{t('colTrend')}</th>
          <th scope="col" class="num">
            {t('colResults')}
          </th>
        </tr>
      </thead>
      <tbody>
        {analytes.map((analyte) => (
          <tr key={analyte.key} data-testid="analyte-row" data-key={analyte.key} data-count={analyte.count}>
            <th scope="row">
              <a href={withParams(route, { analyse: analyte.key })}>{analyte.name}</a>
              {analyte.labs.length > 0 && <span class="details">{analyte.labs.join(', ')}</span>}
            </th>
            {showPerson && <td>{analyte.patient ?? '—'}</td>}
            <td class="value">
              {resultText(analyte.latest)} <FlagBadge flag={analyte.latest.flag} />
            </td>
            <td class="date">{formatClinicalDate(analyte.latest.date)}</td>
            <td>{rangeText(analyte.latest)}</td>
            <td>
              {analyte.values.length > 0 ? (
                <Sparkline values={analyte.values.map((v) => v.value)} label={trendLabel(analyte.values)} />
              ) : (
                '—'
              )}
            </td>
            <td class="num">{analyte.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
