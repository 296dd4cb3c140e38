/** Schemas of joint prevention (防控共抓), one per endpoint. */
import { z } from 'zod';
import { Id, IdText, INT32_MAX, isoDate, pageOf, Paging, Version } from '../../core/http/common-schema';
import { UNIT_CODES } from '../../domain/units';

export const OUTCOMES = ['pass', 'fail', 'na'] as const;
export type Outcome = (typeof OUTCOMES)[number];

const Text = (max: number) => z.string().trim().max(max);
const Count = z.number().int().min(0).max(100_000);

/** One checklist item: what to check, how, and whether evidence (a photo) is required. */
export const ChecklistItem = z.object({
  text: Text(300).min(1),
  guidance: Text(2000).default(''),
  evidenceRequired: z.boolean().default(false),
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;
const Items = z.array(ChecklistItem).max(200);

// ---------------------------------------------------------------- settings

export const SettingsResponse = z.object({ coverThresholdDays: z.number().int(), version: z.number().int() });
export type SettingsResponse = z.infer<typeof SettingsResponse>;
export const PutSettingsBody = z.object({ coverThresholdDays: z.number().int().min(1).max(365), version: Version });
export type PutSettingsBody = z.infer<typeof PutSettingsBody>;

// ---------------------------------------------------------------- standards

export const CreateStandardBody = z.object({ title: Text(200).min(1), items: Items.default([]) });
export type CreateStandardBody = z.infer<typeof CreateStandardBody>;
export const PutDraftBody = z.object({ title: Text(200).min(1), items: Items, version: Version });
export type PutDraftBody = z.infer<typeof PutDraftBody>;
export const PublishBody = z.object({ version: Version });

const VersionSummary = z.object({ id: z.number().int(), number: z.number().int(), publishedAt: z.string() });
export const StandardVersionResponse = VersionSummary.extend({
  standardId: z.number().int(),
  title: z.string(),
  items: z.array(z.object({ position: z.number().int(), text: z.string(), guidance: z.string(), evidenceRequired: z.boolean() })),
});
export type StandardVersionResponse = z.infer<typeof StandardVersionResponse>;

export const StandardSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  /** The latest published version (what members inspect against), null before the first. */
  current: VersionSummary.nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export const StandardList = z.object({ items: z.array(StandardSummary) });
export const StandardResponse = StandardSummary.extend({
  draft: z.object({ title: z.string(), items: z.array(ChecklistItem) }),
  /** Whether the draft differs from the current version. */
  draftChanged: z.boolean(),
  versions: z.array(VersionSummary),
  currentItems: StandardVersionResponse.shape.items,
});
export type StandardResponse = z.infer<typeof StandardResponse>;

// ---------------------------------------------------------------- inspections

export const SubmitInspectionBody = z.object({
  enterpriseId: Id,
  standardId: Id,
  /** The version number the form was filled against: must still be the current one (else 409). */
  versionNumber: z.number().int().min(1).max(INT32_MAX),
  inspectedOn: isoDate,
  note: Text(2000).default(''),
  answers: z.array(z.object({ position: z.number().int().min(0).max(199), outcome: z.enum(OUTCOMES), note: Text(1000).default('') })).min(1).max(200),
});
export type SubmitInspectionBody = z.infer<typeof SubmitInspectionBody>;

export const ListInspectionsQuery = Paging.extend({ enterpriseId: IdText.optional(), standardId: IdText.optional() });
export type ListInspectionsQuery = z.infer<typeof ListInspectionsQuery>;

const InspectionSummary = z.object({
  id: z.number().int(),
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  standard: z.object({ id: z.number().int(), title: z.string(), versionId: z.number().int(), versionNumber: z.number().int() }),
  inspectedOn: z.string(),
  failedCount: z.number().int(),
  createdAt: z.string(),
});
export const InspectionPage = pageOf(InspectionSummary);
export const InspectionResponse = InspectionSummary.extend({
  note: z.string(),
  answers: z.array(z.object({ position: z.number().int(), text: z.string(), evidenceRequired: z.boolean(), outcome: z.enum(OUTCOMES), note: z.string(), ticketId: z.number().int().nullable() })),
});
export type InspectionResponse = z.infer<typeof InspectionResponse>;

// ---------------------------------------------------------------- trainings

export const CreateTrainingBody = z.object({
  topic: Text(200).min(1),
  heldOn: isoDate,
  place: Text(200).default(''),
  attendees: z.array(z.object({ enterpriseId: Id, expected: Count.min(1) })).max(500).default([]),
});
export type CreateTrainingBody = z.infer<typeof CreateTrainingBody>;
export const AttendanceBody = z.object({ version: Version, attendance: z.array(z.object({ enterpriseId: Id, attended: Count })).min(1).max(500) });
export type AttendanceBody = z.infer<typeof AttendanceBody>;
export const ListTrainingsQuery = Paging;

export const TrainingResponse = z.object({
  id: z.number().int(),
  topic: z.string(),
  heldOn: z.string(),
  place: z.string(),
  attendees: z.array(z.object({ enterprise: z.object({ id: z.number().int(), name: z.string() }), expected: z.number().int(), attended: z.number().int().nullable() })),
  expectedTotal: z.number().int(),
  attendedTotal: z.number().int(),
  createdAt: z.string(),
  version: z.number().int(),
});
export type TrainingResponse = z.infer<typeof TrainingResponse>;
export const TrainingPage = pageOf(TrainingResponse);

// ---------------------------------------------------------------- supplies

const Amount = z.number().int().min(0).max(INT32_MAX);
export const CreateSupplyBody = z.object({
  enterpriseId: Id,
  name: Text(100).min(1),
  unit: z.enum(UNIT_CODES),
  /** Integer base units of the unit's dimension (2.5 kg is 2500). */
  stockAmount: Amount,
  dailyUseAmount: Amount,
});
export type CreateSupplyBody = z.infer<typeof CreateSupplyBody>;
export const UpdateSupplyBody = z.object({ stockAmount: Amount, dailyUseAmount: Amount, version: Version });
export type UpdateSupplyBody = z.infer<typeof UpdateSupplyBody>;
export const ListSuppliesQuery = z.object({ enterpriseId: IdText.optional(), flaggedOnly: z.enum(['true', 'false']).optional() });

export const SupplyResponse = z.object({
  id: z.number().int(),
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  name: z.string(),
  unit: z.enum(UNIT_CODES),
  stockAmount: z.number().int(),
  dailyUseAmount: z.number().int(),
  /** Whole days the stock lasts at the daily use; null when nothing is used. */
  coverDays: z.number().int().nullable(),
  flagged: z.boolean(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type SupplyResponse = z.infer<typeof SupplyResponse>;

export const FirmCover = z.object({
  enterprise: z.object({ id: z.number().int(), name: z.string() }),
  /** The shortest cover of the firm's supplies (null: none recorded or none used). */
  coverDays: z.number().int().nullable(),
  /** The days of cover the firm gave in its latest daily report (resumption report). */
  reportedCoverDays: z.number().nullable(),
  flagged: z.boolean(),
  /** The open group purchase the firm was invited to, if any. */
  invitedCampaignId: z.number().int().nullable(),
});
export const SupplyList = z.object({
  thresholdDays: z.number().int(),
  /** The open group purchase flagged firms are invited to (the one closing first), if any. */
  openCampaign: z.object({ id: z.number().int(), title: z.string(), pledgeDeadline: z.string() }).nullable(),
  firms: z.array(FirmCover),
  items: z.array(SupplyResponse),
});
export type SupplyList = z.infer<typeof SupplyList>;

/** The open group purchase to invite flagged firms to. */
export const InviteBody = z.object({ campaignId: Id });
export const InviteResponse = z.object({ campaignId: z.number().int().nullable(), invited: z.array(z.number().int()) });
