import type zh from '../zh-CN/audit';
import type { Messages } from '../types';

const audit: Messages<typeof zh> = {
  title: 'Audit log',
  empty: 'Nothing recorded yet',
  system: 'System',
  filteredBy: 'Only: {{target}}',
  showAll: 'Show all',
  fields: { at: 'Time', actor: 'By', action: 'Action', target: 'Record', requestId: 'Request ID' },
  actions: {
    session: { login: 'Signed in', logout: 'Signed out', switch_alliance: 'Switched alliance' },
    user: { create: 'Created account', update: 'Changed account', password_change: 'Changed password', password_reset: 'Reset password' },
    enterprise: { create: 'Added enterprise', import: 'Imported enterprise', update: 'Edited enterprise', assign_commissioner: 'Assigned commissioner' },
    report: { submit: 'Filed report', edit: 'Edited report' },
    alliance: { create: 'Created alliance', update: 'Edited alliance' },
  },
  targets: { user: 'Account', enterprise: 'Enterprise', report: 'Report', alliance: 'Alliance', session: 'Session' },
  detailKeys: { changed: 'Changed fields', count: 'Count', reportDate: 'Date', name: 'Name', version: 'Version', allianceId: 'Alliance', from: 'Before', to: 'After' },
};
export default audit;
