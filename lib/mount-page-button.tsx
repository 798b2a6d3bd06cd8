/**
 * Draws the save button in an open shadow root, so the page's styles leave it alone and tests
 * can reach it with `pierce/` selectors.
 */
import { render } from 'preact';
import { PageButton } from '../components/PageButton';
import css from '../components/page-button.css?inline';
import type { CaptureOutcome } from './capture-outcome';
import { clearBottomOffset } from './placement';

export const HOST_TAG = 'mes-donnees-sante';

export interface MountedButton {
  /** Shows the outcome of a save started from the popup. */
  showOutcome(outcome: CaptureOutcome): void;
  remove(): void;
}

export function mountPageButton(
  doc: Document,
  handlers: { onSave: () => Promise<CaptureOutcome>; onOpenDashboard: () => void },
): MountedButton {
  doc.querySelector(HOST_TAG)?.remove();
  const host = doc.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const root = doc.createElement('div');
  root.className = 'root';
  shadow.append(style, root);
  // On <html>, not <body>: portals that re-render their body would take the button with it.
  doc.documentElement.append(host);

  const draw = (external: CaptureOutcome | null) =>
    render(<PageButton {...handlers} external={external} />, root);
  draw(null);

  const view = doc.defaultView;
  let frame = 0;
  const place = () => {
    if (!view || frame) return;
    frame = view.requestAnimationFrame(() => {
      frame = 0;
      const button = shadow.querySelector('.save');
      const rect = button?.getBoundingClientRect();
      const bottom = clearBottomOffset(host, rect?.width ?? 220, rect?.height ?? 44);
      root.style.setProperty('--mdms-bottom', `${bottom}px`);
    });
  };
  place();
  view?.addEventListener('resize', place);
  // A banner that closes (cookie consent) frees the corner again.
  doc.addEventListener('click', place, true);

  return {
    showOutcome: (outcome) => draw(outcome),
    remove() {
      view?.removeEventListener('resize', place);
      doc.removeEventListener('click', place, true);
      render(null, root);
      host.remove();
    },
  };
}
