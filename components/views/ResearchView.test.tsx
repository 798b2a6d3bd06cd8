import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SHARE_FIELDS } from '../../storage/research/fields';
import { makeStudyKeys, openShare } from '../../storage/research/seal';
import { checkShareData } from '../../storage/research/share';
import { parseStudy, STUDY_FORMAT } from '../../storage/research/study';
import { stored } from '../../storage/views/test-records';
import { harness, type Harness } from './test-harness';

let h: Harness;
let downloads: { name: string; blob: Blob }[];
beforeEach(() => {
  h = harness();
  downloads = [];
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    downloads.push({ name: '', blob: blob as Blob });
    return 'blob:test';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    downloads.at(-1)!.name = this.download;
  });
});
afterEach(() => h.close());

async function studyText() {
  const keys = await makeStudyKeys();
  const text = JSON.stringify({
    format: STUDY_FORMAT,
    version: 1,
    id: 'etude-reste-a-charge',
    name: 'Le reste à charge des familles',
    purpose: 'Comprendre ce que les familles paient <b>elles-mêmes</b>.',
    contact: 'javascript:alert(1)',
    period: { from: '2024-01-01', to: '2024-12-31' },
    dates: 'month',
    asks: { reimbursement: ['care', 'charged', 'left_to_pay'], 'lab-result': ['loinc', 'value'] },
    publicKey: keys.publicKey,
  });
  return { text, privateKey: keys.privateKey };
}

async function choose(text: string, name = 'etude.json') {
  const input = h.root.querySelector<HTMLInputElement>('[data-testid="research-study-file"]')!;
  Object.defineProperty(input, 'files', {
    value: [new File([text], name, { type: 'application/json' })],
    configurable: true,
  });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await h.settle();
}

const byTestId = (id: string) => h.root.querySelector(`[data-testid="${id}"]`);

describe('Partager pour la recherche', () => {
  beforeEach(async () => {
    await h.put(
      stored('reimbursement', {
        patient: 'Claire DUPONT',
        date: '2024-02-03',
        act: 'Consultation',
        ref: '1',
      }),
      stored('reimbursement', {
        patient: 'Claire DUPONT',
        date: '2023-02-03',
        act: 'Consultation',
        ref: '2',
      }),
      stored('lab-result', { patient: 'DUPONT Claire', date: '2024-03-04' }),
      stored('reimbursement', { patient: 'Marc DUPONT', date: '2024-02-05', act: 'Pharmacie', ref: '3' }),
    );
  });

  it('asks whose data first, when the archive holds several people', async () => {
    await h.open('#/recherche');
    expect(h.all('[data-testid="research-persons"] a').map((a) => a.textContent)).toEqual([
      'Claire DUPONT',
      'Marc DUPONT',
    ]);
  });

  it('shows what the study asks in plain words, its texts as text, and shares only after consent', async () => {
    const { text, privateKey } = await studyText();
    await h.open('#/recherche?personne=claire%20dupont');
    await choose(text);
    const study = byTestId('research-study')!;
    expect(study.textContent).toContain('Le reste à charge des familles');
    // The study's words are text: no markup, no link from its contact.
    expect(study.querySelector('b')).toBeNull();
    expect(study.querySelector('a')).toBeNull();
    const kinds = h
      .all('[data-testid="research-fields"] li')
      .map((li) => [li.getAttribute('data-kind'), li.getAttribute('data-count')]);
    // 2023 is outside the study's period; Marc's act is Marc's.
    expect(kinds).toEqual([
      ['lab-result', '1'],
      ['reimbursement', '1'],
    ]);
    const words = byTestId('research-fields')!.textContent!;
    expect(words).toContain(SHARE_FIELDS.reimbursement.find((f) => f.name === 'care')!.fr);
    expect(byTestId('research-never')!.textContent).toContain('Jamais partagé');

    // No consent, no share.
    await act(() => (byTestId('research-share') as HTMLButtonElement).click());
    await h.settle();
    expect(byTestId('research-error')!.textContent).toContain('Cochez');
    expect(downloads).toHaveLength(0);

    await act(() => (byTestId('research-consent') as HTMLInputElement).click());
    await act(() => (byTestId('research-share') as HTMLButtonElement).click());
    await h.settle(600);
    expect(byTestId('research-done')?.getAttribute('data-count')).toBe('2');
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.name).toMatch(/^partage-etude-reste-a-charge-\d{4}-\d{2}-\d{2}\.json$/);
    const data = checkShareData(
      JSON.parse(await openShare(await downloads[0]!.blob.text(), parseStudy(text), privateKey)),
    );
    expect(data.consent.fields).toEqual({
      'lab-result': ['date', 'loinc', 'value'],
      reimbursement: ['date', 'care', 'charged', 'left_to_pay'],
    });
    expect(JSON.stringify(data)).not.toContain('DUPONT');
    expect(byTestId('research-history')!.textContent).toContain('Le reste à charge des familles');

    // Shared again: the person is told it replaces the earlier share.
    await choose(text);
    expect(byTestId('research-earlier')).not.toBeNull();
  });

  it('says why a file is not a study file, and offers nothing to share', async () => {
    await h.open('#/recherche?personne=claire%20dupont');
    await choose('{"format": "autre"}');
    expect(byTestId('research-study-error')!.textContent).toContain(
      "n'est pas valide (à l'endroit « format »)",
    );
    expect(byTestId('research-form')).toBeNull();
    const { text } = await studyText();
    await choose(text.replace('"left_to_pay"', '"provider"'));
    expect(byTestId('research-study-error')!.textContent).toContain('« provider »');
  });
});
