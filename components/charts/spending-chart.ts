/**
 * Reimbursements of a year by month, as stacked bars: what the Assurance Maladie paid, what the
 * mutuelle paid, and what was left to pay. The three add up to what was spent (when the portals
 * say it all). Pure: tested by its configuration.
 */
import type { Chart, ChartConfiguration, Plugin } from 'chart.js';
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

/** What one month's bar stands for: the three parts stacked (a negative balance drawn as 0). */
function barHeight(month: MonthSpending): number {
  const { primary, complementary, leftToPay } = month.totals;
  return Math.max(0, primary) + Math.max(0, complementary) + Math.max(0, leftToPay);
}

/** A round value just above `value` (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × a power of ten). */
function roundUp(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => s * power >= value) ?? 10;
  return step * power;
}

/** Months that are this many times taller than a usual month are drawn past the scale. */
const TALL = 4;

/**
 * The y-axis top that keeps ordinary months readable when one or two months (a stay in hospital,
 * new glasses) dwarf the rest, and the months drawn past it; `max` null when the scale is fine as
 * it is. A usual month is the fourth tallest of the year's months with spending: with one or two
 * tall months it is an ordinary one, and a year of even spending has nothing past its scale.
 */
export interface SpendingScale {
  max: number | null;
  /** The months past the scale (their index in the year) and their bars' true height. */
  beyond: { index: number; height: number }[];
}

export function spendingScale(months: readonly MonthSpending[]): SpendingScale {
  const heights = months.map(barHeight);
  const spent = heights.filter((h) => h > 0).sort((a, b) => b - a);
  if (spent.length < 4) return { max: null, beyond: [] };
  const usual = spent[3]!;
  const ordinary = spent.filter((h) => h <= usual * TALL);
  if (ordinary.length === spent.length) return { max: null, beyond: [] };
  const max = roundUp(Math.max(...ordinary) * 1.15);
  return { max, beyond: heights.flatMap((height, index) => (height > max ? [{ index, height }] : [])) };
}

/** Writes, at the top of each bar past the scale, its true height: « ↑ 4 250 € ». */
function beyondLabels(beyond: SpendingScale['beyond'], euros: Intl.NumberFormat): Plugin<'bar'> {
  return {
    id: 'spendingBeyond',
    afterDatasetsDraw(chart: Chart<'bar'>) {
      const { ctx, chartArea } = chart;
      const bars = chart.getDatasetMeta(0).data;
      ctx.save();
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'top';
      for (const { index, height } of beyond) {
        const bar = bars[index];
        if (!bar) continue;
        const text = `↑ ${euros.format(height)}`;
        const width = ctx.measureText(text).width + 8;
        ctx.fillStyle = '#ffffff';
        ctx.fillRect(bar.x - width / 2, chartArea.top + 2, width, 18);
        ctx.fillStyle = COLORS.text;
        ctx.fillText(text, bar.x, chartArea.top + 5);
      }
      ctx.restore();
    },
  };
}

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
  const scale = spendingScale(months);
  return {
    type: 'bar',
    plugins: scale.beyond.length > 0 ? [beyondLabels(scale.beyond, wholeEuros)] : [],
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
          // Past the scale, a bar is cut at the top and says its height (see spendingScale).
          ...(scale.max !== null ? { max: scale.max } : {}),
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
