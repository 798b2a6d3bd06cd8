import { sparklinePoints } from './sparkline';

const WIDTH = 96;
const HEIGHT = 28;

/** A small trend line for a table cell; `label` says it in words (first and last value, count). */
export function Sparkline({ values, label }: { values: readonly number[]; label: string }) {
  const points = sparklinePoints(values, WIDTH, HEIGHT);
  const last = points[points.length - 1];
  return (
    <svg
      class="sparkline"
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      data-testid="sparkline"
      data-points={points.length}
    >
      {points.length > 1 && (
        <polyline
          fill="none"
          stroke="currentColor"
          stroke-width="1.5"
          points={points.map((p) => p.join(',')).join(' ')}
        />
      )}
      {last && <circle cx={last[0]} cy={last[1]} r="2.5" fill="currentColor" />}
    </svg>
  );
}
