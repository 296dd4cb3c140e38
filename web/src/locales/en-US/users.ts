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
  reset: {
    button: 'Reset password',
    action: 'Reset password: {{name}}',
    title: 'Reset password: {{name}}',
    explain: 'A new random password will be generated for {{name}} ({{username}}) and they will be signed out on every device. The new password is shown only once: pass it on through a trusted channel and ask them to change it (top right, Change password) after signing in.',
    confirm: 'Reset password',
    success: 'Reset the password of {{name}}',
    newPasswordFor: 'New password for {{name}} ({{username}}):',
    copy: 'Copy password',
    copied: 'Copied',
    onceOnly: 'Once this window is closed the password cannot be shown again.',
    done: 'Noted, close',
  },
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
