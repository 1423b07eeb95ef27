import type { DutyType } from '../shifts/shift.type';

/** How a duty is written on certificates, reports and Chinese exports. */
export const DUTY_LABELS: Record<DutyType, { zh: string; en: string }> = {
  NUCLEIC_ACID_SAMPLING: { zh: '核酸采样', en: 'Nucleic-acid sampling' },
  CHECKPOINT: { zh: '卡口值守', en: 'Checkpoint' },
  SUPPLY_DELIVERY: { zh: '物资配送', en: 'Supply delivery' },
  DOOR_TO_DOOR: { zh: '上门服务', en: 'Door-to-door' },
  PUBLICITY: { zh: '宣传引导', en: 'Publicity' },
  PATROL: { zh: '巡逻', en: 'Patrol' },
  DISINFECTION: { zh: '消杀', en: 'Disinfection' },
  HOTLINE: { zh: '热线服务', en: 'Hotline' },
  ELDERLY_CARE: { zh: '关爱老人', en: 'Elderly care' },
  MEDIATION: { zh: '矛盾调解', en: 'Mediation' },
  OTHER: { zh: '其他', en: 'Other' },
};

export function dutyLabel(duty: string | null, language: 'ZH' | 'EN' = 'ZH'): string {
  if (duty == null) return language === 'ZH' ? '时长更正' : 'Adjustment';
  const label = DUTY_LABELS[duty as DutyType];
  return label ? (language === 'ZH' ? label.zh : label.en) : duty;
}
