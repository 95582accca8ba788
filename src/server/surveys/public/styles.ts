/**
 * The survey pages' look: one small stylesheet, inlined in each page under its CSP nonce, and the
 * brand colour made dark enough to carry white text (WCAG AA, 4.5:1) wherever it is used.
 */

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** The contrast ratio of two #rrggbb colours, 1–21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * The brand colour when white text on it (and it on white) reaches 4.5:1; else the same hue
 * darkened step by step until it does.
 */
export function accessibleColour(brand: string): string {
  let [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(brand.slice(i, i + 2), 16)) as [
    number,
    number,
    number,
  ];
  const hex = () => `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  while (contrastRatio(hex(), '#ffffff') < 4.5) {
    r *= 0.92;
    g *= 0.92;
    b *= 0.92;
  }
  return hex();
}

/** The pages' stylesheet, with the accent colour already made accessible. */
export function pageStyles(accent: string): string {
  return `:root{--a:${accent};--t:#1b1f24;--m:#4a5360;--b:#767f8c;--e:#b3261e}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","PingFang SC",sans-serif;color:var(--t);background:#f4f5f7}
main{max-width:40rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}
@media(min-width:42rem){main{margin:2rem auto;min-height:0;border-radius:.5rem;padding:2rem;box-shadow:0 1px 3px #0002}}
header{display:flex;align-items:center;gap:.75rem;margin-bottom:1rem}
header img{max-height:3rem;max-width:10rem}
.from{color:var(--m);font-size:.9rem}
h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0 1rem}
fieldset{border:0;margin:0 0 1.5rem;padding:0;min-width:0}
legend,.q{font-weight:600;margin-bottom:.5rem;padding:0;display:block}
.hint{color:var(--m);font-size:.9rem;font-weight:400}
.scale{display:flex;flex-wrap:wrap;gap:.375rem}
.opt{position:relative}
.opt input{position:absolute;opacity:0;width:1px;height:1px}
.opt label{display:flex;flex-direction:column;align-items:center;justify-content:center;min-width:2.75rem;min-height:2.75rem;padding:.25rem .5rem;border:2px solid var(--b);border-radius:.375rem;cursor:pointer;background:#fff;color:var(--t)}
.opt label svg{width:1.75rem;height:1.75rem}
.opt input:checked+label{background:var(--a);border-color:var(--a);color:#fff}
.stars .opt label{color:#767f8c}
.stars .opt:has(~.opt input:checked) label,.stars .opt input:checked+label{color:var(--a);background:#fff;border-color:var(--a)}
.field{margin:0 0 1.5rem}
.opt input:focus-visible+label{outline:3px solid var(--t);outline-offset:2px}
.ends{display:flex;justify-content:space-between;color:var(--m);font-size:.85rem;margin-top:.25rem;gap:1rem}
.list .opt label{flex-direction:row;justify-content:flex-start;gap:.5rem;width:100%;text-align:left}
.list{display:grid;gap:.375rem}
.choice{display:flex;gap:.5rem;align-items:flex-start;padding:.25rem 0}
.choice input{width:1.25rem;height:1.25rem;margin:.15rem 0 0;accent-color:var(--a)}
textarea{width:100%;min-height:6rem;font:inherit;padding:.5rem;border:2px solid var(--b);border-radius:.375rem}
textarea:focus-visible,.choice input:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--t);outline-offset:2px}
button{font:inherit;font-weight:600;color:#fff;background:var(--a);border:0;border-radius:.375rem;padding:.75rem 1.5rem;min-height:2.75rem;cursor:pointer}
button[disabled]{opacity:.7}
.err{color:var(--e);font-weight:600;margin:.25rem 0 0}
.summary{border:2px solid var(--e);border-radius:.375rem;padding:.75rem;margin-bottom:1rem}
.note{background:#eef2f7;border-radius:.375rem;padding:.75rem;margin-bottom:1rem}
.trap{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
a{color:var(--a)}
[hidden]{display:none!important}`;
}
