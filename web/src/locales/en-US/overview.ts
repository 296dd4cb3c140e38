import type zh from '../zh-CN/overview';
import type { Messages } from '../types';

const overview: Messages<typeof zh> = {
  title: 'Overview',
  subtitle: '{{alliance}} · as of {{date}}',
  empty: 'This alliance has no members or reports yet',
  kpi: {
    resumptionRate: 'Resumption rate today',
    reported: 'Reported today',
    reportedFoot: '{{rate}}% of members reported',
    output: 'Average output',
    capacity: 'Average own capacity',
    staffOnDuty: 'Staff on duty',
    deltaPoints: '{{value}} pts vs yesterday',
    flat: 'Same as yesterday',
    noComparison: 'No data for yesterday',
  },
  charts: {
    resumptionTitle: 'Resumption and reporting rate (14 days)',
    resumptionRate: 'Resumption rate',
    reportingRate: 'Reporting rate',
    stagesTitle: 'Members by stage',
    outputTitle: 'Output and own capacity (normal = 100%)',
    output: 'Actual output',
    capacity: 'Own capacity',
    staffTitle: 'Staff on duty',
    staffOnDuty: 'On duty',
    blockersTitle: 'Blockers by category',
    today: 'Today',
    yesterday: 'Yesterday',
  },
  missing: {
    title: 'Not reported today',
    name: 'Enterprise',
    commissioner: 'Commissioner',
    lastReport: 'Last report',
    never: 'Never',
    allReported: 'Every member has reported today',
  },
  chain: {
    title: 'Chain-break alert',
    count: 'Firms forecast to break within {{days}} days',
    first: 'First: {{name}} on day {{day}}; {{workers}} workers affected in all.',
    none: 'At the current pace of restarts, no firm breaks within {{days}} days.',
    open: 'Open the break forecast',
    failed: 'The chain analysis is not available right now; refresh later.',
  },
  problems: { title: 'Problems' },
  riskReviews: { title: 'Risk reviews overdue' },
};
export default overview;
