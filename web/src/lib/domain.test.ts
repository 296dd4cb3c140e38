import { describe, expect, it } from 'vitest';
import { STAGES as SERVER_STAGES } from '@server/modules/enterprises/enterprises.schema';
import { BLOCKER_CATEGORIES as SERVER_BLOCKERS } from '@server/modules/reports/reports.schema';
import { BLOCKER_CATEGORIES, STAGES } from './domain';

describe('the web copies of the server lists', () => {
  it('are the server lists, in order', () => {
    expect(BLOCKER_CATEGORIES).toEqual(SERVER_BLOCKERS);
    expect(STAGES).toEqual(SERVER_STAGES);
  });
});
