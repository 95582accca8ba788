import type english from '../en/business.js';

const messages: Record<keyof typeof english, string> = {
  'business.title': 'Bedrijf',
  'business.intro':
    'Wat de service het bedrijf oplevert: klanten die blijven, bestellingen na een contact, wat een contact kost, klantwaarde naar hoe problemen werden opgelost, en de mensen die het werk doen.',
  'business.moneyHidden':
    'Geldbedragen (kosten, loonkosten, omzet, marge, klantwaarde) zijn alleen voor beheerders en financiën.',
  'business.moneyTotals': 'Geldbedragen staan er als totalen per team, nooit per medewerker.',
  'business.noValue': 'Geen waarde voor deze maand: de opmerkingen hieronder zeggen wat ontbreekt.',
  'business.noValueShort': 'geen gegevens',
  'business.column.month': 'Maand',

  'business.customers.title': 'Klanten',
  'business.customers.chart': 'Nieuwe, vertrokken en actieve klanten per maand',
  'business.customers.ratesChart': 'Behoud en verloop per maand',
  'business.customers.table': 'Klantcijfers per maand',

  'business.cohorts.title': 'Behoud per cohort',
  'business.cohorts.howTo':
    'Elke rij bevat de klanten die in één maand voor het eerst verschenen, elke kolom een maand later: het aandeel dat nog klant is. Donkerder is meer; wijs een cel aan voor het 95%-interval.',
  'business.cohorts.caption': 'Aandeel van elk maandcohort dat nog klant is, per maand sinds de eerste maand',
  'business.cohorts.cohort': 'Cohort',
  'business.cohorts.size': 'Klanten',
  'business.cohorts.month': 'Maand {offset}',
  'business.cohorts.cell': '{cohort}, maand {offset}: {share} ({retained} van {size}) {interval}',
  'business.cohorts.empty': 'Geen nieuwe klanten in deze periode.',

  'business.costs.title': 'Kosten en marge',
  'business.costs.chart': 'Kosten per contact en per oplossing per maand',
  'business.costs.spendChart': 'Uitgaven aan werving en behoud per maand',
  'business.costs.table': 'Kosten, omzet en marge per maand',

  'business.clv.title': 'Klantwaarde naar afhandeling van problemen',
  'business.clv.caption': 'Gemiddelde klantwaarde naar hoe hun problemen werden afgehandeld',
  'business.clv.handling': 'Afhandeling',
  'business.clv.customers': 'Klanten',
  'business.clv.mean': 'Gemiddelde klantwaarde',
  'business.clv.difference': 'Verschil met eerste contact',
  'business.clv.reference': 'referentie',
  'business.clv.curve': 'Opgebouwde marge per klant per cohort, per maand sinds de eerste maand',
  'business.handling.first_contact': 'Opgelost bij eerste contact',
  'business.handling.later': 'Later opgelost',
  'business.handling.unresolved': 'Niet opgelost',
  'business.handling.no_contact': 'Geen contact',

  'business.conversion.title': 'Conversie na contact',
  'business.conversion.intro':
    'Aandeel van de contacten gevolgd door een bestelling van dezelfde klant binnen {days} dagen, tegenover vergelijkbare klanten zonder contact.',
  'business.conversion.byChannel': 'Conversie na contact per kanaal',
  'business.conversion.byAgent': 'Conversie na contact per medewerker',
  'business.conversion.channel': 'Kanaal',
  'business.conversion.agent': 'Medewerker',
  'business.conversion.contacts': 'Contacten',
  'business.conversion.converted': 'Gevolgd door een bestelling',
  'business.conversion.rate': 'Conversie',
  'business.conversion.baseline': 'Vergelijkbare klanten zonder contact',

  'business.people.title': 'Mensen',
  'business.people.tenureGroups': 'Nieuwe en ervaren medewerkers',
  'business.people.group': 'Medewerkers',
  'business.people.new': 'Nieuw (minder dan {days} dagen)',
  'business.people.experienced': 'Ervaren',
  'business.people.agents': 'Medewerkers',
  'business.people.fcr': 'Oplossing bij eerste contact',
  'business.people.csat': 'CSAT',
  'business.people.perAgent': 'Per medewerker',
  'business.people.agent': 'Medewerker',
  'business.people.hired': 'In dienst',
  'business.people.left': 'uit dienst {day}',
  'business.people.tenureYears': 'Dienstjaren',
  'business.people.fte': 'Fte',
  'business.people.paidHours': 'Betaalde uren',
  'business.people.resolved': 'Opgelost',
  'business.people.perPaidHour': 'Opgelost per betaald uur',
  'business.people.trainingDays': 'Trainingsdagen',
  'business.people.hourlyCost': 'Uurkosten',

  'business.notices.title': 'Over deze cijfers',
  'business.notice.rowsLeftOut': '{message} ({rows} rijen weggelaten)',
};

export default messages;
