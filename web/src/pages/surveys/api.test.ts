import { describe, expect, test } from 'vitest';
import { answerSearch, posterUrl, publicLinkPath, qrUrl } from './api.js';

describe('the surveys API addresses', () => {
  test('an answers query names its parameters as the API does, leaving out what is not asked', () => {
    expect(answerSearch({ survey: 'after-contact', scoreMin: 1, scoreMax: 2, q: 'refund', limit: 50 })).toBe(
      'survey=after-contact&score_min=1&score_max=2&q=refund&limit=50',
    );
    expect(answerSearch({ q: '', agent: 'a 1', cursor: 'x/y' })).toBe('agent=a+1&cursor=x%2Fy');
  });

  test('QR codes, posters and public links name the survey and the location or source safely', () => {
    expect(qrUrl('s 1', 'front-desk', 'png')).toBe('/api/surveys/s%201/qr?location=front-desk&format=png');
    expect(posterUrl('s1', 'shop', 'A6')).toBe('/api/surveys/s1/poster?location=shop&size=A6');
    expect(publicLinkPath('s1', 'contact-page')).toBe('/s/p/s1/contact-page');
  });
});
