import type zh from '../zh-CN/auth';
import type { Messages } from '../types';

const auth: Messages<typeof zh> = {
  hero: {
    title: 'Alliances together, factories back at work',
    lead: 'Member enterprises report their progress and blockers every day; the alliance and its working groups see the whole picture, and resident commissioners help where it matters.',
    points: {
      one: 'Every member’s stage, capacity and staff on duty in one table',
      two: 'Blockers such as materials, logistics and labour grouped by category for the working groups',
      three: 'File the daily report from a phone in a minute',
    },
    foot: 'Back-to-work service platform of Zhejiang industrial alliances',
  },
  login: {
    title: 'Sign in',
    subtitle: 'Use the account your alliance gave you',
    username: 'Username',
    usernamePlaceholder: 'Your username',
    usernameRequired: 'Enter your username',
    password: 'Password',
    passwordPlaceholder: 'Your password',
    passwordRequired: 'Enter your password',
    submit: 'Sign in',
    hint: 'Forgot your password? Ask your alliance secretary to reset it.',
  },
  password: {
    title: 'Change password',
    current: 'Current password',
    new: 'New password',
    confirm: 'Repeat new password',
    rule: 'At least 10 characters, with both letters and digits; not a common password.',
    mismatch: 'The two new passwords differ',
    changed: 'Password changed; your other sessions were signed out',
  },
};
export default auth;
