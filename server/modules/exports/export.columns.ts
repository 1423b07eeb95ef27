import type { ExportLanguage } from './export.type';

type Headers = Record<ExportLanguage, string[]>;

/** Column headers of every export, Chinese first (the default) and English. */
export const HEADERS = {
  tally: { ZH: ['分组', '名称', '时长（小时）', '人次', '人数'], EN: ['Key', 'Label', 'Hours', 'Person-times', 'Volunteers'] },
  volunteerTotals: { ZH: ['志愿者编号', '姓名', '手机号', '时长（小时）', '人次'], EN: ['Volunteer id', 'Name', 'Mobile', 'Hours', 'Person-times'] },
  roster: {
    ZH: ['岗位', '服务项目', '网格', '开始', '结束', '姓名', '手机号', '状态', '签到', '签退', '时长（小时）'],
    EN: ['Shift', 'Duty', 'Grid', 'Starts', 'Ends', 'Name', 'Mobile', 'Status', 'Checked in', 'Checked out', 'Hours'],
  },
  certificateRegister: {
    ZH: ['证书编号', '姓名', '服务开始', '服务结束', '时长（小时）', '人次', '出具日期', '已被取代', '内容摘要'],
    EN: ['Number', 'Name', 'Period from', 'Period to', 'Hours', 'Person-times', 'Issued on', 'Superseded', 'Content hash'],
  },
  correctionReport: { ZH: ['日期', '服务项目', '服务地点', '时长（小时）', '人次', '备注'], EN: ['Date', 'Duty', 'Place', 'Hours', 'Person-times', 'Note'] },
} satisfies Record<string, Headers>;

export const STATUS_LABELS: Record<string, string> = {
  ASSIGNED: '已排班', WAITLISTED: '候补', CHECKED_IN: '已签到', COMPLETED: '已完成', NO_SHOW: '缺勤', CANCELLED: '已取消',
};

/** A time as Asia/Shanghai wall clock, YYYY-MM-DD HH:MM. */
export function shanghaiClock(at: Date | string | null): string {
  if (at == null) return '';
  return new Date(new Date(at).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}
