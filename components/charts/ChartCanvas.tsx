import type { ChartConfiguration } from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import { Chart } from './chart-setup';

interface Props {
  // The charts' configurations differ by chart type; this component only hands them to chart.js.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  config: ChartConfiguration<any, any, any>;
  /** What the chart shows, for people who cannot see it; the table beside it has the values. */
  label: string;
  kind: string;
  height?: number;
  onClickIndex?: (index: number) => void;
}

/**
 * One chart.js chart on a canvas. Once drawn, the figure carries how many points each dataset
 * drew (`data-points`), their labels (`data-datasets`), their values (`data-values`) and how many
 * points are marked out of range (`data-marked`), so tests read what was drawn rather than
 * pixels. Without a 2D canvas (disabled by the browser) nothing is drawn: the table beside the
 * chart says the same thing.
 */
export function ChartCanvas({ config, label, kind, height = 280, onClickIndex }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const figure = useRef<HTMLElement>(null);
  const onClick = useRef(onClickIndex);
  onClick.current = onClickIndex;

  useEffect(() => {
    const element = canvas.current;
    if (!element?.getContext('2d')) return;
    const chart = new Chart(element, {
      ...config,
      options: {
        ...config.options,
        onClick: (_event: unknown, elements: { index: number }[]) => {
          const first = elements[0];
          if (first && onClick.current) onClick.current(first.index);
        },
      },
    });
    const meta = chart.data.datasets.map((_, i) => chart.getDatasetMeta(i).data.length);
    figure.current?.setAttribute('data-points', meta.join(','));
    figure.current?.setAttribute('data-datasets', chart.data.datasets.map((d) => d.label ?? '').join('|'));
    // Each dataset's values (y, or the bar's height) and how many points are marked out of range.
    const values = chart.data.datasets.map((dataset) =>
      (dataset.data as unknown[]).map((point) =>
        typeof point === 'number' ? point : ((point as { y?: unknown } | null)?.y ?? null),
      ),
    );
    const marked = chart.data.datasets.reduce((sum, dataset) => {
      const style = (dataset as { pointStyle?: unknown }).pointStyle;
      return sum + (Array.isArray(style) ? style.filter((s) => s === 'triangle').length : 0);
    }, 0);
    figure.current?.setAttribute('data-values', JSON.stringify(values));
    figure.current?.setAttribute('data-marked', String(marked));
    figure.current?.setAttribute('data-drawn', 'true');
    return () => chart.destroy();
  }, [config]);

  return (
    <figure class="chart" ref={figure} data-testid="chart" data-kind={kind} style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </figure>
  );
}
