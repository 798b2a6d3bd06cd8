/**
 * Draws the save button in a closed shadow root, so that neither the page's styles nor its
 * scripts can reach it: `host.shadowRoot` is null for the page, and only this module holds the
 * root. The host itself is in the page's DOM; its style and attributes are kept as set here and
 * it is put back if the page removes it (`guardHost`). Clicks still count only when trusted.
 * Browser tests reach the root as developer tools do (tools/button-root.ts).
 */
import { render } from 'preact';
import { PageButton, type PageReport, type SaveAction } from '../components/PageButton';
import css from '../components/page-button.css?inline';
import type { CaptureOutcome } from '../lib/capture-outcome';
import { clearBottomOffset } from './placement';

export const HOST_TAG = 'mes-donnees-sante';

/**
 * The host's only style, important so that no page rule wins over it: no inherited font or
 * colour, never hidden, never transformed away. Its box adds nothing (`display: contents`).
 */
const HOST_STYLE =
  'all: initial !important; display: contents !important; visibility: visible !important; opacity: 1 !important;';
/** A page that keeps removing the button is fought a bounded number of times, then left alone. */
const MAX_RESTORES = 50;

/**
 * Keeps the host as mounted: attributes the page adds (`hidden`, `inert`, `style`, `aria-*`)
 * are removed, and the host is put back on `<html>` when the page takes it away.
 */
function guardHost(doc: Document, host: HTMLElement): () => void {
  const view = doc.defaultView;
  if (!view?.MutationObserver) return () => undefined;
  let restores = 0;
  const restore = () => {
    if (restores >= MAX_RESTORES) return stop();
    let changed = false;
    for (const name of host.getAttributeNames()) {
      if (name !== 'style') {
        host.removeAttribute(name);
        changed = true;
      }
    }
    if (host.getAttribute('style') !== HOST_STYLE) {
      host.setAttribute('style', HOST_STYLE);
      changed = true;
    }
    if (host.parentNode !== doc.documentElement) {
      doc.documentElement.prepend(host);
      changed = true;
    }
    if (changed) restores++;
  };
  const attributes = new view.MutationObserver(restore);
  const placement = new view.MutationObserver(() => {
    if (host.parentNode !== doc.documentElement) restore();
  });
  attributes.observe(host, { attributes: true });
  placement.observe(doc.documentElement, { childList: true });
  const stop = () => {
    attributes.disconnect();
    placement.disconnect();
  };
  return stop;
}

export interface MountedButton {
  /** Shows the outcome of a save started from the popup. */
  showOutcome(outcome: CaptureOutcome): void;
  /** Opens the preview of the anonymised report (asked from the popup). */
  showReport(): void;
  remove(): void;
}

export interface ButtonHandlers {
  onSave: SaveAction;
  /** Given only where the portal offers a whole history ("Tout enregistrer"). */
  onSaveAll?: SaveAction;
  onOpenDashboard: () => void;
  makeReport?: () => PageReport;
  /** The portal's name as people know it (its scraper's label). */
  portalName?: string;
}

export function mountPageButton(doc: Document, handlers: ButtonHandlers): MountedButton {
  doc.querySelector(HOST_TAG)?.remove();
  const host = doc.createElement(HOST_TAG);
  host.setAttribute('style', HOST_STYLE);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  const root = doc.createElement('div');
  root.className = 'root';
  shadow.append(style, root);
  // On <html>, not <body>: portals that re-render their body would take the button with it.
  // First in the document, so that the first Tab on a portal page reaches it (not after the
  // portal's menus and links); it is fixed in its corner, so this changes nothing on screen.
  doc.documentElement.prepend(host);
  const unguard = guardHost(doc, host);

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
      unguard();
      view?.removeEventListener('resize', place);
      doc.removeEventListener('click', place, true);
      render(null, root);
      host.remove();
    },
  };
}
