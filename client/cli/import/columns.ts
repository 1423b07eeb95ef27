/** The fields a volunteer sheet may carry, and the column headers people give them. */
export const FIELDS = ['name', 'mobile', 'idNumber', 'partyMember', 'skills', 'grid', 'team'] as const;
export type Field = (typeof FIELDS)[number];

const ALIASES: Record<Field, string[]> = {
  name: ['姓名', '名字', '志愿者姓名', '人员姓名', 'name', 'fullname', 'volunteer'],
  mobile: ['手机号', '手机', '手机号码', '联系电话', '电话', '电话号码', '联系方式', '移动电话', 'mobile', 'phone', 'mobilenumber', 'phonenumber', 'tel', 'cellphone'],
  idNumber: ['身份证号', '身份证', '身份证号码', '公民身份号码', '证件号码', '身份证件号码', 'idnumber', 'id', 'idcard', 'residentid'],
  partyMember: ['党员', '是否党员', '中共党员', '政治面貌', 'partymember', 'party', 'cpcmember'],
  skills: ['技能', '特长', '专长', '技能特长', 'skills', 'skill', 'specialties'],
  grid: ['网格', '所属网格', '居住网格', '网格名称', 'grid', 'homegrid'],
  team: ['团队', '队伍', '所属团队', '志愿队', '服务队', '团队名称', 'team'],
};

/** A header as compared: width, case, spaces, required-marks (*, （必填）) and punctuation do not matter. */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[(（][^)）]*[)）]/g, '').replace(/[\s*_\-:：.]/g, '');
}

const BY_ALIAS = new Map(FIELDS.flatMap((field) => ALIASES[field].map((alias) => [headerKey(alias), field] as const)));

export interface ColumnMap {
  /** Column index of each field found. */
  index: Partial<Record<Field, number>>;
  /** Headers no field claims: reported, not imported. */
  unknown: string[];
}

/** `--map "联系电话=mobile,队=team"`: a header → field for the columns not recognized by name. */
export function parseMap(spec: string | undefined): Map<string, Field> {
  const map = new Map<string, Field>();
  for (const pair of (spec ?? '').split(/[,，]/).map((p) => p.trim()).filter(Boolean)) {
    const [header, field] = pair.split('=').map((s) => s.trim());
    const known = FIELDS.find((f) => f.toLowerCase() === field?.toLowerCase());
    if (!header || !known) throw new Error(pair);
    map.set(headerKey(header), known);
  }
  return map;
}

export function mapColumns(header: string[], explicit: Map<string, Field>): ColumnMap {
  const index: Partial<Record<Field, number>> = {};
  const unknown: string[] = [];
  header.forEach((text, i) => {
    if (text.trim() === '') return;
    const field = explicit.get(headerKey(text)) ?? BY_ALIAS.get(headerKey(text));
    if (field && index[field] == null) index[field] = i;
    else unknown.push(text);
  });
  return { index, unknown };
}
