import type { ComponentChildren } from 'preact';
import { formatAmount } from '../../lib/format';
import { t } from '../../lib/i18n';
import type { Totals } from '../../storage/views/spending';

export interface TotalsRow {
  key: string;
  /** The row's heading: a month, a year, a person. */
  label: ComponentChildren;
  totals: Totals;
  selected?: boolean;
}

/** Totals in columns (spent, Assurance Maladie, mutuelle, left to pay, acts): the charts' table form. */
export function TotalsTable({
  rows,
  caption,
  head,
  testId,
}: {
  rows: readonly TotalsRow[];
  caption: string;
  head: string;
  testId: string;
}) {
  return (
    <table data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col" class="num">
            {t('colCharged')}
          </th>
          <th scope="col" class="num">
            {t('reimbursedPrimary')}
          </th>
          <th scope="col" class="num">
            {t('reimbursedComplementary')}
          </th>
          <th scope="col" class="num">
            {t('colLeftToPay')}
          </th>
          <th scope="col" class="num">
            {t('colActs')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr
            key={row.key}
            class={row.selected ? 'selected' : undefined}
            data-key={row.key}
            data-count={row.totals.count}
          >
            <th scope="row">{row.label}</th>
            <td class="num">{formatAmount(row.totals.charged)}</td>
            <td class="num">{formatAmount(row.totals.primary)}</td>
            <td class="num">{formatAmount(row.totals.complementary)}</td>
            <td class="num">{formatAmount(row.totals.leftToPay)}</td>
            <td class="num">{row.totals.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
