import type english from '../en/notices.js';

const messages: Record<keyof typeof english, string> = {
  'notice.withoutCalendar':
    '{contacts} ärenden saknar kalender för öppettider (ingen teamkalender och ingen standard): deras tid inom öppettider är lika med kalendertiden.',
  'notice.withheld':
    'Siffror som kan avslöja en kollegas arbete visas inte: siffror för en dag då en del av teamets arbete, så som det delas upp eller filtreras här, var exakt en kollegas. Teamets siffror räknas i hela dagar.',
  'notice.ownContactsOnly': 'Endast ärenden som tilldelats dig visas.',
  'notice.moneyWithheld': '{kpis}: visas inte. Belopp är för administratörer och rollen Ekonomi.',
  'notice.moneyTeamTotals':
    '{kpis}: visas inte här. Chefer ser belopp som teamtotaler, inte per handläggare eller kostnadsslag, inte för ett team med färre än två handläggare och inte mot en tidigare period.',
  'notice.missingData': 'Inga {missing} för {periods}: {kpis} saknar värde i stället för 0.',
  'notice.thisPeriod': 'den här perioden',
  'notice.monthlyFigure': '{kpis}: månadstal. Välj månad, kvartal eller år, och en period av hela månader.',
  'missing.costData': 'kostnadsuppgifter',
  'missing.payrollData': 'lönedata',
  'missing.orderData': 'orderdata',
  'missing.paidHours': 'betalda timmar',
  'notice.noInput': '{kpis}: ingen siffra, eftersom ingen källa i urvalet har {missing}.',
  'notice.dataQuality':
    'Datakvalitet: {contacts} ärenden skapade {days} hade {problem} vid importen, oftast ett fel i mappningen. Siffrorna för dessa dagar räknar med dem.',
  'notice.oneDay': 'den {day}',
  'notice.dayRange': 'från {from} till {to}',
  'input.status_changes': 'statusändringar',
  'input.responses': 'svar från handläggare eller besvarade samtal och chattar',
  'input.escalations': 'eskaleringar',
  'input.assignments': 'tilldelningar',
  'input.queue': 'köhändelser',
  'input.handling': 'avslut av besvarade samtal och chattar',
  'input.after_contact_work': 'efterarbete',
  'input.source_sla': 'en egen SLA-markering',
  'input.csat_answers': 'besvarade CSAT-enkäter',
  'input.csat_dimension_answers': 'CSAT-svar om en tjänsteaspekt',
  'input.csat_sent': 'CSAT-enkäter med utskickstid',
  'input.nps_answers': 'besvarade NPS-enkäter',
  'input.ces_answers': 'besvarade CES-enkäter',
  'input.helpful_answers': 'besvarade frågor ”Hjälpte detta?”',
  'input.stay_answers': 'besvarade frågor om att stanna kvar',
  'input.satisfaction_answers': 'besvarade frågor om övergripande nöjdhet',
  'quality.long_queue_wait': 'en orimligt lång kötid',
  'quality.long_handle_time': 'en orimligt lång hanteringstid',
  'quality.answer_before_queue': 'ett svar före inträdet i kön',
  'quality.moved_to_next_day': 'en tid som en ”after”-regel flyttade till nästa dag',
  'quality.negative_interval': 'ett intervall som slutar innan det börjar',
};

export default messages;
