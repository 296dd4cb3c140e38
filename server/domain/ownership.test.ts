import { describe, expect, it } from 'vitest';
import { ALL_DIVISIONS, divisionInSection, divisionsOf, isOwnershipType, resolveOwnership } from './ownership';
import { sectionOfDivision } from './industries';

describe('ownership and divisions', () => {
  it('lists the divisions of a section by its range', () => {
    expect(divisionsOf('C')[0]).toBe('13');
    expect(divisionsOf('C').at(-1)).toBe('43');
    expect(divisionsOf('K')).toEqual(['70']);
    for (const d of ALL_DIVISIONS) expect(divisionInSection(d, sectionOfDivision(d)!)).toBe(true);
    expect(divisionInSection('44', 'C')).toBe(false);
    expect(divisionInSection('4', 'C')).toBe(false);
  });
  it('resolves ownership names', () => {
    expect(resolveOwnership('私营')).toBe('private');
    expect(resolveOwnership('Foreign-invested')).toBe('foreign');
    expect(isOwnershipType('state')).toBe(true);
    expect(isOwnershipType('x')).toBe(false);
  });
});
