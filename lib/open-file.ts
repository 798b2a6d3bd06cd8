/**
 * Opening a stored document file from an extension page. PDFs and images open in a new tab; any
 * other type (an HTML page saved from a portal, an SVG) is downloaded instead, never shown: a
 * page opened from a blob of the extension's origin would run with the extension's rights. What
 * the file is comes from its own first bytes, whatever the server or an archive said.
 */
import { browser } from 'wxt/browser';
import type { MesDonneesDb } from '../storage/db';
import { isShownInline, safeFileName, sniffBlobType } from '../storage/file-type';
import { getFile } from '../storage/files';

/** Resolves false when the file is not (or no longer) in the archive. */
export async function openStoredFile(db: MesDonneesDb, fileId: string, title: string): Promise<boolean> {
  const file = await getFile(db, fileId);
  if (!file) return false;
  const type = await sniffBlobType(file.blob);
  const inline = isShownInline(type);
  // Shown with its verified type; a download keeps its bytes but never a type the browser renders.
  const blob = new Blob([file.blob], { type: inline ? type! : 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  if (inline) {
    // Through the extension, not a link: the file is read first, and Firefox lets a page open a
    // tab only while it handles the click itself, which is over by then.
    await browser.tabs.create({ url });
  } else {
    const link = document.createElement('a');
    link.href = url;
    link.download = safeFileName(title, type);
    link.click();
  }
  // The new tab or the download has the bytes by then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
