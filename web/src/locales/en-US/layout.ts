import type { layout as zhLayout, nav as zhNav } from '../zh-CN/layout';
import type { Messages } from '../types';

export const nav: Messages<typeof zhNav> = {
  city: 'City screen',
  overview: 'Overview',
  caseload: 'My caseload',
  memberships: 'Memberships',
  members: 'Members',
  report: 'Daily report',
  myEnterprise: 'My enterprise',
  chain: 'Supply chain',
  chainMap: 'Chain map',
  chainForecast: 'Break forecast',
  chainImpact: 'Key firms',
  chainScenarios: 'Scenarios',
  chainLinks: 'Supply links',
  alliance: 'Alliance',
  users: 'People',
  audit: 'Audit log',
  problems: 'Problems',
  myProblems: 'My problems',
  meetings: 'Joint meetings',
  risks: 'Risk register',
  webhooks: 'Group robots',
  departments: 'Departments',
  calendar: 'Working days',
  myCases: 'My cases',
  myExpertProfile: 'Expert profile',
  consultations: 'Expert help',
  experts: 'Experts',
};

export const layout: Messages<typeof zhLayout> = {
  mainNav: 'Main navigation',
  openMenu: 'Open menu',
  expandMenu: 'Expand menu',
  collapseMenu: 'Collapse menu',
  switchAlliance: 'Switch alliance',
  switched: 'Switched to {{name}}',
  account: 'Account: {{name}}',
  changePassword: 'Change password',
  logout: 'Sign out',
};
