import type zh from '../zh-CN/alliance';
import type { Messages } from '../types';

const alliance: Messages<typeof zh> = {
  subtitle: 'The alliance and its working groups',
  profile: 'About',
  noDescription: 'No description yet',
  chain: 'Industry chain',
  secretaries: 'Secretary',
  members: 'Member enterprises',
  groups: 'Working groups',
  lead: 'Lead:',
};
export default alliance;
