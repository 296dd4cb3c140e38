/** Maps registry rows to response objects: the only place rows become API shapes. */
import type { Contact, EnterpriseResponse } from './enterprises.schema';
import type { EnterpriseListRow } from './enterprises.repository';
import type { z } from 'zod';
import { isOwnershipType } from '../../domain/ownership';

type ContactT = z.infer<typeof Contact>;

export function parseJsonArray<T>(text: string): T[] {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? (v as T[]) : [];
  } catch {
    return [];
  }
}

export function toEnterprise(row: EnterpriseListRow): EnterpriseResponse {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    industry: row.industry,
    districtCode: row.district_code,
    headcount: row.headcount,
    mainProducts: row.main_products,
    address: row.address,
    annualOutputFen: row.annual_output_fen === null ? null : Number(row.annual_output_fen),
    contacts: parseJsonArray<ContactT>(row.contacts_json),
    aboveDesignatedSize: !!row.above_designated_size,
    industryDivision: row.industry_division,
    ownership: isOwnershipType(row.ownership) ? row.ownership : null,
    commissioner: row.commissioner_id === null ? null : { id: row.commissioner_id, displayName: row.commissioner_name ?? '' },
    membership: {
      joinedAt: row.joined_at,
      notes: row.notes,
      shareHistory: !!row.share_history,
      reportsFrom: row.reports_from === '' ? null : row.reports_from,
      registeredHere: row.registered_by_alliance_id === row.alliance_id,
      version: row.member_version,
    },
    latest:
      row.report_date === null
        ? null
        : {
            reportDate: row.report_date,
            stage: row.stage as 'stopped' | 'partial' | 'full',
            outputPct: row.output_pct!,
            capacityPct: row.capacity_pct!,
            staffOnDuty: row.staff_on_duty!,
            staffTotal: row.staff_total!,
            blockers: parseJsonArray<{ category: string }>(row.blockers_json ?? '[]').map((b) => b.category),
          },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}
