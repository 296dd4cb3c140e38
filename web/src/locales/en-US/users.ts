import type zh from '../zh-CN/users';
import type { Messages } from '../types';

const users: Messages<typeof zh> = {
  title: 'People',
  create: 'Add person',
  created: 'Account created: {{name}}',
  search: 'Search name or username',
  anyRole: 'All roles',
  empty: 'No people yet',
  active: 'Active',
  disabled: 'Disabled',
  toggle: 'Enable or disable {{name}}',
  enabledMsg: 'Enabled {{name}}',
  disabledMsg: 'Disabled {{name}}',
  usernameHelp: 'Starts with a lowercase letter; 3–32 characters of letters, digits, dots, dashes and underscores.',
  enterpriseSearch: 'Type to search enterprises',
  fields: {
    username: 'Username',
    displayName: 'Name',
    password: 'Initial password',
    role: 'Role',
    roles: 'Roles',
    workingGroup: 'Working group',
    enterprise: 'Enterprise',
    status: 'Status',
    createdAt: 'Created',
  },
};
export default users;
