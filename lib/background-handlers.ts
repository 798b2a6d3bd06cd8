/**
 * What the background does with a message. Everything that arrives is parsed before use: a
 * message names the portal it comes from, and it is only believed when the tab that sent it is
 * on that portal.
 */
import { browser, type Browser } from 'wxt/browser';
import { scrapersForUrl } from '../scrapers/registry';
import type { MesDonneesDb } from '../storage/db';
import { saveCapture } from '../storage/save-capture';
import { describeZodIssues, frenchErrorMap } from '../storage/validate';
import { BackgroundRequest, type SaveCaptureRequest, type SaveCaptureResponse } from './messages';

type Sender = Browser.runtime.MessageSender;

function senderPortal(sender: Sender): URL | null {
  if (sender.id !== browser.runtime.id || !sender.tab) return null;
  try {
    return new URL(sender.url ?? sender.tab.url ?? '');
  } catch {
    return null;
  }
}

export async function handleSaveCapture(
  db: MesDonneesDb,
  request: SaveCaptureRequest,
  sender: Sender,
): Promise<SaveCaptureResponse> {
  const page = senderPortal(sender);
  if (!page || !scrapersForUrl(page).some((s) => s.id === request.capture.source)) {
    return { ok: false, error: 'Message refusé : il ne vient pas d’une page de ce portail.' };
  }
  try {
    return { ok: true, capture: await saveCapture(db, request.capture) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export async function handleMessage(db: MesDonneesDb, message: unknown, sender: Sender): Promise<unknown> {
  const parsed = BackgroundRequest.safeParse(message, { error: frenchErrorMap });
  if (!parsed.success) {
    return { ok: false, error: `Message invalide : ${describeZodIssues(parsed.error.issues)}` };
  }
  const request = parsed.data;
  switch (request.type) {
    case 'capture/save':
      return handleSaveCapture(db, request, sender);
    case 'dashboard/open':
      await browser.tabs.create({
        url: browser.runtime.getURL('/dashboard.html') + (request.hash ? `#${request.hash}` : ''),
      });
      return { ok: true };
  }
}
