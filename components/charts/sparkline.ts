/** The points of a sparkline: values scaled into a `width`×`height` box, oldest on the left. */
export function sparklinePoints(
  values: readonly number[],
  width: number,
  height: number,
  pad = 2,
): [number, number][] {
  if (values.length === 0) return [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = values.length > 1 ? (width - 2 * pad) / (values.length - 1) : 0;
  return values.map((value, i) => [
    values.length > 1 ? pad + i * step : width / 2,
    // A flat series sits in the middle rather than on an edge.
    max === min ? height / 2 : height - pad - ((value - min) / span) * (height - 2 * pad),
  ]);
}
