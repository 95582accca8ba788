import type english from '../en/users.js';

const messages: Record<keyof typeof english, string> = {
  'users.tab.users': 'Gebruikers',
  'users.tab.tokens': 'API-tokens',
  'users.tab.audit': 'Auditlog',
  'users.add': 'Gebruiker toevoegen',
  'users.role': 'Rol',
  'users.roleOf': 'Rol van {email}',
  'users.agent': 'Medewerker',
  'users.agentOf': 'Medewerker van {email}',
  'users.lastLogin': 'Laatst aangemeld',
  'users.status': 'Status',
  'users.active': 'Actief',
  'users.disabled': 'Uitgeschakeld',
  'users.enable': 'Inschakelen',
  'users.disable': 'Uitschakelen',
  'users.resetPassword': 'Wachtwoord instellen',
  'users.newPasswordPrompt': 'Nieuw wachtwoord voor {email} (minstens 10 tekens):',
  'users.you': 'jij',
  'users.created': 'Gebruiker {email} toegevoegd.',
  'users.updated': 'Gebruiker {email} gewijzigd.',
  'users.deleted': 'Gebruiker {email} verwijderd.',
  'users.confirmDelete': 'Gebruiker {email} met sessies en tokens verwijderen?',
  'users.rolesHelp':
    'Beheerder: alles. Manager: alle gegevens en exports, geldbedragen als teamtotalen, geen gebruikers of instellingen. Medewerker: eigen scorekaart, eigen contacten en teamtotalen. Kijker: alleen totalen lezen, geen contacten, exports of geldbedragen. Financiën: wat een kijker ziet, plus alle geldbedragen (kosten, salarissen, omzet, marge, klantwaarde) en KPI-exports.',
};

export default messages;
