/** The anonymised copy of the page the tester is on, ready to download as a fixture. */
import type { PageReport } from '../components/PageButton';
import { anonymisePage } from './anonymise';

function fileName(source: string, url: URL): string {
  const page = url.pathname.split('/').filter(Boolean).pop() ?? 'page';
  const safe = `${source}-${page}`.replace(/[^a-z0-9-]+/gi, '-').replace(/-+/g, '-');
  return `${safe}-anonymise-${new Date().toISOString().slice(0, 10)}.html`;
}

export function buildPageReport(doc: Document, source: string): PageReport {
  const page = anonymisePage(doc, doc.location.href);
  // The first line tells a researcher's fixture runner which address the page is read as.
  const html = `<!-- url: ${page.url} -->\n${page.html}`;
  return {
    html: page.html,
    download: () => {
      const link = doc.createElement('a');
      link.href = URL.createObjectURL(new Blob([html], { type: 'text/html' }));
      link.download = fileName(source, new URL(doc.location.href));
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    },
  };
}
