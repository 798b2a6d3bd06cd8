import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localToday } from '../../lib/dates';
import { stored } from '../../storage/views/test-records';
import { harness, type Harness } from './test-harness';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.close());

const inDays = (n: number) => localToday(new Date(Date.now() + n * 86_400_000));

describe('appointments, documents, vaccinations and measurements', () => {
  it('splits appointments into upcoming (soonest first) and past (latest first)', async () => {
    await h.put(
      stored('appointment', { date: `${inDays(30)}T10:00`, service: 'Cardiologie' }),
      stored('appointment', { date: `${inDays(2)}T09:00`, service: 'Anesthésie' }),
      stored('appointment', { date: `${inDays(-10)}T09:00`, service: 'Radiologie', status: 'fulfilled' }),
      stored('appointment', { date: `${inDays(-40)}T09:00`, service: 'Endocrinologie', status: 'cancelled' }),
    );
    await h.open('#/rendez-vous');
    const services = (testId: string) =>
      h
        .all(`[data-testid="${testId}"] [data-testid="appointment-row"] td:nth-child(2)`)
        .map((c) => c.textContent);
    expect(services('upcoming-appointments')).toEqual(['Anesthésie', 'Cardiologie']);
    expect(services('past-appointments')).toEqual(['Radiologie', 'Endocrinologie']);
    expect(h.root.querySelector('[data-status="cancelled"]')?.textContent).toContain('annulé');
  });

  it('lists documents with their type and author, filtered by type, with the stored file to open', async () => {
    await h.put(
      stored('document', {
        title: 'Ordonnance',
        docType: 'prescription',
        url: 'https://p.example/1',
        fileId: 'f1',
      }),
      stored('document', {
        title: 'Compte rendu',
        docType: 'report',
        url: 'https://p.example/2',
        author: 'Dr LEROY',
      }),
    );
    await h.open('#/documents');
    expect(h.root.querySelector('[data-testid="documents"]')?.getAttribute('data-count')).toBe('2');
    expect(h.all('[data-testid="open-file"]')).toHaveLength(1);
    expect(h.text()).toContain('Dr LEROY');
    const select = h.root.querySelector<HTMLSelectElement>('[data-testid="doc-type"]')!;
    await act(() => {
      select.value = 'report';
      select.dispatchEvent(new Event('change'));
    });
    await h.settle();
    expect(location.hash).toBe('#/documents?type=report');
    expect(h.all('[data-testid="record-row"]').map((row) => row.getAttribute('data-doc-type'))).toEqual([
      'report',
    ]);
  });

  it('lists vaccinations, and charts weight and both blood pressure values with their tables', async () => {
    await h.put(
      stored('immunization', { vaccine: 'Boostrix Tetra', date: '2023-09-13' }),
      stored('measurement', { name: 'Poids', value: 64.7, unit: 'kg', date: '2024-02-26' }),
      stored('measurement', { name: 'Poids', value: 65.2, unit: 'kg', date: '2023-11-30' }),
      stored('measurement', { name: 'Tension systolique', value: 118, unit: 'mmHg', date: '2024-02-26' }),
      stored('measurement', { name: 'Tension diastolique', value: 75, unit: 'mmHg', date: '2024-02-26' }),
      stored('measurement', { name: 'Taille', value: 168, unit: 'cm', date: '2024-02-26' }),
    );
    await h.open('#/vaccinations');
    expect(h.all('[data-testid="vaccination-row"]').map((row) => row.textContent)).toEqual([
      expect.stringContaining('Boostrix Tetra'),
    ]);
    await h.go('#/mesures');
    expect(h.root.querySelector('[data-testid="weight-chart"]')?.getAttribute('data-count')).toBe('2');
    const pressure = h.root.querySelector('[data-testid="pressure-chart"]')!;
    expect([...pressure.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Date',
      'Tension systolique (mmHg)',
      'Tension diastolique (mmHg)',
    ]);
    expect(pressure.querySelector('tbody tr')?.textContent).toBe('26 févr. 2024118' + '75');
    expect(h.all('[data-testid="other-measure"]')).toHaveLength(1);
  });
});
