import type zh from '../zh-CN/common';
import type { Messages } from '../types';

const common: Messages<typeof zh> = {
  appName: 'Fugong',
  tagline: 'Back-to-work platform for industrial alliances',
  documentTitle: 'Fugong · Back-to-work platform for industrial alliances',
  language: 'Language',
  save: 'Save',
  cancel: 'Cancel',
  edit: 'Edit',
  retry: 'Try again',
  refresh: 'Refresh',
  print: 'Print',
  select: 'Select',
  actions: 'Actions',
  backHome: 'Back to start',
  unassigned: 'Not assigned',
  totalItems: '{{total}} in total',
  requestId: 'Request ID: {{id}}',
  labelValue: '{{label}}: {{value}}',
  stages: { stopped: 'Stopped', partial: 'Partly resumed', full: 'Fully resumed' },
  blockers: {
    raw_material: 'Raw materials',
    logistics: 'Logistics',
    labour: 'Labour shortage',
    equipment: 'Equipment',
    funds: 'Cash flow',
    orders: 'Orders',
    prevention_supplies: 'Prevention supplies',
    policy: 'Permits & policy',
  },
  roles: {
    platform_admin: 'Platform admin',
    secretary: 'Alliance secretary',
    group_member: 'Working group member',
    commissioner: 'Resident commissioner',
    expert: 'Volunteer expert',
    enterprise_admin: 'Enterprise admin',
    enterprise_staff: 'Enterprise reporter',
  },
  workingGroups: { policy: 'Policy group', tech: 'Technical services group', market: 'Market & sales group', prevention: 'Epidemic prevention group' },
};
export default common;
