/**
 * Parses a saved portal page in Node for the scraper CLI and the fixture tests.
 *
 * The page is data, not code: happy-dom is configured so that nothing in it runs or loads
 * (no script evaluation, no script/CSS/image/iframe fetches, no navigation). A saved page may
 * come from anywhere, and its scripts would otherwise run with Node's privileges.
 */
import { Window } from 'happy-dom';

/** The `<!-- url: … -->` comment a fixture starts with: the address the page is scraped as. */
const URL_COMMENT = /^\s*<!--\s*url:\s*(\S+?)\s*-->/;

/** The URL named by a leading `<!-- url: … -->` comment, or null. */
export function urlComment(html: string): string | null {
  return URL_COMMENT.exec(html)?.[1] ?? null;
}

export interface ParsedPage {
  document: Document;
  /** Releases happy-dom's window (timers, pending loads); the document is unusable afterwards. */
  close(): Promise<void>;
}

/** Parses `html` as the page at `url`, scripts inert, no network. */
export function parseHtml(html: string, url: string): ParsedPage {
  const window = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: false,
      disableJavaScriptFileLoading: true,
      enableCSSFileLoading: false,
      enableImageFileLoading: false,
      enableIframePageLoading: false,
      handleDisabledFileLoadingAsSuccess: true,
      navigation: {
        disableMainFrameNavigation: true,
        disableChildFrameNavigation: true,
        disableChildPageNavigation: true,
        disableFallbackToSetURL: true,
      },
    },
  });
  // DOMParser never runs scripts, whatever the settings: a second lock on the same door.
  const document = new window.DOMParser().parseFromString(html, 'text/html');
  return {
    // happy-dom implements the DOM the scrapers use; its types are its own, hence the cast.
    document: document as unknown as Document,
    close: () => window.happyDOM.close(),
  };
}
