import { describe, expect, it } from 'vitest';
import { careKind } from './care';

describe('the kind of care of an act', () => {
  it.each([
    ['C GENERALISTE', null, 'consultation'],
    ['CS SPECIALISTE', null, 'consultation'],
    ['RÉGULARISATION C GENERALISTE', null, 'consultation'],
    ['Consultation médecin généraliste', null, 'consultation'],
    ['PHARMACIE VIGNETTE BLEUE', null, 'pharmacy'],
    ['Pharmacie', null, 'pharmacy'],
    ['Optique – verres', null, 'optics'],
    ['Optique – monture', 'Optique Lumière', 'optics'],
    ['Dentaire – couronne céramique', null, 'dental'],
    ['Soins', 'Dr SIMON Hugo (chirurgien-dentiste)', 'dental'],
    ['ACTES DE BIOLOGIE', null, 'lab'],
    ['FORFAIT SÉJOUR HOSPITALIER', null, 'hospital'],
    ['Ostéopathie', null, 'paramedical'],
    ['VACCIN', null, 'vaccine'],
    ['ÉCHOGRAPHIE ABDOMINALE', null, 'imaging'],
    ['Cure thermale', null, 'other'],
  ] as const)('%s (%s) is %s', (act, provider, kind) => {
    expect(careKind(act, provider)).toBe(kind);
  });
});
