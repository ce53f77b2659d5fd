// The demo county: a fictional county generated from a seed. Boundaries come from one jittered lattice,
// so neighbouring grids, villages and townships share their edges exactly and never overlap.
import { pick, seededRandom } from './random.ts';

export type Ring = [number, number][];

export interface DemoGrid { code: string; name: string; ring: Ring; member: DemoPerson }
export interface DemoVillage { code: string; name: string; ring: Ring; grids: DemoGrid[] }
export interface DemoTownship { code: string; name: string; ring: Ring; villages: DemoVillage[] }
export interface DemoPerson { name: string; phone: string }
export interface DemoCounty {
  code: string;
  name: string;
  ring: Ring;
  townships: DemoTownship[];
  staff: { commander: DemoPerson; dutyOfficers: [DemoPerson, DemoPerson]; admin: DemoPerson; townshipOperators: DemoPerson[] };
}

const TOWNSHIP_NAMES = ['城关镇', '青石镇', '河口乡', '松林乡', '白沙镇', '龙泉镇', '新华乡', '石门镇', '柳溪乡', '桃源镇', '凤鸣乡', '云岭镇', '清水乡'];
const PLACE_CHARS = '安平和丰福康泰兴隆盛昌宁永嘉顺德华阳明光清秀文武金银玉石松柏杉竹梅兰桂荷溪河塘湾坝坪岗岭山坡沟田湖泉水林';
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭';
const GIVEN_CHARS = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建红志国立新海波宁春燕梅晓文斌辉俊鹏飞雪琳';

// Lattice: 47 × 45 cells ≈ 2,115 grids. Rows split into three bands of townships (4, 5, 4 across).
const COLS = 47;
const ROWS = 45;
const BANDS = [4, 5, 4];
const VILLAGES_PER_TOWNSHIP = [12, 12, 11, 12, 11, 12, 11, 12, 11, 12, 11, 12, 11]; // = 150
const ORIGIN: [number, number] = [101.9, 24.8];
const CELL: [number, number] = [0.012, 0.01]; // ≈ 1.2 km × 1.1 km

/** Splits n into k parts that differ by at most one, with a seeded wobble. */
function split(n: number, k: number, rand: () => number): number[] {
  const parts = Array.from({ length: k }, (_, i) => Math.floor(n / k) + (i < n % k ? 1 : 0));
  for (let i = 0; i + 1 < k; i++) {
    const shift = Math.floor(rand() * 3) - 1;
    if ((parts[i] as number) + shift >= 2 && (parts[i + 1] as number) - shift >= 2) {
      parts[i] = (parts[i] as number) + shift;
      parts[i + 1] = (parts[i + 1] as number) - shift;
    }
  }
  return parts;
}

function offsets(parts: number[]): number[] {
  const out = [0];
  for (const p of parts) out.push((out[out.length - 1] as number) + p);
  return out;
}

/** Two factors a × b = n closest to the block's aspect ratio. */
function arrange(n: number, w: number, h: number): [number, number] {
  let best: [number, number] = [n, 1];
  let bestScore = Infinity;
  for (let a = 1; a <= n; a++) {
    if (n % a) continue;
    const b = n / a;
    const score = Math.abs(Math.log(w / a / (h / b)));
    if (score < bestScore && a <= w && b <= h) [best, bestScore] = [[a, b], score];
  }
  return best;
}

export function generateDemoCounty(seed = 2026): DemoCounty {
  const rand = seededRandom(seed);
  const vertex: [number, number][][] = [];
  for (let y = 0; y <= ROWS; y++) {
    const row: [number, number][] = [];
    for (let x = 0; x <= COLS; x++) {
      const jx = (rand() - 0.5) * 0.5;
      const jy = (rand() - 0.5) * 0.5;
      row.push([round6(ORIGIN[0] + (x + jx) * CELL[0]), round6(ORIGIN[1] + (y + jy) * CELL[1])]);
    }
    vertex.push(row);
  }
  const at = (x: number, y: number): [number, number] => (vertex[y] as [number, number][])[x] as [number, number];
  const ringOf = (x0: number, y0: number, x1: number, y1: number): Ring => {
    const ring: Ring = [];
    for (let x = x0; x < x1; x++) ring.push(at(x, y0));
    for (let y = y0; y < y1; y++) ring.push(at(x1, y));
    for (let x = x1; x > x0; x--) ring.push(at(x, y1));
    for (let y = y1; y > y0; y--) ring.push(at(x0, y));
    ring.push(at(x0, y0));
    return ring;
  };

  const usedNames = new Set<string>();
  const placeName = (suffix: string): string => {
    for (;;) {
      const name = pick(rand, [...PLACE_CHARS]) + pick(rand, [...PLACE_CHARS]) + suffix;
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
  };
  const person = (): DemoPerson => ({
    name: pick(rand, [...SURNAMES]) + pick(rand, [...GIVEN_CHARS]) + (rand() < 0.6 ? pick(rand, [...GIVEN_CHARS]) : ''),
    phone: '139' + String(Math.floor(rand() * 1e8)).padStart(8, '0'),
  });

  const code = '530999';
  const townships: DemoTownship[] = [];
  const bandRows = offsets(split(ROWS, BANDS.length, rand));
  BANDS.forEach((count, band) => {
    const cols = offsets(split(COLS, count, rand));
    const [y0, y1] = [bandRows[band] as number, bandRows[band + 1] as number];
    for (let t = 0; t < count; t++) {
      const index = townships.length;
      const [x0, x1] = [cols[t] as number, cols[t + 1] as number];
      const tCode = `${code}${String(index + 1).padStart(3, '0')}`;
      const nVillages = VILLAGES_PER_TOWNSHIP[index] as number;
      const [a, b] = arrange(nVillages, x1 - x0, y1 - y0);
      const vx = offsets(split(x1 - x0, a, rand)).map((o) => x0 + o);
      const vy = offsets(split(y1 - y0, b, rand)).map((o) => y0 + o);
      const villages: DemoVillage[] = [];
      const urban = index === 0;
      for (let j = 0; j < b; j++) {
        for (let i = 0; i < a; i++) {
          const vCode = `${tCode}${String(villages.length + 1).padStart(3, '0')}`;
          const vName = placeName(urban && villages.length < 4 ? '社区' : '村');
          const grids: DemoGrid[] = [];
          for (let gy = vy[j] as number; gy < (vy[j + 1] as number); gy++) {
            for (let gx = vx[i] as number; gx < (vx[i + 1] as number); gx++) {
              const n = grids.length + 1;
              grids.push({ code: `${vCode}${String(n).padStart(2, '0')}`, name: `${vName}第${n}网格`, ring: ringOf(gx, gy, gx + 1, gy + 1), member: person() });
            }
          }
          villages.push({ code: vCode, name: vName, ring: ringOf(vx[i] as number, vy[j] as number, vx[i + 1] as number, vy[j + 1] as number), grids });
        }
      }
      townships.push({ code: tCode, name: TOWNSHIP_NAMES[index] as string, ring: ringOf(x0, y0, x1, y1), villages });
    }
  });

  return {
    code,
    name: '青岚县',
    ring: ringOf(0, 0, COLS, ROWS),
    townships,
    staff: {
      commander: person(),
      dutyOfficers: [person(), person()],
      admin: person(),
      townshipOperators: townships.map(() => person()),
    },
  };
}

function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}
