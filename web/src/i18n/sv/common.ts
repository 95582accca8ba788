import type english from '../en/common.js';

const messages: Record<keyof typeof english, string> = {
  'nav.label': 'Huvudmeny',
  'nav.skip': 'Hoppa till innehållet',
  'nav.overview': 'Översikt',
  'nav.trends': 'Trender',
  'nav.breakdown': 'Fördelning',
  'nav.agents': 'Handläggare',
  'nav.myScorecard': 'Mitt resultatkort',
  'nav.heatmap': 'Värmekarta',
  'nav.contacts': 'Ärenden',
  'nav.settings': 'Inställningar',
  'nav.users': 'Användare',
  'language.label': 'Språk',

  'action.signOut': 'Logga ut',
  'action.retry': 'Försök igen',
  'action.done': 'Klar',
  'action.save': 'Spara',
  'action.cancel': 'Avbryt',
  'action.edit': 'Redigera',
  'action.delete': 'Ta bort',
  'action.remove': 'Ta bort rad',
  'action.exportView': 'Ladda ned den här vyn (CSV)',
  'action.exportContacts': 'Ladda ned de här ärendena (CSV)',

  'state.loading': 'Laddar…',
  'error.network': 'Servern svarar inte. Kontrollera att servicemeter serve körs.',
  'error.badRequest': 'Begäran godtogs inte',
  'error.signIn': 'Logga in igen',
  'error.forbidden': 'Du får inte se detta',
  'error.notFound': 'Hittades inte',
  'error.conflict': 'Detta krockar med nuvarande data',
  'error.tooMany': 'För många försök: vänta en stund',
  'error.server': 'Servern stötte på ett fel',
  'status.stale':
    'Data har importerats efter att fakta senast byggdes om: siffrorna är inte aktuella. Kör servicemeter rebuild.',
  'empty.noDataTitle': 'Inga data ännu',
  'empty.noDataBody':
    'Importera exporter från ert ärendesystem, telefoni eller enkäter med servicemeter import. Stoppa först den här servern (den håller databasen), importera och starta den sedan igen, till exempel:',
  'empty.noDataDemo': 'Eller prova instrumentpanelen med genererade demodata:',
  'empty.noMatch':
    'Inget matchar de här filtren under perioden. Välj en längre period eller ta bort ett filter.',

  'password.hint': 'Minst 10 tecken; inte ett välkänt lösenord och inte din e-postadress.',
  'user.name': 'Namn',
  'notFound.title': 'Sidan hittades inte',
  'notFound.back': 'Tillbaka till översikten',

  'role.admin': 'Administratör',
  'role.manager': 'Chef',
  'role.agent': 'Handläggare',
  'role.viewer': 'Läsare',
  'role.finance': 'Ekonomi',

  'value.none': '(inget)',
  'value.yes': 'Ja',
  'value.no': 'Nej',
  'value.n': 'n = {n}',
  'value.withheld': 'Dold',
  'value.withheldWhy':
    'Omfattar en dag då en del av teamets arbete var exakt en kollegas: bredvid dina egna eller andra siffror skulle den avslöja kollegans.',

  'value.interval': '95 %-intervall {low} – {high}',

  'unit.pp': 'p.e.',
  'unit.points': 'poäng',
  'unit.percent': '%',
  'unit.value': 'värde',

  'column.period': 'Period',
  'column.n': 'n',
  'column.interval': '95 %-intervall',
  'column.change': 'Förändring mot föregående period',
  'column.actions': 'Åtgärder',

  'pager.label': 'Sidor',
  'pager.previous': 'Föregående sida',
  'pager.next': 'Nästa sida',
  'pager.range': '{first}–{last} av {total}',
  'table.sortBy': 'Sortera efter {column}',
};

export default messages;
