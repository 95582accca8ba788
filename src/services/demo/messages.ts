/**
 * What the demo's customers, agents and bots write: the text of each message, reply, note and
 * bot turn, so transcripts read like a webshop's and the automatic checks have material (greetings
 * and closings mostly there, the customer's name mostly used, now and then a phrase the brand
 * guide forbids or a misspelling). Drawn from a random stream of its own, so the figures of the
 * demo stay what they were without text.
 */
import { Rng } from './random.js';
import type { DemoChannel, Topic } from './scenario.js';
import { DEMO_TEXT_LANGUAGES, type DemoTextLanguage, DemoWords } from './words-texts.js';

/** The languages the demo's customers write in: most Dutch or English, some Swedish, Ukrainian or Chinese. */
export type BodyLanguage = DemoTextLanguage;
/** The languages the agents answer in: Ukrainian and Chinese customers are answered in English. */
type ReplyLanguage = 'en' | 'nl' | 'sv';

interface Phrases {
  greeting: readonly string[];
  /** Greeting with the customer's name: `{name}` is replaced. */
  greetingNamed: readonly string[];
  closing: readonly string[];
  thanks: readonly string[];
  opening: Record<Topic, readonly string[]>;
  followUp: readonly string[];
  answer: Record<Topic, readonly string[]>;
  /** Phrases the brand guide forbids, slipped into a few replies. */
  forbidden: readonly string[];
  /** Words misspelt in a few replies: [right, wrong]; at least three, for a hurried reply. */
  misspellings: readonly (readonly [string, string])[];
  notes: readonly string[];
  bot: readonly string[];
}

const EN: Phrases = {
  greeting: ['Hi,', 'Hello,', 'Good morning,', 'Dear customer,'],
  greetingNamed: ['Hi {name},', 'Hello {name},', 'Dear {name},', 'Good afternoon {name},'],
  closing: [
    'Kind regards,',
    'Have a great day!',
    'Let us know if there is anything else we can do.',
    'Best wishes,',
    'Happy to help!',
  ],
  thanks: ['Thank you for your message.', 'Thanks for reaching out.', 'Thank you for your patience.'],
  opening: {
    delivery: [
      'My order has not arrived yet and the tracking page has said "in transit" for four days.',
      'The parcel was delivered to the wrong address. Can you help?',
      'When will my order be shipped? I ordered last Monday.',
    ],
    returns: [
      'I would like to return the jacket, it is too small. How do I get a return label?',
      'I sent my return two weeks ago but have not received my refund.',
      'Can I exchange the shoes for a bigger size?',
    ],
    payment: [
      'I was charged twice for the same order.',
      'My payment failed but the money has left my account.',
      'Can I pay the invoice in instalments?',
    ],
    'product question': [
      'Is this coffee maker compatible with the capsules I already have?',
      'Do you know when the blue version will be back in stock?',
      'What are the dimensions of the desk lamp?',
    ],
    account: [
      'I cannot log in, the reset link does not arrive.',
      'Please change the e-mail address of my account.',
      'How do I delete my account?',
    ],
    complaint: [
      'This is the third time I have to contact you about the same problem. Very disappointing.',
      'The product broke after one week and nobody answers my e-mails.',
      'Your courier left my parcel in the rain. Everything is wet.',
    ],
  },
  followUp: [
    'Thanks, but it still does not work.',
    'I have attached a photo of the damage.',
    'Order number is 4821-337.',
    'Any news on this?',
    'OK, I will wait for the label then.',
  ],
  answer: {
    delivery: [
      'I checked with the courier: your parcel is at the local depot and will be delivered tomorrow.',
      'I am sorry the parcel went to the wrong address. I have sent a new one, free of charge.',
      'Your order left our warehouse today; you will receive the track and trace code by e-mail.',
    ],
    returns: [
      'I have sent you a return label by e-mail. Once we receive the jacket, the refund follows within 5 working days.',
      'Your return arrived yesterday and the refund is on its way: you will see it within 3 working days.',
      'An exchange is possible: I have reserved the bigger size for you.',
    ],
    payment: [
      'I can see the double charge; the second payment has been refunded today.',
      'The payment was not completed, so your bank will return the money within a few days.',
      'Instalments are possible for orders above 100 euros: I have sent you the link.',
    ],
    'product question': [
      'Yes, the coffee maker works with all standard capsules.',
      'The blue version is expected back in stock in two weeks; I have set an alert for you.',
      'The desk lamp is 45 cm high with a base of 18 cm.',
    ],
    account: [
      'I have sent a new reset link; please check your spam folder too.',
      'The e-mail address of your account has been changed.',
      'Your account will be deleted within 30 days, as the privacy policy says.',
    ],
    complaint: [
      'I am very sorry for the trouble. I have refunded the shipping costs and sent a replacement.',
      'That should not have happened. I have escalated this to our quality team and will keep you posted.',
      'I understand your frustration. A new product is on its way and you can keep the broken one.',
    ],
  },
  forbidden: [
    'There is nothing we can do about that.',
    'As I already said,',
    'Please calm down.',
    'Obviously,',
  ],
  misspellings: [
    ['receive', 'recieve'],
    ['address', 'adress'],
    ['definitely', 'definately'],
    ['tomorrow', 'tommorow'],
  ],
  notes: [
    'Checked the courier portal: parcel at depot.',
    'Refund approved by team lead.',
    'Customer called earlier about the same order.',
    'Second double charge this week, reported to finance.',
  ],
  bot: [
    'Hi! I am the webshop assistant. An agent will be with you shortly.',
    'Thanks for your message. You can also track your order at webshop.example/track.',
    'We have received your question and will reply within one working day.',
  ],
};

const NL: Phrases = {
  greeting: ['Hallo,', 'Goedemorgen,', 'Beste klant,', 'Hoi,'],
  greetingNamed: ['Hallo {name},', 'Beste {name},', 'Hoi {name},', 'Goedemiddag {name},'],
  closing: [
    'Met vriendelijke groet,',
    'Fijne dag nog!',
    'Laat het ons weten als we nog iets kunnen doen.',
    'Graag geholpen!',
  ],
  thanks: ['Bedankt voor je bericht.', 'Bedankt voor je geduld.'],
  opening: {
    delivery: [
      'Mijn bestelling is nog steeds niet aangekomen, de track & trace staat al vier dagen stil.',
      'Het pakket is bij de buren afgeleverd maar die zijn op vakantie.',
    ],
    returns: [
      'Ik wil de jas retourneren, hij is te klein. Hoe krijg ik een retourlabel?',
      'Ik wacht nog op mijn terugbetaling.',
    ],
    payment: ['Er is twee keer afgeschreven voor dezelfde bestelling.', 'Kan ik achteraf betalen?'],
    'product question': ['Past deze lamp ook op een fitting E14?', 'Wanneer is de blauwe weer op voorraad?'],
    account: ['Ik kan niet inloggen, de resetlink komt niet aan.', 'Wilt u mijn e-mailadres wijzigen?'],
    complaint: [
      'Dit is al de derde keer dat ik contact opneem. Erg teleurstellend.',
      'Het product was na een week kapot.',
    ],
  },
  followUp: [
    'Het werkt nog steeds niet.',
    'Ik heb een foto bijgevoegd.',
    'Ordernummer is 4821-337.',
    'Nog nieuws?',
  ],
  answer: {
    delivery: [
      'Ik heb het nagevraagd bij de bezorger: je pakket wordt morgen bezorgd.',
      'Ik heb een nieuw pakket voor je verstuurd, zonder kosten.',
    ],
    returns: [
      'Ik heb je een retourlabel gemaild. Na ontvangst storten we het bedrag binnen 5 werkdagen terug.',
      'Je retour is binnen en de terugbetaling is onderweg.',
    ],
    payment: [
      'De dubbele afschrijving is vandaag teruggestort.',
      'Achteraf betalen kan bij bestellingen boven de 50 euro.',
    ],
    'product question': ['Ja, de lamp past op een E14-fitting.', 'De blauwe is over twee weken weer binnen.'],
    account: [
      'Ik heb een nieuwe resetlink gestuurd, kijk ook even in je spam.',
      'Je e-mailadres is aangepast.',
    ],
    complaint: [
      'Het spijt me echt. Ik heb de verzendkosten terugbetaald en een nieuw exemplaar verstuurd.',
      'Dat had niet mogen gebeuren. Ik heb het doorgezet naar ons kwaliteitsteam.',
    ],
  },
  forbidden: ['Daar kunnen we niets aan doen.', 'Zoals ik al zei,', 'Rustig aan alstublieft.'],
  misspellings: [
    ['gebeuren', 'gebeurren'],
    ['bezorgd', 'bezorgt'],
    ['alstublieft', 'alstublief'],
    ['pakket', 'pakkett'],
  ],
  notes: ['Bezorger gebeld: pakket ligt op depot.', 'Terugbetaling goedgekeurd door teamleider.'],
  bot: [
    'Hoi! Ik ben de webshop-assistent. Er komt zo een medewerker bij je.',
    'We hebben je vraag ontvangen.',
  ],
};

const SV: Phrases = {
  greeting: ['Hej,', 'God morgon,'],
  greetingNamed: ['Hej {name},', 'Hej {name}!'],
  closing: ['Med vänliga hälsningar,', 'Ha en bra dag!', 'Jag hjälper gärna till igen.'],
  thanks: ['Tack för ditt meddelande.', 'Tack för ditt tålamod.'],
  opening: {
    delivery: ['Min beställning har inte kommit fram än.'],
    returns: ['Jag vill returnera jackan, den är för liten.'],
    payment: ['Jag har blivit debiterad två gånger.'],
    'product question': ['Finns lampan i blått?'],
    account: ['Jag kan inte logga in.'],
    complaint: ['Produkten gick sönder efter en vecka.'],
  },
  followUp: ['Det fungerar fortfarande inte.', 'Några nyheter?'],
  answer: {
    delivery: ['Paketet levereras i morgon.'],
    returns: ['Jag har skickat en returetikett till dig.'],
    payment: ['Den dubbla debiteringen har återbetalats.'],
    'product question': ['Den blå kommer tillbaka om två veckor.'],
    account: ['Jag har skickat en ny länk.'],
    complaint: ['Jag är verkligen ledsen. En ny produkt är på väg.'],
  },
  forbidden: ['Som jag redan sa,'],
  misspellings: [
    ['verkligen', 'verkligan'],
    ['levereras', 'leveraras'],
    ['skickat', 'skikat'],
  ],
  notes: ['Kunden skriver på svenska; svarat på svenska.'],
  bot: ['Hej! En medarbetare hjälper dig strax.'],
};

const PHRASES: Record<ReplyLanguage, Phrases> = { en: EN, nl: NL, sv: SV };

const replyPhrases = (language: BodyLanguage): Phrases =>
  language === 'nl' || language === 'sv' ? PHRASES[language] : PHRASES.en;

/** Who and what a message is about. */
export interface MessageContext {
  topic: Topic;
  channel: DemoChannel;
  language: BodyLanguage;
  /** The first reply was slow, or the customer had to come back: later messages grow impatient. */
  slow?: boolean;
  troubled?: boolean;
  /** The customer's first name, when the team knows it. */
  customerName: string | null;
  /** The agent's first name, for signatures. */
  agentName: string;
}

/** The first name in a demo customer's address (`anna.jansen12@…` → Anna), or null. */
export function firstNameOf(email: string): string | null {
  const name = /^([a-z]+)\./.exec(email)?.[1];
  return name ? name[0]?.toUpperCase() + name.slice(1) : null;
}

/** The language a customer writes in: their own when it is one of the demo's, else English. */
export function bodyLanguage(language: string): BodyLanguage {
  return (DEMO_TEXT_LANGUAGES as readonly string[]).includes(language) ? (language as BodyLanguage) : 'en';
}

export class DemoMessages {
  private readonly rng: Rng;
  /** The customers' own words, from a stream of their own, so the replies stay what they were. */
  private readonly words: DemoWords;

  constructor(seed: number) {
    // A stream apart from the one the contacts are drawn from.
    this.rng = new Rng(seed * 7 + 0x7e47);
    this.words = new DemoWords(new Rng(seed * 11 + 0x5a1e));
  }

  /** The text of a customer message: the question first, follow-ups after. */
  customer(context: MessageContext, first: boolean): string {
    // The draw that once picked the text stays, so the replies after it keep theirs.
    this.rng.next();
    return this.words.message(context.language, context, first);
  }

  /** An agent's reply: greeting (mostly, with the name when known), answer, closing (mostly), signature. */
  reply(context: MessageContext, first: boolean): string {
    const r = this.rng;
    const p = replyPhrases(context.language);
    const parts: string[] = [];
    const written = context.channel === 'email' || context.channel === 'social';
    if (r.chance(first ? 0.88 : 0.55)) {
      const named = context.customerName !== null && r.chance(0.75);
      parts.push(
        named ? r.pick(p.greetingNamed).replace('{name}', context.customerName ?? '') : r.pick(p.greeting),
      );
    }
    if (first && r.chance(0.6)) parts.push(r.pick(p.thanks));
    let answer = r.pick(p.answer[context.topic]);
    if (r.chance(0.04)) answer = `${r.pick(p.forbidden)} ${answer}`;
    if (r.chance(0.05)) {
      // Now and then a hurried reply with three slips, enough for the spelling check to flag it.
      const slips = r.chance(0.3) ? 3 : 1;
      const pairs = [...p.misspellings];
      for (let slip = 0; slip < slips; slip++) {
        const [right, wrong] = pairs.splice(r.int(0, pairs.length - 1), 1)[0] as readonly [string, string];
        answer = answer.includes(right) ? answer.replace(right, wrong) : `${answer} ${wrong}`;
      }
    }
    parts.push(answer);
    if (r.chance(written ? 0.8 : 0.6)) {
      parts.push(r.pick(p.closing));
      if (written) parts.push(context.agentName);
    }
    return parts.join(written ? '\n\n' : ' ');
  }

  note(context: MessageContext): string {
    return this.rng.pick(PHRASES[context.language === 'nl' ? 'nl' : 'en'].notes);
  }

  bot(context: MessageContext): string {
    return this.rng.pick(replyPhrases(context.language).bot);
  }
}
