/**
 * The demo team's brand image in its customers' words: the four attributes it wants to be known
 * for and the two it fears, each with words in the five languages its customers write, and the
 * texts read against them, so "What customers say" has topics, tone and attributes after
 * `npm run demo`.
 */
import type { Engine } from '../../core/engine.js';
import { analyseTexts } from '../words/analyse.js';
import { replaceAttributes } from '../words/attributes.js';
import type { AnalysisRun, BrandAttribute } from '../words/contract.js';

/** The demo's attributes, worded as its customers write them (see words-texts.ts). */
export const DEMO_ATTRIBUTES: readonly BrandAttribute[] = [
  {
    id: 'fast',
    name: 'Fast',
    stance: 'intended',
    words: {
      en: ['fast', 'quick', 'speedy', 'within the hour', 'in minutes'],
      nl: ['snel', 'vlot', 'razendsnel', 'supersnel', 'binnen een uur'],
      sv: ['snabb', 'snabbt', 'blixtsnabbt', 'supersnabbt', 'inom en timme'],
      uk: ['швидко', 'швидкий', 'швидка', 'оперативно', 'блискавично'],
      zh: ['快', '及时', '很快', '迅速'],
    },
  },
  {
    id: 'friendly',
    name: 'Friendly',
    stance: 'intended',
    words: {
      en: ['friendly', 'kind', 'polite', 'lovely', 'patient'],
      nl: ['vriendelijk', 'aardig', 'geduldig', 'superlief', 'behulpzaam'],
      sv: ['trevlig', 'vänlig', 'tålmodig', 'supertrevlig'],
      uk: ['ввічливий', 'ввічливо', 'привітний', 'доброзичливий', 'уважний'],
      zh: ['热情', '耐心', '态度很好', '客气', '亲切'],
    },
  },
  {
    id: 'reliable',
    name: 'Reliable',
    stance: 'intended',
    words: {
      en: ['reliable', 'solved', 'sorted', 'in one go', 'fixed'],
      nl: ['betrouwbaar', 'opgelost', 'geregeld', 'in één keer'],
      sv: ['pålitlig', 'löst', 'fixat', 'på en gång'],
      uk: ['надійний', 'вирішили', 'владнали', 'з першого разу'],
      zh: ['靠谱', '解决', '一次就'],
    },
  },
  {
    id: 'expert',
    name: 'Expert',
    stance: 'intended',
    words: {
      en: ['expert', 'knowledgeable', 'clear explanation', 'advice'],
      nl: ['deskundig', 'duidelijke uitleg', 'advies', 'meegedacht'],
      sv: ['kunnig', 'tydlig förklaring', 'råd'],
      uk: ['фахова', 'фаховий', 'порада', 'пояснення'],
      zh: ['专业', '建议', '清楚'],
    },
  },
  {
    id: 'slow',
    name: 'Slow',
    stance: 'feared',
    words: {
      en: ['slow', 'waited', 'too long', 'on hold', 'still waiting'],
      nl: ['traag', 'te lang', 'wachten', 'in de wacht', 'stil'],
      sv: ['långsam', 'väntade', 'telefonkö', 'för lång tid'],
      uk: ['повільна', 'довго', 'чекаю', 'чекав', 'на лінії'],
      zh: ['慢', '太久', '排队', '等了'],
    },
  },
  {
    id: 'rude',
    name: 'Rude',
    stance: 'feared',
    words: {
      en: ['rude', 'unfriendly', 'dismissive', 'hung up'],
      nl: ['onbeleefd', 'onvriendelijk', 'kortaf', 'onbeschoft', 'botte'],
      sv: ['otrevlig', 'otrevligt', 'oförskämd'],
      uk: ['грубий', 'груба', 'грубе', 'нагрубив'],
      zh: ['态度很差', '没礼貌', '态度恶劣', '爱答不理'],
    },
  },
];

/** Sets the demo's brand attributes and reads every text not read yet; `now` is the demo's clock. */
export async function createDemoWords(engine: Engine, now: Date): Promise<AnalysisRun> {
  const replaced = await replaceAttributes(engine, DEMO_ATTRIBUTES, now);
  if (!replaced.ok) throw new Error(`the demo's brand attributes: ${JSON.stringify(replaced.error)}`);
  return analyseTexts(engine, 'new', now);
}
