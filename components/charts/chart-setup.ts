/**
 * chart.js with only the pieces the viewer draws (line and bar charts on linear and category
 * axes, the filled reference band, tooltips and legends): the rest stays out of the bundle.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

// Text in the page's colour and font, not chart.js's light grey (too pale on white).
Chart.defaults.color = '#1b1f24';
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
Chart.defaults.font.size = 13;

export { Chart };

/** Colours that keep a 3:1 contrast on white (WCAG 1.4.11 for graphics), with a shape or a pattern too. */
export const COLORS = {
  value: '#0b5a8f',
  outOfRange: '#b3261e',
  band: 'rgba(13, 122, 95, 0.14)',
  bandEdge: 'rgba(13, 122, 95, 0.55)',
  primary: '#1f5fa8',
  complementary: '#0d7a5f',
  leftToPay: '#b35c00',
  second: '#7a3fa0',
  grid: '#d0d7de',
  text: '#1b1f24',
};
