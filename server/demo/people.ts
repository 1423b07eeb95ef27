/**
 * Fictional people: Minnan names, fictional mobile numbers (198 0595 …) and resident ID numbers
 * of Jinjiang (350582) with real birth dates and correct GB 11643 check characters. Seeded, so
 * every load of the demo produces the same people.
 */

/** Common surnames of Jinjiang and Quanzhou, the most common repeated to weight them. */
const SURNAMES = [...'陈陈陈陈林林林黄黄黄吴吴王王蔡蔡许许洪洪施施李李张郑苏庄杨柯曾丁郭翁刘颜粘骆卢谢'];
const GIVEN = [...'志明伟华建国文斌强军海艺晓琳丽婷雅嘉鑫宇泽锦辉燕芳秀玉金水清永福荣添聪俊杰思敏德彬钦育鸿峰婉珊佳惠秋宏远'];

/** mulberry32: a tiny deterministic generator; the demo needs repeatable, not secure, numbers. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11643 check character of the first 17 digits of a resident ID number. */
export function gb11643Check(first17: string): string {
  const sum = [...first17].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0);
  return '10X98765432'[sum % 11];
}

export interface Person {
  name: string;
  mobile: string;
  idNumber: string;
  partyMember: boolean;
  skills: string[];
}

export interface Traits {
  /** Share of Party members, or an exact number of the first people in the group. */
  party: number | { first: number };
  /** Skill tags, each with the chance a person has it. */
  skills: [string, number][];
  /** Birth years, inclusive. */
  born: [number, number];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Hands out people with platform-unique mobile and ID numbers, in a fixed order. */
export class PeopleFactory {
  private readonly random = seededRandom(20220408);
  private next = 1;

  /** Mobile number of the n-th person; 19805950999 is kept for the self-signed-up volunteer. */
  static mobile(n: number): string {
    return `1980595${pad(n, 4)}`;
  }

  person(traits: Traits, indexInGroup: number): Person {
    const n = this.next++;
    const party = typeof traits.party === 'number' ? this.random() < traits.party : indexInGroup < traits.party.first;
    const skills = traits.skills.filter(([, chance]) => this.random() < chance).map(([skill]) => skill);
    return { name: this.name(), mobile: PeopleFactory.mobile(n), idNumber: this.idNumber(traits.born, n), partyMember: party, skills };
  }

  group(traits: Traits, count: number): Person[] {
    return Array.from({ length: count }, (_, i) => this.person(traits, i));
  }

  private pick<T>(list: T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  /** Surname and a one- or two-character given name (never the same character twice). */
  private name(): string {
    const surname = this.pick(SURNAMES);
    const first = this.pick(GIVEN);
    if (this.random() < 0.2) return surname + first;
    let second = this.pick(GIVEN);
    while (second === first) second = this.pick(GIVEN);
    return surname + first + second;
  }

  /** 350582 (Jinjiang) + a real birth date + a sequence unique to this person + check character. */
  idNumber(born: [number, number], n: number): string {
    const year = born[0] + Math.floor(this.random() * (born[1] - born[0] + 1));
    const month = 1 + Math.floor(this.random() * 12);
    const day = 1 + Math.floor(this.random() * 28);
    const first17 = `350582${year}${pad(month, 2)}${pad(day, 2)}${pad(n % 1000, 3)}`;
    return first17 + gb11643Check(first17);
  }
}
