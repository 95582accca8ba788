import type english from '../en/users.js';

const messages: Record<keyof typeof english, string> = {
  'users.tab.users': 'Användare',
  'users.tab.tokens': 'API-token',
  'users.tab.audit': 'Granskningslogg',
  'users.add': 'Lägg till användare',
  'users.role': 'Roll',
  'users.roleOf': 'Roll för {email}',
  'users.agent': 'Handläggare',
  'users.agentOf': 'Handläggare för {email}',
  'users.lastLogin': 'Senaste inloggning',
  'users.status': 'Status',
  'users.active': 'Aktiv',
  'users.disabled': 'Inaktiverad',
  'users.enable': 'Aktivera',
  'users.disable': 'Inaktivera',
  'users.resetPassword': 'Ange lösenord',
  'users.newPasswordPrompt': 'Nytt lösenord för {email} (minst 10 tecken):',
  'users.you': 'du',
  'users.created': 'Användaren {email} lades till.',
  'users.updated': 'Användaren {email} ändrades.',
  'users.deleted': 'Användaren {email} togs bort.',
  'users.confirmDelete': 'Ta bort användaren {email} med sessioner och token?',
  'users.rolesHelp':
    'Administratör: allt. Chef: alla data och exporter, belopp som teamtotaler, inga användare eller inställningar. Handläggare: eget resultatkort, egna ärenden och teamets totaler. Läsare: bara läsa totaler, inga ärenden, exporter eller belopp. Ekonomi: det en läsare ser, plus alla belopp (kostnader, löner, intäkter, marginal, kundvärde) och KPI-exporter.',
};

export default messages;
