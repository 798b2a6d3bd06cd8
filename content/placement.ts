/**
 * Keeps the floating button in its corner but clear of the page's own fixed overlays: a cookie
 * banner or a sticky footer along the bottom edge would otherwise sit on top of it, or be
 * covered by it.
 */
const MARGIN = 16;

function fixedAncestor(element: Element | null, view: Window): Element | null {
  for (let el = element; el && el !== el.ownerDocument.documentElement; el = el.parentElement) {
    const position = view.getComputedStyle(el).position;
    if (position === 'fixed' || position === 'sticky') return el;
  }
  return null;
}

/**
 * The distance from the bottom of the viewport at which the button clears every fixed element
 * of the page found in its corner.
 */
export function clearBottomOffset(host: Element, width: number, height: number): number {
  const doc = host.ownerDocument;
  const view = doc.defaultView;
  if (!view || typeof doc.elementsFromPoint !== 'function') return MARGIN;
  const x = view.innerWidth - MARGIN - width / 2;
  let bottom = MARGIN;
  // Walk up the corner: each overlay found pushes the button above its top edge.
  for (let guard = 0; guard < 5; guard++) {
    const y = view.innerHeight - bottom - height / 2;
    const overlay = doc
      .elementsFromPoint(x, y)
      .filter((el) => el !== host && !host.contains(el))
      .map((el) => fixedAncestor(el, view))
      .find((el): el is Element => el !== null);
    if (!overlay) break;
    const top = overlay.getBoundingClientRect().top;
    const needed = view.innerHeight - top + MARGIN / 2;
    if (needed <= bottom || needed > view.innerHeight / 2) break;
    bottom = needed;
  }
  return bottom;
}
