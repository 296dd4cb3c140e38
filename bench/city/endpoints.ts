/**
 * The endpoints the city-scale benchmark measures: every overview, list (with its sorts and
 * filters, first and last page) and city endpoint. Add a line here to measure a new one.
 *
 * `as`: who asks (default both). `deep`: after the first page, also the last page of the list
 * (the page number read from the first answer's `total`).
 */
export type Who = 'admin' | 'secretary';
export interface Endpoint {
  path: string;
  as?: Who[];
  deep?: boolean;
}

const sorts = ['name', 'headcount', 'createdAt', 'districtCode', 'outputPct'].flatMap((s) => [`sort=${s}&order=asc`, `sort=${s}&order=desc`]);

export const ENDPOINTS: Endpoint[] = [
  // Overview
  { path: '/api/reports/trend?days=14' },
  { path: '/api/reports/trend?days=30' },
  { path: '/api/reports/trend?days=14&mine=true', as: ['secretary'] },
  { path: '/api/tickets/figures' },
  { path: '/api/risks/heatmap' },
  { path: '/api/risks/reviews/overdue' },
  { path: '/api/experts/figures' },
  { path: '/api/notifications/unread-count' },
  // Latest status (the overview's members table) and the missing list
  { path: '/api/reports/latest', deep: true },
  { path: '/api/reports/latest?pageSize=200' },
  ...['stopped', 'partial', 'full', 'none'].map((s) => ({ path: `/api/reports/latest?stage=${s}`, deep: true })),
  { path: '/api/reports/latest?blocker=labour', deep: true },
  { path: '/api/reports/latest?q=%E6%B0%94%E5%8A%A8' },
  { path: '/api/reports/missing', deep: true },
  // Members (enterprises) with every sort, filters, deep pages
  ...sorts.map((s) => ({ path: `/api/enterprises?${s}` })),
  { path: '/api/enterprises?sort=outputPct&order=desc', deep: true },
  { path: '/api/enterprises?sort=name', deep: true },
  ...['stopped', 'partial', 'full', 'none'].map((s) => ({ path: `/api/enterprises?stage=${s}` })),
  { path: '/api/enterprises?stage=partial&sort=outputPct&order=desc', deep: true },
  { path: '/api/enterprises?districtCode=330213' },
  { path: '/api/enterprises?industry=C&sort=headcount&order=desc' },
  { path: '/api/enterprises?q=%E6%B0%94%E5%8A%A8' },
  { path: '/api/enterprises?q=91330' },
  // Problems, risks, meetings
  { path: '/api/tickets', deep: true },
  { path: '/api/tickets?open=true&sort=resolveDueAt&order=asc' },
  { path: '/api/tickets?queue=overdue' },
  { path: '/api/tickets/proposals' },
  { path: '/api/tickets/supervision', as: ['admin'] },
  { path: '/api/risks', deep: true },
  { path: '/api/meetings' },
  // Memberships
  { path: '/api/firms/requests' },
  { path: '/api/enterprises/join-requests' },
  // Chain
  { path: '/api/chain/members' },
  { path: '/api/chain/members?q=%E6%B0%94%E5%8A%A8' },
  { path: '/api/chain/items' },
  { path: '/api/chain/links', deep: true },
  { path: '/api/chain/scenarios' },
  // Experts
  { path: '/api/experts', deep: true },
  { path: '/api/consultations' },
  { path: '/api/visits' },
  // People, audit, city
  { path: '/api/users', deep: true },
  { path: '/api/users/directory' },
  { path: '/api/audit', deep: true },
  { path: '/api/alliances' },
  { path: '/api/departments', as: ['admin'] },
  { path: '/api/notifications' },
  { path: '/api/session' },
];
