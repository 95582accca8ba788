import type english from '../en/common.js';

const messages: Record<keyof typeof english, string> = {
  'nav.label': 'Hoofdmenu',
  'nav.skip': 'Naar de inhoud',
  'nav.overview': 'Overzicht',
  'nav.trends': 'Trends',
  'nav.breakdown': 'Uitsplitsing',
  'nav.agents': 'Medewerkers',
  'nav.myScorecard': 'Mijn scorekaart',
  'nav.heatmap': 'Heatmap',
  'nav.contacts': 'Contacten',
  'nav.settings': 'Instellingen',
  'nav.users': 'Gebruikers',
  'language.label': 'Taal',

  'action.signOut': 'Afmelden',
  'action.retry': 'Opnieuw proberen',
  'action.done': 'Klaar',
  'action.save': 'Opslaan',
  'action.cancel': 'Annuleren',
  'action.edit': 'Bewerken',
  'action.delete': 'Verwijderen',
  'action.remove': 'Weghalen',
  'action.exportView': 'Deze weergave downloaden (CSV)',
  'action.exportContacts': 'Deze contacten downloaden (CSV)',

  'state.loading': 'Laden…',
  'error.network': 'De server antwoordt niet. Controleer of servicemeter serve draait.',
  'error.badRequest': 'Het verzoek werd niet geaccepteerd',
  'error.signIn': 'Meld je opnieuw aan',
  'error.forbidden': 'Dit mag je niet bekijken',
  'error.notFound': 'Niet gevonden',
  'error.conflict': 'Dit botst met de huidige gegevens',
  'error.tooMany': 'Te veel pogingen: wacht even',
  'error.server': 'De server liep tegen een fout aan',
  'status.stale':
    'Er zijn gegevens geïmporteerd na de laatste herberekening van de feiten: de cijfers zijn niet actueel. Voer servicemeter rebuild uit.',
  'empty.noDataTitle': 'Nog geen gegevens',
  'empty.noDataBody':
    'Importeer de exports van je helpdesk, telefonie of enquêtes met servicemeter import. Stop eerst deze server (die houdt de database vast), importeer en start hem daarna opnieuw, bijvoorbeeld:',
  'empty.noDataDemo': 'Of probeer het dashboard met gegenereerde demogegevens:',
  'empty.noMatch':
    'Niets voldoet aan deze filters in deze periode. Kies een ruimere periode of haal een filter weg.',

  'password.hint': 'Minstens 10 tekens; geen bekend wachtwoord en niet je e-mailadres.',
  'user.name': 'Naam',
  'notFound.title': 'Pagina niet gevonden',
  'notFound.back': 'Terug naar het overzicht',

  'role.admin': 'Beheerder',
  'role.manager': 'Manager',
  'role.agent': 'Medewerker',
  'role.viewer': 'Kijker',
  'role.finance': 'Financiën',

  'value.none': '(geen)',
  'value.yes': 'Ja',
  'value.no': 'Nee',
  'value.n': 'n = {n}',
  'value.withheld': 'Afgeschermd',
  'value.withheldWhy':
    'Omvat een dag waarop een deel van het werk van je team van precies één collega was: naast je eigen of andere cijfers zou het die van die collega onthullen.',

  'value.interval': '95 %-interval {low} – {high}',

  'unit.pp': 'procentpunt',
  'unit.points': 'punten',
  'unit.percent': '%',
  'unit.value': 'waarde',

  'column.period': 'Periode',
  'column.n': 'n',
  'column.interval': '95 %-interval',
  'column.change': 'Verandering t.o.v. vorige periode',
  'column.actions': 'Acties',

  'pager.label': "Pagina's",
  'pager.previous': 'Vorige pagina',
  'pager.next': 'Volgende pagina',
  'pager.range': '{first}–{last} van {total}',
  'table.sortBy': 'Sorteren op {column}',
};

export default messages;
