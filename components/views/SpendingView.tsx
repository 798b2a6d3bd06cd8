import { useMemo } from 'preact/hooks';
import { formatMonth } from '../../lib/dates';
import { formatAmount } from '../../lib/format';
import { t, tCount, type MessageKey } from '../../lib/i18n';
import { goTo, withParams } from '../../lib/route';
import { useArchiveQuery } from '../hooks/use-archive-query';
import {
  reimbursementsOfMonth,
  spendingOfYear,
  spendingYears,
  totalsPerYear,
  type YearSpending,
} from '../../storage/views/spending';
import { ChartCanvas } from '../charts/ChartCanvas';
import { spendingChartConfig, spendingScale } from '../charts/spending-chart';
import { LoadState } from '../LoadState';
import { usePersonLabel } from '../PersonName';
import { ActsTable } from '../spending/ActsTable';
import { TotalsTable } from '../spending/TotalsTable';
import type { ViewProps } from './view-props';

function YearChart({ spending, onMonth }: { spending: YearSpending; onMonth: (month: string) => void }) {
  const config = useMemo(
    () =>
      spendingChartConfig(spending.months, {
        primary: t('reimbursedPrimary'),
        complementary: t('reimbursedComplementary'),
        leftToPay: t('colLeftToPay'),
      }),
    [spending],
  );
  const scale = useMemo(() => spendingScale(spending.months), [spending]);
  const beyond = scale.beyond.flatMap(({ index, height }) => {
    const month = spending.months[index];
    return month ? [`${formatMonth(month.month)} (${formatAmount(height)})`] : [];
  });
  return (
    <>
      <ChartCanvas
        kind="spending"
        config={config}
        label={t('spendingChartLabel', spending.year)}
        onClickIndex={(index) => {
          const month = spending.months[index];
          if (month) onMonth(month.month);
        }}
      />
      {scale.max !== null && (
        <p class="muted" data-testid="spending-scale-note" data-max={scale.max}>
          {t('spendingScaleNote', [formatAmount(scale.max), beyond.join(', ')])}
        </p>
      )}
    </>
  );
}

/** Practitioners and places listed: the ten that cost the most. */
const PROVIDERS_SHOWN = 10;

/**
 * Spending: reimbursements of a year by month (`?annee=`), the acts behind a month (`?mois=`),
 * totals per person and per year, and the acts that left the most to pay.
 */
export function SpendingView({ db, route, scope }: ViewProps) {
  const years = useArchiveQuery(db, () => spendingYears(db), [db]);
  const nameOf = usePersonLabel();
  const yearList = years.status === 'ready' ? years.value : [];
  const asked = route.params.get('annee');
  const year = asked && yearList.includes(asked) ? asked : yearList[0];
  const month = route.params.get('mois');
  const spending = useArchiveQuery(
    db,
    () => (year ? spendingOfYear(db, scope, year) : Promise.resolve(null)),
    [db, scope, year],
  );
  const perYear = useArchiveQuery(db, () => totalsPerYear(db, scope), [db, scope]);
  const acts = useArchiveQuery(
    db,
    () => (month ? reimbursementsOfMonth(db, scope, month) : Promise.resolve([])),
    [db, scope, month],
  );
  const showMonth = (chosen: string) => goTo(withParams(route, { annee: chosen.slice(0, 4), mois: chosen }));

  return (
    <section aria-labelledby="view-title">
      <h2 id="view-title" tabIndex={-1}>
        {t('navSpending')}
      </h2>
      <LoadState state={years} />
      {years.status === 'ready' && yearList.length === 0 && <p>{t('spendingEmpty')}</p>}
      {year && (
        <p>
          <label for="spending-year">{t('spendingYear')}</label>{' '}
          <select
            id="spending-year"
            data-testid="spending-year"
            value={year}
            onChange={(e) => goTo(withParams(route, { annee: e.currentTarget.value, mois: null }))}
          >
            {yearList.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </p>
      )}
      {spending.status === 'ready' && spending.value && (
        <>
          <p class="totals" data-testid="spending-total" data-count={spending.value.total.count}>
            {tCount('spendingYearTotal', spending.value.total.count, [spending.value.year])}
          </p>
          <YearChart spending={spending.value} onMonth={showMonth} />
          <TotalsTable
            testId="spending-months"
            caption={t('spendingMonthsCaption', spending.value.year)}
            head={t('colMonth')}
            rows={spending.value.months.map((m) => ({
              key: m.month,
              selected: m.month === month,
              totals: m.totals,
              label:
                m.totals.count > 0 ? (
                  <a
                    href={withParams(route, { annee: year, mois: m.month })}
                    aria-current={m.month === month ? 'true' : undefined}
                  >
                    {formatMonth(m.month)}
                  </a>
                ) : (
                  formatMonth(m.month)
                ),
            }))}
          />
          {month && acts.status === 'ready' && (
            <ActsTable
              testId="month-acts"
              acts={acts.value}
              caption={t('spendingMonthActs', formatMonth(month))}
            />
          )}
          {spending.value.byCare.length > 0 && (
            <TotalsTable
              testId="spending-care"
              caption={t('spendingCareCaption', spending.value.year)}
              head={t('colCare')}
              rows={spending.value.byCare.map((c) => ({
                key: c.care,
                label: t(`care_${c.care}` as MessageKey),
                totals: c.totals,
              }))}
            />
          )}
          {spending.value.byProvider.length > 0 && (
            <TotalsTable
              testId="spending-providers"
              caption={t('spendingProvidersCaption', spending.value.year)}
              head={t('colProvider')}
              rows={spending.value.byProvider.slice(0, PROVIDERS_SHOWN).map((p) => ({
                key: p.provider,
                label: p.provider,
                totals: p.totals,
              }))}
            />
          )}
          {spending.value.byPerson.length > 1 && (
            <TotalsTable
              testId="spending-persons"
              caption={t('spendingPersonsCaption', spending.value.year)}
              head={t('colPatient')}
              rows={spending.value.byPerson.map((p) => ({
                key: p.patient ?? '',
                label: nameOf(p.patient),
                totals: p.totals,
              }))}
            />
          )}
          {spending.value.largest.length > 0 && (
            <ActsTable
              testId="largest-acts"
              acts={spending.value.largest}
              caption={t('spendingLargest', spending.value.year)}
            />
          )}
        </>
      )}
      {perYear.status === 'ready' && perYear.value.length > 0 && (
        <TotalsTable
          testId="spending-years"
          caption={t('spendingYearsCaption')}
          head={t('colYear')}
          rows={perYear.value.map((y) => ({
            key: y.year,
            selected: y.year === year,
            totals: y.totals,
            label: <a href={withParams(route, { annee: y.year, mois: null })}>{y.year}</a>,
          }))}
        />
      )}
    </section>
  );
}
