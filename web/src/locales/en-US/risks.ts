import type { Messages } from '../types';
import type zh from '../zh-CN/risks';

const risks: Messages<typeof zh> = {
  title: 'Risk register',
  subtitle: 'Record restart risks, rate likelihood and impact, mitigate them and review them on time',
  create: 'Register risk',
  register: 'Register',
  search: 'Search risks',
  searchPlaceholder: 'Risk title or description',
  anyCategory: 'All categories',
  anyLevel: 'All levels',
  anyStatus: 'All statuses',
  empty: 'No risks',
  separator: ', ',
  categories: { orders_cancelled: 'Orders cancelled', cash_flow: 'Cash flow', labour: 'Labour', supply: 'Supply', prevention: 'Epidemic prevention', other: 'Other' },
  statuses: { open: 'Open', mitigating: 'Mitigating', closed: 'Closed' },
  levels: { high: 'High', medium: 'Medium', low: 'Low' },
  fields: {
    title: 'Risk',
    category: 'Category',
    description: 'Description',
    likelihood: 'Likelihood',
    impact: 'Impact',
    score: 'Score',
    level: 'Level',
    mitigation: 'Mitigation',
    owner: 'Owner',
    reviewDate: 'Next review',
    status: 'Status',
    enterprises: 'Enterprises',
    version: 'Version',
  },
  scale: {
    likelihood: '1 rare … 5 almost certain',
    impact: '1 minor … 5 severe',
  },
  heatmap: {
    title: 'Risk heat map',
    active: 'Open and mitigating risks',
    cell: 'Likelihood {{likelihood}}, impact {{impact}}: {{count}}',
  },
  overdue: {
    title: 'Reviews overdue ({{count}})',
    none: 'No overdue reviews',
    since: 'Review was due {{date}} · owner {{owner}}',
  },
  form: {
    title: 'Register a risk',
    editTitle: 'Edit risk (version {{version}})',
    mitigationPlaceholder: 'Measures taken or planned',
    created: 'Risk registered',
    updated: 'Risk updated',
    delete: 'Delete',
    deleteConfirm: 'Delete only a risk entered by mistake; set a risk that is over to "Closed". Delete?',
    deleted: 'Risk deleted',
  },
};
export default risks;
