/**
 * The page button's shadow root, for the browser tests and the benchmark. The product draws it in
 * a *closed* shadow root, so that the page's scripts cannot reach it (`host.shadowRoot` is null
 * for them); a test reaches it as a browser's developer tools do, never through the page:
 * - Chromium: the DevTools protocol's DOM tree, which lists closed shadow roots, adopted into the
 *   page's main world as a handle;
 * - Firefox: WebDriver BiDi's node serialisation with `includeShadowTree: "all"`.
 * Both use puppeteer's realm objects beyond its documented API (puppeteer-core is pinned).
 */
import type { CDPSession, ElementHandle, JSHandle, Page } from 'puppeteer-core';

/** The element the content script puts on `<html>` (content/mount-page-button.tsx's HOST_TAG). */
export const BUTTON_HOST = 'mes-donnees-sante';

interface CdpNode {
  localName?: string;
  backendNodeId: number;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

interface AdoptingRealm {
  adoptBackendNode(backendNodeId: number): Promise<JSHandle<Node>>;
}

interface BidiRealm {
  realm: {
    callFunction(
      functionDeclaration: string,
      awaitPromise: boolean,
      options: Record<string, unknown>,
    ): Promise<{ result?: { value?: { shadowRoot?: unknown } } }>;
  };
  createHandle(remote: unknown): JSHandle<ShadowRoot>;
}

const sessions = new WeakMap<Page, Promise<CDPSession>>();

async function chromiumRoot(page: Page): Promise<JSHandle<ShadowRoot> | null> {
  if (!sessions.has(page)) sessions.set(page, page.createCDPSession());
  const cdp = await sessions.get(page)!;
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
  const stack: CdpNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const shadow = node.localName === BUTTON_HOST ? node.shadowRoots?.[0] : undefined;
    if (shadow) {
      const realm = (page.mainFrame() as unknown as { mainRealm(): AdoptingRealm }).mainRealm();
      return (await realm.adoptBackendNode(shadow.backendNodeId)) as JSHandle<ShadowRoot>;
    }
    stack.push(...(node.children ?? []), ...(node.shadowRoots ?? []));
  }
  return null;
}

async function firefoxRoot(page: Page): Promise<JSHandle<ShadowRoot> | null> {
  const realm = (page.mainFrame() as unknown as { mainRealm(): BidiRealm }).mainRealm();
  const answer = await realm.realm.callFunction('(tag) => document.querySelector(tag)', true, {
    arguments: [{ type: 'string', value: BUTTON_HOST }],
    resultOwnership: 'root',
    serializationOptions: { maxDomDepth: 1, includeShadowTree: 'all' },
  });
  const shadow = answer.result?.value?.shadowRoot;
  return shadow ? realm.createHandle(shadow) : null;
}

/** The button's shadow root on `page` now, or null when the button is not (yet) there. */
export async function buttonRoot(page: Page): Promise<JSHandle<ShadowRoot> | null> {
  const bidi = typeof (page.mainFrame() as unknown as { mainRealm(): Partial<BidiRealm> }).mainRealm().realm;
  return bidi === 'object' ? firefoxRoot(page) : chromiumRoot(page);
}

/** The first element of the button's UI matching `selector`, or null. */
export async function queryButtonUi(page: Page, selector: string): Promise<ElementHandle<Element> | null> {
  const root = await buttonRoot(page);
  if (!root) return null;
  const found = await root.evaluateHandle((node, s) => node.querySelector(s), selector);
  await root.dispose();
  const element = found.asElement() as ElementHandle<Element> | null;
  if (!element) await found.dispose();
  return element;
}

/** Waits (polling) for an element of the button's UI; throws a TimeoutError after `timeoutMs`. */
export async function waitForButtonUi(
  page: Page,
  selector: string,
  timeoutMs = 10_000,
): Promise<ElementHandle<Element>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const element = await queryButtonUi(page, selector).catch(() => null);
    if (element) return element;
    if (Date.now() > deadline) {
      const error = new Error(`No ${selector} in the page button within ${timeoutMs} ms`);
      error.name = 'TimeoutError';
      throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
