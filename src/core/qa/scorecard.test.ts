import { describe, expect, test } from 'vitest';
import { ScorecardDefinition } from './scorecard.js';

const withLink = (link: string) =>
  ScorecardDefinition.safeParse({ name: 'Support', categories: [{ id: 'tone', name: 'Tone', link }] });

describe('a scorecard category link', () => {
  test('is a web address: http and https are kept', () => {
    for (const link of ['https://guide.example.org/tone', 'HTTP://intranet.example/kb/12']) {
      const parsed = withLink(link);
      expect(parsed.success).toBe(true);
      expect(parsed.data?.categories[0]?.link).toBe(link);
    }
  });

  test('any other scheme is refused, naming the field and why', () => {
    for (const link of [
      'javascript:alert(1)',
      'JavaScript://%0aalert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://files.example.org/guide.pdf',
    ]) {
      const parsed = withLink(link);
      expect(parsed.success, link).toBe(false);
      expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toContainEqual([
        'categories.0.link',
        'must be an http:// or https:// address',
      ]);
    }
  });
});
