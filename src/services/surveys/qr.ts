/**
 * QR codes of the survey pages a location's poster points to: the matrix from `qrcode`, drawn here
 * as SVG squares (so the poster draws the very same squares as vectors), or as PNG by `qrcode`.
 */
import QRCode from 'qrcode';

/** Medium error correction: a code still reads with a smudge or a fold, and stays small. */
const ERROR_CORRECTION = 'M';
/** The blank border a reader needs around the code, in modules (the standard's minimum). */
export const QUIET_ZONE = 4;

/** The modules of the QR code of `text`, row by row: true is dark. */
export function qrMatrix(text: string): boolean[][] {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: ERROR_CORRECTION });
  const rows: boolean[][] = [];
  for (let row = 0; row < modules.size; row++) {
    const cells: boolean[] = [];
    for (let column = 0; column < modules.size; column++)
      cells.push(modules.data[row * modules.size + column] === 1);
    rows.push(cells);
  }
  return rows;
}

/** The dark modules as horizontal runs: a few hundred rectangles instead of a thousand squares. */
export function darkRuns(
  matrix: readonly (readonly boolean[])[],
): { row: number; column: number; length: number }[] {
  const runs: { row: number; column: number; length: number }[] = [];
  for (const [row, cells] of matrix.entries()) {
    let start = -1;
    for (let column = 0; column <= cells.length; column++) {
      const dark = cells[column] === true;
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        runs.push({ row, column: start, length: column - start });
        start = -1;
      }
    }
  }
  return runs;
}

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The QR code as a standalone SVG, one module per user unit with the quiet zone around it, scaled
 * by whatever shows it; its title is the address, for screen readers and for a person checking a
 * printed code.
 */
export function qrSvg(text: string): string {
  const matrix = qrMatrix(text);
  const side = matrix.length + 2 * QUIET_ZONE;
  const rects = darkRuns(matrix)
    .map(
      (r) => `<rect x="${r.column + QUIET_ZONE}" y="${r.row + QUIET_ZONE}" width="${r.length}" height="1"/>`,
    )
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * 8}" height="${side * 8}" shape-rendering="crispEdges" role="img"><title>${escapeXml(text)}</title><rect width="${side}" height="${side}" fill="#ffffff"/><g fill="#000000">${rects}</g></svg>\n`;
}

/** The QR code as a PNG, `scale` pixels per module (8: about 3 cm at 300 dpi for a short address). */
export function qrPng(text: string, scale = 8): Promise<Buffer> {
  return QRCode.toBuffer(text, {
    type: 'png',
    errorCorrectionLevel: ERROR_CORRECTION,
    margin: QUIET_ZONE,
    scale,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}

/** The address of a location's survey page, which its QR code and poster carry. */
export function locationPageUrl(baseUrl: string, surveyId: string, location: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/s/q/${encodeURIComponent(surveyId)}/${encodeURIComponent(location)}`;
}
