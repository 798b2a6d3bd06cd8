import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDb, openDb, type MesDonneesDb } from '../../storage/db';
import { dayOf2024, put, stored } from '../../storage/views/test-records';
import { usePagedRecords, type PagedState } from './use-paged';

let db: MesDonneesDb;
let root: HTMLElement;
let seen: (PagedState<unknown> & { loadMore: () => void }) | undefined;

function List({ kind }: { kind: 'reimbursement' | 'lab-result' }) {
  seen = usePagedRecords(db, { kinds: [kind] }, [kind], 4);
  return null;
}

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
    });
  }
}

beforeEach(async () => {
  db = openDb(`paged-${crypto.randomUUID()}`);
  root = document.createElement('div');
  await put(
    db,
    ...Array.from({ length: 10 }, (_, i) => stored('reimbursement', { ref: `R${i}`, date: dayOf2024(i) })),
  );
});
afterEach(async () => {
  render(null, root);
  await deleteDb(db);
});

describe('usePagedRecords', () => {
  it('reads a page, then the next from where it ended, until the end', async () => {
    render(<List kind="reimbursement" />, root);
    await settle();
    expect(seen?.items).toHaveLength(4);
    expect(seen?.done).toBe(false);
    await act(() => seen!.loadMore());
    await settle();
    await act(() => seen!.loadMore());
    await settle();
    expect(seen?.items).toHaveLength(10);
    expect(seen?.done).toBe(true);
  });

  it('reloads what was read when the archive changes, and starts again when the filter does', async () => {
    render(<List kind="reimbursement" />, root);
    await settle();
    await act(() => seen!.loadMore());
    await settle();
    await put(db, stored('reimbursement', { ref: 'new', date: '2025-01-01' }));
    await settle();
    expect(seen?.items).toHaveLength(8);
    expect((seen?.items[0] as { ref: string }).ref).toBe('new');
    render(<List kind="lab-result" />, root);
    await settle();
    expect(seen?.items).toEqual([]);
    expect(seen?.done).toBe(true);
  });
});
