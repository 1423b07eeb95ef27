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
  HOME_DELIVERY: { zh: '送货上门', en: 'Home delivery' },
  MEDICINE_RUN: { zh: '代购药品', en: 'Medicine run' },
  MEAL_DELIVERY: { zh: '送餐上门', en: 'Meal delivery' },
  HOME_SAMPLING: { zh: '上门采样', en: 'Door-to-door sampling' },
  RUBBISH_COLLECTION: { zh: '垃圾清运', en: 'Rubbish collection' },
  HOME_VISIT: { zh: '上门探访', en: 'Home visit' },
};

export function dutyLabel(duty: string | null, language: 'ZH' | 'EN' = 'ZH'): string {
  if (duty == null) return language === 'ZH' ? '时长更正' : 'Adjustment';
  const label = DUTY_LABELS[duty as DutyType];
  return label ? (language === 'ZH' ? label.zh : label.en) : duty;
}
