import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { Person } from '../storage/views/persons';
import { PersonName, PersonsContext, personLabelOf } from './PersonName';

const claire: Person = {
  key: 'claire dupont',
  label: 'Claire DUPONT',
  names: ['DUPONT Claire', 'Claire DUPONT'],
};

afterEach(() => {
  document.body.innerHTML = '';
});

describe('PersonName', () => {
  it('writes every spelling of a person the one way the person selector does', () => {
    const root = document.createElement('div');
    document.body.append(root);
    render(
      <PersonsContext.Provider value={[claire]}>
        <p>
          <PersonName name="DUPONT Claire" />
        </p>
        <p>
          <PersonName name="dupont  CLAIRE" />
        </p>
        <p>
          <PersonName name="Jean MARTIN" />
        </p>
        <p>
          <PersonName name={null} />
        </p>
      </PersonsContext.Provider>,
      root,
    );
    expect([...root.querySelectorAll('p')].map((p) => p.textContent)).toEqual([
      'Claire DUPONT',
      'Claire DUPONT',
      'Jean MARTIN',
      '—',
    ]);
  });

  it('keeps a name nobody in the archive has as it was written', () => {
    expect(personLabelOf([claire], 'Léo MARTIN')).toBe('Léo MARTIN');
    expect(personLabelOf([], 'DUPONT Claire')).toBe('DUPONT Claire');
  });
});
