import type zh from '../zh-CN/caseload';
import type { Messages } from '../types';

const caseload: Messages<typeof zh> = {
  title: 'My caseload',
  subtitle: '{{date}} · the enterprises you look after',
  firms: 'Enterprises and latest blockers',
  latestBlockers: 'Latest blockers',
  file: 'File for them',
  empty: 'No enterprises are assigned to you',
  kpi: {
    firms: 'Enterprises',
    reported: 'Reported today',
    missing: 'Not reported',
    blocked: 'Reporting blockers',
  },
};
export default caseload;
