import { formatClinicalDate } from '../../lib/format';
import { t, type MessageKey } from '../../lib/i18n';
import { withParams, type Route } from '../../lib/route';
import type { BodySystem } from '../../storage/analytes/table';
import { rangeFlag } from '../../storage/views/highlights';
import type { AnalyteSummary } from '../../storage/views/labs';
import { Sparkline } from '../charts/Sparkline';
import { FlagBadge } from '../FlagBadge';
import { resultText } from '../timeline/RecordEssentials';
import { Explanation } from './Explanation';
import { rangeText, trendLabel } from './lab-text';
import { PersonName } from '../PersonName';

/** The order of the groups when none is out of range, as a lab report lists them. */
const SYSTEM_ORDER: readonly (BodySystem | 'other')[] = [
  'blood-count',
  'glucose',
  'lipids',
  'kidney',
  'liver',
  'electrolytes',
  'thyroid',
  'iron',
  'vitamins',
  'inflammation',
  'coagulation',
  'prostate',
  'serology',
  'urine',
  'other',
];

interface Group {
  system: BodySystem | 'other';
  rows: AnalyteSummary[];
  outOfRange: number;
}

/**
 * The analytes by body system (bilan lipidique, hépatique…); the groups with a latest result out
 * of range first, and in each group those results first, then by name.
 */
export function groupBySystem(analytes: readonly AnalyteSummary[]): Group[] {
  const groups = new Map<BodySystem | 'other', AnalyteSummary[]>();
  for (const analyte of analytes) {
    const system = analyte.system ?? 'other';
    groups.set(system, [...(groups.get(system) ?? []), analyte]);
  }
  const out = (analyte: AnalyteSummary) => (rangeFlag(analyte.latest) ? 1 : 0);
  return [...groups]
    .map(([system, rows]) => ({
      system,
      rows: [...rows].sort((a, b) => out(b) - out(a) || a.name.localeCompare(b.name)),
      outOfRange: rows.filter(out).length,
    }))
    .sort(
      (a, b) =>
        Number(b.outOfRange > 0) - Number(a.outOfRange > 0) ||
        SYSTEM_ORDER.indexOf(a.system) - SYSTEM_ORDER.indexOf(b.system),
    );
}

/**
 * One row per analyte, grouped by body system: the latest value, its flag, the range, and how it
 * went (sparkline).
 */
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
      {groupBySystem(analytes).map((group) => (
        <tbody key={group.system} data-testid="analyte-group" data-system={group.system}>
          <tr class="group-row">
            <th scope="colgroup" colSpan={showPerson ? 7 : 6}>
              {t(`labSystem_${group.system.replace('-', '_')}` as MessageKey)}
            </th>
          </tr>
          {group.rows.map((analyte) => (
            <tr key={analyte.key} data-testid="analyte-row" data-key={analyte.key} data-count={analyte.count}>
              <th scope="row">
                <a href={withParams(route, { analyse: analyte.key })}>{analyte.name}</a>
                {analyte.labs.length > 0 && <span class="details">{analyte.labs.join(', ')}</span>}
                <Explanation loinc={analyte.latest.loinc} />
              </th>
              {showPerson && (
                <td>
                  <PersonName name={analyte.patient} />
                </td>
              )}
              <td class="value">
                {resultText(analyte.latest)} <FlagBadge flag={rangeFlag(analyte.latest)} />
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
      ))}
    </table>
  );
}
