/**
 * What the demo's customers write in their own words, in the five languages the team meets: survey
 * comments (praise, complaints, something in between) and the messages they send. Built from
 * frames and fillers, so one complaint comes in several forms (Ukrainian in its inflected forms,
 * Chinese without spaces), the way real customers vary: short and long, a typo or an emoji now and
 * then, sometimes an e-mail address, phone number or order number that the page has to mask.
 *
 * The text follows the figures: a slow contact gets complaints about waiting, a reopened one about
 * having to ask again, and each channel has its own grief (on hold by phone, the bot going round in
 * circles in chat, public anger on social media, no reply by e-mail). Every draw comes from the
 * stream handed in, so the same seed writes the same words.
 */
import type { Rng } from './random.js';
import type { DemoChannel, Topic } from './scenario.js';

export const DEMO_TEXT_LANGUAGES = ['nl', 'en', 'sv', 'uk', 'zh-CN'] as const;
export type DemoTextLanguage = (typeof DEMO_TEXT_LANGUAGES)[number];
export type CommentTone = 'positive' | 'neutral' | 'negative';

const PRAISE_THEMES = ['fast', 'friendly', 'helpful', 'oneGo'] as const;
type PraiseTheme = (typeof PRAISE_THEMES)[number];
const COMPLAINT_THEMES = [
  'delivery',
  'refund',
  'rude',
  'noAnswer',
  'app',
  'wrongItem',
  'hold',
  'bot',
  'public',
  'noReply',
] as const;
type ComplaintTheme = (typeof COMPLAINT_THEMES)[number];

/** What happened on the contact a text is about; all optional, a bare text is drawn at random. */
export interface TextSituation {
  channel?: DemoChannel;
  topic?: Topic;
  /** The first reply was slow for the channel. */
  slow?: boolean;
  /** Reopened, escalated or a second call: the customer had to come back. */
  troubled?: boolean;
}

interface LanguageTexts {
  /** Fillers for `{name}` slots; `{order}`, `{email}`, `{phone}`, `{days}` and `{agent}` are drawn. */
  fill: Record<string, readonly string[]>;
  praise: Record<PraiseTheme, readonly string[]>;
  /** Said after praise or a complaint, now and then. */
  praiseTail: readonly string[];
  complaintTail: readonly string[];
  neutral: readonly string[];
  complaint: Record<ComplaintTheme, readonly string[]>;
  /** A customer's first message on a topic. */
  question: Record<Topic, readonly string[]>;
  /** A later message when things go as they should. */
  followUp: readonly string[];
  /** Agent first names customers mention. */
  agents: readonly string[];
  /** Written without spaces between sentences (Chinese). */
  dense: boolean;
}

const digits = (r: Rng, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(r.int(0, 9));
  return s;
};

const NL: LanguageTexts = {
  fill: {
    fast: ['snel', 'razendsnel', 'heel snel', 'vlot', 'supersnel'],
    friendly: ['vriendelijk', 'erg vriendelijk', 'heel aardig', 'superlief', 'vriendelijk en geduldig'],
    helper: [
      'de medewerker',
      'de klantenservice',
      'de dame aan de telefoon',
      'de chatmedewerker',
      'jullie collega',
    ],
    parcel: ['pakket', 'bestelling', 'pakketje', 'zending'],
    item: ['jas', 'schoenen', 'koffiezetapparaat', 'bureaulamp', 'trui', 'tas'],
    wrong: ['de verkeerde maat', 'een andere kleur', 'iets heel anders', 'een kapot exemplaar'],
    thanks: ['Dank!', 'Bedankt!', 'Dank je wel.', 'Top, bedankt.', 'Hartelijk dank.'],
  },
  praise: {
    fast: [
      '{fast} geholpen, {thanks}',
      'Binnen een uur antwoord, heel fijn.',
      'Wat een {fast}e reactie! {thanks}',
      'Mijn vraag was {fast} beantwoord, zo hoort het.',
      'Ik had binnen tien minuten antwoord via de chat. {thanks}',
      '{fast} en duidelijk antwoord gekregen.',
    ],
    friendly: [
      '{helper} was {friendly}. {thanks}',
      'Heel {friendly} te woord gestaan door {agent}.',
      'Fijn contact, {friendly} en behulpzaam.',
      '{agent} was echt {friendly}, top service!',
      'Vriendelijke medewerker die echt luisterde.',
    ],
    helpful: [
      'Duidelijke uitleg, probleem opgelost.',
      '{helper} heeft goed meegedacht. {thanks}',
      'Goed geholpen met mijn {parcel}, ik ben tevreden.',
      'Deskundig advies over de {item}, echt een aanrader.',
      'Prima geholpen, alles is nu geregeld.',
    ],
    oneGo: [
      'In één keer opgelost, geen gedoe.',
      'Direct opgelost, ik hoefde niks meer te doen.',
      'Probleem met {order} meteen opgelost. {thanks}',
      'Eén mailtje en het was geregeld, top!',
    ],
  },
  praiseTail: ['Ik bestel hier zeker weer.', 'Ga zo door!', 'Echt top service.', '10/10'],
  complaintTail: [
    'Ik bestel hier niet meer.',
    'Heel teleurstellend.',
    'Slechte service.',
    'Dit kan echt beter.',
    'Nooit meer.',
  ],
  neutral: [
    'Het duurde wat lang, maar uiteindelijk opgelost.',
    'Redelijk.',
    'Oké, maar ik moest twee keer mailen.',
    'Geholpen, al was het antwoord niet helemaal duidelijk.',
    'Prima, niks bijzonders.',
    'Uiteindelijk is mijn {parcel} aangekomen.',
    'Gaat wel. Ik wacht nog even af of de {item} goed is.',
    'Antwoord was correct, duurde alleen {days} dagen.',
    'Neutraal, de vraag is beantwoord.',
    'Het is geregeld, maar ik moest het zelf nog navragen.',
  ],
  complaint: {
    delivery: [
      'Mijn {parcel} is na {days} dagen nog steeds niet bezorgd!',
      'De levering duurt veel te lang, {parcel} {order} staat al dagen stil.',
      'Trage levering en niemand weet waar mijn {parcel} is.',
      'Pakket bij de buren afgeleverd zonder briefje. Slecht.',
    ],
    refund: [
      'Ik wacht al {days} dagen op mijn terugbetaling.',
      'Nog steeds geen geld terug voor de {item}, belachelijk.',
      'Retour is al lang binnen maar de terugbetaling blijft uit.',
      'Mijn geld voor bestelling {order} is nog steeds niet teruggestort!',
    ],
    rude: [
      '{helper} was onbeleefd en kortaf.',
      'Onvriendelijk behandeld, ik voelde me niet serieus genomen.',
      'Wat een botte reactie van {agent}.',
      'Zo onbeschoft, en dan nog ophangen ook.',
    ],
    noAnswer: [
      'Veel te lang moeten wachten op antwoord.',
      'Probleem is nog steeds niet opgelost!',
      'Ik moest drie keer bellen, en elke keer een ander verhaal.',
      'Geen antwoord gekregen op mijn vraag, bel me op {phone}.',
    ],
    app: [
      'De app crasht steeds bij het afrekenen.',
      'Inloggen in de app lukt niet, de resetlink komt nooit aan.',
      'Jullie app loopt vast, ik kan mijn {parcel} niet volgen.',
    ],
    wrongItem: [
      'Ik kreeg {wrong} in plaats van de {item} die ik bestelde.',
      'Verkeerd artikel geleverd, {order}. Nu moet ik alles terugsturen.',
      'Verkeerde {item} ontvangen en niemand reageert.',
    ],
    hold: [
      'Ik hing {days}0 minuten in de wacht aan de telefoon.',
      'Eindeloos in de wacht met dat muziekje, en toen werd ik doorverbonden naar de verkeerde afdeling.',
      'Telefonisch onbereikbaar, steeds in de wacht.',
    ],
    bot: [
      'De chatbot stuurt me steeds rond in een kringetje.',
      'Die chatbot begrijpt niks, ik wil gewoon een mens spreken!',
      'Drie keer dezelfde vraag van de bot gekregen.',
    ],
    public: [
      'Schandalig hoe jullie met klanten omgaan. Iedereen moet dit weten!',
      'Al een week geen reactie, dus dan maar openbaar: waardeloze service!!',
      '@webshop jullie klantenservice is een grap. Nooit meer.',
    ],
    noReply: [
      'Drie mails gestuurd naar klantenservice, nog steeds geen antwoord.',
      'Ik mail al een week, reageer eens! {email}',
      'Geen reactie op mijn e-mail over {order}.',
    ],
  },
  question: {
    delivery: [
      'Mijn bestelling {order} is nog niet aangekomen, de track & trace staat al {days} dagen stil.',
      'Het pakket is bij de buren afgeleverd maar die zijn op vakantie.',
      'Wanneer wordt mijn {parcel} verstuurd? Ik heb maandag besteld.',
    ],
    returns: [
      'Ik wil de {item} retourneren, hij is te klein. Hoe krijg ik een retourlabel?',
      'Ik wacht nog op mijn terugbetaling voor {order}.',
      'Kan ik de {item} ruilen voor een andere maat?',
    ],
    payment: [
      'Er is twee keer afgeschreven voor bestelling {order}.',
      'Kan ik achteraf betalen?',
      'Mijn betaling is mislukt maar het geld is wel van mijn rekening af.',
    ],
    'product question': [
      'Past deze lamp ook op een fitting E14?',
      'Wanneer is de blauwe {item} weer op voorraad?',
      'Is de {item} ook geschikt voor buiten?',
    ],
    account: [
      'Ik kan niet inloggen, de resetlink komt niet aan.',
      'Wilt u mijn e-mailadres wijzigen naar {email}?',
      'Hoe verwijder ik mijn account?',
    ],
    complaint: [
      'Dit is al de derde keer dat ik contact opneem. Erg teleurstellend.',
      'Het product was na een week kapot.',
      'Jullie bezorger heeft mijn {parcel} in de regen laten staan.',
    ],
  },
  followUp: [
    'Het werkt nog steeds niet.',
    'Ik heb een foto bijgevoegd.',
    'Ordernummer is {order}.',
    'Nog nieuws?',
  ],
  agents: ['Sanne', 'Daan', 'Fleur', 'Ruben'],
  dense: false,
};

const EN: LanguageTexts = {
  fill: {
    fast: ['quick', 'fast', 'really quick', 'lightning fast', 'speedy'],
    friendly: ['friendly', 'very friendly', 'so kind', 'lovely', 'patient and friendly'],
    helper: ['the agent', 'customer service', 'the lady on the phone', 'the chat agent', 'your colleague'],
    parcel: ['parcel', 'order', 'package', 'delivery'],
    item: ['jacket', 'shoes', 'coffee maker', 'desk lamp', 'jumper', 'bag'],
    wrong: ['the wrong size', 'a different colour', 'something else entirely', 'a broken one'],
    thanks: ['Thanks!', 'Thank you.', 'Cheers!', 'Many thanks.', 'Much appreciated.'],
  },
  praise: {
    fast: [
      '{fast} and friendly, {thanks}',
      'Problem solved within the hour, well done.',
      'Such a {fast} reply! {thanks}',
      'Answered my question in minutes.',
      'Got a {fast} answer in the chat. {thanks}',
      'Really {fast} service, refund came the next day.',
    ],
    friendly: [
      '{helper} was {friendly}. {thanks}',
      '{agent} was {friendly} and actually listened.',
      'Lovely experience, friendly and helpful.',
      'Great service from {agent}, very polite.',
      'Friendly people, felt taken seriously.',
    ],
    helpful: [
      'Clear explanation, problem solved.',
      '{helper} really helped me with my {parcel}.',
      'Very helpful advice on the {item}, recommended.',
      'Great service.',
      'Helpful and knowledgeable, everything sorted.',
    ],
    oneGo: [
      'Sorted in one go, no hassle at all.',
      'Fixed straight away, nothing more for me to do.',
      'Issue with order {order} solved on the first call. {thanks}',
      'One e-mail and it was done!',
    ],
  },
  praiseTail: ['Will definitely order again.', 'Keep it up!', 'Top service.', '10/10'],
  complaintTail: [
    'Never ordering again.',
    'Very disappointing.',
    'Terrible service.',
    'Not good enough.',
    'Awful.',
  ],
  neutral: [
    'Took a while, but sorted in the end.',
    'OK, though I had to explain it twice.',
    'It was fine I guess.',
    'Answer was correct, just took {days} days.',
    'My {parcel} arrived eventually.',
    'Average. Nothing special.',
    'Got an answer, still waiting to see if the {item} fits.',
    'Resolved, but I had to chase it myself.',
    'Neither good nor bad.',
    'The reply was a bit generic but it did answer my question.',
  ],
  complaint: {
    delivery: [
      'My {parcel} still has not arrived after {days} days!',
      'Delivery is far too slow, order {order} has been stuck for days.',
      'Slow delivery and nobody knows where my {parcel} is.',
      'Courier left my {parcel} in the rain. Everything is wet.',
    ],
    refund: [
      'Been waiting {days} days for my refund.',
      'Still no refund for the {item}, ridiculous.',
      'You received my return weeks ago but the refund never came.',
      'Where is my money for order {order}?!',
    ],
    rude: [
      '{helper} was rude and short with me.',
      'Unfriendly and dismissive, I did not feel taken seriously.',
      'What a rude reply from {agent}.',
      'So rude, and then they hung up on me.',
    ],
    noAnswer: [
      'Waited far too long for a reply.',
      'Still not solved, very disappointing.',
      'Terrible.\nThree calls, three different answers.',
      'No answer to my question. Call me on {phone}.',
    ],
    app: [
      'The app keeps crashing at checkout.',
      'Cannot log in to the app, the reset link never arrives.',
      'Your app freezes, I cannot track my {parcel}.',
    ],
    wrongItem: [
      'I got {wrong} instead of the {item} I ordered.',
      'Wrong item delivered, order {order}. Now I have to send it all back.',
      'Received the wrong {item} and nobody replies.',
    ],
    hold: [
      'On hold for {days}0 minutes on the phone.',
      'Endless hold music, then transferred to the wrong department.',
      'Impossible to reach by phone, always on hold.',
    ],
    bot: [
      'The chatbot keeps sending me round in circles.',
      'That chatbot understands nothing, I just want a human!',
      'The bot asked me the same question three times.',
    ],
    public: [
      'Shameful how you treat customers. Everyone should know!',
      'No response for a week so here it is in public: useless service!!',
      '@webshop your customer service is a joke. Never again.',
    ],
    noReply: [
      'Nobody reads my e-mails, "customer service" my foot.',
      'Sent three e-mails, still no reply. {email}',
      'No reply to my e-mail about order {order}.',
    ],
  },
  question: {
    delivery: [
      'My order {order} has not arrived yet and tracking has said "in transit" for {days} days.',
      'The {parcel} was delivered to the wrong address. Can you help?',
      'When will my order be shipped? I ordered last Monday.',
    ],
    returns: [
      'I would like to return the {item}, it is too small. How do I get a return label?',
      'I sent my return two weeks ago but have not received my refund.',
      'Can I exchange the {item} for a bigger size?',
    ],
    payment: [
      'I was charged twice for order {order}.',
      'My payment failed but the money has left my account.',
      'Can I pay the invoice in instalments?',
    ],
    'product question': [
      'Is this coffee maker compatible with the capsules I already have?',
      'Do you know when the blue {item} will be back in stock?',
      'What are the dimensions of the desk lamp?',
    ],
    account: [
      'I cannot log in, the reset link does not arrive.',
      'Please change the e-mail address of my account to {email}.',
      'How do I delete my account?',
    ],
    complaint: [
      'This is the third time I have to contact you about the same problem. Very disappointing.',
      'The product broke after one week and nobody answers my e-mails.',
      'Your courier left my {parcel} in the rain. Everything is wet.',
    ],
  },
  followUp: [
    'Thanks, but it still does not work.',
    'I have attached a photo.',
    'Order number is {order}.',
    'Any news on this?',
  ],
  agents: ['Sanne', 'Daan', 'Fleur', 'Ruben'],
  dense: false,
};

const SV: LanguageTexts = {
  fill: {
    fast: ['snabbt', 'supersnabbt', 'väldigt snabbt', 'blixtsnabbt', 'snabbt och smidigt'],
    friendly: ['trevlig', 'jättetrevlig', 'vänlig', 'otroligt vänlig', 'trevlig och tålmodig'],
    helper: ['kundtjänst', 'personalen', 'tjejen i telefon', 'chattpersonalen', 'er medarbetare'],
    parcel: ['beställning', 'leverans', 'order'],
    item: ['jackan', 'skorna', 'kaffebryggaren', 'lampan', 'tröjan', 'väskan'],
    wrong: ['fel storlek', 'en annan färg', 'något helt annat', 'en trasig'],
    thanks: ['Tack!', 'Tack så mycket.', 'Stort tack!', 'Tusen tack.'],
  },
  praise: {
    fast: [
      'Fick hjälp {fast}, {thanks}',
      'Svar inom en timme, toppen.',
      'Väldigt snabb återkoppling! {thanks}',
      'Frågan löstes {fast} i chatten.',
      'Snabb och bra service.',
    ],
    friendly: [
      '{helper} var {friendly}. {thanks}',
      '{agent} var {friendly} och lyssnade verkligen.',
      'Trevligt bemötande hela vägen.',
      'Supertrevlig kundtjänst, tack {agent}!',
      'Vänlig personal som tog mig på allvar.',
    ],
    helpful: [
      'Tydlig förklaring, problemet löst.',
      '{helper} hjälpte mig verkligen med min {parcel}.',
      'Bra råd om {item}, rekommenderas.',
      'Mycket hjälpsam och kunnig personal.',
    ],
    oneGo: [
      'Löst på en gång, inget krångel.',
      'Fixat direkt, jag behövde inte göra något mer.',
      'Problemet med order {order} löstes på första samtalet.',
      'Ett mejl och allt var klart!',
    ],
  },
  praiseTail: ['Handlar gärna igen.', 'Fortsätt så!', 'Toppenservice.', '10/10'],
  complaintTail: ['Handlar aldrig här igen.', 'Mycket besviken.', 'Dålig service.', 'Inte okej.'],
  neutral: [
    'Det tog ett tag men löstes till slut.',
    'Okej, men jag fick förklara två gånger.',
    'Helt okej.',
    'Svaret var rätt, tog bara {days} dagar.',
    'Min {parcel} kom fram till slut.',
    'Varken bra eller dåligt.',
    'Fick svar, väntar och ser om {item} passar.',
    'Löst, men jag fick själv jaga dem.',
    'Godkänt, inget speciellt.',
  ],
  complaint: {
    delivery: [
      'Min {parcel} har fortfarande inte kommit efter {days} dagar!',
      'Leveransen tar alldeles för lång tid, order {order} står still.',
      'Långsam leverans och ingen vet var mitt paket är.',
      'Budet lämnade paketet i regnet. Allt är blött.',
    ],
    refund: [
      'Jag har väntat {days} dagar på min återbetalning.',
      'Fortfarande ingen återbetalning för {item}, löjligt.',
      'Ni fick min retur för länge sedan men pengarna har inte kommit.',
      'Var är mina pengar för order {order}?!',
    ],
    rude: [
      '{helper} var otrevlig och kort i tonen.',
      'Otrevligt bemötande, kände mig inte tagen på allvar.',
      'Vilket otrevligt svar från {agent}.',
      'Så oförskämd, och sen lade hon på.',
    ],
    noAnswer: [
      'Väntade alldeles för länge på svar.',
      'Fortfarande inte löst, mycket besviken.',
      'Tre samtal, tre olika svar.',
      'Inget svar på min fråga. Ring mig på {phone}.',
    ],
    app: [
      'Appen kraschar hela tiden i kassan.',
      'Kan inte logga in i appen, återställningslänken kommer aldrig.',
      'Appen hänger sig, jag kan inte spåra mitt paket.',
    ],
    wrongItem: [
      'Jag fick {wrong} i stället för {item} som jag beställde.',
      'Fel vara levererad, order {order}. Nu måste jag skicka tillbaka allt.',
      'Fick fel {item} och ingen svarar.',
    ],
    hold: [
      'Stod i telefonkö i {days}0 minuter.',
      'Oändlig väntemusik, sen kopplad till fel avdelning.',
      'Omöjligt att nå er på telefon, alltid kö.',
    ],
    bot: [
      'Chattboten skickar mig runt i cirklar.',
      'Chattboten förstår ingenting, jag vill prata med en människa!',
      'Boten frågade samma sak tre gånger.',
    ],
    public: [
      'Skamligt hur ni behandlar kunder. Alla borde veta det!',
      'Inget svar på en vecka så nu skriver jag offentligt: värdelös service!!',
      '@webshop er kundtjänst är ett skämt.',
    ],
    noReply: [
      'Skickat tre mejl till kundtjänst, fortfarande inget svar.',
      'Jag har mejlat i en vecka, svara! {email}',
      'Inget svar på mitt mejl om order {order}.',
    ],
  },
  question: {
    delivery: [
      'Min beställning {order} har inte kommit fram än.',
      'Paketet levererades till fel adress. Kan ni hjälpa mig?',
      'När skickas min order? Jag beställde i måndags.',
    ],
    returns: [
      'Jag vill returnera {item}, den är för liten.',
      'Jag skickade min retur för två veckor sedan men har inte fått pengarna.',
      'Kan jag byta {item} mot en större storlek?',
    ],
    payment: [
      'Jag har blivit debiterad två gånger för order {order}.',
      'Betalningen misslyckades men pengarna är dragna.',
      'Kan jag betala fakturan i delar?',
    ],
    'product question': ['Finns lampan i blått?', 'När kommer {item} tillbaka i lager?', 'Tål {item} regn?'],
    account: [
      'Jag kan inte logga in.',
      'Ändra min e-postadress till {email}, tack.',
      'Hur tar jag bort mitt konto?',
    ],
    complaint: [
      'Produkten gick sönder efter en vecka.',
      'Det här är tredje gången jag hör av mig om samma sak.',
      'Budet lämnade mitt paket i regnet.',
    ],
  },
  followUp: [
    'Det fungerar fortfarande inte.',
    'Några nyheter?',
    'Ordernumret är {order}.',
    'Jag har bifogat en bild.',
  ],
  agents: ['Sanne', 'Daan', 'Fleur', 'Ruben'],
  dense: false,
};

const UK: LanguageTexts = {
  fill: {
    fast: ['швидко', 'дуже швидко', 'блискавично', 'оперативно', 'швидко й чітко'],
    friendly: ['ввічливий', 'дуже привітний', 'доброзичливий', 'уважний і ввічливий', 'привітний'],
    helper: ['оператор', 'консультант', 'служба підтримки', 'менеджер у чаті', 'ваш співробітник'],
    parcel: ['посилка', 'замовлення', 'доставка', 'пакунок'],
    parcelAcc: ['посилку', 'замовлення', 'пакунок'],
    parcelGen: ['посилки', 'замовлення', 'пакунка'],
    item: ['куртку', 'черевики', 'кавоварку', 'лампу', 'светр', 'сумку'],
    wrong: ['не той розмір', 'інший колір', 'зовсім інший товар', 'зламаний товар'],
    thanks: ['Дякую!', 'Щиро дякую.', 'Дуже дякую!', 'Дякую вам.'],
  },
  praise: {
    fast: [
      'Допомогли {fast}, {thanks}',
      'Відповіли протягом години, дуже приємно.',
      'Дуже швидка відповідь! {thanks}',
      'Питання вирішили {fast} в чаті.',
      'Швидко і якісно, рекомендую.',
      'Швидка доставка і швидка відповідь операторів.',
    ],
    friendly: [
      'Оператор був {friendly}. {thanks}',
      '{agent} дуже ввічливо все пояснила.',
      'Приємне спілкування з оператором, дуже ввічливі люди.',
      'Ввічливий консультант, уважно вислухав.',
      'Привітна служба підтримки, дякую {agent}!',
    ],
    helpful: [
      'Зрозуміле пояснення, проблему вирішено.',
      'Консультант допоміг з моєю посилкою.',
      'Корисна порада щодо товару, дякую операторові.',
      'Дуже допомогли, все владнали.',
      'Фахова консультація, все чітко.',
    ],
    oneGo: [
      'Вирішили з першого разу, без зайвих питань.',
      'Все владнали одразу, мені нічого не довелося робити.',
      'Проблему із замовленням {order} вирішили за один дзвінок.',
      'Один лист, і все готово!',
    ],
  },
  praiseTail: ['Обов’язково замовлятиму ще.', 'Так тримати!', 'Чудовий сервіс.', '10/10'],
  complaintTail: ['Більше не замовлятиму.', 'Дуже розчарована.', 'Жахливий сервіс.', 'Дуже розчарований.'],
  neutral: [
    'Довго, але зрештою вирішили.',
    'Нормально, хоча довелося пояснювати двічі.',
    'Загалом нормально.',
    'Відповідь правильна, але чекав {days} дні.',
    'Посилка зрештою прийшла.',
    'Ні добре, ні погано.',
    'Відповіли, чекаю, чи підійде {item}.',
    'Вирішили, але мені довелося самому нагадувати.',
    'Звичайний сервіс, нічого особливого.',
  ],
  complaint: {
    delivery: [
      'Моя посилка досі не прийшла після {days} днів!',
      'Доставка надто повільна, замовлення {order} стоїть на місці.',
      'Повільна доставка, і ніхто не знає, де моя посилка.',
      'Кур’єр залишив посилку під дощем. Все мокре.',
      'Чекаю на доставку посилки вже {days} днів.',
    ],
    refund: [
      'Вже {days} днів чекаю на повернення коштів.',
      'Досі не повернули гроші за {item}, це смішно.',
      'Ви давно отримали моє повернення, а кошти так і не прийшли.',
      'Де мої гроші за замовлення {order}?!',
    ],
    rude: [
      'Оператор був грубий і різкий.',
      'Грубе ставлення, мене не сприйняли серйозно.',
      'Яка груба відповідь від оператора.',
      'Оператор нагрубив і поклав слухавку.',
    ],
    noAnswer: [
      'Дуже довго чекав на відповідь.',
      'Проблему досі не вирішено, дуже розчарований.',
      'Три дзвінки, три різні відповіді.',
      'Ніхто не відповів на моє питання. Зателефонуйте мені: {phone}.',
    ],
    app: [
      'Застосунок постійно вилітає під час оплати.',
      'Не можу увійти в застосунок, посилання для відновлення не приходить.',
      'Додаток зависає, не можу відстежити посилку.',
    ],
    wrongItem: [
      'Отримала {wrong} замість того, що замовляла.',
      'Надіслали не той товар, замовлення {order}. Тепер треба все повертати.',
      'Прийшов не той товар, і ніхто не відповідає.',
    ],
    hold: [
      'Чекав на лінії {days}0 хвилин.',
      'Нескінченна музика очікування, а потім переключили не туди.',
      'До вас неможливо додзвонитися, постійно на утриманні.',
    ],
    bot: [
      'Чат-бот ганяє мене по колу.',
      'Бот нічого не розуміє, я хочу поговорити з людиною!',
      'Бот тричі поставив те саме питання.',
    ],
    public: [
      'Ганебне ставлення до клієнтів. Нехай усі знають!',
      'Тиждень без відповіді, тож пишу публічно: жахлива підтримка!!',
      '@webshop ваша служба підтримки — це жарт.',
    ],
    noReply: [
      'Надіслав три листи в підтримку, досі без відповіді.',
      'Пишу вже тиждень, дайте відповідь! {email}',
      'Жодної відповіді на мій лист щодо замовлення {order}.',
    ],
  },
  question: {
    delivery: [
      'Моє замовлення {order} ще не прийшло, відстеження не оновлюється {days} дні.',
      'Посилку доставили не за тією адресою. Допоможіть, будь ласка.',
      'Коли відправлять моє замовлення? Я замовила в понеділок.',
    ],
    returns: [
      'Хочу повернути {item}, замала. Як отримати етикетку для повернення?',
      'Я відправив повернення два тижні тому, але гроші не повернули.',
      'Чи можна обміняти {item} на більший розмір?',
    ],
    payment: [
      'З мене двічі списали гроші за замовлення {order}.',
      'Оплата не пройшла, але гроші з картки списали.',
      'Чи можна оплатити частинами?',
    ],
    'product question': [
      'Чи є ця лампа в синьому кольорі?',
      'Коли {item} знову буде в наявності?',
      'Які розміри настільної лампи?',
    ],
    account: [
      'Не можу увійти, посилання для скидання пароля не приходить.',
      'Змініть, будь ласка, мою електронну адресу на {email}.',
      'Як видалити мій обліковий запис?',
    ],
    complaint: [
      'Я звертаюся вже втретє з тією самою проблемою.',
      'Товар зламався через тиждень.',
      'Кур’єр залишив мою посилку під дощем.',
    ],
  },
  followUp: ['Досі не працює.', 'Є новини?', 'Номер замовлення {order}.', 'Додаю фото.'],
  agents: ['Санне', 'Даан', 'Флер'],
  dense: false,
};

const ZH: LanguageTexts = {
  fill: {
    fast: ['很快', '非常快', '特别快', '超级快', '及时'],
    friendly: ['很热情', '态度很好', '非常耐心', '很亲切', '服务态度好'],
    helper: ['客服', '客服小姐姐', '售后', '在线客服', '你们的客服'],
    parcel: ['快递', '包裹', '订单', '货'],
    item: ['外套', '鞋子', '咖啡机', '台灯', '毛衣', '包'],
    wrong: ['尺码不对的', '颜色不对的', '完全不一样的东西', '坏的'],
    thanks: ['谢谢！', '非常感谢！', '感谢！', '谢谢客服。'],
  },
  praise: {
    fast: [
      '客服回复{fast}，{thanks}',
      '一个小时内就回复了，很满意。',
      '处理速度{fast}，{thanks}',
      '在线客服{fast}就解决了我的问题。',
      '发货快，客服回复也快。',
    ],
    friendly: [
      '{helper}{friendly}，{thanks}',
      '客服态度很好，耐心解答。',
      '客服小姐姐特别有耐心，点赞！',
      '服务很周到，客服很热情。',
      '{helper}说话很客气，体验很好。',
    ],
    helpful: [
      '解释得很清楚，问题解决了。',
      '{helper}帮我查到了{parcel}，非常专业。',
      '关于{item}的建议很有用，推荐。',
      '很专业，什么都处理好了。',
    ],
    oneGo: [
      '一次就解决了，没有麻烦。',
      '马上就处理好了，我什么都不用做。',
      '订单{order}的问题一次就解决了。',
      '发了一封邮件就搞定了！',
    ],
  },
  praiseTail: ['还会再来买。', '继续保持！', '五星好评！', '满分'],
  complaintTail: ['再也不买了。', '非常失望。', '服务太差了。', '差评！'],
  neutral: [
    '时间有点长，不过最后解决了。',
    '还行吧，就是要解释两遍。',
    '一般般。',
    '回答是对的，就是等了{days}天。',
    '{parcel}最后还是到了。',
    '不好也不坏。',
    '已经回复了，看看{item}合不合适。',
    '解决了，但是我自己催了好几次。',
    '普通，没什么特别的。',
  ],
  complaint: {
    delivery: [
      '{days}天了{parcel}还没到！',
      '物流太慢了，订单{order}好几天没动了。',
      '发货慢，也没人知道我的快递在哪里。',
      '快递员把包裹放在雨里，全湿了。',
    ],
    refund: [
      '退款等了{days}天还没到账。',
      '{item}的退款到现在还没退，太离谱了。',
      '退货早就寄回去了，钱一直没退。',
      '订单{order}的钱什么时候退？！',
    ],
    rude: [
      '客服态度很差，说话很冲。',
      '客服爱答不理，根本不把顾客当回事。',
      '客服态度恶劣，还直接挂电话。',
      '{helper}太没礼貌了。',
    ],
    noAnswer: [
      '等回复等了太久了。',
      '问题到现在还没解决，非常失望。',
      '打了三次电话，三个不同的答案。',
      '客服一直不回复，请打我电话{phone}。',
    ],
    app: ['付款的时候APP一直闪退。', 'APP登录不了，重置密码的链接一直收不到。', 'APP老是卡死，查不了物流。'],
    wrongItem: [
      '收到的是{wrong}，不是我买的{item}。',
      '发错货了，订单号{order}，现在还得全部退回去。',
      '收到的{item}不对，客服也不理人。',
    ],
    hold: [
      '电话排队等了{days}0分钟。',
      '一直在听等待音乐，最后还转错了部门。',
      '电话根本打不通，一直在排队。',
    ],
    bot: ['机器人客服一直在绕圈子。', '智能客服什么都听不懂，我要人工客服！', '机器人同一个问题问了三遍。'],
    public: [
      '这样对待顾客太过分了，大家都来看看！',
      '一个星期没人回复，只好公开说：客服太差了！！',
      '@webshop 你们的客服就是个笑话。',
    ],
    noReply: [
      '给客服发了三封邮件，到现在都没回复。',
      '发邮件一个星期了，请回复！{email}',
      '关于订单{order}的邮件一直没人回。',
    ],
  },
  question: {
    delivery: [
      '我的订单{order}还没到，物流信息{days}天没更新了。',
      '包裹送错地址了，能帮忙处理一下吗？',
      '我的订单什么时候发货？我星期一下的单。',
    ],
    returns: [
      '{item}太小了想退货，怎么拿退货标签？',
      '两个星期前寄回了退货，但是还没收到退款。',
      '{item}可以换大一号吗？',
    ],
    payment: ['订单{order}被扣了两次钱。', '付款失败了，但是钱已经扣了。', '可以分期付款吗？'],
    'product question': ['这款台灯有蓝色的吗？', '{item}什么时候补货？', '台灯的尺寸是多少？'],
    account: ['登录不了，重置链接收不到。', '请把我的邮箱改成{email}。', '怎么注销账号？'],
    complaint: [
      '同一个问题我已经是第三次联系你们了。',
      '东西用了一个星期就坏了。',
      '快递员把我的包裹放在雨里。',
    ],
  },
  followUp: ['还是不行。', '有消息了吗？', '订单号是{order}。', '我发了照片。'],
  agents: ['Sanne', 'Daan'],
  dense: true,
};

const TEXTS: Record<DemoTextLanguage, LanguageTexts> = { nl: NL, en: EN, sv: SV, uk: UK, 'zh-CN': ZH };

const PHONES: Record<DemoTextLanguage, (r: Rng) => string> = {
  nl: (r) => (r.chance(0.5) ? `06-${digits(r, 8)}` : `+31 6 ${digits(r, 4)} ${digits(r, 4)}`),
  en: (r) => `+44 7700 ${digits(r, 6)}`,
  sv: (r) => `070-${digits(r, 3)} ${digits(r, 2)} ${digits(r, 2)}`,
  uk: (r) => `+380 67 ${digits(r, 3)} ${digits(r, 4)}`,
  'zh-CN': (r) => `138${digits(r, 8)}`,
};

const EMOJI = {
  positive: ['👍', '😊', '🙏', '❤️', '👌', '🎉'],
  neutral: ['🤷', '😐', '🙂'],
  negative: ['😡', '👎', '😤', '🙄', '😞'],
} as const;

/** A letter dropped or two swapped, as hurried typing does; never in Chinese. */
function typo(r: Rng, text: string): string {
  const words = text.split(' ');
  const candidates = words.map((w, i) => [w, i] as const).filter(([w]) => /^\p{L}{5,}$/u.test(w));
  if (candidates.length === 0) return text;
  const [word, index] = r.pick(candidates);
  const at = r.int(1, word.length - 2);
  words[index] = r.chance(0.5)
    ? word.slice(0, at) + word.slice(at + 1)
    : word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2);
  return words.join(' ');
}

/** Which complaint the situation calls for: its channel's own grief, its topic's, or waiting. */
function complaintTheme(r: Rng, s: TextSituation): ComplaintTheme {
  const channelTheme: Record<DemoChannel, ComplaintTheme> = {
    phone: 'hold',
    chat: 'bot',
    social: 'public',
    email: 'noReply',
  };
  if (s.channel && r.chance(s.slow ? 0.45 : 0.3)) return channelTheme[s.channel];
  if ((s.slow || s.troubled) && r.chance(0.4)) return 'noAnswer';
  const byTopic: Record<Topic, readonly ComplaintTheme[]> = {
    delivery: ['delivery', 'delivery', 'wrongItem'],
    returns: ['refund', 'refund', 'wrongItem'],
    payment: ['refund', 'app'],
    'product question': ['wrongItem', 'noAnswer'],
    account: ['app', 'app', 'noAnswer'],
    complaint: ['rude', 'delivery', 'wrongItem', 'noAnswer'],
  };
  if (s.topic && r.chance(0.7)) return r.pick(byTopic[s.topic]);
  return r.pick(COMPLAINT_THEMES);
}

function praiseTheme(r: Rng, s: TextSituation): PraiseTheme {
  // A slow contact is not praised for speed, a troubled one not for solving it in one go.
  const themes = PRAISE_THEMES.filter((t) => !(t === 'fast' && s.slow) && !(t === 'oneGo' && s.troubled));
  return r.pick(themes);
}

/** Writes the demo customers' words from a stream of its own. */
export class DemoWords {
  constructor(private readonly r: Rng) {}

  private fill(language: DemoTextLanguage, frame: string): string {
    const r = this.r;
    const t = TEXTS[language];
    return frame.replace(/\{(\w+)\}/g, (_, slot: string) => {
      if (slot === 'order')
        return r.chance(0.5)
          ? `#${digits(r, 6)}`
          : r.chance(0.5)
            ? `WS-${digits(r, 7)}`
            : `${digits(r, 4)}-${digits(r, 3)}`;
      if (slot === 'email')
        return `${r.pick(['klant', 'me', 'info', 'anna', 'olena', 'wei', 'erik'])}${r.int(1, 99)}@example.com`;
      if (slot === 'phone') return PHONES[language](r);
      if (slot === 'days') return String(r.int(3, 14));
      if (slot === 'agent') return r.pick(t.agents);
      const pool = t.fill[slot];
      return pool ? r.pick(pool) : slot;
    });
  }

  private finish(language: DemoTextLanguage, parts: string[], tone: CommentTone): string {
    const r = this.r;
    const t = TEXTS[language];
    let text = parts.join(t.dense ? '' : ' ');
    // A sentence may start with a filler: capitalise it, as the customer would.
    if (!t.dense) text = text.charAt(0).toUpperCase() + text.slice(1);
    if (!t.dense && r.chance(0.08)) text = typo(r, text);
    if (r.chance(0.05)) text = text.toLowerCase();
    if (r.chance(tone === 'neutral' ? 0.05 : 0.15)) text += `${t.dense ? '' : ' '}${r.pick(EMOJI[tone])}`;
    return text;
  }

  /** A survey comment of the given tone, fitting what happened on the contact. */
  comment(language: DemoTextLanguage, tone: CommentTone, situation: TextSituation = {}): string {
    const r = this.r;
    const t = TEXTS[language];
    const parts: string[] = [];
    if (tone === 'positive') {
      parts.push(this.fill(language, r.pick(t.praise[praiseTheme(r, situation)])));
      if (r.chance(0.25)) parts.push(this.fill(language, r.pick(t.praise[praiseTheme(r, situation)])));
      if (r.chance(0.2)) parts.push(r.pick(t.praiseTail));
    } else if (tone === 'negative') {
      parts.push(this.fill(language, r.pick(t.complaint[complaintTheme(r, situation)])));
      if (r.chance(0.3)) parts.push(this.fill(language, r.pick(t.complaint[complaintTheme(r, situation)])));
      if (r.chance(0.35)) parts.push(r.pick(t.complaintTail));
    } else {
      parts.push(this.fill(language, r.pick(t.neutral)));
      if (r.chance(0.15)) parts.push(this.fill(language, r.pick(t.neutral)));
    }
    if (r.chance(0.05)) parts.push(this.fill(language, r.pick(['{order}', '{email}', '{phone}'])));
    return this.finish(language, [...new Set(parts)], tone);
  }

  /**
   * A customer's message: the question on the contact's topic first; later ones impatient when the
   * contact went slowly or had to be reopened, otherwise a plain follow-up.
   */
  message(language: DemoTextLanguage, situation: TextSituation, first: boolean): string {
    const r = this.r;
    const t = TEXTS[language];
    const topic = situation.topic ?? r.pick(Object.keys(t.question) as Topic[]);
    const angry = situation.channel === 'social' && topic === 'complaint' && r.chance(0.5);
    if (first && !angry) {
      const question = this.fill(language, r.pick(t.question[topic]));
      if (situation.channel === 'social' && r.chance(0.3))
        return this.finish(language, [question, this.fill(language, r.pick(t.complaint.public))], 'negative');
      return question;
    }
    if (angry || ((situation.slow || situation.troubled) && r.chance(0.6)))
      return this.comment(language, 'negative', situation);
    if (!first && r.chance(0.12)) return this.comment(language, 'positive', situation);
    return this.fill(language, r.pick(t.followUp));
  }
}

/** A survey comment with the 1–5 score its writer gave, which agrees with its tone only mostly. */
export interface LabelledComment {
  language: DemoTextLanguage;
  tone: CommentTone;
  score: number;
  text: string;
}

const NOISY_SCORES: Record<CommentTone, { scores: readonly number[]; weights: readonly number[] }> = {
  // Praise with a middling score and a complaint with a four: as real customers answer.
  positive: { scores: [5, 4, 3], weights: [58, 32, 10] },
  neutral: { scores: [4, 3, 2], weights: [25, 55, 20] },
  negative: { scores: [1, 2, 3, 4], weights: [45, 35, 15, 5] },
};

/**
 * `count` labelled comments in `language` with a mix of tones (half praise, a third complaints, the
 * rest in between) and the situations the demo has (channels, topics, slow and troubled contacts).
 */
export function labelledComments(rng: Rng, language: DemoTextLanguage, count: number): LabelledComment[] {
  const words = new DemoWords(rng);
  const channels: readonly DemoChannel[] = ['email', 'chat', 'phone', 'social'];
  const topics = Object.keys(EN.question) as Topic[];
  const out: LabelledComment[] = [];
  for (let i = 0; i < count; i++) {
    const tone = (['positive', 'negative', 'neutral'] as const)[rng.weightedIndex([50, 33, 17])] ?? 'neutral';
    const situation: TextSituation = {
      channel: rng.pick(channels),
      topic: rng.pick(topics),
      slow: rng.chance(tone === 'negative' ? 0.5 : 0.1),
      troubled: rng.chance(tone === 'negative' ? 0.3 : 0.05),
    };
    const noisy = NOISY_SCORES[tone];
    const score = noisy.scores[rng.weightedIndex(noisy.weights)] ?? 3;
    out.push({ language, tone, score, text: words.comment(language, tone, situation) });
  }
  return out;
}
