import type english from '../en/business.js';

const messages: Record<keyof typeof english, string> = {
  'business.title': 'Affärsnytta',
  'business.intro':
    'Vad servicen ger verksamheten: kunder som stannar, beställningar efter en kontakt, vad en kontakt kostar, kundvärde efter hur problem hanterades och människorna som gör jobbet.',
  'business.moneyHidden':
    'Belopp (kostnader, lönekostnader, intäkter, marginal, kundvärde) visas bara för administratörer och ekonomi.',
  'business.moneyTotals': 'Belopp visas som summor per team, aldrig per medarbetare.',
  'business.noValue': 'Inget värde för den här månaden: anteckningarna nedan säger vad som saknas.',
  'business.noValueShort': 'inga data',
  'business.column.month': 'Månad',

  'business.customers.title': 'Kunder',
  'business.customers.chart': 'Nya, förlorade och aktiva kunder per månad',
  'business.customers.ratesChart': 'Kundlojalitet och kundbortfall per månad',
  'business.customers.table': 'Kundsiffror per månad',

  'business.cohorts.title': 'Kvarvaro per kohort',
  'business.cohorts.howTo':
    'Varje rad är kunderna som först sågs en viss månad, varje kolumn en månad senare: andelen som fortfarande är kund. Mörkare är mer; peka på en cell för dess 95 %-intervall.',
  'business.cohorts.caption':
    'Andel av varje månadskohort som fortfarande är kund, per månad sedan den första',
  'business.cohorts.cohort': 'Kohort',
  'business.cohorts.size': 'Kunder',
  'business.cohorts.month': 'Månad {offset}',
  'business.cohorts.cell': '{cohort}, månad {offset}: {share} ({retained} av {size}) {interval}',
  'business.cohorts.empty': 'Inga nya kunder under perioden.',

  'business.costs.title': 'Kostnader och marginal',
  'business.costs.chart': 'Kostnad per kontakt och per lösning per månad',
  'business.costs.spendChart': 'Utgifter för kundvärvning och kundvård per månad',
  'business.costs.table': 'Kostnader, intäkter och marginal per månad',

  'business.clv.title': 'Kundvärde efter hur problem hanterades',
  'business.clv.caption': 'Genomsnittligt kundvärde efter hur kundernas problem hanterades',
  'business.clv.handling': 'Hantering',
  'business.clv.customers': 'Kunder',
  'business.clv.mean': 'Genomsnittligt kundvärde',
  'business.clv.difference': 'Skillnad mot första kontakt',
  'business.clv.reference': 'referens',
  'business.clv.curve': 'Ackumulerad marginal per kund per kohort, per månad sedan den första',
  'business.handling.first_contact': 'Löst vid första kontakt',
  'business.handling.later': 'Löst senare',
  'business.handling.unresolved': 'Inte löst',
  'business.handling.no_contact': 'Ingen kontakt',

  'business.conversion.title': 'Konvertering efter kontakt',
  'business.conversion.intro':
    'Andel kontakter som följs av en beställning från samma kund inom {days} dagar, jämfört med liknande kunder utan kontakt.',
  'business.conversion.byChannel': 'Konvertering efter kontakt per kanal',
  'business.conversion.byAgent': 'Konvertering efter kontakt per medarbetare',
  'business.conversion.channel': 'Kanal',
  'business.conversion.agent': 'Medarbetare',
  'business.conversion.contacts': 'Kontakter',
  'business.conversion.converted': 'Följd av en beställning',
  'business.conversion.rate': 'Konvertering',
  'business.conversion.baseline': 'Liknande kunder utan kontakt',

  'business.people.title': 'Medarbetare',
  'business.people.tenureGroups': 'Nya och erfarna medarbetare',
  'business.people.group': 'Medarbetare',
  'business.people.new': 'Nya (under {days} dagar)',
  'business.people.experienced': 'Erfarna',
  'business.people.agents': 'Medarbetare',
  'business.people.fcr': 'Lösning vid första kontakt',
  'business.people.csat': 'CSAT',
  'business.people.perAgent': 'Per medarbetare',
  'business.people.agent': 'Medarbetare',
  'business.people.hired': 'Anställd',
  'business.people.left': 'slutade {day}',
  'business.people.tenureYears': 'Anställningstid (år)',
  'business.people.fte': 'Heltidstjänster',
  'business.people.paidHours': 'Betalda timmar',
  'business.people.resolved': 'Lösta',
  'business.people.perPaidHour': 'Lösta per betald timme',
  'business.people.trainingDays': 'Utbildningsdagar',
  'business.people.hourlyCost': 'Timkostnad',

  'business.notices.title': 'Om siffrorna',
  'business.notice.rowsLeftOut': '{message} ({rows} rader utelämnade)',
};

export default messages;
