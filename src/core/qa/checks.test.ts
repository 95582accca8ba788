import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpeller } from '../../services/qa/dictionaries.js';
import {
  type CheckContact,
  type CheckLanguage,
  type CheckRule,
  checkLanguage,
  DEFAULT_CHECK_RULES,
  misspelt,
  parseCheckSettings,
  runContactChecks,
  runRule,
  type Speller,
  signedName,
} from './checks.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;

type Turn = ['customer' | 'agent' | 'note' | 'bot', number, string | null];

function contact(language: CheckLanguage, turns: Turn[], extra: Partial<CheckContact> = {}): CheckContact {
  return {
    contactKey: 'helpdesk|1',
    language,
    frtTargetSeconds: 3600,
    assigneeId: 'ann',
    events: turns.map(([who, minutes, body], index) => ({
      source: 'helpdesk',
      externalId: `e${index + 1}`,
      kind:
        who === 'customer'
          ? 'customer_message'
          : who === 'agent'
            ? 'agent_reply'
            : who === 'note'
              ? 'internal_note'
              : 'bot_message',
      actor: who === 'customer' ? 'customer' : who === 'bot' ? 'bot' : 'agent',
      agentId: who === 'agent' || who === 'note' ? 'ann' : null,
      occurredAtMs: T0 + minutes * MIN,
      public: who === 'note' ? false : who === 'agent' ? true : null,
      body,
    })),
    ...extra,
  };
}

function rule(kind: CheckRule['kind']): CheckRule {
  const found = DEFAULT_CHECK_RULES.find((r) => r.kind === kind);
  if (!found) throw new Error(kind);
  return { id: found.id, kind, label: found.label, enabled: true, settings: found.settings } as CheckRule;
}

const noSpellers = { spellerFor: () => null, nowMs: T0 + 10 * 24 * 60 * MIN };
const hitsOf = (kind: CheckRule['kind'], c: CheckContact, options = noSpellers) =>
  runRule(rule(kind), c, options).map((h) => h.eventExternalId ?? 'contact');

describe('the built-in checks', () => {
  it("have distinct ids without a |: qa_check_facts finds a hit as |id| among its contact's hits", () => {
    const ids = DEFAULT_CHECK_RULES.map((r) => r.id);
    expect(ids.filter((id) => id.includes('|'))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the language a contact is checked in', () => {
  it('reads language tags as one of the five, or none', () => {
    expect(checkLanguage('nl-BE')).toBe('nl');
    expect(checkLanguage('EN_gb')).toBe('en');
    expect(checkLanguage('sv')).toBe('sv');
    expect(checkLanguage('uk-UA')).toBe('uk');
    expect(checkLanguage('zh-Hans')).toBe('zh-CN');
    expect(checkLanguage('zh-TW')).toBeNull();
    expect(checkLanguage('de')).toBeNull();
    expect(checkLanguage('')).toBeNull();
    expect(checkLanguage(null)).toBeNull();
  });
});

describe('greeting in the first reply', () => {
  const cases: [CheckLanguage, string, string][] = [
    ['en', 'Hi Sarah, thanks for your message. The parcel left today.', 'The parcel left today.'],
    ['nl', 'Goedemorgen Piet, je pakket is vandaag verstuurd.', 'Je pakket is vandaag verstuurd.'],
    ['sv', 'Hej Anna! Paketet skickades i dag.', 'Paketet skickades i dag.'],
    ['uk', 'Добрий день, Олено! Посилку відправлено сьогодні.', 'Посилку відправлено сьогодні.'],
    ['zh-CN', '您好，您的包裹今天已经发出。', '您的包裹今天已经发出。'],
  ];
  for (const [language, greeted, bare] of cases) {
    it(`${language}: a hit on a first reply without a greeting, none with one`, () => {
      const withGreeting = contact(language, [
        ['customer', 0, '?'],
        ['agent', 10, greeted],
        ['agent', 20, bare],
      ]);
      expect(hitsOf('greeting', withGreeting)).toEqual([]);
      const without = contact(language, [
        ['customer', 0, '?'],
        ['agent', 10, bare],
        ['agent', 20, greeted],
      ]);
      expect(hitsOf('greeting', without)).toEqual(['e2']);
    });
  }
  it('a greeting word inside another word is no greeting, and a greeting late in the reply is none', () => {
    const c = contact('en', [
      ['customer', 0, '?'],
      ['agent', 10, `This happens. ${'Your order was shipped from our warehouse. '.repeat(5)}Hello!`],
    ]);
    expect(hitsOf('greeting', c)).toEqual(['e2']);
    expect(hitsOf('greeting', contact('en', [['agent', 1, 'Shipping is free.']]))).toEqual(['e1']);
  });
  it('internal notes and replies without words are not checked', () => {
    expect(hitsOf('greeting', contact('en', [['note', 1, 'Checked the carrier.']]))).toEqual([]);
    expect(hitsOf('greeting', contact('en', [['agent', 1, null]]))).toEqual([]);
  });
});

describe('closing in the last reply', () => {
  const cases: [CheckLanguage, string, string][] = [
    ['en', 'It is on its way. Kind regards, Ann', 'It is on its way.'],
    ['nl', 'Het is onderweg. Met vriendelijke groet, Ann', 'Het is onderweg.'],
    ['sv', 'Det är på väg. Vänliga hälsningar, Ann', 'Det är på väg.'],
    ['uk', 'Посилка вже в дорозі. З повагою, Анна', 'Посилка вже в дорозі.'],
    ['zh-CN', '包裹已经在路上了。祝您生活愉快！', '包裹已经在路上了。'],
  ];
  for (const [language, closed, bare] of cases) {
    it(`${language}: a hit on a last reply without a closing, none with one`, () => {
      expect(
        hitsOf(
          'closing',
          contact(language, [
            ['agent', 1, bare],
            ['agent', 2, closed],
          ]),
        ),
      ).toEqual([]);
      expect(
        hitsOf(
          'closing',
          contact(language, [
            ['agent', 1, closed],
            ['agent', 2, bare],
          ]),
        ),
      ).toEqual(['e2']);
    });
  }
});

describe('customer name used', () => {
  it('reads the name a customer signed with', () => {
    expect(signedName(['Where is my parcel?\n\nRegards,\nSarah Jones'])).toEqual(['sarah', 'jones']);
    expect(signedName(['Waar blijft mijn pakket?\nGroet,\nPiet'])).toEqual(['piet']);
    expect(signedName(['Де моя посилка?\nОлена'])).toEqual(['олена']);
    expect(signedName(['我的包裹在哪里？\n王芳'])).toEqual(['王芳']);
    expect(signedName(['Where is my parcel? I ordered it last week.'])).toBeNull();
    expect(signedName(['Where is it?\nsent from my phone'])).toBeNull();
  });
  const cases: [CheckLanguage, string, string, string][] = [
    ['en', 'Where is my parcel?\nThanks,\nSarah', 'Hi Sarah, it left today.', 'Hi, it left today.'],
    [
      'nl',
      'Waar blijft mijn pakket?\nGroet,\nPiet',
      'Hallo Piet, het is verstuurd.',
      'Hallo, het is verstuurd.',
    ],
    ['sv', 'Var är mitt paket?\nMvh\nAnna', 'Hej Anna, det skickades i dag.', 'Hej, det skickades i dag.'],
    [
      'uk',
      'Де моя посилка?\nДякую,\nОлена',
      'Добрий день, Олено! Олена, посилку відправлено.',
      'Добрий день! Посилку відправлено.',
    ],
    ['zh-CN', '我的包裹在哪里？\n王芳', '王女士您好，包裹已发出。', '您好，包裹已发出。'],
  ];
  for (const [language, asked, named, unnamed] of cases) {
    it(`${language}: a hit on the contact when no reply uses the signed name`, () => {
      expect(
        hitsOf(
          'customer_name',
          contact(language, [
            ['customer', 0, asked],
            ['agent', 5, named],
          ]),
        ),
      ).toEqual([]);
      const missed = contact(language, [
        ['customer', 0, asked],
        ['agent', 5, unnamed],
      ]);
      expect(hitsOf('customer_name', missed)).toEqual(['contact']);
      expect(runRule(rule('customer_name'), missed, noSpellers)[0]?.agentId).toBe('ann');
    });
  }
  it('contacts whose customer never signed are not checked', () => {
    expect(
      hitsOf(
        'customer_name',
        contact('en', [
          ['customer', 0, 'Where is it?'],
          ['agent', 5, 'Hi!'],
        ]),
      ),
    ).toEqual([]);
  });
});

describe('reply within the first-response target', () => {
  it('every reply is measured from the first message it answers; a hit on each late one', () => {
    const c = contact('en', [
      ['customer', 0, 'Hello?'],
      ['customer', 30, 'Anyone?'],
      ['agent', 50, 'Hi, here.'],
      ['customer', 60, 'Thanks. And the invoice?'],
      ['agent', 190, 'Attached.'],
      ['agent', 200, 'Anything else?'],
    ]);
    const hits = runRule(rule('reply_time'), c, noSpellers);
    expect(hits.map((h) => h.eventExternalId)).toEqual(['e5']);
    expect(hits[0]?.detail).toBe('replied after 2.2 h; target 1 h');
    expect(hitsOf('reply_time', { ...c, frtTargetSeconds: 30 * 60 })).toEqual(['e3', 'e5']);
  });
  it('a contact without a target is checked against the fallback, or not at all', () => {
    const c = contact(
      'nl',
      [
        ['customer', 0, 'Hallo?'],
        ['agent', 120, 'Hoi!'],
      ],
      { frtTargetSeconds: null },
    );
    expect(hitsOf('reply_time', c)).toEqual([]);
    const withFallback = { ...rule('reply_time'), settings: { fallbackSeconds: 3600 } } as CheckRule;
    expect(runRule(withFallback, c, noSpellers).map((h) => h.eventExternalId)).toEqual(['e2']);
  });
});

describe('phrases the brand guide forbids and prefers', () => {
  const cases: [CheckLanguage, string, string, string][] = [
    [
      'en',
      'Please calm down, as I said the parcel is late.',
      'I understand, the parcel is late. Happy to help!',
      'The parcel is late.',
    ],
    [
      'nl',
      'Zoals ik al zei, het pakket is te laat.',
      'Ik begrijp het, het pakket is te laat. Graag geholpen!',
      'Het pakket is te laat.',
    ],
    ['sv', 'Som jag sa är paketet försenat.', 'Jag förstår, paketet är försenat.', 'Paketet är försenat.'],
    [
      'uk',
      'Як я вже казав, посилка затримується.',
      'Я розумію, посилка затримується. Дякуємо за терпіння.',
      'Посилка затримується.',
    ],
    ['zh-CN', '我已经说过了，包裹延迟了。', '我理解您的心情，感谢您的耐心。', '包裹延迟了。'],
  ];
  for (const [language, forbidden, preferred, plain] of cases) {
    it(`${language}: a forbidden phrase is a hit on its reply; no preferred phrase at all is a hit on the contact`, () => {
      const c = contact(language, [
        ['customer', 0, '?'],
        ['agent', 5, forbidden],
        ['agent', 6, plain],
      ]);
      expect(hitsOf('forbidden_phrases', c)).toEqual(['e2']);
      expect(hitsOf('preferred_phrases', c)).toEqual(['contact']);
      const good = contact(language, [
        ['customer', 0, '?'],
        ['agent', 5, preferred],
        ['agent', 6, plain],
      ]);
      expect(hitsOf('forbidden_phrases', good)).toEqual([]);
      expect(hitsOf('preferred_phrases', good)).toEqual([]);
    });
  }
  it('the hit names the phrases found; a phrase matches whole words only, across line breaks', () => {
    const c = contact('en', [
      ['agent', 1, 'Obviously you should\nhave read it.'],
      ['agent', 2, 'Unobviously fine.'],
    ]);
    const hits = runRule(rule('forbidden_phrases'), c, noSpellers);
    expect(hits.map((h) => [h.eventExternalId, h.detail])).toEqual([
      ['e1', '“obviously”, “you should have”'],
    ]);
  });
  it('edited lists are used as given', () => {
    const edited = { ...rule('forbidden_phrases'), settings: { phrases: { en: ['ASAP'] } } } as CheckRule;
    const c = contact('en', [
      ['agent', 1, 'We will fix it asap.'],
      ['agent', 2, 'Calm down.'],
    ]);
    expect(runRule(edited, c, noSpellers).map((h) => h.eventExternalId)).toEqual(['e1']);
    expect(parseCheckSettings('forbidden_phrases', { phrases: { de: ['x'] } }).ok).toBe(false);
    const bad = parseCheckSettings('spelling', { minErrors: 0 });
    expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['settings.minErrors']);
  });
});

describe('long unanswered gap', () => {
  it('a customer message waiting more than 24 hours for a reply is a hit on the first message of the wait', () => {
    const c = contact('sv', [
      ['customer', 0, 'Hej?'],
      ['customer', 60, 'Hallå?'],
      ['agent', 25 * 60, 'Hej, förlåt!'],
      ['customer', 26 * 60, 'Tack.'],
      ['agent', 27 * 60, 'Varsågod.'],
    ]);
    const hits = runRule(rule('unanswered_gap'), c, noSpellers);
    expect(hits.map((h) => [h.eventExternalId, h.detail])).toEqual([['e1', 'unanswered for 25 h']]);
  });
  it('never answered: until the last event, or until the check when the message is the last thing', () => {
    const closedAfter30h = contact('en', [
      ['customer', 0, 'Hello?'],
      ['note', 30 * 60, 'Spam?'],
    ]);
    expect(hitsOf('unanswered_gap', closedAfter30h)).toEqual(['e1']);
    const fresh = contact('en', [['customer', 0, 'Hello?']]);
    expect(hitsOf('unanswered_gap', fresh, { ...noSpellers, nowMs: T0 + 2 * 60 * MIN })).toEqual([]);
    expect(hitsOf('unanswered_gap', fresh, { ...noSpellers, nowMs: T0 + 48 * 60 * MIN })).toEqual(['e1']);
  });
});

const spellers = new Map<CheckLanguage, Speller>();

describe('spelling', () => {
  beforeAll(async () => {
    for (const language of ['en', 'nl', 'sv', 'uk'] as const) {
      const speller = await loadSpeller(language);
      if (speller === null) throw new Error(`no dictionary for ${language}`);
      spellers.set(language, speller);
    }
  }, 120_000);
  const spelling = { spellerFor: (l: CheckLanguage) => spellers.get(l) ?? null, nowMs: T0 };
  const cases: [CheckLanguage, string, string, string[]][] = [
    [
      'en',
      'Hi Sarah, your order has been shipped today and will arrive tomorrow.',
      'Hi Sarah, your ordr has been shiped todday and will arive tomorrow.',
      ['ordr', 'shiped', 'todday', 'arive'],
    ],
    [
      'nl',
      'Hallo Piet, je bestelling is vandaag verstuurd en komt morgen aan.',
      'Hallo Piet, je besteling is vandag verstuurd en komt morgn aan.',
      ['besteling', 'vandag', 'morgn'],
    ],
    [
      'sv',
      'Hej Anna, din beställning skickades i dag och kommer i morgon.',
      'Hej Anna, din bestälning skikades i dag och kommmer i morgn.',
      ['bestälning', 'skikades', 'kommmer', 'morgn'],
    ],
    [
      'uk',
      'Добрий день, ваше замовлення відправлено сьогодні і прибуде завтра.',
      'Добрий день, ваше замовленя відправленно сьогодни і прибуде завтро.',
      ['замовленя', 'відправленно', 'сьогодни', 'завтро'],
    ],
  ];
  for (const [language, right, wrong, words] of cases) {
    it(`${language}: a reply with 3 or more unknown words is a hit naming them`, () => {
      const good = contact(language, [['agent', 1, right]]);
      expect(runRule(rule('spelling'), good, spelling)).toEqual([]);
      const bad = contact(language, [['agent', 1, wrong]]);
      const hits = runRule(rule('spelling'), bad, spelling);
      expect(hits.map((h) => h.eventExternalId)).toEqual(['e1']);
      expect(hits[0]?.detail).toBe(`${words.length} unknown words: ${words.join(', ')}`);
    });
  }
  it('Swedish compounds are words and stray letters are not; Ukrainian takes Latin script for numbers', () => {
    const sv = spellers.get('sv');
    const uk = spellers.get('uk');
    if (!sv || !uk) throw new Error('sv, uk');
    // Compounds missing from the word list (nspell knew neither) are words; a string of letters is not.
    expect(['returetikett', 'kundtjänstmedarbetare'].filter((w) => !sv.correct(w))).toEqual([]);
    expect(['xqzvbn', 'ordrebekräftelse'].filter((w) => sv.correct(w))).toEqual([]);
    // The Ukrainian ICONV lines: an English word in a reply to a Ukrainian customer is no misspelling.
    expect(['parcel', 'tomorrow'].filter((w) => !uk.correct(w))).toEqual([]);
    expect(uk.correct('посилкаа')).toBe(false);
  });
  it('zh-CN has no dictionary: never a spelling hit', () => {
    expect(
      runRule(rule('spelling'), contact('zh-CN', [['agent', 1, '您好，您的包裹今天发出。']]), spelling),
    ).toEqual([]);
  });
  it('leaves out addresses, numbers, codes, names inside sentences, the signed name and allowed words', () => {
    const en = spellers.get('en');
    if (!en) throw new Error('en');
    const text =
      'See https://exmple.com/trak?id=zzq or mail suport@exmple.com. Order 12345, code XQZT, ref AB12cd. Ask Grietje or Zorblax. Wibblewobble works.';
    expect(misspelt(text, en, new Set())).toEqual(['Wibblewobble']);
    expect(misspelt(text, en, new Set(['wibblewobble']))).toEqual([]);
    expect(misspelt('Zorblax here. Thanks!', en, new Set())).toEqual(['Zorblax']);
    const signed = contact('en', [
      ['customer', 0, 'Where is it?\nQuennell'],
      ['agent', 1, 'quennell, the parcl is mised and lost, sory.'],
    ]);
    expect(runRule(rule('spelling'), signed, spelling)[0]?.detail).toBe(
      '3 unknown words: parcl, mised, sory',
    );
  });
  it('the threshold and allow list are settings', () => {
    const strict = {
      ...rule('spelling'),
      settings: { minErrors: 1, allow: { en: ['shiped'] } },
    } as CheckRule;
    const c = contact('en', [['agent', 1, 'It was shiped tomorow.']]);
    expect(runRule(strict, c, spelling)[0]?.detail).toBe('1 unknown words: tomorow');
  });
});

describe('every enabled rule at once', () => {
  it('a disabled rule gives no hits', () => {
    const rules = DEFAULT_CHECK_RULES.map(
      (r) =>
        ({
          id: r.id,
          kind: r.kind,
          label: r.label,
          enabled: r.kind !== 'closing',
          settings: r.settings,
        }) as CheckRule,
    );
    const c = contact('en', [
      ['customer', 0, 'Hello?'],
      ['agent', 5, 'The parcel is late.'],
    ]);
    const ids = runContactChecks(rules, c, noSpellers).map((h) => h.ruleId);
    expect(ids).toEqual(['greeting', 'preferred_phrases']);
  });
});
