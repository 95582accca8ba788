import type english from '../en/trends.js';

const messages: Record<keyof typeof english, string> = {
  'series.all': 'Alla',
  'series.previous': 'Föregående period',
  'chart.trendLabel': '{name} per period',
  'chart.showTable': 'Visa siffrorna som tabell',
  'chart.moreSeries': '{count} mindre grupper ritas inte; se Fördelning.',

  'trends.elapsed': '{elapsed} hittills',
  'trends.stillWorking': 'Arbetar fortfarande… En lång period eller en fin upplösning tar längre tid.',
  'trends.cancelled': 'Avbröts innan siffrorna kom.',
  'trends.runAgain': 'Kör igen',
  'trends.tooFine':
    'Upplösningen ”{asked}” skulle ge {points} punkter över perioden, för många för att läsa: visas per ”{grain}”.',
  'trends.tooLarge': 'Vyn är för stor för servern att beräkna per ”{grain}”.',
  'trends.tooLargeHint': 'Välj en grövre upplösning, en kortare period eller färre grupper.',
  'trends.useGrain': 'Visa per ”{grain}”',
  'trends.smallSample': 'litet urval: n = {n}',
  'trends.bandNote': 'Det skuggade bandet kring en linje är dess 95 %-intervall.',
  'trends.smallNote':
    'Ihåliga punkter vilar på färre än {min} kontakter eller svar: läs dem med försiktighet.',
  'trends.targetOf': 'Mål {name}: {value}',
};

export default messages;
