import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { Prng } from './random';

/**
 * What a demo file shows. Drawn at seed time from its description alone (shapes only, no
 * fonts, no network): the same description gives the same bytes on every run, so the
 * stored files keep their content-addressed keys.
 */
export type DemoPicture =
  /** A member's avatar: a symmetric pattern in colours of their own. */
  | { kind: 'avatar'; seed: string }
  /** A post's picture: a dashboard screenshot (PNG) or an exported bar chart (JPEG). */
  | { kind: 'chart'; seed: string; chart: 'dashboard' | 'seasonal-bars' }
  /** Golden Crown evidence: a scanned turnover statement with its stamp (PNG). */
  | { kind: 'statement'; seed: string }
  /** Golden Crown evidence: a one-page PDF statement (its standard fonts have no Chinese). */
  | { kind: 'statement-pdf'; companyName: string; turnoverCny: number; year: number };

/** The file's bytes, as a member would upload it (the upload pipeline re-encodes it). */
export async function drawPicture(picture: DemoPicture): Promise<Buffer> {
  switch (picture.kind) {
    case 'avatar':
      return rasterize(avatarSvg(prngOf(picture.seed)))
        .png()
        .toBuffer();
    case 'chart':
      return picture.chart === 'dashboard'
        ? rasterize(dashboardSvg(prngOf(picture.seed)))
            .png()
            .toBuffer()
        : rasterize(seasonalBarsSvg(prngOf(picture.seed)))
            .jpeg({ quality: 90 })
            .toBuffer();
    case 'statement':
      return rasterize(statementSvg(prngOf(picture.seed)))
        .png()
        .toBuffer();
    case 'statement-pdf':
      return statementPdf(picture);
  }
}

/** The extension a picture's bytes carry (the upload's file name must match them). */
export function extensionOf(picture: DemoPicture): 'png' | 'jpg' | 'pdf' {
  if (picture.kind === 'statement-pdf') return 'pdf';
  return picture.kind === 'chart' && picture.chart === 'seasonal-bars' ? 'jpg' : 'png';
}

function prngOf(seed: string): Prng {
  return new Prng(parseInt(createHash('sha256').update(seed).digest('hex').slice(0, 8), 16));
}

function rasterize(svg: string): sharp.Sharp {
  return sharp(Buffer.from(svg));
}

const svg = (width: number, height: number, body: string): string =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${body}</svg>`;

const rect = (x: number, y: number, w: number, h: number, fill: string, extra = ''): string =>
  `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="${fill}" ${extra}/>`;

/** 5 × 5 cells mirrored around the middle column, on a light background of the same hue. */
function avatarSvg(random: Prng): string {
  const hue = random.int(0, 359);
  const ink = `hsl(${hue}, 55%, 42%)`;
  const accent = `hsl(${(hue + 40) % 360}, 60%, 58%)`;
  const cell = 80;
  const offset = (512 - 5 * cell) / 2;
  const cells: string[] = [];
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 3; col++) {
      // The middle column is always drawn in the middle row: no avatar is empty.
      if (random.next() < 0.45 && !(row === 2 && col === 2)) continue;
      const fill = random.next() < 0.25 ? accent : ink;
      for (const c of new Set([col, 4 - col])) {
        cells.push(
          rect(offset + c * cell + 4, offset + row * cell + 4, cell - 8, cell - 8, fill, 'rx="14"'),
        );
      }
    }
  }
  return svg(512, 512, rect(0, 0, 512, 512, `hsl(${hue}, 45%, 91%)`) + cells.join(''));
}

const polyline = (points: [number, number][], stroke: string, width = 4): string =>
  `<polyline points="${points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ')}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linejoin="round" stroke-linecap="round"/>`;

/** A shop dashboard: four figures, visitors by source over fourteen days, a legend. */
function dashboardSvg(random: Prng): string {
  const parts: string[] = [
    rect(0, 0, 1200, 675, '#f4f5f7'),
    rect(0, 0, 1200, 56, '#ff5a00'),
    rect(24, 18, 140, 20, '#ffffff', 'rx="4" opacity="0.9"'),
    rect(1040, 18, 136, 20, '#ffffff', 'rx="4" opacity="0.5"'),
    rect(24, 80, 1152, 571, '#ffffff', 'rx="8" stroke="#e2e5ea"'),
  ];
  const colors = ['#1f6feb', '#2da44e', '#d4a72c', '#8250df'];
  for (const [i, color] of colors.entries()) {
    const x = 48 + i * 282;
    parts.push(
      rect(x, 100, 262, 92, '#f8f9fb', 'rx="6"'),
      rect(x, 100, 262, 4, color),
      rect(x + 16, 122, 90, 12, '#c9ced6', 'rx="3"'),
      rect(x + 16, 146, 60 + random.int(40, 120), 26, '#2b2f36', 'rx="4"'),
    );
  }
  const [left, right, top, bottom] = [80, 1140, 236, 600];
  for (let i = 0; i <= 5; i++) {
    const y = top + ((bottom - top) * i) / 5;
    parts.push(
      rect(left, y, right - left, 1, '#e7eaee'),
      rect(48, y - 5, 22, 10, '#d5d9df', 'rx="2"'),
    );
  }
  // Search, recommendation, paid and off-site visitors: search slips, recommendation grows.
  const start = [0.62, 0.35, 0.22, 0.1];
  const trend = [-0.018, 0.012, 0.004, 0.002];
  for (const [s, color] of colors.entries()) {
    const points: [number, number][] = [];
    for (let day = 0; day < 14; day++) {
      const share = start[s] + trend[s] * day + (random.next() - 0.5) * 0.05;
      points.push([left + ((right - left) * day) / 13, bottom - (bottom - top) * share]);
    }
    parts.push(polyline(points, color));
  }
  for (const [i, color] of colors.entries()) {
    const x = 420 + i * 110;
    parts.push(
      rect(x, 618, 14, 14, color, 'rx="3"'),
      rect(x + 22, 620, 60, 10, '#c9ced6', 'rx="3"'),
    );
  }
  return svg(1200, 675, parts.join(''));
}

/** Sell-in by month for three layers of an assortment: core, seasonal, trend tests. */
function seasonalBarsSvg(random: Prng): string {
  const parts: string[] = [
    rect(0, 0, 1200, 675, '#ffffff'),
    rect(60, 36, 420, 24, '#3a3f47', 'rx="4"'),
  ];
  const [left, bottom, height] = [80, 600, 480];
  parts.push(rect(left, bottom, 1060, 2, '#9aa1ab'));
  const colors = ['#35618f', '#e07b39', '#7fb069'];
  for (let month = 0; month < 12; month++) {
    // Tents from March, down jackets from September.
    const seasonal = Math.max(
      Math.exp(-((month - 3.5) ** 2) / 2.5),
      Math.exp(-((month - 9.5) ** 2) / 2.5),
    );
    const values = [
      0.38 + random.next() * 0.06,
      0.08 + seasonal * 0.75,
      0.05 + random.next() * 0.08,
    ];
    const x = left + 14 + month * 88;
    for (const [i, value] of values.entries()) {
      const h = value * height;
      parts.push(rect(x + i * 22, bottom - h, 20, h, colors[i]));
    }
    parts.push(rect(x + 12, bottom + 16, 40, 10, '#c3c8cf', 'rx="3"'));
  }
  for (const [i, color] of colors.entries()) {
    parts.push(
      rect(820 + i * 120, 40, 16, 16, color),
      rect(842 + i * 120, 43, 70, 10, '#c3c8cf', 'rx="3"'),
    );
  }
  return svg(1200, 675, parts.join(''));
}

/** A turnover statement on letterhead: twelve months, the total, a red company seal, a signature. */
function statementSvg(random: Prng): string {
  const [width, height] = [900, 1273];
  const navy = '#1d3557';
  const parts: string[] = [
    rect(0, 0, width, height, '#fdfdfb'),
    rect(0, 0, width, 110, navy),
    `<circle cx="86" cy="55" r="32" fill="#ffffff"/><circle cx="86" cy="55" r="18" fill="${navy}"/>`,
    rect(140, 36, 260, 18, '#ffffff', 'rx="4"'),
    rect(140, 64, 180, 10, '#a8b3c4', 'rx="3"'),
    rect(60, 150, 340, 26, '#222222', 'rx="4"'),
  ];
  for (let i = 0; i < 4; i++) {
    parts.push(
      rect(60, 206 + i * 30, 110, 12, '#9aa1ab', 'rx="3"'),
      rect(190, 206 + i * 30, random.int(160, 360), 12, '#4a4f57', 'rx="3"'),
    );
  }
  const tableTop = 350;
  parts.push(rect(60, tableTop, 780, 36, '#e9edf3'));
  const weights = Array.from(
    { length: 12 },
    (_, month) => 0.7 + random.next() * 0.5 + (month >= 9 ? 0.4 : 0),
  );
  const biggest = Math.max(...weights);
  for (const [month, weight] of weights.entries()) {
    const y = tableTop + 36 + month * 46;
    if (month % 2 === 1) parts.push(rect(60, y, 780, 46, '#f5f7fa'));
    parts.push(
      rect(80, y + 17, 70, 12, '#7d848e', 'rx="3"'),
      rect(200, y + 13, (weight / biggest) * 460, 20, '#457b9d', 'rx="3"'),
      rect(700, y + 17, random.int(90, 120), 12, '#4a4f57', 'rx="3"'),
    );
  }
  const totalY = tableTop + 36 + 12 * 46;
  parts.push(
    rect(60, totalY, 780, 3, navy),
    rect(80, totalY + 22, 90, 16, '#222222', 'rx="3"'),
    rect(680, totalY + 20, 140, 20, '#222222', 'rx="3"'),
  );
  for (let i = 0; i < 3; i++) {
    parts.push(rect(60, totalY + 80 + i * 26, random.int(420, 760), 10, '#b7bdc6', 'rx="3"'));
  }
  // The company seal: a red ring and star, slightly turned, as a stamp lands.
  const [cx, cy] = [660, 1110];
  const star = Array.from({ length: 10 }, (_, i) => {
    const r = i % 2 === 0 ? 34 : 14;
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    return `${(cx + r * Math.cos(a)).toFixed(1)},${(cy + r * Math.sin(a)).toFixed(1)}`;
  }).join(' ');
  parts.push(
    `<g transform="rotate(${random.int(-14, 14)} ${cx} ${cy})" opacity="0.82">` +
      `<circle cx="${cx}" cy="${cy}" r="86" fill="none" stroke="#d62828" stroke-width="7"/>` +
      `<circle cx="${cx}" cy="${cy}" r="72" fill="none" stroke="#d62828" stroke-width="2"/>` +
      `<polygon points="${star}" fill="#d62828"/></g>`,
  );
  const sx = 120;
  const wave = Array.from(
    { length: 5 },
    (_, i) => `q ${18 + random.int(0, 14)} ${i % 2 ? 40 : -40} ${36 + random.int(0, 20)} 0`,
  ).join(' ');
  parts.push(
    rect(sx - 20, 1150, 300, 2, '#9aa1ab'),
    `<path d="M ${sx} 1130 ${wave}" fill="none" stroke="#1b2a4a" stroke-width="3" stroke-linecap="round"/>`,
  );
  return svg(width, height, parts.join(''));
}

/** Text for a PDF string: ASCII only, with `\`, `(` and `)` escaped. */
function pdfText(text: string): string {
  if (!/^[\x20-\x7e]*$/.test(text)) throw new Error(`A demo PDF line must be ASCII: ${text}`);
  return text.replace(/[\\()]/g, (c) => `\\${c}`);
}

/** A one-page PDF 1.4 in the standard Helvetica fonts: no dates, so the same bytes each run. */
function statementPdf(picture: Extract<DemoPicture, { kind: 'statement-pdf' }>): Buffer {
  const cny = (n: number) => `CNY ${Math.round(n).toLocaleString('en-US')}`;
  const quarters = [0.21, 0.23, 0.24, 0.32].map((share) => share * picture.turnoverCny);
  const lines: [font: 'F1' | 'F2', size: number, y: number, text: string][] = [
    ['F2', 18, 770, 'Statement of annual turnover'],
    [
      'F1',
      11,
      745,
      'Demo document for the Laogao Circle Golden Crown review: not a real statement.',
    ],
    ['F1', 12, 700, `Company: ${picture.companyName}`],
    ['F1', 12, 680, `Fiscal year: ${picture.year}`],
    ...quarters.map((amount, i): [font: 'F1', size: number, y: number, text: string] => [
      'F1',
      12,
      630 - i * 22,
      `Q${i + 1} ${picture.year}: ${cny(amount)}`,
    ]),
    ['F2', 13, 530, `Total turnover: ${cny(picture.turnoverCny)}`],
    ['F1', 11, 470, 'Certified by the finance department. Figures net of refunds and VAT.'],
  ];
  const content = [
    '0.11 0.21 0.34 rg 56 790 483 4 re f',
    '0.8 g 56 545 483 1 re f',
    ...lines.map(
      ([font, size, y, text]) => `BT /${font} ${size} Tf 56 ${y} Td (${pdfText(text)}) Tj ET`,
    ),
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>',
    `<< /Length ${Buffer.byteLength(content)} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const [i, body] of objects.entries()) {
    offsets.push(Buffer.byteLength(pdf));
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  }
  const xref = Buffer.byteLength(pdf);
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}
