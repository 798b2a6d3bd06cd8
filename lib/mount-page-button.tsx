/**
 * Draws the save button in an open shadow root, so the page's styles leave it alone and tests
 * can reach it with `pierce/` selectors.
 */
import { render } from 'preact';
import { PageButton, type PageReport } from '../components/PageButton';
import css from '../components/page-button.css?inline';
import type { CaptureOutcome } from './capture-outcome';
import { clearBottomOffset } from './placement';
import type { PageProgress, SaveAllOutcome } from './save-all';

export const HOST_TAG = 'mes-donnees-sante';

export interface MountedButton {
  /** Shows the outcome of a save started from the popup. */
  showOutcome(outcome: CaptureOutcome): void;
  /** Opens the preview of the anonymised report (asked from the popup). */
  showReport(): void;
  remove(): void;
}

export interface ButtonHandlers {
  onSave: (onFiles: (done: number, total: number) => void) => Promise<CaptureOutcome>;
  /** Given only on a page of a paginated history that has a next page. */
  onSaveAll?: (onProgress: (progress: PageProgress) => void) => Promise<SaveAllOutcome>;
  onOpenDashboard: () => void;
  makeReport?: () => PageReport;
}

export function mountPageButton(doc: Document, handlers: ButtonHandlers): MountedButton {
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

  let external: CaptureOutcome | null = null;
  let reportRequest = 0;
  const draw = () =>
    render(
      <PageButton
        {...handlers}
        external={external}
        reportRequest={reportRequest}
        accepts={(event) => event.isTrusted}
      />,
      root,
    );
  draw();

  const view = doc.defaultView;
  const placeNow = () => {
    const buttons = shadow.querySelector('.buttons');
    const rect = buttons?.getBoundingClientRect();
    const bottom = clearBottomOffset(host, rect?.width ?? 220, rect?.height ?? 44);
    root.style.setProperty('--mdms-bottom', `${bottom}px`);
  };
  let frame = 0;
  const place = () => {
    if (!view || frame) return;
    frame = view.requestAnimationFrame(() => {
      frame = 0;
      placeNow();
    });
  };
  // At once, before the first paint: a button that moves after it appears would take a click
  // meant for it somewhere else.
  placeNow();
  view?.addEventListener('resize', place);
  // A banner that closes (cookie consent) frees the corner again.
  doc.addEventListener('click', place, true);

  return {
    showOutcome: (outcome) => {
      external = outcome;
      draw();
    },
    showReport: () => {
      reportRequest += 1;
      draw();
    },
    remove() {
      view?.removeEventListener('resize', place);
      doc.removeEventListener('click', place, true);
      render(null, root);
      host.remove();
    },
  };
}
