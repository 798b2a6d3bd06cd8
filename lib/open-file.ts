/**
 * Opening a stored document file from an extension page. PDFs and images open in a new tab; any
 * other type (an HTML page saved from a portal, say) is downloaded instead, never shown: a page
 * opened from a blob of the extension's origin would run with the extension's rights.
 */
import { browser } from 'wxt/browser';
import type { MesDonneesDb } from '../storage/db';
import { getFile } from '../storage/files';

const SHOWN_INLINE = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function opensInline(mimeType: string | null): boolean {
  return mimeType !== null && SHOWN_INLINE.has(mimeType);
}

function fileName(title: string, mimeType: string | null): string {
  const extension = {
    'application/pdf': '.pdf',
    'image/jpeg': '.jpg',
    'image/png': '.png',
    'text/html': '.html',
  }[mimeType ?? ''];
  const base = title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || 'document';
  return extension && !base.toLowerCase().endsWith(extension) ? `${base}${extension}` : base;
}

/** Resolves false when the file is not (or no longer) in the archive. */
export async function openStoredFile(db: MesDonneesDb, fileId: string, title: string): Promise<boolean> {
  const file = await getFile(db, fileId);
  if (!file) return false;
  const inline = opensInline(file.mimeType);
  // A download keeps its bytes but never its type: the browser cannot render it here.
  const blob = inline ? file.blob : new Blob([file.blob], { type: 'application/octet-stream' });
  const url = URL.createObjectURL(blob);
  if (inline) {
    // Through the extension, not a link: the file is read first, and Firefox lets a page open a
    // tab only while it handles the click itself, which is over by then.
    await browser.tabs.create({ url });
  } else {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName(title, file.mimeType);
    link.click();
  }
  // The new tab or the download has the bytes by then.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
