import { expect, test } from 'vitest';
import { detectLanguage, languageFromHint } from './language.js';

test('longer texts are read by their script and words, whatever the hint says', () => {
  expect(detectLanguage('The agent solved my problem quickly and was very friendly, thank you.')).toBe('en');
  expect(detectLanguage('The agent solved my problem quickly and was very friendly, thank you.', 'nl')).toBe(
    'en',
  );
  expect(detectLanguage('De medewerker heeft mijn probleem snel opgelost en was erg vriendelijk.')).toBe(
    'nl',
  );
  expect(detectLanguage('Handläggaren löste mitt problem snabbt och var väldigt trevlig.', 'en-GB')).toBe(
    'sv',
  );
  expect(detectLanguage('Оператор швидко вирішив мою проблему, дякую за допомогу!')).toBe('uk');
  expect(detectLanguage('客服态度很好，问题很快就解决了。', 'en')).toBe('zh');
  expect(detectLanguage('APP很好用，客服回复也快')).toBe('zh');
});

test('Russian and German are other languages, with or without a hint of ours', () => {
  expect(detectLanguage('Спасибо, всё отлично, очень быстро помогли')).toBe('other');
  expect(detectLanguage('Спасибо, всё отлично, очень быстро помогли', 'uk')).toBe('other');
  expect(detectLanguage('Оператор быстро помог, спасибо большое за помощь')).toBe('other');
  expect(detectLanguage('Vielen Dank für die schnelle Hilfe, alles hat wunderbar geklappt')).toBe('other');
  expect(detectLanguage('Vielen Dank für die schnelle Hilfe, alles hat wunderbar geklappt', 'nl')).toBe(
    'other',
  );
  expect(detectLanguage('Danke schön', 'de-DE')).toBe('other');
});

test('close neighbours (Afrikaans, German, Danish, Norwegian) are told apart by letters and small words', () => {
  expect(detectLanguage('Twee keer gebeld naar de klantenservice, nog steeds geen antwoord.')).toBe('nl');
  expect(detectLanguage('Twee keer gebeld naar de klantenservice, nog steeds geen antwoord.', 'nl')).toBe(
    'nl',
  );
  expect(detectLanguage('Det tog en vecka men det löstes till slut.', 'sv-SE')).toBe('sv');
  expect(detectLanguage('Fortfarande inte löst, jag är mycket besviken.', 'sv')).toBe('sv');
  expect(detectLanguage('Det tok en uke, men nå er det løst og jeg er fornøyd.', 'sv')).toBe('other');
});

test('short texts follow the hint, which franc alone gets wrong', () => {
  expect(detectLanguage('Great help, thanks', 'en-GB')).toBe('en');
  expect(detectLanguage('Bedankt!', 'nl-NL')).toBe('nl');
  expect(detectLanguage('Tack!', 'sv_SE')).toBe('sv');
  expect(detectLanguage('Дякую', 'uk-UA')).toBe('uk');
  expect(detectLanguage('Дякую')).toBe('uk');
  expect(detectLanguage('OK', 'zh-CN')).toBe('zh');
});

test('a text without letters takes the hint, else it is other', () => {
  expect(detectLanguage('👍👍', 'sv-SE')).toBe('sv');
  expect(detectLanguage('👍')).toBe('other');
  expect(detectLanguage('12345 !!', 'zh-CN')).toBe('zh');
  expect(detectLanguage('')).toBe('other');
});

test('hint tags are normalised to the five languages', () => {
  expect(['nl', 'zh-CN', 'en-GB', 'sv-SE', 'uk', 'UK', 'nld', 'zh_Hans'].map(languageFromHint)).toEqual([
    'nl',
    'zh',
    'en',
    'sv',
    'uk',
    'uk',
    'nl',
    'zh',
  ]);
  expect(languageFromHint('de')).toBeNull();
  expect(languageFromHint(null)).toBeNull();
});

test('Cyrillic without the telling letters is Ukrainian for a customer known to write Ukrainian', () => {
  expect(detectLanguage('Доставку чекав занадто довго.', 'uk')).toBe('uk');
  expect(detectLanguage('Спасибо, всё получил вовремя.', 'uk')).toBe('other');
});
