/**
 * Reimbursements of a year by month, as stacked bars: what the Assurance Maladie paid, what the
 * mutuelle paid, and what was left to pay. The three add up to what was spent (when the portals
 * say it all). Pure: tested by its configuration.
 */
import type { ChartConfiguration } from 'chart.js';
import { formatAmount } from '../../lib/format';
import { formatMonth } from '../../lib/dates';
import { uiLocale } from '../../lib/i18n';
import type { MonthSpending } from '../../storage/views/spending';
import { COLORS } from './chart-setup';

export interface SpendingChartTexts {
  primary: string;
  complementary: string;
  leftToPay: string;
}

export type SpendingChartConfig = ChartConfiguration<'bar', number[], string>;

export function spendingChartConfig(
  months: readonly MonthSpending[],
  texts: SpendingChartTexts,
): SpendingChartConfig {
  // The axis needs no cents.
  const wholeEuros = new Intl.NumberFormat(uiLocale(), {
    style: 'currency',
    currency: 'EUR',
    maximumFractionDigits: 0,
  });
  const bar = (label: string, color: string, pick: (m: MonthSpending) => number) => ({
    label,
    data: months.map(pick),
    backgroundColor: color,
    borderColor: '#ffffff',
    borderWidth: 1,
    stack: 'spending',
  });
  return {
    type: 'bar',
    data: {
      labels: months.map((m) => formatMonth(m.month, 'short')),
      datasets: [
        bar(texts.primary, COLORS.primary, (m) => m.totals.primary),
        bar(texts.complementary, COLORS.complementary, (m) => m.totals.complementary),
        // A refund can make the balance negative; a bar below zero would read as money received.
        bar(texts.leftToPay, COLORS.leftToPay, (m) => Math.max(0, m.totals.leftToPay)),
      ],
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      scales: {
        x: { stacked: true, ticks: { color: COLORS.text } },
        y: {
          stacked: true,
          grid: { color: COLORS.grid },
          ticks: { color: COLORS.text, callback: (value) => wholeEuros.format(Number(value)) },
        },
      },
      plugins: {
        tooltip: {
          callbacks: {
            title: (items) => formatMonth(months[items[0]?.dataIndex ?? 0]?.month ?? '2000-01'),
            label: (item) => `${item.dataset.label ?? ''} : ${formatAmount(item.parsed.y)}`,
          },
        },
      },
    },
  };
}
