import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, createTestApp, type TestApp } from '../../test/harness';
import { expectProblem, idem, json } from '../../test/helpers';
import { TICKET_STATUSES, TRANSITIONS, isLegalTransition, needsNote, transitionParty, type TicketStatus } from './ticket-state';

const LEGAL = new Set(['submitted>accepted', 'submitted>closed', 'accepted>in_progress', 'accepted>pending', 'in_progress>pending', 'pending>in_progress', 'in_progress>resolved', 'resolved>in_progress', 'resolved>closed']);
const PAIRS = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.map((to) => [from, to] as [TicketStatus, TicketStatus]));

describe('ticket state machine (pure)', () => {
  it('allows exactly the documented transitions among all 36 pairs', () => {
    for (const [from, to] of PAIRS) expect(isLegalTransition(from, to), `${from}>${to}`).toBe(LEGAL.has(`${from}>${to}`));
    expect(Object.values(TRANSITIONS).flat()).toHaveLength(LEGAL.size);
  });

  it('closed is final and no state moves to itself', () => {
    expect(TRANSITIONS.closed).toEqual([]);
    for (const s of TICKET_STATUSES) expect(isLegalTransition(s, s)).toBe(false);
  });

  it('the enterprise may only withdraw, confirm, reopen, or answer a pending ticket', () => {
    const either = PAIRS.filter(([f, t]) => isLegalTransition(f, t) && transitionParty(f, t) === 'either').map(([f, t]) => `${f}>${t}`);
    expect(either.sort()).toEqual(['pending>in_progress', 'resolved>closed', 'resolved>in_progress', 'submitted>closed']);
  });

  it('asks for a note when resolving, reopening, refusing, withdrawing or pausing', () => {
    const noted = PAIRS.filter(([f, t]) => isLegalTransition(f, t) && needsNote(f, t)).map(([f, t]) => `${f}>${t}`);
    expect(noted.sort()).toEqual(['accepted>pending', 'in_progress>pending', 'in_progress>resolved', 'resolved>in_progress', 'submitted>closed']);
  });
});

/** A path of legal moves from `submitted` to each state. */
const PATH: Record<TicketStatus, TicketStatus[]> = {
  submitted: [],
  accepted: ['accepted'],
  in_progress: ['accepted', 'in_progress'],
  pending: ['accepted', 'in_progress', 'pending'],
  resolved: ['accepted', 'in_progress', 'resolved'],
  closed: ['accepted', 'in_progress', 'resolved', 'closed'],
};

describe.each(DIALECTS)('ticket transitions over the API (%s)', (dialect) => {
  let t: TestApp;
  let secretary: string;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    secretary = await t.login('secretary');
  });
  afterAll(async () => {
    await t?.close();
  });

  async function ticketIn(state: TicketStatus): Promise<{ id: number; version: number }> {
    const res = await t.call('POST', '/api/tickets', { cookie: secretary, body: { enterpriseId: 1, category: 'logistics', title: `状态机测试 ${state}`, description: '' }, headers: idem() });
    expect(res.statusCode, res.body).toBe(201);
    let ticket = json(res);
    for (const to of PATH[state]) {
      const r = await t.call('POST', `/api/tickets/${ticket.id}/transitions`, { cookie: secretary, body: { to, version: ticket.version, note: '测试说明' } });
      expect(r.statusCode, r.body).toBe(200);
      ticket = json(r);
    }
    expect(ticket.status).toBe(state);
    return { id: ticket.id, version: ticket.version };
  }

  it('refuses every illegal pair with 409 illegal_transition naming both states, and changes nothing', async () => {
    let refused = 0;
    for (const from of TICKET_STATUSES) {
      const tk = await ticketIn(from);
      for (const to of TICKET_STATUSES) {
        if (LEGAL.has(`${from}>${to}`)) continue;
        const res = await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: secretary, body: { to, version: tk.version, note: '测试说明' } });
        const doc = expectProblem(res, 409, 'illegal_transition');
        expect(doc).toMatchObject({ from, to });
        refused += 1;
      }
      const after = json(await t.call('GET', `/api/tickets/${tk.id}`, { cookie: secretary }));
      expect(after.status).toBe(from);
      expect(after.version).toBe(tk.version);
    }
    expect(refused).toBe(36 - LEGAL.size);
  });

  it('takes every legal pair, recording it on the timeline', async () => {
    for (const pair of LEGAL) {
      const [from, to] = pair.split('>') as [TicketStatus, TicketStatus];
      const tk = await ticketIn(from);
      const res = await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: secretary, body: { to, version: tk.version, note: '测试说明' } });
      expect(res.statusCode, `${pair} ${res.body}`).toBe(200);
      const body = json(res);
      expect(body.status).toBe(to);
      expect(body.events.at(-1)).toMatchObject({ kind: 'status', fromStatus: from, toStatus: to, body: '测试说明' });
    }
  });

  it('checks the version and the note', async () => {
    const tk = await ticketIn('in_progress');
    expectProblem(await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: secretary, body: { to: 'resolved', version: tk.version - 1, note: 'x' } }), 409, 'version_conflict');
    const noNote = expectProblem(await t.call('POST', `/api/tickets/${tk.id}/transitions`, { cookie: secretary, body: { to: 'resolved', version: tk.version } }), 400, 'validation_failed');
    expect(noNote.errors?.[0]).toMatchObject({ path: 'note', code: 'required' });
  });
});
