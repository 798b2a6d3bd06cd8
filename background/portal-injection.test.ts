import { describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { scrapers } from '../scrapers/registry';
import { contentScriptFile, injectPortalScript, portalOf, watchPortalTabs } from './portal-injection';
import { INJECTED_MARK } from '../content/injection-mark';

const PAYMENTS =
  'https://assure.ameli.fr/PortailAS/appmanager/PortailAS/assure?_nfpb=true&_pageLabel=as_paiements_page';

/** `scripting.executeScript` answering the probe with `injected`, recording every call. */
function fakeScripting(injected: boolean | Error) {
  return vi.spyOn(browser.scripting, 'executeScript').mockImplementation((async (injection: {
    func?: unknown;
  }) => {
    if (injected instanceof Error) throw injected;
    return injection.func ? [{ frameId: 0, result: injected }] : [{ frameId: 0, result: undefined }];
  }) as never);
}

describe('portal content scripts, injected after load', () => {
  it('finds the portal of a page, and none for other sites or odd addresses', () => {
    expect(portalOf(scrapers, PAYMENTS)?.id).toBe('ameli');
    expect(portalOf(scrapers, 'https://www.mgen.fr/mon-espace-perso/remboursements')?.id).toBe('mgen');
    expect(portalOf(scrapers, 'https://www.mgen.fr/actualites')).toBeNull();
    expect(portalOf(scrapers, 'https://evil.example/assure.ameli.fr/')).toBeNull();
    expect(portalOf(scrapers, 'chrome://extensions')).toBeNull();
    expect(portalOf(scrapers, undefined)).toBeNull();
  });

  it('injects the portal’s own script into a portal tab that has none', async () => {
    const calls = fakeScripting(false);
    expect(await injectPortalScript(browser, scrapers, 7, PAYMENTS)).toBe(true);
    expect(calls).toHaveBeenCalledTimes(2);
    expect(calls.mock.calls[0]?.[0]).toMatchObject({ target: { tabId: 7 }, args: [INJECTED_MARK] });
    expect(calls.mock.calls[1]?.[0]).toEqual({ target: { tabId: 7 }, files: ['/content-scripts/ameli.js'] });
    expect(contentScriptFile(scrapers[0]!)).toBe(`/content-scripts/${scrapers[0]!.id}.js`);
  });

  it('injects nothing into a tab that has its script already, or into other sites', async () => {
    const calls = fakeScripting(true);
    expect(await injectPortalScript(browser, scrapers, 7, PAYMENTS)).toBe(false);
    expect(calls).toHaveBeenCalledTimes(1);
    calls.mockClear();
    expect(await injectPortalScript(browser, scrapers, 7, 'https://www.example.com/')).toBe(false);
    expect(calls).not.toHaveBeenCalled();
  });

  it('takes a closed or navigated tab quietly', async () => {
    const calls = fakeScripting(new Error('No tab with id: 7'));
    vi.spyOn(browser.tabs, 'get').mockRejectedValue(new Error('No tab with id: 7'));
    expect(await injectPortalScript(browser, scrapers, 7, PAYMENTS, [0, 0])).toBe(false);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('tries again a page that refused the first injection, while the tab still shows it', async () => {
    let refusals = 2;
    const calls = vi.spyOn(browser.scripting, 'executeScript').mockImplementation((async (injection: {
      func?: unknown;
    }) => {
      if (refusals-- > 0) throw new Error('Cannot access contents of the page');
      return [{ frameId: 0, result: injection.func ? false : undefined }];
    }) as never);
    vi.spyOn(browser.tabs, 'get').mockResolvedValue({ id: 7, url: PAYMENTS } as never);
    expect(await injectPortalScript(browser, scrapers, 7, PAYMENTS, [0, 0])).toBe(true);
    expect(calls).toHaveBeenLastCalledWith({ target: { tabId: 7 }, files: ['/content-scripts/ameli.js'] });
    refusals = 5;
    expect(await injectPortalScript(browser, scrapers, 7, PAYMENTS, [0, 0])).toBe(false);
  });

  it('injects when a portal page finishes loading, and into portal tabs already open', async () => {
    fakeBrowser.reset();
    const calls = fakeScripting(false);
    const query = vi.spyOn(browser.tabs, 'query').mockResolvedValue([
      { id: 3, url: PAYMENTS, status: 'complete' },
      { id: 4, url: PAYMENTS, status: 'loading' },
    ] as never);
    watchPortalTabs(browser, scrapers);
    await vi.waitFor(() =>
      expect(calls).toHaveBeenCalledWith({ target: { tabId: 3 }, files: ['/content-scripts/ameli.js'] }),
    );
    expect(query).toHaveBeenCalledWith({ url: scrapers.flatMap((s) => s.matches) });
    expect(calls).not.toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 4 } }));
    // The page still loading is looked at again, and given its script once it has loaded.
    vi.spyOn(browser.tabs, 'get').mockResolvedValue({ id: 4, url: PAYMENTS, status: 'complete' } as never);
    await vi.waitFor(() =>
      expect(calls).toHaveBeenCalledWith({ target: { tabId: 4 }, files: ['/content-scripts/ameli.js'] }),
    );

    calls.mockClear();
    await fakeBrowser.tabs.onUpdated.trigger(9, { status: 'complete' }, {
      id: 9,
      url: PAYMENTS,
      status: 'complete',
    } as never);
    await vi.waitFor(() =>
      expect(calls).toHaveBeenCalledWith({ target: { tabId: 9 }, files: ['/content-scripts/ameli.js'] }),
    );
    // A worker that started after the page's `complete` hears of the page from its next change.
    calls.mockClear();
    await fakeBrowser.tabs.onUpdated.trigger(11, { title: 'Mes paiements' }, {
      id: 11,
      url: PAYMENTS,
      status: 'complete',
    } as never);
    await vi.waitFor(() =>
      expect(calls).toHaveBeenCalledWith({ target: { tabId: 11 }, files: ['/content-scripts/ameli.js'] }),
    );
    fakeBrowser.reset();
  });

  it('stops looking at a loading tab once its load is heard of: one probe, one injection', async () => {
    fakeBrowser.reset();
    vi.useFakeTimers();
    try {
      const calls = fakeScripting(false);
      vi.spyOn(browser.tabs, 'query').mockResolvedValue([] as never);
      const get = vi
        .spyOn(browser.tabs, 'get')
        .mockResolvedValue({ id: 5, url: PAYMENTS, status: 'complete' } as never);
      watchPortalTabs(browser, scrapers);
      const tab = (status: string) => ({ id: 5, url: PAYMENTS, status }) as never;
      await fakeBrowser.tabs.onUpdated.trigger(5, { status: 'loading' }, tab('loading'));
      await fakeBrowser.tabs.onUpdated.trigger(5, { status: 'complete' }, tab('complete'));
      await vi.advanceTimersByTimeAsync(5_000);
      expect(calls).toHaveBeenCalledTimes(2);
      expect(calls.mock.calls[1]?.[0]).toEqual({
        target: { tabId: 5 },
        files: ['/content-scripts/ameli.js'],
      });
      expect(get).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
      fakeBrowser.reset();
    }
  });
});
