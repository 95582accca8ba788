import type english from '../en/trends.js';

const messages: Record<keyof typeof english, string> = {
  'series.all': 'Alle',
  'series.previous': 'Vorige periode',
  'chart.trendLabel': '{name} per periode',
  'chart.showTable': 'Toon de getallen als tabel',
  'chart.moreSeries': '{count} kleinere groepen zijn niet getekend; zie Uitsplitsing.',

  'trends.elapsed': '{elapsed} tot nu toe',
  'trends.stillWorking': 'Nog bezig… Een lange periode of een fijne korrel duurt langer.',
  'trends.cancelled': 'Gestopt voordat de cijfers er waren.',
  'trends.runAgain': 'Opnieuw uitvoeren',
  'trends.tooFine':
    'Korrel “{asked}” zou over deze periode {points} punten geven, te veel om te lezen: getoond per “{grain}”.',
  'trends.tooLarge': 'Deze weergave is te groot voor de server om per “{grain}” te berekenen.',
  'trends.tooLargeHint': 'Kies een grovere korrel, een kortere periode of minder groepen.',
  'trends.useGrain': 'Toon per “{grain}”',
  'trends.smallSample': 'kleine steekproef: n = {n}',
  'trends.bandNote': 'De gekleurde band rond een lijn is het 95 %-interval.',
  'trends.smallNote':
    'Open punten berusten op minder dan {min} contacten of antwoorden: lees ze met voorzichtigheid.',
  'trends.targetOf': 'Doel {name}: {value}',
};

export default messages;
