/**
 * The daily report's stages and blocker categories: the server's lists, copied (domain.test.ts
 * keeps them equal). Their own module, so the report form and the overview's charts do not bring
 * the district, industry and ownership lists of lib/domain along.
 */
export const BLOCKER_CATEGORIES = ['raw_material', 'logistics', 'labour', 'equipment', 'funds', 'orders', 'prevention_supplies', 'policy'] as const;
export const STAGES = ['stopped', 'partial', 'full'] as const;
export type Stage = (typeof STAGES)[number];
