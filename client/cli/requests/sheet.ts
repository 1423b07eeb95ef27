import { createHash } from 'node:crypto';
import type { ServiceRequestKind, ServiceRequestRowInput, Urgency } from '../../sdk';
import { columnsOf, type ColumnMap } from '../import/columns';
import { text } from '../import/cells';
import type { Cell } from '../import/read-sheet';

/** The columns of a day's order sheet (网格员's 订单登记表), in Chinese and English. */
export const REQUEST_COLUMNS = columnsOf({
  building: ['楼栋', '楼号', '楼宇', '网格', '小区楼栋', '所属网格', 'building', 'grid'],
  address: ['门牌', '门牌号', '房号', '地址', '住址', '住户', '户号', 'address', 'unit', 'household'],
  kind: ['类型', '需求类型', '服务类型', '需求', '服务', 'kind', 'type', 'service'],
  items: ['物品', '物资', '清单', '物品清单', '商品', '订购物品', 'items', 'goods'],
  package: ['套餐', '套餐价格', '价格', '金额', '套餐金额', 'package', 'price'],
  paid: ['已付', '已付款', '是否付款', '付款', '付款情况', 'paid'],
  urgency: ['紧急程度', '紧急', '缓急', 'urgency', 'priority'],
  window: ['时段', '配送时段', '送达时段', '时间段', '上门时间', 'window', 'timewindow'],
  details: ['说明', '备注', '需求说明', '具体需求', 'details', 'note', 'notes'],
  people: ['人数', '服务人数', '户内人数', 'people', 'persons'],
  skills: ['所需技能', '技能', 'skills', 'requiredskills'],
  collectedAt: ['登记时间', '下单时间', '收集时间', '接单时间', 'collectedat', 'collected', 'ordertime'],
});
export type RequestField = (typeof REQUEST_COLUMNS.fields)[number];

const KINDS: Record<string, ServiceRequestKind> = {
  送货: 'HOME_DELIVERY', 送货上门: 'HOME_DELIVERY', 物资: 'HOME_DELIVERY', 代购: 'HOME_DELIVERY', 生活物资: 'HOME_DELIVERY', 配送: 'HOME_DELIVERY',
  送药: 'MEDICINE_RUN', 药品: 'MEDICINE_RUN', 代购药品: 'MEDICINE_RUN', 买药: 'MEDICINE_RUN', 配药: 'MEDICINE_RUN',
  送餐: 'MEAL_DELIVERY', 餐食: 'MEAL_DELIVERY', 助餐: 'MEAL_DELIVERY',
  上门采样: 'HOME_SAMPLING', 采样: 'HOME_SAMPLING', 核酸: 'HOME_SAMPLING', 核酸采样: 'HOME_SAMPLING',
  垃圾清运: 'RUBBISH_COLLECTION', 垃圾: 'RUBBISH_COLLECTION', 收垃圾: 'RUBBISH_COLLECTION',
  探访: 'HOME_VISIT', 上门探访: 'HOME_VISIT', 走访: 'HOME_VISIT', 看望: 'HOME_VISIT',
};
const URGENCIES: Record<string, Urgency> = { 普通: 'ROUTINE', 一般: 'ROUTINE', 紧急: 'URGENT', 加急: 'URGENT', 急: 'URGENT', 特急: 'EMERGENCY', 当天: 'EMERGENCY', 急救: 'EMERGENCY' };
const ENUM_KINDS: ServiceRequestKind[] = ['HOME_DELIVERY', 'MEDICINE_RUN', 'MEAL_DELIVERY', 'HOME_SAMPLING', 'RUBBISH_COLLECTION', 'HOME_VISIT'];
const ENUM_URGENCIES: Urgency[] = ['ROUTINE', 'URGENT', 'EMERGENCY'];
const YES = new Set(['是', '已付', '已付款', '√', '✓', 'y', 'yes', 'true', '1', 'paid']);
const NO = new Set(['否', '未付', '未付款', '×', 'n', 'no', 'false', '0', '']);

/** Why the command line refused an order row itself (the server's reasons come back per row). */
export type OrderProblem = 'BUILDING_MISSING' | 'ADDRESS_MISSING' | 'KIND_UNKNOWN' | 'URGENCY_UNKNOWN' | 'PACKAGE_NOT_A_PRICE' | 'PAID_UNKNOWN'
  | 'WINDOW_FORMAT' | 'PEOPLE_NOT_A_NUMBER' | 'COLLECTED_AT_FORMAT' | 'GRID_UNKNOWN' | 'GRID_AMBIGUOUS';

/** A kind as people write it: 送药, 代购药品, MEDICINE_RUN, medicine-run. */
export function kindOf(value: string): ServiceRequestKind | undefined {
  const v = value.normalize('NFKC').trim();
  const upper = v.toUpperCase().replace(/[\s-]/g, '_') as ServiceRequestKind;
  return KINDS[v] ?? (ENUM_KINDS.includes(upper) ? upper : undefined);
}

export function urgencyOf(value: string): Urgency | undefined {
  const v = value.normalize('NFKC').trim();
  if (v === '') return 'ROUTINE';
  const upper = v.toUpperCase() as Urgency;
  return URGENCIES[v] ?? (ENUM_URGENCIES.includes(upper) ? upper : undefined);
}

/** 09:00-12:00, 9:00～12:00, 9点-12点: the window's start and end as HH:MM. */
export function windowOf(value: string): { windowFrom: string; windowTo: string } | null | undefined {
  const v = value.normalize('NFKC').replace(/点/g, ':00').replace(/\s/g, '');
  if (v === '') return null;
  const match = /^(\d{1,2}):(\d{2})[-~～至到](\d{1,2}):(\d{2})$/.exec(v);
  if (!match) return undefined;
  const hhmm = (h: string, m: string) => `${h.padStart(2, '0')}:${m}`;
  return { windowFrom: hhmm(match[1], match[2]), windowTo: hhmm(match[3], match[4]) };
}

/** 30, 30元, ¥50, 50.00: yuan. */
function priceOf(cell: Cell): number | null | undefined {
  if (typeof cell === 'number') return cell;
  const v = text(cell).normalize('NFKC').replace(/[元¥￥\s]|rmb|yuan/gi, '');
  if (v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function paidOf(cell: Cell): boolean | undefined {
  if (typeof cell === 'boolean') return cell;
  const v = text(cell).normalize('NFKC').toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  return undefined;
}

function collectedAtOf(cell: Cell): string | null | undefined {
  if (cell instanceof Date) return cell.toISOString();
  const v = text(cell).normalize('NFKC');
  if (v === '') return null;
  // A time without a zone is Asia/Shanghai's, as the registrar wrote it.
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})$/.exec(v);
  if (!iso) return undefined;
  const [, y, mo, d, h, mi] = iso;
  return new Date(`${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}T${h.padStart(2, '0')}:${mi}:00+08:00`).toISOString();
}

const list = (cell: Cell) => text(cell).split(/[,，、;；/|]+/).map((s) => s.trim()).filter(Boolean);

/** One order as read from the sheet (the building still by name), or the field and reason it cannot be. */
export type OrderDraft =
  | { ok: true; building: string; row: Omit<ServiceRequestRowInput, 'gridId' | 'orderKey'> }
  | { ok: false; field: RequestField; problem: OrderProblem; value: string };

export function orderDraft(cells: Cell[], columns: ColumnMap<RequestField>): OrderDraft {
  const at = (field: RequestField): Cell => (columns.index[field] == null ? null : cells[columns.index[field]!] ?? null);
  const fail = (field: RequestField, problem: OrderProblem): OrderDraft => ({ ok: false, field, problem, value: text(at(field)) });
  const building = text(at('building'));
  if (!building) return fail('building', 'BUILDING_MISSING');
  const address = text(at('address'));
  if (!address) return fail('address', 'ADDRESS_MISSING');
  const kind = kindOf(text(at('kind')));
  if (!kind) return fail('kind', 'KIND_UNKNOWN');
  const urgency = urgencyOf(text(at('urgency')));
  if (!urgency) return fail('urgency', 'URGENCY_UNKNOWN');
  const packagePrice = priceOf(at('package'));
  if (packagePrice === undefined) return fail('package', 'PACKAGE_NOT_A_PRICE');
  const paid = paidOf(at('paid'));
  if (paid === undefined) return fail('paid', 'PAID_UNKNOWN');
  const window = windowOf(text(at('window')));
  if (window === undefined) return fail('window', 'WINDOW_FORMAT');
  const peopleText = text(at('people'));
  const people = peopleText ? Number(peopleText) : 1;
  if (!Number.isInteger(people)) return fail('people', 'PEOPLE_NOT_A_NUMBER');
  const collectedAt = collectedAtOf(at('collectedAt'));
  if (collectedAt === undefined) return fail('collectedAt', 'COLLECTED_AT_FORMAT');
  const details = text(at('details')) || null;
  return {
    ok: true, building,
    row: { address, kind, urgency, packagePrice, paid, people, details, items: list(at('items')), requiredSkills: list(at('skills')), collectedAt, ...(window ?? {}) },
  };
}

/**
 * The order's key: what it says (grid, address, kind, items, package, window, details, the day it
 * was collected) and how many identical orders came before it on the sheet. Running the sheet again
 * gives every row the same key, so the API records nothing twice; two identical orders stay two.
 */
export function orderKey(gridId: string, row: Omit<ServiceRequestRowInput, 'gridId' | 'orderKey'>, collectedDay: string, occurrence: number): string {
  const said = JSON.stringify([gridId, row.address, row.kind, row.urgency, row.items, row.packagePrice, row.paid, row.people, row.details, row.windowFrom ?? null, row.windowTo ?? null, row.requiredSkills, collectedDay]);
  return `sheet:${createHash('sha256').update(said).digest('base64url').slice(0, 32)}:${occurrence}`;
}
