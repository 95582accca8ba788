import type english from '../en/login.js';

const messages: Record<keyof typeof english, string> = {
  'login.title': 'Aanmelden bij servicemeter',
  'login.email': 'E-mailadres',
  'login.password': 'Wachtwoord',
  'login.submit': 'Aanmelden',
  'login.invalid': 'Onjuist e-mailadres of wachtwoord.',
  'login.rateLimited': 'Te veel pogingen. Wacht een paar minuten en probeer het opnieuw.',
  'login.expired': 'Je sessie is beëindigd. Meld je opnieuw aan.',
  'setup.title': 'De eerste beheerder aanmaken',
  'setup.intro':
    'Er is nog geen beheerder. Met het account dat je hier aanmaakt, kun je andere gebruikers toevoegen; daarna verdwijnt deze pagina.',
  'setup.repeat': 'Wachtwoord herhalen',
  'setup.submit': 'Beheerder aanmaken',
  'setup.mismatch': 'De wachtwoorden verschillen.',
  'setup.done': 'Er bestaat al een beheerder. Laad de pagina opnieuw om je aan te melden.',
  'setup.token': 'Installatiecode',
  'setup.tokenHint':
    'Je bent niet op de server zelf: voer de installatiecode in die servicemeter serve bij het starten toonde.',
  'setup.tokenWrong':
    'De installatiecode ontbreekt of is onjuist. Kopieer hem uit de uitvoer van servicemeter serve.',
};

export default messages;
