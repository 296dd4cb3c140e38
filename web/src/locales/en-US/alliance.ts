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
  noGroups: 'No working groups yet',
  form: {
    edit: 'Edit alliance',
    title: 'Edit the alliance',
    name: 'Alliance name',
    chainHelp: 'The industry chain the alliance organises, e.g. the leather chain',
    saved: 'Saved {{name}}',
  },
};
export default alliance;
