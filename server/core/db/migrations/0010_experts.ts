/**
 * Volunteer experts (爱心科技人): the specialty taxonomy the platform admin maintains, expert
 * profiles (city-wide, keyed by user), consultations started from a problem ticket with the
 * experts assigned to them, the online conversation with read markers, and on-site joint visits
 * with their experts, check-ins and reports.
 *
 * The default specialty taxonomy is shipped as data here (the platform admin edits it later).
 *
 * Depends only on 0001 (users, alliances, enterprises) and 0002 (tickets). Frozen once shipped:
 * never import application code here. Same portable conventions as 0001: ISO-8601 UTC text
 * timestamps, `YYYY-MM-DD` text dates, 0/1 booleans, JSON as text.
 */
import type { Kysely } from 'kysely';
import { columnTypes } from '../column-types';

/** The default taxonomy: code, Chinese and English names, words that describe it (for the text fit). */
const SPECIALTIES: [string, string, string, string][] = [
  ['injection_moulding', '注塑成型', 'Injection moulding', '注塑 注塑机 模具 塑料 缩痕 飞边 保压 螺杆 料筒 成型'],
  ['cnc_machining', '数控加工', 'CNC machining', '数控 机床 加工中心 车床 铣床 刀具 主轴 精度 编程'],
  ['plc_automation', 'PLC与自动化', 'PLC and automation', 'PLC 自动化 伺服 变频器 触摸屏 传感器 控制 报警 程序 机器人'],
  ['pneumatics_hydraulics', '气动与液压', 'Pneumatics and hydraulics', '气动 液压 气缸 电磁阀 油缸 油泵 密封 漏气 漏油 压力 气源'],
  ['mask_nonwoven', '口罩机与无纺布设备', 'Mask and nonwoven machines', '口罩 口罩机 熔喷 熔喷布 无纺布 超声波 焊接 耳带 纺粘'],
  ['leather_shoe', '皮革与制鞋机械', 'Leather and shoe machinery', '皮革 制鞋 片皮机 削匀机 转鼓 鞋底 鞋面 成型 缝纫 鞣制'],
  ['refrigeration', '制冷与冷链', 'Refrigeration and cold chain', '制冷 冷链 冷库 压缩机 冷凝器 温控 速冻 冷藏'],
  ['electrical', '电气', 'Electrical', '电气 电机 配电 电路 变压器 短路 跳闸 接线 电柜'],
  ['quality', '质量管理', 'Quality', '质量 检测 质检 标准 认证 不良率 公差 检验'],
  ['process', '工艺', 'Process engineering', '工艺 流程 参数 良率 效率 节拍 产线 平衡 换线'],
  ['logistics', '物流', 'Logistics', '物流 仓储 运输 配送 叉车 调度 车辆'],
  ['welding', '焊接', 'Welding', '焊接 焊机 焊缝 激光 氩弧焊'],
  ['maintenance', '设备维修', 'Equipment maintenance', '维修 故障 保养 轴承 润滑 异响 振动 停机 设备'],
  ['food_processing', '食品与水产加工', 'Food and seafood processing', '食品 水产 加工 杀菌 包装 冷冻 鱼'],
  ['textile', '纺织机械', 'Textile machinery', '纺织 织机 纺纱 印染 针织'],
];

export async function up(db: Kysely<any>): Promise<void> {
  const t = columnTypes(db);

  await db.schema
    .createTable('expert_specialties')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    /** Words that describe the specialty (Chinese and English), used by the ranking's text fit. */
    .addColumn('keywords', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('expert_profiles')
    .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    /** Two-digit GB/T 4754 divisions, JSON array of strings. */
    .addColumn('industries_json', 'text', (c) => c.notNull().defaultTo('[]'))
    /** GB/T 2260 district codes the expert travels to, JSON array. */
    .addColumn('districts_json', 'text', (c) => c.notNull().defaultTo('[]'))
    /** Days of the week the expert is available, 0 = Sunday … 6 = Saturday, JSON array. */
    .addColumn('availability_json', 'text', (c) => c.notNull().defaultTo('[1,2,3,4,5]'))
    .addColumn('max_cases', 'integer', (c) => c.notNull().defaultTo(3))
    .addColumn('verified', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('paused', 'integer', (c) => c.notNull().defaultTo(0))
    /** Cases solved before joining the platform, free text (Chinese): feeds the text fit. */
    .addColumn('past_cases', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable('expert_profile_specialties')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('expert_profiles.user_id').onDelete('cascade'))
    .addColumn('specialty_id', 'integer', (c) => c.notNull().references('expert_specialties.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('expert_profile_specialties_pk', ['user_id', 'specialty_id'])
    .execute();
  await db.schema.createIndex('expert_profile_specialties_specialty_idx').on('expert_profile_specialties').column('specialty_id').execute();

  await db.schema
    .createTable('consultations')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('alliance_id', 'integer', (c) => c.notNull().references('alliances.id').onDelete('cascade'))
    .addColumn('ticket_id', 'integer', (c) => c.notNull().unique().references('tickets.id').onDelete('cascade'))
    .addColumn('enterprise_id', 'integer', (c) => c.notNull().references('enterprises.id').onDelete('cascade'))
    .addColumn('specialty_id', 'integer', (c) => c.references('expert_specialties.id').onDelete('set null'))
    .addColumn('machine', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('symptoms', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('experts_needed', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull()) // open | active | closed | cancelled
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    /** First message or acceptance by an expert (response time). */
    .addColumn('first_response_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('rating', 'integer')
    .addColumn('rating_comment', 'text')
    .addColumn('rated_at', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('consultations_alliance_idx').on('consultations').columns(['alliance_id', 'status']).execute();
  await db.schema.createIndex('consultations_enterprise_idx').on('consultations').column('enterprise_id').execute();

  await db.schema
    .createTable('consultation_experts')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('expert_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull()) // proposed | accepted | declined | withdrawn
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reasons_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('assigned_by', 'integer', (c) => c.references('users.id'))
    .addColumn('assigned_at', 'text', (c) => c.notNull())
    .addColumn('responded_at', 'text')
    .addColumn('decline_reason', 'text')
    .execute();
  await db.schema.createIndex('consultation_experts_consultation_idx').on('consultation_experts').column('consultation_id').execute();
  await db.schema.createIndex('consultation_experts_expert_idx').on('consultation_experts').columns(['expert_user_id', 'status']).execute();

  await db.schema
    .createTable('consultation_messages')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('author_user_id', 'integer', (c) => c.references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
    /** Ids of the linked ticket's attachments shown with the message, JSON array. */
    .addColumn('attachment_ids_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('consultation_messages_consultation_idx').on('consultation_messages').columns(['consultation_id', 'id']).execute();

  await db.schema
    .createTable('consultation_reads')
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('last_read_message_id', 'integer', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('consultation_reads_pk', ['consultation_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('expert_visits')
    .addColumn('id', t.id, (c) => c.primaryKey())
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('follow_up_of', 'integer', (c) => c.references('expert_visits.id').onDelete('set null'))
    .addColumn('visit_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // scheduled | checked_in | reported | cancelled
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('findings', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('parts_needed', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('follow_ups', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reported_by', 'integer', (c) => c.references('users.id'))
    .addColumn('reported_at', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.createIndex('expert_visits_consultation_idx').on('expert_visits').column('consultation_id').execute();

  await db.schema
    .createTable('expert_visit_experts')
    .addColumn('visit_id', 'integer', (c) => c.notNull().references('expert_visits.id').onDelete('cascade'))
    .addColumn('expert_user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    /** Copied from the visit so a clash is one indexed lookup. */
    .addColumn('visit_date', 'text', (c) => c.notNull())
    .addColumn('checked_in_at', 'text')
    .addPrimaryKeyConstraint('expert_visit_experts_pk', ['visit_id', 'expert_user_id'])
    .execute();
  await db.schema.createIndex('expert_visit_experts_expert_idx').on('expert_visit_experts').columns(['expert_user_id', 'visit_date']).execute();

  const at = new Date().toISOString();
  await db.insertInto('expert_specialties').values(SPECIALTIES.map(([code, name_zh, name_en, keywords]) => ({ code, name_zh, name_en, keywords, created_at: at, updated_at: at }))).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['expert_visit_experts', 'expert_visits', 'consultation_reads', 'consultation_messages', 'consultation_experts', 'consultations', 'expert_profile_specialties', 'expert_profiles', 'expert_specialties']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
