import type english from '../en/notices.js';

const messages: Record<keyof typeof english, string> = {
  'notice.withoutCalendar':
    '{contacts} contacten hebben geen kalender met openingsuren (geen teamkalender en geen standaard): hun duur in openingsuren is gelijk aan de kalendertijd.',
  'notice.withheld':
    'Cijfers die het werk van één collega zouden onthullen worden niet getoond: cijfers over een dag waarop een deel van het werk van je team, zoals hier uitgesplitst of gefilterd, van precies één collega was. De cijfers van je team worden in hele dagen geteld.',
  'notice.ownContactsOnly': 'Alleen contacten die aan jou zijn toegewezen worden getoond.',
  'notice.moneyWithheld': '{kpis}: niet getoond. Geldbedragen zijn voor beheerders en de rol Financiën.',
  'notice.moneyTeamTotals':
    '{kpis}: hier niet getoond. Managers zien geldbedragen als teamtotalen, niet per medewerker of kostensoort, niet voor een team van minder dan twee medewerkers en niet tegen een vorige periode.',
  'notice.missingData': 'Geen {missing} voor {periods}: {kpis} hebben geen cijfer in plaats van 0.',
  'notice.thisPeriod': 'deze periode',
  'notice.monthlyFigure':
    '{kpis}: maandcijfers. Kies maand, kwartaal of jaar, en een periode van hele maanden.',
  'missing.costData': 'kostengegevens',
  'missing.payrollData': 'loongegevens',
  'missing.orderData': 'ordergegevens',
  'missing.paidHours': 'betaalde uren',
  'notice.noInput': '{kpis}: geen cijfer, want geen bron in de selectie heeft {missing}.',
  'notice.dataQuality':
    'Datakwaliteit: {contacts} contacten aangemaakt {days} hadden bij de import {problem}, meestal een fout in de mapping. De cijfers van deze dagen tellen ze mee.',
  'notice.oneDay': 'op {day}',
  'notice.dayRange': 'van {from} tot {to}',
  'input.status_changes': 'statuswijzigingen',
  'input.responses': 'antwoorden van medewerkers of beantwoorde gesprekken en chats',
  'input.escalations': 'escalaties',
  'input.assignments': 'toewijzingen',
  'input.queue': 'wachtrijgebeurtenissen',
  'input.handling': 'eindes van beantwoorde gesprekken en chats',
  'input.after_contact_work': 'nawerk',
  'input.source_sla': 'een eigen SLA-markering',
  'input.csat_answers': 'beantwoorde CSAT-enquêtes',
  'input.csat_dimension_answers': 'CSAT-antwoorden over een dienstaspect',
  'input.csat_sent': 'CSAT-enquêtes met een verzendtijd',
  'input.nps_answers': 'beantwoorde NPS-enquêtes',
  'input.ces_answers': 'beantwoorde CES-enquêtes',
  'input.helpful_answers': 'beantwoorde vragen “Heeft dit geholpen?”',
  'input.stay_answers': 'beantwoorde vragen of de klant blijft',
  'input.satisfaction_answers': 'beantwoorde vragen naar de algemene tevredenheid',
  'quality.long_queue_wait': 'een onwaarschijnlijk lange wachttijd in de wachtrij',
  'quality.long_handle_time': 'een onwaarschijnlijk lange afhandeltijd',
  'quality.answer_before_queue': 'een aanname vóór de binnenkomst in de wachtrij',
  'quality.moved_to_next_day': 'een tijd die een „after”-regel naar de volgende dag verschoof',
  'quality.negative_interval': 'een interval dat eindigt voordat het begint',
};

export default messages;
