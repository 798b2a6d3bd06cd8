import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CaptureOutcome } from '../lib/capture-outcome';
import { PageButton } from './PageButton';

const outcome: CaptureOutcome = {
  status: 'ok',
  error: null,
  capture: {
    id: 'c1',
    source: 'ameli',
    url: 'https://assure.ameli.fr/x',
    title: 'Mes paiements',
    startedAt: '2026-11-28T10:00:00.000Z',
    finishedAt: '2026-11-28T10:00:01.000Z',
    scraper: { id: 'ameli', version: '1.0.0' },
    counts: { found: 10, added: 10, updated: 0, unchanged: 0, invalid: 0 },
    problems: [],
    snapshotId: null,
  },
};

function mount(onSave: () => Promise<CaptureOutcome>, onOpenDashboard = vi.fn()) {
  const root = document.createElement('div');
  document.body.append(root);
  render(<PageButton onSave={onSave} onOpenDashboard={onOpenDashboard} />, root);
  const button = root.querySelector<HTMLButtonElement>('[data-testid="save-my-data"]')!;
  return { root, button, onOpenDashboard };
}

/** Clicks, then lets the save's promises settle and Preact draw. */
async function press(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PageButton', () => {
  it('is a native button named "Enregistrer mes données"', () => {
    const { button } = mount(vi.fn());
    expect(button.tagName).toBe('BUTTON');
    expect(button.type).toBe('button');
    expect(button.textContent).toBe('Enregistrer mes données');
  });

  it('shows progress while saving, then the outcome', async () => {
    let finish!: (o: CaptureOutcome) => void;
    const onSave = vi.fn(() => new Promise<CaptureOutcome>((resolve) => (finish = resolve)));
    const { root, button } = mount(onSave);
    await act(() => button.click());
    expect(root.querySelector('[data-status="saving"]')?.textContent).toBe('Enregistrement en cours…');
    expect(button.getAttribute('aria-busy')).toBe('true');
    // A second click while saving does not start a second save.
    await act(() => button.click());
    expect(onSave).toHaveBeenCalledTimes(1);
    await act(async () => finish(outcome));
    expect(root.querySelector('[data-status="ok"]')?.getAttribute('data-added')).toBe('10');
    expect(button.getAttribute('aria-busy')).toBe('false');
  });

  it('announces the outcome in a live region and closes with Escape, giving the focus back', async () => {
    const { root, button } = mount(async () => outcome);
    await press(button);
    expect(root.querySelector('[role="status"] [data-testid="capture-result"]')).not.toBeNull();
    const close = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Fermer')!;
    close.focus();
    await act(() => {
      close.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(root.querySelector('[data-testid="capture-result"]')).toBeNull();
    expect(document.activeElement).toBe(button);
  });

  it('opens the dashboard from the outcome', async () => {
    const { root, button, onOpenDashboard } = mount(async () => outcome);
    await press(button);
    const open = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Voir mes données')!;
    await act(() => open.click());
    expect(onOpenDashboard).toHaveBeenCalledOnce();
  });
});

describe('PageButton on a portal page', () => {
  it('ignores clicks it does not accept (a page script’s, untrusted)', async () => {
    const onSave = vi.fn(async () => outcome);
    const root = document.createElement('div');
    document.body.append(root);
    render(
      <PageButton onSave={onSave} onOpenDashboard={vi.fn()} accepts={(event) => event.isTrusted} />,
      root,
    );
    await press(root.querySelector<HTMLButtonElement>('[data-testid="save-my-data"]')!);
    expect(onSave).not.toHaveBeenCalled();
    expect(root.querySelector('[data-testid="capture-result"]')).toBeNull();
  });
});
