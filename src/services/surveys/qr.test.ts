import { inflateSync } from 'node:zlib';
import QRCode from 'qrcode';
import { describe, expect, test } from 'vitest';
import { darkRuns, locationPageUrl, QUIET_ZONE, qrMatrix, qrPng, qrSvg } from './qr.js';

const URL_OF_COUNTER = 'https://meter.example.com/s/q/post-contact/front-desk';

/** The modules `qrcode` itself computes for a text: what a reader of the code gets back. */
function referenceMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, column) => modules.data[row * modules.size + column] === 1),
  );
}

/** The dark modules an SVG of ours draws, read back from its rectangles. */
function matrixOfSvg(svg: string): boolean[][] {
  const side = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1]);
  const size = side - 2 * QUIET_ZONE;
  const matrix = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  const group = svg.slice(svg.indexOf('<g '));
  for (const m of group.matchAll(/<rect x="(\d+)" y="(\d+)" width="(\d+)" height="1"\/>/g)) {
    const [x, y, width] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let i = 0; i < width; i++) {
      const row = matrix[y - QUIET_ZONE];
      if (row) row[x - QUIET_ZONE + i] = true;
    }
  }
  return matrix;
}

/** A grey or colour PNG decoded to dark (true) and light pixels: enough to read a QR code back. */
function darkPixels(png: Buffer): { width: number; height: number; dark: boolean[][] } {
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect(body[8]).toBe(8); // bits per channel
      colourType = body[9] ?? 0;
    }
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[colourType] ?? 0;
  expect(channels).toBeGreaterThan(0);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows: Buffer[] = [];
  let previous = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    const filter = raw[start];
    const line = Buffer.from(raw.subarray(start + 1, start + 1 + stride));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? (line[i - channels] ?? 0) : 0;
      const up = previous[i] ?? 0;
      const upLeft = i >= channels ? (previous[i - channels] ?? 0) : 0;
      const value = line[i] ?? 0;
      const predictor =
        filter === 1
          ? left
          : filter === 2
            ? up
            : filter === 3
              ? (left + up) >> 1
              : filter === 4
                ? paeth(left, up, upLeft)
                : 0;
      line[i] = (value + predictor) & 0xff;
    }
    rows.push(line);
    previous = line;
  }
  return {
    width,
    height,
    dark: rows.map((line) => Array.from({ length: width }, (_, x) => (line[x * channels] ?? 255) < 128)),
  };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

describe('QR codes of a location page', () => {
  test("the location page's address: the base without a trailing slash, the parts escaped", () => {
    expect(locationPageUrl('https://meter.example.com/', 'post-contact', 'front-desk')).toBe(URL_OF_COUNTER);
    expect(locationPageUrl('https://meter.example.com', 'a b', 'x/y')).toBe(
      'https://meter.example.com/s/q/a%20b/x%2Fy',
    );
  });

  test('the matrix is the one qrcode computes for the address, and a different address gives another', () => {
    const matrix = qrMatrix(URL_OF_COUNTER);
    expect(matrix).toEqual(referenceMatrix(URL_OF_COUNTER));
    expect(matrix).not.toEqual(qrMatrix(`${URL_OF_COUNTER}-2`));
  });

  test('the runs cover exactly the dark modules', () => {
    const matrix = qrMatrix(URL_OF_COUNTER);
    const covered = matrix.map((row) => row.map(() => false));
    for (const run of darkRuns(matrix))
      for (let i = 0; i < run.length; i++) {
        const row = covered[run.row];
        if (row) row[run.column + i] = true;
      }
    expect(covered).toEqual(matrix);
  });

  test('the SVG draws the modules of the address with a quiet zone, and names the address', () => {
    const svg = qrSvg(URL_OF_COUNTER);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(matrixOfSvg(svg)).toEqual(referenceMatrix(URL_OF_COUNTER));
    expect(svg).toContain(`<title>${URL_OF_COUNTER}</title>`);
    // Markup in an address is written as text, never as markup.
    expect(qrSvg('https://x.example/s/q/a/<b>&"')).toContain(
      '<title>https://x.example/s/q/a/&#60;b&#62;&#38;&#34;</title>',
    );
  });

  test('the PNG holds the same modules, 8 pixels each, with the quiet zone', async () => {
    const matrix = referenceMatrix(URL_OF_COUNTER);
    const image = darkPixels(await qrPng(URL_OF_COUNTER));
    const side = (matrix.length + 2 * QUIET_ZONE) * 8;
    expect([image.width, image.height]).toEqual([side, side]);
    const sampled = matrix.map((row, y) =>
      row.map((_, x) => image.dark[(y + QUIET_ZONE) * 8 + 4]?.[(x + QUIET_ZONE) * 8 + 4] ?? false),
    );
    expect(sampled).toEqual(matrix);
    // The quiet zone is light.
    expect(image.dark[2]?.every((dark) => !dark)).toBe(true);
  });
});
