import type english from '../en/headlines.js';

const messages: Record<keyof typeof english, string> = {
  'headlines.allChannels': 'Alle kanalen samen',
  'headlines.byChannel': '{name} per kanaal',
  'headlines.channel': 'Kanaal',
  'headlines.value': 'Waarde',
  'headlines.change': 'Verandering',
  'headlines.target': 'Doel',
  'headlines.mixBetter': 'De verdeling over de kanalen is veranderd: elk kanaal is verbeterd.',
  'headlines.mixWorse': 'De verdeling over de kanalen is veranderd: elk kanaal is verslechterd.',
  'headlines.mixUp': 'De verdeling over de kanalen is veranderd: elk kanaal is gestegen.',
  'headlines.mixDown': 'De verdeling over de kanalen is veranderd: elk kanaal is gedaald.',
  'headlines.mixBetterUnclear':
    'De verdeling over de kanalen is veranderd: geen kanaal is verslechterd, maar niet elk kanaal is duidelijk verbeterd.',
  'headlines.mixWorseUnclear':
    'De verdeling over de kanalen is veranderd: geen kanaal is verbeterd, maar niet elk kanaal is duidelijk verslechterd.',
  'headlines.mixUpUnclear':
    'De verdeling over de kanalen is veranderd: geen kanaal is gedaald, maar niet elk kanaal is duidelijk gestegen.',
  'headlines.mixDownUnclear':
    'De verdeling over de kanalen is veranderd: geen kanaal is gestegen, maar niet elk kanaal is duidelijk gedaald.',
  'headlines.mixWhy': 'Het totaal bewoog de andere kant op doordat het aandeel van de kanalen veranderde.',
  'headlines.notJudged': 'niet beoordeeld: de verdeling over de kanalen is veranderd',
  'headlines.pending': 'verandering wordt nog beoordeeld',
  'headlines.notClear': 'geen duidelijke verandering',
  'headlines.smallSample': 'kleine steekproef',
  'headlines.smallSampleWhy':
    'Minder dan {min} in deze periode of de vorige: te weinig om van een verandering te spreken.',
};

export default messages;
