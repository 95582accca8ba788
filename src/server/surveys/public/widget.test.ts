import { gzipSync } from 'node:zlib';
import { expect, test } from 'vitest';
import { PAGE_SCRIPT } from './page-script.js';
import { WIDGET_SCRIPT } from './widget.js';

test('the widget is at most 10 kB gzipped and is valid script', () => {
  expect(gzipSync(WIDGET_SCRIPT).length).toBeLessThanOrEqual(10 * 1024);
  expect(() => new Function(WIDGET_SCRIPT)).not.toThrow();
  expect(() => new Function(PAGE_SCRIPT)).not.toThrow();
});

test('nothing a strict CSP blocks, no cookies, no credentials, no markup from texts', () => {
  for (const script of [WIDGET_SCRIPT, PAGE_SCRIPT]) {
    expect(script).not.toMatch(
      /\beval\(|new Function|document\.cookie|innerHTML|insertAdjacentHTML|document\.write/,
    );
    expect(script).not.toMatch(/setAttribute\(['"]style|\.style\.cssText|<style/);
  }
  expect(WIDGET_SCRIPT).toContain("credentials:'omit'");
  expect(WIDGET_SCRIPT).toContain('adoptedStyleSheets');
});
