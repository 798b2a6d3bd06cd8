/**
 * The bare baseline's first half: a plain walk over a bench page, run in the page, that reads the
 * cells the scrapers read (same selectors as scrapers/ameli and scrapers/labo) into plain objects,
 * with `textContent.trim()` and no parsing, checking or hashing.
 *
 * These functions are serialised into the page by puppeteer: no named function or `const f = () =>`
 * inside them (tsx's keepNames would wrap it in a `__name` helper the page lacks); run.ts checks.
 */

export interface WalkResult {
  ms: number;
  rows: Record<string, string | null>[];
}

export function walkAmeli(): WalkResult {
  const t0 = performance.now();
  const rows: Record<string, string | null>[] = [];
  const list = document.querySelector('#tableauPaiement')?.querySelector('#unordered_list, .liste-paiements');
  for (const payment of Array.from(list?.querySelectorAll('li.rowitem, li[id^=lignePaiement]') ?? [])) {
    if (
      payment.classList.contains('rowIJ') ||
      (payment.getAttribute('onclick') ?? '').includes('INDEMNITE_JOURNALIERE_ASSURE')
    )
      continue;
    let heading = payment.previousElementSibling;
    while (heading && !heading.classList.contains('rowdate')) heading = heading.previousElementSibling;
    const year = heading?.querySelector('.mois')?.textContent?.trim() ?? '';
    const day = payment.querySelector('.col-date .jour')?.textContent?.trim() ?? '';
    const month = payment.querySelector('.col-date .mois')?.textContent?.trim() ?? '';
    const participations = Array.from(payment.querySelectorAll('[id^=dateActePFF]'), (cell) => [
      cell.textContent?.trim() ?? '',
      cell.closest('tr')?.lastElementChild?.textContent?.trim() ?? null,
    ]);
    let patient: string | null = null;
    for (const node of Array.from(payment.querySelectorAll('[id^=nomBeneficiaire], [id^=Nature]'))) {
      if (node.id.startsWith('nomBeneficiaire')) {
        patient = node.textContent?.trim() ?? null;
        continue;
      }
      const row: Record<string, string | null> = {
        kind: 'reimbursement',
        source: 'ameli',
        patient,
        date: node.lastChild?.textContent?.trim() ?? null,
        sourceUrl: location.href,
        act: node.querySelector('.naturePrestation')?.textContent?.trim() ?? null,
        provider: node.querySelector('.professionnel')?.textContent?.trim() ?? null,
        paymentDate: `${day} ${month} ${year}`,
        charged: null,
        base: null,
        rate: null,
        reimbursedPrimary: null,
        deductible: null,
        currency: 'EUR',
      };
      for (const cell of Array.from(node.closest('tr')?.children ?? [])) {
        const text = cell.textContent?.trim() ?? null;
        if (cell.id.startsWith('montantPaye')) row.charged = text;
        else if (cell.id.startsWith('baseRemboursement')) row.base = text;
        else if (cell.id.startsWith('taux')) row.rate = text;
        else if (cell.id.startsWith('montantVerse')) row.reimbursedPrimary = text;
      }
      row.deductible = participations.find((participation) => participation[0] === row.date)?.[1] ?? null;
      rows.push(row);
    }
  }
  return { ms: performance.now() - t0, rows };
}

export function walkLabo(): WalkResult {
  const t0 = performance.now();
  const rows: Record<string, string | null>[] = [];
  const patient =
    document.querySelector('.bloc-patient .patient-nom')?.lastChild?.textContent?.trim() ?? null;
  const date = document.querySelector('.date-prelevement')?.textContent?.trim() ?? null;
  const reportId = document.querySelector('#numDossier')?.textContent?.trim() ?? null;
  const lab = document.querySelector('.entete-labo .nom-labo, .nom-labo')?.textContent?.trim() ?? null;
  const prescriber = document.querySelector('.prescripteur .val')?.textContent?.trim() ?? null;
  let analyte: string | null = null;
  for (const line of Array.from(document.querySelectorAll('#resultats .ligne-resultat'))) {
    analyte = line.querySelector('.c-analyse .nom-analyse')?.textContent?.trim() || analyte;
    const result = line.querySelector('.c-resultat');
    const mark = line.querySelector('.fleche, .etoile, .c-flag, .hors-normes');
    rows.push({
      kind: 'lab-result',
      source: 'labo',
      patient,
      date,
      sourceUrl: location.href,
      analyte,
      value: (result?.querySelector('.valeur') ?? result)?.textContent?.trim() ?? null,
      unit: line.querySelector('.c-unite')?.textContent?.trim() ?? null,
      refText: line.querySelector('.c-reference')?.textContent?.trim() ?? null,
      flag: mark ? mark.className : null,
      panel:
        line.closest('.section-resultats')?.querySelector('.titre-section, h2, h3')?.textContent?.trim() ??
        null,
      reportId,
      lab,
      prescriber,
    });
  }
  return { ms: performance.now() - t0, rows };
}
